"""People who stay: a leave or a new post inside the organisation is no departure.

Indonesian reports of a lab's staff changes put a leave ("Presiden X mengambil cuti panjang") and
an internal reshuffle ("A menggantikan B, yang kini beralih ke posisi Chief Architect") beside
the real exits, often in the same paragraph and with the same verbs a roundup uses for all of
them ("hengkangnya A dan B"). These rules run after every other departure rule and drop such a
record; the words are data (``data/move_grammar_id.json`` ``leave_words``, ``post_moves``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from talent_extract import data
from talent_extract.ground.discourse import sentences_about
from talent_extract.ground.framework import (
    KEEP,
    Context,
    DepartureDraft,
    Draft,
    Drop,
    Verdict,
    rule,
)
from talent_extract.ground.move_grammar import part_about, read_move
from talent_extract.ground.vocabulary import _leaving
from talent_extract.text.patterns import word_pattern

__all__ = ["leave_is_no_departure", "new_post_is_no_departure"]


@lru_cache(maxsize=1)
def _leave() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().leave_words)


@lru_cache(maxsize=1)
def _post() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().post_moves)


def _own_parts(ctx: Context, person: str) -> list[tuple[int, str]]:
    """(sentence, the person's own part of it) for every sentence about them, read once."""
    out = []
    for i in sentences_about(ctx, person):
        part = part_about(ctx.sentences[i], person, ctx.persons)
        if part is not None:
            out.append((i, part))
    return out


@rule("departure")
def leave_is_no_departure(d: Draft, ctx: Context) -> Verdict:
    """ "X mengambil cuti panjang", "cuti sabatikal" (``leave_words``): someone on leave has not
    left, even when a roundup later calls it their "hengkangnya". Dropped when the article tells
    this person's leave, tells no leaving verb in the same part ("setelah cuti panjang, X
    akhirnya mengundurkan diri" is a departure) and no destination for them."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.to_org is not None:
        return KEEP
    own = _own_parts(ctx, d.person)
    leaves = [p for _, p in own if _leave().search(p)]
    if not leaves or any(_leaving().search(_leave().sub(" ", p)) for p in leaves):
        return KEEP
    if any(read_move(ctx.sentences[i], d.person, ctx.persons).destinations for i, _ in own):
        return KEEP
    return Drop(f"{d.person!r} is on leave, not gone")


@rule("departure")
def new_post_is_no_departure(d: Draft, ctx: Context) -> Verdict:
    """ "B, yang kini beralih ke posisi Chief Architect", "dipindahtugaskan" (``post_moves``): a
    new post in the same organisation is no departure. Dropped when the article tells this
    person's new post, the sentences telling it mark no organisation they left ("keluar dari
    X dan beralih ke posisi ... di Y" is a move) and no other sentence tells them leaving."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    own = _own_parts(ctx, d.person)
    told = [i for i, p in own if _post().search(p)]
    if not told or any(read_move(ctx.sentences[i], d.person, ctx.persons).origins for i in told):
        return KEEP
    # Leaving told elsewhere ("sebelum beralih peran ke MSL ... ia juga meninggalkan lab Meta").
    if any(_leaving().search(_post().sub(" ", p)) for _, p in own):
        return KEEP
    return Drop(f"{d.person!r} takes a new post inside the organisation")
