"""Indonesian date expressions: a news page's publication date, and every date phrase in a text.

Three entry points:

* :func:`find_published_date` (in :mod:`talent_extract.find.published`) looks for the publication
  date in the header of a page ("Senin, 20 Mei 2024 | 00:00 WIB", "Diterbitkan 3 Januari 2024").
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
from collections.abc import Iterator
from dataclasses import dataclass

from talent_extract.find.date_words import (
    day_month_year,
    infer_year,
    iso,
    make_date,
    month_back,
    month_number,
    norm,
    patterns,
    shift,
    words,
    year_ok,
)
from talent_extract.find.published import find_published_date
from talent_extract.records import DateResolution

__all__ = ["ResolvedDate", "find_dates", "find_published_date", "resolve_date"]


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
    return _Candidate(start, end, iso("day", date.year, date.month, date.day), "day")


def _absolute(text: str, published: dt.date | None) -> Iterator[_Candidate | None]:
    p = patterns()
    for m in p.dmy_name.finditer(text):
        month = month_number(m["mon"])
        if month is not None:
            yield _day(m.start(), m.end(), make_date(int(m["y"]), month, int(m["d"])))
    for m in p.dmy_numeric.finditer(text):
        yield _day(m.start(), m.end(), day_month_year(int(m["d"]), int(m["m"]), int(m["y"])))
    for m in p.iso.finditer(text):
        yield _day(m.start(), m.end(), make_date(int(m["y"]), int(m["m"]), int(m["d"])))
    for m in p.paren.finditer(text):
        day, month = int(m["d"]), int(m["m"])
        if m["y"] is not None:
            year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
            yield _day(m.start(), m.end(), make_date(year, month, day))
        elif published is not None:
            yield _day(m.start(), m.end(), infer_year(month, day, published))
    if published is not None:
        for m in p.dm_name.finditer(text):
            month = month_number(m["mon"])
            if month is not None:
                yield _day(m.start(), m.end(), infer_year(month, int(m["d"]), published))
    for m in p.my_name.finditer(text):
        month = month_number(m["mon"])
        year = int(m["y"])
        if month is not None and year >= 1000:
            yield _Candidate(m.start(), m.end(), iso("month", year, month), "month")
    w = words()
    max_year = published.year + 1 if published is not None else 2100
    for m in p.year.finditer(text):
        year = int(m["y"])
        following = p.next_word.match(text, m.end())
        if following is not None and norm(following[1]) in w.count_nouns:
            continue
        if 1900 <= year <= max_year:
            yield _Candidate(m.start("y"), m.end("y"), iso("year", year), "year")


def _previous_word(text: str, start: int) -> str | None:
    found = patterns().prev_word.search(text, max(0, start - 40), start)
    return norm(found[1]) if found is not None else None


def _relative(text: str, published: dt.date) -> Iterator[_Candidate | None]:
    p = patterns()
    w = words()

    for m in p.simple_relative.finditer(text):
        word = norm(m["word"])
        offset = {"kemarin lusa": -2, "kemarin": -1, "hari ini": 0, "besok": 1, "lusa": 2}[word]
        yield _day(m.start(), m.end(), shift(published, offset))

    for m in p.unit_relative.finditer(text):
        previous = _previous_word(text, m.start())
        if previous is not None and (
            previous in w.vague_quantifiers
            or previous in w.number_tokens
            or previous.isdigit()
            or (m["akhir"] is None and previous in {"akhir", "ujung"})
        ):
            continue
        unit = norm(m["unit"])
        this = norm(m["rel"]) == "ini"
        start = m.start() if unit in {"minggu", "pekan"} else m.start("unit")
        if unit in {"minggu", "pekan"}:
            if this:
                continue  # a week has no day/month/year reading
            if m["akhir"] is not None:
                monday = shift(published, -published.weekday())
                yield _day(m.start(), m.end(), None if monday is None else shift(monday, -2))
            else:
                yield _day(m.start(), m.end(), shift(published, -7))
        elif unit == "bulan":
            ym = month_back(published.year, published.month, 0 if this else 1)
            if ym is not None:
                yield _Candidate(start, m.end(), iso("month", *ym), "month")
        else:
            year = published.year - (0 if this else 1)
            if year_ok(year):
                yield _Candidate(start, m.end(), iso("year", year), "year")

    for m in p.numeric_relative.finditer(text):
        if m["se"] is not None:
            n = 1
        elif m["n"].isdigit():
            n = int(m["n"])
        else:
            n = w.number_words.get(norm(m["n"]), 0)
        if n <= 0:
            continue
        unit = norm(m["unit"])
        if unit == "hari":
            yield _day(m.start(), m.end(), shift(published, -n))
        elif unit in {"minggu", "pekan"}:
            yield _day(m.start(), m.end(), shift(published, -7 * n))
        elif unit == "bulan":
            ym = month_back(published.year, published.month, n)
            if ym is not None:
                yield _Candidate(m.start(), m.end(), iso("month", *ym), "month")
        elif year_ok(published.year - n):
            yield _Candidate(m.start(), m.end(), iso("year", published.year - n), "year")

    for m in p.month_relative.finditer(text):
        month = w.month_names.get(norm(m["mon"]))
        if month is None:
            continue
        rel = norm(m["rel"])
        if m["tahun"] is not None:
            year = published.year - (0 if rel == "ini" else 1)
        elif rel == "ini":
            year = published.year
        else:
            year = published.year if month < published.month else published.year - 1
        if year_ok(year):
            yield _Candidate(m.start(), m.end(), iso("month", year, month), "month")

    yield from _weekdays(text, published)


def _weekdays(text: str, published: dt.date) -> Iterator[_Candidate | None]:
    p = patterns()
    w = words()
    for m in p.weekday.finditer(text):
        key = norm(m["wd"])
        weekday = w.weekdays.get(key)
        if weekday is None:
            continue
        ambiguous = key in w.ambiguous_weekdays
        previous = _previous_word(text, m.start())
        after = text[m.end() : m.end() + 40]
        if p.after_paren.match(after):
            continue  # "Jumat (18/11)": the day/month rule covers it
        following = p.next_word.match(after)
        next_word = norm(following[1]) if following is not None else None
        start = m.start()
        if previous == "hari":
            found = p.prev_word.search(text, max(0, start - 40), start)
            if found is not None:
                start = found.start(1)
        week_lalu = p.after_week_lalu.match(after)
        lalu = p.after_lalu.match(after)
        if week_lalu is not None:
            monday = shift(published, -published.weekday() - 7)
            date = None if monday is None else shift(monday, weekday)
            yield _day(start, m.end() + week_lalu.end(), date)
            continue
        if lalu is not None:
            if ambiguous and previous != "hari":
                continue  # "minggu lalu" is last week, handled by the unit rule
            back = (published.weekday() - weekday - 1) % 7 + 1
            yield _day(start, m.end() + lalu.end(), shift(published, -back))
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
            yield _day(start, m.end(), shift(published, -back))


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
