"""The organisation fields of a departure as the article names them (rules
``from_org_in_article`` and ``to_org_in_article`` in :mod:`talent_extract.ground.departure_rules`).

An organisation must be named in the article by its name or a known alias and is reported by its
canonical name; one no table knows must stand as a proper name and be no post, place, outlet,
channel or AI term; "Lab X di Universitas Y" is read as the organisation the article names.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from talent_extract import data
from talent_extract.find.candidates import load_cues
from talent_extract.find.names import default_org_table
from talent_extract.ground.framework import KEEP, Change, Context, DepartureDraft, Drop, Verdict
from talent_extract.ground.locate import whole_word
from talent_extract.ground.vocabulary import (
    _is_org,
    _org_in_text,
    _role_titles,
    named_as_channel,
    place_or_outlet,
)
from talent_extract.text.patterns import phrases

__all__ = ["org_field", "staff_org_before"]


_LOWER_OK = frozenset({"dan", "and", "of", "for", "the", "de", "&", "di", "untuk"})


def _written_as_name(name: str, text: str) -> bool:
    """Whether ``name`` stands in ``text`` as a proper name: its words together, each written
    with a capital (or digit) but small joining words ("Institut Teknologi dan Sains")."""
    words = name.split()
    if not words:
        return False
    pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w-])"
    for m in re.finditer(pattern, text, re.IGNORECASE):
        written = m.group(0).split()
        if all(w[0].isupper() or w[0].isdigit() or w.casefold() in _LOWER_OK for w in written):
            return True
    return False


@lru_cache(maxsize=1)
def _job_titles() -> re.Pattern[str]:
    return re.compile(_role_titles(), re.IGNORECASE)


def _job_title(name: str) -> bool:
    return _job_titles().fullmatch(name.strip()) is not None


@lru_cache(maxsize=1)
def _ai_terms() -> frozenset[str]:
    return frozenset(t.casefold() for t in data.gate().ai_terms)


def _ai_term(name: str) -> bool:
    return name.strip().casefold() in _ai_terms()


_AT = re.compile(r"\s+di\s+")


def org_field(d: DepartureDraft, ctx: Context, name: str, unit: str, text: str) -> Verdict:
    value = getattr(d, name)
    if value is None:
        return KEEP
    found = _org_in_text(value, text)
    bare = re.sub(r"\s*\([^)]*\)", "", value)  # "Thinking Machines Lab (TML)"
    # An organisation the table does not know is named only as a name ("kelompok advokasi
    # politik" is a description), and is no post ("sebagai CEO"), place ("di Mountain View"),
    # dateline's outlet ("SMJTimes.com – ...") or AI term ("tim kesiapan AGI": gate_id.json).
    named = found is not None and (_is_org(bare) or _written_as_name(bare, text))
    other = _job_title(bare) or place_or_outlet(bare, text) or _ai_term(bare)
    if not named or (not _is_org(bare) and other):
        found = None
    # "menulis di X": where a post was, not an employer — in the article, or where it is cited.
    if named_as_channel(bare, text) or named_as_channel(bare, ctx.sentences[d.sentence].text):
        found = None
    if found is None and _AT.search(value):
        # "Lab X di Universitas Y": a unit at an organisation; the one after "di" (or, that
        # being a place, the one before) is what the article names.
        for part in reversed(_AT.split(value, maxsplit=1)):
            trial = replace(d, **{name: part.strip()})  # type: ignore[arg-type]
            verdict = org_field(trial, ctx, name, unit, text)
            kept = verdict.draft if isinstance(verdict, Change) else trial
            if not isinstance(verdict, Drop) and getattr(kept, name) is not None:
                return Change(kept, name, "the organisation of a unit written with it")
    if found is None:
        cleared: dict[str, str | None] = {name: None, unit: None}
        return Change(replace(d, **cleared), name, "not named in the article")  # type: ignore[arg-type]
    org, org_unit = found
    if org != value or org_unit != getattr(d, unit):
        canonical: dict[str, str | None] = {name: org, unit: org_unit}
        return Change(replace(d, **canonical), name, "canonical name")  # type: ignore[arg-type]
    return KEEP


@lru_cache(maxsize=1)
def _staff_noun_end() -> re.Pattern[str]:
    """A staff noun and up to two words ("pegawai", "peneliti senior") right before a point."""
    nouns = phrases(data.cues().group_nouns)
    return re.compile(rf"(?<![\w-])(?:{nouns})(?:\s+[\w-]+){{0,2}}?\s+$", re.IGNORECASE)


def staff_org_before(text: str, person: str) -> str | None:
    """The organisation a staff noun names right before ``person`` in ``text`` (see
    ``staff_of_origin``): the nearest such one, with no sentence end and no move word between
    it and the name, at most 100 characters before it."""
    name = whole_word(person.split()[-1]).search(text)
    if name is None:
        return None
    for o in sorted(default_org_table().find(text), key=lambda o: -o.start):
        between = text[o.end : name.start()]
        if o.end > name.start() or len(between) > 100 or re.search(r"[.;:]", between):
            continue
        if load_cues().departure.search(between) or not _staff_noun_end().search(text[: o.start]):
            continue
        return o.org
    return None
