"""Indonesian date expressions: a news page's publication date, and every date phrase in a text.

Three entry points:

* :func:`find_published_date` looks for the publication date in the header of a page
  ("Senin, 20 Mei 2024 | 00:00 WIB", "Diterbitkan 3 Januari 2024").
* :func:`find_dates` finds every date phrase in a text and resolves it against the publication date
  into a :class:`ResolvedDate` (ISO value at day, month or year resolution, plus its span).
* :func:`resolve_date` resolves a single phrase.

Why our own rules and not ``dateparser``
----------------------------------------
Measured with dateparser 1.5 (``languages=["id"]``, ``PREFER_DATES_FROM="past"``, base 2023-11-21):

* it returns nothing for "minggu lalu", "pekan lalu", "sepekan lalu", "dua minggu lalu",
  "tiga bulan lalu", "Agustus lalu", "Selasa lalu", "akhir pekan lalu", "lusa", "Jum'at", "Jum’at"
  and "1 Agust 2023";
* it is wrong for "20 Mei 24" (1924-05-20), and ``search_dates`` reads "4,4 persen" as 4 April and
  bare weekday names ("Senin" anywhere) as dates;
* for the forms it does handle ("20 Mei 2024", "18/11/2023", "Mei 2024", "3 hari lalu", "kemarin")
  it agrees with the rules here, but costs ~90 ms to load and gives no character offsets.

So every phrase is found and resolved by the regular expressions below over the word lists in
``data/dates_id.json``; the test suite cross-checks the absolute forms against dateparser where it
answers. Nothing here calls dateparser at run time.

Resolution choices (all relative to the publication date ``P``):

* "kemarin" P-1, "kemarin lusa" P-2, "hari ini" P, "besok" P+1, "lusa" P+2 (day).
* "minggu lalu" / "pekan lalu" (and "seminggu/sepekan lalu"): **P-7, day resolution**. The phrase
  names a week, which :data:`DateResolution` cannot express; P-7 is the nearest day-level reading
  and keeps the value inside the week meant. "N minggu lalu" is P-7N.
* "akhir pekan lalu" / "akhir minggu lalu": the Saturday of the weekend before P's (Monday-first)
  week, day resolution. Published on a Sunday it is the Saturday eight days before, since the day
  before is "this" weekend.
* "<weekday> pekan lalu" ("Jumat pekan lalu"): that weekday in the Monday-first week before P's.
* "<weekday> lalu" ("Selasa lalu"): the latest such weekday strictly before P; a weekday with only
  "hari"/"pada" before it, a time of day after it ("pada Selasa", "Minggu malam"), or standing
  alone between a comma and a clause end as in news attributions ("kata dia, Kamis.") is the
  latest such weekday on or before P. Other bare weekday names ("setiap Senin", "Senin-Jumat",
  "Senin depan") are not dates. "Minggu" is Sunday only after "hari"/"pada" (not "pada minggu
  pertama/ini/lalu") or before "(dd/mm)" or a time of day; "minggu lalu" is always last week.
  A weekday before "(dd/mm)" is kept in the span but the day/month wins if they disagree.
* "bulan lalu" previous month, "N bulan lalu" N months back (month); "tahun lalu" / "N tahun lalu"
  (year); "bulan ini" / "tahun ini" P's month / year.
* "Agustus lalu": the latest August strictly before P's month (month); "Agustus tahun lalu" August
  of P's previous year; "Agustus tahun ini" / "Agustus ini" August of P's year.
* Day/month without a year ("(18/11)", "Jumat (18/11)", "20 Mei"): P's year, or the year before
  when that would fall after P.
* "pada 2021", "tahun 2021", "sejak 2019" ...: year resolution, kept only for 1900 <= year <=
  P.year + 1 (2100 without P); the span is the four digits.
* Numeric dates are day/month/year ("18/11/2023"); when the middle number cannot be a month but
  the first can ("05/20/2024") they are read month/day/year.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from talent_extract.records import DateResolution

__all__ = ["ResolvedDate", "find_dates", "find_published_date", "resolve_date"]

#: How far into a page :func:`find_published_date` looks for header lines.
HEADER_CHARS = 600


@dataclass(frozen=True)
class ResolvedDate:
    """A date phrase found in a text, resolved to an ISO value.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` according to ``resolution``; ``text``
    is the phrase as written and ``text == source[start:end]`` for the string it was found in.
    """

    value: str
    resolution: DateResolution
    text: str
    start: int
    end: int


# --------------------------------------------------------------------------- word lists


@dataclass(frozen=True)
class _Words:
    month_names: dict[str, int]
    month_abbreviations: dict[str, int]
    weekdays: dict[str, int]
    ambiguous_weekdays: frozenset[str]
    number_words: dict[str, int]
    number_tokens: frozenset[str]
    vague_quantifiers: frozenset[str]
    times_of_day: tuple[str, ...]
    week_words: frozenset[str]
    future_words: frozenset[str]
    weekday_triggers: frozenset[str]
    year_triggers: tuple[str, ...]
    count_nouns: frozenset[str]
    publish_markers: tuple[str, ...]
    update_markers: tuple[str, ...]
    timezones: tuple[str, ...]


def _norm(word: str) -> str:
    """Lower-case and unify apostrophes and spaces, for dictionary look-ups."""
    for quote in ("’", "‘", "`", "ʼ"):
        word = word.replace(quote, "'")
    return " ".join(word.lower().split())


