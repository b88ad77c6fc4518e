"""The loopback test doubles follow the prompts: ``tests/prompt_echo.py`` behind both
``benchmarks/loopback_server.py`` (load generator) and ``tests/fault_server.py`` (fault injector).

Neither is a model. What is checked here is that their healthy answers are valid answers to the
requests the pipeline really sends, in TOOLS mode and in JSON_SCHEMA mode, so a benchmark or a
fault test that gets no records has found a problem, not a double that answers nothing.
"""

# ruff: noqa: E501  (the invented article keeps its paragraphs on one line each, as pages do)

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any

import instructor
import pytest
from benchmarks import loopback_server

from talent_extract import Article, Extraction, aextract
from talent_extract.model import prompts as P
from talent_extract.model.backend import resolve_backend
from talent_extract.pipeline import _listing, prepare, review_items, review_sentences
from tests.prompt_echo import echo_arguments, person_looking_name, requested
from tests.synthetic import article_text

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

MODES = [instructor.Mode.TOOLS, instructor.Mode.JSON_SCHEMA]


def test_person_looking_name() -> None:
    assert (
        person_looking_name("Peneliti Raka Pradipta dari Bentala Data keluar.") == "Raka Pradipta"
    )
    assert person_looking_name("Raka Pradipta keluar dari Bentala Data.") == "Raka Pradipta"
    assert person_looking_name("Kepala riset, Sinta Maharani, mundur.") == "Sinta Maharani"
    # Not a model: an organisation looks like a name to it too.
    assert person_looking_name("Kepala riset Bentala Data mundur.") == "Bentala Data"
    assert person_looking_name("Tidak ada nama di sini.") is None


def _tools_body(model: type[Any], messages: list[dict[str, Any]]) -> dict[str, Any]:
    schema = model.model_json_schema()
    name = model.__name__
    return {
        "model": "m",
        "messages": messages,
        "tools": [{"type": "function", "function": {"name": name, "parameters": schema}}],
        "tool_choice": {"type": "function", "function": {"name": name}},
    }


def _json_body(model: type[Any], messages: list[dict[str, Any]]) -> dict[str, Any]:
    schema = model.model_json_schema()
    return {
        "model": "m",
        "messages": messages,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": model.__name__, "schema": schema},
        },
    }


REVIEW_ARTICLE = """Dua Pemimpin Tim Mundur dari Sagara AI

Laras Anindita dan Tegar Mahendra, yang memimpin tim di Sagara AI, mundur bulan ini. “Pintu kami selalu terbuka,” tulisnya di media sosial.

Kencana Labs menawarkan paket gaji hingga Rp 25 miliar per tahun bagi peneliti senior.
"""


@pytest.mark.parametrize("body_for", [_tools_body, _json_body])
def test_the_echo_answers_the_real_prompts_within_their_schemas(body_for: Any) -> None:
    p = prepare(REVIEW_ARTICLE)
    listing = _listing(p.candidates.sentences)
    ids = tuple(sid for sid, _ in listing)
    # The headline repeats the title and is skipped; the first body sentence names two people.
    model = P.departures_model(ids)
    body = body_for(model, P.departures_messages(p.clean.title, listing))
    answer = model.model_validate(echo_arguments(body))
    assert [(d.person, d.sentence) for d in answer.departures] == [("Laras Anindita", "S2")]
    # Only ids the schema allows: with S2 left out, the next sentence naming someone is cited.
    narrower = P.departures_model(tuple(i for i in ids if i != "S2"))
    body = body_for(narrower, P.departures_messages(p.clean.title, listing))
    got_narrower = narrower.model_validate(echo_arguments(body)).departures
    assert [(d.person, d.sentence) for d in got_narrower] == [("Kencana Labs", "S4")]

    money, quotes = review_items(p)
    assert money and quotes
    review = P.review_model(tuple(m.id for m in money), tuple(q.id for q in quotes))
    messages = P.review_messages(p.clean.title, _listing(review_sentences(p)), money, quotes)
    got = review.model_validate(echo_arguments(body_for(review, messages)))
    assert [(o.money_id, o.is_offer, o.status) for o in got.offers] == [("M1", True, "offered")]
    assert [(s.quote_id, s.speaker) for s in got.speakers] == [
        (quotes[0].id, quotes[0].candidates[0])
    ]


def test_requested_tells_tools_from_response_format() -> None:
    model = P.departures_model(("S1",))
    name, schema = requested(_tools_body(model, []))
    assert name == "Departures" and "departures" in schema["properties"]
    name, schema = requested(_json_body(model, []))
    assert name is None and "departures" in schema["properties"]
    assert requested({"messages": []}) == (None, {})
    assert echo_arguments({"messages": []}) == {}


async def _against_loopback(article: Article, mode: instructor.Mode) -> tuple[Extraction, int]:
    runner, url = await loopback_server.start(port=0, latency=0.0, max_seconds=60)
    try:
        config = replace(
            resolve_backend(base_url=url, api_key="unused", model="loopback", env={}), mode=mode
        )
        result = await asyncio.wait_for(aextract(article, config=config), 30)
        served = runner.app[loopback_server._STATS]["requests"]
    finally:
        await runner.cleanup()
    return result, served


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_the_load_generator_gives_records_in_both_modes(mode: instructor.Mode) -> None:
    article = Article(text=article_text(0), id="a0")
    result, served = asyncio.run(_against_loopback(article, mode))
    assert result.meta.mode == mode.value
    assert served == result.meta.calls == 2 and result.meta.reasks == 0
    assert [d.person for d in result.departures] == ["Arif Saputra"]
    assert len(result.offers) == 1 and len(result.quotes) == 1
    assert result.meta.dropped == []
    assert json.loads(result.model_dump_json())["departures"][0]["evidence"]["text"].startswith(
        "Peneliti AI Arif Saputra"
    )
