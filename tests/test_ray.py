"""talent_extract.ray in Ray's local cluster against ``tests/fault_server.py`` (a TEST DOUBLE on
127.0.0.1, not a model): the same records as extract_many, every row its own result."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from talent_extract import Article, Extraction, Store, extract_many
from talent_extract.model.backend import resolve_backend
from tests.fault_server import FaultPlan, FaultServer
from tests.synthetic import article_text

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'talent_extract[ray]')")
pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])


def records(e: Extraction) -> tuple[object, ...]:
    return (e.departures, e.offers, e.quotes)


def test_extract_dataset_gives_the_extract_many_records(tmp_path: Path) -> None:
    from talent_extract.ray import extract_dataset

    rows: list[dict[str, Any]] = [{"id": f"r{i}", "text": article_text(i)} for i in range(12)]
    rows += [
        {"id": None, "text": article_text(20)},  # no id
        {"id": None, "text": article_text(21)},
        {"id": "r3", "text": article_text(22)},  # an id another row has, another text
        {"id": "r-dup", "text": article_text(5)},  # a text another row has
        {"id": "r-short", "text": "Terlalu pendek."},  # fails in the pipeline: its own failure
    ]
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True)
    try:
        with FaultServer(FaultPlan()) as server:
            config = resolve_backend(base_url=server.url, api_key="k", model="r", env={})
            ds = ray.data.from_items(rows)
            got = extract_dataset(
                ds, store_path=str(tmp_path / "s.sqlite3"), config=config, batch_size=4
            ).take_all()
            with Store(":memory:") as store:
                expected = [
                    extract_many(
                        [Article(text=row["text"], id=row["id"])], store=store, config=config
                    )
                    for row in rows
                ]
                want = [next(iter(results)) for results in expected]
    finally:
        ray.shutdown()
    assert len(got) == len(rows)
    # Ray keeps no order across blocks: match each output row to its input by text hash + id.
    by_text = {(w.article_id, w.text_hash): w for w in want}
    assert len(by_text) == len(rows)
    for row in got:
        w = by_text.pop((row["id"], row["text_hash"]))
        assert row["ok"] == w.ok
        if w.extraction is None:
            assert w.failure is not None and row["failure"].startswith(w.failure.type)
            continue
        e = Extraction.model_validate_json(row["extraction"])
        assert records(e) == records(w.extraction)
        assert e.article_id == w.article_id
    assert not by_text
    assert sum(r["ok"] for r in got) >= 15


def test_a_row_whose_text_is_no_string_is_a_failure_not_a_crash() -> None:
    from talent_extract.ray import _Extract

    config = resolve_backend(base_url="http://127.0.0.1:9/v1", api_key="k", model="r", env={})
    out = _Extract(config, None, 2)({"id": ["x1", "x2"], "text": [None, 42]})
    assert out["id"] == ["x1", "x2"] and out["ok"] == [False, False]
    assert out["failure"] == [
        "InputError: text must be a string, not NoneType",
        "InputError: text must be a string, not int",
    ]
