"""``talent-extract run`` killed with SIGKILL at random moments, resumed, then completed.

The backend is ``tests/fault_server.py`` (a TEST DOUBLE on 127.0.0.1, not a model) with a small
latency and a few faults that need no backoff wait (429 with Retry-After, truncated, invalid and
off-schema answers), so some articles fail in some runs and are retried by the next. The full
ten-cycle version with figures is ``benchmarks/kill_resume.py``; CI runs fewer cycles because
each run pays about 1.5 s of interpreter and import start-up.
"""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest

from tests.fault_server import FaultPlan, FaultServer
from tests.kill_resume import STATUSES, run_cycles

N = 40
CYCLES = 4
QUICK_FAULTS = ("429_retry_after", "truncated", "invalid_json", "schema_violation")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_run_killed_at_random_moments_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    plan = FaultPlan(rate=0.1, kinds=QUICK_FAULTS, seed=3, latency=0.02, retry_after_ms=20)
    with FaultServer(plan) as server:
        report = run_cycles(tmp_path, server.url, n=N, cycles=CYCLES, seed=11)
        counts = server.counts()

    assert report.killed >= CYCLES - 1, report.kill_points  # the kills did land
    assert len(report.integrity) == CYCLES + 1
    assert all(c.startswith("ok") for c in report.integrity), report.integrity
    # A kill never loses what was committed: the store's ok count only grows.
    assert report.ok_after_each_kill == sorted(report.ok_after_each_kill)
    assert report.final_exit == 0, report.final_stdout
    assert report.lost == 0 and report.duplicated == 0
    assert sorted(report.jsonl_ids) == sorted(f"kill-{i}" for i in range(N))
    assert set(report.jsonl_ids.values()) == {1}
    assert set(report.store_status) <= STATUSES  # no half-written or other state
    assert report.store_rows == N
    assert report.store_status.get("ok", 0) + report.store_status.get("failed", 0) == N
    assert sum(report.csv_failure_ids.values()) == report.store_status.get("failed", 0)
    # What was done before the final run is reused, not paid for again.
    assert report.cached_in_final == report.ok_before_final
    summary = re.search(r"articles (\d+)\s+ok (\d+)\s+failed (\d+)", report.final_stdout)
    assert summary is not None, report.final_stdout
    assert int(summary.group(1)) == N
    assert counts.requests > 0
