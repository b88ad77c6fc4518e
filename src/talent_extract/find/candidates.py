"""Candidates: everything code can find before the model is asked anything.

* sentences (offsets kept) and the people and organisations named in them;
* **departure sentences** — a departure cue word plus a person or a staff noun, shown to the model
  with the sentence before it as context;
* **offer candidates** — money expressions whose sentence, or the one before, speaks of pay, and
  whose own sentence is not about an investment, price or funding round;
* **quotes** — every direct quote with a speaker from the surrounding cue where one exists.

The cue vocabulary lives in ``data/cues_id.json``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from talent_extract import data
from talent_extract.find.money import MoneyMention, find_money
from talent_extract.find.names import OrgMention, PersonIndex, find_orgs
from talent_extract.find.quotes import Attribution, QuoteCandidate, attribute_quotes, find_quotes
from talent_extract.find.quotes import QuoteContext as _QuoteContext
from talent_extract.text.patterns import word_pattern
from talent_extract.text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Cues:
    """The cue vocabulary (see ``data/cues_id.json``)."""

    departure: re.Pattern[str]
    group: re.Pattern[str]
    compensation: re.Pattern[str]
    investment: re.Pattern[str]
    leader_titles: re.Pattern[str]
    leaving: re.Pattern[str]
    joining: re.Pattern[str]
    recruiting: re.Pattern[str]
    sources: re.Pattern[str]
    number_words: dict[str, int | None]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The packaged cue vocabulary, loaded once."""
    raw: dict[str, Any] = data.cues().model_dump()
    return Cues(
        departure=word_pattern(raw["departure"]),
        group=word_pattern(raw["group_nouns"]),
        compensation=word_pattern(raw["compensation"]),
        investment=word_pattern(raw["investment"]),
        leader_titles=word_pattern(raw["leader_titles"]),
        leaving=word_pattern(raw["leaving"]),
        joining=word_pattern(raw["joining"]),
        recruiting=word_pattern(raw["recruiting"]),
        sources=word_pattern(raw["sources"]),
        number_words={k.lower(): v for k, v in raw["number_words"].items()},
    )


@dataclass(frozen=True)
class DepartureCandidate:
    """A sentence that may report a departure, with what code already knows about it."""

    id: str
    sentence: Sentence
    context: Sentence | None
    people: list[str]
    orgs: list[str]


@dataclass(frozen=True)
class OfferCandidate:
    """A money expression that may be a pay offer."""

    id: str
    mention: MoneyMention
    sentence: Sentence
    context: Sentence | None


@dataclass(frozen=True)
class QuoteFinding:
    """A direct quote and the speaker code attributed to it."""

    id: str
    quote: QuoteCandidate
    attribution: Attribution


@dataclass
class Candidates:
    """Everything found in one cleaned text."""

    text: str
    sentences: list[Sentence]
    persons: PersonIndex
    orgs: list[OrgMention]
    departures: list[DepartureCandidate] = field(default_factory=list)
    offers: list[OfferCandidate] = field(default_factory=list)
    quotes: list[QuoteFinding] = field(default_factory=list)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset``."""
        # Sentences are sorted and disjoint: bisect, not a scan per lookup.
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def role_context(self) -> _QuoteContext:
        """The quote module's context, reused for reading roles next to names."""
        return _QuoteContext(self.text, [], self.persons.mentions)

    def unsure_quotes(self) -> list[QuoteFinding]:
        """Quotes whose speaker the model should choose."""
        return [q for q in self.quotes if not q.attribution.confident]


def _previous(sentences: list[Sentence], s: Sentence) -> Sentence | None:
    return sentences[s.index - 1] if s.index > 0 else None


