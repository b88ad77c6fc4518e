"""Amounts in a text: numbers with their currency and scale words, ranges, bounds, approximations.

Internal to :mod:`talent_extract.find.money`, whose docstring says how numbers, ranges, bounds and
approximations are read; the currency markers are ``data/currencies.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

from talent_extract import data
from talent_extract.records import Money
from talent_extract.text.normalise import match_key
from talent_extract.text.patterns import alternation

__all__ = ["Atom", "Expr", "atoms", "build"]

_MODIFIER_WINDOW: Final = 48
_MAX_NUMBER_CHARS: Final = 40


def _load_currencies() -> tuple[dict[str, str], dict[str, str]]:
    """``data/currencies.json`` as (before-marker -> code, after-marker -> code)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for code, entry in data.currencies().currencies.items():
        for marker in entry.before:
            before[match_key(marker)] = code
        for marker in entry.after:
            after[match_key(marker)] = code
    return before, after


def _alternation(words: Iterable[str]) -> str:
    """Case-insensitive alternation of ``words``, inner spaces matching any horizontal run."""
    return alternation(words, space=r"[^\S\n]+", ignorecase=True)


_BEFORE_CUR, _AFTER_CUR = _load_currencies()

# --------------------------------------------------------------------------- scale words

_SCALES: Final[dict[str, Decimal]] = {
    "ribu": Decimal(10) ** 3,
    "rb": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "juta": Decimal(10) ** 6,
    "jt": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "miliar": Decimal(10) ** 9,
    "milyar": Decimal(10) ** 9,
    "milliar": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "M": Decimal(10) ** 9,
    "triliun": Decimal(10) ** 12,
    "trilyun": Decimal(10) ** 12,
    "trillion": Decimal(10) ** 12,
    "T": Decimal(10) ** 12,
    "kuadriliun": Decimal(10) ** 15,
    "quadrillion": Decimal(10) ** 15,
}
_ENGLISH_SCALES: Final = frozenset({"thousand", "million", "billion", "trillion", "quadrillion"})
_RUPIAH_ONLY_SCALES: Final = frozenset({"M", "T"})
_CASED_SCALES: Final = frozenset({"M", "T"})


def _scale_key(s: str | None) -> str | None:
    if s is None:
        return None
    return s if s in _CASED_SCALES else s.lower()


_SCALE_SRC = (
    "(?:(?i:" + _alternation([w for w in _SCALES if w not in _CASED_SCALES]) + ")|M|T)"
    r"(?![^\W\d_])"
)

# --------------------------------------------------------------------------- the amount atom

