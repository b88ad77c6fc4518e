"""Kill ``talent-extract run`` with SIGKILL at random moments, resume it, and audit the result.

Shared by ``tests/test_cli_kill.py`` (a few cycles, in CI) and ``benchmarks/kill_resume.py``
(ten cycles, figures printed). The caller starts the backend (``tests/fault_server.py``, a test
double) and passes its URL.

Each cycle starts ``python -m talent_extract.cli run`` on the same JSONL input, ``--store`` and
``--out``, and kills it with SIGKILL at a seeded random point: during start-up (a random delay),
while it re-emits results already in the store (after a random number of output rows), or while
it extracts new articles (after a random number of new rows), each plus a random delay. After
every kill the store must pass ``PRAGMA integrity_check``. Then one run goes to completion, and
the audit checks every article exactly once in the store and in the output.
"""

from __future__ import annotations

import collections
import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.synthetic import article_text

STATUSES = {"ok", "failed"}


@dataclass
class KillReport:
    """What happened over the cycles and what the audit found."""

    articles: int
    cycles: int
    killed: int = 0  # cycles that really were killed (not finished before the kill point)
    kill_points: list[str] = field(default_factory=list)
    ok_after_each_kill: list[int] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)  # PRAGMA integrity_check after each stop
    final_exit: int | None = None
    final_stdout: str = ""
    ok_before_final: int = 0
    cached_in_final: int = 0
    jsonl_ids: collections.Counter[str] = field(default_factory=collections.Counter)
    csv_failure_ids: collections.Counter[str] = field(default_factory=collections.Counter)
    store_status: dict[str, int] = field(default_factory=dict)
    store_rows: int = 0
    sources_per_id: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def lost(self) -> int:
        """Article ids missing from the final results.jsonl or from the store."""
        wanted = {f"kill-{i}" for i in range(self.articles)}
        missing_out = wanted - set(self.jsonl_ids)
        missing_store = {i for i in wanted if self.sources_per_id.get(i, 0) == 0}
        return len(missing_out | missing_store)

    @property
    def duplicated(self) -> int:
        """Extra rows for an article id in results.jsonl, or extra results for it in the store."""
        extra_out = sum(n - 1 for n in self.jsonl_ids.values() if n > 1)
        extra_store = sum(n - 1 for n in self.sources_per_id.values() if n > 1)
        return extra_out + extra_store + max(0, self.store_rows - self.articles)


def write_input(path: Path, n: int) -> None:
    """``n`` synthetic articles as JSONL with ids ``kill-0`` …"""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"kill-{i}", "text": article_text(i)}) + "\n")


def _lines(path: Path, since_ns: int) -> tuple[int, int]:
    """Complete lines of ``path`` written by the run started at ``since_ns``: (all, not cached)."""
    try:
        if path.stat().st_mtime_ns < since_ns:
            return 0, 0  # still the previous run's file
        data = path.read_bytes()
    except FileNotFoundError:
        return 0, 0
    lines = data.split(b"\n")[:-1]  # the last piece is incomplete or empty
    return len(lines), sum(1 for line in lines if b'"cached": false' in line)


def _integrity(store: Path) -> tuple[str, int]:
    if not store.exists():
        return "ok (no store yet)", 0
    conn = sqlite3.connect(store)
    try:
        check = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        (ok,) = conn.execute("SELECT COUNT(*) FROM results WHERE status = 'ok'").fetchone()
        return check, int(ok)
    finally:
        conn.close()


def run_cycles(
    work: Path, url: str, *, n: int, cycles: int, seed: int, concurrency: int = 4
) -> KillReport:
    """Kill-and-resume ``cycles`` times, then run to completion; audit everything."""
    rng = random.Random(seed)
    source, out, store = work / "in.jsonl", work / "out", work / "store.sqlite3"
    write_input(source, n)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TALENT_EXTRACT_", "OPENAI_"))}
    env["TALENT_EXTRACT_TIMEOUT"] = "10"
    cmd = [
        sys.executable,
        "-m",
        "talent_extract.cli",
        "run",
        str(source),
        "--out",
        str(out),
        "--store",
        str(store),
        "--base-url",
        url,
        "--api-key",
        "unused",
        "--model",
        "kill-test",
        "--concurrency",
        str(concurrency),
        "--quiet",
    ]
    report = KillReport(articles=n, cycles=cycles)
    started = time.monotonic()
    for _ in range(cycles):
        since = time.time_ns()
        child = subprocess.Popen(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work
        )
        done = _integrity(store)[1]
        try:
            # Where to kill: in start-up (imports, opening the store), while the results already
            # in the store are re-emitted, or while new articles are being extracted.
            where, delay = rng.random(), rng.uniform(0.0, 0.1)
            if where < 0.2 or (where < 0.4 and done == 0):
                delay = rng.uniform(0.0, 1.5)
                point, target, column = f"start-up +{delay:.2f}s", 0, 0
            elif where < 0.4:
                target, column = rng.randint(1, done), 0
                point = f"re-emitting cached, after {target} rows +{delay:.2f}s"
            else:
                # At most a third of what is left, so the later kills still find work.
                target, column = rng.randint(1, max(1, (n - done) // 3)), 1
                point = f"extracting, after {target} new rows +{delay:.2f}s"
            limit = time.monotonic() + 60
            while target and child.poll() is None and time.monotonic() < limit:
                if _lines(out / "results.jsonl", since)[column] >= target:
                    break
                time.sleep(0.005)
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.005)
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
                report.killed += 1
            else:
                point += " (finished first)"
        finally:
            child.kill()
            child.wait(timeout=30)
        report.kill_points.append(point)
        check, ok = _integrity(store)
        report.integrity.append(check)
        report.ok_after_each_kill.append(ok)

    report.ok_before_final = _integrity(store)[1]
    final = subprocess.run(
        cmd, env=env, capture_output=True, text=True, cwd=work, timeout=300, check=False
    )
    report.final_exit = final.returncode
    report.final_stdout = final.stdout
    report.integrity.append(_integrity(store)[0])
    report.seconds = time.monotonic() - started

    for line in (out / "results.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        report.jsonl_ids[str(row["article_id"])] += 1
        report.cached_in_final += bool(row["cached"])
    with (out / "failures.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            report.csv_failure_ids[row["article_id"]] += 1
    conn = sqlite3.connect(store)
    try:
        report.store_status = {
            str(s): int(c)
            for s, c in conn.execute("SELECT status, COUNT(*) FROM results GROUP BY status")
        }
        report.store_rows = int(conn.execute("SELECT COUNT(*) FROM results").fetchone()[0])
        report.sources_per_id = {
            str(s): int(c)
            for s, c in conn.execute(
                "SELECT s.source_id, COUNT(*) FROM sources s JOIN results r "
                "ON r.text_hash = s.text_hash GROUP BY s.source_id"
            )
        }
    finally:
        conn.close()
    return report
