"""A news page's publication date, from the lines of its header: :func:`find_published_date`."""

from __future__ import annotations

import datetime as dt
import re

from talent_extract.find.date_words import day_month_year, make_date, month_number, patterns

__all__ = ["HEADER_CHARS", "find_published_date"]

#: How far into a page :func:`find_published_date` looks for header lines.
HEADER_CHARS = 600


_DIGIT = re.compile(r"\d")  # every date pattern below has a day number


def _header_date(line: str, default_year: int | None) -> tuple[dt.date, int, int] | None:
    """The first full date in ``line`` (year-less ones only with ``default_year``)."""
    if _DIGIT.search(line) is None:  # most lines: five pattern scans saved
        return None
    p = patterns()
    found: list[tuple[int, int, dt.date | None]] = []
    for m in p.dmy_name.finditer(line):
        month = month_number(m["mon"])
        if month is not None:
            found.append((m.start(), m.end(), make_date(int(m["y"]), month, int(m["d"]))))
    for m in p.dmy_numeric.finditer(line):
        date = day_month_year(int(m["d"]), int(m["m"]), int(m["y"]))
        found.append((m.start(), m.end(), date))
    for m in p.iso.finditer(line):
        found.append((m.start(), m.end(), make_date(int(m["y"]), int(m["m"]), int(m["d"]))))
    for m in p.paren.finditer(line):
        if m["y"] is not None:
            year: int | None = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        else:
            year = default_year
        if year is not None:
            found.append((m.start(), m.end(), make_date(year, int(m["m"]), int(m["d"]))))
    if default_year is not None:
        for m in p.dm_name.finditer(line):
            month = month_number(m["mon"])
            if month is not None:
                found.append((m.start(), m.end(), make_date(default_year, month, int(m["d"]))))
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
    p = patterns()
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
        if size > 120:  # too long for tiers 2-4: a story line, whatever dates it holds
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
