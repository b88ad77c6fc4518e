"""Indonesian money normaliser: "hingga mencapai US$100 juta" -> :class:`Money`.

Pure, regex based (every pattern is compiled once, at import) and total: neither public function
raises on any ``str``; they return ``None`` / ``[]`` when there is no money in the text.

What counts as a money expression
---------------------------------
A number with a currency marker in front of it or behind it (the markers live in
``data/currencies.json``; see the ``_doc`` there to add one), optionally with a scale word
(``ribu``/``rb``, ``juta``/``jt``, ``miliar``/``milyar``, ``triliun``, ``kuadriliun``, English
``thousand``/``million``/``billion``/``trillion``, ``K``, ``bn``). ``M`` (miliar) and ``T``
(triliun) are read only for rupiah ("Rp 5 M", "Rp 1,5 T"); in any other currency an amount with a
bare ``M``/``T`` is ambiguous (English "M" is million) and is skipped altogether rather than
guessed. A number with a scale word but no currency ("100 juta pengguna") is not money, nor is a
year, a percentage, a count, a model name or a date. A four-digit year after a time word or a
month name, with only a trailing marker ("sejak 2021 dolar menguat"), is not read as money
either ("gaji 2000 dolar per bulan" is).

Numbers
-------
Indonesian style is the default: ``.`` groups thousands and ``,`` is the decimal mark
("Rp 3.200.000", "US$6,6 miliar", "Rp3.325,1 triliun"). English style is read where it is not
ambiguous: several ``,``-groups ("US$ 2,500,000"), both marks ("1,234.56"), a ``.`` followed by
anything but exactly three digits ("$1.5 billion", "Rp 1.5 juta"). A single ``.ddd`` is a thousands
group ("Rp1.558 triliun" is 1 558 triliun) unless an English scale word follows ("$1.558
billion"). A single ``,ddd`` is a decimal comma before a scale word ("1,500 juta" is 1,5 juta) and
a thousands group otherwise ("US$ 2,500"). Values are computed with :class:`~decimal.Decimal` and
converted to the nearest float once, so integral amounts come out integral.

Ranges, bounds, approximations
------------------------------
* Ranges: two amounts joined by ``-``, ``–``, ``—``, ``s.d.``, ``s/d``, ``sampai (dengan)``,
  ``hingga (mencapai)``, or ``dan`` after ``antara``. A scale word or currency written only once is
  shared ("$200-500 juta", "200 sampai 500 juta dolar"). A leading ``antara``/``berkisar`` belongs
  to the range's text.
* Bounds before a single amount: ``lebih dari``, ``di atas``, ``setidaknya``, ``minimal`` ...
  set ``min`` only; ``hingga``, ``sampai``, ``mencapai``, ``di bawah``, ``maksimal``,
  ``tak lebih dari`` ... set ``max`` only. Several words may be chained ("hingga mencapai"); if they
  disagree the word nearest the number wins. The words are part of the mention's text.
* Approximations (``sekitar``, ``kurang lebih``, ``hampir``, ``kira-kira``, ``±`` ...) set
  ``approximate=True``; they combine with bounds and ranges.

Conversions
-----------
An amount in another currency right after the main one, in brackets ("US$100 juta (sekitar Rp 1,6
triliun)") or after ``atau``/``setara (dengan)``/``atau setara``/``atau sekitar`` ("US$100 juta
atau setara Rp1,6 triliun"), becomes ``Money.conversion`` of the main amount and does not make a
mention of its own. **Span decision:** the mention's ``start``/``end`` and ``money.text`` cover
the main amount only (with its bound/approximation words); the conversion's own text (e.g.
"sekitar Rp 1,6 triliun", without the connector word or brackets) is in ``money.conversion.text``
and located by :attr:`MoneyMention.conversion_start`/``conversion_end``. A same-currency amount
after ``atau`` or in brackets is an alternative, not a conversion, and is a mention of its own.

Periods
-------
A period phrase written right after the amount (or after its conversion) is attached: "dalam
empat tahun", "selama dua tahun", "dalam jangka waktu beberapa tahun", "per tahun", "/bulan",
"setiap bulan", "setahun", "sebulan", "di tahun pertama". Failing that, a phrase *before* the amount
is attached when it starts within :data:`PERIOD_BEFORE_WINDOW` (60) characters before the mention,
in the same sentence (the window stops at ``. ! ? ;`` followed by a space, at a line break and at
the previous mention): "Di tahun pertama saja, beberapa staf dijamin mendapat $50-100 juta". Only
the unambiguous forms are looked for before the amount (preposition + count + unit, preposition +
``tahun pertama``, ``per``/``setiap``/``tiap`` + unit), never a bare "setahun". The captured
period text omits the preposition ("empat tahun", "tahun pertama") but keeps ``per``/``setiap``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from importlib import resources
from typing import Final, Literal

from talent_extract.records import Money

__all__ = ["PERIOD_BEFORE_WINDOW", "MoneyMention", "find_money", "parse_money"]

PERIOD_BEFORE_WINDOW: Final = 60
"""How many characters before a mention are searched for a period phrase (same sentence only)."""

_MODIFIER_WINDOW: Final = 48
_MAX_NUMBER_CHARS: Final = 40


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """One money expression found in a text.

    ``text[start:end] == money.text`` always. ``period`` is the attached period phrase ("empat
    tahun", "per tahun", "tahun pertama") and ``text[period_start:period_end] == period``.
    ``conversion_start``/``conversion_end`` locate ``money.conversion.text`` when there is a
    conversion; the conversion lies outside ``start:end`` (see the module docstring).
    """

    start: int
    end: int
    money: Money
    period: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    conversion_start: int | None = None
    conversion_end: int | None = None


# --------------------------------------------------------------------------- currency table


def _norm(s: str) -> str:
    """Key used to look up a matched marker or word: lower case, single spaces."""
    return " ".join(s.split()).lower()


def _load_currencies() -> tuple[dict[str, str], dict[str, str]]:
    """Read ``data/currencies.json`` into (before-marker -> code, after-marker -> code)."""
    raw = resources.files("talent_extract").joinpath("data/currencies.json").read_text("utf-8")
    data = json.loads(raw)
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for code, entry in data["currencies"].items():
        for marker in entry.get("before", []):
            before[_norm(marker)] = str(code)
        for marker in entry.get("after", []):
            after[_norm(marker)] = str(code)
    return before, after


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first, inner spaces matching any horizontal run."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"[^\S\n]+".join(re.escape(p) for p in w.split()) for w in ordered)


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
class _Atom:
    """One number with whatever currency marker and scale word are written next to it."""

    start: int
    end: int
    num: str
    scale: str | None
    currency: str | None
    closed: bool
    """True when a currency word follows the number: "5 dolar" takes no scale from a neighbour."""


def _atoms(text: str) -> list[_Atom]:
    out: list[_Atom] = []
    for m in _ATOM_RE.finditer(text):
        num = m.group("num")
        scale_raw = m.group("scale")
        scale = _scale_key(scale_raw)
        if scale_raw is not None and scale not in _SCALES:
            continue
        pre_raw, post_raw = m.group("pre"), m.group("post")
        pre = _BEFORE_CUR.get(_norm(pre_raw)) if pre_raw else None
        post = _AFTER_CUR.get(_norm(post_raw)) if post_raw else None
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
        out.append(_Atom(start, end, num, scale, pre or post, post is not None))
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
_MODIFIER_RE: Final = re.compile(
    r"(?<![^\W\d_])(?P<w>" + _alternation(_MODIFIERS) + r")[^\S\n]*\Z", re.IGNORECASE
)
_ANTARA_RE: Final = re.compile(r"(?<![^\W\d_])antara[^\S\n]*\Z", re.IGNORECASE)
_CONNECTOR_RE: Final = re.compile(
    r"[^\S\n]*(?P<c>[-–—‒]|s\.d\.?|s/d|sampai(?:[^\S\n]+dengan)?|hingga(?:[^\S\n]+mencapai)?"
    r"|dan)[^\S\n]*",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- conversions

_CONV_OPEN_RE: Final = re.compile(
    r"[^\S\n]*(?:(?P<paren>\()[^\S\n]*(?:(?:atau[^\S\n]+)?(?:setara|senilai)"
    r"(?:[^\S\n]+dengan)?[^\S\n]+|atau[^\S\n]+)?"
    r"|,?[^\S\n]*(?:(?:atau[^\S\n]+)?setara(?:[^\S\n]+dengan)?|atau)[^\S\n]+)",
    re.IGNORECASE,
)
_CONV_CLOSE_RE: Final = re.compile(r"[^\S\n]*\)")

# --------------------------------------------------------------------------- periods

_NUMWORD = r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)"
_SP = r"[^\S\n]+"
_COUNT = (
    rf"(?:[0-9]+(?:[.,][0-9]+)?|beberapa|sepuluh|sebelas|seratus|setengah"
    rf"|{_NUMWORD}(?:{_SP}(?:belas|puluh)(?:{_SP}{_NUMWORD})?)?(?:{_SP}setengah)?)"
)
_UNIT = r"(?:tahun|bulan|minggu|pekan|hari|jam|kuartal|triwulan|semester|dekade|dasawarsa)"
_SE_UNIT = r"se(?:tahun|bulan|minggu|pekan|hari|jam|kuartal|triwulan|semester|dekade)"
_ORDINAL = (
    r"(?:pertama|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh"
    r"|ke-?[0-9]+)"
)
# "dalam jangka waktu beberapa tahun", "selama empat tahun" -> group a
_SPAN_PHRASE = (
    rf"(?:dalam|selama|sepanjang|untuk){_SP}"
    rf"(?:(?:jangka|kurun){_SP}waktu{_SP}|masa{_SP}|periode{_SP})?"
)
# "di tahun pertama" -> group b
_ORDINAL_PHRASE = rf"(?:di|pada|untuk|dalam|selama){_SP}(?P<b>{_UNIT}{_SP}{_ORDINAL})"
# "setahun lalu" is a date, not a period
_NOT_AGO = (
    rf"(?!{_SP}(?:lalu|silam|kemudian|sebelumnya|sesudahnya|setelahnya|berikutnya"
    rf"|yang{_SP}lalu))"
)
_PERIOD_AFTER_RE: Final = re.compile(
    rf"[^\S\n]*(?:{_SPAN_PHRASE}(?P<a>{_COUNT}{_SP}{_UNIT}|{_SE_UNIT}{_NOT_AGO})"
    rf"|{_ORDINAL_PHRASE}"
    rf"|(?P<c>(?:per|setiap|tiap)[^\S\n]*{_UNIT}|per{_SP}annum"
    rf"|/[^\S\n]?(?:{_UNIT}|thn|bln|th)|{_SE_UNIT}{_NOT_AGO}))"
    r"(?:nya)?(?![^\W\d_])",
    re.IGNORECASE,
)
_PERIOD_BEFORE_RE: Final = re.compile(
    rf"(?<![^\W\d_])(?:{_SPAN_PHRASE}(?P<a>{_COUNT}{_SP}{_UNIT})"
    rf"|{_ORDINAL_PHRASE}"
    rf"|(?P<c>(?:per|setiap|tiap){_SP}{_UNIT}))"
    r"(?:nya)?(?![^\W\d_])",
    re.IGNORECASE,
)
_SENTENCE_BREAK_RE: Final = re.compile(r"[.!?;](?=\s)|\n")

# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class _Expr:
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


def _range(text: str, a: _Atom, b: _Atom, limit: int) -> tuple[Decimal, Decimal, str] | None:
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


def _build(text: str, atoms: list[_Atom], i: int, limit: int) -> _Expr | None:
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
        kind = _MODIFIERS.get(_norm(m.group("w")))
        if kind is None or (kind != "approx" and (kind == "range") != is_range):
            break
        kinds.append(kind)
        start = win_start + m.start()
    bound = next((k for k in kinds if k in ("min", "max")), None)
    if bound == "min":
        hi = None
    elif bound == "max":
        lo = None
    return _Expr(start, end, lo, hi, currency, "approx" in kinds, nxt)


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    tail = deque(matches, maxlen=1)
    return tail[0] if tail else None


def _period_after(text: str, pos: int) -> tuple[str, int, int] | None:
    m = _PERIOD_AFTER_RE.match(text, pos)
    if m is None:
        return None
    g = next(k for k in ("a", "b", "c") if m.group(k) is not None)
    return m.group(g), m.start(g), m.end(g)


def _period_before(text: str, start: int, limit: int) -> tuple[str, int, int] | None:
    """The last period phrase in the same sentence, within the window before ``start``."""
    win_start = max(limit, start - PERIOD_BEFORE_WINDOW)
    last_break = _last(_SENTENCE_BREAK_RE.finditer(text, win_start, start))
    offset = last_break.end() if last_break is not None else win_start
    found = _last(_PERIOD_BEFORE_RE.finditer(text, offset, start))
    if found is None:
        return None
    g = next(k for k in ("a", "b", "c") if found.group(k) is not None)
    return found.group(g), found.start(g), found.end(g)


def _conversion(
    text: str, atoms: list[_Atom], pos: int, from_atom: int, main_currency: str
) -> tuple[_Expr, int] | None:
    """A conversion starting at ``pos``: (its expression, end of the whole construct)."""
    opener = _CONV_OPEN_RE.match(text, pos)
    if opener is None:
        return None
    j = from_atom
    while j < len(atoms) and atoms[j].start < opener.end():
        j += 1
    if j >= len(atoms):
        return None
    conv = _build(text, atoms, j, opener.end())
    if conv is None or conv.start != opener.end() or conv.currency == main_currency:
        return None
    close = conv.end
    if opener.group("paren") is not None:
        closing = _CONV_CLOSE_RE.match(text, conv.end)
        if closing is None:
            return None
        close = closing.end()
    return conv, close


def _mention(
    text: str, atoms: list[_Atom], i: int, limit: int
) -> tuple[MoneyMention, int, int] | None:
    """The mention starting at ``atoms[i]``, the next unused atom and the offset it reaches."""
    expr = _build(text, atoms, i, limit)
    if expr is None:
        return None
    period = _period_after(text, expr.end)
    after = period[2] if period else expr.end
    conv = _conversion(text, atoms, after, expr.next_atom, expr.currency)
    reach = max(expr.end, period[2] if period else 0)
    nxt = expr.next_atom
    conversion: Money | None = None
    conv_span: tuple[int | None, int | None] = (None, None)
    if conv is not None:
        cexpr, close = conv
        conversion = cexpr.money(text)
        conv_span = (cexpr.start, cexpr.end)
        reach, nxt = close, cexpr.next_atom
        if period is None:
            period = _period_after(text, close)
    if period is not None:
        reach = max(reach, period[2])
    else:
        period = _period_before(text, expr.start, limit)
    mention = MoneyMention(
        start=expr.start,
        end=expr.end,
        money=expr.money(text, conversion),
        period=period[0] if period else None,
        period_start=period[1] if period else None,
        period_end=period[2] if period else None,
        conversion_start=conv_span[0],
        conversion_end=conv_span[1],
    )
    return mention, nxt, reach


# --------------------------------------------------------------------------- public API


def find_money(text: str) -> list[MoneyMention]:
    """Every money expression in ``text``, in order of appearance and non-overlapping.

    Each :class:`MoneyMention` satisfies ``text[m.start:m.end] == m.money.text``. A conversion
    ("(sekitar Rp 1,6 triliun)") is folded into the amount before it and is never a mention of its
    own. Never raises for a ``str``; returns ``[]`` when there is no money.
    """
    if not isinstance(text, str) or not text:
        return []
    atoms = _atoms(text)
    out: list[MoneyMention] = []
    limit = 0
    i = 0
    with localcontext() as ctx:
        ctx.prec = 80
        while i < len(atoms):
            if atoms[i].start < limit:
                i += 1
                continue
            try:
                found = _mention(text, atoms, i, limit)
            except (ArithmeticError, ValueError):  # defensive: never raise on odd input
                found = None
            if found is None:
                i += 1
                continue
            mention, i, limit = found
            out.append(mention)
            while i < len(atoms) and atoms[i].start < limit:
                i += 1
    return out


def parse_money(text: str) -> Money | None:
    """The first money expression in ``text`` as :class:`Money`, or None when there is none.

    >>> m = parse_money("ditawari hingga mencapai US$100 juta (sekitar Rp 1,6 triliun)")
    >>> (m.min, m.max, m.currency, m.text)
    (None, 100000000.0, 'USD', 'hingga mencapai US$100 juta')
    >>> m.conversion.min, m.conversion.currency, m.conversion.approximate
    (1600000000000.0, 'IDR', True)
    """
    mentions = find_money(text)
    return mentions[0].money if mentions else None
