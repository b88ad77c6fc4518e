"""The words of quote finding and attribution, and the small text helpers both use.

Internal to :mod:`talent_extract.find.quotes`: the vocabulary is ``data/quotes_id.json``, the
job titles ``data/titles_id.json``; sentence ends come from :mod:`talent_extract.text.sentences`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from talent_extract import data
from talent_extract.text.patterns import alternation
from talent_extract.text.sentences import sentence_ends, sentence_start

__all__ = [
    "APPOSITIVE",
    "WORD",
    "Lexicon",
    "Tok",
    "clause_end",
    "is_capitalised",
    "lexicon",
    "match_words",
    "paragraphs",
    "sentence_start",
    "single_sentence",
    "tokens",
]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The attribution vocabulary, compiled once (see ``data/quotes_id.json``)."""

    after_re: re.Pattern[str]
    before_re: re.Pattern[str]
    speech_re: re.Pattern[str]
    inverted_re: re.Pattern[str]
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
    shared_subject_words: frozenset[str]
    prepositions: frozenset[str]
    list_markers: frozenset[str]
    list_joins: frozenset[str]
    role_heads: frozenset[str]
    role_modifiers: frozenset[str]
    skip_paragraph_prefixes: tuple[str, ...]


def _phrases(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Multi-word entries as word tuples, longest first so 'salah satu' wins over 'salah'."""
    out = {tuple(w.casefold().split()) for w in words}
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


@cache
def lexicon() -> Lexicon:
    """``data/quotes_id.json``, with the job titles of ``data/titles_id.json`` as role heads and
    the 'read also' openings of ``data/names_id.json``, compiled once."""
    words, titles = data.quotes(), data.titles()
    after_re = re.compile(
        r"[\s,]*(?:(?:demikian|begitu)\s+)?(?P<verb>"
        + alternation(words.after_verbs)
        + r")(?P<nya>nya)?(?!\w)"
    )
    before_re = re.compile(
        r"(?<!\w)(?:(?P<dengan>dengan)\s+)?(?P<verb>"
        + alternation(words.before_verbs, ignorecase=True)
        # the words between verb and quote: no sentence end, no quote mark but a short term's
        + r")(?!\w)(?P<mid>(?:[^.!?…“”\"«»„‘]|“[^“”\n.!?]{1,40}”){0,160}?)"
        + r"[\s,:]*(?:bahwa[\s,:]*)?$",
        re.IGNORECASE,
    )
    channels: list[tuple[re.Pattern[str], str]] = []
    for entry in words.channels:
        for word in entry.words:
            flags = 0 if len(word) <= 2 else re.IGNORECASE
            pattern = r"(?<![\w-])" + alternation([word], space=r"\s+") + r"(?:nya)?(?![\w-])"
            channels.append((re.compile(pattern, flags), entry.channel))
    docs = tuple(
        (tuple(k.casefold().split()), v)
        for k, v in sorted(words.document_nouns.items(), key=lambda kv: -len(kv[0].split()))
    )

    def folded(values: Sequence[str]) -> frozenset[str]:
        return frozenset(w.casefold() for w in values)

    return Lexicon(
        after_re=after_re,
        before_re=before_re,
        # "“…,” dia menjelaskan" / "“…,” Budi menambahkan": the subject, then a speech verb.
        inverted_re=re.compile(
            r"[^\S\n]*(?P<subj>(?i:" + alternation(words.pronouns) + r")(?![\w-])"
            r"|[A-Z][\w.'-]*(?:[^\S\n]+[A-Z][\w.'-]*){0,2})[^\S\n]+(?:(?:juga|kemudian|lalu|pun)\s+)?"
            r"(?:" + alternation(words.before_verbs, ignorecase=True) + r")(?![\w-])"
        ),
        speech_re=re.compile(
            r"(?<![\w-])(?:" + alternation(words.before_verbs, ignorecase=True) + r")(?![\w-])",
            re.IGNORECASE,
        ),
        pronouns=folded(words.pronouns),
        anonymous_heads=_phrases(words.anonymous_heads),
        indefinite_heads=_phrases(words.indefinite_heads),
        appositive_markers=folded(words.appositive_markers),
        document_nouns=docs,
        indefinite_articles=folded(words.indefinite_articles),
        demonstratives=folded(words.demonstratives),
        channels=tuple(channels),
        channel_prepositions=folded(words.channel_prepositions),
        description_stops=folded(words.description_stops),
        connectors=_phrases(words.connectors),
        shared_subject_words=folded(words.shared_subject_words),
        prepositions=folded(words.prepositions),
        list_markers=folded(words.list_markers),
        list_joins=folded(words.list_joins),
        role_heads=folded(titles.job_titles),
        role_modifiers=folded([*titles.modifiers, *words.role_lead_words]),
        skip_paragraph_prefixes=tuple(p.casefold() for p in data.names().related_link_prefixes),
    )


WORD = re.compile(r"\w[\w\-]*")
_SENT_PUNCT = frozenset(".!?…")
_OPEN_PREV_OK = frozenset('([{/—–-“„«‘"”')


APPOSITIVE = re.compile(r"\s*,\s*(?P<app>[^,;:()“”\"«»„]+?)\s*(?:,|$)")


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    word: str

    @property
    def low(self) -> str:
        return self.word.casefold()


def tokens(text: str, start: int, end: int) -> list[Tok]:
    return [Tok(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end)]


# A line ending in one of these closes its paragraph even without a blank line after it.
_LINE_CLOSERS = frozenset('.!?…:;"”’)]')
# A block (between blank lines) of at least this many lines, most of them ending mid-sentence,
# is hard-wrapped prose: only its blank lines end paragraphs.
_WRAPPED_MIN_LINES = 4


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Content spans (first to last non-space character) of the paragraphs, in order.

    A blank line ends a paragraph. So does a single line break after a line that ends a sentence
    or a clause (".", "?", a closing quote mark, ":"): web pages copied as text put one paragraph
    on each line with no blank line between. A break after a line that stops mid-sentence
    ("… dikutip dari" / "Engadget, Rabu.") joins the two lines, and a block whose lines mostly
    stop mid-sentence is hard-wrapped prose, split at blank lines only.
    """
    spans: list[tuple[int, int]] = []
    for block in _blocks(text):
        lines = [(s, e) for s, e in block if e > s]
        closed = [text[e - 1] in _LINE_CLOSERS for _, e in lines]
        wrapped = len(lines) >= _WRAPPED_MIN_LINES and sum(closed) * 2 < len(lines)
        start = lines[0][0]
        for k, (_, e) in enumerate(lines):
            last = k == len(lines) - 1
            if last or (closed[k] and not wrapped):
                spans.append((start, e))
                if not last:
                    start = lines[k + 1][0]
    return spans


def _blocks(text: str) -> list[list[tuple[int, int]]]:
    """The text's blank-line separated blocks, each as the content spans of its lines."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            s = pos + len(line) - len(line.lstrip())
            current.append((s, s + len(stripped)))
        elif current:
            blocks.append(current)
            current = []
        pos += len(line) + 1
    if current:
        blocks.append(current)
    return blocks


def clause_end(text: str, start: int, limit: int) -> int:
    """Offset of the first sentence end at or after ``start`` (before ``limit``), else ``limit``."""
    ends = sentence_ends(text, start, limit)
    return ends[0][0] if ends else limit


def single_sentence(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` has no sentence end except, possibly, at its very end."""
    return all(not text[e:end].strip() for _, e in sentence_ends(text, start, end))


def match_words(toks: Sequence[Tok], i: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """Length in tokens of the first phrase that matches at ``toks[i]`` (0 when none)."""
    for phrase in phrases:
        n = len(phrase)
        if i + n <= len(toks) and tuple(t.low for t in toks[i : i + n]) == phrase:
            return n
    return 0


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()
