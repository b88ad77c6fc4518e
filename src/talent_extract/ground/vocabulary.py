"""Shared vocabulary and text tests of the grounding rules (word lists in ``data/cues_id.json``
and ``data/products_id.json``, read through :mod:`talent_extract.data`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from talent_extract import data
from talent_extract.find.candidates import load_cues
from talent_extract.find.names import canonical_org, default_org_table
from talent_extract.ground.locate import contains_name


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len)
    return re.compile(r"(?<![\w-])(?:" + "|".join(reversed(alternatives)) + r")(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _refusal() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["refusal"])


@lru_cache(maxsize=1)
def _leaving() -> re.Pattern[str]:
    """Move words said of the one who moves: every departure word but the recruiting verbs."""
    raw = load_cues_raw()
    recruiting = {w.casefold() for w in raw["recruiting"]}
    words = [w for w in raw["departure"] if w.casefold() not in recruiting]
    return _pattern([*words, *raw["leaving"], *raw["fired"], "pengunduran"])


@lru_cache(maxsize=1)
def _former() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["former"])


@lru_cache(maxsize=1)
def _now() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["now"])


@lru_cache(maxsize=1)
def _head_titles() -> str:
    return _pattern(load_cues_raw()["head_titles"]).pattern


@lru_cache(maxsize=1)
def _pay() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["pay"])


@lru_cache(maxsize=1)
def _makers() -> dict[str, str]:
    return {k.casefold(): v for k, v in data.products().makers.items()}


def _leads(text: str, person: str, org: str, titles: str | None = None) -> bool:
    """Whether the article writes ``person`` with a leader title of ``org``."""
    titles = titles or load_cues().leader_titles.pattern
    last = re.escape(person.split()[-1])
    org_re = re.escape(org)
    before = rf"(?:{titles})\s+(?:\w+\s+){{0,2}}?{org_re},?\s+(?:\w+\s+)?{last}"
    after = rf"{last},?\s+(?:{titles})\s+(?:\w+\s+){{0,2}}?{org_re}"
    return bool(re.search(before, text, re.I) or re.search(after, text, re.I))


def load_cues_raw() -> dict[str, list[str]]:
    """The cue lists of ``cues_id.json`` by name."""
    return {k: v for k, v in data.cues().model_dump().items() if isinstance(v, list)}


def _org_in_text(name: str, text: str) -> tuple[str, str | None] | None:
    """The canonical (org, unit) of ``name`` if the text names it (by the name or an alias)."""
    ref = canonical_org(name)
    if ref is None:
        return None
    for form in (name, ref.org, ref.matched):
        if form and contains_name(text, form):
            return ref.org, ref.unit
    return None


def _is_org(name: str) -> bool:
    return default_org_table().lookup(name) is not None


def _name_parts(name: str) -> list[str]:
    return [t for t in name.split() if len(t) >= 3] or name.split()


def _named_in(name: str, text: str) -> bool:
    return any(contains_name(text, part) for part in _name_parts(name))


def _before(text: str, name: str, pattern: re.Pattern[str], gap: int = 20) -> bool:
    """Whether a word of ``pattern`` ends within ``gap`` characters before a mention of ``name``."""
    for part in _name_parts(name):
        for m in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text):
            if pattern.search(text[max(m.start() - gap, 0) : m.start()]):
                return True
    return False


def _after(text: str, name: str, pattern: re.Pattern[str], gap: int = 40) -> bool:
    """Whether a word of ``pattern`` follows a mention of ``name`` within ``gap`` characters."""
    for part in _name_parts(name):
        for m in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text):
            if pattern.search(text[m.end() : m.end() + gap]):
                return True
    return False
