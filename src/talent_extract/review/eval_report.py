"""What :func:`talent_extract.review.evaluate.evaluate` returns: scores, per-field accuracy,
pairs and trap violations per article, with Markdown and JSON views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from talent_extract.review.matching import KINDS, gold_amount, predicted_amount

__all__ = [
    "ArticleResult",
    "EvalReport",
    "FieldAccuracy",
    "KindResult",
    "Pair",
    "Score",
    "TrapViolation",
]


class Score(BaseModel):
    """Counts and ratios for one record type, or micro-averaged over all of them.

    ``precision``/``recall``/``f1`` are ``0.0`` when their denominator is zero.
    """

    tp: int = Field(description="Predictions paired with a required gold record.")
    fp: int = Field(description="Predictions paired with no gold record, required or optional.")
    fn: int = Field(description="Required gold records left unpaired.")
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Score:
        """Build a score from counts (0.0 wherever a ratio is undefined)."""
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1)


class FieldAccuracy(BaseModel):
    """How often a field is right over the pairs it is checked on (``None`` when no pairs)."""

    correct: int
    total: int
    accuracy: float | None


class Pair(BaseModel):
    """A gold record and the prediction paired with it."""

    gold: dict[str, Any]
    predicted: dict[str, Any]


class KindResult(BaseModel):
    """One article, one record type: how gold and predictions paired up."""

    score: Score
    matched: list[Pair] = Field(description="Required gold paired with a prediction (tp).")
    missed: list[dict[str, Any]] = Field(description="Required gold left unpaired (fn).")
    spurious: list[dict[str, Any]] = Field(description="Predictions matching no gold (fp).")
    optional: list[Pair] = Field(description="Predictions paired with an optional record (free).")


class TrapViolation(BaseModel):
    """A prediction that falls into one of gold's ``must_not`` traps."""

    article: str
    kind: str = Field(description="The must_not list: people_as_departed, offer_amounts_usd, ...")
    trap: str | float = Field(description="The listed name, amount or text that was hit.")
    record: dict[str, Any] = Field(description="The offending predicted record.")


class ArticleResult(BaseModel):
    """Everything about one scored article, for debugging."""

    article: str = Field(description="File stem, e.g. 000_5915d190da626961.")
    predicted: bool = Field(description="False when the predictions had no entry for it.")
    departures: KindResult
    offers: KindResult
    quotes: KindResult
    trap_violations: list[TrapViolation]
    quotes_checked: int = Field(
        description="Predicted quotes checked for verbatim text (0: no text)."
    )
    quotes_verbatim: int = Field(description="Of those, how many occur verbatim in the article.")
    non_verbatim_quotes: list[str] = Field(description="Predicted quote texts not in the article.")


FIELD_NAMES = (
    "departure.to_org",
    "departure.status",
    "offer.amount",
    "offer.status",
    "quote.speaker",
    "quote.channel",
)


class EvalReport(BaseModel):
    """The result of :func:`evaluate`.

    ``fields`` holds per-field accuracy under the keys ``departure.to_org``, ``departure.status``,
    ``offer.amount``, ``offer.status``, ``quote.speaker`` and ``quote.channel``. ``to_org``,
    ``amount`` and ``speaker`` are part of the match itself, so over matched pairs they would always
    be right; they are therefore measured over the matched pairs *plus* the pairs formed, among the
    leftover records, by the same rule without that field (a departure right on person and
    from_org, an offer right on offerer, a quote right on text). ``quote.speaker`` skips anonymous
    gold; ``quote.channel`` counts only gold quotes that give a channel; the status fields use the
    matched pairs whose gold gives a status.
    """

    departures: Score
    offers: Score
    quotes: Score
    overall: Score = Field(description="Micro-average: counts summed over the three types.")
    fields: dict[str, FieldAccuracy]
    verbatim_quote_share: float | None = Field(
        description="Share of predicted quotes (in scored articles with known text) found verbatim "
        "in the article; None when no article text is available or no quote was predicted."
    )
    trap_violations: list[TrapViolation]
    articles: list[ArticleResult]
    unscored: list[str] = Field(description="Predicted articles without gold (ignored).")
    unpredicted: list[str] = Field(description="Gold articles without predictions (all missed).")

    def to_json(self, *, indent: int | None = 2) -> str:
        """The whole report, per-article records included, as JSON."""
        return self.model_dump_json(indent=indent)

    def to_markdown(self) -> str:
        """A human-readable summary: scores, field accuracy, traps, and per-article misses."""
        lines = ["# Evaluation report", ""]
        lines.append(f"Scored articles: {len(self.articles)}")
        if self.unpredicted:
            lines.append(f"Gold articles without predictions: {', '.join(self.unpredicted)}")
        if self.unscored:
            lines.append(f"Unscored (no gold): {', '.join(self.unscored)}")
        lines += [
            "",
            "| type | tp | fp | fn | precision | recall | f1 |",
            "|---|---|---|---|---|---|---|",
        ]
        for name in (*KINDS, "overall"):
            s: Score = getattr(self, name)
            lines.append(
                f"| {name} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} "
                f"| {s.f1:.3f} |"
            )
        lines += ["", "## Field accuracy", "", "| field | correct | total | accuracy |"]
        lines.append("|---|---|---|---|")
        for key, acc in self.fields.items():
            shown = "n/a" if acc.accuracy is None else f"{acc.accuracy:.3f}"
            lines.append(f"| {key} | {acc.correct} | {acc.total} | {shown} |")
        checked = sum(a.quotes_checked for a in self.articles)
        verbatim = sum(a.quotes_verbatim for a in self.articles)
        share = (
            "n/a"
            if self.verbatim_quote_share is None
            else f"{self.verbatim_quote_share:.3f} ({verbatim}/{checked})"
        )
        lines += ["", f"Verbatim quote share: {share}", "", "## Trap violations", ""]
        if not self.trap_violations:
            lines.append("None.")
        for v in self.trap_violations:
            lines.append(f"- {v.article}: {v.kind} `{v.trap}` <- {_summary(v.record)}")
        lines += ["", "## Per article"]
        for art in self.articles:
            lines += ["", f"### {art.article}" + ("" if art.predicted else " (no predictions)"), ""]
            lines.append("| type | tp | fp | fn | optional |")
            lines.append("|---|---|---|---|---|")
            for kind in KINDS:
                res: KindResult = getattr(art, kind)
                sc = res.score
                lines.append(f"| {kind} | {sc.tp} | {sc.fp} | {sc.fn} | {len(res.optional)} |")
            for kind in KINDS:
                res = getattr(art, kind)
                lines += [f"- missed {kind[:-1]}: {_summary(r)}" for r in res.missed]
                lines += [f"- spurious {kind[:-1]}: {_summary(r)}" for r in res.spurious]
            lines += [f"- non-verbatim quote: {_clip(t)}" for t in art.non_verbatim_quotes]
        return "\n".join(lines) + "\n"


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(record: Mapping[str, Any]) -> str:
    """One line describing a gold or predicted record of any type."""
    if "text" in record and "speaker" in record:
        return f"{record.get('speaker')}: “{_clip(str(record.get('text') or ''))}”"
    if "offerer" in record:
        amount = gold_amount(record) or predicted_amount(record)
        shown = "no amount" if amount is None else f"{amount[0]}–{amount[1]} {amount[2]}"
        return f"{record.get('offerer')} -> {record.get('recipient')}: {shown}"
    return f"{record.get('person')}: {record.get('from_org')} -> {record.get('to_org')}"
