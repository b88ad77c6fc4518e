"""Page cleaning: strip what Indonesian news pages wrap around a story, keeping exact offsets.

:func:`clean_article` turns the text a user passed into the story text the model reads.

Offsets
    Cleaning only ever *deletes* whole lines (and runs of blank lines); it never edits a character
    of a kept line. The cleaned :attr:`CleanArticle.text` is therefore a concatenation of slices of
    :attr:`CleanArticle.source`, recorded in :attr:`CleanArticle.segments`, and a span of the
    cleaned text maps back exactly with :meth:`CleanArticle.to_source`.

    ``source`` is the text offsets refer to: for plain-text input it is the input itself; for HTML
    input it is the plain text trafilatura extracted from the page. **Offsets of HTML input refer
    to that extracted text**, which the :class:`~talent_extract.Extraction` returns as its ``text``.

Rules
    Which lines are boilerplate is decided by :mod:`talent_extract.text.boilerplate` (the rules
    and their data file, ``data/boilerplate_id.json``); this module checks the input, turns an
    HTML page into text, and assembles the kept lines with their offsets.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from talent_extract.exceptions import InputError, NoStoryError
from talent_extract.text.boilerplate import (
    BoilerplateRules,
    Line,
    classify,
    default_rules,
    load_rules,
    split_lines,
)
from talent_extract.text.check import check_encoding, not_text_hint

__all__ = [
    "BoilerplateRules",
    "CleanArticle",
    "Removal",
    "Segment",
    "clean_article",
    "load_rules",
    "looks_like_html",
]

_HTML_HINT = re.compile(r"(?i)<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]")
_HTML_TAG = re.compile(
    r"(?i)</?(?:p|div|article|section|span|a|br|h[1-6]|ul|ol|li|main|header|footer|nav|"
    r"figure|figcaption|img|table|meta|script|style)(?:\s[^<>]{0,500})?/?>"
)
_BINARY_RATIO = 0.25
_HTML_MIN_TAGS = 2


class Segment(NamedTuple):
    """``text[clean_start:clean_start+length] == source[source_start:source_start+length]``."""

    clean_start: int
    source_start: int
    length: int


class Removal(NamedTuple):
    """A stretch ``source[start:end]`` that cleaning removed, and the rule that removed it."""

    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """The cleaned story text of an article, with the mapping back to :attr:`source`.

    Attributes:
        source: The text all offsets refer to: the input itself for plain text; for HTML input, the
            plain text trafilatura extracted from the page.
        text: The cleaned story text: a concatenation of slices of ``source``.
        segments: The slices, in order: for a span inside one segment
            ``source[s:e] == text[cs:ce]``.
        removed: Every stretch of ``source`` left out of ``text``, with the rule that removed it.
            ``segments`` and ``removed`` together cover ``source`` exactly.
        title: The headline when recognisable (first non-boilerplate short line), else None. For
            HTML input whose extracted text starts without one, the page's metadata title.
        is_html: Whether the input was treated as an HTML page.
    """

    source: str
    text: str
    segments: tuple[Segment, ...]
    removed: tuple[Removal, ...]
    title: str | None
    is_html: bool

    def to_source(self, start: int, end: int) -> tuple[int, int] | None:
        """Map the span ``text[start:end]`` to ``source`` offsets.

        Returns None when the span is out of range or crosses a removed region (the caller then
        falls back, e.g. to searching the source). Otherwise ``source[s:e] == text[start:end]``.
        """
        return _map_span(self.segments, start, end, from_clean=True)

    def to_clean(self, start: int, end: int) -> tuple[int, int] | None:
        """Map the span ``source[start:end]`` to ``text`` offsets; None if any of it was removed."""
        return _map_span(self.segments, start, end, from_clean=False)


def _map_span(
    segments: tuple[Segment, ...], start: int, end: int, *, from_clean: bool
) -> tuple[int, int] | None:
    if start < 0 or end < start or not segments:
        return None
    starts = [seg.clean_start if from_clean else seg.source_start for seg in segments]
    # bisect_right: an empty span at a segment's start maps into that segment, one at the very end
    # of the last segment into the last one; a span reaching into a removed gap fails below.
    index = bisect.bisect_right(starts, start) - 1
    if index < 0:
        return None
    seg = segments[index]
    base = seg.clean_start if from_clean else seg.source_start
    other = seg.source_start if from_clean else seg.clean_start
    if end > base + seg.length:
        return None
    return other + (start - base), other + (end - base)


# ------------------------------------------------------------------------------------------- input


_ASCII_SPACE = "\t\n\r\f\v "
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def visible_and_control(text: str) -> tuple[int, int]:
    """(visible characters, control characters) of ``text``.

    Visible: not whitespace, not a separator (Z*) nor a format character (Cf). Control: a visible
    character of category C* or U+FFFD. ASCII is counted with C-speed string methods and only the
    other characters are looked up one by one (news text is mostly ASCII).
    """
    others = _NON_ASCII.findall(text)
    visible = len(text) - len(others) - sum(text.count(ch) for ch in _ASCII_SPACE)
    control = len(_ASCII_CONTROL.findall(text))
    for ch in others:
        category = unicodedata.category(ch)
        if category[0] == "Z" or category == "Cf":
            continue
        visible += 1
        if category[0] == "C" or ch == "\ufffd":
            control += 1
    return visible, control


def _check_text(raw: object) -> str:
    if not isinstance(raw, str):
        hint = not_text_hint(raw)
        raise InputError(f"article text must be a str, got {type(raw).__name__}{hint}")
    check_encoding(raw)
    visible, control = visible_and_control(raw)
    if visible == 0:
        raise InputError("article text is empty")
    if "\x00" in raw or control > _BINARY_RATIO * visible:
        raise InputError("article looks like binary data")
    return raw


def looks_like_html(raw: str) -> bool:
    """True when ``raw`` is an HTML page (or a fragment with at least two tags)."""
    head = raw.lstrip("\ufeff \t\r\n")
    if _HTML_HINT.search(raw[:5000]) or (head.startswith("<") and _HTML_TAG.match(head)):
        return True
    tags = itertools.islice(_HTML_TAG.finditer(raw), _HTML_MIN_TAGS)
    return sum(1 for _ in tags) >= _HTML_MIN_TAGS


def _extract_html(raw: str) -> tuple[str, str | None]:
    """The story text trafilatura finds in an HTML page, and the page's metadata title."""
    try:
        import trafilatura

        text = trafilatura.extract(
            raw, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura/lxml errors on odd markup: report as bad input
        raise NoStoryError(f"no story text found in the HTML page ({exc})") from exc
    if not isinstance(text, str) or not text.strip():
        raise NoStoryError(
            "no story text found in the HTML page (only navigation, scripts or markup)"
        )
    title: str | None = None
    try:
        meta = trafilatura.extract_metadata(raw)
        found = getattr(meta, "title", None)
        if isinstance(found, str) and found.strip():
            title = found.strip()
    except Exception:  # the metadata title is optional
        title = None
    return text, title


def _assemble(source: str, lines: list[Line]) -> tuple[str, list[Segment], list[Removal]]:
    pieces: list[str] = []
    segments: list[Segment] = []
    removed: list[Removal] = []
    clean_len = 0
    for line in lines:
        if line.start == line.end:
            continue
        if line.rule is not None:
            if removed and removed[-1].end == line.start and removed[-1].rule == line.rule:
                removed[-1] = Removal(removed[-1].start, line.end, line.rule)
            else:
                removed.append(Removal(line.start, line.end, line.rule))
            continue
        length = line.end - line.start
        pieces.append(source[line.start : line.end])
        last = segments[-1] if segments else None
        if last is not None and last.source_start + last.length == line.start:
            segments[-1] = Segment(last.clean_start, last.source_start, last.length + length)
        else:
            segments.append(Segment(clean_len, line.start, length))
        clean_len += length
    return "".join(pieces), segments, removed


def clean_article(raw: str, *, rules: BoilerplateRules | None = None) -> CleanArticle:
    """Clean one article (plain text or an HTML page) for the model.

    Args:
        raw: The article as the user passed it.
        rules: Boilerplate rules; the bundled Indonesian rules when None (see :func:`load_rules`).

    Returns:
        A :class:`CleanArticle`. For plain text ``source`` is ``raw``; for HTML input ``source`` is
        the text trafilatura extracted, and all offsets refer to it.

    Raises:
        InputError: the text is empty or looks like binary data;
            :class:`~talent_extract.exceptions.EncodingError` when it was decoded with the wrong
            encoding (see :func:`talent_extract.text.check.check_encoding`);
            :class:`~talent_extract.exceptions.NoStoryError` for an HTML page without story
            text or a text that is nothing but boilerplate. Nothing else is raised for any
            ``str``.
    """
    text = _check_text(raw)
    active = rules if rules is not None else default_rules()
    is_html = looks_like_html(text)
    meta_title: str | None = None
    source = text
    if is_html:
        source, meta_title = _extract_html(text)
    lines = split_lines(source, active)
    title = classify(lines, active)
    cleaned, segments, removed = _assemble(source, lines)
    if not cleaned.strip():
        where = "in the HTML page" if is_html else "after removing boilerplate"
        raise NoStoryError(f"no story text found {where}")
    if title is None and is_html:
        title = meta_title
    return CleanArticle(
        source=source,
        text=cleaned,
        segments=tuple(segments),
        removed=tuple(removed),
        title=title,
        is_html=is_html,
    )
