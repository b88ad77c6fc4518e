"""The people finder's words: its lexicon, the tokens of a line, and what a line is.

Internal to :mod:`talent_extract.find.people` (whose docstring says what the rules are): the word
sets come from ``data/names_id.json``, ``data/titles_id.json`` and ``data/dates_id.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import OSA

from talent_extract import data
from talent_extract.text.normalise import name_key
from talent_extract.text.patterns import alternation

FUZZY_NAME_THRESHOLD = 90.0
MAX_NAME_TOKENS = 4


@dataclass(frozen=True)
class Lexicon:
    """The people finder's word sets, compiled once from the data files."""

    titles_cf: frozenset[str]
    products_cf: frozenset[str]
    non_names_cf: frozenset[str]
    starters_cf: frozenset[str]
    months_cf: frozenset[str]
    org_words_cf: frozenset[str]
    places_cf: frozenset[str]
    places_pattern: re.Pattern[str]
    particles: frozenset[str]
    name_prefixes: frozenset[str]
    function_words_cf: frozenset[str]
    skip_prefixes: tuple[str, ...]
    credit_pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """``data/names_id.json`` with the titles of ``data/titles_id.json``, the month and weekday
    names of ``data/dates_id.json`` and the move words of ``data/cues_id.json``, compiled once."""
    names, titles, dates, cues = data.names(), data.titles(), data.dates(), data.cues()
    # Move words are never names, even capitalised at a sentence's start ("Kepergian Ke Yang").
    move_words = [w for w in (*cues.departure, *cues.leaving_nouns) if " " not in w]

    def cf(words: Iterable[str]) -> frozenset[str]:
        return frozenset(w.casefold() for w in words)

    months = [w for m in dates.months for w in (*m.names, *m.abbreviations, *m.english)]
    weekdays = [w for d in dates.weekdays for w in (*d.names, *d.english)]
    place_body = alternation(names.places)
    labels = alternation(names.credit_labels, space=r"\s+", ignorecase=True)
    return Lexicon(
        titles_cf=cf([*titles.job_titles, *titles.honorifics, *titles.modifiers]),
        products_cf=cf(names.products),
        non_names_cf=cf([*names.non_names, *weekdays, *move_words]),
        starters_cf=cf(names.sentence_starters),
        months_cf=cf(months),
        org_words_cf=cf(names.org_words),
        places_cf=cf(names.places),
        places_pattern=re.compile(rf"(?<![^\W_])(?:{place_body})(?![^\W_])"),
        particles=frozenset(names.particles),
        name_prefixes=frozenset(names.name_prefixes),
        function_words_cf=cf(names.function_words),
        skip_prefixes=tuple(p.casefold() for p in names.related_link_prefixes),
        credit_pattern=re.compile(rf"^\s*(?:{labels})\s*:", re.IGNORECASE),
    )


_TOKEN_RE = re.compile(r"[^\W_]+(?:[-\u2010\u2011'’][^\W_]+)*")
GAP_RE = re.compile(r"[ \t\u00a0\u202f]{1,2}")
_SENTENCE_OPENERS = frozenset(".!?:;“\"‘'([{«-–—|•*…")
NICK_RE = re.compile(
    r"(?<![^\W_])(?P<first>[^\W\d_][^\W\d_'’-]*)[ \u00a0]"
    r"(?P<open>[“\"‘'«])(?P<nick>[^\W\d_][^\W\d_'’-]*)(?P<close>[”\"’'»])[ \u00a0]"
    r"(?P<last>[^\W\d_][^\W\d_'’-]*(?:[ \u00a0][^\W\d_][^\W\d_'’-]*){0,2})"
)
QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»"}

TokenKind = Literal["cap", "initial", "particle", "other"]
LineKind = Literal["body", "headline", "credit", "skip"]


@dataclass(slots=True)
class Token:
    start: int
    end: int
    surface: str
    kind: TokenKind
    line: LineKind
    initial: bool  # opens a sentence (or follows a dropped sentence-opening function word)

    @property
    def norm(self) -> str:
        return norm_word(self.surface)


@lru_cache(maxsize=8192)
def norm_word(word: str) -> str:
    return name_key(word)


