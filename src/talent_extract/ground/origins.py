"""The organisation a person left must be told of them.

A small model answering for several people of one story copies one organisation into every
record ("Ba, seorang profesor dari University of Toronto, ..." gives every co-founder who left
the lab the university as their origin). A destination is checked by ``destination_near_move``;
this is the same check for the other end, run after the departure rules.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from talent_extract import data
from talent_extract.find.names import default_org_table
from talent_extract.ground.discourse import sentences_about
from talent_extract.ground.framework import (
    KEEP,
    Change,
    Context,
    DepartureDraft,
    Draft,
    Drop,
    Verdict,
    rule,
)
from talent_extract.ground.lists import intro_sentences, list_intro
from talent_extract.ground.move_grammar import part_about, read_move
from talent_extract.ground.story import story_org
from talent_extract.ground.vocabulary import _org_in_text, canonical_name
from talent_extract.text.patterns import alternation

__all__ = ["origin_by_description", "origin_not_joined", "origin_told_of_mover"]

# How far back a definite description ("perusahaan tersebut") looks for the organisation it
# stands for: the sentence itself and the three before it.
_ANTECEDENT_SENTENCES = 3
_DESCRIPTION_WORDS = 6


@cache
def _description() -> re.Pattern[str]:
    """A leaving mark, a company noun, up to six words, a demonstrative
    (``data/move_grammar_id.json``: origin_marks, company_nouns, demonstratives)."""
    g = data.move_grammar()
    marks = [m for m in g.origin_marks if " " in m or m != "dari"]  # bare "dari" is any source
    stops = alternation(g.not_in_description, ignorecase=True)
    leave = alternation(marks, space=r"\s+", ignorecase=True)
    nouns = alternation(g.company_nouns, space=r"\s+", ignorecase=True)
    these = alternation(g.demonstratives, ignorecase=True)
    word = rf"(?!(?:{stops})(?!\w))[\w()’'-]+"
    return re.compile(
        rf"(?<!\w)(?:{leave})\s+(?:{nouns})(?:\s+{word}){{0,{_DESCRIPTION_WORDS}}}?"
        rf"\s+(?:{these})(?!\w)",
        re.IGNORECASE,
    )


def _antecedent(ctx: Context, index: int, before: int, exclude: str | None) -> str | None:
    """The organisation a description at ``before`` in sentence ``index`` stands for."""
    table = default_org_table()
    lo = max(index - _ANTECEDENT_SENTENCES, 0)
    named = [o.org for i in range(lo, index) for o in table.find(ctx.sentences[i].text)]
    named += [o.org for o in table.find(ctx.sentences[index].text[:before])]
    named = [o for o in named if o != exclude]
    if not named:
        return None
    main = story_org(ctx)
    return main if main in named else named[-1]


@rule("departure")
def origin_by_description(d: Draft, ctx: Context) -> Verdict:
    """A leaving told with a definite description instead of a name — "meninggalkan
    perusahaan kecerdasan buatan milik Musk tersebut", "keluar dari startup itu" — leaves the
    organisation named just before: the one the article is about when the sentence or the three
    before it name it, else the last one they name (never the destination). The description
    must stand in the mover's own part of the sentence that tells the move, and name no
    organisation itself; the sentence is the one that tells the move, else one about the mover.
    """
    assert isinstance(d, DepartureDraft)
    if d.person is None or not 0 <= d.sentence < len(ctx.sentences):
        return KEEP
    for index in dict.fromkeys([d.sentence, *sentences_about(ctx, d.person)]):
        sentence = ctx.sentences[index]
        part = part_about(sentence, d.person, ctx.persons)
        m = _description().search(part) if part is not None else None
        if part is None or m is None or default_org_table().find(m.group(0)):
            continue
        org = _antecedent(
            ctx, index, sentence.text.find(part) + m.start(), canonical_name(d.to_org)
        )
        if org is None or org == canonical_name(d.from_org):
            return KEEP
        described = m.group(0).split(maxsplit=1)[-1]
        return Change(
            replace(d, from_org=org, from_unit=None),
            "from_org",
            f"S{index + 1} leaves '{described}': {org}, named before",
        )
    return KEEP


@rule("departure")
def origin_told_of_mover(d: Draft, ctx: Context) -> Verdict:
    """The organisation left is told of the mover: named (by any alias) in a sentence about
    them (their full name, surname, or an "ia"/"dia" sentence going on about them), in the
    sentence the model cited, or in the evidence or a sentence beside it, or in the line that
    introduces the list of movers the evidence is an item of. A report on one
    organisation's losses names it once and goes on with "perusahaan itu": the organisation the
    article names most often is told of everyone in it. Any other origin is someone else's,
    and the record goes."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.from_org is None:
        return KEEP
    where = set(sentences_about(ctx, d.person))
    if d.cited is not None and 0 <= d.cited < len(ctx.sentences):
        where.add(d.cited)
    # The evidence and the sentences beside it: a move told across two sentences.
    where.update(range(max(d.sentence - 1, 0), min(d.sentence + 2, len(ctx.sentences))))
    intro = list_intro(ctx, d.sentence)
    if intro is not None:
        where.update(intro_sentences(ctx, intro))  # the intro tells whom the items left
    if any(_org_in_text(d.from_org, ctx.sentences[i].text) for i in where):
        return KEEP
    if d.from_org == story_org(ctx):
        return KEEP
    return Drop(f"{d.from_org} is not told of {d.person}")


@rule("departure")
def origin_not_joined(d: Draft, ctx: Context) -> Verdict:
    """The organisation left is not the one the evidence tells this person joined: "Deitke
    bergabung dengan Meta" cited for "Deitke left Meta" (the evidence moved there after the
    grammar of the first cited sentence was read) tells no one left Meta. Such a record has no
    organisation left and goes."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.from_org is None or not 0 <= d.sentence < len(ctx.sentences):
        return KEEP
    move = read_move(ctx.sentences[d.sentence], d.person, ctx.persons)
    origin = canonical_name(d.from_org)
    if origin in move.destinations and origin not in move.origins:
        return Drop(f"S{d.sentence + 1} tells {d.person} joined {origin}, not left it")
    return KEEP
