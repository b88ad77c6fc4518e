"""The relevance gate on real news: does it keep every real story and skip the real negatives?

    python benchmarks/gate.py [--texts .realnews] [--show]

Reads the rows of ``../shared/realnews`` and ``realnews/`` with the loader of
``benchmarks/realnews.py`` (every text's SHA-256 checked; a missing or different text is listed
and left out), runs the deterministic stages (check, clean) and the gate of ``find/gate.py`` on
each — no model — and prints:

* **recall**: annotated articles whose gold has a departure or an offer (what needs the model)
  that the gate lets through, and those with quotes only (the gate keeps their quotes without a
  call when the article is about AI);
* **negatives skipped**: the share of real negatives the gate skips (target >= 90%).

``--show`` prints each article's decision and reason.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from realnews import SETS, load_rows, load_texts  # noqa: E402

from talent_extract.exceptions import InputError  # noqa: E402
from talent_extract.find.gate import relevance  # noqa: E402
from talent_extract.pipeline import prepare  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--texts",
        type=Path,
        default=Path(os.environ.get("TALENT_EXTRACT_REALNEWS", ROOT / ".realnews")),
    )
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    rows = load_rows(SETS)
    texts, problems = load_texts(rows, args.texts)
    for problem in problems:
        print(f"left out: {problem}")
    needs = kept = quotes_only = quotes_kept_ai = negatives = skipped = 0
    missed: list[str] = []
    passed: list[str] = []
    for row in rows:
        if row.id not in texts:
            continue
        try:
            gate = relevance(prepare(texts[row.id]).clean.text)
        except InputError as exc:
            print(f"{row.id}: refused before the gate: {type(exc).__name__}: {exc}")
            continue
        if args.show:
            print(f"{row.id}: {'through' if gate.relevant else 'skipped'} {gate.reason or ''}")
        if row.negative:
            negatives += 1
            skipped += not gate.relevant
            if gate.relevant:
                passed.append(row.id)
            continue
        gold = row.gold or {}
        if gold.get("departures") or gold.get("offers"):
            needs += 1
            kept += gate.relevant
            if not gate.relevant:
                missed.append(f"{row.id} ({gate.reason})")
        elif gold.get("quotes"):
            quotes_only += 1
            quotes_kept_ai += gate.relevant or gate.about_ai
    total = len(rows)
    print(f"texts: {len(texts)} of {total} rows ({total - len(texts)} left out)")
    print(
        f"gate recall: {kept} of {needs} annotated articles with a departure or offer let "
        f"through ({kept / max(needs, 1):.0%}); quotes-only articles kept for their quotes: "
        f"{quotes_kept_ai} of {quotes_only}"
    )
    print(
        f"negatives skipped: {skipped} of {negatives} ({skipped / max(negatives, 1):.0%}; "
        f"target >= 90%)"
    )
    if missed:
        print("missed: " + ", ".join(missed))
    if passed:
        print("negatives let through: " + ", ".join(passed))
    ok = kept == needs and skipped >= 0.9 * negatives
    print(f"targets: recall 100% and >= 90% of negatives skipped: {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
