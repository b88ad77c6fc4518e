"""Faults, end to end: every fault the injector knows, once and persistent, then a faulty batch.

The server is ``tests/fault_server.py``, a TEST DOUBLE on 127.0.0.1 (not a model): its healthy
answers echo the candidates the prompt lists, so a successful extraction of a synthetic article
always has a departure and a silently empty result cannot pass for a success. The client timeout
and the backoff are shrunk so the whole file runs in seconds; every extraction is bounded by
``asyncio.wait_for``, so a hang fails the test instead of stalling it.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import replace
from typing import Any

import instructor
import pytest

from talent_extract import (
    Article,
    BackendConfig,
    Extraction,
    ModelOutputError,
    Store,
    TalentExtractError,
    TransientBackendError,
    aextract,
    aextract_many,
    extract,
)
from talent_extract.model import prompts as P
from talent_extract.model.ask import well_formed
from talent_extract.model.backend import resolve_backend
from talent_extract.pipeline import departure_batches, prepare, review_items
from tests.fault_server import KINDS, Counts, FaultPlan, FaultServer
from tests.synthetic import article_text, articles

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

# The client's per-request timeout where a "hang" is injected (the hang lasts 5 s); elsewhere a
# generous one, so a slow CI machine cannot turn a healthy answer into a timeout and a retry.
HANG_TIMEOUT = 0.5
TIMEOUT = 10.0
LIMIT = 20.0  # no single extraction here may take longer: a hang is a failure
ARTICLE = Article(text=article_text(0), id="a0")  # two model calls: departures and review


def config_for(url: str, **overrides: Any) -> BackendConfig:
    config = resolve_backend(base_url=url, api_key="unused", model="fault-test", env={})
    settings: dict[str, Any] = {"timeout": TIMEOUT, "backoff_base": 0.005, "backoff_cap": 0.02}
    return replace(config, **(settings | overrides))


def run_one(plan: FaultPlan, article: Article = ARTICLE) -> tuple[Any, Counts, float]:
    """Extract one article against the injector; returns the result or the typed error."""
    plan.hang_seconds = 5.0
    hangs = "hang" in (plan.always, *plan.script)
    with FaultServer(plan) as server:
        started = time.monotonic()
        config = config_for(server.url, timeout=HANG_TIMEOUT if hangs else TIMEOUT)
        coro = aextract(article, config=config)
        try:
            result: Any = asyncio.run(asyncio.wait_for(coro, LIMIT))
        except TalentExtractError as exc:
            result = exc
        elapsed = time.monotonic() - started
        counts = server.counts()
    return result, counts, elapsed


def logical_calls(article: Article) -> int:
    prepared = prepare(article)
    money, quotes = review_items(prepared)
    return len(departure_batches(prepared)) + (1 if money or quotes else 0)


@pytest.fixture(scope="module")
def healthy() -> tuple[Extraction, int]:
    result, counts, _ = run_one(FaultPlan())
    assert isinstance(result, Extraction)
    return result, counts.requests


def records(result: Extraction) -> tuple[Any, ...]:
    return (
        [d.model_dump() for d in result.departures],
        [o.model_dump() for o in result.offers],
        [q.model_dump() for q in result.quotes],
    )


def test_the_healthy_answer_has_records(healthy: tuple[Extraction, int]) -> None:
    result, requests = healthy
    assert requests == result.meta.calls == logical_calls(ARTICLE) == 2
    assert len(result.departures) == 1 and len(result.offers) == 1 and len(result.quotes) == 1
    assert result.meta.dropped == []


# --------------------------------------------------------------------------- one fault, then fine

RETRIED = (
    "http500",
    "http502",
    "http503",
    "429_retry_after",
    "429",
    "hang",
    "reset",
    "empty_choices",
    "non_json_body",
    "broken_json_body",
)
REASKED = ("truncated", "invalid_json", "schema_violation")


def test_every_kind_is_classified() -> None:
    assert sorted(RETRIED + REASKED) == sorted(KINDS)


@pytest.mark.parametrize("kind", RETRIED)
def test_a_transient_fault_is_retried_then_the_article_succeeds(
    kind: str, healthy: tuple[Extraction, int]
) -> None:
    baseline, requests = healthy
    result, counts, _ = run_one(FaultPlan(script=[kind]))
    assert isinstance(result, Extraction), result
    assert counts.faults == {kind: 1}
    assert counts.requests == requests + 1  # one transport retry, nothing else
    assert result.meta.reasks == 0  # a transport retry is not a re-ask
    assert result.meta.calls == baseline.meta.calls
    assert records(result) == records(baseline)


@pytest.mark.parametrize("kind", REASKED)
def test_an_unparseable_answer_is_reasked_then_the_article_succeeds(
    kind: str, healthy: tuple[Extraction, int]
) -> None:
    baseline, requests = healthy
    result, counts, _ = run_one(FaultPlan(script=[kind]))
    assert isinstance(result, Extraction), result
    assert counts.requests == requests + 1
    assert result.meta.reasks == 1
    assert records(result) == records(baseline)
    assert result.meta.dropped == []


@pytest.mark.parametrize(
    "script", [["truncated", "invalid_json"], ["invalid_json", "truncated"], ["truncated"] * 2]
)
def test_truncation_and_validation_reasks_share_one_budget(script: list[str]) -> None:
    """instructor gives up on a cut-off answer at once (IncompleteOutputException); we re-ask it,
    but within ``max_reasks``: two bad answers in a row fail the call, with no third request."""
    result, counts, _ = run_one(FaultPlan(script=script))
    assert isinstance(result, ModelOutputError), result
    assert "departures call" in str(result)
    assert counts.requests == 2
    assert result.attempts == 2


# --------------------------------------------------------------------------- persistent faults

PERSISTENT: dict[str, tuple[type[Exception], str, int]] = {
    # kind: (error, message pattern, HTTP requests made: 4 per call, or 1 + max_reasks)
    "http500": (TransientBackendError, r"HTTP 500 after 4 attempts", 4),
    "http502": (TransientBackendError, r"HTTP 502 after 4 attempts", 4),
    "http503": (TransientBackendError, r"HTTP 503 after 4 attempts", 4),
    "429_retry_after": (TransientBackendError, r"rate limited \(HTTP 429\) after 4 attempts", 4),
    "429": (TransientBackendError, r"rate limited \(HTTP 429\) after 4 attempts", 4),
    "hang": (TransientBackendError, r"timed out \(timeout 0.5 s per call\).*4 attempts", 4),
    "reset": (TransientBackendError, r"connection to the backend failed .* after 4 attempts", 4),
    "empty_choices": (ModelOutputError, r"empty `choices` list .*after 4 attempts", 4),
    "non_json_body": (TransientBackendError, r"not a JSON chat completion .*not JSON", 4),
    "broken_json_body": (TransientBackendError, r"not a JSON chat completion .*invalid JSON", 4),
    "truncated": (ModelOutputError, r"truncated \(finish_reason=length\) after 2 attempts", 2),
    "invalid_json": (ModelOutputError, r"no usable answer in 2 attempts: .*not valid JSON", 2),
    "schema_violation": (
        ModelOutputError,
        r"no usable answer in 2 attempts: the answer does not match the schema \(departures",
        2,
    ),
}


def test_every_kind_has_a_persistent_case() -> None:
    assert sorted(PERSISTENT) == sorted(KINDS)


@pytest.mark.parametrize("kind", sorted(PERSISTENT))
def test_a_persistent_fault_is_a_typed_failure_naming_it(kind: str) -> None:
    error, pattern, requests = PERSISTENT[kind]
    result, counts, _ = run_one(FaultPlan(always=kind))
    assert type(result) is error, result
    assert re.search(pattern, str(result)), str(result)
    assert counts.requests == requests  # the first call fails the article: no further calls
    assert "unused" not in str(result)  # the key never reaches a message


def test_retry_after_is_waited_for() -> None:
    _, counts, elapsed = run_one(FaultPlan(always="429_retry_after", retry_after_ms=150))
    assert counts.requests == 4
    assert elapsed >= 3 * 0.15  # three waits of Retry-After, not the 5-20 ms backoff


def test_the_sync_entry_point_raises_the_same_typed_error() -> None:
    with (
        FaultServer(FaultPlan(always="empty_choices")) as server,
        pytest.raises(ModelOutputError, match="empty `choices`"),
    ):
        extract(ARTICLE, config=config_for(server.url))


def test_the_retry_budget_bounds_requests_per_article() -> None:
    """Faults on every other request: each call needs a retry, the article's budget of 6 caps
    them all, and the message says the budget ended it."""
    plan = FaultPlan(script=["http503", None] * 20)
    result, counts, _ = run_one(plan, ARTICLE)
    assert isinstance(result, Extraction)
    assert counts.requests == 4  # two calls, one retry each

    config_budget = 1
    with FaultServer(FaultPlan(always="http503")) as server:
        config = config_for(server.url, transport_budget=config_budget)
        with pytest.raises(TransientBackendError, match="retry budget is spent") as info:
            asyncio.run(asyncio.wait_for(aextract(ARTICLE, config=config), LIMIT))
        assert server.counts().requests == 1 + config_budget
    assert info.value.attempts == 2


def test_well_formed_tells_shape_from_grounding() -> None:
    """A re-ask that runs out on an answer of the right shape is grounding's business (items
    dropped, listed in meta.dropped); one that never had the right shape is a failure. With the
    ids as enums, citing a sentence that was not listed is a wrong shape, not a grounding matter."""

    def completion(arguments: str) -> Any:
        call = type("F", (), {"arguments": arguments})
        tool = type("T", (), {"function": call})
        message = type("M", (), {"tool_calls": [tool], "content": None})
        return type("C", (), {"choices": [type("Ch", (), {"message": message})]})

    schema = P.departures_model(("S1", "S2"))

    def answer(sentence: str) -> str:
        item = {
            "person": "Nobody",
            "from_org": None,
            "to_org": None,
            "status": "completed",
            "sentence": sentence,
        }
        return json.dumps({"departures": [item]})

    assert well_formed(schema, completion(answer("S2")))  # "Nobody" is grounding's to refuse
    assert not well_formed(schema, completion(answer("S9")))
    assert not well_formed(schema, completion('{"departures": "tidak ada"}'))
    assert not well_formed(schema, completion('{"result": []}'))
    assert not well_formed(schema, completion("{'departures': []}"))
    old_shape = '{"departures": [{"sentence": "S1", "people": ["A"], "status": "completed"}]}'
    assert not well_formed(schema, completion(old_shape))


# --------------------------------------------------------------------------- JSON-schema mode


def test_the_double_answers_in_json_schema_mode_too(healthy: tuple[Extraction, int]) -> None:
    """instructor's JSON_SCHEMA mode sends ``response_format`` instead of ``tools``: the double
    answers with JSON in ``message.content``, and the records are those of TOOLS mode."""
    baseline, requests = healthy
    with FaultServer(FaultPlan()) as server:
        config = config_for(server.url, mode=instructor.Mode.JSON_SCHEMA)
        result = asyncio.run(asyncio.wait_for(aextract(ARTICLE, config=config), LIMIT))
        counts = server.counts()
    assert result.meta.mode == "json_schema_mode"
    assert counts.requests == requests and result.meta.reasks == 0
    assert records(result) == records(baseline)


@pytest.mark.parametrize("kind", ["truncated", "invalid_json", "schema_violation", "http503"])
def test_a_fault_in_json_schema_mode_is_handled_like_in_tools_mode(
    kind: str, healthy: tuple[Extraction, int]
) -> None:
    baseline, requests = healthy
    with FaultServer(FaultPlan(script=[kind])) as server:
        config = config_for(server.url, mode=instructor.Mode.JSON_SCHEMA)
        result = asyncio.run(asyncio.wait_for(aextract(ARTICLE, config=config), LIMIT))
        counts = server.counts()
    assert counts.faults == {kind: 1} and counts.requests == requests + 1
    assert result.meta.reasks == (0 if kind == "http503" else 1)
    assert records(result) == records(baseline)


# --------------------------------------------------------------------------- a faulty batch

N_BATCH = 200
FAULT_RATE = 0.2


def test_a_batch_with_a_fifth_of_requests_faulted_accounts_for_every_article(
    tmp_path: Any,
) -> None:
    """200 articles, 20% of requests faulted (every kind, seeded): each article comes back once,
    as an extraction with records or a typed failure; at least 95% succeed; no article makes
    more requests than ``logical_calls * (1 + max_reasks) + transport_budget``."""
    batch = list(articles(N_BATCH))
    plan = FaultPlan(rate=FAULT_RATE, seed=8, hang_seconds=5.0, retry_after_ms=20)

    async def drain(url: str, store: Store) -> list[Any]:
        config = config_for(url, timeout=HANG_TIMEOUT)  # the mix has hangs
        out = []
        async for r in aextract_many(batch, concurrency=16, store=store, config=config):
            out.append(r)
        return out

    with FaultServer(plan) as server, Store(tmp_path / "r.sqlite3") as store:
        results = asyncio.run(asyncio.wait_for(drain(server.url, store), 120))
        counts = server.counts()
        stored = store.count()

    ids = [r.article_id for r in results]
    assert sorted(ids) == sorted(a.id for a in batch)  # none lost, none twice
    assert stored["ok"] + stored["failed"] == N_BATCH
    ok = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    assert len(ok) >= 0.95 * N_BATCH
    for r in ok:  # a success has the records a healthy answer gives, never an empty shell
        assert r.extraction is not None and len(r.extraction.departures) == 1
    for r in failed:
        assert r.failure is not None
        assert r.failure.type in {"TransientBackendError", "ModelOutputError"}
        assert r.failure.message
    assert set(counts.faults) == set(KINDS)  # every kind was injected
    assert 0.15 < sum(counts.faults.values()) / counts.requests < 0.25
    by_title = {a.text.split("\n", 1)[0]: a for a in batch}
    assert set(counts.by_key) <= set(by_title)
    config = config_for("http://127.0.0.1:9/v1")
    for title, n in counts.by_key.items():
        bound = logical_calls(by_title[title]) * (1 + config.max_reasks) + config.transport_budget
        assert n <= bound, (title, n, counts.faults_by_key.get(title))