@functools.cache
def _words() -> _Words:
    raw: dict[str, Any] = json.loads(
        (resources.files("talent_extract") / "data" / "dates_id.json").read_text("utf-8")
    )
    names: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    for entry in raw["months"]:
        for name in entry["names"]:
            names[_norm(name)] = int(entry["month"])
        for abbreviation in entry["abbreviations"]:
            abbreviations[_norm(abbreviation)] = int(entry["month"])
    weekdays = {_norm(n): int(e["weekday"]) for e in raw["weekdays"] for n in e["names"]}
    # Keep the typographic spellings too, so the regex built from the keys matches them.
    spellings = {n.lower(): int(e["weekday"]) for e in raw["weekdays"] for n in e["names"]}
    weekdays.update(spellings)
    return _Words(
        month_names=names,
        month_abbreviations=abbreviations,
        weekdays=weekdays,
        ambiguous_weekdays=frozenset(_norm(w) for w in raw["ambiguous_weekdays"]),
        number_words={_norm(k): int(v) for k, v in raw["number_words"].items()},
        number_tokens=frozenset(t for k in raw["number_words"] for t in _norm(k).split()),
        vague_quantifiers=frozenset(_norm(w) for w in raw["vague_quantifiers"]),
        times_of_day=tuple(raw["times_of_day"]),
        week_words=frozenset(_norm(w) for w in raw["week_words"]),
        future_words=frozenset(_norm(w) for w in raw["future_words"]),
        weekday_triggers=frozenset(_norm(w) for w in raw["weekday_triggers"]),
        year_triggers=tuple(raw["year_triggers"]),
        count_nouns=frozenset(_norm(w) for w in raw["count_nouns"]),
        publish_markers=tuple(raw["publish_markers"]),
        update_markers=tuple(raw["update_markers"]),
        timezones=tuple(raw["timezones"]),
    )


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in unique)


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class _Patterns:
    dmy_name: re.Pattern[str]
    dm_name: re.Pattern[str]
    my_name: re.Pattern[str]
    month_relative: re.Pattern[str]
    dmy_numeric: re.Pattern[str]
    paren: re.Pattern[str]
    iso: re.Pattern[str]
    simple_relative: re.Pattern[str]
    unit_relative: re.Pattern[str]
    numeric_relative: re.Pattern[str]
    weekday: re.Pattern[str]
    year: re.Pattern[str]
    after_lalu: re.Pattern[str]
    after_week_lalu: re.Pattern[str]
    after_time_of_day: re.Pattern[str]
    after_paren: re.Pattern[str]
    next_word: re.Pattern[str]
    prev_word: re.Pattern[str]
    comma_before: re.Pattern[str]
    clause_end_after: re.Pattern[str]
    publish_marker: re.Pattern[str]
    update_marker: re.Pattern[str]
    timezone: re.Pattern[str]


_FLAGS = re.IGNORECASE


