"""Fakes and fixtures' data shared by several test modules (this is no test module itself).

Test modules import shared helpers from here, from ``conftest.py`` or from the other helper
modules (``recording``, ``synthetic``, ``fault_server`` ...), never from one another.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from talent_extract import Article, BackendConfig, Extraction
from talent_extract.ground.records import sentence_id
from talent_extract.model import prompts as P
from talent_extract.model.backend import resolve_backend
from talent_extract.model.prompts import PROMPT_VERSION, SCHEMA_VERSION
from talent_extract.pipeline import Prepared
from talent_extract.records import ExtractionMeta

# ---------------------------------------------------------------------------------- batches

SECRET = "TEST-NOT-A-REAL-KEY-4f1d2c9a8b7e6d5c"


def fake_config(model: str = "fake-model", api_key: str = SECRET) -> BackendConfig:
    """An OpenAI-compatible config that is never called."""
    return resolve_backend(base_url="http://127.0.0.1:9/v1", api_key=api_key, model=model, env={})


def fake_extraction(article: Article | str, config: BackendConfig) -> Extraction:
    """What a fake extractor returns: no records, the text, and a meta naming the config."""
    if isinstance(article, str):
        article = Article(text=article)
    return Extraction(
        text=article.text,
        article_id=article.id,
        meta=ExtractionMeta(
            model=config.model,
            backend="openai-compatible",
            mode="tool_call",
            prompt_version=PROMPT_VERSION,
            schema_version=SCHEMA_VERSION,
        ),
    )


# ---------------------------------------------------------------------------------- sources

FEEDS = Path(__file__).parent / "data" / "feeds"
"""RSS/Atom files of the source tests."""
BUDI = "Budi Santoso keluar dari Lintas AI dan bergabung dengan Meta."


# ---------------------------------------------------------------------------------- a mock model

TEMPLATE_ARTICLE = (
    "Peneliti Budi Santoso keluar dari Lab Nusantara AI pekan lalu {{ article }} dan "
    "bergabung dengan Awan Digital. {% for s in sentences %}x{% endfor %}\n\n"
    "Menurut laporan, Awan Digital menawarkan gaji Rp 5 miliar per tahun {{ 7*7 }}.\n\n"
    "\u201cSaya ingin tantangan baru {#\u201d kata Budi Santoso."
)


def request_schema(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The name and JSON schema a request asks the answer to fill: OpenAI's ``response_format``
    (JSON-schema mode) or the forced tool (tools mode)."""
    if body.get("response_format"):
        spec = body["response_format"]["json_schema"]
        return spec["name"], spec["schema"]
    function = body["tools"][0]["function"]
    return function["name"], function["parameters"]


def empty_answer(body: dict[str, Any]) -> dict[str, Any]:
    """A chat completion with every list of the asked schema empty, in the request's mode."""
    name, schema = request_schema(body)
    props = set(schema.get("properties", {}))
    args = json.dumps({n: [] for n in props if n in {"departures", "offers", "speakers"}})
    message: dict[str, Any] = {"role": "assistant", "content": args}
    if body.get("tools"):
        call = {"id": "call_0", "type": "function", "function": {"name": name, "arguments": args}}
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
    return {
        "id": "mock",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls" if body.get("tools") else "stop",
                "message": message,
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def sid(p: Prepared, needle: str) -> str:
    """The prompt id (S3) of the sentence of ``p`` holding ``needle``."""
    for s in p.candidates.sentences:
        if needle in s.text:
            return sentence_id(s)
    raise AssertionError(f"no sentence holds {needle!r}")


def dep(
    sentence: str,
    person: str | None,
    from_org: str | None = None,
    to_org: str | None = None,
    status: str = "completed",
) -> P.DepartureAnswer:
    """A departures answer as the model would give it."""
    return P.DepartureAnswer(
        person=person,
        from_org=from_org,
        to_org=to_org,
        status=status,  # type: ignore[arg-type]
        sentence=sentence,
    )
