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
from talent_extract.ground.move_grammar import owner_marked, part_about, people_in, read_move
from talent_extract.ground.vocabulary import _leaves, _leaving
from talent_extract.text.patterns import word_pattern

__all__ = [
    "leave_is_no_departure",
    "new_post_is_no_departure",
    "owner_is_no_mover",
    "remaining_not_mover",
]


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


@lru_cache(maxsize=1)
def _founded_by() -> re.Pattern[str]:
    marks = word_pattern(data.move_grammar().founder_marks).pattern
    return re.compile(rf"(?:{marks})\s+$", re.IGNORECASE)


def _as_owner(text: str, start: int) -> bool:
    """Whether the name at ``text[start:]`` follows an owner or founder mark ("milik",
    "didirikan oleh", "kepemimpinan"; ``owner_marks``, ``founder_marks``)."""
    before = text[max(start - 40, 0) : start]
    return owner_marked(before) or _founded_by().search(before) is not None


@lru_cache(maxsize=1)
def _former_appositive() -> re.Pattern[str]:
    marks = word_pattern(data.move_grammar().former_marks).pattern
    return re.compile(rf"\s*,\s*(?:{marks})", re.IGNORECASE)


def _former_after(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` has a past role after it ("A, mantan kepala X"):
    a founder who came from somewhere moved."""
    return _former_appositive().match(text, end) is not None


@rule("departure")
def owner_is_no_mover(d: Draft, ctx: Context) -> Verdict:
    """ "startup AI yang didirikan oleh X", "xAI milik X", "berkat kepemimpinan X"
    (``owner_marks``, ``founder_marks``): a person named as the founder, owner or leader of an
    organisation is the one whose lab gains or loses people, not a mover. Dropped when the
    evidence names them only so — with no past role after the name ("didirikan oleh A, mantan
    kepala ilmuwan X" tells a founder who left X) — and no sentence about them, naming them
    otherwise, tells them leaving ("X mundur", "pengunduran diri X")."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP

    def owned_only(index: int) -> bool:
        s = ctx.sentences[index]
        own = [m for m in people_in(s, ctx.persons) if m.name == d.person]
        return bool(own) and all(
            _as_owner(s.text, m.start) and not _former_after(s.text, m.end) for m in own
        )

    if not 0 <= d.sentence < len(ctx.sentences) or not owned_only(d.sentence):
        return KEEP
    for i in sentences_about(ctx, d.person):
        if not owned_only(i) and _leaves(ctx.sentences[i].text, d.person):
            return KEEP
    return Drop(f"{d.person!r} is named as an organisation's owner or founder, not as moving")


@lru_cache(maxsize=1)
def _stay() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().stay_words)


@rule("departure")
def remaining_not_mover(d: Draft, ctx: Context) -> Verdict:
    """ "Dari sembilan pendiri X, cuma dua yang tersisa di sana: A dan B", "A masih bertahan di X"
    (``stay_words``): people the article tells remaining are the ones who did not leave. Dropped
    when the cited sentence names the person after such a word, with no leaving word after it,
    and no part of another sentence about them tells them leaving."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or not 0 <= d.sentence < len(ctx.sentences):
        return KEEP
    s = ctx.sentences[d.sentence]
    own = [m for m in people_in(s, ctx.persons) if m.name == d.person]
    stays = [m for m in _stay().finditer(s.text) if own and m.end() <= own[0].start]
    if not stays or _leaving().search(s.text, stays[-1].end()):
        return KEEP  # a leaving word after the stay: told of them, or of someone after them
    others = [p for i, p in _own_parts(ctx, d.person) if i != d.sentence]
    if any(_leaving().search(_stay().sub(" ", p)) for p in others):
        return KEEP
    return Drop(f"{d.person!r} is told remaining, not leaving")
