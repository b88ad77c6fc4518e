"""Score predicted records against the hand-written gold in ``examples/gold/``.

When two records match is decided by :mod:`talent_extract.review.matching` (the rules of
``examples/gold/README.md``).

Precision is ``tp / (tp + fp)`` and recall ``tp / (tp + fn)``; when the denominator is zero the
value is defined as ``0.0`` (so an empty prediction set against empty gold scores 0.0, not 1.0).
F1 is their harmonic mean, ``0.0`` when both are zero. ``overall`` is micro-averaged: the counts of
the three record types are summed before dividing.

Typical use::

    from talent_extract.review.evaluate import evaluate

    report = evaluate("examples/gold", "out/predictions.jsonl")
    print(report.to_markdown())
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any, Protocol, TypeAlias, runtime_checkable

from talent_extract.exceptions import InputError
from talent_extract.review.eval_report import (
    FIELD_NAMES,
    ArticleResult,
    EvalReport,
    FieldAccuracy,
    KindResult,
    Pair,
    Score,
    TrapViolation,
)
from talent_extract.review.matching import (
    AMOUNT_TOLERANCE,
    KINDS,
    MATCHERS,
    QUOTE_STRIP,
    QUOTE_WORD_OVERLAP,
    Record,
    RecordKind,
    amount_match,
    amounts_close,
    departure_match_but_to_org,
    describes_group,
    field_text,
    gold_amount,
    hashed_overlap,
    is_anonymous,
    names_match,
    number,
    offer_match_but_amount,
    orgs_match,
    pair,
    predicted_amount,
    quote_match_but_speaker,
    quote_overlap,
)
from talent_extract.text.normalise import fold

__all__ = [
    "AMOUNT_TOLERANCE",
    "QUOTE_WORD_OVERLAP",
    "ArticleResult",
    "EvalReport",
    "FieldAccuracy",
    "KindResult",
    "Pair",
    "PredictionItem",
    "Score",
    "SupportsModelDump",
    "TrapViolation",
    "amounts_close",
    "describes_group",
    "evaluate",
    "load_gold",
    "names_match",
    "orgs_match",
    "quote_overlap",
]


@runtime_checkable
class SupportsModelDump(Protocol):
    """Anything with pydantic's ``model_dump`` (e.g. :class:`talent_extract.Extraction`)."""

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]:
        """Return the object as a dict (``mode="json"``: JSON-compatible values)."""
        ...


PredictionItem: TypeAlias = Mapping[str, Any] | tuple[str, Any] | SupportsModelDump
"""One article's predictions; see :func:`evaluate`."""


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

_KNOWN_SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")


def _stem(name: str) -> str:
    """``"examples/articles/000_x.txt"`` -> ``"000_x"``."""
    base = PurePath(name.strip()).name
    for suffix in _KNOWN_SUFFIXES:
        if base.lower().endswith(suffix):
            return base[: -len(suffix)]
    return base


