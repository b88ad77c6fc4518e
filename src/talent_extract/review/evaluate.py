"""Score predicted records against the hand-written gold in ``examples/gold/``.

The matching rules are those of ``examples/gold/README.md``:

* **People** match when one name's tokens are a subset of the other's, or the last names are equal;
  case, punctuation and accents are ignored (Unicode NFKD, combining marks dropped).
* **Organisations** match when both fall in one group of the alias list
  (``talent_extract/data/eval_org_aliases.json``) or when one name contains the other as whole words
  (after the same normalisation). Where a field may be empty, empty matches only empty: a gold
  ``to_org: null`` needs a predicted ``None`` and the other way round.
* **Departures** match on person, ``from_org`` and ``to_org``. A gold group departure
  (``person: null``) matches a prediction whose person is empty or describes a group (see
  :func:`describes_group`), with the same organisations.
* **Offers** match on offerer (organisation rule) and amount: same currency, and each bound within
  2% of gold's (relative to gold); an open gold bound (``null``) needs an open predicted bound, and
  a gold offer without amount needs a prediction without amount.
* **Quotes** match when at least 80% of gold's words are in the predicted text and at least 80% of
  the predicted words are in gold's (words are lowercase alphanumeric runs, counted with
  multiplicity), and the speakers match by the person rule unless gold says ``speaker_anonymous``.
* Records pair **one to one, in order**: going through gold in its order, each gold record takes
  the first unused prediction that matches it. Optional gold records are then paired the same way
  with the predictions left over; a prediction paired with an optional record is neither a true nor
  a false positive. Every other unpaired prediction is a false positive, every unpaired required
  gold record a false negative.

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

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePath
from typing import Any, Literal, Protocol, TypeAlias, runtime_checkable

from pydantic import BaseModel, Field

from talent_extract.exceptions import InputError

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

RecordKind = Literal["departures", "offers", "quotes"]
KINDS: tuple[RecordKind, ...] = ("departures", "offers", "quotes")

AMOUNT_TOLERANCE = 0.02
"""Relative tolerance for money bounds (2% of the reference value, inclusive)."""

QUOTE_WORD_OVERLAP = 0.8
"""Minimum share of words a quote must share with the other side, in both directions."""

Record: TypeAlias = Mapping[str, Any]
Matcher: TypeAlias = Callable[[Record, Record], bool]
_Amount: TypeAlias = tuple[float | None, float | None, str | None]


@runtime_checkable
class SupportsModelDump(Protocol):
    """Anything with pydantic's ``model_dump`` (e.g. :class:`talent_extract.Extraction`)."""

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]:
        """Return the object as a dict (``mode="json"``: JSON-compatible values)."""
        ...


PredictionItem: TypeAlias = Mapping[str, Any] | tuple[str, Any] | SupportsModelDump
"""One article's predictions; see :func:`evaluate`."""

# ---------------------------------------------------------------------------------------------
# Normalisation and the matching rules
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[0-9a-z]+")

# Words that make a "person" string describe a group or an unnamed person rather than a name.
_GROUP_WORDS = frozenset(
    {
        # Indonesian
        "pegawai", "staf", "karyawan", "peneliti", "orang", "anggota", "pekerja", "insinyur",
        "ilmuwan", "eksekutif", "petinggi", "talenta", "para", "sejumlah", "beberapa",
        "sekelompok", "kelompok", "rombongan", "seorang", "banyak",
        # English, for English-language model output
        "employees", "employee", "staff", "researchers", "researcher", "people", "members",
        "engineers", "scientists", "team", "group", "several", "dozens",
        # number words
        "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
        "sebelas", "selusin", "lusin", "belas", "puluh", "puluhan", "seratus", "ratus", "ratusan",
        "seribu", "ribu", "ribuan",
    }
)  # fmt: skip
# "tim" (team) is also a given name ("Tim Brooks"): it counts only when written in lowercase.
_CASE_SENSITIVE_GROUP_WORDS = frozenset({"tim"})

_QUOTE_STRIP = " \t\r\n\"'“”‘’„‟«»‹›`´,.;:!?"


