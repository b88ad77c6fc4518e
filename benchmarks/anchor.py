"""Quality anchor: plain instructor on the same model — one call, a simple schema, a one-line
prompt, TOOLS mode — scored against the gold, next to the shipped pipeline's recorded outputs.

    python benchmarks/anchor.py [--base-url http://127.0.0.1:8080/v1]

Needs a running OpenAI-compatible server (the local llama.cpp one); prints calls, tokens and F1 per
record type for both. Nothing here is used by the package.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import instructor
import openai
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from talent_extract import evaluate  # noqa: E402
from talent_extract.find.money import parse_money  # noqa: E402


def _money(text: str | None) -> dict[str, Any] | None:
    money = parse_money(text or "")
    return money.model_dump() if money else None


GOLD = ROOT / "examples" / "gold"
ARTICLES = ROOT / "examples" / "articles"
SAMPLES = ROOT / "examples" / "output" / "samples.jsonl"


def _money(text: str | None) -> dict[str, Any] | None:
    money = parse_money(text or "")
    return money.model_dump() if money else None


class PlainDeparture(BaseModel):
    person: str | None
    from_org: str | None
    to_org: str | None
    status: str


class PlainOffer(BaseModel):
    offerer: str | None
    recipient: str | None
    amount_text: str | None
    status: str


class PlainQuote(BaseModel):
    speaker: str | None
    text: str


class PlainExtraction(BaseModel):
    departures: list[PlainDeparture]
    offers: list[PlainOffer]
    quotes: list[PlainQuote]


async def anchor(base_url: str, model: str) -> tuple[list[dict[str, Any]], list[dict[str, int]]]:
    client = instructor.from_openai(
        openai.AsyncOpenAI(base_url=base_url, api_key="unused", timeout=900),
        mode=instructor.Mode.TOOLS,
    )
    rows, costs = [], []
    for stem in sorted(json.loads(p.read_text())["article"][:-4] for p in GOLD.glob("*.json")):
        text = (ARTICLES / f"{stem}.txt").read_text("utf-8")
        started = time.perf_counter()
        result, completion = await client.create_with_completion(
            model=model,
            response_model=PlainExtraction,
            messages=[
                {"role": "user", "content": f"Extract departures, offers and quotes.\n\n{text}"}
            ],
            max_retries=0,
            temperature=0,
        )
        usage = completion.usage
        costs.append(
            {
                "calls": 1,
                "prompt": usage.prompt_tokens,
                "completion": usage.completion_tokens,
                "seconds": round(time.perf_counter() - started),
            }
        )
        rows.append(
            {
                "article": stem,
                "departures": [d.model_dump() for d in result.departures],
                "offers": [
                    {
                        "offerer": o.offerer,
                        "recipient": o.recipient,
                        # The anchor gets our money parser for its amount text, to be fair.
                        "amount": _money(o.amount_text),
                        "status": o.status,
                    }
                    for o in result.offers
                ],
                "quotes": [q.model_dump() for q in result.quotes],
            }
        )
        print(stem, costs[-1], flush=True)
    return rows, costs


def table_row(name: str, report: Any, calls: float, tokens: float) -> str:
    return (
        f"| {name} | {calls:.2f} | {tokens:.0f} | {report.departures.f1:.2f} | "
        f"{report.offers.f1:.2f} | {report.quotes.f1:.2f} | {report.overall.f1:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8080/v1")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b-instruct")
    args = parser.parse_args()
    rows, costs = asyncio.run(anchor(args.base_url, args.model))
    plain = evaluate(GOLD, rows, articles_dir=ARTICLES)
    shipped_rows = [json.loads(line) for line in SAMPLES.read_text("utf-8").splitlines()]
    gold_stems = {r["article"] for r in rows}
    shipped_rows = [r for r in shipped_rows if r["article"] in gold_stems]
    shipped = evaluate(GOLD, shipped_rows, articles_dir=ARTICLES)
    n = len(costs)
    print(
        "| variant | calls/article | tokens/article | dep F1 | offer F1 | quote F1 | overall F1 |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        table_row(
            "plain instructor (anchor)",
            plain,
            1.0,
            sum(c["prompt"] + c["completion"] for c in costs) / n,
        )
    )
    metas = [r["meta"] for r in shipped_rows]
    print(
        table_row(
            "candidate-first (shipped)",
            shipped,
            sum(m["calls"] for m in metas) / n,
            sum(m["usage"]["prompt_tokens"] + m["usage"]["completion_tokens"] for m in metas) / n,
        )
    )
    print(
        f"anchor verbatim quote share: {plain.verbatim_quote_share}; "
        f"trap violations: {len(plain.trap_violations)}"
    )


if __name__ == "__main__":
    main()
