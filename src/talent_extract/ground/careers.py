"""Careers told in a description: "A, mantan CEO X yang kini memimpin Y", "Y, yang dipimpin oleh
A (mantan CEO X)".

Indonesian news introduces a person by their past and present in one breath, and a small model
reading for moves skips such a description: it tells no event. The proposer ``former_now_at``
reads it where both ends are plain — a former mark ("mantan", "eks", "bekas") attached to the
person's name with the organisation left, and a present one after it ("yang kini ...",
"yang sekarang ...") or a unit the person leads ("Y, unit riset yang dipimpin oleh A") with
the organisation joined. Every draft passes the departure rules like the model's answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import default_org_table
from talent_extract.find.orgs import OrgMention
from talent_extract.ground.framework import Context, DepartureDraft, Draft, proposer
from talent_extract.ground.job_titles import title_before
from talent_extract.ground.move_grammar import people_in
from talent_extract.text.patterns import phrases
from talent_extract.text.spans import PersonMention

__all__ = ["career_of", "career_told", "former_now_at", "joined_after_post"]

# A role between the former mark and its organisation: "mantan kepala riset X", at most this long.
_ROLE = 50
# How far after the description the present may be told, and its organisation after the mark.
_NOW_WITHIN = 40
_ORG_WITHIN = 90
_STOP = re.compile(r"[.;:!?]")
# Between a unit's organisation and its leader mark: no clause of its own.
_CLAUSE = re.compile(r"(?<![\w-])(?:agar|supaya|untuk|dalam|dari|ketika|saat)(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    g = data.move_grammar()
    former = rf"(?:{phrases(g.former_titles)})"
    after = re.compile(rf"\s*[,(]\s*(?:yang\s+merupakan\s+|seorang\s+)?{former}\s+", re.I)
    now = re.compile(rf"(?<![\w-])(?:{phrases(g.present_marks)})(?![\w-])", re.I)
    led = re.compile(rf"(?<![\w-])(?:{phrases(g.led_by)})\s*$", re.I)
    return after, now, led


@lru_cache(maxsize=1)
def _former_before() -> re.Pattern[str]:
    g = data.move_grammar()
    return re.compile(rf"(?<![\w-])(?:{phrases(g.former_titles)})\s+[^,.;()]*$", re.I)


def _former_of(
    text: str, m: PersonMention, orgs: Sequence[OrgMention]
) -> tuple[OrgMention, int] | None:
    """The organisation a former mark attached to ``m`` names ("A (mantan CEO X)", "A, mantan
    peneliti X", "mantan CEO X, A"), and where the description ends."""
    after, _, _ = _patterns()
    hit = after.match(text, m.end)
    if hit is not None:
        for o in orgs:
            gap = text[hit.end() : o.start]
            if o.start >= hit.end() and len(gap) <= _ROLE and not re.search(r"[(),.;]", gap):
                close = re.match(r"\s*\)", text[o.end :])
                return o, o.end + (close.end() if close else 0)
        return None
    for o in orgs:
        if o.end <= m.start and re.fullmatch(r"\s*,?\s*", text[o.end : m.start]):
            head = text[max(o.start - _ROLE, 0) : o.start]
            if _former_before().search(head):
                return o, m.end
    return None


def _present(text: str, end: int, origin: str, orgs: Sequence[OrgMention]) -> str | None:
    """The organisation a present mark after the description names ("yang kini memimpin Y")."""
    _, now, _ = _patterns()
    hit = now.search(text, end, min(end + _NOW_WITHIN, len(text)))
    if hit is None or _STOP.search(text, end, hit.start()):
        return None
    for o in orgs:
        if o.start >= hit.end():
            # In the present's own clause: "yang kini mengajar, memuji Y" joined no Y.
            far = o.start - hit.end() > _ORG_WITHIN
            if far or _STOP.search(text, hit.end(), o.start) or "," in text[hit.end() : o.start]:
                return None
            return o.org if o.org != origin else None
    return None


def _leads(
    text: str, start: int, origin: str, orgs: Sequence[OrgMention], unit: str | None = None
) -> str | None:
    """The unit a person named right after "dipimpin oleh" (or after "dipimpin oleh mantan CEO
    X,") leads: the last organisation before the mark, in the same sentence ("Y, unit riset
    yang dipimpin oleh A"); with none there, ``unit``, the organisation a unit described at the
    sentence's start stands for ("Divisi ini dipimpin oleh A")."""
    _, _, led = _patterns()
    hit = led.search(text, 0, start)
    if hit is None:
        former = _former_then_name().search(text, 0, start)  # "oleh mantan CEO X, A"
        if former is None:
            return None
        hit = led.search(text, 0, former.start())
        if hit is None:
            return None
    before = [o for o in orgs if o.end <= hit.start()]
    if not before:
        return unit if unit != origin else None
    # The unit's organisation heads the phrase the mark closes ("Y, unit riset baru yang"),
    # not one of a clause before it ("... dari Y agar bersatu dalam tim baru yang").
    gap = text[before[-1].end : hit.start()]
    if before[-1].org == origin or _CLAUSE.search(gap):
        return None
    return before[-1].org


@lru_cache(maxsize=1)
def _former_then_name() -> re.Pattern[str]:
    g = data.move_grammar()
    return re.compile(rf"(?<![\w-])(?:{phrases(g.former_titles)})\s+[^,.;()]*,\s*$", re.I)


@lru_cache(maxsize=1)
def _unit_opening() -> re.Pattern[str]:
    g = data.move_grammar()
    return re.compile(
        rf"^\W*(?:{phrases(g.unit_words)})(?:\s+baru)?\s+(?:{phrases(g.demonstratives)})(?![\w-])",
        re.IGNORECASE,
    )


def _unit_before(ctx: Context, index: int) -> str | None:
    """The organisation a sentence opening with a unit pointed back to ("Divisi ini", "Tim
    baru tersebut") stands for: the last one the sentence before names."""
    if index == 0 or _unit_opening().match(ctx.sentences[index].text) is None:
        return None
    named = default_org_table().find(ctx.sentences[index - 1].text)
    return named[-1].org if named else None


def _lead_start(text: str, m: PersonMention, named: Sequence[PersonMention]) -> int:
    """Where the list ``m`` ends stands begins: "dipimpin oleh A (mantan CEO X) dan B", "...
    oleh A, mantan CEO X, bersama B" give B the place right after "oleh" too."""
    start = m.start
    for other in sorted((n for n in named if n.end <= m.start), key=lambda n: -n.start):
        between = re.sub(r"\([^()]*\)", "", text[other.end : start])
        # "dipimpin oleh A, mantan CEO X, bersama B": an appositive of A's own, then B.
        between = re.sub(r"^\s*,[^,()]*,", "", between)
        if re.fullmatch(r"\s*(?:,|dan|serta|bersama)?\s*", between):
            start = other.start
        else:
            break
    return start


def career_of(ctx: Context, index: int, person: str) -> tuple[str, str] | None:
    """The move (origin, destination) sentence ``index`` introduces ``person`` by ("A, mantan
    peneliti X yang kini memimpin Y"), if it does."""
    s = ctx.sentences[index]
    orgs = default_org_table().find(s.text)
    named = people_in(s, ctx.persons)
    for m in named:
        if m.name == person:
            career = _career(s.text, m, named, orgs)
            if career is not None:
                return career
    return None


def career_told(ctx: Context, index: int, person: str) -> bool:
    """Whether sentence ``index`` introduces ``person`` by a move: a speaker so introduced
    moved."""
    return career_of(ctx, index, person) is not None


def _career(
    text: str,
    m: PersonMention,
    named: Sequence[PersonMention],
    orgs: Sequence[OrgMention],
    unit: str | None = None,
) -> tuple[str, str] | None:
    """The (origin, destination) the description of ``m`` tells, if both are plain (the
    destination may be ``unit``, the organisation a unit opening the sentence stands for)."""
    if len(orgs) < (1 if unit else 2):
        return None  # both ends must be named
    former = _former_of(text, m, orgs)
    if former is None:
        return None
    origin, end = former
    joined = _present(text, end, origin.org, orgs) or _leads(
        text, _lead_start(text, m, named), origin.org, orgs, unit
    )
    return (origin.org, joined) if joined is not None else None


@proposer("departure")
def former_now_at(ctx: Context) -> list[Draft]:
    """A person introduced by their career — a former mark with the organisation left attached
    to the name ("A, mantan CEO X", "A (mantan peneliti X)", "mantan CTO X, A";
    ``move_grammar_id.json`` "former_titles") and, right after that description, a present mark
    with the organisation joined ("yang kini memimpin Y", "yang sekarang bekerja di Y";
    "present_marks"), or the name right after a unit's leader mark ("Y, unit riset yang
    dipimpin oleh A (mantan CEO X) dan B (...)"; "led_by") — moved from X to Y. The first such
    sentence per person is the evidence."""
    drafts: list[Draft] = []
    seen: set[str] = set()
    for s in ctx.sentences:
        orgs = default_org_table().find(s.text)
        unit = _unit_before(ctx, s.index)
        if len(orgs) < (1 if unit else 2):
            continue
        named = people_in(s, ctx.persons)
        for m in named:
            career = None if m.name in seen else _career(s.text, m, named, orgs, unit)
            if career is None:
                continue
            seen.add(m.name)
            drafts.append(
                DepartureDraft(
                    person=m.name,
                    from_org=career[0],
                    to_org=career[1],
                    status="completed",
                    sentence=s.index,
                )
            )
    return drafts


@lru_cache(maxsize=1)
def _before_joining() -> re.Pattern[str]:
    marks = phrases(data.move_grammar().before_joining)
    return re.compile(rf"^\W*(?:{marks})(?![\w-])", re.IGNORECASE)


# The organisation a person's clause places them at: "bekerja di X", "peneliti pada X".
_AT = re.compile(r"(?<![\w-])(?:di|pada|bersama)\s+$", re.IGNORECASE)


@proposer("departure")
def joined_after_post(ctx: Context) -> list[Draft]:
    """A sentence that opens with a join as what came next ("Sebelum bergabung dengan Y, A
    lama bekerja di X", "Sebelum turut mendirikan Y, A merupakan peneliti pada
    X"; ``move_grammar_id.json`` "before_joining"): the person named right after the comma was
    at X — the first organisation of their clause after "di"/"pada" or a job title — and moved
    from there to Y, the first organisation after the mark."""
    drafts: list[Draft] = []
    seen: set[str] = set()
    table = default_org_table()
    for s in ctx.sentences:
        mark = _before_joining().match(s.text)
        if mark is None:
            continue
        comma = s.text.find(",", mark.end())
        orgs = table.find(s.text)
        joined = [o for o in orgs if mark.end() <= o.start and (comma < 0 or o.end <= comma)]
        named = [m for m in people_in(s, ctx.persons) if m.start > comma >= 0]
        if not joined or not named or s.text[comma + 1 : named[0].start].strip():
            continue
        person = named[0]
        stop = _STOP.search(s.text, person.end)
        end = stop.start() if stop else len(s.text)
        rest = [n for n in named[1:] if n.start < end]
        end = min([end, *(n.start for n in rest)])
        at = [
            o
            for o in orgs
            if person.end <= o.start
            and o.end <= end
            and (_AT.search(s.text, max(o.start - 8, 0), o.start) or title_before(s.text, o))
        ]
        if not at or at[0].org == joined[0].org or person.name in seen:
            continue
        seen.add(person.name)
        drafts.append(
            DepartureDraft(
                person=person.name,
                from_org=at[0].org,
                to_org=joined[0].org,
                status="completed",
                sentence=s.index,
            )
        )
    return drafts
