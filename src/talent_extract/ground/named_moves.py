"""Named people whose leaving a sentence tells plainly, read from its grammar.

A small model reading a long report lists some movers and skips others, most often the ones
told in passing: "Jan Leike, yang juga keluar dari OpenAI tahun ini, ...", "Ia mengatakan A
mundur dari X pekan lalu". Where a sentence tells a named person leaving in their own part of it
(a leaving verb after the name, or the leaving noun right before it: "X mundur", "pengunduran
diri X") and marks exactly one organisation as the one left ("keluar dari X", "meninggalkan X"),
the proposer ``told_moves`` reads that departure. Every draft is checked by the departure rules
like the model's answers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import default_org_table
from talent_extract.ground.framework import Context, DepartureDraft, Draft, proposer
from talent_extract.ground.locate import whole_word
from talent_extract.ground.move_grammar import (
    Move,
    owner_marked,
    part_about,
    people_in,
    read_move,
    recruited,
    title_org,
)
from talent_extract.ground.story import story_org
from talent_extract.ground.vocabulary import (
    _before,
    _leaving,
    _leaving_nouns,
    _reported_speech,
    _said_that,
    _threat,
    names_place,
)
from talent_extract.text.patterns import phrases, word_pattern
from talent_extract.text.sentences import Sentence
from talent_extract.text.spans import PersonMention

__all__ = ["hired_in_list", "hired_moves", "told_moves"]


@lru_cache(maxsize=1)
def _own_leaving() -> re.Pattern[str]:
    """Announcing one's own leaving: "mengumumkan pengunduran diri(nya|mereka)"."""
    return re.compile(
        r"(?<![\w-])(?:mengumumkan|menyatakan|mengajukan)\s+(?:\w+\s+)?"
        r"(?:pengunduran\s+diri|kepergian|pengunduran)(?:nya|\s+mereka)?(?![\w-])",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _pronouns() -> re.Pattern[str]:
    return word_pattern([*data.move_grammar().person_pronouns, "mereka"])


# How often the story's organisation is named, at least, to stand for a leaving that names none.
_STORY_ORG_MENTIONS = 3


def _tells_leaving(part: str, name: str, *, own_noun: bool = False) -> bool:
    """Whether ``part`` tells ``name`` leaving: a leaving verb within 60 characters after the
    surname with no pronoun between ("akun milik A, ia menceritakan keputusannya untuk mundur"
    is someone else's), or the event's noun right before the name. A name right after an owner
    mark ("milik A") is no subject."""
    if _before(part, name, _leaving_nouns(), gap=25):
        return True
    if own_noun and _own_leaving().search(part):
        return True  # "A, ..., dan B, ..., sama-sama mengajukan pengunduran diri mereka"
    given = " ".join(name.split()[:-1])
    for m in whole_word(name.split()[-1]).finditer(part):
        before = part[: m.start()].rstrip()
        if given and before.endswith(given):
            before = before[: -len(given)]
        if owner_marked(before.rstrip() + " "):
            continue
        verb = _leaving().search(part, m.end(), m.end() + 60)
        if verb is None or _pronouns().search(part, m.end(), verb.start()):
            continue
        # "A mengatakan tidak ada yang keluar", "A mengimplikasikan bahwa saya meninggalkan X":
        # the leaving told after a verb of speech or in a clause after "bahwa" is what they
        # said ("A menyatakan mundur" announces their own).
        if _reported_speech(part, m.end(), verb.start()) is None and not _said_that(
            part, m.end(), verb.start()
        ):
            return True
    return False


def _may_tell(text: str) -> bool:
    """A cheap first test: a leaving word or a leaving noun stands in ``text``."""
    return bool(_leaving().search(text) or _leaving_nouns().search(text))


@proposer("departure")
def told_moves(ctx: Context) -> list[Draft]:
    """A named person whose own part of a sentence tells them leaving ("A keluar dari X",
    "A, ..., hengkang dari X", "pengunduran diri A dari X") where the grammar marks exactly one
    organisation left is a departure: to the one organisation the sentence marks as joined, if
    any; threatened when a threat word stands in their part ("mengancam akan keluar"). The
    first such sentence per person is the evidence."""
    drafts: list[Draft] = []
    seen: set[str] = set()
    for s in ctx.sentences:
        if not _may_tell(s.text):
            continue  # most sentences tell no leaving: the per-person reading is skipped
        for m in people_in(s, ctx.persons):
            if m.name in seen:
                continue
            part = part_about(s, m.name, ctx.persons)
            if part is None:
                continue
            move = read_move(s, m.name, ctx.persons)
            origin = move.origins[0] if len(move.origins) == 1 else None
            if (
                origin is None
                and not move.origins
                and not (default_org_table().find(s.text) or names_place(s.text))
            ):
                # "A dan B sama-sama mengajukan pengunduran diri mereka": a sentence naming no
                # organisation, in a story about one, tells leaving that one ("meninggalkan AS"
                # names a country left: no organisation).
                origin = story_org(ctx, _STORY_ORG_MENTIONS)
            elif origin is None and not move.origins:
                # "CEO X A mengundurkan diri", "A, manajer riset X, pergi untuk bergabung
                # dengan Y": no mark names the organisation left; the title beside the name does.
                origin = title_org(s, m.name, ctx.persons)
            if origin is None or not _tells_leaving(part, m.name, own_noun=True):
                continue
            seen.add(m.name)
            drafts.append(
                DepartureDraft(
                    person=m.name,
                    from_org=origin,
                    to_org=move.destinations[0] if len(move.destinations) == 1 else None,
                    status="threatened" if _threat().search(part) else "completed",
                    sentence=s.index,
                )
            )
    return drafts


@lru_cache(maxsize=1)
def _hiring() -> re.Pattern[str]:
    g = data.move_grammar()
    return word_pattern([*g.hiring_verbs, *g.passive_hired])


@proposer("departure")
def hired_moves(ctx: Context) -> list[Draft]:
    """A named person a sentence tells hired away — the object of a hiring verb ("Google
    merekrut CEO Windsurf, Varun Mohan, ...", "X sukses menggaet A, pendiri dan CEO Y") or the
    subject of a passive one ("A dibajak Meta dari X"), appointing verbs left out — where the
    grammar marks for them exactly one organisation left (a title's organisation, "mantan",
    "dari") and one joined (the one that hires) is a departure between the two. So is each
    person of a list the hiring verb opens ("Meta juga menggaet beberapa tokoh AI, termasuk A
    dari X, B (mantan peneliti Y), dan mantan CEO Z C"): from the organisation their own item
    marks, to the one that hires. The first such sentence per person is the evidence."""
    drafts: list[Draft] = []
    seen: set[str] = set()
    for s in ctx.sentences:
        if not _hiring().search(s.text):
            continue  # most sentences hire no one: the per-person reading is skipped
        named = people_in(s, ctx.persons)
        listed = _hired_list(ctx, s, named)
        for m in named:
            if m.name in seen:
                continue
            origins: tuple[str, ...] = ()
            destinations: tuple[str, ...] = ()
            if recruited(s.text, m.name):
                move = read_move(s, m.name, ctx.persons)
                origins, destinations = move.origins, move.destinations
            if (len(origins), len(destinations)) != (1, 1) and m.name in listed:
                origins, destinations = listed[m.name]
            if len(origins) != 1 or len(destinations) != 1 or origins == destinations:
                continue
            move = Move(origins=origins, destinations=destinations)
            seen.add(m.name)
            drafts.append(
                DepartureDraft(
                    person=m.name,
                    from_org=move.origins[0],
                    to_org=move.destinations[0],
                    status="completed",
                    sentence=s.index,
                )
            )
    return drafts


@lru_cache(maxsize=1)
def _list_opening() -> re.Pattern[str]:
    marks = phrases(data.move_grammar().member_marks)
    return re.compile(rf"(?<![\w-])(?:{marks})(?![\w-])", re.IGNORECASE)


# Where one item of a list ends: a comma or a joining word outside brackets.
_ITEM_END = re.compile(r",|\s(?:dan|serta)\s", re.IGNORECASE)
# How far after the hiring verb the list may open ("menggaet beberapa tokoh AI, termasuk").
_LIST_REACH = 80


def _hired_list(
    ctx: Context, s: Sentence, named: list[PersonMention]
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each person of a list a hiring verb opens: (origins of their item, the hirer)."""
    verb = _hiring().search(s.text)
    if verb is None:
        return {}
    opening = _list_opening().search(s.text, verb.end(), verb.end() + _LIST_REACH)
    if opening is None:
        return {}
    table = default_org_table()
    hirers = [o for o in table.find(s.text[: verb.start()])]
    if not hirers:
        return {}
    hirer = (hirers[-1].org,)
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    items = [m for m in named if m.start >= opening.end()]
    for k, m in enumerate(items):
        lo = _item_start(s.text, m.start, opening.end())
        hi = items[k + 1].start if k + 1 < len(items) else len(s.text)
        stop = _item_stop(s.text, m.end, hi)
        item = Sentence(s.index, s.start + lo, s.start + stop, s.text[lo:stop])
        out[m.name] = (read_move(item, m.name, ctx.persons).origins, hirer)
    return out


def _item_start(text: str, start: int, floor: int) -> int:
    """Where the list item holding the name at ``start`` begins (after the previous comma)."""
    depth, k = 0, start
    while k > floor:
        ch = text[k - 1]
        depth += ch == ")"
        depth -= ch == "("
        if depth <= 0 and ch == ",":
            break
        k -= 1
    return k


def _item_stop(text: str, end: int, limit: int) -> int:
    """Where the item whose name ends at ``end`` stops: the next comma or joining word outside
    brackets, before ``limit``."""
    depth, k = 0, end
    while k < limit:
        ch = text[k]
        depth += ch == "("
        depth -= ch == ")"
        if depth <= 0 and _ITEM_END.match(text, k):
            return k
        k += 1
    return limit


def hired_in_list(ctx: Context, index: int, person: str) -> bool:
    """Whether sentence ``index`` lists ``person`` among those a hiring verb opens ("Meta
    menggaet beberapa tokoh AI, termasuk A dari X, ...") with one organisation left."""
    s = ctx.sentences[index]
    if not _hiring().search(s.text):
        return False
    # Asked once per draft by move_told: the list of a sentence is read once per article.
    lists = ctx.persons.memo(
        ("hired_list", s), lambda: _hired_list(ctx, s, people_in(s, ctx.persons))
    )
    listed = lists.get(person)
    return listed is not None and len(listed[0]) == 1
