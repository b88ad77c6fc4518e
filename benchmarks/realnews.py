"""Quality on real Indonesian news: the development set in ``../shared/realnews`` and ``realnews/``.

    python benchmarks/realnews.py [--texts .realnews] [--base-url URL] [--strategy S] [--ablate]

The article texts are third-party and never committed: each lives in the ``--texts`` folder
(default ``.realnews/``, ignored by git), fetched by its ``query`` from the stored page corpus
(see ``../shared/realnews/README.md``). Every text's SHA-256 is checked against its row before use;
a missing or different text is reported and left out of the scores.

The pipeline runs on every annotated article and every negative, with model answers cached in
``--answers`` (default ``.answers/``, ignored by git) by exact request body: a change to grounding
or normalising re-scores the whole set in seconds, a change to a prompt asks the model again.
``--offline`` refuses to ask (a missing answer is then a failure, so a re-score costs no model).

Prints precision, recall and F1 per record type and overall, trap violations, verbatim quotes,
model calls and tokens per article, records on negatives, the same per article kind
(departures with / without destination, offers, named / anonymous quotes), and with ``--ablate``
each grounding rule's effect when it alone is switched off.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import hashlib
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
import openai

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from talent_extract import pipeline  # noqa: E402
from talent_extract.exceptions import TalentExtractError  # noqa: E402
from talent_extract.ground import rules as R  # noqa: E402
from talent_extract.model.answer_cache import AnswerCache  # noqa: E402
from talent_extract.model.backend import resolve_backend  # noqa: E402
from talent_extract.records import Article, Extraction  # noqa: E402
from talent_extract.review.evaluate import EvalReport, evaluate  # noqa: E402

SETS = [ROOT.parent / "shared" / "realnews", ROOT / "realnews"]


@dataclass
class Row:
    id: str
    url: str
    sha256: str
    negative: bool
    category: str | None = None
    gold: dict[str, Any] | None = None


@dataclass
class Run:
    extractions: dict[str, Extraction] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def load_rows(sets: Iterable[Path]) -> list[Row]:
    """Every annotated article and negative of the given set folders, in id order."""
    rows: dict[str, Row] = {}
    for folder in sets:
        for name, negative in (("sources.tsv", False), ("negatives.tsv", True)):
            file = folder / name
            if not file.is_file():
                continue
            with file.open(encoding="utf-8") as fh:
                for rec in csv.DictReader(fh, delimiter="\t"):
                    gold = None
                    if not negative:
                        gfile = folder / "gold" / f"{rec['id']}.json"
                        if not gfile.is_file():
                            print(f"warning: no gold for {rec['id']}", file=sys.stderr)
                            continue
                        gold = json.loads(gfile.read_text(encoding="utf-8"))
                    rows[rec["id"]] = Row(
                        rec["id"], rec["url"], rec["sha256"], negative, rec.get("category"), gold
                    )
    return [rows[k] for k in sorted(rows)]


def load_texts(rows: list[Row], texts: Path) -> tuple[dict[str, str], list[str]]:
    """The texts whose SHA-256 matches their row, and a line for each that does not."""
    ok: dict[str, str] = {}
    problems: list[str] = []
    for row in rows:
        file = texts / f"{row.id}.txt"
        if not file.is_file():
            problems.append(f"{row.id}: missing ({file})")
            continue
        data = file.read_bytes()
        if hashlib.sha256(data).hexdigest() != row.sha256:
            problems.append(f"{row.id}: sha256 differs from its row: not the annotated text")
            continue
        ok[row.id] = data.decode("utf-8")
    return ok, problems


async def run_all(
    rows: list[Row], texts: dict[str, str], args: argparse.Namespace, disabled: frozenset[str]
) -> Run:
    base_url, api_key = args.base_url, args.api_key
    if args.offline and base_url is None:
        # Nothing is sent: an address that answers nothing, so no key and no local model needed.
        base_url, api_key = "http://127.0.0.1:9/v1", api_key or "offline"
    config = resolve_backend(base_url=base_url, api_key=api_key, model=args.model)
    cache = AnswerCache(args.answers)
    if args.offline:
        cache = AnswerCache(args.answers, transport=_Refuse())
        config = dataclasses.replace(config, transport_attempts=1, backoff_base=0.0)
    client = openai.AsyncOpenAI(
        base_url=config.base_url,
        api_key=config.api_key,
        max_retries=0,
        timeout=config.timeout,
        http_client=httpx.AsyncClient(transport=cache, timeout=config.timeout),
    )
    run = Run()
    for row in rows:
        if row.id not in texts:
            continue
        started = time.perf_counter()
        try:
            run.extractions[row.id] = await pipeline.aextract(
                Article(text=texts[row.id], id=row.id),
                config=config,
                client=client,
                strategy=args.strategy,
                rules_off=disabled,
            )
        except TalentExtractError as exc:
            if args.offline and "ConnectError" in str(exc):
                continue  # not answered yet: left out of the scores, not counted as missed
            run.failures[row.id] = f"{type(exc).__name__}: {exc}"
        run.seconds[row.id] = time.perf_counter() - started
        if not args.quiet:
            print(f"  {row.id}: {run.seconds[row.id]:.1f} s", file=sys.stderr, flush=True)
    await client.close()
    return run


class _Refuse(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("offline: no cached answer for this request", request=request)


def score(rows: list[Row], run: Run) -> EvalReport:
    gold = {r.id: r.gold for r in rows if r.gold is not None and r.id in run.seconds}
    preds = [(k, e) for k, e in run.extractions.items() if k in gold]
    return evaluate(gold, preds)


def _f(x: float) -> str:
    return f"{x:.2f}"


def print_scores(report: EvalReport) -> None:
    print("| | precision | recall | F1 | tp | fp | fn |")
    print("|---|---|---|---|---|---|---|")
    for kind in ("departures", "offers", "quotes", "overall"):
        s = getattr(report, kind)
        print(
            f"| {kind} | {_f(s.precision)} | {_f(s.recall)} | **{_f(s.f1)}** |"
            f" {s.tp} | {s.fp} | {s.fn} |"
        )
    print(f"\ntrap violations: {len(report.trap_violations)}")
    for v in report.trap_violations:
        print(f"  {v.article}: {v.kind} {v.trap!r}")
    if report.verbatim_quote_share is not None:
        print(f"verbatim quotes: {report.verbatim_quote_share:.2f}")


def per_kind(rows: list[Row], run: Run) -> None:
    """Recall by gold kind, and what the pipeline said on negatives."""
    counts: dict[str, list[int]] = {}

    def add(kind: str, hit: bool) -> None:
        c = counts.setdefault(kind, [0, 0])
        c[0] += hit
        c[1] += 1

    report = score(rows, run)
    missed = {
        (a.article, k, json.dumps(g, sort_keys=True))
        for a in report.articles
        for k in ("departures", "offers", "quotes")
        for g in getattr(a, k).missed
    }
    for row in rows:
        if row.gold is None or row.id not in run.seconds:
            continue
        for d in row.gold.get("departures", []):
            kind = (
                "departures with destination" if d.get("to_org") else "departures, no destination"
            )
            add(kind, (row.id, "departures", json.dumps(d, sort_keys=True)) not in missed)
        for o in row.gold.get("offers", []):
            add("offers", (row.id, "offers", json.dumps(o, sort_keys=True)) not in missed)
        for q in row.gold.get("quotes", []):
            kind = "quotes, anonymous" if q.get("speaker_anonymous") else "quotes, named"
            add(kind, (row.id, "quotes", json.dumps(q, sort_keys=True)) not in missed)
    print("\n| gold kind | found | of | recall |\n|---|---|---|---|")
    for kind, (hit, total) in sorted(counts.items()):
        print(f"| {kind} | {hit} | {total} | {_f(hit / total if total else 0.0)} |")
    negatives = [r for r in rows if r.negative and r.id in run.seconds]
    dep = sum(len(run.extractions[r.id].departures) for r in negatives if r.id in run.extractions)
    off = sum(len(run.extractions[r.id].offers) for r in negatives if r.id in run.extractions)
    calls = [run.extractions[r.id].meta.calls for r in negatives if r.id in run.extractions]
    print(
        f"\nnegatives: {len(negatives)} articles, {dep} departures, {off} offers "
        f"(should be 0), model calls {sum(calls)}"
    )
    for r in negatives:
        e = run.extractions.get(r.id)
        if e and (e.departures or e.offers):
            print(f"  {r.id}: {[d.person for d in e.departures]} {[o.offerer for o in e.offers]}")


def show(report: EvalReport, run: Run) -> None:
    """Per article: what was missed and what was wrong, and what the rules dropped or changed."""

    def brief(r: dict[str, Any]) -> str:
        keys = ("person", "from_org", "to_org", "status", "offerer", "recipient", "speaker")
        out = ", ".join(f"{k}={r[k]}" for k in keys if r.get(k) is not None)
        # A predicted quote shows its opening words; a gold one holds only hashed words.
        if isinstance(r.get("text"), str):
            out += f", text={r['text'][:50]!r}"
        elif r.get("text_words_h"):
            out += f", {len(r['text_words_h'])} words"
        return out

    for a in report.articles:
        e = run.extractions.get(a.article)
        if e is None:
            continue
        lines = []
        for kind in ("departures", "offers", "quotes"):
            kr = getattr(a, kind)
            lines += [f"    missed {kind[:-1]}: {brief(g)}" for g in kr.missed]
            lines += [f"    wrong  {kind[:-1]}: {brief(p)}" for p in kr.spurious]
        lines += [f"    dropped [{d.rule}] {d.value}: {d.reason}" for d in e.meta.dropped]
        lines += [
            f"    changed [{c.rule}] {c.field} {c.before} -> {c.after}" for c in e.meta.changed
        ]
        if lines:
            print(f"\n  {a.article}")
            print("\n".join(lines))


def cost(run: Run) -> None:
    ex = list(run.extractions.values())
    if not ex:
        return
    calls = [e.meta.calls for e in ex]
    prompt = [e.meta.usage.prompt_tokens for e in ex]
    completion = [e.meta.usage.completion_tokens for e in ex]
    secs = [e.meta.seconds for e in ex if e.meta.calls]
    print(
        f"\narticles {len(ex)} (+{len(run.failures)} failed); per article: calls "
        f"{statistics.mean(calls):.2f}, prompt tokens {statistics.mean(prompt):.0f}, "
        f"completion tokens {statistics.mean(completion):.0f}"
        + (f", median seconds (live calls) {statistics.median(secs):.1f}" if secs else "")
    )
    for k, why in run.failures.items():
        print(f"  failed {k}: {why[:160]}")


def main(argv: list[str] | None = None) -> int:
    logging.disable(logging.ERROR)  # instructor logs every failed attempt; the summary says it
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--texts",
        type=Path,
        default=Path(os.environ.get("TALENT_EXTRACT_REALNEWS", ROOT / ".realnews")),
    )
    parser.add_argument("--answers", type=Path, default=ROOT / ".answers")
    parser.add_argument("--base-url", default=os.environ.get("TALENT_EXTRACT_BASE_URL"))
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--strategy", default=None, help="candidates or whole (default: the pipeline's)"
    )
    parser.add_argument("--only", default=None, help="ids starting with this prefix")
    parser.add_argument("--offline", action="store_true", help="cached answers only")
    parser.add_argument("--ablate", action="store_true", help="each rule switched off alone")
    parser.add_argument("--rules-off", default="", help="comma-separated rules to switch off")
    parser.add_argument("--json", type=Path, default=None, help="write predictions as JSONL")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--show", action="store_true", help="per article: missed, spurious, log")
    args = parser.parse_args(argv)

    rows = load_rows(SETS)
    if args.only:
        rows = [r for r in rows if r.id.startswith(tuple(args.only.split(",")))]
    texts, problems = load_texts(rows, args.texts)
    outlets = {r.url.split("/")[2].removeprefix("www.") for r in rows if not r.negative}
    print(
        f"dev set: {sum(not r.negative for r in rows)} annotated articles from {len(outlets)} "
        f"outlets, {sum(r.negative for r in rows)} negatives; {len(texts)} texts verified"
    )
    for p in problems:
        print(f"  left out: {p}")
    base_off = frozenset(n for n in args.rules_off.split(",") if n)
    run = asyncio.run(run_all(rows, texts, args, base_off))
    report = score(rows, run)
    print()
    print_scores(report)
    per_kind(rows, run)
    cost(run)
    if args.show:
        show(report, run)
    if args.json:
        with args.json.open("w", encoding="utf-8") as fh:
            for k, e in run.extractions.items():
                fh.write(
                    json.dumps(
                        {"article": k, **e.model_dump(mode="json", exclude={"text"})},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    if args.ablate:
        base = report.overall.f1
        print(
            "\n| rule switched off | departures F1 | offers F1 | quotes F1 | overall F1 "
            "| Δ overall | traps | records changed |\n|---|---|---|---|---|---|---|---|"
        )
        args.offline = True
        for rule in R.RULES:
            off = asyncio.run(run_all(rows, texts, _quiet(args), frozenset({rule.name})))
            rep = score(rows, off)
            changed = sum(_changed(run, off, k) for k in run.extractions)
            print(
                f"| `{rule.name}` | {_f(rep.departures.f1)} | {_f(rep.offers.f1)} | "
                f"{_f(rep.quotes.f1)} | {_f(rep.overall.f1)} | {rep.overall.f1 - base:+.2f} | "
                f"{len(rep.trap_violations)} | {changed} |"
            )
    return 0


def _quiet(args: argparse.Namespace) -> argparse.Namespace:
    ns = argparse.Namespace(**vars(args))
    ns.quiet = True
    return ns


def _changed(a: Run, b: Run, key: str) -> int:
    x, y = a.extractions.get(key), b.extractions.get(key)
    if x is None or y is None:
        return int(x is not y)
    dump = lambda e: [r.model_dump_json() for r in (*e.departures, *e.offers, *e.quotes)]  # noqa: E731
    return len(set(dump(x)) ^ set(dump(y)))


if __name__ == "__main__":
    raise SystemExit(main())
