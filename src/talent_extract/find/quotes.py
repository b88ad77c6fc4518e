"""Direct quotes and who said them, found by code: the model is asked only about the hard cases.

Two pure functions:

* :func:`find_quotes` finds every direct quote in an article (the text between paired quote marks)
  and drops quoted terms and names (“AI winter”, “Boz”, "deepfake").
* :func:`attribute_quotes` decides, from Indonesian news-writing conventions, who said each quote,
  and says whether that decision is certain (``confident``) or should go to the model together with
  a short list of ``candidates``.

Quote marks
-----------
Recognised pairs: “…” (also written “…“ or ”…”), „…“ / „…”, «…», "…" and ‘…’. A single-mark quote
‘…’ counts only when it spans at least four words (‘ is too often an apostrophe or a scare quote).
Marks pair up within one paragraph (paragraphs are separated by blank lines). An opening mark
must follow a space, the start of the text or a bracket/dash and be followed by a non-space; a
closing mark must follow a non-space. Pairing uses a stack per kind of mark, so nested marks of the
same kind match (“a “b” c” is one quote) and an unclosed mark before a real quote does not swallow
it ("“tidak ada lagi. Lalu “Kami siap,” kata Budi" yields “Kami siap,”). A mark with no partner in
its paragraph is ignored, with one exception, the journalistic convention for a quote that runs
over several paragraphs: a paragraph that *starts* with an opening mark and has no closing mark,
followed by a paragraph that also starts with an opening mark. Each paragraph's part is then its
own :class:`QuoteCandidate`; the open part has ``open_ended=True`` (and ``close_end`` is the end
of its paragraph), and the next part has ``continues_previous=True``. No candidate ever crosses a
paragraph break, and candidates never overlap (a nested quote is part of its outer quote).

Terms
-----
A quoted term or name is not a quote: any single word; up to three words that are all
capitalised (a name: “Meta Superintelligence Labs”); fewer than four words without sentence
punctuation (``.``, ``!``, ``?``, ``…``), unless the closing mark is followed by a speech verb
(“Kami siap bertarung,” kata Budi is a quote). :func:`find_quotes` drops them;
:func:`find_terms` returns them (``is_term=True``) for callers that want them, e.g. to reject a
model's "quote" that is only a term.

Attribution rules (in order)
----------------------------
1. **after** – the closing mark is followed by a speech verb: ``“…,” kata X``. X is a person
   mention (a role in front of it becomes ``speaker_role``: ``kata CEO Microsoft Satya Nadella``;
   an appositive after it too: ``tambah X, Principal Data Scientist ...``), a document
   (``kata surat itu`` → speaker ``"surat itu"``, ``is_document``), an anonymous description
   (``kata seorang mantan karyawan yang bekerja di ...`` → kept as written, ``anonymous``) or a
   capitalised name that is not among the person mentions (kept as written: an organisation, or a
   person the name index missed; ``is_document`` stays False even with ``dalam sebuah
   pernyataan``, which only sets the channel). A person named inside an anonymous description
   (``kata seorang rekan Altman``) keeps the description but makes it not confident.
2. **before** – a speech verb ends the text before the opening mark in the same sentence:
   ``X mengatakan, “…”``, ``X menulis di X: "…"``, ``Menurut X, "…"``. Its subject is found in the
   sentence before the verb. ``… dalam sebuah memo …, dengan mengatakan "…"`` makes the memo's
   author (the sentence's capitalised subject, e.g. ``OpenAI``) the speaker with
   ``is_document=True``; without a named author the speaker is the document noun (``"memo"``).
   A sentence-initial single capitalised word counts as an author only when the article also
   writes it capitalised mid-sentence (so "Kepergian itu ..." is not an author). The subject is
   the clause right before the verb (after the last comma, keeping a ", yang ...," clause and an
   appositive ``Direktur komunikasi Meta, Andy Stone,``); a person right after a preposition
   (``dengan Lex Fridman``) is not the subject.
3. **nya** – ``katanya``/``ujarnya``/``tulisnya``/…, ``kata dia``, or a pronoun subject ``Ia
   mengatakan, "…"`` refers back: the speaker is the person most recently named before the quote
   (mentions inside quotes are ignored; mentions right after a preposition such as ``milik`` or
   ``dengan`` are passed over for the default ``speaker`` but still count as candidates). The role
   is taken from that mention's own sentence. Looking back covers the quote's own paragraph and
   the previous one (boilerplate such as "Baca juga" and fragments under four words are
   skipped). Exactly one person named there → confident; two or more → ``confident=False`` with
   ``candidates``; none → the nearest earlier person, not confident.
4. **intro** – a quote that is a paragraph of its own after a paragraph ending in ``:`` ("Berikut
   pesan rekrutmen X …:") gets the person named in that intro paragraph; confident only when
   exactly one person is named there. The channel comes from the intro (``pesan`` → ``message``).
5. **continuation** – a quote with no cue of its own right after a quote with a speaker (in the
   same paragraph with at most the previous quote's cue clause between them, or at the start of
   the next paragraph when the previous paragraph ends with that quote's cue clause) has the same
   speaker, role, channel and confidence. The earlier parts of a multi-paragraph quote take the
   attribution of the part that carries the cue.
6. **none** – no speaker, ``confident=False``.

``speaker_start``/``speaker_end`` point at the speaker phrase: the person mention (not the role),
the description of an anonymous source, the document phrase, or the name as written. A
description runs to the end of its clause and keeps relative clauses ("yang bekerja di perusahaan
AI pesaing", also one set off by commas: ", yang sekarang bekerja di dunia akademis"), but stops
at any other comma, at a stop word (``tetapi``, ``namun``, ``tentang``, ``kepada`` …), at a
channel phrase (``dalam wawancara``) and at the end of the sentence.

``candidates`` (only when not confident) are the canonical names of persons named in the quote's
paragraph and the previous one, outside quotes, nearest to the quote first, at most four; when
there are none, the nearest persons named anywhere before the quote.

The vocabulary (speech verbs, pronouns, anonymous-source heads, document nouns, channel words,
stop words, role titles) lives in ``data/quotes_id.json``, loaded once.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from talent_extract.text.spans import PersonMention

__all__ = [
    "Attribution",
    "Cue",
    "QuoteCandidate",
    "attribute_quotes",
    "find_quotes",
    "find_terms",
]

Cue = Literal["after", "before", "nya", "continuation", "intro", "none"]

MAX_QUOTE_CHARS = 6000
"""A pair of marks further apart than this (within one paragraph) is not a quote."""
MIN_SINGLE_QUOTE_WORDS = 4
MIN_QUOTE_WORDS = 4
MAX_CANDIDATES = 4

# ---------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """One direct quote, or one paragraph's part of a multi-paragraph quote.

    ``text[start:end] == inner`` (the characters between the marks, trailing comma or period
    included); ``text[open_start:close_end]`` includes the marks. For an ``open_ended`` part (no
    closing mark in its paragraph) ``close_end == end`` is the end of the paragraph.

    Attributes:
        paragraph: index of the paragraph (blank-line separated, empty ones not counted).
        is_term: a quoted term or name; only :func:`find_terms` returns these.
        continues_previous: the previous paragraph's part was ``open_ended``; same quote.
        open_ended: no closing mark; the quote continues in the next paragraph.
    """

    start: int
    end: int
    inner: str
    open_start: int
    close_end: int
    paragraph: int
    is_term: bool = False
    continues_previous: bool = False
    open_ended: bool = False


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said one quote, how that was decided, and whether the model should be asked.

    Attributes:
        speaker: canonical person name (``PersonMention.name``), the description of an anonymous
            source as written, a document phrase ("surat itu", "memo"), a capitalised name as
            written (organisation), or None.
        speaker_start, speaker_end: offsets of the speaker phrase (the mention, description,
            document phrase or name; never the role). For a continuation, the original phrase.
        speaker_role: a title next to the name ("CEO Microsoft", "Direktur komunikasi Meta").
        anonymous: the speaker is an unnamed source described in the text.
        is_document: a letter/memo/statement is the speaker (or its author org, via "dengan
            mengatakan").
        channel: X, Threads, Instagram, LinkedIn, WhatsApp, blog, interview, letter, memo,
            statement, message, email, ... (see ``data/quotes_id.json``).
        cue: which rule decided (see the module docstring).
        confident: False when the model should choose the speaker.
        candidates: when not confident, canonical names to choose from, nearest first (<= 4);
            empty when confident.
    """

    speaker: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_role: str | None = None
    anonymous: bool = False
    is_document: bool = False
    channel: str | None = None
    cue: Cue = "none"
    confident: bool = False
    candidates: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True, slots=True)
