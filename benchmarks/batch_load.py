"""Batch load benchmark: ``extract_many`` against the loopback LOAD GENERATOR, numbers printed.

    python benchmarks/batch_load.py [--quick] [--n 1000] [--latency 0.1] [--concurrency 32]
                                    [--big 10000] [--profile]

Starts ``benchmarks/loopback_server.py`` (a fake OpenAI-compatible server, not a model) in a
separate process on 127.0.0.1, so its CPU is not counted as library CPU, then measures on ``--n``
synthetic Indonesian articles (each distinct, each needing 1–2 model calls):

* throughput: model calls/s against the ideal ``concurrency / latency`` (target >= 0.90);
* library CPU per article (process CPU time of this process / N; target <= 5 ms), next to the
  CPU of :func:`talent_extract.prepare` alone (the deterministic stages);
* a cached re-run of the same articles (target <= 2 s and zero model calls);
* memory: peak RSS of a fresh process running N articles vs one running ``--big`` articles.

Everything is bounded: fixed article counts, timeouts on every wait, the server stops itself.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import resource
import selectors
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talent_extract import Article, Store, aextract_many, extract_many
from talent_extract.pipeline import prepare

HERE = Path(__file__).resolve().parent
SERVER = HERE / "loopback_server.py"
SAMPLES = HERE.parent / "examples" / "articles"

# --------------------------------------------------------------------------- synthetic articles

_FIRST = ["Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Intan", "Joko"]
_LAST = ["Santoso", "Wijaya", "Pratama", "Halim", "Nugroho", "Siregar", "Lubis", "Kusuma"]
_ORGS = [
    "OpenAI",
    "Meta",
    "Google DeepMind",
    "Anthropic",
    "xAI",
    "Microsoft",
    "Apple",
    "Mistral AI",
    "Safe Superintelligence",
    "Thinking Machines Lab",
]
_CITIES = ["Jakarta", "San Francisco", "London", "Singapura", "Bandung", "Paris"]
_FILLER = [
    "Persaingan memperebutkan talenta kecerdasan buatan terus memanas sepanjang tahun ini.",
    "Sejumlah analis menilai perpindahan ini akan mengubah peta riset model bahasa besar.",
    "Perusahaan tersebut belum memberikan tanggapan resmi hingga berita ini diturunkan.",
    "Laboratorium itu dikenal lewat riset penalaran dan keselamatan model.",
    "Di {city}, komunitas pengembang menyambut kabar ini dengan beragam reaksi.",
    "Tim yang ditinggalkan disebut tetap melanjutkan proyek yang sedang berjalan.",
]


def _pick(items: list[str], i: int, salt: int) -> str:
    return items[(i * 7 + salt * 13 + i // len(items)) % len(items)]


def article_text(i: int) -> str:
    """A distinct synthetic news article: a departure, and (mostly) a quote and a pay package."""
    name = f"{_pick(_FIRST, i, 1)} {_pick(_LAST, i, 2)}"
    org = _pick(_ORGS, i, 3)
    org2 = _pick(_ORGS, i + 1, 5)
    if org2 == org:
        org2 = _ORGS[(_ORGS.index(org) + 1) % len(_ORGS)]
    boss = f"{_pick(_FIRST, i, 4)} {_pick(_LAST, i, 6)}"
    city = _pick(_CITIES, i, 7)
    paragraphs = [
        f"{name} Tinggalkan {org}, Gabung {org2} (Laporan {i})",
        f"Peneliti {name} dari {org} keluar dan bergabung dengan {org2} pekan ini, kata sumber. "
        f"Kabar nomor {i} ini dikonfirmasi oleh dua orang yang mengetahui rencana tersebut.",
        _FILLER[i % len(_FILLER)].format(city=city),
    ]
    if i % 4 != 3:  # three in four articles also need the review call
        millions = 10 + i % 290
        paragraphs.append(
            f"{org2} disebut menawarkan paket gaji hingga US$ {millions} juta untuk {name}."
        )
        paragraphs.append(
            f"“Kami sangat senang menyambut {name.split()[0]} ke tim riset kami di {city},” "
            f"kata {boss}, kepala riset {org2}."
        )
    paragraphs.append(_FILLER[(i + 3) % len(_FILLER)].format(city=city))
    return "\n\n".join(paragraphs) + "\n"


def articles(n: int, offset: int = 0) -> Iterator[Article]:
    """``n`` synthetic articles, generated lazily (never a list)."""
    for i in range(offset, offset + n):
        yield Article(text=article_text(i), id=f"synthetic-{i}")


# --------------------------------------------------------------------------- the load generator


class LoadGenerator:
    """``loopback_server.py`` in a child process; stopped on exit."""

    def __init__(self, latency: float, max_seconds: float) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(SERVER),
                "--port",
                "0",
                "--latency",
                str(latency),
                "--max-seconds",
                str(max_seconds),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout=30):
                self.stop()
                raise RuntimeError("the load generator did not start within 30 s")
        line = self.proc.stdout.readline()
        url = next((w for w in line.split() if w.startswith("http://127.0.0.1:")), None)
        if url is None:
            self.stop()
            raise RuntimeError(f"unexpected load generator banner: {line!r}")
        self.url = url
        print(line.strip(), flush=True)

    def requests(self) -> int:
        """Completions served so far (``GET /stats``), asked directly, never through a proxy."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.url.removesuffix("/v1") + "/stats", timeout=10) as response:
            return int(json.loads(response.read())["requests"])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def __enter__(self) -> LoadGenerator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- measurements


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    ``VmHWM`` from ``/proc/self/status`` where it exists: unlike ``ru_maxrss``, which Linux
    carries over from the forking parent across ``exec``, it starts afresh in a new process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@dataclass
