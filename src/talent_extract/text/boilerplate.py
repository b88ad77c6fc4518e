"""Boilerplate rules: which lines of a news page are not story.

The phrase lists and patterns live in ``data/boilerplate_id.json`` (documented in the file).
Pass extra rule files through :func:`load_rules` to extend them. The code here holds only the
generic machinery:

* *story guard*: a line with a sentence end and more than ``story_min_words`` words is story;
  only hard rules ("Baca juga:", "Penulis:", "Foto:", photo credits) and the trailing cut may
  remove it.
* *prefix rules*, *patterns* and *exact lines* (related links, author blocks, tags, ads, font
  controls, share buttons, footers).
* *nav*: a line of capitalised section names, or short items joined by ``|``/``•``/``»``.
* *section_label*: a line that is only a section name, before the first story line.
* *caption*: photo credit lines (``Foto : AFP``, ``... (Foto: Antara)``,
  ``... REUTERS/Nama``), and the nearest line directly before or after such a credit when it
  carries a positional cue in brackets (``(kanan)``, ``(kedua kiri)``, ``(ki-ka)``) or starts
  with a cue word (``Ilustrasi ...``). A caption is never recognised by its length alone.
* *trailing*: an end marker ("More From Author", "Leave a Reply", "Tinggalkan komentar", ...)
  and everything after it. Strong markers need a story line before them; weak ones
  ("Komentar") also need no story line after them.
* *duplicate_title*: a later line repeating the title; the first one is kept.
* *blank*: blank lines at the ends and those that would double up after a removal.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from talent_extract import data
from talent_extract.exceptions import ConfigurationError
from talent_extract.text.normalise import match_key
from talent_extract.text.patterns import alternation

__all__ = ["BoilerplateRules", "Line", "classify", "default_rules", "load_rules", "split_lines"]

# A sentence end: . ! ? or an ellipsis, optionally followed by closing quotes/brackets, then a
# space or the end of the line. Used by the story guard and to refuse colon-less soft prefix
# matches. (A line, not a text, is asked: does it read as a sentence? Splitting text into
# sentences is text/sentences.py's job.)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s|$)")
_LINE_END_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_NAV_FORBIDDEN = re.compile(r"[.,;:!?\"“”‘’()\[\]]")
_NAV_SEPARATORS = re.compile(r"\s*(?:\||•|·|»|›|>)\s*")
_NAV_ARROWS = ("»", "›", ">")
_LABEL_SEPARATORS = re.compile(r"\s*(?:/|>|»|›|\|)\s*")


# ----------------------------------------------------------------------------------------- rules


class _PrefixRule(NamedTuple):
    rule: str
    regex: re.Pattern[str]
    colon_required: bool
    hard: bool


class _PatternRule(NamedTuple):
    rule: str
    regex: re.Pattern[str]
    hard: bool


def _merge_patterns(entries: list[tuple[str, str, bool]]) -> tuple[_PatternRule, ...]:
    """Compile the pattern rules, joining consecutive entries of the same rule into one regex.

    Every line is searched with every pattern, so one alternation per rule instead of one regex
    per entry saves most of that work. A leading ``(?i)`` becomes a scoped ``(?i:...)``; the
    first rule that matches a line is still the one reported.
    """
    merged: list[tuple[str, list[str], bool]] = []
    for rule, regex, hard in entries:
        re.compile(regex)  # a bad entry is reported on its own
        part = f"(?i:{regex[4:]})" if regex.startswith("(?i)") else f"(?:{regex})"
        if merged and merged[-1][0] == rule and merged[-1][2] == hard:
            merged[-1][1].append(part)
        else:
            merged.append((rule, [part], hard))
    return tuple(
        _PatternRule(rule, re.compile("|".join(parts)), hard) for rule, parts, hard in merged
    )


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    """Compiled boilerplate rules. Build with :func:`load_rules`."""

    story_min_words: int
    prefix_rules: tuple[_PrefixRule, ...]
    patterns: tuple[_PatternRule, ...]
    exact_lines: Mapping[str, str]
    strong_end_markers: frozenset[str]
    weak_end_markers: frozenset[str]
    section_names: frozenset[str]
    section_tokens: frozenset[str]
    nav_min_tokens: int
    nav_min_hits: int
    nav_min_ratio: float
    bracket_credit: re.Pattern[str] | None
    agency_credit: re.Pattern[str] | None
    position_cue: re.Pattern[str] | None
    caption_start: re.Pattern[str] | None
    datelines: tuple[re.Pattern[str], ...]
    title_max_words: int
    title_max_chars: int


def _norm(line: str) -> str:
    return match_key(line)


def _alternation(phrases: Iterable[str]) -> str:
    return alternation(phrases, space=r"\s+", ignorecase=True)


def _str_list(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigurationError(f"boilerplate rules: '{key}' must be a list of strings")
    return list(value)


def _compile(values: Mapping[str, Any]) -> BoilerplateRules:
    try:
        checked = data.BoilerplateData.model_validate(dict(values)).model_dump()
        return _compile_unchecked(checked)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ConfigurationError(f"boilerplate rules are malformed: {exc}") from exc


def _compile_unchecked(data: Mapping[str, Any]) -> BoilerplateRules:
    prefix_rules: list[_PrefixRule] = []
    for entry in data.get("prefix_rules", []):
        phrases = _str_list(entry, "phrases")
        if not phrases:
            continue
        colon = entry.get("colon", "required")
        if colon not in ("required", "optional"):
            raise ConfigurationError("boilerplate rules: 'colon' must be 'required' or 'optional'")
        regex = re.compile(rf"(?:{_alternation(phrases)})(?!\w)", re.IGNORECASE)
        prefix_rules.append(
            _PrefixRule(str(entry["rule"]), regex, colon == "required", bool(entry.get("hard")))
        )
    patterns = _merge_patterns(
        [(str(e["rule"]), str(e["regex"]), bool(e.get("hard"))) for e in data.get("patterns", [])]
    )
    exact: dict[str, str] = {}
    for rule, lines in dict(data.get("exact_lines", {})).items():
        for line in _str_list({"lines": lines}, "lines"):
            exact[_norm(line).rstrip(":").strip()] = str(rule)
    markers = dict(data.get("end_markers", {}))
    sections = _str_list(data, "section_names")
    section_tokens = {tok.casefold() for name in sections for tok in name.split() if tok.isalpha()}
    agencies = _str_list(data, "photo_agencies")
    agency_names = alternation(agencies, space=r"\s+")  # case-sensitive: "REUTERS/Name"
    credit_words = _str_list(data, "photo_credit_words")
    cues = _str_list(data, "caption_position_cues")
    bracket_credit = (
        re.compile(rf"\(\s*(?:{_alternation(credit_words)})\.?\s*:[^()]{{1,120}}\)$", re.IGNORECASE)
        if credit_words
        else None
    )
    # AGENCY/Name at the very end of the line: up to four capitalised name words, no final stop.
    agency_credit = (
        re.compile(
            rf"(?:^|[\s.(,;])(?:{agency_names})\s*/\s*"
            r"[A-Z][^\s/()]{0,40}(?:\s+[A-Z][^\s/()]{0,40}){0,3}\)?$"
        )
        if agencies
        else None
    )
    position_cue = (
        re.compile(rf"\((?:[^()]{{0,40}}\s)?(?:{_alternation(cues)})(?:\s[^()]{{0,40}})?\)", re.I)
        if cues
        else None
    )
    starts = _str_list(data, "caption_start_cues")
    caption_start = (
        re.compile(rf"(?:{_alternation(starts)})(?!\w)", re.IGNORECASE) if starts else None
    )
    datelines = tuple(re.compile(p, re.IGNORECASE) for p in _str_list(data, "dateline_patterns"))
    return BoilerplateRules(
        story_min_words=int(data.get("story_min_words", 12)),
        prefix_rules=tuple(prefix_rules),
        patterns=patterns,
        exact_lines=exact,
        strong_end_markers=frozenset(_norm(m) for m in _str_list(markers, "strong")),
        weak_end_markers=frozenset(_norm(m) for m in _str_list(markers, "weak")),
        section_names=frozenset(_norm(s) for s in sections),
        section_tokens=frozenset(section_tokens),
        nav_min_tokens=int(data.get("nav_min_tokens", 8)),
        nav_min_hits=int(data.get("nav_min_hits", 4)),
        nav_min_ratio=float(data.get("nav_min_ratio", 0.3)),
        bracket_credit=bracket_credit,
        agency_credit=agency_credit,
        position_cue=position_cue,
        caption_start=caption_start,
        datelines=datelines,
        title_max_words=int(data.get("title_max_words", 25)),
        title_max_chars=int(data.get("title_max_chars", 250)),
    )


def _default_data() -> dict[str, Any]:
    return data.boilerplate().model_dump()


@functools.cache
def default_rules() -> BoilerplateRules:
    return _compile(_default_data())


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if key.startswith("_"):
            continue
        current = merged.get(key)
        if isinstance(current, list) and isinstance(value, list):
            merged[key] = current + value
        elif isinstance(current, dict) and isinstance(value, dict):
            merged[key] = _merge(current, value)
        else:
            merged[key] = value
    return merged


def load_rules(*extra: str | Path | Mapping[str, Any]) -> BoilerplateRules:
    """The default rules extended by ``extra`` JSON files (or already-parsed mappings).

    Extra files have the shape of ``data/boilerplate_id.json``: lists are appended to the defaults,
    other values replace them. Raises :class:`~talent_extract.exceptions.ConfigurationError` for an
    unreadable or malformed file.
    """
    if not extra:
        return default_rules()
    data = _default_data()
    for item in extra:
        if isinstance(item, Mapping):
            addition: Any = item
        else:
            try:
                addition = json.loads(Path(item).read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise ConfigurationError(f"cannot read boilerplate rules {item}: {exc}") from exc
        if not isinstance(addition, Mapping):
            raise ConfigurationError(f"boilerplate rules {item!r} must be a JSON object")
        data = _merge(data, addition)
    return _compile(data)


# ------------------------------------------------------------------------------------------- lines


@dataclass(slots=True)
class Line:
    start: int
    end: int
    content: str
    story: bool
    rule: str | None = None


def split_lines(source: str, rules: BoilerplateRules) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    for piece in source.splitlines(keepends=True):
        content = piece.strip()
        story = bool(
            content
            and len(content.split()) > rules.story_min_words
            and _SENTENCE_END.search(content)
        )
        lines.append(Line(offset, offset + len(piece), content, story))
        offset += len(piece)
    return lines


def _prefix_rule(line: Line, rules: BoilerplateRules) -> str | None:
    for prefix in rules.prefix_rules:
        match = prefix.regex.match(line.content)
        if match is None:
            continue
        rest = line.content[match.end() :].lstrip()
        has_colon = rest.startswith((":", "："))
        if rest and not has_colon:
            # Without a colon: only optional-colon rules, and soft ones not on a sentence.
            if prefix.colon_required:
                continue
            if not prefix.hard and _LINE_END_SENTENCE.search(rest):
                continue
        if prefix.hard or not line.story:
            return prefix.rule
    return None


def _is_nav(line: Line, rules: BoilerplateRules) -> bool:
    content = line.content
    items = [item for item in _NAV_SEPARATORS.split(content) if item]
    min_items = 3 if any(arrow in content for arrow in _NAV_ARROWS) else 4
    if len(items) >= min_items and all(
        len(item.split()) <= 3 and item[0].isupper() and not _NAV_FORBIDDEN.search(item)
        for item in items
    ):
        return True
    tokens = content.split()
    if len(tokens) < rules.nav_min_tokens or _NAV_FORBIDDEN.search(content):
        return False
    hits = 0
    for token in tokens:
        letters = [ch for ch in token if ch.isalpha()]
        if not letters:
            continue
        if not letters[0].isupper():
            return False
        if token.casefold() in rules.section_tokens:
            hits += 1
    return hits >= rules.nav_min_hits and hits >= rules.nav_min_ratio * len(tokens)


def _line_rule(line: Line, rules: BoilerplateRules) -> str | None:
    """The rule removing this line on its own (without looking at its neighbours), if any."""
    content = line.content
    rule = _prefix_rule(line, rules)
    if rule is not None:
        return rule
    if rules.bracket_credit is not None and rules.bracket_credit.search(content):
        return "caption"
    if (
        rules.agency_credit is not None
        and content[-1] not in ".!?,;:"
        and len(content.split()) <= 30
        and rules.agency_credit.search(content)
    ):
        return "caption"
    for pattern in rules.patterns:
        if (pattern.hard or not line.story) and pattern.regex.search(content):
            return pattern.rule
    if line.story:
        return None
    exact = rules.exact_lines.get(_norm(content).rstrip(":").strip())
    if exact is not None:
        return exact
    if _is_nav(line, rules):
        return "nav"
    return None


def _is_section_label(content: str, rules: BoilerplateRules) -> bool:
    norm = _norm(content)
    if norm in rules.section_names:
        return True
    parts = [p for p in _LABEL_SEPARATORS.split(norm) if p]
    return len(parts) > 1 and all(p in rules.section_names for p in parts)


def _has_caption_cue(content: str, rules: BoilerplateRules) -> bool:
    return bool(
        (rules.position_cue is not None and rules.position_cue.search(content))
        or (rules.caption_start is not None and rules.caption_start.match(content))
    )


def _mark_captions(lines: list[Line], rules: BoilerplateRules) -> None:
    nonblank = [i for i, line in enumerate(lines) if line.content]
    credits = [k for k, i in enumerate(nonblank) if lines[i].rule == "caption"]
    for k in credits:
        for neighbour in (k - 1, k + 1):
            if 0 <= neighbour < len(nonblank):
                line = lines[nonblank[neighbour]]
                if line.rule is None and _has_caption_cue(line.content, rules):
                    line.rule = "caption"


def _mark_trailing(lines: list[Line], rules: BoilerplateRules) -> None:
    story_after = [False] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        story_after[index] = story_after[index + 1] or lines[index].story
    seen_story = False
    for index, line in enumerate(lines):
        if line.story and line.rule is None:
            seen_story = True
            continue
        if not seen_story or not line.content:
            continue
        norm = _norm(line.content).rstrip(":").strip()
        strong = norm in rules.strong_end_markers
        weak = norm in rules.weak_end_markers
        if weak and not strong:
            weak = not story_after[index + 1]
        if strong or weak:
            for later in lines[index:]:
                later.rule = "trailing"
            return


def _find_title(lines: list[Line], rules: BoilerplateRules) -> str | None:
    for line in lines:
        if not line.content or line.rule is not None:
            continue
        if any(p.search(line.content) for p in rules.datelines):
            continue
        if (
            line.story
            or line.content.endswith(".")
            or len(line.content.split()) > rules.title_max_words
            or len(line.content) > rules.title_max_chars
        ):
            return None
        return line.content
    return None


def classify(lines: list[Line], rules: BoilerplateRules) -> str | None:
    """Set ``rule`` on every line to remove; return the title."""
    for line in lines:
        if line.content:
            line.rule = _line_rule(line, rules)
    _mark_captions(lines, rules)
    _mark_trailing(lines, rules)
    for line in lines:
        if line.story and line.rule is None:
            break
        if line.content and line.rule is None and _is_section_label(line.content, rules):
            line.rule = "section_label"
    title = _find_title(lines, rules)
    if title is not None:
        key = _norm(title)
        first = True
        for line in lines:
            if line.rule is None and line.content and _norm(line.content) == key:
                if not first:
                    line.rule = "duplicate_title"
                first = False
    # Blank lines: drop them at both ends and wherever they would follow another blank or nothing.
    last_kept = max((i for i, ln in enumerate(lines) if ln.content and ln.rule is None), default=-1)
    previous_blank = True
    for index, line in enumerate(lines):
        if line.rule is not None:
            continue
        if line.content:
            previous_blank = False
        elif previous_blank or index > last_kept:
            line.rule = "blank"
        else:
            previous_blank = True
    return title