@functools.cache
def _patterns() -> _Patterns:
    w = _words()
    month_any = _alternation([*w.month_names, *w.month_abbreviations])
    month_full = _alternation(w.month_names)
    weekday = _alternation(w.weekdays)
    numbers = _alternation(w.number_words)
    wd_prefix = rf"(?:(?<!\w)(?P<wd>{weekday})(?:\s*,\s*|\s+))?"
    day = r"(?<![\w.,/-])(?P<d>\d{1,2})"
    lalu = r"(?:yang\s+)?(?:lalu|kemarin)"
    return _Patterns(
        dmy_name=re.compile(
            rf"{wd_prefix}{day}\s+(?P<mon>{month_any})(?!\w)\.?,?\s+(?P<y>\d{{4}})(?![\w]|[.,]\d)",
            _FLAGS,
        ),
        dm_name=re.compile(
            rf"{wd_prefix}{day}\s+(?P<mon>{month_full})(?!\w)(?!\.?,?\s+\d{{4}}(?!\d))", _FLAGS
        ),
        my_name=re.compile(
            rf"(?<![\w-])(?P<mon>{month_any})(?!\w)\.?,?\s+(?P<y>\d{{4}})(?![\w]|[.,]\d)", _FLAGS
        ),
        month_relative=re.compile(
            rf"(?<![\w-])(?:bulan\s+)?(?P<mon>{month_full})\s+(?:(?P<tahun>tahun)\s+)?"
            rf"(?P<rel>{lalu}|ini)(?!\w)",
            _FLAGS,
        ),
        dmy_numeric=re.compile(
            rf"{wd_prefix}{day}(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})"
            r"(?![\w]|[/.-]\d)",
            _FLAGS,
        ),
        paren=re.compile(
            rf"(?:(?<!\w)(?P<wd>{weekday})\s*)?\((?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
            r"(?:/(?P<y>\d{4}|\d{2}))?\)",
            _FLAGS,
        ),
        iso=re.compile(r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d|-\d)"),
        simple_relative=re.compile(
            r"(?<![\w-])(?P<word>kemarin\s+lusa|kemarin|hari\s+ini|besok|lusa)(?!\w)", _FLAGS
        ),
        unit_relative=re.compile(
            rf"(?<![\w-])(?P<akhir>(?:akhir|ujung)\s+)?(?P<unit>minggu|pekan|bulan|tahun)\s+"
            rf"(?P<rel>{lalu}|ini)(?!\w)",
            _FLAGS,
        ),
        numeric_relative=re.compile(
            rf"(?:(?<![\w.,-])(?P<n>\d{{1,4}}|{numbers})\s+|(?<![\w-])(?P<se>se))"
            rf"(?P<unit>hari|minggu|pekan|bulan|tahun)\s+{lalu}(?!\w)",
            _FLAGS,
        ),
        weekday=re.compile(rf"(?<!\w)(?P<wd>{weekday})(?!\w)", _FLAGS),
        year=re.compile(
            rf"(?<![\w-])(?:{_alternation(w.year_triggers)})\s+(?:tahun\s+)?"
            r"(?P<y>\d{4})(?!\d|[.,]\d)",
            _FLAGS,
        ),
        after_lalu=re.compile(rf"\s+{lalu}(?!\w)", _FLAGS),
        after_week_lalu=re.compile(rf"\s+(?:pekan|minggu)\s+{lalu}(?!\w)", _FLAGS),
        after_time_of_day=re.compile(rf"\s+(?:{_alternation(w.times_of_day)})(?!\w)", _FLAGS),
        after_paren=re.compile(r"\s*\(\d{1,2}/\d{1,2}"),
        next_word=re.compile(r"\s+([^\W\d_]+)"),
        prev_word=re.compile(r"(?<![\w-])([\w-]+)\s+$"),
        comma_before=re.compile(r",\s*$"),
        clause_end_after=re.compile(r"\s*(?:[.,;:)]|$)"),
        publish_marker=re.compile(rf"(?<!\w)(?:{_alternation(w.publish_markers)})(?!\w)", _FLAGS),
        update_marker=re.compile(rf"(?<!\w)(?:{_alternation(w.update_markers)})(?!\w)", _FLAGS),
        timezone=re.compile(rf"(?<![\w])(?:{_alternation(w.timezones)})(?![\w])"),
    )


# --------------------------------------------------------------------------- arithmetic


def _iso(resolution: DateResolution, year: int, month: int = 1, day: int = 1) -> str:
    if resolution == "year":
        return f"{year:04d}"
    if resolution == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _shift(date: dt.date, days: int) -> dt.date | None:
    try:
        return date + dt.timedelta(days=days)
    except (ValueError, OverflowError):
        return None


def _month_back(year: int, month: int, back: int) -> tuple[int, int] | None:
    index = year * 12 + (month - 1) - back
    y, m = divmod(index, 12)
    if not dt.MINYEAR <= y <= dt.MAXYEAR:
        return None
    return y, m + 1


def _year_ok(year: int) -> bool:
    return dt.MINYEAR <= year <= dt.MAXYEAR


