"""Worker processes sharing the store: every article once, the same records as one event loop.

Against ``tests/fault_server.py``, a TEST DOUBLE on 127.0.0.1 (not a model), healthy here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from talent_extract import Article, Store, extract_many
from talent_extract.batch.workers import auto_workers, extract_many_workers
from talent_extract.model.backend import resolve_backend
from tests.fault_server import FaultPlan, FaultServer
from tests.synthetic import article_text

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])


def items() -> list[Article | str]:
    # Twelve texts, two of them under a second id, and one item that is no article.
    out: list[Article | str] = [Article(text=article_text(i), id=f"w{i}") for i in range(12)]
    out += [Article(text=article_text(3), id="again-3"), Article(text=article_text(7), id="x7")]
    out.append(42)  # type: ignore[arg-type]
    return out


def records(result: object) -> tuple[object, ...]:
    e = result.extraction  # type: ignore[attr-defined]
    if e is None:
        return (result.failure.type,)  # type: ignore[attr-defined]
    return (
        tuple(d.model_dump_json() for d in e.departures),
        tuple(o.model_dump_json() for o in e.offers),
        tuple(q.model_dump_json() for q in e.quotes),
    )


def test_two_workers_give_every_article_once_and_the_one_loop_records(tmp_path: Path) -> None:
    with FaultServer(FaultPlan()) as server:
        config = resolve_backend(base_url=server.url, api_key="unused", model="w", env={})
        path = tmp_path / "store.sqlite3"
        got = list(
            extract_many_workers(items(), workers=2, concurrency=4, store_path=path, config=config)
        )
        served = server.counts().requests
        with Store(tmp_path / "one.sqlite3") as one:
            single = list(extract_many(items(), concurrency=4, store=one, config=config))
        rerun = list(
            extract_many_workers(items(), workers=2, concurrency=4, store_path=path, config=config)
        )
        assert server.counts().requests == 2 * served  # the re-run asked nothing
    assert len(got) == len(items())
    by_id = {r.article_id: r for r in got}
    assert sorted(map(str, by_id)) == sorted(str(r.article_id) for r in single)
    one_by_id = {r.article_id: r for r in single}
    for key, result in by_id.items():
        assert records(result) == records(one_by_id[key])
    # The duplicate texts went to the worker of their first copy: extracted once.
    assert sum(not r.cached for r in got if r.ok) == 12
    assert sum(r.cached for r in got) == 2
    assert [r.failure.type for r in got if r.failure] == ["InputError"]
    assert all(r.cached for r in rerun if r.ok) and sum(r.ok for r in rerun) == 14
    with Store(path) as store:
        assert store.count()["ok"] == 12


def test_auto_workers() -> None:
    remote = resolve_backend(base_url="http://127.0.0.1:9/v1", env={})
    local = resolve_backend(backend="local", env={})
    assert auto_workers(4, remote) == 1
    assert auto_workers(32, local) == 1
    assert 1 <= auto_workers(64, remote) <= 4


def test_a_memory_store_is_refused() -> None:
    config = resolve_backend(base_url="http://127.0.0.1:9/v1", env={})
    with pytest.raises(ValueError, match="store file"):
        next(
            extract_many_workers([], workers=2, concurrency=2, store_path=":memory:", config=config)
        )
