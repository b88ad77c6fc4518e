"""Fault benchmark: a batch against the FAULT INJECTOR (a test double, not a model), with figures.

    python benchmarks/faults.py [--n 200] [--rate 0.2] [--seed 8] [--concurrency 16]
                                [--timeout 0.3] [--backoff 0.005] [--kinds http503,reset,...]

Runs ``aextract_many`` over ``--n`` synthetic articles (``tests/synthetic.py``) with a store in a
temp dir against ``tests/fault_server.py`` on 127.0.0.1, which injects a fault into ``--rate`` of
the requests, its kind drawn (seeded) from every kind it knows. Prints the faults injected by
kind, requests, successes, failures by type, requests per article against the bound
``logical_calls * (1 + max_reasks) + transport_budget``, and articles lost and duplicated. The
client timeout and backoff are shrunk (``--timeout``, ``--backoff``) so a run takes seconds; the
retry *counts* do not depend on them.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/ holds the test double and the synthetic articles

from tests.fault_server import KINDS, FaultPlan, FaultServer  # noqa: E402
from tests.synthetic import articles  # noqa: E402

from talent_extract import BatchResult, Store, aextract_many  # noqa: E402
from talent_extract.model.backend import resolve_backend  # noqa: E402
from talent_extract.pipeline import departure_batches, prepare, review_items  # noqa: E402


def logical_calls(text: str) -> int:
    """Model calls the pipeline makes for this text when nothing fails."""
    prepared = prepare(text)
    money, quotes = review_items(prepared)
    return len(departure_batches(prepared)) + (1 if money or quotes else 0)


async def _drain(batch: list[Any], config: Any, store: Store, concurrency: int) -> list[Any]:
    return [
        r async for r in aextract_many(batch, concurrency=concurrency, store=store, config=config)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rate", type=float, default=0.2, help="share of requests faulted")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=0.3, help="client seconds per request")
    parser.add_argument("--backoff", type=float, default=0.005, help="backoff base seconds")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args(argv)
    # instructor logs every exhausted re-ask at ERROR; the failures are counted below instead.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)

    batch = list(articles(args.n, prefix="bench"))
    kinds = tuple(k for k in args.kinds.split(",") if k)
    plan = FaultPlan(
        rate=args.rate, kinds=kinds, seed=args.seed, hang_seconds=30.0, retry_after_ms=20
    )
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory() as tmp,
        FaultServer(plan) as server,
        Store(Path(tmp) / "r.sqlite3") as store,
    ):
        config = replace(
            resolve_backend(base_url=server.url, api_key="unused", model="fault-bench", env={}),
            timeout=args.timeout,
            backoff_base=args.backoff,
            backoff_cap=args.backoff * 4,
        )
        results: list[BatchResult] = asyncio.run(
            asyncio.wait_for(_drain(batch, config, store, args.concurrency), 600)
        )
        counts = server.counts()
        stored = store.count()
    seconds = time.monotonic() - started

    ids = collections.Counter(r.article_id for r in results)
    wanted = {a.id for a in batch}
    lost = len(wanted - set(ids))
    duplicated = sum(n - 1 for n in ids.values() if n > 1)
    ok = [r for r in results if r.ok]
    empty_ok = sum(1 for r in ok if r.extraction is not None and not r.extraction.departures)
    failures = collections.Counter(r.failure.type for r in results if r.failure is not None)
    reasks = sum(r.extraction.meta.reasks for r in ok if r.extraction is not None)

    by_title = {a.text.split("\n", 1)[0]: a for a in batch}
    per_article = [counts.by_key.get(t, 0) for t in by_title]
    bounds = {
        t: logical_calls(a.text) * (1 + config.max_reasks) + config.transport_budget
        for t, a in by_title.items()
    }
    over = sum(1 for t, n in counts.by_key.items() if n > bounds.get(t, 0))
    faulted = sum(counts.faults.values())

    print(
        f"fault injector (test double): {counts.requests} requests, {faulted} faulted "
        f"({faulted / max(counts.requests, 1):.1%}), seed {args.seed}"
    )
    print("faults injected by kind:")
    for kind in KINDS:
        if kind in kinds:
            print(f"  {kind:18} {counts.faults.get(kind, 0):4}")
    print(
        f"articles {len(batch)}  results {len(results)}  successes {len(ok)} "
        f"({len(ok) / len(batch):.1%})  failures {sum(failures.values())}"
    )
    print("failures by type: " + (", ".join(f"{t} {n}" for t, n in failures.items()) or "none"))
    title_of = {a.id: a.text.split("\n", 1)[0] for a in batch}
    for r in results:
        if r.failure is not None:
            injected = counts.faults_by_key.get(title_of.get(r.article_id or "", ""), [])
            print(f"  {r.article_id}: {r.failure.type}: {r.failure.message[:110]}")
            print(f"    faults injected into its requests: {', '.join(injected) or 'none'}")
    print(
        f"re-asks among successes {reasks}; successes with no departure (silently empty) {empty_ok}"
    )
    print(
        f"requests per article: max {max(per_article)}  mean {sum(per_article) / len(batch):.2f}"
        f"  bound {min(bounds.values())}-{max(bounds.values())} "
        f"(calls x (1 + max_reasks {config.max_reasks}) + budget {config.transport_budget}); "
        f"over the bound {over}"
    )
    print(
        f"articles lost {lost}  duplicated {duplicated}  store rows ok {stored['ok']} "
        f"failed {stored['failed']}  ({seconds:.1f} s)"
    )
    passed = (
        lost == 0
        and duplicated == 0
        and over == 0
        and empty_ok == 0
        and len(ok) >= 0.95 * len(batch)
    )
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
