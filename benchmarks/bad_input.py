"""Big and hostile input: how fast it is refused, and that the deterministic stages stay linear.

    python benchmarks/bad_input.py [--quick]

Prints, with no model and no network:

* the time ``prepare`` (the pipeline's entry: checks, cleaner, candidate finders) takes to refuse
  a 5 MB article, as plain text and as an HTML page, and ``decode_text`` on 5 MB of bytes;
* ``prepare`` on Indonesian news text (the sample articles, repeated) of growing size up to the
  default limit (200,000 characters), with the time per 1,000 characters;
* ``prepare`` at the limit on hostile repetitions (one long sentence full of amounts, quotes,
  names, brackets, ...), the shapes that once went quadratic;

then a pass/fail table: a 5 MB refusal under 10 ms, and doubling the size at most 2.6 times the
time (linear with noise; quadratic would be 4).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from talent_extract import InputError, decode_text
from talent_extract.pipeline import prepare
from talent_extract.text.check import DEFAULT_MAX_CHARS
from talent_extract.text.clean import clean_article

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
FIVE_MB = 5_000_000

HOSTILE = {
    "amounts in one sentence": "US$1 juta dan ",
    "quote marks": "“a” ",
    "names": "Budi Santoso ",
    "departure sentences": "Budi Santoso keluar dari OpenAI. ",
    "quotes with cues": "“Saya keluar,” kata Budi Santoso dari Meta. ",
    "brackets": "(",
    "dates": "Senin (20/11) ",
    "number separators": "1.000,",
    "lines": "x\n",
    "one long word": "a",
}


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with contextlib.suppress(InputError):
            fn()
        times.append(time.perf_counter() - started)
    return min(times)


def _news(size: int) -> str:
    # The story text of the samples (cleaned, so nothing is cut as boilerplate), repeated.
    stories = [clean_article(p.read_text("utf-8")).text for p in sorted(SAMPLES.glob("*.txt"))]
    base = "\n\n".join(stories)
    return ("Judul\n\n" + base * (size // len(base) + 1))[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3

    big = _news(FIVE_MB)
    big_html = "<html><body>" + "".join(f"<p>{p}</p>" for p in big.split("\n\n"))
    big_html = big_html[:FIVE_MB]
    raw = big.encode()
    refuse_text = _best(lambda: prepare(big), repeat)
    refuse_html = _best(lambda: prepare(big_html), repeat)
    decode = _best(lambda: decode_text(raw), repeat)
    print(f"refuse a 5 MB text        {refuse_text * 1000:8.3f} ms")
    print(f"refuse a 5 MB HTML page   {refuse_html * 1000:8.3f} ms")
    print(f"decode_text on 5 MB       {decode * 1000:8.3f} ms")

    sizes = [25_000, 50_000, 100_000, DEFAULT_MAX_CHARS]
    if args.quick:
        sizes = [50_000, 100_000, DEFAULT_MAX_CHARS]
    print("\nprepare() on news text (checks, cleaner, candidates)")
    news: dict[int, float] = {}
    for size in sizes:
        text = _news(size)
        news[size] = _best(lambda text=text: prepare(text), repeat)  # type: ignore[misc]
        per_k = news[size] / size * 1000 * 1000
        print(f"  {size:>9,} chars  {news[size]:7.3f} s   {per_k:6.2f} ms per 1,000 chars")

    print(f"\nprepare() on hostile text at the limit ({DEFAULT_MAX_CHARS:,} chars) and at half")
    ratios: list[float] = []
    worst = 0.0
    for name, unit in HOSTILE.items():
        timings = []
        outcome = "prepared"
        for size in (DEFAULT_MAX_CHARS // 2, DEFAULT_MAX_CHARS):
            text = ("Judul\n\n" + unit * (size // len(unit) + 1))[:size]
            started = time.perf_counter()
            try:
                prepare(text, check_language=False)
            except InputError as exc:  # refused after the work: the time still counts
                outcome = f"refused: {type(exc).__name__}"
            timings.append(time.perf_counter() - started)
        ratio = timings[1] / max(timings[0], 1e-6)
        ratios.append(ratio)
        worst = max(worst, timings[1])
        print(f"  {name:<24} {timings[1]:7.3f} s   (x{ratio:4.2f} for twice the size)  {outcome}")

    news_ratio = news[sizes[-1]] / news[sizes[-2]]
    checks = [
        ("5 MB text refused", f"{refuse_text * 1000:.3f} ms", "≤ 10 ms", refuse_text <= 0.010),
        ("5 MB HTML page refused", f"{refuse_html * 1000:.3f} ms", "≤ 10 ms", refuse_html <= 0.010),
        ("news text, 2x size", f"x{news_ratio:.2f} time", "≤ x2.6", news_ratio <= 2.6),
        (
            "hostile text, 2x size (median)",
            f"x{statistics.median(ratios):.2f} time",
            "≤ x2.6",
            statistics.median(ratios) <= 2.6,
        ),
        ("hostile text, slowest at the limit", f"{worst:.2f} s", "≤ 5 s", worst <= 5.0),
    ]
    print(f"\n{'check':<36} {'measured':>14}  {'target':>8}  result")
    for name, measured, target, ok in checks:
        print(f"{name:<36} {measured:>14}  {target:>8}  {'pass' if ok else 'FAIL'}")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