def _infer_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """Day/month without a year: in ``published``'s year, or the year before if that is later."""
    this_year = _make_date(published.year, month, day)
    if this_year is not None and this_year <= published:
        return this_year
    return _make_date(published.year - 1, month, day)


def _day_month_year(a: int, b: int, year: int) -> dt.date | None:
    """Numeric ``a/b/year``: day/month, or month/day when only that reading is a valid date."""
    if b > 12 >= a:
        a, b = b, a
    return _make_date(year, b, a)


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: str
    resolution: DateResolution


def _day(start: int, end: int, date: dt.date | None) -> _Candidate | None:
    if date is None:
        return None
    return _Candidate(start, end, _iso("day", date.year, date.month, date.day), "day")


def _month_number(token: str) -> int | None:
    w = _words()
    key = _norm(token)
    return w.month_names.get(key) or w.month_abbreviations.get(key)


def _absolute(text: str, published: dt.date | None) -> Iterator[_Candidate | None]:
    p = _patterns()
    for m in p.dmy_name.finditer(text):
        month = _month_number(m["mon"])
        if month is not None:
            yield _day(m.start(), m.end(), _make_date(int(m["y"]), month, int(m["d"])))
    for m in p.dmy_numeric.finditer(text):
        yield _day(m.start(), m.end(), _day_month_year(int(m["d"]), int(m["m"]), int(m["y"])))
    for m in p.iso.finditer(text):
        yield _day(m.start(), m.end(), _make_date(int(m["y"]), int(m["m"]), int(m["d"])))
    for m in p.paren.finditer(text):
        day, month = int(m["d"]), int(m["m"])
        if m["y"] is not None:
            year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
            yield _day(m.start(), m.end(), _make_date(year, month, day))
        elif published is not None:
            yield _day(m.start(), m.end(), _infer_year(month, day, published))
    if published is not None:
        for m in p.dm_name.finditer(text):
            month = _month_number(m["mon"])
            if month is not None:
                yield _day(m.start(), m.end(), _infer_year(month, int(m["d"]), published))
    for m in p.my_name.finditer(text):
        month = _month_number(m["mon"])
        year = int(m["y"])
        if month is not None and year >= 1000:
            yield _Candidate(m.start(), m.end(), _iso("month", year, month), "month")
    w = _words()
    max_year = published.year + 1 if published is not None else 2100
    for m in p.year.finditer(text):
        year = int(m["y"])
        following = p.next_word.match(text, m.end())
        if following is not None and _norm(following[1]) in w.count_nouns:
            continue
        if 1900 <= year <= max_year:
            yield _Candidate(m.start("y"), m.end("y"), _iso("year", year), "year")


def _previous_word(text: str, start: int) -> str | None:
    found = _patterns().prev_word.search(text, max(0, start - 40), start)
    return _norm(found[1]) if found is not None else None


def _relative(text: str, published: dt.date) -> Iterator[_Candidate | None]:
    p = _patterns()
    w = _words()

    for m in p.simple_relative.finditer(text):
        word = _norm(m["word"])
        offset = {"kemarin lusa": -2, "kemarin": -1, "hari ini": 0, "besok": 1, "lusa": 2}[word]
        yield _day(m.start(), m.end(), _shift(published, offset))

    for m in p.unit_relative.finditer(text):
        previous = _previous_word(text, m.start())
        if previous is not None and (
            previous in w.vague_quantifiers
            or previous in w.number_tokens
            or previous.isdigit()
            or (m["akhir"] is None and previous in {"akhir", "ujung"})
        ):
            continue
        unit = _norm(m["unit"])
        this = _norm(m["rel"]) == "ini"
        start = m.start() if unit in {"minggu", "pekan"} else m.start("unit")
        if unit in {"minggu", "pekan"}:
            if this:
                continue  # a week has no day/month/year reading
            if m["akhir"] is not None:
                monday = _shift(published, -published.weekday())
                yield _day(m.start(), m.end(), None if monday is None else _shift(monday, -2))
            else:
                yield _day(m.start(), m.end(), _shift(published, -7))
        elif unit == "bulan":
            ym = _month_back(published.year, published.month, 0 if this else 1)
            if ym is not None:
                yield _Candidate(start, m.end(), _iso("month", *ym), "month")
        else:
            year = published.year - (0 if this else 1)
            if _year_ok(year):
                yield _Candidate(start, m.end(), _iso("year", year), "year")

    for m in p.numeric_relative.finditer(text):
        if m["se"] is not None:
            n = 1
        elif m["n"].isdigit():
            n = int(m["n"])
        else:
            n = w.number_words.get(_norm(m["n"]), 0)
        if n <= 0:
            continue
        unit = _norm(m["unit"])
        if unit == "hari":
            yield _day(m.start(), m.end(), _shift(published, -n))
        elif unit in {"minggu", "pekan"}:
            yield _day(m.start(), m.end(), _shift(published, -7 * n))
        elif unit == "bulan":
            ym = _month_back(published.year, published.month, n)
            if ym is not None:
                yield _Candidate(m.start(), m.end(), _iso("month", *ym), "month")
        elif _year_ok(published.year - n):
            yield _Candidate(m.start(), m.end(), _iso("year", published.year - n), "year")

    for m in p.month_relative.finditer(text):
        month = w.month_names.get(_norm(m["mon"]))
        if month is None:
            continue
        rel = _norm(m["rel"])
        if m["tahun"] is not None:
            year = published.year - (0 if rel == "ini" else 1)
        elif rel == "ini":
            year = published.year
        else:
            year = published.year if month < published.month else published.year - 1
        if _year_ok(year):
            yield _Candidate(m.start(), m.end(), _iso("month", year, month), "month")

    yield from _weekdays(text, published)