def load_gold(directory: str | Path) -> dict[str, dict[str, Any]]:
    """Read every ``*.json`` gold file in ``directory`` into ``{article stem: gold dict}``.

    The stem comes from the file's ``article`` field ("000_x.txt" -> "000_x"), or from the file name
    when that field is absent. Raises :class:`~talent_extract.exceptions.InputError` when the
    directory does not exist, a file is not a JSON object, or two files name the same article.
    """
    path = Path(directory)
    if not path.is_dir():
        raise InputError(f"gold directory not found: {path}")
    gold: dict[str, dict[str, Any]] = {}
    for file in sorted(path.glob("*.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{file}: not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise InputError(f"{file}: gold must be a JSON object")
        stem = _stem(str(data.get("article") or file.name))
        if stem in gold:
            raise InputError(f"{file}: a second gold file for article {stem!r}")
        gold[stem] = data
    return gold


def _as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Mapping):
        return dict(obj)
    if isinstance(obj, SupportsModelDump):
        return obj.model_dump(mode="json")
    raise InputError(f"a prediction must be a mapping or have model_dump(), got {type(obj)!r}")


def _prediction_items(predictions: str | Path | Iterable[PredictionItem]) -> Iterable[Any]:
    if not isinstance(predictions, str | Path):
        return predictions
    items: list[Any] = []
    path = Path(predictions)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not valid JSON: {exc}") from exc
    return items


def _load_predictions(
    predictions: str | Path | Iterable[PredictionItem],
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in _prediction_items(predictions):
        if isinstance(item, tuple):
            if len(item) != 2 or not isinstance(item[0], str):
                raise InputError("a prediction tuple must be (article stem, extraction)")
            stem, body = _stem(item[0]), _as_dict(item[1])
        else:
            body = _as_dict(item)
            name = body.get("article") or body.get("article_id")
            if not isinstance(name, str) or not name.strip():
                raise InputError(
                    "a prediction needs an 'article' (or 'article_id') naming its file"
                )
            stem = _stem(name)
        for kind in KINDS:
            records = body.get(kind) or []
            if not isinstance(records, list) or not all(isinstance(r, Mapping) for r in records):
                raise InputError(f"predictions for {stem!r}: {kind} must be a list of objects")
        if stem in out:
            raise InputError(f"two prediction entries for article {stem!r}")
        out[stem] = body
    return out


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


def _records(container: Any, kind: str) -> list[Record]:
    if not isinstance(container, Mapping):
        return []
    records = container.get(kind) or []
    return [r for r in records if isinstance(r, Mapping)]


def _score_kind(
    kind: RecordKind, gold: Mapping[str, Any], preds: list[Record]
) -> tuple[KindResult, list[tuple[Record, Record]], list[tuple[Record, Record]]]:
    """Pair one record type of one article; also return the strict and the relaxed pairs."""
    match = MATCHERS[kind]
    required = _records(gold, kind)
    optional = _records(gold.get("optional"), kind)
    strict = pair(required, preds, match)
    used_required = {pi for _, pi in strict}
    opt_pairs = pair(optional, preds, match, used_required)
    used = used_required | {pi for _, pi in opt_pairs}
    spurious = [p for i, p in enumerate(preds) if i not in used]
    missed_idx = [gi for gi in range(len(required)) if gi not in {g for g, _ in strict}]

    # Relaxed pairing for the key field's accuracy: leftover gold vs predictions not paired with
    # required gold, matched without that field.
    relaxed_match = {
        "departures": departure_match_but_to_org,
        "offers": offer_match_but_amount,
        "quotes": quote_match_but_speaker,
    }[kind]
    left_preds = [p for i, p in enumerate(preds) if i not in used_required]
    left_gold = [required[gi] for gi in missed_idx]
    relaxed = [(left_gold[g], left_preds[p]) for g, p in pair(left_gold, left_preds, relaxed_match)]

    result = KindResult(
        score=Score.from_counts(len(strict), len(spurious), len(missed_idx)),
        matched=[Pair(gold=dict(required[g]), predicted=dict(preds[p])) for g, p in strict],
        missed=[dict(required[g]) for g in missed_idx],
        spurious=[dict(p) for p in spurious],
        optional=[Pair(gold=dict(optional[g]), predicted=dict(preds[p])) for g, p in opt_pairs],
    )
    return result, [(required[g], preds[p]) for g, p in strict], relaxed


def _field_counts(
    kind: RecordKind,
    strict: list[tuple[Record, Record]],
    relaxed: list[tuple[Record, Record]],
    tally: dict[str, list[int]],
) -> None:
    """Add this article's per-field right/total counts to ``tally`` (mutated)."""

    def add(key: str, ok: bool) -> None:
        tally[key][0] += int(ok)
        tally[key][1] += 1

    both = strict + relaxed
    if kind == "departures":
        for g, p in both:
            add("departure.to_org", orgs_match(field_text(g, "to_org"), field_text(p, "to_org")))
        for g, p in strict:
            if field_text(g, "status") is not None:
                add("departure.status", field_text(g, "status") == field_text(p, "status"))
    elif kind == "offers":
        for g, p in both:
            add("offer.amount", amount_match(gold_amount(g), predicted_amount(p)))
        for g, p in strict:
            if field_text(g, "status") is not None:
                add("offer.status", field_text(g, "status") == field_text(p, "status"))
    else:
        for g, p in both:
            if not is_anonymous(g):
                add(
                    "quote.speaker", names_match(field_text(g, "speaker"), field_text(p, "speaker"))
                )
        for g, p in strict:
            channel = field_text(g, "channel")
            if channel is not None:
                add("quote.channel", fold(channel) == fold(field_text(p, "channel") or ""))


def _quote_trap_text(text: str) -> str:
    return " ".join(fold(text).strip(QUOTE_STRIP).split())


def _trap_violations(
    article: str, must_not: Any, preds: Mapping[RecordKind, list[Record]]
) -> list[TrapViolation]:
    if not isinstance(must_not, Mapping):
        return []
    found: list[TrapViolation] = []
    for key, traps in must_not.items():
        if not isinstance(traps, list):
            raise InputError(f"gold {article}: must_not.{key} must be a list")
        if key == "people_as_departed":
            for rec in preds["departures"]:
                for name in traps:
                    if names_match(str(name), field_text(rec, "person")):
                        found.append(
                            TrapViolation(article=article, kind=key, trap=name, record=dict(rec))
                        )
        elif key.startswith("offer_amounts_"):
            currency = key.removeprefix("offer_amounts_").upper()
            for rec in preds["offers"]:
                amount = predicted_amount(rec)
                if amount is None or amount[2] != currency:
                    continue
                for value in traps:
                    trap = number(value)
                    if any(b is not None and amounts_close(trap, b) for b in amount[:2]):
                        found.append(
                            TrapViolation(article=article, kind=key, trap=value, record=dict(rec))
                        )
        elif key == "quote_texts":
            for rec in preds["quotes"]:
                text = _quote_trap_text(field_text(rec, "text") or "")
                for trap_text in traps:
                    if text and text == _quote_trap_text(str(trap_text)):
                        found.append(
                            TrapViolation(
                                article=article, kind=key, trap=trap_text, record=dict(rec)
                            )
                        )
        elif key == "quote_texts_words_h":
            for rec in preds["quotes"]:
                for trap_words in traps:
                    shares = hashed_overlap(
                        [str(w) for w in trap_words], field_text(rec, "text") or ""
                    )
                    if min(shares) >= QUOTE_WORD_OVERLAP:
                        found.append(
                            TrapViolation(
                                article=article,
                                kind=key,
                                trap=" ".join(map(str, trap_words)),
                                record=dict(rec),
                            )
                        )
        else:
            raise InputError(f"gold {article}: unknown must_not list {key!r}")
    return found


def _article_text(articles_dir: Path | None, stem: str, body: Mapping[str, Any]) -> str | None:
    if articles_dir is not None:
        file = articles_dir / f"{stem}.txt"
        if file.is_file():
            return file.read_text(encoding="utf-8")
    text = body.get("text")
    return text if isinstance(text, str) and text else None


def evaluate(
    gold: str | Path | Mapping[str, Mapping[str, Any]],
    predictions: str | Path | Iterable[PredictionItem],
    *,
    articles_dir: str | Path | None = None,
) -> EvalReport:
    """Score ``predictions`` against ``gold`` with the rules of ``examples/gold/README.md``.

    Args:
        gold: a directory of gold JSON files (read with :func:`load_gold`), or an already loaded
            mapping ``{article stem: gold dict}`` (keys may carry ``.txt``; they are reduced to the
            stem).
        predictions: one entry per article, as either

            * a path to a JSONL file, one object per line;
            * an iterable of mappings ``{"article": "<stem or file name>", "departures": [...],
              "offers": [...], "quotes": [...]}`` with records in the form of
              ``Departure/Offer/Quote.model_dump(mode="json")`` (``article_id`` is accepted in
              place of ``article``);
            * an iterable of ``(stem, extraction)`` tuples, ``extraction`` being an
              :class:`~talent_extract.Extraction` (anything with ``model_dump``) or a mapping;
            * objects with ``model_dump`` whose dump has ``article`` or ``article_id``.

            Two entries for the same article raise :class:`~talent_extract.exceptions.InputError`.
        articles_dir: where ``<stem>.txt`` article texts live, for ``verbatim_quote_share``.
            Default: ``<gold>/../articles`` when ``gold`` is a directory. Failing a file there, a
            prediction's own ``text`` (an Extraction's) is used. With neither, the metric is None.

    Gold articles missing from ``predictions`` count as entirely missed (listed in
    ``unpredicted``); predicted articles without gold are ignored (listed in ``unscored``).
    Ratios whose denominator is zero are reported as ``0.0`` (P/R/F1) or ``None`` (accuracy,
    verbatim share). The function reads files but has no other side effect.
    """
    if isinstance(gold, str | Path):
        gold_dir = Path(gold)
        gold_map: dict[str, Mapping[str, Any]] = dict(load_gold(gold_dir))
        if articles_dir is None and (gold_dir.parent / "articles").is_dir():
            articles_dir = gold_dir.parent / "articles"
    else:
        gold_map = {}
        for key, value in gold.items():
            if not isinstance(value, Mapping):
                raise InputError(f"gold for {key!r} must be a mapping")
            gold_map[_stem(key)] = value
    texts_dir = Path(articles_dir) if articles_dir is not None else None
    predicted = _load_predictions(predictions)

    totals: dict[RecordKind, list[int]] = {kind: [0, 0, 0] for kind in KINDS}
    tally: dict[str, list[int]] = {name: [0, 0] for name in FIELD_NAMES}
    articles: list[ArticleResult] = []
    violations: list[TrapViolation] = []
    for stem in sorted(gold_map):
        gold_doc = gold_map[stem]
        body = predicted.get(stem, {})
        preds = {kind: _records(body, kind) for kind in KINDS}
        results: dict[RecordKind, KindResult] = {}
        for kind in KINDS:
            result, strict, relaxed = _score_kind(kind, gold_doc, preds[kind])
            results[kind] = result
            totals[kind][0] += result.score.tp
            totals[kind][1] += result.score.fp
            totals[kind][2] += result.score.fn
            _field_counts(kind, strict, relaxed, tally)
        article_violations = _trap_violations(stem, gold_doc.get("must_not"), preds)
        violations += article_violations

        text = _article_text(texts_dir, stem, body)
        quote_texts = [field_text(q, "text") or "" for q in preds["quotes"]]
        non_verbatim = [] if text is None else [t for t in quote_texts if not t or t not in text]
        checked = 0 if text is None else len(quote_texts)
        articles.append(
            ArticleResult(
                article=stem,
                predicted=stem in predicted,
                departures=results["departures"],
                offers=results["offers"],
                quotes=results["quotes"],
                trap_violations=article_violations,
                quotes_checked=checked,
                quotes_verbatim=checked - len(non_verbatim),
                non_verbatim_quotes=non_verbatim,
            )
        )

    scores = {kind: Score.from_counts(*totals[kind]) for kind in KINDS}
    overall = Score.from_counts(*(sum(totals[k][i] for k in KINDS) for i in range(3)))
    checked_total = sum(a.quotes_checked for a in articles)
    return EvalReport(
        departures=scores["departures"],
        offers=scores["offers"],
        quotes=scores["quotes"],
        overall=overall,
        fields={
            name: FieldAccuracy(correct=ok, total=n, accuracy=ok / n if n else None)
            for name, (ok, n) in tally.items()
        },
        verbatim_quote_share=(
            sum(a.quotes_verbatim for a in articles) / checked_total if checked_total else None
        ),
        trap_violations=violations,
        articles=articles,
        unscored=sorted(set(predicted) - set(gold_map)),
        unpredicted=sorted(set(gold_map) - set(predicted)),
    )
