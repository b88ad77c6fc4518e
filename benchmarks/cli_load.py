"""CLI load benchmark: ``talent-extract run`` against the loopback LOAD GENERATOR, three runs.

    python benchmarks/cli_load.py [--n 1000] [--latency 0.1] [--concurrency 32] [--runs 3]
                                  [--workers 0]

Starts ``benchmarks/loopback_server.py`` (a fake OpenAI-compatible server, not a model) in its own
process, writes ``--n`` synthetic Indonesian articles (``batch_load.article_text``) to one JSONL
file, then runs the real command — store, outputs (JSONL, CSVs, Parquet) and the progress bar
(stderr is a pseudo-terminal, so the bar is drawn) — ``--runs`` times, each with a fresh store so
every article is extracted. Per run it prints:

* model calls/s against the ideal ``concurrency / latency``, over the extraction (first to last
  call the server saw) and over the whole command (start-up included);
* CPU per article of the command and its worker processes (the server's CPU is not counted),
  all of it and without start-up (the CPU of the same command over an empty input);
* when the server answered the first call (start-up, a call's latency included) and how long the
  command ran after the last answer, and the load generator's own CPU: it shares the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from batch_load import LoadGenerator, article_text  # noqa: E402

CLI = Path(sys.executable).with_name("talent-extract")


def machine() -> str:
    """CPUs and load average: other work on the machine changes every number here."""
    one, five, _ = os.getloadavg()
    return f"machine: {os.cpu_count()} CPUs, load average {one:.2f} (1 min), {five:.2f} (5 min)"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far (Linux ``/proc``; else 0)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Watch:
    """Polls the load generator's request count to find the first and the last call."""

    def __init__(self, url: str) -> None:
        self.url = url.removesuffix("/v1") + "/stats"
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.first: float | None = None
        self.last: float | None = None
        self.stop = threading.Event()
        self.start_count = self.count()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def count(self) -> int:
        with self.opener.open(self.url, timeout=10) as response:
            return int(json.loads(response.read())["requests"])

    def run(self) -> None:
        seen = self.start_count
        while not self.stop.is_set():
            n = self.count()
            now = time.perf_counter()
            if n > seen:
                if self.first is None:
                    self.first = now - 0.01  # the poll interval
                self.last = now
                seen = n
            time.sleep(0.01)

    def finish(self) -> int:
        self.stop.set()
        self.thread.join()
        return self.count() - self.start_count


def run_cli(args: list[str]) -> tuple[float, float, float, str]:
    """Run the CLI with stderr on a pseudo-terminal; its start (``perf_counter``), wall, CPU of
    it and its workers, stdout."""
    master, slave = pty.openpty()

    def drain() -> None:
        while True:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    cpu0, wall0 = children_cpu(), time.perf_counter()
    try:
        done = subprocess.run(
            [str(CLI), "run", *args],
            stdout=subprocess.PIPE,
            stderr=slave,
            text=True,
            timeout=600,
            env={**os.environ, "COLUMNS": "120"},
        )
    finally:
        os.close(slave)
    wall, cpu = time.perf_counter() - wall0, children_cpu() - cpu0
    os.close(master)
    if done.returncode != 0:
        raise RuntimeError(f"talent-extract run exited {done.returncode}: {done.stdout[-2000:]}")
    return wall0, wall, cpu, done.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0: the CLI's default")
    args = parser.parse_args(argv)
    ideal = args.concurrency / args.latency
    with tempfile.TemporaryDirectory() as tmp, LoadGenerator(args.latency, 1800) as gen:
        root = Path(tmp)
        source = root / "articles.jsonl"
        with source.open("w", encoding="utf-8") as fh:
            for i in range(args.n):
                fh.write(json.dumps({"id": f"a{i}", "text": article_text(i)}) + "\n")
        empty = root / "empty.jsonl"
        empty.write_text("", "utf-8")
        common = [
            "--concurrency",
            str(args.concurrency),
            "--workers",
            str(args.workers),
            "--base-url",
            gen.url,
            "--api-key",
            "unused",
            "--model",
            "loopback",
        ]
        _, _, startup_cpu, _ = run_cli(
            [str(empty), "--out", str(root / "o0"), *common, "--store", str(root / "s0.sqlite3")]
        )
        print(f"start-up CPU (empty input)   {startup_cpu:.2f} s", flush=True)
        print(machine(), flush=True)
        print(
            f"\n## talent-extract run, {args.n} articles, latency {args.latency * 1000:.0f} ms, "
            f"concurrency {args.concurrency}, workers {args.workers or 'default'}; "
            f"ideal {ideal:.0f} calls/s"
        )
        for run in range(1, args.runs + 1):
            watch = Watch(gen.url)
            server_cpu0 = process_cpu(gen.proc.pid)
            start, wall, cpu, stdout = run_cli(
                [
                    str(source),
                    "--out",
                    str(root / f"out{run}"),
                    *common,
                    "--store",
                    str(root / f"store{run}.sqlite3"),
                ]
            )
            calls = watch.finish()
            server_cpu = process_cpu(gen.proc.pid) - server_cpu0
            span = (watch.last or 0) - (watch.first or 0)
            summary = next((ln for ln in stdout.splitlines() if ln.startswith("articles ")), "")
            rate = calls / span if span > 0 else float("nan")
            print(
                f"run {run}: {calls} calls, extraction {span:.2f} s = {rate:.0f} calls/s = "
                f"{rate / ideal:.2f} of ideal; whole command {wall:.2f} s = "
                f"{calls / wall / ideal:.2f} of ideal; CPU/article {cpu / args.n * 1000:.2f} ms "
                f"({(cpu - startup_cpu) / args.n * 1000:.2f} ms without start-up)",
                flush=True,
            )
            first = (watch.first or start) - start
            tail = start + wall - (watch.last or start + wall)
            print(
                f"       first answer served {first:.2f} s after the start, exit {tail:.2f} s "
                f"after the last; load generator CPU {server_cpu:.2f} s "
                f"({server_cpu / span if span > 0 else float('nan'):.2f} cores while extracting)",
                flush=True,
            )
            print(f"       {summary}", flush=True)
            print(f"       {machine()}", flush=True)


if __name__ == "__main__":
    main()