_ATOM_RE: Final = re.compile(
    r"(?:(?<![^\W_])(?P<pre>(?i:" + _alternation(_BEFORE_CUR) + r"))[^\S\n]{0,3}"
    r"|(?<![\w.,]))"
    r"(?P<num>[0-9]+(?:[.,][0-9]+)*)(?![0-9]|[.,][0-9])"
    r"(?P<dash>,-(?!-))?"
    r"(?:[^\S\n]{0,2}(?P<scale>" + _SCALE_SRC + "))?"
    r"(?:[^\S\n]{0,3}(?P<post>(?i:" + _alternation(_AFTER_CUR) + r"))(?![^\W\d_]))?"
)
_YEAR_RE: Final = re.compile(r"(?:19|20)[0-9]{2}")
_YEAR_INTRO_RE: Final = re.compile(
    r"(?<![^\W\d_])(?:tahun|thn|pada|sejak|awal|akhir|pertengahan|medio|sepanjang|selama"
    r"|jan(?:uari)?|feb(?:ruari)?|mar(?:et)?|apr(?:il)?|mei|jun[ie]?|jul[iy]?"
    r"|agu(?:stus)?|agt|sep(?:tember)?|okt(?:ober)?|nov(?:ember)?|des(?:ember)?)[^\S\n]+\Z",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Atom:
    """One number with whatever currency marker and scale word are written next to it."""

    start: int
    end: int
    num: str
    scale: str | None
    currency: str | None
    closed: bool
    """True when a currency word follows the number: "5 dolar" takes no scale from a neighbour."""


def atoms(text: str) -> list[Atom]:
    out: list[Atom] = []
    for m in _ATOM_RE.finditer(text):
        num = m.group("num")
        scale_raw = m.group("scale")
        scale = _scale_key(scale_raw)
        if scale_raw is not None and scale not in _SCALES:
            continue
        pre_raw, post_raw = m.group("pre"), m.group("post")
        pre = _BEFORE_CUR.get(match_key(pre_raw)) if pre_raw else None
        post = _AFTER_CUR.get(match_key(post_raw)) if post_raw else None
        start = m.start("pre") if pre is not None else m.start("num")
        end = m.end()
        drop_post = post_raw is not None and (
            post is None
            or (pre is not None and post != pre)
            or (
                pre is None
                and scale is None
                and _YEAR_RE.fullmatch(num) is not None
                and _YEAR_INTRO_RE.search(text, max(0, start - 16), start) is not None
            )
        )
        if drop_post:
            post = None
            end = max(m.end("num"), m.end("dash"), m.end("scale"))
        out.append(Atom(start, end, num, scale, pre or post, post is not None))
    return out


def _number(raw: str, scale: str | None) -> Decimal | None:
    """The value of a written number (no scale applied), or None when it is not a number."""
    if len(raw) > _MAX_NUMBER_CHARS:
        return None
    seps = [c for c in raw if c in ".,"]
    groups = re.split(r"[.,]", raw)
    if not seps:
        return Decimal(raw)
    kinds = set(seps)
    if len(kinds) == 2:
        dec = seps[-1]
        if seps.count(dec) != 1 or any(len(g) != 3 for g in groups[1:-1]):
            return None
        if not 1 <= len(groups[0]) <= 3:
            return None
        return Decimal("".join(groups[:-1]) + "." + groups[-1])
    if len(seps) > 1:
        if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        return Decimal("".join(groups))
    head, tail = groups
    thousands = False
    if len(tail) == 3 and 1 <= len(head) <= 3:
        if seps[0] == ".":
            thousands = scale not in _ENGLISH_SCALES
        else:
            thousands = scale is None or scale in _ENGLISH_SCALES
    return Decimal(head + tail) if thousands else Decimal(head + "." + tail)


def _value(raw: str, scale: str | None) -> Decimal | None:
    n = _number(raw, scale)
    if n is None:
        return None
    return n * _SCALES[scale] if scale is not None else n


# --------------------------------------------------------------------------- modifiers

_ModKind = Literal["min", "max", "approx", "range"]
_MODIFIERS: Final[dict[str, _ModKind]] = {
    **dict.fromkeys(
        [
            "lebih dari",
            "lebih daripada",
            "lebih besar dari",
            "di atas",
            "diatas",
            "setidaknya",
            "setidak-tidaknya",
            "sedikitnya",
            "minimal",
            "minimum",
            "paling sedikit",
            "paling tidak",
            "sekurang-kurangnya",
            "melebihi",
            "melampaui",
            "mulai dari",
        ],
        "min",
    ),
    **dict.fromkeys(
        [
            "hingga",
            "sampai",
            "sampai dengan",
            "mencapai",
            "tembus",
            "menembus",
            "di bawah",
            "dibawah",
            "kurang dari",
            "maksimal",
            "maksimum",
            "paling banyak",
            "tak lebih dari",
            "tidak lebih dari",
            "tak sampai",
            "tidak sampai",
            "sebanyak-banyaknya",
            "setinggi-tingginya",
        ],
        "max",
    ),
    **dict.fromkeys(
        [
            "sekitar",
            "sekira",
            "di kisaran",
            "kisaran",
            "kurang lebih",
            "kurang-lebih",
            "lebih kurang",
            "hampir",
            "nyaris",
            "kira-kira",
            "kira kira",
            "±",
            "~",
            "≈",
        ],
        "approx",
    ),
    **dict.fromkeys(["antara", "berkisar", "berkisar antara", "kisaran"], "range"),
}
_MODIFIER_KINDS: Final = {match_key(word): kind for word, kind in _MODIFIERS.items()}
_MODIFIER_RE: Final = re.compile(
    r"(?<![^\W\d_])(?P<w>" + _alternation(_MODIFIERS) + r")[^\S\n]*\Z", re.IGNORECASE
)
_ANTARA_RE: Final = re.compile(r"(?<![^\W\d_])antara[^\S\n]*\Z", re.IGNORECASE)
_CONNECTOR_RE: Final = re.compile(
    r"[^\S\n]*(?P<c>[-–—‒]|s\.d\.?|s/d|sampai(?:[^\S\n]+dengan)?|hingga(?:[^\S\n]+mencapai)?"
    r"|dan)[^\S\n]*",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Expr:
    """A single amount or a range, with its modifiers, before conversion/period handling."""

    start: int
    end: int
    lo: Decimal | None
    hi: Decimal | None
    currency: str
    approximate: bool
    next_atom: int

    def money(self, text: str, conversion: Money | None = None) -> Money:
        return Money(
            min=None if self.lo is None else float(self.lo),
            max=None if self.hi is None else float(self.hi),
            currency=self.currency,
            approximate=self.approximate,
            text=text[self.start : self.end],
            conversion=conversion,
        )


def _range(text: str, a: Atom, b: Atom, limit: int) -> tuple[Decimal, Decimal, str] | None:
    """(lo, hi, currency) when atoms ``a`` and ``b`` form one range, else None."""
    conn = _CONNECTOR_RE.fullmatch(text, a.end, b.start)
    if conn is None:
        return None
    if conn.group("c").lower() == "dan" and not _ANTARA_RE.search(
        text[max(limit, a.start - 20) : a.start]
    ):
        return None
    if a.currency and b.currency and a.currency != b.currency:
        return None
    currency = a.currency or b.currency
    if currency is None:
        return None
    hi = _value(b.num, b.scale)
    if hi is None:
        return None
    candidates: list[Decimal | None] = []
    if a.scale is None and b.scale is not None and not a.closed:
        candidates.append(_value(a.num, b.scale))
    candidates.append(_value(a.num, a.scale))
    for lo in candidates:
        if lo is not None and lo <= hi:
            return lo, hi, currency
    return None


def build(text: str, atoms: list[Atom], i: int, limit: int) -> Expr | None:
    """The expression that starts with ``atoms[i]`` (extended to a range when one follows)."""
    a = atoms[i]
    end, nxt = a.end, i + 1
    lo: Decimal | None
    hi: Decimal | None
    rng = _range(text, a, atoms[i + 1], limit) if i + 1 < len(atoms) else None
    scales = {a.scale}
    if rng is not None:
        lo, hi, currency = rng
        end, nxt = atoms[i + 1].end, i + 2
        scales.add(atoms[i + 1].scale)
        is_range = True
    else:
        if a.currency is None:
            return None
        value = _value(a.num, a.scale)
        if value is None:
            return None
        lo = hi = value
        currency = a.currency
        is_range = False
    if currency != "IDR" and scales & _RUPIAH_ONLY_SCALES:
        return None

    start = a.start
    kinds: list[_ModKind] = []
    while len(kinds) < 4:
        win_start = max(limit, start - _MODIFIER_WINDOW)
        m = _MODIFIER_RE.search(text[win_start:start])
        if m is None:
            break
        kind = _MODIFIER_KINDS.get(match_key(m.group("w")))
        if kind is None or (kind != "approx" and (kind == "range") != is_range):
            break
        kinds.append(kind)
        start = win_start + m.start()
    bound = next((k for k in kinds if k in ("min", "max")), None)
    if bound == "min":
        hi = None
    elif bound == "max":
        lo = None
    return Expr(start, end, lo, hi, currency, "approx" in kinds, nxt)
