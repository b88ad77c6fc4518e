"""Which sentences of an article go on about one person.

Indonesian reports name a person once in full, then by surname ("Tulloch kemudian ...") or by a
subject pronoun ("Namun, ia memutuskan untuk meninggalkan X dan bergabung dengan Y").
A sentence that names no one and has such a pronoun goes on about the last person named before
it, when that was one person and stood at most two sentences back.
"""

from __future__ import annotations

import re
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import default_org_table
from talent_extract.ground.careers import career_of
from talent_extract.ground.followers import follows
from talent_extract.ground.framework import Context
from talent_extract.ground.groups import described_org, member_move
from talent_extract.ground.lists import intro_destinations, list_intro
from talent_extract.ground.locate import contains_name
from talent_extract.ground.move_grammar import (
    destination_marked,
    owned_by,
    part_about,
    people_in,
    read_move,
)
from talent_extract.ground.vocabulary import _org_in_text
from talent_extract.text.patterns import phrases, word_pattern

__all__ = ["person_pronouns", "sentences_about", "told_destination"]


@lru_cache(maxsize=1)
def person_pronouns() -> re.Pattern[str]:
    """The subject pronouns that go on about the last person named ("ia", "dia"; data
    ``person_pronouns``)."""
    return word_pattern(data.move_grammar().person_pronouns)


def _names(ctx: Context, index: int) -> set[str]:
    return {m.name for m in people_in(ctx.sentences[index], ctx.persons)}


def sentences_about(ctx: Context, person: str) -> list[int]:
    """The indices of the sentences that name ``person`` (in full or by surname) or go on about
    them with a subject pronoun, in article order (kept per article: several rules ask)."""
    key = ("sentences_about", person, ctx.text, len(ctx.sentences))
    return list(ctx.persons.memo(key, lambda: _sentences_about(ctx, person)))


def _sentences_about(ctx: Context, person: str) -> list[int]:
    surname = person.split()[-1]
    out: list[int] = []
    last: tuple[int, set[str]] | None = None  # the last sentence naming someone, and who
    for s in ctx.sentences:
        named = _names(ctx, s.index)
        if (
            contains_name(s.text, person)
            or contains_name(s.text, surname)
            or (
                not named
                and last is not None
                and s.index - last[0] <= 2
                and last[1] == {person}
                and person_pronouns().search(s.text)
            )
        ):
            out.append(s.index)
        if named:
            last = (s.index, named)
    return out


def told_destination(ctx: Context, person: str, org: str, sentence: int, cited: list[int]) -> bool:
    """Whether the article tells ``person`` went to ``org`` (see :func:`_told_destination`),
    directly, as an item of a list of movers whose intro marks ``org`` joined, or as a member
    listed "besides" someone whose move it tells: "Selain A, ada B (...), C (...), dan D
    (...)." — B, C and D share A's destination; or by a career the person's description tells
    (:func:`~talent_extract.ground.careers.career_of`)."""
    if _told_destination(ctx, person, org, sentence, cited):
        return True
    # A member a group's move lists ("..., termasuk mantan CEO X, A") went where the group went.
    member = member_move(ctx, sentence, person)
    if member is not None and member.to_org == org:
        return True
    # A career told in the person's description: "Y, yang dipimpin oleh A, mantan CEO X".
    for i in {sentence, *cited}:
        career = career_of(ctx, i, person) if 0 <= i < len(ctx.sentences) else None
        if career is not None and career[1] == org:
            return True
    intro = list_intro(ctx, sentence)
    if intro is not None and org in intro_destinations(ctx, intro):
        return True  # an item of a list of movers: the intro tells where they all went
    if follows(ctx, sentence, person) and any(
        _plainly_named(ctx.sentences[i].text, org) for i in cited
    ):
        return True  # "B juga mengikuti jejak serupa": where the move B follows went
    for i in sentences_about(ctx, person):
        anchor = _besides(ctx, i, person)
        if anchor is not None and _told_destination(ctx, anchor, org, i, []):
            return True
    return False


@lru_cache(maxsize=1)
def _besides_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in data.move_grammar().besides_marks)
    return re.compile(rf"^\W*(?:{words})\s+", re.IGNORECASE)


def _besides(ctx: Context, index: int, person: str) -> str | None:
    """The one person a sentence opening "Selain A, (ada) ..." names as A, when ``person`` is
    named after A's clause; else None."""
    s = ctx.sentences[index]
    opening = _besides_pattern().match(s.text)
    if opening is None:
        return None
    comma = s.text.find(",", opening.end())
    if comma < 0:
        return None
    named = people_in(s, ctx.persons)
    anchors = {m.name for m in named if opening.end() <= m.start < comma}
    later = {m.name for m in named if m.start > comma}
    if len(anchors) != 1 or person not in later or person in anchors:
        return None
    return anchors.pop()


def _told_destination(ctx: Context, person: str, org: str, sentence: int, cited: list[int]) -> bool:
    """Whether the article tells ``person`` went to ``org`` (canonical): the rule
    ``destination_near_move`` states the conditions."""
    where = list(dict.fromkeys([*sentences_about(ctx, person), *cited]))
    moves = {i: read_move(ctx.sentences[i], person, ctx.persons) for i in where}
    if any(org in m.destinations for m in moves.values()):
        return True
    for i in where:
        part = part_about(ctx.sentences[i], person, ctx.persons)
        if part is not None and _plainly_named(part, org) and org not in moves[i].origins:
            return True
    if any(_described_destination(ctx, i, person, org) for i in where):
        return True
    near = range(max(sentence - 1, 0), min(sentence + 2, len(ctx.sentences)))
    for i in dict.fromkeys([*near, *cited]):
        s = ctx.sentences[i]
        if _names(ctx, i) - {person} or not _plainly_named(s.text, org):
            continue
        if org not in read_move(s, person, ctx.persons).origins:
            return True
    return False


def _plainly_named(text: str, org: str) -> bool:
    """Whether ``text`` names ``org`` other than as an owner or backer, or as one spoken to or
    of ("membuat pernyataan kepada X", ``addressee_marks``)."""
    return (
        _org_in_text(org, text) is not None
        and not owned_by(text, org)
        and not _addressed(text, org)
    )


@lru_cache(maxsize=1)
def _addressee() -> re.Pattern[str]:
    marks = phrases(data.move_grammar().addressee_marks)
    return re.compile(rf"(?<![\w-])(?:{marks})\s+(?:(?:the|The)\s+)?$", re.IGNORECASE)


def _addressed(text: str, org: str) -> bool:
    """Whether every mention of ``org`` in ``text`` follows an addressee mark."""
    starts = [o.start for o in default_org_table().find(text) if o.org == org]
    # one no table knows (the article introduces it): where it is written
    starts = starts or [m.start() for m in re.finditer(re.escape(org), text, re.IGNORECASE)]
    return bool(starts) and all(_addressee().search(text[:at]) is not None for at in starts)


def _described_destination(ctx: Context, index: int, person: str, org: str) -> bool:
    """Whether sentence ``index`` tells ``person`` joined a company by a definite description
    ("bergabung dengan perusahaan tersebut", "hengkang ke raksasa teknologi itu": a joining mark,
    ``company_nouns``, a demonstrative) that stands for ``org``: the organisation one of the two
    sentences before names, as reports write a company's name once and then describe it."""
    part = part_about(ctx.sentences[index], person, ctx.persons)
    if part is None:
        return False
    told = any(destination_marked(part[: m.start()]) for m in described_org().finditer(part))
    before = ctx.sentences[max(index - 2, 0) : index]
    return told and any(_org_in_text(org, s.text) is not None for s in before)