def find_candidates(text: str) -> Candidates:
    """Run every deterministic finder over the cleaned text."""
    cues = load_cues()
    sentences = split_sentences(text)
    persons = PersonIndex.from_text(text)
    orgs = find_orgs(text)
    found = Candidates(text=text, sentences=sentences, persons=persons, orgs=orgs)

    # Organisations by start, sliced per sentence by bisect (a scan per sentence was quadratic).
    by_start = sorted(orgs, key=lambda o: o.start)
    org_starts = [o.start for o in by_start]

    def orgs_between(lo: int, hi: int) -> list[OrgMention]:
        return by_start[bisect.bisect_left(org_starts, lo) : bisect.bisect_left(org_starts, hi)]

    for s in sentences:
        if not cues.departure.search(s.text):
            continue
        people = _unique(m.name for m in persons.mentions_in(s.start, s.end))
        # Without a person, only a group tied to an organisation can make a departure record.
        if not people and not _group_orgs(text, orgs_between(s.start, s.end), s):
            continue
        ctx = _previous(sentences, s)
        lo = ctx.start if ctx else s.start
        org_names = _unique(o.org for o in orgs_between(lo, s.end) if o.end <= s.end)
        found.departures.append(
            DepartureCandidate(f"S{len(found.departures) + 1}", s, ctx, people, org_names)
        )

    # Cue searches once per sentence, not once per money mention: a long sentence full of amounts
    # (hostile or scraped input) was otherwise quadratic (2,000 amounts in 20 kB took 8.7 s).
    pay: dict[int, bool] = {}
    invests: dict[int, bool] = {}

    def pays(s: Sentence) -> bool:
        if s.index not in pay:
            pay[s.index] = bool(cues.compensation.search(s.text))
        return pay[s.index]

    for mention in find_money(text):
        where = found.sentence_at(mention.start)
        if where is None:
            continue
        before = _previous(sentences, where)
        pay_here = pays(where)
        pay_before = before is not None and pays(before)
        if where.index not in invests:
            invests[where.index] = bool(cues.investment.search(where.text))
        investment = invests[where.index]
        if pay_here or (pay_before and not investment):
            found.offers.append(OfferCandidate(f"M{len(found.offers) + 1}", mention, where, before))

    quotes = find_quotes(text)
    for i, (q, a) in enumerate(
        zip(quotes, attribute_quotes(text, quotes, persons.mentions), strict=True)
    ):
        found.quotes.append(QuoteFinding(f"Q{i + 1}", q, a))
    return found


def _group_orgs(text: str, orgs: Sequence[OrgMention], s: Sentence) -> list[OrgMention]:
    cues = load_cues()
    out = []
    for o in orgs:
        if not (s.start <= o.start < s.end):
            continue
        before = text[max(s.start, o.start - 30) : o.start]
        leaves = list(cues.leaving.finditer(before))
        # "pindah ke X" names where they went, not where they came from.
        left_from = bool(leaves) and not _TOWARDS.search(before[leaves[-1].end() :])
        if cues.group.search(before) or left_from:
            out.append(o)
    return out


_TOWARDS = re.compile(r"(?<!\w)(?:ke|dengan|menuju|bersama)(?!\w)", re.IGNORECASE)


def person_role(c: Candidates, name: str, lo: int, hi: int) -> str | None:
    """The role the text gives ``name`` between ``lo`` and ``hi``, as written: the appositive
    after the name ("X, seorang wakil presiden penelitian,") or the title before it
    ("kepala penelitian X"). None when neither is a clean role phrase."""
    ctx = c.role_context
    heads = ctx.lex.role_heads
    for m in c.persons.mentions_in(lo, hi):
        if m.name != name:
            continue
        after = _APPOSITIVE.match(c.text, m.end)
        for role in (after.group(1) if after else None, ctx.role_of(m)):
            if not role:
                continue
            words = role.split()
            clean = (
                len(words) <= 10
                and any(w.lower().strip('“”"') in heads for w in words[:3])
                and words[-1].lower() not in _TRAILING
                and not c.persons.mentions_in(*_bounds(c.text, role, lo, hi))
            )
            if clean:
                return role
    return None


_APPOSITIVE = re.compile(r",\s+((?:seorang\s+|salah satu\s+)?[a-z][^,.;:()]{2,90}?)(?=,|\.)")
_TRAILING = {"dan", "atau", "dengan", "yang", "di", "dari", "serta"}


def _bounds(text: str, piece: str, lo: int, hi: int) -> tuple[int, int]:
    at = text.find(piece, lo, hi + len(piece))
    return (at, at + len(piece)) if at >= 0 else (0, 0)


@lru_cache(maxsize=1)
def group_noun() -> re.Pattern[str]:
    """A staff noun of ``group_nouns``, also possessed ("karyawannya": its employees)."""
    nouns = data.cues().group_nouns
    return word_pattern([*nouns, *(f"{n}nya" for n in nouns)])


def group_count(text: str) -> int | None:
    """The size of a group given as digits or a number word just before a staff noun."""
    cues = load_cues()
    for g in group_noun().finditer(text):
        before = text[: g.start()].split()[-3:]
        scale = 1
        for word in reversed(before):
            w = word.lower().strip(",.")
            if w in _MULTIPLIERS:  # "10 ribu karyawan"
                scale = _MULTIPLIERS[w]
            elif w.isdigit():
                return int(w) * scale
            elif w in cues.number_words:
                value = cues.number_words[w]
                return None if value is None else value * scale
    return None


_MULTIPLIERS = {"ribu": 1_000, "juta": 1_000_000}


def _unique(items: Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