class Run:
    n: int
    wall: float
    cpu: float
    calls: int
    ok: int
    failed: int
    cached: int
    first_failure: str | None


def run_batch(
    gen: LoadGenerator, items: Iterator[Article], n: int, store: Store, concurrency: int
) -> Run:
    """One ``extract_many`` pass: wall and process CPU time, model calls served, outcomes."""
    before = gen.requests()
    ok = failed = cached = 0
    first_failure: str | None = None
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for result in extract_many(
        items,
        concurrency=concurrency,
        store=store,
        base_url=gen.url,
        api_key="unused",
        model="loopback",
    ):
        cached += result.cached
        if result.ok:
            ok += 1
        else:
            failed += 1
            if first_failure is None and result.failure is not None:
                first_failure = f"{result.failure.type}: {result.failure.message[:200]}"
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return Run(n, wall, cpu, gen.requests() - before, ok, failed, cached, first_failure)


def prepare_cpu(n: int) -> float:
    """Seconds of CPU per article for :func:`prepare` alone (clean + candidates)."""
    cpu0 = time.process_time()
    for article in articles(n):
        prepare(article)
    return (time.process_time() - cpu0) / n


def sample_prepare_cpu(rounds: int = 20) -> tuple[float, int]:
    """CPU per article of :func:`prepare` on the real sample articles (``examples/articles``)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    if not texts:
        return float("nan"), 0
    cpu0 = time.process_time()
    for _ in range(rounds):
        for text in texts:
            prepare(text)
    return (time.process_time() - cpu0) / (rounds * len(texts)), len(texts)


def profile(gen: LoadGenerator, n: int, concurrency: int, offset: int) -> str:
    """cProfile of ``aextract_many`` on the main thread (extract_many's thread is invisible)."""

    async def go() -> None:
        async for _ in aextract_many(
            articles(n, offset),
            concurrency=concurrency,
            base_url=gen.url,
            api_key="unused",
            model="loopback",
        ):
            pass

    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(go())
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    # Our stages and the dependencies on the call path (the modules of the layout in the README).
    stats.print_stats(r"talent_extract/|instructor/|openai/|pydantic/|tenacity/|aiohttp/")
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return "\n".join(lines[:45])


def child(n: int, latency: float, concurrency: int, max_seconds: float) -> None:
    """``--child-rss N``: run N fresh articles in this fresh process, print one JSON line."""
    with tempfile.TemporaryDirectory() as tmp, LoadGenerator(latency, max_seconds) as gen:
        rss0 = peak_rss_mb()
        store = Store(Path(tmp) / "results.sqlite3")
        warm = run_batch(gen, articles(concurrency, offset=10**7), concurrency, store, concurrency)
        rss_warm = peak_rss_mb()
        run = run_batch(gen, articles(n), n, store, concurrency)
        store.close()
        print(
            json.dumps(
                {
                    "n": n,
                    "rss_start_mb": rss0,
                    "rss_after_warmup_mb": rss_warm,
                    "peak_rss_mb": peak_rss_mb(),
                    "wall": run.wall,
                    "calls": run.calls,
                    "ok": run.ok,
                    "failed": run.failed + warm.failed,
                }
            ),
            flush=True,
        )


def child_rss(n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run :func:`child` in a fresh interpreter so peak RSS is comparable between sizes."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child-rss",
            str(n),
            "--latency",
            str(args.latency),
            "--concurrency",
            str(args.concurrency),
            "--max-seconds",
            str(args.max_seconds),
        ],
        capture_output=True,
        text=True,
        timeout=args.max_seconds,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000, help="articles in the main run")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per model call")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--big", type=int, default=10_000, help="articles in the memory run")
    parser.add_argument("--quick", action="store_true", help="memory run with 2,000 articles")
    parser.add_argument("--profile", action="store_true", help="cProfile 200 articles too")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="server lifetime bound")
    parser.add_argument("--child-rss", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_rss:
        child(args.child_rss, args.latency, args.concurrency, args.max_seconds)
        return
    big = 2000 if args.quick else args.big
    n, conc, latency = args.n, args.concurrency, args.latency
    ideal = conc / latency

    with tempfile.TemporaryDirectory() as tmp, LoadGenerator(latency, args.max_seconds) as gen:
        path = Path(tmp) / "results.sqlite3"
        store = Store(path)
        # Warm-up on other texts: imports and first-use set-up are not per-article costs.
        warm = run_batch(gen, articles(conc, offset=10**7), conc, store, conc)
        print(f"warm-up: {warm.n} articles, {warm.calls} calls, {warm.wall:.2f} s", flush=True)

        first = run_batch(gen, articles(n), n, store, conc)
        rss_first = peak_rss_mb()
        calls_per_s = first.calls / first.wall
        print(f"\n## {n} articles, latency {latency * 1000:.0f} ms, concurrency {conc}")
        load1, load5, _ = os.getloadavg()
        print(
            f"machine               {os.cpu_count()} CPUs, load average {load1:.2f} / {load5:.2f}"
        )
        print(f"wall                  {first.wall:.2f} s")
        print(f"articles/s            {n / first.wall:.1f}")
        print(f"ok / failed           {first.ok} / {first.failed}")
        if first.first_failure:
            print(f"first failure         {first.first_failure}")
        print(f"model calls           {first.calls} ({first.calls / n:.2f} per article)")
        print(f"calls/s               {calls_per_s:.1f}")
        print(f"ideal calls/s         {ideal:.1f}  (concurrency / latency)")
        print(f"ratio                 {calls_per_s / ideal:.3f}  (target >= 0.90)")
        print(f"library CPU/article   {first.cpu / n * 1000:.2f} ms  (process CPU / N)")
        print(f"CPU utilisation       {first.cpu / first.wall:.2f} cores of this process")
        print(f"peak RSS              {rss_first:.1f} MB", flush=True)

        prep = prepare_cpu(n)
        print(f"prepare() CPU/article {prep * 1000:.2f} ms  (deterministic stages alone)")
        real, count = sample_prepare_cpu()
        print(f"prepare() on samples  {real * 1000:.2f} ms  ({count} real articles, 2.5–5 KB each)")
        mean_len = sum(len(article_text(i)) for i in range(n)) / n
        print(f"synthetic length      {mean_len:.0f} chars on average", flush=True)

        store.close()
        store = Store(path)  # a fresh handle, as a re-run would open it
        again = run_batch(gen, articles(n), n, store, conc)
        store.close()
        print(f"\n## cached re-run of the same {n}")
        print(f"wall                  {again.wall:.2f} s  (target <= 2 s)")
        print(f"cached                {again.cached} of {n}")
        print(f"model calls           {again.calls}  (target 0)")
        print(f"CPU/article           {again.cpu / n * 1000:.2f} ms", flush=True)

        if args.profile:
            print("\n## cProfile, 200 articles via aextract_many (cumulative)")
            print(profile(gen, 200, conc, offset=2 * 10**7), flush=True)

    print(f"\n## memory: fresh processes, {n} vs {big} articles", flush=True)
    small = child_rss(n, args)
    large = child_rss(big, args)
    for r in (small, large):
        print(
            f"{r['n']:>6} articles: peak RSS {r['peak_rss_mb']:.1f} MB "
            f"(after warm-up {r['rss_after_warmup_mb']:.1f} MB), wall {r['wall']:.1f} s, "
            f"{r['calls']} calls, {r['failed']} failed"
        )
    growth_small = small["peak_rss_mb"] - small["rss_after_warmup_mb"]
    growth_large = large["peak_rss_mb"] - large["rss_after_warmup_mb"]
    delta = large["peak_rss_mb"] - small["peak_rss_mb"]
    print(f"peak RSS difference   {delta:+.1f} MB for {big - n:+d} articles")

    cpu_ms = first.cpu / n * 1000
    ratio = calls_per_s / ideal
    flat = delta <= max(10.0, 0.1 * small["peak_rss_mb"])
    rows = [
        ("throughput ratio (calls/s ÷ ideal)", f"{ratio:.3f}", ">= 0.90", ratio >= 0.90),
        ("library CPU per article", f"{cpu_ms:.2f} ms", "<= 5 ms", cpu_ms <= 5.0),
        ("prepare() CPU per article (info)", f"{prep * 1000:.2f} ms", "—", None),
        ("prepare() CPU, real samples (info)", f"{real * 1000:.2f} ms", "—", None),
        ("cached re-run wall", f"{again.wall:.2f} s", "<= 2 s", again.wall <= 2.0),
        ("cached re-run model calls", str(again.calls), "0", again.calls == 0),
        (
            f"peak RSS {n} → {big} articles",
            f"{small['peak_rss_mb']:.1f} → {large['peak_rss_mb']:.1f} MB "
            f"(growth after warm-up {growth_small:.1f} → {growth_large:.1f} MB)",
            "flat (≤ +10 MB or +10%)",
            flat,
        ),
        ("failed articles (all runs)", str(first.failed + again.failed), "0", None),
    ]
    print("\n| metric | value | target | pass |\n|---|---|---|---|")
    for metric, value, target, passed in rows:
        mark = "—" if passed is None else ("yes" if passed else "**no**")
        print(f"| {metric} | {value} | {target} | {mark} |")


if __name__ == "__main__":
    main()
