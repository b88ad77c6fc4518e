"""kill -9 benchmark: ``talent-extract run`` killed at random moments and resumed, figures printed.

    python benchmarks/kill_resume.py [--n 100] [--cycles 10] [--seed 11] [--rate 0.1]

Starts ``tests/fault_server.py`` (a FAULT INJECTOR, a test double, not a model) on 127.0.0.1
with ``--latency`` per answer and ``--rate`` of requests faulted (429 with Retry-After, truncated,
invalid and off-schema answers: faults that need no backoff wait), then runs
``tests/kill_resume.py``: ``--cycles`` runs of ``python -m talent_extract.cli run`` on the same
input, store and output folder, each killed with SIGKILL at a seeded random point, then one run to
completion, and audits the store and the output. Prints every kill point, the store's integrity
after each kill, faults injected by kind, and articles lost and duplicated.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/ holds the test double and the driver

from tests.fault_server import FaultPlan, FaultServer  # noqa: E402
from tests.kill_resume import STATUSES, run_cycles  # noqa: E402

QUICK_FAULTS = ("429_retry_after", "truncated", "invalid_json", "schema_violation")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100, help="articles")
    parser.add_argument("--cycles", type=int, default=10, help="kill -9 and resume this often")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--rate", type=float, default=0.1, help="share of requests faulted")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per answer")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)

    plan = FaultPlan(
        rate=args.rate,
        kinds=QUICK_FAULTS,
        seed=args.seed,
        latency=args.latency,
        retry_after_ms=20,
    )
    with tempfile.TemporaryDirectory() as tmp, FaultServer(plan) as server:
        report = run_cycles(
            Path(tmp),
            server.url,
            n=args.n,
            cycles=args.cycles,
            seed=args.seed,
            concurrency=args.concurrency,
        )
        counts = server.counts()

    print(f"{args.n} articles, {args.cycles} runs killed with SIGKILL, then one run to the end")
    for i, (point, check, ok) in enumerate(
        zip(report.kill_points, report.integrity, report.ok_after_each_kill, strict=False), 1
    ):
        print(f"  kill {i:2}: {point:46} integrity {check:4}  ok in store {ok}")
    print(f"runs really killed {report.killed}/{args.cycles}; final run exit {report.final_exit}")
    print(f"final run: {report.final_stdout.splitlines()[0] if report.final_stdout else '-'}")
    print(
        f"fault injector (test double): {counts.requests} requests; faults injected by kind: "
        + ", ".join(f"{k} {counts.faults.get(k, 0)}" for k in QUICK_FAULTS)
    )
    statuses = ", ".join(f"{s} {n}" for s, n in sorted(report.store_status.items()))
    print(
        f"store: {report.store_rows} result rows ({statuses}); integrity after the final run "
        f"{report.integrity[-1]}"
    )
    print(
        f"results.jsonl rows {sum(report.jsonl_ids.values())} for {len(report.jsonl_ids)} ids; "
        f"cached in the final run {report.cached_in_final} (ok before it "
        f"{report.ok_before_final})"
    )
    print(f"articles lost {report.lost}  duplicated {report.duplicated}  ({report.seconds:.1f} s)")
    passed = (
        report.lost == 0
        and report.duplicated == 0
        and report.final_exit == 0
        and all(c.startswith("ok") for c in report.integrity)
        and set(report.store_status) <= STATUSES
        and report.cached_in_final == report.ok_before_final
    )
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
