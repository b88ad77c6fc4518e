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
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from talent_extract.find.money import MoneyMention, find_money
from talent_extract.find.names import (
    OrgMention,
    OrgRef,
    PersonIndex,
    canonical_org,
    find_orgs,
)
from talent_extract.find.quotes import Attribution, QuoteCandidate, attribute_quotes, find_quotes
from talent_extract.find.quotes import _Context as _QuoteContext
from talent_extract.text.spans import PersonMention


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text: ``text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Cues:
    """The cue vocabulary (see ``data/cues_id.json``)."""

    departure: re.Pattern[str]
    group: re.Pattern[str]
    compensation: re.Pattern[str]
    investment: re.Pattern[str]
    enumeration: re.Pattern[str]
    leader_titles: re.Pattern[str]
    leaving: re.Pattern[str]
    joining: re.Pattern[str]
    recruiting: re.Pattern[str]
    reporting: re.Pattern[str]
    sources: re.Pattern[str]
    number_words: dict[str, int | None]


def _words_pattern(words: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word).replace(r"\ ", r"\s+"))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The packaged cue vocabulary, loaded once."""
    raw: dict[str, Any] = json.loads(
        resources.files("talent_extract.data").joinpath("cues_id.json").read_text("utf-8")
    )
    return Cues(
        departure=_words_pattern(raw["departure"]),
        group=_words_pattern(raw["group_nouns"]),
        compensation=_words_pattern(raw["compensation"]),
        investment=_words_pattern(raw["investment"]),
        enumeration=_words_pattern(raw["enumeration"]),
        leader_titles=_words_pattern(raw["leader_titles"]),
        leaving=_words_pattern(raw["leaving"]),
        joining=_words_pattern(raw["joining"]),
        recruiting=_words_pattern(raw["recruiting"]),
        reporting=_words_pattern(raw["reporting"]),
        sources=_words_pattern(raw["sources"]),
        number_words={k.lower(): v for k, v in raw["number_words"].items()},
    )


# A sentence ends at . ! ? … (optionally followed by a closing quote) before whitespace and an
# upper-case letter, digit or opening quote; and at every line break.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
# Abbreviations that end with a period but not a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Prof|Ir|St|No|Jl|dll|dsb|Tbk|Inc|Co|Corp|Ltd|Mr|Mrs|Ms|vs|AS|U\.S)\.)$"
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; line breaks always end a sentence."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        piece = text[start : m.start()]
        if m.group(0).strip() == "" and "\n" not in m.group(0) and _ABBREV.search(piece):
            continue
        _append(out, text, start, m.start())
        start = m.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    # Trim whitespace but keep the offsets exact.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        # A closing quote mark that followed the full stop belongs to this sentence.
        while end < len(text) and text[end] in '"”’)':
            end += 1
        out.append(Sentence(len(out), start, end, text[start:end]))


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


def lead_in(text: str, offset: int, words: int, paragraphs: int = 2) -> str:
    """The text before ``offset``: the current paragraph and up to ``paragraphs - 1`` before it,
    clipped to the last ``words`` words. Context for a question about what stands at ``offset``."""
    start = offset
    for _ in range(paragraphs):
        cut = text.rfind("\n\n", 0, max(start - 1, 0))
        start = 0 if cut == -1 else cut + 2
        if start == 0:
            break
    tokens = text[start:offset].split()
    return " ".join(tokens[-words:])


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


def enumerated_people(c: Candidates, s: Sentence) -> list[str]:
    """People listed after an enumeration cue in ``s`` ('termasuk A, B, dan C')."""
    cues = load_cues()
    cue_ends = [m.end() for m in cues.enumeration.finditer(s.text)]
    if not cue_ends:
        return []
    start = s.start + cue_ends[-1]  # the last cue in the sentence starts the list
    return _unique(p.name for p in c.persons.mentions_in(start, s.end))


def heads_org(c: Candidates, person: str, org_name: str | None) -> bool:
    """True when the article titles ``person`` as head of ``org_name`` in an appositive right next
    to the name ("CEO Meta, X" or "X, pendiri Meta"): such a person is the recruiter in a hiring
    story, not the recruit."""
    if not org_name:
        return False
    cues = load_cues()
    ref = canonical_org(org_name)
    target = ref.org if ref else org_name
    for t in cues.leader_titles.finditer(c.text):
        for o in c.orgs:
            if o.org != target or not (t.end() <= o.start <= t.end() + 2):
                continue
            for m in c.persons.mentions:
                if m.name != person:
                    continue
                gap_after = c.text[o.end : m.start] if m.start >= o.end else None
                gap_before = c.text[m.end : t.start()] if t.start() >= m.end else None
                if (gap_after is not None and _APPOSITION.fullmatch(gap_after)) or (
                    gap_before is not None and _APPOSITION.fullmatch(gap_before)
                ):
                    return True
    return False


_APPOSITION = re.compile(r"[\s,]{1,3}")


def joined_org(c: Candidates, s: Sentence, exclude: str | None) -> OrgMention | None:
    """The first organisation after a joining phrase in ``s`` ("bergabung dengan ... Google
    DeepMind"), other than ``exclude`` (the one they left)."""
    cues = load_cues()
    for j in cues.joining.finditer(s.text):
        lo = s.start + j.end()
        for o in c.orgs:
            if lo <= o.start < min(s.end, lo + 80) and o.org != exclude:
                return o
        # An organisation the table does not know, named right after the phrase.
        name = _PROPER.match(c.text, lo, s.end)
        if name is not None:
            ref = canonical_org(name.group(1))
            if ref is not None and ref.org != exclude:
                return OrgMention(name.start(1), name.end(1), name.group(1), ref.org, ref.unit)
    return None


def destination(
    c: Candidates, s: Sentence, context: Sentence | None, given: str | None, left: str | None
) -> OrgMention | None:
    """Where a person went, as far as the sentence says it.

    The model's ``given`` organisation is kept only where the sentence (or the one before) ties it
    to the move: after a joining phrase ("bergabung dengan X", "pindah ke X"), after "ke", or as
    the subject of a recruiting verb ("X merekrut ..."). Otherwise the destination is read from
    those same patterns, or there is none: ``to_org`` stays empty when the article does not say.
    """
    cues = load_cues()
    lo = context.start if context else s.start
    ref = canonical_org(given) if given else None

    def recruits(o: OrgMention) -> bool:
        return bool(
            _RECRUITS_NEXT.match(c.text, o.end)
            and cues.recruiting.search(c.text[o.end : o.end + 40])
        )

    def tied(o: OrgMention) -> bool:
        before = c.text[max(lo, o.start - 80) : o.start]
        return bool(cues.joining.search(before) or _TO.search(before)) or recruits(o)

    if ref is not None:
        for o in c.orgs:
            if o.org == ref.org and lo <= o.start < s.end and tied(o):
                return o
    joined = joined_org(c, s, left)
    if joined is not None:
        return joined
    # "X merekrut/menunjuk ...": X is where they went, even when it is the org the model said
    # they left (the caller then drops the contradiction).
    for o in c.orgs:
        if s.start <= o.start < s.end and recruits(o):
            return o
    return None


# "... ke Google"; and an org followed by a verb within three words: "Meta (juga telah) merekrut".
_TO = re.compile(r"(?<!\w)ke\s+$", re.IGNORECASE)
_RECRUITS_NEXT = re.compile(r"\s+(?:[a-z]+\s+){0,3}?(?:me|mem|men|meng|meny)[a-z]+")


_PROPER = re.compile(r"\s+((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})")


def with_orgs(c: Candidates, names: Sequence[str | None]) -> Candidates:
    """``c`` with every occurrence of the organisation ``names`` (as the model gave them) added
    to its mentions, so rules see organisations the alias table does not know."""
    extra: list[OrgMention] = []
    taken = [(o.start, o.end) for o in c.orgs]
    for name in {n.strip() for n in names if n and n.strip()}:
        ref = canonical_org(name)
        if ref is None:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", c.text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                extra.append(OrgMention(m.start(), m.end(), m.group(0), ref.org, ref.unit))
                taken.append((m.start(), m.end()))
    if not extra:
        return c
    return replace(c, orgs=sorted([*c.orgs, *extra], key=lambda o: o.start))


def role_in_sentence(c: Candidates, s: Sentence, person: str) -> str | None:
    """Why ``person`` is named in ``s`` without leaving, or None: the recruiter ("X merekrut",
    "X ... dalam proses perekrutan") or the reporter of another's move ("X menulis bahwa Y ...")."""
    cues = load_cues()
    mentions = c.persons.mentions_in(s.start, s.end)
    for m in mentions:
        if m.name != person:
            continue
        # Skip an appositive's closing comma: "X, terlibat dalam perekrutan".
        after = c.text[m.end : min(s.end, m.end + 60)].lstrip(" ,")
        clause = re.split(r"[,;]", after, maxsplit=1)[0]
        if cues.recruiting.search(clause):
            return "recruiter"
        r = cues.reporting.match(after)
        if r is not None and "bahwa" in after[: r.end() + 20]:
            others = [o for o in mentions if o.start > m.end and o.name != person]
            if others:
                return "reporter"
    if _speaker_of_another_move(c, s, person, mentions):
        return "speaker"
    if _acts_on_another_mover(c, s, person, mentions):
        return "one who made another leave"
    return None


_RELATIVE = re.compile(r"(?<!\w)yang(?!\w)", re.IGNORECASE)


def _acts_on_another_mover(
    c: Candidates, s: Sentence, person: str, mentions: Sequence[PersonMention]
) -> bool:
    """``X, …, yang mendorong Y keluar``: the cue's subject is Y, named right before it.

    True when every departure cue of ``s`` directly follows (whitespace only) another person's
    name, ``person`` is named before that name, and a relative clause ("yang …") stands between
    them. Enumerations ("X dan Y keluar") have no "yang" and keep X as a mover.
    """
    own = [m for m in mentions if m.name == person]
    if not own:
        return False
    cues = list(load_cues().departure.finditer(s.text))
    if not cues:
        return False
    for cue in cues:
        start = s.start + cue.start()
        before = [m for m in mentions if m.end <= start and not c.text[m.end : start].strip()]
        if not before or before[-1].name == person:
            return False
        mover = before[-1]
        if not any(
            m.end <= mover.start and _RELATIVE.search(c.text[m.end : mover.start]) for m in own
        ):
            return False
    return True


def _speaker_of_another_move(
    c: Candidates, s: Sentence, person: str, mentions: Sequence[PersonMention]
) -> bool:
    """``“Kami senang Y bergabung,” ujar X``: X only speaks; the move is Y's, inside the quote.

    True when every departure cue of ``s`` lies inside a direct quote that names someone else, and
    ``person`` is named only outside the quotes. ("“Saya keluar,” kata X" names no one else in the
    quote, so X is kept as the mover.)
    """
    quotes = [
        (q.quote.open_start, q.quote.close_end)
        for q in c.quotes
        if q.quote.open_start < s.end and s.start < q.quote.close_end
    ]
    if not quotes:
        return False

    def quoted(start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe in quotes)

    cues = [
        (s.start + m.start(), s.start + m.end()) for m in load_cues().departure.finditer(s.text)
    ]
    if not cues or not all(quoted(a, b) for a, b in cues):
        return False
    own = [m for m in mentions if m.name == person]
    others_quoted = [m for m in mentions if m.name != person and quoted(m.start, m.end)]
    return bool(own) and not any(quoted(m.start, m.end) for m in own) and bool(others_quoted)


def group_source(c: Candidates, s: Sentence, org: OrgRef | None) -> bool:
    """True when ``s`` ties an unnamed group to ``org`` as where they come from: the org right after
    a staff noun ("tujuh pegawai OpenAI", "staf di OpenAI") or after a leaving verb
    ("meninggalkan OpenAI", "keluar dari OpenAI")."""
    if org is None:
        return False
    return any(o.org == org.org for o in _group_orgs(c.text, c.orgs, s))


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


def reported_by_sources(sentence: str, context: Sentence | None) -> bool:
    """True when the sentence (or the one before) relays a claim from sources or reports."""
    cues = load_cues()
    return bool(cues.sources.search(sentence) or (context and cues.sources.search(context.text)))


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


def group_count(text: str) -> int | None:
    """The size of a group given as digits or a number word just before a staff noun."""
    cues = load_cues()
    for g in cues.group.finditer(text):
        before = text[: g.start()].split()[-2:]
        for word in reversed(before):
            w = word.lower().strip(",.")
            if w.isdigit():
                return int(w)
            if w in cues.number_words:
                return cues.number_words[w]
    return None


def _unique(items: Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