def _weekdays(text: str, published: dt.date) -> Iterator[_Candidate | None]:
    p = _patterns()
    w = _words()
    for m in p.weekday.finditer(text):
        key = _norm(m["wd"])
        weekday = w.weekdays.get(key)
        if weekday is None:
            continue
        ambiguous = key in w.ambiguous_weekdays
        previous = _previous_word(text, m.start())
        after = text[m.end() : m.end() + 40]
        if p.after_paren.match(after):
            continue  # "Jumat (18/11)": the day/month rule covers it
        following = p.next_word.match(after)
        next_word = _norm(following[1]) if following is not None else None
        start = m.start()
        if previous == "hari":
            found = p.prev_word.search(text, max(0, start - 40), start)
            if found is not None:
                start = found.start(1)
        week_lalu = p.after_week_lalu.match(after)
        lalu = p.after_lalu.match(after)
        if week_lalu is not None:
            monday = _shift(published, -published.weekday() - 7)
            date = None if monday is None else _shift(monday, weekday)
            yield _day(start, m.end() + week_lalu.end(), date)
            continue
        if lalu is not None:
            if ambiguous and previous != "hari":
                continue  # "minggu lalu" is last week, handled by the unit rule
            back = (published.weekday() - weekday - 1) % 7 + 1
            yield _day(start, m.end() + lalu.end(), _shift(published, -back))
            continue
        if next_word in w.future_words:
            continue
        triggered = previous in w.weekday_triggers
        if ambiguous and previous == "pada" and next_word in w.week_words:
            continue  # "pada minggu pertama", "pada minggu ini"
        timed = p.after_time_of_day.match(after) is not None
        quoted = (
            not ambiguous
            and p.comma_before.search(text, max(0, m.start() - 5), m.start()) is not None
            and p.clause_end_after.match(after) is not None
        )
        if triggered or timed or quoted:
            back = (published.weekday() - weekday) % 7
            yield _day(start, m.end(), _shift(published, -back))


def _select(candidates: Iterator[_Candidate | None], text: str) -> list[ResolvedDate]:
    """Keep the longest non-overlapping candidates, in text order."""
    ranked = sorted(
        {c for c in candidates if c is not None and 0 <= c.start < c.end <= len(text)},
        key=lambda c: (-(c.end - c.start), c.start, c.value),
    )
    starts: list[int] = []  # starts of the taken candidates, sorted, parallel to ``taken``
    taken: list[_Candidate] = []
    for candidate in ranked:
        i = bisect.bisect_left(starts, candidate.start)
        if i < len(taken) and taken[i].start < candidate.end:
            continue  # overlaps the next taken candidate
        if i > 0 and taken[i - 1].end > candidate.start:
            continue  # overlaps the previous one
        starts.insert(i, candidate.start)
        taken.insert(i, candidate)
    return [
        ResolvedDate(c.value, c.resolution, text[c.start : c.end], c.start, c.end) for c in taken
    ]


def _as_date(published: dt.date | None) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    return published if isinstance(published, dt.date) else None


# --------------------------------------------------------------------------- public API


