"""People listed as movers: a line that tells a move, ending in a colon, and the list under it.

Indonesian online news lists the people of a wave of departures: "Beberapa peneliti yang hengkang
antara lain:" followed by lines "- Nama Orang (Perusahaan)". Each item names one mover and, in
brackets or after a dash, where they went; the organisation they left is the one the intro line
marks ("... yang hengkang dari X antara lain:") or, failing that, the one the story has just said
lost people ("X kehilangan belasan peneliti", a group of :mod:`talent_extract.ground.groups`). A
small model reads such a list as a run of fragments and skips it; the proposer ``listed_movers``
reads it here. Every item is a draft like the model's, checked by the departure rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from talent_extract import data
from talent_extract.find.candidates import load_cues
from talent_extract.find.names import canonical_org, default_org_table
from talent_extract.ground.framework import Context, DepartureDraft, Draft, proposer
from talent_extract.ground.groups import group_introduced, group_moves
from talent_extract.ground.move_grammar import former_marked, people_in, read_move
from talent_extract.ground.vocabulary import _leaving, _leaving_nouns, _own_move
from talent_extract.text.patterns import word_pattern
from talent_extract.text.sentences import Sentence

__all__ = [
    "intro_destinations",
    "intro_sentences",
    "list_intro",
    "listed_movers",
    "under_listed_move",
]

_BULLET = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])?\s*$")
# A role may follow the name before the bracket: "- A, General Counsel (pensiun 2026)".
_ITEM = re.compile(
    r"^\s*(?:[-–—•*·]|\d{1,2}[.)])?\s*"
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})(?:,\s*[^()]{1,120}?)?"
    r"\s*(?:\((?P<paren>[^()]{1,60})\)|[–—-]\s*(?P<dash>[^,.;]{1,60})|:\s*(?P<colon>[^,.;]{1,60}))?"
    r"\s*[.;,]?\s*$"
)
# An item that tells its person's move in a clause after a dash or colon: "- A – Setelah 12
# tahun di X, kini pindah ke Y." Where they went is read from the clause's grammar.
_TOLD_ITEM = re.compile(
    r"^\s*(?:[-–—•*·]|\d{1,2}[.)])?\s*"
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*[–—:-]\s+\S.{0,240}$"
)
# How far before the intro a story's "X kehilangan ..." still says whom the listed people left.
_ORIGIN_REACH = 5


def _intro(text: str) -> bool:
    """A line introducing a list of movers: a move word, or a past role at an organisation
    ("beberapa mantan peneliti X seperti:"), and a staff noun or a quantity ("Beberapa nama
    yang mundur antara lain:"), ending in a colon."""
    text = text.rstrip()
    if not text.endswith(":"):
        return False
    if not (load_cues().group.search(text) or _quantifiers().search(text)):
        return False
    return bool(
        _leaving().search(text)
        or _own_move().search(text)
        or _leaving_nouns().search(text)  # "Daftar rencana kepergian para eksekutif X:"
        or _former_org(text)
    )


def _former_org(text: str) -> bool:
    """Whether ``text`` marks an organisation as a past employer ("mantan peneliti OpenAI")."""
    return any(former_marked(text[: o.start]) for o in default_org_table().find(text))


def under_listed_move(ctx: Context, index: int) -> bool:
    """Whether sentence ``index`` is an item of a list whose intro tells a move: the intro's
    move is told of every item."""
    return list_intro(ctx, index) is not None


def list_intro(ctx: Context, index: int) -> int | None:
    """The intro of the list of movers sentence ``index`` is an item of, else None."""
    for s in reversed(ctx.sentences[:index]):
        if _intro(s.text) or _group_intro(ctx, s) is not None:
            return s.index if any(i == index for i, _, _ in _items(ctx, s.index)) else None
        if not (_BULLET.match(s.text) or _ITEM.match(s.text) or _TOLD_ITEM.match(s.text)):
            return None
    return None


def intro_sentences(ctx: Context, intro: int) -> tuple[int, ...]:
    """The sentences that tell the move of a list's items: its intro line, and for a member
    intro ("Mereka antara lain:") the sentence before it, which tells the group's move."""
    if _group_intro(ctx, ctx.sentences[intro]) is not None:
        return (intro - 1, intro)
    return (intro,)


def intro_destinations(ctx: Context, intro: int) -> tuple[str, ...]:
    """The organisations the intro of a list of movers marks as joined ("MSL juga berhasil
    menarik beberapa mantan peneliti X seperti:"), read after any clause about a person named
    in it ("Tak hanya Zhao, ...")."""
    s = ctx.sentences[intro]
    group = _group_intro(ctx, s)
    if group is not None:  # "Mereka antara lain:": where the group the line lists went
        return (group.to_org,) if group.to_org else ()
    named = people_in(s, ctx.persons)
    cut = 0
    if named:
        comma = s.text.find(",", max(m.end for m in named))
        if comma < 0:
            return ()
        cut = comma + 1
    rest = Sentence(s.index, s.start + cut, s.end, s.text[cut:])
    return read_move(rest, None, ctx.persons).destinations


@lru_cache(maxsize=1)
def _quantifiers() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().group_quantifiers)


