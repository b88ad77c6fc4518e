"""talent_extract.ray in Ray's local cluster against ``tests/fault_server.py`` (a TEST DOUBLE on
127.0.0.1, not a model): the same records as extract_many."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from talent_extract import Store, extract_many
from talent_extract.model.backend import resolve_backend
from tests.fault_server import FaultPlan, FaultServer
from tests.synthetic import article_text, articles

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'talent_extract[ray]')")
pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])


def test_extract_dataset_gives_the_extract_many_records(tmp_path: Path) -> None:
    from talent_extract.ray import extract_dataset

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True)
    try:
        with FaultServer(FaultPlan()) as server:
            config = resolve_backend(base_url=server.url, api_key="k", model="r", env={})
            rows = [{"id": f"r{i}", "text": article_text(i)} for i in range(12)]
            ds = ray.data.from_items(rows)
            got = extract_dataset(
                ds, store_path=str(tmp_path / "s.sqlite3"), config=config, batch_size=4
            ).take_all()
            with Store(":memory:") as store:
                expected = {
                    r.article_id: r.extraction
                    for r in extract_many(articles(12, "r"), store=store, config=config)
                }
    finally:
        ray.shutdown()
    assert sorted(r["id"] for r in got) == sorted(f"r{i}" for i in range(12))
    from talent_extract import Extraction

    for row in got:
        e = Extraction.model_validate_json(row["extraction"])
        want = expected[row["id"].replace("r", "r-")]
        assert want is not None and e.departures == want.departures and e.offers == want.offers
