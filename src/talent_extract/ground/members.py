"""The named members of a group: where a sentence names the people a group noun counts.

Indonesian news counts a group, then names it: right after it ("tiga peneliti, yaitu A, B dan
C", "dua peneliti senior, A dan B", "empat peneliti X bernama A, B dan C"; ``member_marks``),
or further on after a member mark (", termasuk nama-nama besar seperti A, B, dan C"). The names
joined to the first as a plain list ("A, B, dan C"; a past post between two allowed: ", dan
mantan bos X, ") are the members. Read by the proposer ``group_moves``
(:mod:`talent_extract.ground.groups`).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from talent_extract import data
from talent_extract.text.patterns import phrases
from talent_extract.text.sentences import Sentence
from talent_extract.text.spans import PersonMention

__all__ = ["joined_names", "members_follow", "named_further"]


# What stands between a group and the names of its members: a word or two in lowercase that
# describe the group, then a comma; or the group's organisation, then a comma or a member mark.
@lru_cache(maxsize=1)
def _members() -> re.Pattern[str]:
    marks = rf"(?i:{phrases(data.move_grammar().member_marks)})"
    return re.compile(
        rf"(?:(?:\s+[a-z][a-z-]*){{1,2}}\s*[,:(]|\s*[,:(]?"
        rf"|(?:\s+[A-Z][\w.&-]*){{1,3}}\s*(?=[,:(]|(?:{marks})\s)[,:(]?)\s*(?:{marks})?\s*$"
    )


# "sejumlah pegawai dari kantor X, termasuk A, B dan C": the members named further on.
@lru_cache(maxsize=1)
def _member_mark() -> re.Pattern[str]:
    return re.compile(rf"[,:]\s*(?:{phrases(data.move_grammar().member_marks)})\s+$", re.IGNORECASE)


def members_follow(text: str, group_end: int, name_start: int) -> bool:
    """Whether the name at ``name_start`` of ``text`` opens the members of the group ending at
    ``group_end`` ("tiga peneliti, yaitu A", "empat peneliti X bernama A")."""
    return bool(
        _members().match(text, group_end, name_start)
        or _member_mark().search(text, group_end, name_start)
    )


@lru_cache(maxsize=1)
def _named_further() -> re.Pattern[str]:
    """A member mark some words after the group, before its members: ", termasuk nama-nama
    besar seperti "."""
    marks = phrases(data.move_grammar().member_marks)
    return re.compile(rf"[,:]\s*(?:{marks})(?:\s+[\w-]+){{0,4}}?\s*,?\s+(?:(?:{marks})\s+)?$", re.I)


_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:dan|serta)\s+)?$", re.IGNORECASE)  # used with match(pos)


@lru_cache(maxsize=1)
def _described_gap() -> re.Pattern[str]:
    """Between two listed members, the next one's past post: ", dan mantan bos X, "."""
    former = phrases(data.move_grammar().former_titles)
    return re.compile(
        rf"\s*,\s*(?:(?:dan|serta)\s+)?(?:{former})\s+[^,.;:()]{{1,50}},\s*$", re.IGNORECASE
    )


def named_further(s: Sentence, group_end: int, named: list[PersonMention]) -> list[str]:
    """The people a member mark lists further on in sentence ``s`` after the group ending at
    ``group_end`` ("X merekrut enam insinyur Y, termasuk nama-nama besar seperti A, B, dan
    C"; ``named``: the people named after the group)."""
    if not named or not _named_further().search(s.text, group_end, named[0].start - s.start):
        return []
    return joined_names(s, named)


def joined_names(s: Sentence, named: list[PersonMention]) -> list[str]:
    """The first of ``named`` (people named in sentence ``s``, in order) and the names joined
    to it as a plain list ("A, B, dan C", a past post between two allowed)."""
    out = [named[0].name]
    for prev, cur in itertools.pairwise(named):
        lo, hi = prev.end - s.start, cur.start - s.start
        if not (_LIST_GAP.match(s.text, lo, hi) or _described_gap().match(s.text, lo, hi)):
            break
        out.append(cur.name)
    return list(dict.fromkeys(out))
