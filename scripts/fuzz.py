"""Longer fuzzing of the deterministic stages than CI's. Optional: CI runs tests/test_fuzz.py.

    python scripts/fuzz.py hypothesis [--examples 5000]
        the properties of tests/test_fuzz.py with more examples each (pytest + hypothesis);

    pip install atheris
    python scripts/fuzz.py atheris [--seconds 600] [--corpus DIR] [atheris/libFuzzer flags...]
        coverage-guided fuzzing with atheris: the input bytes become text (UTF-8 with
        surrogateescape, so lone surrogates occur as they do from a C-locale stdin), with a few
        bytes choosing a publication date and a split point for an HTML wrapper. Each input goes
        through the cleaner, the money, date and quote finders, attribution, the whole
        deterministic pipeline and quote/offer grounding; anything raised other than InputError,
        and any span that is not the text's own slice, is a crash that libFuzzer saves to a
        crash-* file for replay (python scripts/fuzz.py atheris crash-...).

Nothing here talks to a model or the network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_hypothesis(examples: int) -> int:
    env = {**os.environ, "FUZZ_EXAMPLES": str(examples)}
    cmd = [sys.executable, "-m", "pytest", "-q", "tests/test_fuzz.py", "-p", "no:cacheprovider"]
    return subprocess.call(cmd, cwd=ROOT, env=env)


def _check_span(text: str, start: int, end: int, piece: str, what: str) -> None:
    if not (0 <= start <= end <= len(text)) or text[start:end] != piece:
        raise AssertionError(f"{what}: text[{start}:{end}] != {piece!r}")


def one_input(data: bytes) -> None:
    """The atheris target: every deterministic stage on one input."""
    from talent_extract import InputError
    from talent_extract.find.dates import find_dates, find_published_date
    from talent_extract.find.money import find_money
    from talent_extract.find.people import PersonIndex
    from talent_extract.find.quotes import attribute_quotes, find_quotes
    from talent_extract.model import prompts as P
    from talent_extract.model.backend import CallStats, resolve_backend
    from talent_extract.pipeline import Answers, build_extraction, prepare
    from talent_extract.text.clean import clean_article

    if len(data) < 3:
        return
    day = dt.date(2000, 1, 1) + dt.timedelta(days=data[0] * 37 + data[1])
    html = data[2] % 4 == 0
    text = data[3:].decode("utf-8", errors="surrogateescape")
    if html:
        text = f"<html><body><article><p>{text}</p></article></body></html>"

    for m in find_money(text):
        _check_span(text, m.start, m.end, m.money.text, "money")
    for r in find_dates(text, day):
        _check_span(text, r.start, r.end, r.text, "date")
    find_published_date(text, default_year=day.year)
    quotes = find_quotes(text)
    for q in quotes:
        _check_span(text, q.start, q.end, q.inner, "quote")
    attribute_quotes(text, quotes, PersonIndex.from_text(text).mentions)
    try:
        clean_article(text)
        prepared = prepare(text, check_language=False)
    except InputError:
        return
    cands = prepared.candidates
    offers = [
        P.OfferAnswer.model_construct(
            money_id=o.id,
            is_offer=True,
            offerer=o.sentence.text[:20],
            recipient=None,
            recipient_org=None,
            status="offered",
        )
        for o in cands.offers
    ]
    speakers = [
        P.SpeakerAnswer.model_construct(quote_id=q.id, speaker=q.quote.inner[:20])
        for q in cands.quotes
    ]
    source = prepared.clean.source
    config = resolve_backend(base_url="http://127.0.0.1:9/v1", api_key="unused", env={})
    answers = Answers(offers=offers, speakers=speakers)
    result = build_extraction(prepared, answers, config, CallStats(), 0.0)
    for record in [*result.offers, *result.quotes]:
        ev = record.evidence
        _check_span(source, ev.start, ev.end, ev.text, "evidence")


def run_atheris(seconds: int, rest: list[str]) -> int:
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    with atheris.instrument_imports():
        import talent_extract.pipeline  # noqa: F401  (instrumented for coverage)
    args = [sys.argv[0], f"-max_total_time={seconds}", "-max_len=4096", "-timeout=20", *rest]
    atheris.Setup(args, one_input)
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="engine", required=True)
    hyp = sub.add_parser("hypothesis", help="tests/test_fuzz.py with more examples")
    hyp.add_argument("--examples", type=int, default=5000)
    ath = sub.add_parser("atheris", help="coverage-guided fuzzing (pip install atheris)")
    ath.add_argument("--seconds", type=int, default=600)
    args, rest = parser.parse_known_args()
    if args.engine == "hypothesis":
        return run_hypothesis(args.examples)
    return run_atheris(args.seconds, rest)


if __name__ == "__main__":
    sys.exit(main())
