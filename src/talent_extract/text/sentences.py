"""The one sentence splitter: where sentences end, with exact offsets.

A sentence ends

* at ``.``, ``!``, ``?`` or ``…`` (a run of them, and any closing quote marks or brackets right
  after) when whitespace follows and then a capital letter or a digit, possibly behind an opening
  quote mark or bracket, or when only whitespace is left;
* at every line break.

A period after a word of ``data/sentences_id.json``'s ``abbreviations`` ("dr.", "Prof.", "No.",
"Tbk.") or after a single capital letter (an initial: "J. Smith", "U.S.") ends no sentence.
"AS" (Amerika Serikat) is no abbreviation: "pindah ke AS. Dia ..." is two sentences.

:func:`split_sentences` gives the sentences of a text; :func:`sentence_ends` and
:func:`sentence_start` answer the same question inside a stretch of it, for the finders that
work clause by clause (quote attribution).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from talent_extract import data

__all__ = ["Sentence", "is_abbreviation", "sentence_ends", "sentence_start", "split_sentences"]

_PUNCT = re.compile(r"[.!?…]+[\"'”’»)\]]*|\n")
_GAP = re.compile(r"\s+[\"“‘'«(\[]?")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\Z")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text: ``text == source[start:end]``, ``index`` its position."""

    index: int
    start: int
    end: int
    text: str


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(w.casefold() for w in data.sentences().abbreviations)


def is_abbreviation(word: str) -> bool:
    """Whether a period after ``word`` ends no sentence (an abbreviation or an initial)."""
    return (len(word) == 1 and word.isupper()) or word.casefold() in _abbreviations()


def _ends(text: str, m: re.Match[str]) -> bool:
    if m.group() == "\n":
        return True
    gap = _GAP.match(text, m.end())
    if gap is None:
        return m.end() == len(text)
    if gap.end() == len(text):
        return not text[m.end() :].strip()
    nxt = text[gap.end()]
    if not (nxt.isupper() or nxt.isdigit()):
        return False
    if text[m.start()] == "." and not m.group().startswith(".."):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if before is not None and is_abbreviation(before.group(1)):
            return False
    return True


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Every sentence end whose mark lies in ``text[start:end]``: (offset of the mark, offset past
    it and the closing quotes after it). What follows is read beyond ``end`` too."""
    stop = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _PUNCT.finditer(text, start, stop) if _ends(text, m)]


def sentence_start(text: str, pos: int, lo: int = 0) -> int:
    """Start of the sentence holding ``pos``: past the last sentence end before it, never before
    ``lo``, leading whitespace skipped."""
    ends = sentence_ends(text, lo, pos)
    start = ends[-1][1] if ends else lo
    while start < pos and text[start].isspace():
        start += 1
    return start


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, trimmed of surrounding whitespace (offsets exact)."""
    out: list[Sentence] = []
    start = 0
    for mark, past in sentence_ends(text):
        _append(out, text, start, mark if text[mark] == "\n" else past)
        start = past
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end]))
