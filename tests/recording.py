"""The one vcrpy configuration shared by the tests (replay) and ``scripts/record.py`` (record).

Requests match on method, scheme, host, port, path *and body*: a changed prompt or schema changes
the body, so an old answer can never be replayed for a new question. Credentials and cookies are
filtered out of every recording.
"""

from __future__ import annotations

from pathlib import Path

import vcr

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