def find_dates(text: str, published: dt.date | None) -> list[ResolvedDate]:
    """Every date expression in ``text``, resolved against the publication date.

    Absolute forms ("20 Mei 2024", "Mei 2024", "18/11/2023", "2023-11-18", "pada 2021") resolve
    without ``published``; day/month forms ("Jumat (18/11)", "20 Mei") and relative forms
    ("kemarin", "pekan lalu", "Agustus lalu", "Selasa lalu") need it and are skipped when it is
    ``None``. Overlapping matches keep the longest. See the module docstring for how each form
    resolves. Never raises for a ``str`` input.
    """
    if not isinstance(text, str) or not text:
        return []
    base = _as_date(published)

    def candidates() -> Iterator[_Candidate | None]:
        yield from _absolute(text, base)
        if base is not None:
            yield from _relative(text, base)

    return _select(candidates(), text)


def resolve_date(phrase: str, published: dt.date | None) -> ResolvedDate | None:
    """The first date expression in ``phrase`` (see :func:`find_dates`), or ``None``."""
    found = find_dates(phrase, published)
    return found[0] if found else None


def _header_date(line: str, default_year: int | None) -> tuple[dt.date, int, int] | None:
    """The first full date in ``line`` (year-less ones only with ``default_year``)."""
    p = _patterns()
    found: list[tuple[int, int, dt.date | None]] = []
    for m in p.dmy_name.finditer(line):
        month = _month_number(m["mon"])
        if month is not None:
            found.append((m.start(), m.end(), _make_date(int(m["y"]), month, int(m["d"]))))
    for m in p.dmy_numeric.finditer(line):
        date = _day_month_year(int(m["d"]), int(m["m"]), int(m["y"]))
        found.append((m.start(), m.end(), date))
    for m in p.iso.finditer(line):
        found.append((m.start(), m.end(), _make_date(int(m["y"]), int(m["m"]), int(m["d"]))))
    for m in p.paren.finditer(line):
        if m["y"] is not None:
            year: int | None = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        else:
            year = default_year
        if year is not None:
            found.append((m.start(), m.end(), _make_date(year, int(m["m"]), int(m["d"]))))
    if default_year is not None:
        for m in p.dm_name.finditer(line):
            month = _month_number(m["mon"])
            if month is not None:
                found.append((m.start(), m.end(), _make_date(default_year, month, int(m["d"]))))
    for start, end, date in sorted(found, key=lambda f: (f[0], -f[1])):
        if date is not None:
            return date, start, end
    return None


def find_published_date(text: str, *, default_year: int | None = None) -> dt.date | None:
    """The publication date from a news page's header, or ``None``.

    Only lines starting in the first :data:`HEADER_CHARS` characters are read, and only
    header-like ones, in this order of trust:

    1. lines of at most 160 characters with a publish marker ("Diterbitkan", "Dipublikasikan",
       "Published", ...), taking the first date after the marker;
    2. lines of at most 120 characters with a time zone (WIB, WITA, WIT);
    3. short lines (at most 60 characters) that are mostly the date ("Senin, 20 Mei 2024",
       "Jakarta, 21/11/2023");
    4. lines of at most 120 characters with an update marker ("Diperbarui").

    A story sentence that happens to mention a date is longer than that and is ignored. A
    day/month without a year ("Senin (20/11)") counts only when ``default_year`` is given.
    Never raises for a ``str`` input.
    """
    if not isinstance(text, str) or not text:
        return None
    p = _patterns()
    lines = [
        line
        for line in re.finditer(r"[^\r\n]+", text[: HEADER_CHARS + 200])
        if line.start() < HEADER_CHARS
    ]
    tiers: list[list[dt.date]] = [[], [], [], []]
    for line_match in lines:
        line = line_match[0].strip()
        size = len(line)
        if not line:
            continue
        marker = p.publish_marker.search(line)
        if marker is not None and size <= 160:
            hit = _header_date(line[marker.end() :], default_year) or _header_date(
                line, default_year
            )
            if hit is not None:
                tiers[0].append(hit[0])
                continue
        hit = _header_date(line, default_year)
        if hit is None:
            continue
        date, start, end = hit
        if size <= 120 and p.timezone.search(line) is not None:
            tiers[1].append(date)
        elif size <= 60 and (end - start) >= 0.4 * size:
            tiers[2].append(date)
        elif size <= 120 and p.update_marker.search(line) is not None:
            tiers[3].append(date)
    for tier in tiers:
        if tier:
            return tier[0]
    return None
