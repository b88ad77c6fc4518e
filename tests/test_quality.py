"""Quality gate: the recorded sample outputs scored against the hand-made gold (issue 4 targets).

The outputs are ``examples/output/samples.jsonl``, which ``test_replay_samples`` keeps equal to what
the pipeline produces from the recordings, so a regression in prompts, candidates or grounding
that lowers quality fails here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from talent_extract import evaluate
from talent_extract.review.evaluate import EvalReport
from tests.recording import ARTICLES, ROOT, SAMPLES_JSONL

GOLD = ROOT / "examples" / "gold"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate(GOLD, SAMPLES_JSONL, articles_dir=ARTICLES)


def test_overall_f1_at_least_five_times_the_anchor(report: EvalReport) -> None:
    assert report.overall.f1 >= 0.70, report.to_markdown()


def test_quotes_f1_and_verbatim(report: EvalReport) -> None:
    assert report.quotes.f1 >= 0.90, report.to_markdown()
    assert report.verbatim_quote_share == 1.0


def test_no_trap_violation(report: EvalReport) -> None:
    assert report.trap_violations == [], report.to_markdown()


def test_cost_per_article(sample_rows: dict[str, dict[str, Any]]) -> None:
    calls = [row["meta"]["calls"] for row in sample_rows.values()]
    assert sum(calls) / len(calls) <= 2.0
    # The model never reads the whole article, only candidates: each call stays below the
    # article's own size in tokens plus 800 (a rough 3.3 characters per token).
    for stem, row in sample_rows.items():
        article_tokens = len((ARTICLES / f"{stem}.txt").read_text("utf-8")) / 3.3
        for prompt_tokens in row["meta"]["call_prompt_tokens"]:
            assert prompt_tokens <= article_tokens + 800, (stem, prompt_tokens)


def test_report_formats_carry_the_numbers(report: EvalReport) -> None:
    data = json.loads(report.to_json())
    assert data["overall"]["f1"] == report.overall.f1
    assert f"{report.overall.f1:.2f}" in report.to_markdown()
