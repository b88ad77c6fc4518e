"""People told following others' path: their move is the move of the ones they follow.

Indonesian reports of a wave of moves name the first movers with their destination and then the
rest in a line of their own: "Selain itu, A dan B juga mengikuti jejak serupa",
"koleganya, B, segera menyusul". The model, and the grammar of that line, give them the organisation
they left at most; where they went is the move they follow. The ``follow`` proposer
``followers_share_move`` reads it, once the first records are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from talent_extract import data
from talent_extract.ground.framework import Context, DepartureDraft, Draft, proposer
from talent_extract.ground.move_grammar import part_about, people_in
from talent_extract.text.patterns import phrases

__all__ = ["followers_share_move", "follows"]


@lru_cache(maxsize=1)
def _follow() -> re.Pattern[str]:
    verbs = phrases(data.move_grammar().follow_verbs)
    return re.compile(rf"(?<![\w-])(?:{verbs})(?![\w-])", re.IGNORECASE)


def follows(ctx: Context, index: int, person: str) -> bool:
    """Whether ``person``'s part of sentence ``index`` tells them following others."""
    part = part_about(ctx.sentences[index], person, ctx.persons)
    return part is not None and _follow().search(part) is not None


def _followed(ctx: Context, d: DepartureDraft, after: int) -> str | None:
    """The person named right after the verb of following (its object), if any."""
    s = ctx.sentences[d.sentence]
    for m in people_in(s, ctx.persons):
        if m.start >= after and re.fullmatch(
            r"[\s,]*(?:langkah|jejak)?\s*", s.text[after : m.start]
        ):
            return m.name
    return None


@proposer("departure", stage="follow")
def followers_share_move(ctx: Context) -> list[Draft]:
    """A person recorded leaving X with no destination, whose part of the cited sentence tells
    them following others ("juga mengikuti jejak serupa", "akan menyusul", "mengikuti
    langkah B"; ``follow_verbs``), went where the one they follow went: the person named after
    the verb, else the last person recorded before that sentence leaving X for somewhere."""
    drafts: list[Draft] = []
    for d in ctx.departures:
        if d.person is None or d.from_org is None or d.to_org is not None:
            continue
        s = ctx.sentences[d.sentence]
        part = part_about(s, d.person, ctx.persons)
        verb = _follow().search(part) if part is not None else None
        if part is None or verb is None:
            continue
        named = _followed(ctx, d, s.text.find(part) + verb.end())
        others = [
            k
            for k in ctx.departures
            if k.person not in (None, d.person)
            and k.to_org is not None
            and k.from_org == d.from_org
        ]
        if named is not None:
            led = [k for k in others if k.person == named]
        else:
            led = [k for k in others if k.sentence <= d.sentence]
        if not led:
            continue
        k = max(led, key=lambda k: k.sentence)
        drafts.append(replace(d, to_org=k.to_org, to_unit=k.to_unit, cited=k.sentence))
    return drafts
