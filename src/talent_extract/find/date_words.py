"""The words and patterns of the date rules, and the calendar arithmetic they share.

Internal to :mod:`talent_extract.find.dates` (whose docstring has the rules) and
:mod:`talent_extract.find.published`: the words are ``data/dates_id.json``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from talent_extract import data
from talent_extract.records import DateResolution
from talent_extract.text.normalise import match_key
from talent_extract.text.patterns import alternation


@dataclass(frozen=True)
class Words:
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


def norm(word: str) -> str:
    """A word or phrase as a dictionary key (:func:`~talent_extract.text.normalise.match_key`)."""
    return match_key(word)


@functools.cache
def words() -> Words:
    """``data/dates_id.json``, compiled once."""
    raw = data.dates()
    names: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    for entry in raw.months:
        for name in entry.names:
            names[norm(name)] = entry.month
        for abbreviation in entry.abbreviations:
            abbreviations[norm(abbreviation)] = entry.month
    weekdays = {norm(n): e.weekday for e in raw.weekdays for n in e.names}
    # Keep the typographic spellings too, so the regex built from the keys matches them.
    spellings = {n.lower(): e.weekday for e in raw.weekdays for n in e.names}
    weekdays.update(spellings)
    return Words(
        month_names=names,
        month_abbreviations=abbreviations,
        weekdays=weekdays,
        ambiguous_weekdays=frozenset(norm(w) for w in raw.ambiguous_weekdays),
        number_words={norm(k): v for k, v in raw.number_words.items()},
        number_tokens=frozenset(t for k in raw.number_words for t in norm(k).split()),
        vague_quantifiers=frozenset(norm(w) for w in raw.vague_quantifiers),
        times_of_day=tuple(raw.times_of_day),
        week_words=frozenset(norm(w) for w in raw.week_words),
        future_words=frozenset(norm(w) for w in raw.future_words),
        weekday_triggers=frozenset(norm(w) for w in raw.weekday_triggers),
        year_triggers=tuple(raw.year_triggers),
        count_nouns=frozenset(norm(w) for w in raw.count_nouns),
        publish_markers=tuple(raw.publish_markers),
        update_markers=tuple(raw.update_markers),
        timezones=tuple(raw.timezones),
    )


def _alternation(values: Iterable[str]) -> str:
    """A case-insensitive alternation of ``values``, spaces matching any whitespace."""
    return alternation(values, space=r"\s+", ignorecase=True)


@dataclass(frozen=True)
class Patterns:
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
def patterns() -> Patterns:
    w = words()
    month_any = _alternation([*w.month_names, *w.month_abbreviations])
    month_full = _alternation(w.month_names)
    weekday = _alternation(w.weekdays)
    numbers = _alternation(w.number_words)
    zones = alternation(w.timezones, space=r"\s+")  # case-sensitive: "WIB", not "wib"
    wd_prefix = rf"(?:(?<!\w)(?P<wd>{weekday})(?:\s*,\s*|\s+))?"
    day = r"(?<![\w.,/-])(?P<d>\d{1,2})"
    lalu = r"(?:yang\s+)?(?:lalu|kemarin)"
    return Patterns(
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
        timezone=re.compile(rf"(?<![\w])(?:{zones})(?![\w])"),
    )


# --------------------------------------------------------------------------- arithmetic


def iso(resolution: DateResolution, year: int, month: int = 1, day: int = 1) -> str:
    if resolution == "year":
        return f"{year:04d}"
    if resolution == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def shift(date: dt.date, days: int) -> dt.date | None:
    try:
        return date + dt.timedelta(days=days)
    except (ValueError, OverflowError):
        return None


def month_back(year: int, month: int, back: int) -> tuple[int, int] | None:
    index = year * 12 + (month - 1) - back
    y, m = divmod(index, 12)
    if not dt.MINYEAR <= y <= dt.MAXYEAR:
        return None
    return y, m + 1


def year_ok(year: int) -> bool:
    return dt.MINYEAR <= year <= dt.MAXYEAR


def infer_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """Day/month without a year: in ``published``'s year, or the year before if that is later."""
    this_year = make_date(published.year, month, day)
    if this_year is not None and this_year <= published:
        return this_year
    return make_date(published.year - 1, month, day)


def day_month_year(a: int, b: int, year: int) -> dt.date | None:
    """Numeric ``a/b/year``: day/month, or month/day when only that reading is a valid date."""
    if b > 12 >= a:
        a, b = b, a
    return make_date(year, b, a)


def month_number(token: str) -> int | None:
    w = words()
    key = norm(token)
    return w.month_names.get(key) or w.month_abbreviations.get(key)
