"""Worker processes sharing the store: every article once, the same records as one event loop.

Against ``tests/fault_server.py``, a TEST DOUBLE on 127.0.0.1 (not a model), healthy here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from talent_extract import Article, Store, extract_many
from talent_extract.batch.workers import auto_workers, extract_many_workers, start_method
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


def test_start_method_forks_only_a_process_with_one_thread() -> None:
    # A fresh interpreter has one thread: forked (on Linux). Here a thread runs: spawned.
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "from talent_extract.batch.workers import start_method as m; print(m())",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.strip()
    assert fresh == ("fork" if sys.platform.startswith("linux") else "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


def test_run_command_over_two_workers_writes_every_article_once(tmp_path: Path) -> None:
    """The real command in its own process (one thread, so the workers are forked)."""
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"c{i}", "text": article_text(i)}) for i in range(10)]
    lines += [json.dumps({"id": "c-again", "text": article_text(4)}), "not json"]
    # Invented, no AI term: the gate would skip it; --no-gate must reach the workers.
    market = (
        "Harga cabai di pasar tradisional naik menjelang akhir pekan ini. Para pedagang "
        "mengatakan pasokan dari daerah berkurang karena hujan deras yang turun sejak Senin."
    )
    lines.append(json.dumps({"id": "c-market", "text": market}))
    source.write_text("\n".join(lines) + "\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TALENT_EXTRACT_", "OPENAI_"))}
    with FaultServer(FaultPlan()) as server:
        cmd = [
            sys.executable, "-m", "talent_extract.cli", "run", str(source),
            "--out", str(tmp_path / "out"), "--store", str(tmp_path / "s.sqlite3"),
            "--base-url", server.url, "--api-key", "unused", "--model", "w",
            "--concurrency", "4", "--workers", "2", "--quiet", "--no-gate",
        ]  # fmt: skip
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        served = server.counts().requests
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [json.loads(x) for x in (tmp_path / "out" / "results.jsonl").read_text().splitlines()]
    ids = sorted(str(r.get("article_id") or r.get("article")) for r in rows)
    assert len(rows) == 13 and len(set(ids)) == 13, ids
    assert sum("failure" in r for r in rows) == 1  # the line that is no JSON: a SourceError
    assert sum(bool(r.get("cached")) for r in rows) == 1  # c-again: extracted once, by c4's worker
    assert "articles 13  ok 12  failed 1" in done.stdout
    (market_row,) = [r for r in rows if r.get("article_id") == "c-market"]
    assert market_row["status"] == "ok"  # asked, not skipped by the gate
    assert served >= 10
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.count()["ok"] == 11