def _fold(text: str) -> str:
    """Lowercase, strip accents (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _tokens(text: str | None) -> list[str]:
    """Lowercase alphanumeric tokens of ``text``; punctuation and accents are ignored."""
    return _TOKEN.findall(_fold(text)) if text else []


def names_match(a: str | None, b: str | None) -> bool:
    """Whether two person names match: token subset either way, or equal last names.

    Case, punctuation and accents are ignored. An empty or missing name matches nothing.

    >>> names_match("Zhao", "Shengjia Zhao"), names_match("Mira Murati", "Murati")
    (True, True)
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    sa, sb = set(ta), set(tb)
    return sa <= sb or sb <= sa or ta[-1] == tb[-1]


@lru_cache(maxsize=1)
def _alias_groups() -> dict[str, int]:
    """Normalised alias -> group id, from ``data/eval_org_aliases.json``."""
    raw = (
        resources.files("talent_extract").joinpath("data/eval_org_aliases.json").read_text("utf-8")
    )
    groups: list[list[str]] = json.loads(raw)["groups"]
    return {" ".join(_tokens(name)): i for i, group in enumerate(groups) for name in group}


def _contains_words(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def orgs_match(a: str | None, b: str | None) -> bool:
    """Whether two organisation names match (the README's organisation rule).

    Both empty (``None`` or blank) match; one empty and one not do not. Otherwise they match when
    they belong to the same alias group, or when one contains the other as a run of whole words
    ("Thinking Machines Lab (TML)" contains "Thinking Machines Lab"), ignoring case, accents and
    punctuation. Whole words rather than raw substrings, so that "X" does not match "xAI".

    >>> orgs_match("TML", "Thinking Machines Lab"), orgs_match("OpenAI", "Meta")
    (True, False)
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return not ta and not tb
    aliases = _alias_groups()
    ga, gb = aliases.get(" ".join(ta)), aliases.get(" ".join(tb))
    if ga is not None and ga == gb:
        return True
    return _contains_words(ta, tb) or _contains_words(tb, ta)


def describes_group(person: str | None, count: int | None = None) -> bool:
    """Whether a predicted departure's ``person`` denotes a group or an unnamed person.

    True when ``person`` is empty, when ``count`` is given, or when ``person`` contains a digit or a
    group word ("pegawai", "staf", "karyawan", "peneliti", "orang", "anggota", "tim", number words
    such as "tujuh"...). "tim" counts only in lowercase, since "Tim" is also a given name.

    >>> describes_group("tujuh pegawai OpenAI"), describes_group("Tim Brooks")
    (True, False)
    """
    if count is not None or not person or not person.strip():
        return True
    if any(ch.isdigit() for ch in person):
        return True
    if any(word in _GROUP_WORDS for word in _tokens(person)):
        return True
    return any(word in _CASE_SENSITIVE_GROUP_WORDS for word in re.findall(r"\w+", person))


def amounts_close(reference: float | None, value: float | None) -> bool:
    """Whether ``value`` is within :data:`AMOUNT_TOLERANCE` of ``reference`` (both None: True)."""
    if reference is None or value is None:
        return reference is None and value is None
    return abs(value - reference) <= AMOUNT_TOLERANCE * abs(reference) + 1e-9


def quote_overlap(gold_text: str, predicted_text: str) -> tuple[float, float]:
    """Share of gold's words found in the prediction, and of the prediction's words in gold's.

    Words are lowercase alphanumeric runs (accents dropped), counted with multiplicity: a word that
    occurs twice in gold needs two occurrences in the prediction. Empty text gives ``0.0``.
    """
    g, p = Counter(_tokens(gold_text)), Counter(_tokens(predicted_text))
    common = sum((g & p).values())
    g_total, p_total = sum(g.values()), sum(p.values())
    return (common / g_total if g_total else 0.0, common / p_total if p_total else 0.0)


# ---------------------------------------------------------------------------------------------
# Record accessors (gold uses amount_min/amount_max/currency, predictions a Money dict)
# ---------------------------------------------------------------------------------------------


def _str(record: Record, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _num(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"amount bound must be a number, got {value!r}")
    return float(value)


def _gold_amount(record: Record) -> _Amount | None:
    low, high = _num(record.get("amount_min")), _num(record.get("amount_max"))
    if low is None and high is None:
        return None
    return low, high, (_str(record, "currency") or "").upper() or None


def _predicted_amount(record: Record) -> _Amount | None:
    money = record.get("amount")
    if not isinstance(money, Mapping):
        return None
    low, high = _num(money.get("min")), _num(money.get("max"))
    if low is None and high is None:
        return None
    return low, high, (_str(money, "currency") or "").upper() or None


def _amount_match(gold: _Amount | None, predicted: _Amount | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return (
        gold[2] == predicted[2]
        and amounts_close(gold[0], predicted[0])
        and amounts_close(gold[1], predicted[1])
    )


def _anonymous(gold: Record) -> bool:
    return bool(gold.get("speaker_anonymous", gold.get("anonymous", False)))


def _count(record: Record) -> int | None:
    value = record.get("count")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# ---------------------------------------------------------------------------------------------
# Record matchers: (gold, predicted) -> bool
# ---------------------------------------------------------------------------------------------


def _departure_person_orgs(gold: Record, pred: Record, *, to_org: bool) -> bool:
    if not orgs_match(_str(gold, "from_org"), _str(pred, "from_org")):
        return False
    if to_org and not orgs_match(_str(gold, "to_org"), _str(pred, "to_org")):
        return False
    gold_person = _str(gold, "person")
    if gold_person is None:
        return describes_group(_str(pred, "person"), _count(pred))
    return names_match(gold_person, _str(pred, "person"))


def _departure_match(gold: Record, pred: Record) -> bool:
    return _departure_person_orgs(gold, pred, to_org=True)


def _departure_match_but_to_org(gold: Record, pred: Record) -> bool:
    return _departure_person_orgs(gold, pred, to_org=False)


def _offer_match_but_amount(gold: Record, pred: Record) -> bool:
    return orgs_match(_str(gold, "offerer"), _str(pred, "offerer"))


def _offer_match(gold: Record, pred: Record) -> bool:
    return _offer_match_but_amount(gold, pred) and _amount_match(
        _gold_amount(gold), _predicted_amount(pred)
    )


def words_h(text: str) -> list[str]:
    """The hashed words of a quote, as the real-news gold stores them (``text_words_h``).

    Third-party quote text is never committed; its words are, hashed: NFKC, lower case, curly
    quotes straightened, punctuation to spaces, then the first 10 hex digits of each word's SHA-1.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    words = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", folded)).strip().split()
    return [hashlib.sha1(w.encode()).hexdigest()[:10] for w in words]


def hashed_overlap(gold_words: Sequence[str], predicted_text: str) -> tuple[float, float]:
    """Like :func:`quote_overlap`, against gold's hashed words: the share of gold's words among
    the prediction's, and of the prediction's among gold's."""
    pred = words_h(predicted_text)
    if not gold_words or not pred:
        return (0.0, 0.0)
    g_set, p_set = set(gold_words), set(pred)
    return (
        sum(w in p_set for w in gold_words) / len(gold_words),
        sum(w in g_set for w in pred) / len(pred),
    )


def _quote_shares(gold: Record, predicted_text: str) -> tuple[float, float]:
    hashed = gold.get("text_words_h")
    if isinstance(hashed, list) and _str(gold, "text") is None:
        return hashed_overlap([str(w) for w in hashed], predicted_text)
    return quote_overlap(_str(gold, "text") or "", predicted_text)


def _quote_match_but_speaker(gold: Record, pred: Record) -> bool:
    g_share, p_share = _quote_shares(gold, _str(pred, "text") or "")
    return g_share >= QUOTE_WORD_OVERLAP and p_share >= QUOTE_WORD_OVERLAP


def _quote_match(gold: Record, pred: Record) -> bool:
    if not _quote_match_but_speaker(gold, pred):
        return False
    return _anonymous(gold) or names_match(_str(gold, "speaker"), _str(pred, "speaker"))


_MATCHERS: dict[RecordKind, Matcher] = {
    "departures": _departure_match,
    "offers": _offer_match,
    "quotes": _quote_match,
}


def _pair(
    golds: Sequence[Record], preds: Sequence[Record], match: Matcher, used: Iterable[int] = ()
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing: each gold in order takes the first unused matching prediction."""
    taken = set(used)
    pairs: list[tuple[int, int]] = []
    for gi, gold in enumerate(golds):
        for pi, pred in enumerate(preds):
            if pi not in taken and match(gold, pred):
                taken.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


# ---------------------------------------------------------------------------------------------
# Report model
# ---------------------------------------------------------------------------------------------


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


_FIELD_NAMES = (
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
        amount = _gold_amount(record) or _predicted_amount(record)
        shown = "no amount" if amount is None else f"{amount[0]}–{amount[1]} {amount[2]}"
        return f"{record.get('offerer')} -> {record.get('recipient')}: {shown}"
    return f"{record.get('person')}: {record.get('from_org')} -> {record.get('to_org')}"


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
    match = _MATCHERS[kind]
    required = _records(gold, kind)
    optional = _records(gold.get("optional"), kind)
    strict = _pair(required, preds, match)
    used_required = {pi for _, pi in strict}
    opt_pairs = _pair(optional, preds, match, used_required)
    used = used_required | {pi for _, pi in opt_pairs}
    spurious = [p for i, p in enumerate(preds) if i not in used]
    missed_idx = [gi for gi in range(len(required)) if gi not in {g for g, _ in strict}]

    # Relaxed pairing for the key field's accuracy: leftover gold vs predictions not paired with
    # required gold, matched without that field.
    relaxed_match = {
        "departures": _departure_match_but_to_org,
        "offers": _offer_match_but_amount,
        "quotes": _quote_match_but_speaker,
    }[kind]
    left_preds = [p for i, p in enumerate(preds) if i not in used_required]
    left_gold = [required[gi] for gi in missed_idx]
    relaxed = [
        (left_gold[g], left_preds[p]) for g, p in _pair(left_gold, left_preds, relaxed_match)
    ]

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
            add("departure.to_org", orgs_match(_str(g, "to_org"), _str(p, "to_org")))
        for g, p in strict:
            if _str(g, "status") is not None:
                add("departure.status", _str(g, "status") == _str(p, "status"))
    elif kind == "offers":
        for g, p in both:
            add("offer.amount", _amount_match(_gold_amount(g), _predicted_amount(p)))
        for g, p in strict:
            if _str(g, "status") is not None:
                add("offer.status", _str(g, "status") == _str(p, "status"))
    else:
        for g, p in both:
            if not _anonymous(g):
                add("quote.speaker", names_match(_str(g, "speaker"), _str(p, "speaker")))
        for g, p in strict:
            channel = _str(g, "channel")
            if channel is not None:
                add("quote.channel", _fold(channel) == _fold(_str(p, "channel") or ""))


def _quote_trap_text(text: str) -> str:
    return " ".join(_fold(text).strip(_QUOTE_STRIP).split())


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
                    if names_match(str(name), _str(rec, "person")):
                        found.append(
                            TrapViolation(article=article, kind=key, trap=name, record=dict(rec))
                        )
        elif key.startswith("offer_amounts_"):
            currency = key.removeprefix("offer_amounts_").upper()
            for rec in preds["offers"]:
                amount = _predicted_amount(rec)
                if amount is None or amount[2] != currency:
                    continue
                for value in traps:
                    trap = _num(value)
                    if any(b is not None and amounts_close(trap, b) for b in amount[:2]):
                        found.append(
                            TrapViolation(article=article, kind=key, trap=value, record=dict(rec))
                        )
        elif key == "quote_texts":
            for rec in preds["quotes"]:
                text = _quote_trap_text(_str(rec, "text") or "")
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
                    shares = hashed_overlap([str(w) for w in trap_words], _str(rec, "text") or "")
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
    tally: dict[str, list[int]] = {name: [0, 0] for name in _FIELD_NAMES}
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
        quote_texts = [_str(q, "text") or "" for q in preds["quotes"]]
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
