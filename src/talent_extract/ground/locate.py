"""Grounding: find where a string the model returned stands in the article.

Three passes, first hit wins:

1. **exact** — ``str.find``;
2. **normalised** — whitespace runs collapsed, curly/straight quote marks, dashes and case unified;
3. **fuzzy** — ``rapidfuzz.fuzz.partial_ratio_alignment`` on the normalised forms, accepted at a
   score of at least :data:`FUZZY_THRESHOLD` (90 of 100) when the aligned stretch is within 25% of
   the needle's length, then snapped outwards to word boundaries.

Whatever matched, the span returned covers the *article's* characters, so
``article[span.start:span.end] == span.text`` holds by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

FUZZY_THRESHOLD = 90.0
MIN_FUZZY_LEN = 12

_QUOTE_MAP = {
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‟": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "–": "-",
    "—": "-",
    "‒": "-",
    "―": "-",
    "\u00ad": "",
}
_STRIP = " \t\r\n\"'“”‘’„«».,;:…"


@dataclass(frozen=True, slots=True)
class Located:
    """Where a needle was found: ``haystack[start:end]`` is the article's text for it."""

    start: int
    end: int
    method: Literal["exact", "normalised", "fuzzy"]
    score: float


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the index of the source character."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        ch = _QUOTE_MAP.get(ch, ch)
        if ch == "":
            continue
        if ch.isspace():
            if prev_space:
                continue
            out.append(" ")
            index.append(i)
            prev_space = True
            continue
        prev_space = False
        low = ch.lower()
        # Keep the mapping one-to-one: a lowercase form of another length keeps the original.
        out.append(low if len(low) == 1 else ch)
        index.append(i)
    return "".join(out), index


_QUOTE_TABLE = str.maketrans(_QUOTE_MAP)
_SPACE_RUN = re.compile(r"\s+")  # re's \s is str.isspace


@lru_cache(maxsize=256)
def normalise(text: str) -> str:
    """The normalised form used for comparisons: ``normalise_with_map(text)[0].strip()``.

    Cached: the rules ask whether the same article text names each of several people. ASCII
    (most lines, once the quotes are mapped) takes str methods instead of the per-character loop.
    """
    mapped = _SPACE_RUN.sub(" ", text.translate(_QUOTE_TABLE))
    if mapped.isascii():  # one-to-one lowercasing, no context rules (final sigma)
        return mapped.lower().strip()
    return normalise_with_map(text)[0].strip()


def _nearest(starts: list[int], hint: int | None) -> int:
    if hint is None or len(starts) == 1:
        return starts[0]
    return min(starts, key=lambda s: abs(s - hint))


def _all_finds(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    pos = haystack.find(needle)
    while pos != -1 and len(found) < 50:
        found.append(pos)
        pos = haystack.find(needle, pos + 1)
    return found


_WORD = re.compile(r"\w")


def _snap(haystack: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so it neither begins nor ends inside a word."""
    while start > 0 and _WORD.match(haystack[start - 1]) and _WORD.match(haystack[start]):
        start -= 1
    while end < len(haystack) and _WORD.match(haystack[end - 1]) and _WORD.match(haystack[end]):
        end += 1
    return start, end


def locate(
    needle: str,
    haystack: str,
    *,
    hint: int | None = None,
    threshold: float = FUZZY_THRESHOLD,
    fuzzy: bool = True,
) -> Located | None:
    """Find ``needle`` in ``haystack``; None when it is not there.

    ``hint`` prefers the occurrence nearest to an offset when the needle repeats.
    """
    needle = needle.strip(_STRIP) if len(needle.strip(_STRIP)) >= 2 else needle.strip()
    if not needle or not haystack:
        return None
    exact = _all_finds(haystack, needle)
    if exact:
        start = _nearest(exact, hint)
        return Located(start, start + len(needle), "exact", 100.0)

    hay_n, hay_map = normalise_with_map(haystack)
    needle_n = normalise(needle)
    if not needle_n:
        return None
    found = _all_finds(hay_n, needle_n)
    if found:
        pos = _nearest(found, None if hint is None else _to_norm(hay_map, hint))
        start = hay_map[pos]
        end = hay_map[pos + len(needle_n) - 1] + 1
        return Located(start, end, "normalised", 100.0)

    if not fuzzy or len(needle_n) < MIN_FUZZY_LEN:
        return None
    alignment = fuzz.partial_ratio_alignment(needle_n, hay_n, score_cutoff=threshold)
    if alignment is None:
        return None
    length = alignment.dest_end - alignment.dest_start
    if abs(length - len(needle_n)) > 0.25 * len(needle_n) or length == 0:
        return None
    start = hay_map[alignment.dest_start]
    end = hay_map[alignment.dest_end - 1] + 1
    start, end = _snap(haystack, start, end)
    return Located(start, end, "fuzzy", float(alignment.score))


def _to_norm(hay_map: list[int], offset: int) -> int:
    # Index in the normalised text of the first character at or after ``offset``.
    lo, hi = 0, len(hay_map)
    while lo < hi:
        mid = (lo + hi) // 2
        if hay_map[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


@lru_cache(maxsize=4096)
def whole_word(word: str) -> re.Pattern[str]:
    """``word`` as a whole word (no word character either side), compiled once: the rules ask
    about the same names many times, more distinct patterns than ``re``'s own cache keeps."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((t, whole_word(t)) for t in re.split(r"\W+", normalise(name)) if t)


def contains_name(haystack: str, name: str) -> bool:
    """True when every token of ``name`` (normalised) occurs as a word in ``haystack``."""
    hay = normalise(haystack)
    tokens = _name_tokens(name)
    # ``in`` first: most lines asked about lack the name, and a substring test is far cheaper.
    return bool(tokens) and all(t in hay and word.search(hay) for t, word in tokens)


_SENT_END = re.compile(r"(?<=[.!?…])[\"”’]?\s+(?=[\"“‘A-Z0-9])|\n\s*\n|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``[start, end)``."""
    s = 0
    for m in _SENT_END.finditer(text, 0, start):
        s = m.end()
    m2 = _SENT_END.search(text, end)
    e = m2.start() if m2 else len(text)
    return s, max(e, end)
