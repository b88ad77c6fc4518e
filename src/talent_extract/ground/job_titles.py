"""Job titles beside a name, and the organisation they name: "CEO X A", "A, manajer riset X,",
"merekrut pendirinya, A".

Indonesian news sets a person's post beside their name, before it without a comma ("kepala
riset X A") or after it as an appositive ("A, salah satu peneliti X, ..."). The organisation of
that post is where the person works, or worked; the move grammar
(:mod:`talent_extract.ground.move_grammar`) reads it as the organisation left when no other mark
names one. The titles are ``data/titles_id.json`` "job_titles".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from talent_extract import data
from talent_extract.find.orgs import OrgMention
from talent_extract.text.patterns import phrases, word_pattern

__all__ = ["closed_at", "job_title", "title_before", "title_of_it", "titled_after"]


def titled_after(text: str, orgs: Sequence[OrgMention], end: int) -> list[OrgMention]:
    """The organisation of the job title set after the name hired ("merekrut A, CEO X."): an
    appositive opening with a comma right after ``end``, a title first ("mantan" or "salah
    satu" may stand before it), then X within four words."""
    for o in orgs:
        if o.start < end:
            continue
        m = _TITLE_AFTER.fullmatch(text, end, o.start)
        return [o] if m is not None and job_title().match(m.group(1)) else []
    return []


_CLOSED = re.compile(r"\s*(?:[,.;)]|$)")


def closed_at(text: str, end: int) -> bool:
    """Whether an appositive closes at ``end`` (a comma, a full stop, a bracket, the end)."""
    return _CLOSED.match(text, end) is not None


def title_before(text: str, org: OrgMention) -> bool:
    """Whether a job title stands before ``org`` with at most two words and no sign between
    ("CEO X", "kepala riset X", "peneliti senior X")."""
    lo = max(org.start - 40, 0)
    titles = list(job_title().finditer(text, lo, org.start))
    return bool(titles) and _TITLE_GAP.fullmatch(text, titles[-1].end(), org.start) is not None


_TITLE_GAP = re.compile(r"(?:\s+[\w&-]+){0,2}\s+")


# ", (mantan|eks|salah satu) <up to four words>" between a name and an organisation.
_TITLE_AFTER = re.compile(
    r"\s*,\s*(?:(?:mantan|eks|salah\s+satu)\s+)?((?:[\w.&-]+\s+){1,4})", re.IGNORECASE
)


@lru_cache(maxsize=1)
def job_title() -> re.Pattern[str]:
    """A job title of ``titles_id.json`` "job_titles", as a whole word."""
    return word_pattern(data.titles().job_titles)


@lru_cache(maxsize=1)
def title_of_it() -> re.Pattern[str]:
    """A job title owned by "-nya" ("pendirinya", "CEO-nya"): the title of an organisation
    named before."""
    titles = phrases(data.titles().job_titles)
    return re.compile(rf"(?<![\w-])(?:{titles})-?nya(?![\w-])", re.IGNORECASE)
