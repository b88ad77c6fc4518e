"""When a predicted record matches a gold one: the rules of ``examples/gold/README.md``.

Used by :func:`talent_extract.review.evaluate.evaluate`:

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
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal, TypeAlias

from talent_extract import data
from talent_extract.exceptions import InputError
from talent_extract.text.normalise import fold

__all__ = [
    "AMOUNT_TOLERANCE",
    "KINDS",
    "MATCHERS",
    "QUOTE_WORD_OVERLAP",
    "amounts_close",
    "describes_group",
    "names_match",
    "orgs_match",
    "pair",
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

QUOTE_STRIP = " \t\r\n\"'“”‘’„‟«»‹›`´,.;:!?"


def tokens(text: str | None) -> list[str]:
    """Lowercase alphanumeric tokens of ``text``; punctuation and accents are ignored."""
    return _TOKEN.findall(fold(text)) if text else []


def names_match(a: str | None, b: str | None) -> bool:
    """Whether two person names match: token subset either way, or equal last names.

    Case, punctuation and accents are ignored. An empty or missing name matches nothing.

    >>> names_match("Zhao", "Shengjia Zhao"), names_match("Mira Murati", "Murati")
    (True, True)
    """
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    sa, sb = set(ta), set(tb)
    return sa <= sb or sb <= sa or ta[-1] == tb[-1]


@lru_cache(maxsize=1)
def _alias_groups() -> dict[str, int]:
    """Normalised alias -> group id, from ``data/eval_org_aliases.json``."""
    groups = data.eval_aliases().groups
    return {" ".join(tokens(name)): i for i, group in enumerate(groups) for name in group}


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
    ta, tb = tokens(a), tokens(b)
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
    if any(word in _GROUP_WORDS for word in tokens(person)):
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
    g, p = Counter(tokens(gold_text)), Counter(tokens(predicted_text))
    common = sum((g & p).values())
    g_total, p_total = sum(g.values()), sum(p.values())
    return (common / g_total if g_total else 0.0, common / p_total if p_total else 0.0)


# ---------------------------------------------------------------------------------------------
# Record accessors (gold uses amount_min/amount_max/currency, predictions a Money dict)
# ---------------------------------------------------------------------------------------------


def field_text(record: Record, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"amount bound must be a number, got {value!r}")
    return float(value)


def gold_amount(record: Record) -> _Amount | None:
    low, high = number(record.get("amount_min")), number(record.get("amount_max"))
    if low is None and high is None:
        return None
    return low, high, (field_text(record, "currency") or "").upper() or None


def predicted_amount(record: Record) -> _Amount | None:
    money = record.get("amount")
    if not isinstance(money, Mapping):
        return None
    low, high = number(money.get("min")), number(money.get("max"))
    if low is None and high is None:
        return None
    return low, high, (field_text(money, "currency") or "").upper() or None


def amount_match(gold: _Amount | None, predicted: _Amount | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return (
        gold[2] == predicted[2]
        and amounts_close(gold[0], predicted[0])
        and amounts_close(gold[1], predicted[1])
    )


def is_anonymous(gold: Record) -> bool:
    return bool(gold.get("speaker_anonymous", gold.get("anonymous", False)))


def _count(record: Record) -> int | None:
    value = record.get("count")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# ---------------------------------------------------------------------------------------------
# Record matchers: (gold, predicted) -> bool
# ---------------------------------------------------------------------------------------------


def _departure_person_orgs(gold: Record, pred: Record, *, to_org: bool) -> bool:
    if not orgs_match(field_text(gold, "from_org"), field_text(pred, "from_org")):
        return False
    if to_org and not orgs_match(field_text(gold, "to_org"), field_text(pred, "to_org")):
        return False
    gold_person = field_text(gold, "person")
    if gold_person is None:
        return describes_group(field_text(pred, "person"), _count(pred))
    return names_match(gold_person, field_text(pred, "person"))


def _departure_match(gold: Record, pred: Record) -> bool:
    return _departure_person_orgs(gold, pred, to_org=True)


def departure_match_but_to_org(gold: Record, pred: Record) -> bool:
    return _departure_person_orgs(gold, pred, to_org=False)


def offer_match_but_amount(gold: Record, pred: Record) -> bool:
    return orgs_match(field_text(gold, "offerer"), field_text(pred, "offerer"))


def _offer_match(gold: Record, pred: Record) -> bool:
    return offer_match_but_amount(gold, pred) and amount_match(
        gold_amount(gold), predicted_amount(pred)
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
    if isinstance(hashed, list) and field_text(gold, "text") is None:
        return hashed_overlap([str(w) for w in hashed], predicted_text)
    return quote_overlap(field_text(gold, "text") or "", predicted_text)


def quote_match_but_speaker(gold: Record, pred: Record) -> bool:
    g_share, p_share = _quote_shares(gold, field_text(pred, "text") or "")
    return g_share >= QUOTE_WORD_OVERLAP and p_share >= QUOTE_WORD_OVERLAP


def _quote_match(gold: Record, pred: Record) -> bool:
    if not quote_match_but_speaker(gold, pred):
        return False
    return is_anonymous(gold) or names_match(
        field_text(gold, "speaker"), field_text(pred, "speaker")
    )


MATCHERS: dict[RecordKind, Matcher] = {
    "departures": _departure_match,
    "offers": _offer_match,
    "quotes": _quote_match,
}


def pair(
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
