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
* Bounds before a single amount: ``lebih dari``, ``di atas``, ``setidaknya``, ``minimal``,
  ``melebihi``, ``melampaui`` ... set ``min`` only; ``hingga``, ``sampai``, ``mencapai``,
  ``tembus``, ``di bawah``, ``maksimal``, ``tak lebih dari`` ... set ``max`` only. Several
  words may be chained ("hingga mencapai"); if they disagree the word nearest the number wins.
  The words are part of the mention's text.
* Approximations (``sekitar``, ``di kisaran``, ``kurang lebih``, ``hampir``, ``±`` ...) set
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
in the same sentence (the window stops at a sentence end as :mod:`talent_extract.text.sentences`
finds them, at ``;`` followed by a space, and at the previous mention): "Di tahun pertama saja,
beberapa staf dijamin mendapat $50-100 juta". Only the unambiguous forms are looked for before the
amount (preposition + count + unit, preposition + ``tahun pertama``, ``per``/``setiap``/``tiap`` +
unit), never a bare "setahun". The captured period text omits the preposition ("empat tahun",
"tahun pertama") but keeps ``per``/``setiap``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import localcontext
from typing import Final

from talent_extract.find.money_amounts import Atom, Expr, build
from talent_extract.find.money_amounts import atoms as find_atoms
from talent_extract.records import Money
from talent_extract.text.sentences import sentence_ends

__all__ = ["PERIOD_BEFORE_WINDOW", "MoneyMention", "find_money", "parse_money"]

PERIOD_BEFORE_WINDOW: Final = 60
"""How many characters before a mention are searched for a period phrase (same sentence only)."""


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


# --------------------------------------------------------------------------- conversions

_CONV_OPEN_RE: Final = re.compile(
    r"[^\S\n]*(?:(?P<paren>\()[^\S\n]*(?:(?:atau[^\S\n]+)?(?:setara|senilai)"
    r"(?:[^\S\n]+dengan)?[^\S\n]+|atau[^\S\n]+)?"
    r"|,?[^\S\n]*(?:(?:atau[^\S\n]+)?setara(?:[^\S\n]+dengan)?|atau)[^\S\n]+)",
    re.IGNORECASE,
)
# The bracket may close after the currency's country ("(sekitar 2,17 miliar won Korea)").
_CONV_CLOSE_RE: Final = re.compile(r"[^\S\n]*(?:[A-Z][a-z]+[^\S\n]*)?\)")
# A range's joiner after the first end's conversion (not "dan": "antara" would be before it).
_BRIDGE_RE: Final = re.compile(
    r"[^\S\n]*(?:[-–—‒]|s\.d\.?|s/d|sampai(?:[^\S\n]+dengan)?|hingga(?:[^\S\n]+mencapai)?)"
    r"[^\S\n]*",
    re.IGNORECASE,
)

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
_CLAUSE_BREAK_RE: Final = re.compile(r";(?=\s)")


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
    ends = [e for _, e in sentence_ends(text, win_start, start)]
    ends += [b.end() for b in _CLAUSE_BREAK_RE.finditer(text, win_start, start)]
    offset = max([win_start, *ends])
    found = _last(_PERIOD_BEFORE_RE.finditer(text, offset, start))
    if found is None:
        return None
    g = next(k for k in ("a", "b", "c") if found.group(k) is not None)
    return found.group(g), found.start(g), found.end(g)


def _conversion(
    text: str, atoms: list[Atom], pos: int, from_atom: int, main_currency: str
) -> tuple[Expr, int] | None:
    """A conversion starting at ``pos``: (its expression, end of the whole construct)."""
    opener = _CONV_OPEN_RE.match(text, pos)
    if opener is None:
        return None
    j = from_atom
    while j < len(atoms) and atoms[j].start < opener.end():
        j += 1
    if j >= len(atoms):
        return None
    conv = build(text, atoms, j, opener.end())
    if conv is None or conv.start != opener.end() or conv.currency == main_currency:
        return None
    close = conv.end
    if opener.group("paren") is not None:
        closing = _CONV_CLOSE_RE.match(text, conv.end)
        if closing is None:
            return None
        close = closing.end()
    return conv, close


def _bridged(
    text: str, atoms: list[Atom], first: Expr, close: int, next_atom: int
) -> tuple[MoneyMention, int, int] | None:
    """A range whose first end carries its own conversion, or both ends do: "US$200 juta (Rp 3,2
    triliun) hingga US$1 miliar (Rp 16 triliun)", "US$200 juta (Rp 3,2 triliun)-US$1 miliar".

    Indonesian outlets convert every dollar amount in brackets, so a range is often written this
    way; read as two amounts it would be two offers. The range keeps no conversion (its two
    conversions are not one text).
    """
    if first.lo is None or first.lo != first.hi or next_atom >= len(atoms):
        return None
    joiner = _BRIDGE_RE.match(text, close)
    if joiner is None or atoms[next_atom].start != joiner.end():
        return None
    # The joiner is the range's, not a bound of the second amount: build from after it.
    second = build(text, atoms, next_atom, joiner.end())
    if (
        second is None
        or second.currency != first.currency
        or second.lo is None
        or second.lo != second.hi
        or second.hi is None
        or second.hi <= first.lo
    ):
        return None
    reach, nxt = second.end, second.next_atom
    period = _period_after(text, second.end)
    conv = _conversion(text, atoms, period[2] if period else second.end, nxt, first.currency)
    if conv is not None:
        reach, nxt = conv[1], conv[0].next_atom
        if period is None:
            period = _period_after(text, reach)
    if period is not None:
        reach = max(reach, period[2])
    span = Expr(
        first.start,
        second.end,
        first.lo,
        second.hi,
        first.currency,
        first.approximate or second.approximate,
        nxt,
    )
    mention = MoneyMention(
        start=span.start,
        end=span.end,
        money=span.money(text),
        period=period[0] if period else None,
        period_start=period[1] if period else None,
        period_end=period[2] if period else None,
    )
    return mention, nxt, reach


def _mention(
    text: str, atoms: list[Atom], i: int, limit: int
) -> tuple[MoneyMention, int, int] | None:
    """The mention starting at ``atoms[i]``, the next unused atom and the offset it reaches."""
    expr = build(text, atoms, i, limit)
    if expr is None:
        return None
    period = _period_after(text, expr.end)
    after = period[2] if period else expr.end
    conv = _conversion(text, atoms, after, expr.next_atom, expr.currency)
    if conv is not None and period is None:
        bridged = _bridged(text, atoms, expr, conv[1], conv[0].next_atom)
        if bridged is not None:
            return bridged
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
    atoms = find_atoms(text)
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
