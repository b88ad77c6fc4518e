"""Organisations an article introduces that the org table does not know.

News about AI talent names young companies no table can list in advance: "startup AI
Windsurf", "perusahaan rintisan Vercept", "CEO Windsurf, Varun Mohan". The grammar of a move
("keluar dari X", "CEO X, A") can only be read around organisations it sees, so a move to or from
such a company was invisible to every rule. Here an article's own new organisations are read
from the words that introduce one (``org_introducers`` and ``org_title_introducers`` in
``data/move_grammar_id.json``): a capitalised name right after them, that the article writes
capitalised at least twice (once is enough after "bernama": "startup AI baru bernama Y"),
that is no person, place, month, product of a known maker (``data/products_id.json``) or common
word, and not the first word of an organisation the table knows ("CEO Scale" is Scale AI's).
During the article's grounding they are reported by the org table's ``find`` as written
(:data:`talent_extract.find.orgs.ARTICLE_ORGS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from talent_extract import data
from talent_extract.find.orgs import ARTICLE_ORGS, OrgTable
from talent_extract.find.people import PersonIndex
from talent_extract.find.person_tokens import lexicon
from talent_extract.text.patterns import alternation

__all__ = ["article_orgs", "introduced_orgs"]

# A name of one to three capitalised words ("Windsurf", "Periodic Labs", "Character.AI").
_WORD = r"[A-Z][\w.&'’-]*[\w&]"
_MIN_MENTIONS = 2


@lru_cache(maxsize=1)
def _introduced() -> re.Pattern[str]:
    g = data.move_grammar()
    words = [*g.org_introducers, *g.org_title_introducers]
    intro = alternation(words, space=r"\s+", ignorecase=True)
    return re.compile(rf"(?<![\w-])(?i:{intro})\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})(?![\w-])")


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    """A company noun, a few words, "bernama" and the name: written once is enough."""
    nouns = alternation(data.move_grammar().company_nouns, space=r"\s+", ignorecase=True)
    return re.compile(
        rf"(?<![\w-])(?i:{nouns})(?:\s+[\w()-]+){{0,6}}?\s+bernama\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})"
    )


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """Words that are no organisation's name on their own."""
    lex = lexicon()
    return (
        lex.titles_cf
        | lex.non_names_cf
        | lex.months_cf
        | lex.places_cf
        | lex.function_words_cf
        | lex.starters_cf
        | lex.org_words_cf
        | frozenset(p.casefold() for p in data.products().makers)
    )


@lru_cache(maxsize=1)
def _institution() -> re.Pattern[str]:
    """A name made with an institution word of ``institution_words`` ("Universitas Tsinghua",
    "University of California", "Institut Teknologi Bandung", "Stanford University")."""
    words = data.move_grammar().institution_words
    before = alternation([w for w in words if not w.startswith("-")], space=r"\s+")
    after = alternation([w[1:] for w in words if w.startswith("-")], space=r"\s+")
    part = rf"(?:{_WORD}|of|de)"
    return re.compile(
        rf"(?<![\w-])(?P<name>(?:{before})(?:\s+{part}){{0,4}}\s+{_WORD}"
        rf"|{_WORD}(?:\s+{_WORD}){{0,2}}\s+(?:{after})(?:\s+(?:of|for)(?:\s+{_WORD}){{1,3}})?)"
        r"(?![\w-])"
    )


def introduced_orgs(text: str, persons: PersonIndex, table: OrgTable) -> tuple[str, ...]:
    """The organisations ``text`` introduces that ``table`` does not know, in order."""
    out: list[str] = []
    for m in _institution().finditer(text):
        # A university or institute says what it is by its own words: once is enough.
        name = m.group("name")
        if name not in out and not table.find(name, strict=False):
            out.append(name)
    common = _common()
    once = {m.start("name") for m in _named().finditer(text)}
    for m in sorted(
        [*_introduced().finditer(text), *_named().finditer(text)], key=lambda m: m.start()
    ):
        words: list[str] = []
        for w in re.finditer(_WORD, m.group("name")):
            start = m.start("name") + w.start()
            named_so = m.start("name") in once  # "firma desain bernama X": X is a company
            if not named_so and any(p.start <= start < p.end for p in persons.mentions):
                break  # "CEO Windsurf Varun Mohan": the name ends where a person's begins
            if w.group().casefold() in common and not (named_so and words):
                break  # a capitalised word inside a name given with "bernama" stays ("Love From")
            words.append(w.group())
        name = " ".join(words)
        if len(name) < 3 or name in out or (name.isupper() and len(name) <= 3):
            continue
        if table.find(name, strict=False) or table.begins_alias(name):
            continue  # known already, holds a known one ("Google Brain") or begins one ("Scale")
        written = re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        if len(written) >= _MIN_MENTIONS or m.start("name") in once:
            out.append(name)
    return tuple(out)


@contextmanager
def article_orgs(names: tuple[str, ...]) -> Iterator[None]:
    """Let every org-table ``find`` report ``names`` while the block runs (one article's)."""
    token = ARTICLE_ORGS.set(names)
    try:
        yield
    finally:
        ARTICLE_ORGS.reset(token)
