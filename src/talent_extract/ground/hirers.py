"""Who hired a group whose members an article names one by one.

Indonesian reports of a hiring spree tell the hire of a group, then list its members with the
organisation each came from: "Bos X memboyong beberapa tokoh andal dari perusahaan pesaing.
Mereka adalah A, ilmuwan Y; B, kepala tim di Z; dan C, bekas direktur W." The model reads each
member's origin from their appositive but seldom where they went, which the sentence before
tells: the one who hired. The rule ``member_joins_hirer`` gives it to them. A hire told with a
person for the one who hires ("Wiratama juga merekrut A dari X") goes to the organisation the
article titles that person head of (rule ``hired_by_leader``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import default_org_table
from talent_extract.ground.discourse import person_pronouns
from talent_extract.ground.framework import (
    KEEP,
    Change,
    Context,
    DepartureDraft,
    Draft,
    Verdict,
    rule,
)
from talent_extract.ground.groups import hiring_before_group, listed_after_group
from talent_extract.ground.locate import whole_word
from talent_extract.ground.vocabulary import _leads
from talent_extract.text.patterns import phrases, word_pattern

__all__ = ["hired_by_head", "hired_by_leader", "member_joins_hirer"]

# Between the one who hires and the verb: fillers only ("Wiratama juga telah merekrut").
_SUBJECT_GAP = 25
# How far after the hiring verb the one hired may be named ("merekrut Dr. A dari X").
_OBJECT_WITHIN = 60


def _hirer(ctx: Context, index: int) -> str | None:
    """The organisation that hires in sentence ``index``: the last one named before its hiring
    verb, else the one the person named there (or the one "ia" stands for: the last person named
    before) leads by the article's titles ("CEO Meta Mark Zuckerberg")."""
    s = ctx.sentences[index]
    verb = hiring_before_group(s.text)
    if verb is None:
        return None
    before = s.text[:verb]
    orgs = default_org_table().find(before)
    if orgs:
        return orgs[-1].org
    people = ctx.persons.mentions_in(s.start, s.start + verb)
    if people:
        person = people[-1].name
    elif person_pronouns().search(before):
        earlier = ctx.persons.mentions_in(max(0, s.start - 400), s.start)
        if not earlier:
            return None
        person = earlier[-1].name
    else:
        return None
    led = {o.org for o in default_org_table().find(ctx.text) if _leads(ctx.text, person, o.org)}
    return led.pop() if len(led) == 1 else None


@rule("departure")
def member_joins_hirer(d: Draft, ctx: Context) -> Verdict:
    """A person named as a member right after a group's hire ("X memboyong beberapa tokoh
    andal dari perusahaan pesaing. Mereka adalah A, ilmuwan Y; ...": ``member_intros``) went to
    whoever hired the group: the organisation before the hiring verb, or the one its subject
    leads by the article's titles. Only a record with no destination, and not back to its own
    origin."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.to_org is not None or not listed_after_group(ctx, d.sentence):
        return KEEP
    hirer = _hirer(ctx, d.sentence - 1)
    if hirer is None or hirer == d.from_org:
        return KEEP
    return Change(replace(d, to_org=hirer), "to_org", f"S{d.sentence} tells who hired the group")


@lru_cache(maxsize=1)
def _hiring() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().hiring_verbs)


def hired_by_head(ctx: Context, index: int, person: str) -> str | None:
    """The organisation headed by the person who hires ``person`` in sentence ``index`` ("W juga
    merekrut A", W titled its head): named right before a hiring verb that ``person`` follows,
    with no organisation before it, or right after a passive one that follows ``person`` ("A,
    ..., yang baru direkrut W")."""
    s = ctx.sentences[index]
    surname = whole_word(person.split()[-1])
    for verb in _hiring().finditer(s.text):
        if not surname.search(s.text, verb.end(), verb.end() + _OBJECT_WITHIN):
            continue
        if default_org_table().find(s.text[: verb.start()]):
            return None  # an organisation hires: the grammar reads it (orgs_from_grammar)
        people = ctx.persons.mentions_in(s.start, s.start + verb.start())
        if not people or people[-1].name == person:
            return None
        gap = s.start + verb.start() - people[-1].end
        if gap > _SUBJECT_GAP:
            return None
        return _headed(ctx, people[-1].name)
    # The passive: "A, ..., yang baru direkrut W" — W, named right after the verb, hires.
    for mention in ctx.persons.mentions_in(s.start, s.end):
        if mention.name == person:
            continue
        passive = _passive().search(s.text, 0, mention.start - s.start)
        if passive is None or not surname.search(s.text, 0, passive.start()):
            continue
        return _headed(ctx, mention.name)
    return None


def _headed(ctx: Context, head: str) -> str | None:
    """The one organisation the article titles ``head`` head of now, else None."""
    led = {
        o.org
        for o in default_org_table().find(ctx.text)
        if _leads(ctx.text, head, o.org, current=True)
    }
    return led.pop() if len(led) == 1 else None


@lru_cache(maxsize=1)
def _passive() -> re.Pattern[str]:
    """A passive hiring verb ending right before a name ("direkrut (oleh) W";
    ``passive_hired``)."""
    verbs = phrases(data.move_grammar().passive_hired)
    return re.compile(rf"(?<![\w-])(?:{verbs})(?:\s+oleh)?\s+$", re.IGNORECASE)


@rule("departure")
def hired_by_leader(d: Draft, ctx: Context) -> Verdict:
    """A person hired by someone who heads an organisation — named right before the hiring
    verb ("Wiratama juga merekrut A dari X") or after a passive one ("A direkrut W"), the
    article titling them head of it now ("CEO Y Budi Wiratama") — went to that organisation.
    Only a record with no destination, not back to its own origin, and not where an
    organisation is named before the verb."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.to_org is not None:
        return KEEP
    head = hired_by_head(ctx, d.sentence, d.person)
    if head is None or head == d.from_org:
        return KEEP
    return Change(replace(d, to_org=head), "to_org", f"S{d.sentence + 1} tells who hired them")
