"""The one vcrpy configuration shared by the tests (replay) and ``scripts/record.py`` (record).

Requests match on method, scheme, host, port, path *and body*: a changed prompt or schema changes
the body, so an old answer can never be replayed for a new question. Credentials and cookies are
filtered out of every recording.
"""

from __future__ import annotations

import json
from pathlib import Path

import vcr
import yaml

from talent_extract.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
ARTICLES = ROOT / "examples" / "articles"
SAMPLES_JSONL = ROOT / "examples" / "output" / "samples.jsonl"
REASK_ARTICLES = ROOT / "tests" / "data" / "reask"
# Articles written to manipulate the model (prompt injection, fake JSON and tool calls).
HOSTILE_ARTICLES = ROOT / "tests" / "data" / "hostile"
# Recordings were made against the local llama.cpp server at this address; replay uses the same.
RECORDED_BASE_URL = "http://127.0.0.1:8080/v1"
RECORDED_MODEL = "qwen2.5-coder-1.5b-instruct"

SECRET_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
]


def make_vcr(record_mode: str = "none") -> vcr.VCR:
    """The project's VCR: body matching, secrets filtered."""
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        match_on=["method", "scheme", "host", "port", "path", "body"],
        filter_headers=SECRET_HEADERS,
        filter_query_parameters=["api_key", "key"],
        decode_compressed_response=True,
    )


def recorded_messages(folder: str, stem: str) -> list[str]:
    """Every message content sent in the requests of ``cassettes/<folder>/<stem>.yaml``."""
    data = yaml.safe_load((CASSETTES / folder / f"{stem}.yaml").read_text("utf-8"))
    out: list[str] = []
    for item in data.get("interactions") or []:
        body = json.loads(item["request"]["body"])
        out += [m["content"] for m in body.get("messages", []) if isinstance(m.get("content"), str)]
    return out


def sentences_recorded(folder: str, stem: str, article: str, min_words: int = 8) -> list[str]:
    """The article's sentences of at least ``min_words`` words that the recording sent the model:
    proof that the cassette was recorded for this article, not merely that a file exists."""
    sent = "\n".join(recorded_messages(folder, stem))
    long = [s.text for s in split_sentences(article) if len(s.text.split()) >= min_words]
    return [s for s in long if s in sent]