def _items(ctx: Context, start: int) -> list[tuple[int, str, str | None]]:
    """The list under the intro at ``start``: (sentence, name, where they went as written)."""
    out: list[tuple[int, str, str | None]] = []
    for s in ctx.sentences[start + 1 :]:
        if _BULLET.match(s.text):
            continue
        m = _ITEM.match(s.text)
        if m is not None:
            where = m.group("paren") or m.group("dash") or m.group("colon")
            out.append((s.index, m.group("name"), where))
            continue
        told = _TOLD_ITEM.match(s.text)
        if told is None:
            break
        went = read_move(s, told.group("name"), ctx.persons).destinations
        out.append((s.index, told.group("name"), went[0] if len(went) == 1 else None))
    return out


def _origin(ctx: Context, intro: int) -> str | None:
    move = read_move(ctx.sentences[intro], None, ctx.persons)
    if move.origins:
        return move.origins[0]
    told = [
        g
        for g in group_moves(ctx)
        if isinstance(g, DepartureDraft) and 0 <= intro - g.sentence <= _ORIGIN_REACH
    ]
    if told:
        return told[-1].from_org
    # "Daftar kepergian para eksekutif Apple ...:": the one organisation the intro names.
    named = {o.org for o in default_org_table().find(ctx.sentences[intro].text)}
    return named.pop() if len(named) == 1 else None


def _group_intro(ctx: Context, s: Sentence) -> DepartureDraft | None:
    """The group a member intro ending in a colon lists, right after the sentence telling the
    group's move ("... tujuh peneliti X juga berpindah ke Y. Mereka antara lain:")."""
    return group_introduced(ctx, s.index) if s.text.rstrip().endswith(":") else None


@proposer("departure")
def listed_movers(ctx: Context) -> list[Draft]:
    """A line that tells a move of several people and ends in a colon ("Beberapa peneliti yang
    hengkang antara lain:", a move word of ``cues_id.json`` and a staff noun) introduces a list
    of movers, one per line ("- Nama Orang (Perusahaan)"): each item is a departure draft, its
    destination the organisation in brackets or after a dash (else the one the intro marks as
    joined), its origin the one the intro marks or the story has just said lost people (within
    five sentences). An intro may tell the move by a past role ("X berhasil menarik beberapa
    mantan peneliti Y seperti:"), or be a member intro ("Mereka antara lain:") right after the
    sentence telling a group's move, whose origin and destination the items take."""
    drafts: list[Draft] = []
    for s in ctx.sentences:
        told = _intro(s.text)
        group = None if told else _group_intro(ctx, s)
        if not told and group is None:
            continue
        items = _items(ctx, s.index)
        if len(items) < 2:
            continue
        # "Mereka antara lain:" after the group's move: the items left the group's origin.
        origin = group.from_org if group is not None else _origin(ctx, s.index)
        joined = intro_destinations(ctx, s.index)
        for index, name, where in items:
            went = canonical_org(where) if where else None
            to_org = went.org if went is not None else None
            if to_org is None and len(joined) == 1:
                to_org = joined[0]  # "X berhasil menarik beberapa mantan peneliti Y seperti:"
            drafts.append(
                DepartureDraft(
                    person=name,
                    from_org=origin,
                    to_org=to_org,
                    status="completed",
                    sentence=index,
                )
            )
    return drafts