class _Lexicon:
    after_re: re.Pattern[str]
    before_re: re.Pattern[str]
    pronouns: frozenset[str]
    anonymous_heads: tuple[tuple[str, ...], ...]
    indefinite_heads: tuple[tuple[str, ...], ...]
    appositive_markers: frozenset[str]
    document_nouns: tuple[tuple[tuple[str, ...], str], ...]
    indefinite_articles: frozenset[str]
    demonstratives: frozenset[str]
    channels: tuple[tuple[re.Pattern[str], str], ...]
    channel_prepositions: frozenset[str]
    description_stops: frozenset[str]
    connectors: tuple[tuple[str, ...], ...]
    prepositions: frozenset[str]
    role_heads: frozenset[str]
    role_modifiers: frozenset[str]
    abbreviations: frozenset[str]
    skip_paragraph_prefixes: tuple[str, ...]


def _phrases(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Multi-word entries as word tuples, longest first so 'salah satu' wins over 'salah'."""
    out = {tuple(w.casefold().split()) for w in words}
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    """Load ``data/quotes_id.json`` once and compile what the rules need."""
    raw = resources.files("talent_extract").joinpath("data/quotes_id.json").read_text("utf-8")
    data = json.loads(raw)

    after = [str(v) for v in data["after_verbs"]]
    after_re = re.compile(
        r"[\s,]*(?:(?:demikian|begitu)\s+)?(?P<verb>"
        + _alternation(after)
        + r")(?P<nya>nya)?(?!\w)"
    )
    before = [str(v) for v in data["before_verbs"]]
    before_re = re.compile(
        r"(?<!\w)(?:(?P<dengan>dengan)\s+)?(?P<verb>"
        + _alternation(before)
        + r")(?!\w)(?P<mid>[^.!?…“”\"«»„‘]{0,160}?)[\s,:]*(?:bahwa[\s,:]*)?$",
        re.IGNORECASE,
    )
    channels: list[tuple[re.Pattern[str], str]] = []
    for entry in data["channels"]:
        for word in entry["words"]:
            flags = 0 if len(word) <= 2 else re.IGNORECASE
            pattern = r"(?<![\w-])" + re.escape(word).replace(r"\ ", r"\s+") + r"(?:nya)?(?![\w-])"
            channels.append((re.compile(pattern, flags), str(entry["channel"])))
    docs = tuple(
        (tuple(k.casefold().split()), str(v))
        for k, v in sorted(data["document_nouns"].items(), key=lambda kv: -len(kv[0].split()))
    )

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in data[key])

    return _Lexicon(
        after_re=after_re,
        before_re=before_re,
        pronouns=words("pronouns"),
        anonymous_heads=_phrases(data["anonymous_heads"]),
        indefinite_heads=_phrases(data["indefinite_heads"]),
        appositive_markers=words("appositive_markers"),
        document_nouns=docs,
        indefinite_articles=words("indefinite_articles"),
        demonstratives=words("demonstratives"),
        channels=tuple(channels),
        channel_prepositions=words("channel_prepositions"),
        description_stops=words("description_stops"),
        connectors=_phrases(data["connectors"]),
        prepositions=words("prepositions"),
        role_heads=words("role_heads"),
        role_modifiers=words("role_modifiers"),
        abbreviations=words("abbreviations"),
        skip_paragraph_prefixes=tuple(str(p).casefold() for p in data["skip_paragraph_prefixes"]),
    )


# ---------------------------------------------------------------------------------------------
# Text helpers

_WORD = re.compile(r"\w[\w\-]*")
_SENT_END = re.compile(r"[.!?…]+(?=\s|$)")
_SENT_PUNCT = frozenset(".!?…")
_OPEN_PREV_OK = frozenset('([{/—–-“„«‘"”')


_APPOSITIVE = re.compile(r"\s*,\s*(?P<app>[^,;:()“”\"«»„]+?)\s*(?:,|$)")


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    word: str

    @property
    def low(self) -> str:
        return self.word.casefold()


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Content spans (first to last non-space character) of the paragraphs, in order."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    last_end = 0
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if start is None:
                start = pos + len(line) - len(line.lstrip())
            last_end = pos + len(line.rstrip())
        elif start is not None:
            spans.append((start, last_end))
            start = None
        pos += len(line) + 1
    if start is not None:
        spans.append((start, last_end))
    return spans


def _sentence_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(first, past-last) offsets of sentence-final punctuation in ``text[start:end]``."""
    lex = _lexicon()
    out: list[tuple[int, int]] = []
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == ".":
            prev = re.search(r"(\w+)$", text[max(0, m.start() - 12) : m.start()])
            if prev is not None:
                word = prev.group(1)
                if word.casefold() in lex.abbreviations or (len(word) == 1 and word.isupper()):
                    continue
        out.append((m.start(), m.end()))
    return out


def _clause_end(text: str, start: int, limit: int) -> int:
    """Offset of the first sentence end at or after ``start`` (before ``limit``), else ``limit``."""
    ends = _sentence_ends(text, start, limit)
    return ends[0][0] if ends else limit


def _sentence_start(text: str, pos: int, lo: int) -> int:
    """Start of the sentence containing ``pos``, not before ``lo``."""
    ends = _sentence_ends(text, lo, pos)
    start = ends[-1][1] if ends else lo
    while start < pos and text[start].isspace():
        start += 1
    return start


def _single_sentence(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` has no sentence end except, possibly, at its very end."""
    return all(not text[e:end].strip() for _, e in _sentence_ends(text, start, end))


def _match_words(toks: Sequence[_Tok], i: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """Length in tokens of the first phrase that matches at ``toks[i]`` (0 when none)."""
    for phrase in phrases:
        n = len(phrase)
        if i + n <= len(toks) and tuple(t.low for t in toks[i : i + n]) == phrase:
            return n
    return 0


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


# ---------------------------------------------------------------------------------------------
# Finding quotes


def _opening_ok(text: str, i: int) -> bool:
    """``text[i]`` can open a quote: preceded by a boundary, followed by a non-space."""
    if i + 1 >= len(text) or text[i + 1].isspace():
        return False
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN_PREV_OK


def _closing_ok(text: str, k: int, strict: bool) -> bool:
    """``text[k]`` can close a quote: preceded by a non-space; when ``strict`` (marks that double
    as apostrophes or openers) also not followed by a letter or digit."""
    if k == 0 or text[k - 1].isspace():
        return False
    return not (strict and k + 1 < len(text) and text[k + 1].isalnum())


# opener -> closers; a closer listed in _STRICT_CLOSERS[opener] must pass the strict check.
_CLOSERS: dict[str, str] = {"“": "”“", "„": "“”", "«": "»", "‘": "’", '"': '"', "”": "”"}
_STRICT_CLOSERS: dict[str, str] = {"“": "“", "„": "", "«": "", "‘": "’", '"': "", "”": ""}
_OPENERS = frozenset(_CLOSERS)


_MARK = re.compile('[“”„«»‘’"]')


def _pair_marks(text: str, start: int, end: int) -> dict[int, int]:
    """Opening-mark offset -> closing-mark offset for the marks in one paragraph.

    One left-to-right pass per kind of opening mark with a stack, so nested pairs of the same
    kind match (“a “b” c”): a mark in closing position closes the innermost open mark of its
    kind; otherwise a mark of that kind in opening position opens. Linear in the number of marks.
    """
    marks = [m.start() for m in _MARK.finditer(text, start, end)]
    pairs: dict[int, int] = {}
    for opener, closers in _CLOSERS.items():
        strict = _STRICT_CLOSERS[opener]
        stack: list[int] = []
        for k in marks:
            c = text[k]
            if stack and c in closers and _closing_ok(text, k, c in strict):
                pairs[stack.pop()] = k
            elif c == opener and _opening_ok(text, k):
                stack.append(k)
    return pairs


def _is_term(inner: str, opener: str, *, said: bool) -> bool:
    """A quoted term or name rather than a quote (see the module docstring). ``said``: the
    closing mark is followed by a speech verb ('“Kami siap bertarung,” kata X'), which makes a
    short quote a quote."""
    words = _WORD.findall(inner)
    if len(words) <= 1:
        return True
    if opener == "‘" and len(words) < MIN_SINGLE_QUOTE_WORDS:
        return True
    if all(_is_capitalised(w) for w in words) and len(words) <= 3:
        return True
    return len(words) < MIN_QUOTE_WORDS and not said and not any(c in _SENT_PUNCT for c in inner)


def _scan(text: str) -> list[QuoteCandidate]:
    """All quote-mark pairs, terms included, in text order."""
    paragraphs = _paragraphs(text)
    after_re = _lexicon().after_re
    out: list[QuoteCandidate] = []
    prev_open_ended = False
    for pi, (ps, pe) in enumerate(paragraphs):
        pairs = _pair_marks(text, ps, pe)
        resume = ps
        first_kept = True
        this_open_ended = False
        for m in _MARK.finditer(text, ps, pe):
            i = m.start()
            if i < resume or text[i] not in _OPENERS or not _opening_ok(text, i):
                continue
            opener = text[i]
            j = pairs.get(i)
            if j is not None and j - i <= MAX_QUOTE_CHARS:
                inner = text[i + 1 : j]
                if inner.strip():
                    said = after_re.match(text, j + 1, pe) is not None
                    term = _is_term(inner, opener, said=said)
                    out.append(
                        QuoteCandidate(
                            start=i + 1,
                            end=j,
                            inner=inner,
                            open_start=i,
                            close_end=j + 1,
                            paragraph=pi,
                            is_term=term,
                            continues_previous=prev_open_ended and first_kept and i == ps,
                        )
                    )
                    if not term:
                        first_kept = False
                resume = j + 1
                continue
            nxt = paragraphs[pi + 1][0] if pi + 1 < len(paragraphs) else None
            if i == ps and nxt is not None and text[nxt] in _OPENERS and _opening_ok(text, nxt):
                inner = text[i + 1 : pe]
                term = _is_term(inner, opener, said=False)
                out.append(
                    QuoteCandidate(
                        start=i + 1,
                        end=pe,
                        inner=inner,
                        open_start=i,
                        close_end=pe,
                        paragraph=pi,
                        is_term=term,
                        continues_previous=prev_open_ended,
                        open_ended=True,
                    )
                )
                this_open_ended = not term
                break
        prev_open_ended = this_open_ended
    return out


def find_quotes(text: str) -> list[QuoteCandidate]:
    """Every direct quote in ``text`` (terms and quoted names excluded), in text order.

    ``text[c.start:c.end] == c.inner`` for every candidate; candidates never overlap and never
    cross a paragraph break.
    """
    return [c for c in _scan(text) if not c.is_term]


def find_terms(text: str) -> list[QuoteCandidate]:
    """The quoted terms and names that :func:`find_quotes` leaves out (``is_term=True``)."""
    return [c for c in _scan(text) if c.is_term]


# ---------------------------------------------------------------------------------------------
# Attribution


@dataclass(frozen=True, slots=True)
class _Speaker:
    """A parsed speaker phrase."""

    kind: Literal["person", "pronoun", "document", "anonymous", "as_written"]
    speaker: str | None
    start: int
    end: int
    role: str | None = None
    channel: str | None = None
    confident: bool = True


class _Context:
    """The article, its paragraphs, quotes and the person mentions usable as speakers."""

    def __init__(
        self, text: str, quotes: Sequence[QuoteCandidate], persons: Sequence[PersonMention]
    ) -> None:
        self.text = text
        self.lex = _lexicon()
        self.paragraphs = _paragraphs(text)
        self.para_starts = [s for s, _ in self.paragraphs]
        # A mention inside a quote is never its speaker. "Inside some quote" is asked per
        # mention against the running maximum end of the quotes starting before it (a scan of
        # every quote per mention was quadratic on long texts).
        inside = sorted((q.start, q.end) for q in quotes)
        quote_starts = [s for s, _ in inside]
        reach = list(itertools.accumulate((e for _, e in inside), max))

        def quoted(p: PersonMention) -> bool:
            i = bisect.bisect_right(quote_starts, p.start) - 1
            return i >= 0 and reach[i] >= p.end

        self.persons = sorted(
            (p for p in persons if 0 <= p.start < p.end <= len(text) and not quoted(p)),
            key=lambda p: (p.start, p.end),
        )
        self.person_starts = [p.start for p in self.persons]

    # -- paragraphs -------------------------------------------------------------------------

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def para_span(self, pos: int) -> tuple[int, int]:
        if not self.paragraphs:
            return (0, len(self.text))
        return self.paragraphs[self.para_of(pos)]

    def previous_paragraph(self, index: int) -> int | None:
        """The paragraph before ``index`` that is not boilerplate or a stray fragment."""
        for k in range(index - 1, -1, -1):
            s, e = self.paragraphs[k]
            body = self.text[s:e]
            low = body.casefold()
            if len(_WORD.findall(body)) < 4 or low.startswith(self.lex.skip_paragraph_prefixes):
                continue
            return k
        return None

    # -- persons ----------------------------------------------------------------------------

    def nearby_persons(self, pos: int, end: int) -> list[PersonMention]:
        """Persons in the previous (non-boilerplate) paragraph and in the paragraph of ``pos``
        up to ``end``."""
        ps, _ = self.para_span(pos)
        pool = self.persons_in(ps, end)
        prev = self.previous_paragraph(self.para_of(pos))
        if prev is not None and self.paragraphs[prev][0] < ps:
            pool = self.persons_in(*self.paragraphs[prev]) + pool
        return pool

    def persons_in(self, start: int, end: int) -> list[PersonMention]:
        lo = bisect.bisect_left(self.person_starts, start)
        hi = bisect.bisect_left(self.person_starts, end, lo)  # p.end <= end needs p.start < end
        return [p for p in self.persons[lo:hi] if p.end <= end]

    def after_preposition(self, m: PersonMention) -> bool:
        prev = _tokens(self.text, max(0, m.start - 30), m.start)
        return bool(prev) and prev[-1].low in self.lex.prepositions

    def candidates(self, q: QuoteCandidate) -> list[str]:
        """Persons near ``q`` (this and the previous paragraph), nearest first, at most four."""
        pool = self.nearby_persons(q.open_start, self.para_span(q.open_start)[1])
        if not pool:
            pool = [p for p in self.persons if p.end <= q.open_start]

        def distance(p: PersonMention) -> int:
            return q.open_start - p.end if p.end <= q.open_start else p.start - q.close_end

        names: list[str] = []
        for p in sorted(pool, key=distance):
            if p.name not in names:
                names.append(p.name)
        return names[:MAX_CANDIDATES]

    # -- channels and roles -----------------------------------------------------------------

    def channel(self, start: int, end: int) -> str | None:
        best: tuple[int, str] | None = None
        for pattern, channel in self.lex.channels:
            m = pattern.search(self.text, start, end)
            if m is not None and (best is None or m.start() < best[0]):
                best = (m.start(), channel)
        return best[1] if best else None

    def has_role_head(self, toks: Sequence[_Tok]) -> bool:
        return any(t.low in self.lex.role_heads for t in toks)

    def appositive_role(self, m: PersonMention, limit: int) -> str | None:
        """``Name, <role>`` up to the next comma or ``limit``, when it contains a job title."""
        app = _APPOSITIVE.match(self.text, m.end, max(m.end, limit))
        if app is None:
            return None
        toks = _tokens(self.text, app.start("app"), app.end("app"))
        if not toks or toks[0].low == "yang" or not self.has_role_head(toks):
            return None
        return app.group("app")

    def role_before(self, m: PersonMention, lo: int) -> str | None:
        """A job title right before a mention: ``CEO Meta Mark``, ``Direktur X, Andy Stone``."""
        seg_end = m.start
        while seg_end > lo and self.text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end > lo and self.text[seg_end - 1] == ",":
            # appositive 'Direktur komunikasi Meta, Andy Stone,': the name is set off on both
            # sides; 'Dalam memonya kepada staf, Altman menulis' is not an appositive
            after = self.text[m.end : m.end + 3].lstrip()
            if after[:1] not in (",", ".", "!", "?", ")", ""):
                return None
            seg_end -= 1
        cut = max(self.text.rfind(c, lo, seg_end) for c in ",(;:")
        seg_start = max(lo, cut + 1)
        toks = _tokens(self.text, seg_start, seg_end)
        head: int | None = None
        for k in range(len(toks) - 1, max(-1, len(toks) - 7), -1):
            low = toks[k].low
            if low == "yang" or low in self.lex.prepositions:
                break
            if low in self.lex.role_heads:
                head = k
        if head is None:
            return None
        while head > 0 and (
            toks[head - 1].low in self.lex.role_modifiers
            or toks[head - 1].low in self.lex.role_heads
        ):
            head -= 1
        if toks[head].low == "seorang":
            head += 1
        return self.text[toks[head].start : toks[-1].end] if head < len(toks) else None

    def role_of(self, m: PersonMention) -> str | None:
        """The role given next to a mention anywhere in its sentence (before, else after)."""
        ps, pe = self.para_span(m.start)
        lo = _sentence_start(self.text, m.start, ps)
        return self.role_before(m, lo) or self.appositive_role(m, _clause_end(self.text, m.end, pe))

    # -- speaker phrases --------------------------------------------------------------------

    def description_end(self, start: int, limit: int) -> int:
        """Where an anonymous description that starts at ``start`` ends (see module docstring)."""
        lex = self.lex
        items = list(re.finditer(r"\w[\w\-]*|[,;:()]", self.text[start:limit]))
        end = start
        for k, it in enumerate(items):
            tok = it.group()
            if tok in ",;:(":
                nxt = items[k + 1].group().casefold() if k + 1 < len(items) else ""
                if tok == "," and nxt == "yang":
                    continue
                break
            if tok == ")":
                continue
            low = tok.casefold()
            if k > 0 and low in lex.description_stops:
                break
            if k > 0 and low in lex.channel_prepositions:
                ahead_end = items[min(len(items) - 1, k + 4)].end() + start
                if self.channel(start + it.end(), ahead_end) is not None:
                    break
            end = start + it.end()
        return end

    def named_ok(self, start: int, m: PersonMention) -> bool:
        """Whether the words between a speech verb and a mention make it the speaker."""
        toks = _tokens(self.text, start, m.start)
        if not toks:
            return True
        lows = [t.low for t in toks]
        if len(toks) > 8 or "yang" in lows or lows[-1] in self.lex.prepositions:
            return False
        appositive = self.text[start : m.start].rstrip().endswith(",") or (
            lows[-1] in self.lex.appositive_markers
        )
        return appositive or not _match_words(toks, 0, self.lex.indefinite_heads)

    def document_at(self, toks: Sequence[_Tok], i: int) -> tuple[int, int, str] | None:
        """A document noun phrase at ``toks[i]`` ('sebuah' skipped, a demonstrative kept):
        (index of the noun's first token, index past the phrase, channel)."""
        if i < len(toks) and toks[i].low in self.lex.indefinite_articles:
            i += 1
        for phrase, channel in self.lex.document_nouns:
            n = len(phrase)
            if i + n <= len(toks) and tuple(t.low for t in toks[i : i + n]) == phrase:
                if i + n < len(toks) and toks[i + n].low in self.lex.demonstratives:
                    n += 1
                return i, i + n, channel
        return None

    def parse_speaker(self, start: int, limit: int, *, sentence_initial: bool) -> _Speaker | None:
        """Parse the speaker phrase in ``text[start:limit]`` (after a verb, or a subject)."""
        text, lex = self.text, self.lex
        while start < limit and (text[start].isspace() or text[start] in ",:"):
            start = start + 1
        toks = _tokens(text, start, limit)
        if not toks:
            return None
        first = toks[0]
        if first.low in lex.pronouns:
            return _Speaker("pronoun", None, first.start, first.end)
        lo = bisect.bisect_left(self.person_starts, start)
        hi = bisect.bisect_left(self.person_starts, limit)
        mentions = self.persons[lo:hi]
        if mentions and self.named_ok(start, mentions[0]):
            m = mentions[0]
            role = text[start : m.start].strip().rstrip(",").strip()
            # "juru bicara Awan Digital, Maya Lestari": after a role, a name-like run followed by
            # ", Name" is the role's organisation; the speaker is the name after the comma.
            if role and len(mentions) > 1 and text[m.end : mentions[1].start].strip() == ",":
                role = text[start : m.end].strip()
                m = mentions[1]
            marker = _tokens(text, start, m.start)
            if marker and marker[-1].low in lex.appositive_markers:
                role = text[start : marker[-1].start].strip().rstrip(",").strip()
            if not role:
                role = self.appositive_role(m, limit) or ""
            return _Speaker("person", m.name, m.start, m.end, role=role or None)
        doc = self.document_at(toks, 0)
        if doc is not None:
            first_noun, past, channel = doc
            s, e = toks[first_noun].start, toks[past - 1].end
            return _Speaker("document", text[s:e], s, e, channel=channel)
        if _match_words(toks, 0, lex.anonymous_heads) or not _is_capitalised(first.word):
            end = self.description_end(start, limit)
            inside_name = bool(self.persons_in(start, end))
            known = bool(_match_words(toks, 0, lex.anonymous_heads))
            return _Speaker(
                "anonymous",
                text[start:end],
                start,
                end,
                confident=known and not inside_name,
            )
        k = 0
        while k + 1 < len(toks) and _is_capitalised(toks[k + 1].word):
            if text[toks[k].end : toks[k + 1].start].strip():
                break
            k += 1
        s, e = first.start, toks[k].end
        word = text[s:e]
        distinctive = (
            k > 0
            or any(c.isupper() for c in word[1:])
            or not sentence_initial
            or self.proper_elsewhere(word)
        )
        return _Speaker("as_written", word, s, e, confident=distinctive)

    def proper_elsewhere(self, word: str) -> bool:
        """``word`` is written capitalised after a lower-case word somewhere (a proper noun)."""
        pattern = r"[a-z,]\s+" + re.escape(word) + r"(?!\w)"
        return re.search(pattern, self.text) is not None

    def resolve_back(self, q: QuoteCandidate) -> tuple[PersonMention | None, bool]:
        """The person a '-nya' verb or pronoun refers to, and whether that is certain."""
        pool = self.nearby_persons(q.open_start, q.open_start)
        if not pool:
            earlier = [p for p in self.persons if p.end <= q.open_start]
            return (earlier[-1] if earlier else None), False
        names = {p.name for p in pool}
        preferred = [p for p in pool if not self.after_preposition(p)]
        chosen = preferred[-1] if preferred else pool[-1]
        return chosen, len(names) == 1


def _from_speaker(
    ctx: _Context, q: QuoteCandidate, spk: _Speaker, cue: Cue, channel: str | None
) -> Attribution:
    """Turn a parsed speaker phrase into an Attribution (resolving pronouns)."""
    if spk.kind == "pronoun":
        return _nya(ctx, q, channel)
    if spk.kind == "document":
        return Attribution(
            speaker=spk.speaker,
            speaker_start=spk.start,
            speaker_end=spk.end,
            is_document=True,
            channel=spk.channel or channel,
            cue=cue,
            confident=True,
        )
    att = Attribution(
        speaker=spk.speaker,
        speaker_start=spk.start,
        speaker_end=spk.end,
        speaker_role=spk.role,
        anonymous=spk.kind == "anonymous",
        channel=channel,
        cue=cue,
        confident=spk.confident,
    )
    return att if att.confident else _with_candidates(ctx, q, att)


def _with_candidates(ctx: _Context, q: QuoteCandidate, att: Attribution) -> Attribution:
    return Attribution(
        speaker=att.speaker,
        speaker_start=att.speaker_start,
        speaker_end=att.speaker_end,
        speaker_role=att.speaker_role,
        anonymous=att.anonymous,
        is_document=att.is_document,
        channel=att.channel,
        cue=att.cue,
        confident=att.confident,
        candidates=[] if att.confident else ctx.candidates(q),
    )


_LAST_SENTENCE = re.compile(r"[^.!?…\n]*[.!?…]?\s*$")
_VIA = re.compile(r"(?<!\w)(?:melalui|lewat|via|di|dalam)(?!\w)", re.IGNORECASE)


def _channel_before(ctx: _Context, q: QuoteCandidate) -> str | None:
    """The channel named in the sentence right before a quote ("Melalui akun X, ia menceritakan
    ... “…,” tulisnya."): a '-nya' quote continues what that sentence introduced."""
    lo = max(0, q.open_start - 300)
    window = ctx.text[lo : q.open_start].rstrip()
    body = window[:-1] if window.endswith((".", ":")) else window
    m = _LAST_SENTENCE.search(body)
    if m is None or not _VIA.search(m.group(0)):
        return None
    return ctx.channel(lo + m.start(), lo + len(body))


def _nya(ctx: _Context, q: QuoteCandidate, channel: str | None) -> Attribution:
    """Attribution for a '-nya' verb or a pronoun subject."""
    channel = channel or _channel_before(ctx, q)
    m, confident = ctx.resolve_back(q)
    if m is None:
        return _with_candidates(ctx, q, Attribution(speaker=None, channel=channel, cue="nya"))
    att = Attribution(
        speaker=m.name,
        speaker_start=m.start,
        speaker_end=m.end,
        speaker_role=ctx.role_of(m),
        channel=channel,
        cue="nya",
        confident=confident,
    )
    return _with_candidates(ctx, q, att)


def _after_cue(ctx: _Context, q: QuoteCandidate, limit: int) -> Attribution | None:
    """``“…,” kata X`` / ``“…,” katanya``."""
    m = ctx.lex.after_re.match(ctx.text, q.close_end, limit)
    if m is None:
        return None
    clause_end = _clause_end(ctx.text, m.end(), limit)
    channel = ctx.channel(m.end(), clause_end)
    if m.group("nya"):
        return _nya(ctx, q, channel)
    spk = ctx.parse_speaker(m.end(), clause_end, sentence_initial=False)
    if spk is None:
        return None
    return _from_speaker(ctx, q, spk, "after", channel)


def _subject_start(ctx: _Context, start: int, end: int) -> int:
    """Skip leading connectives ('Namun', 'Sementara itu,') of a subject region."""
    text = ctx.text
    while True:
        while start < end and (text[start].isspace() or text[start] == ","):
            start += 1
        toks = _tokens(text, start, end)
        n = _match_words(toks, 0, ctx.lex.connectors)
        if not n or toks[0].start != start:
            return start
        start = toks[n - 1].end


_MENURUT = re.compile(r"(?<!\w)[Mm]enurut(?P<nya>nya)?(?P<spk>\s+[^.!?]{1,150}?)?\s*,\s*$")


def _subject_segment(ctx: _Context, start: int, end: int) -> int:
    """Start of the clause right before a verb: after the last comma in ``text[start:end]``,
    but a relative clause set off by commas (', yang ...') stays with its noun."""
    seg = end
    while True:
        comma = ctx.text.rfind(",", start, seg)
        if comma < 0:
            return start
        toks = _tokens(ctx.text, comma + 1, end)
        if not toks or toks[0].low != "yang":
            return comma + 1
        seg = comma


def _menurut_cue(ctx: _Context, q: QuoteCandidate, bstart: int) -> Attribution | None:
    """``Menurut X, “…”`` / ``Menurutnya, “…”``."""
    before = ctx.text[bstart : q.open_start]
    menurut = _MENURUT.search(before)
    if menurut is None:
        return None
    channel = ctx.channel(bstart, q.open_start)
    if menurut.group("nya"):
        return _nya(ctx, q, channel)
    if not menurut.group("spk"):
        return None
    s = bstart + menurut.start("spk")
    spk = ctx.parse_speaker(s, bstart + menurut.end("spk"), sentence_initial=False)
    return None if spk is None else _from_speaker(ctx, q, spk, "before", channel)


def _before_cue(ctx: _Context, q: QuoteCandidate, lo: int) -> Attribution | None:
    """``X mengatakan, “…”``, ``Menurut X, “…”``, ``… dengan mengatakan "…"``."""
    text = ctx.text
    bstart = _sentence_start(text, q.open_start, lo)
    m = ctx.lex.before_re.search(text[bstart : q.open_start])
    if m is None or len(_WORD.findall(m.group("mid"))) > 12:
        return _menurut_cue(ctx, q, bstart)
    channel = ctx.channel(bstart, q.open_start)
    verb_start = bstart + (m.start("dengan") if m.group("dengan") else m.start("verb"))
    sub_end = verb_start
    while sub_end > bstart and text[sub_end - 1].isspace():
        sub_end -= 1
    if sub_end > bstart and text[sub_end - 1] == ",":
        sub_end -= 1
    sub_start = _subject_start(ctx, bstart, sub_end)
    seg_start = _subject_segment(ctx, sub_start, sub_end)

    named = [p for p in ctx.persons_in(seg_start, sub_end) if not ctx.after_preposition(p)]
    if named:
        p = named[-1]
        return Attribution(
            speaker=p.name,
            speaker_start=p.start,
            speaker_end=p.end,
            speaker_role=ctx.role_before(p, seg_start) or ctx.appositive_role(p, sub_end),
            channel=channel,
            cue="before",
            confident=True,
        )
    if m.group("dengan"):
        toks = _tokens(text, bstart, verb_start)
        doc = next(
            (d for k in range(len(toks)) if (d := ctx.document_at(toks, k)) is not None), None
        )
        if doc is not None:
            first_noun, past, doc_channel = doc
            spk = ctx.parse_speaker(sub_start, sub_end, sentence_initial=sub_start == bstart)
            if spk is not None and spk.kind == "pronoun":
                return _nya(ctx, q, doc_channel)
            if spk is not None and spk.kind == "as_written" and spk.confident:
                s, e, speaker = spk.start, spk.end, spk.speaker
            else:
                s, e = toks[first_noun].start, toks[past - 1].end
                speaker = text[s:e]
            return Attribution(
                speaker=speaker,
                speaker_start=s,
                speaker_end=e,
                is_document=True,
                channel=doc_channel,
                cue="before",
                confident=True,
            )
    spk = ctx.parse_speaker(seg_start, sub_end, sentence_initial=seg_start == bstart)
    if spk is None:
        return None
    return _from_speaker(ctx, q, spk, "before", channel)


def _intro(ctx: _Context, q: QuoteCandidate) -> Attribution | None:
    """A quote paragraph right after a paragraph that ends with ':'."""
    index = ctx.para_of(q.open_start)
    ps, pe = ctx.paragraphs[index] if ctx.paragraphs else (0, len(ctx.text))
    if index == 0 or q.open_start != ps or ctx.text[q.close_end : pe].strip(" .,"):
        return None
    ips, ipe = ctx.paragraphs[index - 1]
    if not ctx.text[ips:ipe].endswith(":"):
        return None
    channel = ctx.channel(ips, ipe)
    named = ctx.persons_in(ips, ipe)
    names = list(dict.fromkeys(p.name for p in named))
    if not names:
        return _with_candidates(ctx, q, Attribution(speaker=None, channel=channel, cue="intro"))
    p = named[0]
    att = Attribution(
        speaker=p.name,
        speaker_start=p.start,
        speaker_end=p.end,
        speaker_role=ctx.role_of(p),
        channel=channel,
        cue="intro",
        confident=len(names) == 1,
    )
    return _with_candidates(ctx, q, att)


def _continues(ctx: _Context, prev: QuoteCandidate, q: QuoteCandidate) -> bool:
    """``q`` follows ``prev`` with nothing but ``prev``'s cue clause between them."""
    pq, qq = ctx.para_of(prev.open_start), ctx.para_of(q.open_start)
    if pq == qq:
        return _single_sentence(ctx.text, prev.close_end, q.open_start)
    if qq != pq + 1 or q.open_start != ctx.paragraphs[qq][0]:
        return False
    return _single_sentence(ctx.text, prev.close_end, ctx.paragraphs[pq][1])


def _continuation(prev: Attribution) -> Attribution:
    return Attribution(
        speaker=prev.speaker,
        speaker_start=prev.speaker_start,
        speaker_end=prev.speaker_end,
        speaker_role=prev.speaker_role,
        anonymous=prev.anonymous,
        is_document=prev.is_document,
        channel=prev.channel,
        cue="continuation",
        confident=prev.confident,
        candidates=list(prev.candidates),
    )


def attribute_quotes(
    text: str, quotes: Sequence[QuoteCandidate], persons: Sequence[PersonMention]
) -> list[Attribution]:
    """One :class:`Attribution` per quote, in the order of ``quotes``.

    ``persons`` are the article's person mentions (offsets into ``text``); mentions inside a
    quote are never taken as its speaker. See the module docstring for the rules.
    """
    ctx = _Context(text, quotes, persons)
    order = sorted(range(len(quotes)), key=lambda i: quotes[i].open_start)
    ordered = [quotes[i] for i in order]
    n = len(ordered)
    own: list[Attribution | None] = []
    for k, q in enumerate(ordered):
        ps, pe = ctx.para_span(q.open_start)
        nxt = ordered[k + 1].open_start if k + 1 < n else pe
        limit = min(pe, nxt) if nxt >= q.close_end else pe
        prev_close = ordered[k - 1].close_end if k > 0 else ps
        lo = max(ps, prev_close) if prev_close <= q.open_start else ps
        att = None if q.open_ended else _after_cue(ctx, q, limit)
        if att is None:
            att = _before_cue(ctx, q, lo)
        if att is None:
            att = _intro(ctx, q)
        own.append(att)

    # earlier parts of a multi-paragraph quote take the cue carried by a later part
    for k in range(n - 1, 0, -1):
        later = own[k]
        if ordered[k].continues_previous and later is not None and own[k - 1] is None:
            own[k - 1] = _continuation(later)

    final: list[Attribution] = []
    for k, q in enumerate(ordered):
        att = own[k]
        if (
            att is None
            and k > 0
            and final[k - 1].speaker is not None
            and _continues(ctx, ordered[k - 1], q)
        ):
            att = _continuation(final[k - 1])
        if att is None:
            att = _with_candidates(ctx, q, Attribution(speaker=None, cue="none"))
        final.append(att)

    result: list[Attribution] = [final[0]] * n if n else []
    for k, i in enumerate(order):
        result[i] = final[k]
    return result