_SEPARATORS = frozenset("-\u2010\u2011'’")
_SEPARATOR_RE = re.compile(r"[-\u2010\u2011'’]")
_SEPARATOR_KEEP_RE = re.compile(r"([-\u2010\u2011'’])")


def token_kind(surface: str, lex: Lexicon) -> TokenKind:
    # Tokens repeat a lot within and across articles; the lexicon is a process-wide singleton.
    if lex is lexicon():
        return _token_kind_cached(surface)
    return _token_kind_uncached(surface, lex)


@lru_cache(maxsize=16384)
def _token_kind_cached(surface: str) -> TokenKind:
    return _token_kind_uncached(surface, lexicon())


def _token_kind_uncached(surface: str, lex: Lexicon) -> TokenKind:
    if surface in lex.particles:
        return "particle"
    if not surface[0].isupper() or any(ch.isdigit() for ch in surface):
        return "other"
    letters = [ch for ch in surface if ch.isalpha()]
    if len(letters) < 2 or all(ch.isupper() for ch in letters):
        return "other"
    for segment in _SEPARATOR_RE.split(surface):
        for i, ch in enumerate(segment):
            if i > 0 and ch.isupper() and segment[:i] not in lex.name_prefixes:
                return "other"
    return "cap"


def tokens_of(text: str, start: int, end: int, line: LineKind, lex: Lexicon) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append  # the people finder's innermost loop: names looked up once
    separated = _SEPARATORS.isdisjoint
    shared = lex is lexicon()
    for match in _TOKEN_RE.finditer(text, start, end):
        tok_start, surface = match.start(), match.group()
        # cut clitics and possessives: "Altman-nya" -> "Altman", "Altman's" -> "Altman"
        if not separated(surface):
            parts = _SEPARATOR_KEEP_RE.split(surface)
            kept = parts[0]
            for i in range(1, len(parts) - 1, 2):
                if not parts[i + 1][:1].isupper():
                    break
                kept += parts[i] + parts[i + 1]
            surface = kept
        tok_end = tok_start + len(surface)
        if len(surface) == 1 and surface.isupper() and text[tok_end : tok_end + 1] == ".":
            append(Token(tok_start, tok_end + 1, surface + ".", "initial", line, False))
            continue
        back = tok_start - 1
        while back >= start and text[back].isspace():
            back -= 1
        opens = back < start or text[back] in _SENTENCE_OPENERS
        kind = _token_kind_cached(surface) if shared else _token_kind_uncached(surface, lex)
        append(Token(tok_start, tok_end, surface, kind, line, opens))
    return tokens


def line_kind(line: str, lex: Lexicon) -> LineKind:
    stripped = line.strip()
    if stripped.casefold().startswith(lex.skip_prefixes):
        return "skip"
    if lex.credit_pattern.match(stripped):
        return "credit"
    words = re.findall(r"[^\W\d_]+", stripped)
    if stripped.endswith(".") and not stripped.endswith(".."):
        return "body"  # headlines do not end with a full stop
    if words and all(w[0].isupper() or w.casefold() in lex.function_words_cf for w in words):
        return "headline"
    return "body"


@dataclass(slots=True)
class Person:
    pid: int
    canonical: str
    key: str
    sig: tuple[str, str]
    tokens: set[str]  # normalised words of the name, and nicknames, for short mentions


def name_key_of(tokens: Sequence[Token]) -> str:
    return " ".join(t.norm for t in tokens if t.kind in ("cap", "particle"))


def signature(tokens: Sequence[Token]) -> tuple[str, str]:
    caps = [t.norm for t in tokens if t.kind == "cap"]
    return (caps[0], caps[-1]) if caps else ("", "")


def count_caps(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if t.kind == "cap")


def trim(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[0].kind == "particle":
        tokens = tokens[1:]
    while tokens and tokens[-1].kind in ("particle", "initial"):
        tokens = tokens[:-1]
    return tokens


def near_spelling(word: str, name_word: str) -> bool:
    """``word`` is ``name_word`` written with one typo, as hurried copy often has it ("Murtai"
    for "Murati"): both at least five letters, the same first letter, and one letter swapped with
    its neighbour, replaced, added or dropped (optimal string alignment distance 1). Compared
    case-insensitively; identical words are not a typo."""
    a, b = word.casefold(), name_word.casefold()
    if a == b or min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


def first_item(item: tuple[float, Person]) -> float:
    return item[0]
