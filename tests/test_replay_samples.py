"""The five sample articles through the whole pipeline, replaying real recordings of the local
Qwen2.5-Coder-1.5B server (``cassettes/samples``). Re-record with ``python scripts/record.py``."""

from __future__ import annotations

from typing import Any

import pytest

from talent_extract import Article, BackendConfig, Extraction, TransientBackendError, extract
from talent_extract.cli import result_row
from tests.recording import ARTICLES, CASSETTES, make_vcr, sentences_recorded

STEMS = sorted(p.stem for p in ARTICLES.glob("*.txt"))


def replay(stem: str, config: BackendConfig) -> Extraction:
    text = (ARTICLES / f"{stem}.txt").read_text("utf-8")
    try:
        with make_vcr("none").use_cassette(f"samples/{stem}.yaml"):
            return extract(Article(text=text, id=f"{stem}.txt"), config=config)
    except TransientBackendError as exc:  # vcrpy refused a request it has no recording for
        pytest.fail(
            f"cassettes/samples/{stem}.yaml no longer matches the current prompt or schema "
            f"({exc}); re-record with: python scripts/record.py"
        )


@pytest.fixture(scope="module")
def results(replay_config: BackendConfig) -> dict[str, Extraction]:
    return {stem: replay(stem, replay_config) for stem in STEMS}


def test_every_sample_has_a_recording_of_its_own_text() -> None:
    assert sorted(p.stem for p in (CASSETTES / "samples").glob("*.yaml")) == STEMS
    assert len(STEMS) == 5
    for stem in STEMS:
        article = (ARTICLES / f"{stem}.txt").read_text("utf-8")
        assert sentences_recorded("samples", stem, article), f"{stem}: recording of another text"


@pytest.mark.parametrize("stem", STEMS)
def test_samples_jsonl_is_current(
    stem: str, results: dict[str, Extraction], sample_rows: dict[str, dict[str, Any]]
) -> None:
    row = result_row(stem, results[stem])
    kept = sample_rows[stem]
    for kind in ("departures", "offers", "quotes"):
        assert row[kind] == kept[kind], f"{kind} differ: regenerate with python scripts/record.py"


@pytest.mark.parametrize("stem", STEMS)
def test_every_span_is_the_articles_own_text(stem: str, results: dict[str, Extraction]) -> None:
    result = results[stem]
    article = (ARTICLES / f"{stem}.txt").read_text("utf-8")
    assert result.text == article
    for record in [*result.departures, *result.offers, *result.quotes]:
        ev = record.evidence
        assert article[ev.start : ev.end] == ev.text
    for quote in result.quotes:
        assert quote.text == quote.evidence.text


@pytest.mark.parametrize("stem", STEMS)
def test_metadata_accounts_for_every_call(stem: str, results: dict[str, Extraction]) -> None:
    meta = results[stem].meta
    assert meta.model == "qwen2.5-coder-1.5b-instruct" and meta.mode == "json_schema_mode"
    assert meta.backend == "openai-compatible" and meta.backend_source == "argument"
    assert meta.calls == len(meta.call_prompt_tokens) + len(meta.reask_prompt_tokens)
    assert meta.usage.prompt_tokens == sum(meta.call_prompt_tokens) + sum(meta.reask_prompt_tokens)
    assert meta.reasks == len(meta.reask_prompt_tokens) < meta.calls


def test_async_twin_and_notebook_loop_agree(
    replay_config: BackendConfig, results: dict[str, Extraction]
) -> None:
    import asyncio

    from talent_extract import aextract

    stem = "004_7dc78da48f78b2fc"
    text = (ARTICLES / f"{stem}.txt").read_text("utf-8")

    async def in_a_running_loop() -> tuple[Extraction, Extraction]:
        with make_vcr("none").use_cassette(f"samples/{stem}.yaml", allow_playback_repeats=True):
            awaited = await aextract(Article(text=text, id=f"{stem}.txt"), config=replay_config)
            # extract() called where a loop already runs, as in a notebook cell.
            synced = extract(Article(text=text, id=f"{stem}.txt"), config=replay_config)
        return awaited, synced

    awaited, synced = asyncio.run(in_a_running_loop())
    expected = results[stem].records_jsonable()
    assert awaited.records_jsonable() == expected
    assert synced.records_jsonable() == expected
