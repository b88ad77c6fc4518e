"""Returns to a former employer: the second move of a boomerang hire, read from its grammar.

News of a return tells two moves of one person: the first told as career ("A meninggalkan X
untuk mendirikan Y"), the second as the news ("A kembali ke X", "X merekrut kembali A"). The
pipeline keeps one record per person (a small model's second answer about someone is most often
the same move misread), so the return is lost whenever the first move is the one recorded. The
``follow`` proposer ``return_moves`` reads it: a person recorded leaving X for Y, whom a sentence
tells going back to X, moved from Y to X as well. The organisation they return to must be the one
the record says they left; "kembali" alone ("Meta kembali merekrut", "again") tells nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import default_org_table
from talent_extract.ground.framework import Context, DepartureDraft, Draft, proposer
from talent_extract.ground.locate import contains_name
from talent_extract.ground.move_grammar import part_about, people_in, tried_before
from talent_extract.ground.vocabulary import _threat
from talent_extract.text.patterns import word_pattern
from talent_extract.text.sentences import Sentence

__all__ = ["return_moves"]

# How far after a return mark the organisation gone back to may stand ("kembali ke raksasa
# teknologi X", "kembalinya A ke X").
_AFTER_MARK = 60


@lru_cache(maxsize=1)
def _marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    g = data.move_grammar()
    return word_pattern(g.return_marks), word_pattern(g.rehire_verbs)


def _same_org(named: str, left: str) -> bool:
    """Whether an organisation named in a return sentence is the one left: the same, or one
    holding the other's name ("Google DeepMind" for "Google")."""
    a, b = named.casefold(), left.casefold()
    return a == b or contains_name(named, left) or contains_name(left, named)


def _returned_to(s: Sentence, person: str, left: str, ctx: Context) -> str | None:
    """The organisation ``s`` tells ``person`` going back to, if it is ``left``, as written: a
    return mark or a rehiring verb in their own part of the sentence, not only tried."""
    named = [m.name for m in people_in(s, ctx.persons)]
    if person not in named and not contains_name(s.text, person.split()[-1]):
        return None
    part = part_about(s, person, ctx.persons)
    if part is None:
        return None
    text, offset = s.text, max(s.text.find(part), 0)
    marks, verbs = _marks()
    orgs = default_org_table().find(text)
    for m in marks.finditer(part):
        at, end = offset + m.start(), offset + m.end()
        if tried_before(text, at):
            continue
        after = [o for o in orgs if end <= o.start <= end + _AFTER_MARK]
        # The first organisation after the mark is the one gone back to ("kembali ke X
        # setelah sebentar di Y": X).
        if after and _same_org(after[0].org, left):
            return after[0].org
    for m in verbs.finditer(part):
        at = offset + m.start()
        if tried_before(text, at):
            continue
        # The one that takes them back is the subject, before the verb and often far from it
        # ("X ... menyiapkan dana jumbo demi merekrut kembali A").
        for o in orgs:
            if o.end <= at and _same_org(o.org, left):
                return o.org
    return None


@proposer("departure", stage="follow")
def return_moves(ctx: Context) -> list[Draft]:
    """A person recorded leaving X for Y ("A meninggalkan X untuk mendirikan Y") whom a sentence
    tells going back to X — a return mark before X ("A kembali ke X", "kembalinya A ke X",
    "bergabung kembali dengan X") or X taking them back ("X merekrut kembali A", "A direkrut
    kembali oleh X"; ``move_grammar_id.json`` "return_marks", "rehire_verbs") — moved from Y to
    X too: the return sentence is the evidence, threatened when a threat word stands in it.
    The organisation gone back to must be the one the record left."""
    drafts: list[Draft] = []
    done: set[str] = set()
    for d in ctx.departures:
        if d.person is None or d.from_org is None or d.to_org is None or d.person in done:
            continue
        if _same_org(d.to_org, d.from_org):
            continue
        for s in ctx.sentences:
            back = _returned_to(s, d.person, d.from_org, ctx)
            if back is None:
                continue
            done.add(d.person)
            threatened = _threat().search(s.text) is not None
            drafts.append(
                DepartureDraft(
                    person=d.person,
                    from_org=d.to_org,
                    to_org=back,
                    status="threatened" if threatened else "completed",
                    sentence=s.index,
                    cited=d.sentence,  # where the organisation now left was told joined
                )
            )
            break
    return drafts
