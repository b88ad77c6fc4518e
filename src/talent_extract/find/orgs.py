"""Organisations named in an article: the table in ``data/orgs.json`` and its look-ups.

:class:`OrgTable` is the table in ``data/orgs.json`` (plus an optional user file, see
:func:`load_org_table`): :func:`canonical_org` maps a free-text org mention ("kantor OpenAI di
Swiss", "MSL", "startup Foo") to an :class:`OrgRef`; :func:`org_name` gives just the canonical
name; :func:`find_orgs` lists every known org written in a text.

Everything here is pure: no I/O beyond reading the data files, no network, no model.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from talent_extract import data
from talent_extract.exceptions import ConfigurationError
from talent_extract.text.normalise import name_key
from talent_extract.text.patterns import alternation

__all__ = [
    "ARTICLE_ORGS",
    "ORGS_ENV_VAR",
    "OrgEntry",
    "OrgMention",
    "OrgRef",
    "OrgTable",
    "canonical_org",
    "default_org_table",
    "find_orgs",
    "load_org_table",
    "org_name",
]

ORGS_ENV_VAR = "TALENT_EXTRACT_ORGS"
"""Environment variable naming an extra org file (same shape as ``data/orgs.json``)."""

# Small words inside an organisation's name before a place: "University of Toronto".
_NAME_JOINS = frozenset({"of", "for", "de", "del", "della", "du", "van", "von"})


def _str_list(values: Mapping[str, Any], key: str, source: str) -> list[str]:
    value = values.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigurationError(f"{source}: '{key}' must be a list of strings")
    return list(value)


@functools.cache
def _places() -> frozenset[str]:
    """Place names (``data/names_id.json``), stripped from the end of an unknown org's name."""
    return frozenset(p.casefold() for p in data.names().places)


@dataclass(frozen=True, slots=True)
class OrgRef:
    """What an org mention refers to: canonical ``org``, optional ``unit``, and the text matched.

    For a known org ``matched`` is the alias as it appears in the mention ("MSL"); for an unknown
    org it is the cleaned name, which is also ``org``.
    """

    org: str
    unit: str | None = None
    matched: str = ""


_FOUND_CACHE = 256  # texts whose org mentions a table keeps (a batch's articles come and go)

# Organisations one article introduces that no table knows ("startup AI Windsurf", "CEO
# Windsurf"): set around that article's grounding (talent_extract.ground.new_orgs), reported by
# every find() as written. A context variable, so concurrent articles never see each other's.
ARTICLE_ORGS: ContextVar[tuple[str, ...]] = ContextVar("talent_extract_article_orgs", default=())


@lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{alternation(names)})(?![^\W_])")


def _with_article_orgs(found: list[OrgMention], text: str) -> list[OrgMention]:
    """``found`` and the article's own organisations written in ``text``, outside ``found``."""
    names = ARTICLE_ORGS.get()
    if not names:
        return found
    extra = [
        OrgMention(m.start(), m.end(), m.group(), m.group())
        for m in _names_pattern(names).finditer(text)
        if not any(o.start < m.end() and m.start() < o.end for o in found)
    ]
    return sorted([*found, *extra], key=lambda o: o.start) if extra else found


@dataclass(frozen=True, slots=True)
class OrgMention:
    """A known org written in a text: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    org: str
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class OrgEntry:
    """One organisation of the table (see the ``_doc`` of ``data/orgs.json``)."""

    name: str
    aliases: tuple[str, ...]
    units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    parent: str | None = None


def _is_caps_alias(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


class OrgTable:
    """Canonical organisations, their aliases and units; built by :func:`load_org_table`."""

    def __init__(
        self,
        entries: Sequence[OrgEntry],
        *,
        prefixes: Iterable[str] = (),
        suffixes: Iterable[str] = (),
        generic: Iterable[str] = (),
    ) -> None:
        self.entries: dict[str, OrgEntry] = {e.name: e for e in entries}
        self.prefixes = sorted({p.strip() for p in prefixes if p.strip()}, key=len, reverse=True)
        self.suffixes = sorted({s.strip() for s in suffixes if s.strip()}, key=len, reverse=True)
        self.generic = frozenset(name_key(g) for g in generic) | {""}
        prefix_body = alternation(self.prefixes, ignorecase=True)
        suffix_body = alternation(self.suffixes, ignorecase=True)
        self._prefix_re = re.compile(rf"^(?:{prefix_body})\s+", re.IGNORECASE)
        self._suffix_re = re.compile(rf",?\s+(?:{suffix_body})$", re.IGNORECASE)
        self._exact: dict[str, tuple[str, str | None]] = {}
        # casefolded alias -> (org, unit, the spellings the table gives for it)
        self._scan: dict[str, tuple[str, str | None, frozenset[str]]] = {}
        for entry in entries:
            self._exact[entry.name.casefold()] = (entry.name, None)
            named: list[tuple[str | None, str]] = [(None, a) for a in entry.aliases]
            named += [(unit, a) for unit, aliases in entry.units.items() for a in aliases]
            for unit, alias in named:
                folded = alias.casefold()
                self._exact[folded] = (entry.name, unit)
                previous = self._scan.get(folded)
                spellings = {alias}
                if previous is not None and previous[:2] == (entry.name, unit):
                    spellings |= previous[2]
                self._scan[folded] = (entry.name, unit, frozenset(spellings))
        body = alternation(self._scan, ignorecase=True)
        self._pattern = re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", re.IGNORECASE)
        # find()'s answers by (text, strict): the candidates and the people finder read the same
        # article, and grounding the same sentences, again. The table never changes once made.
        self._found: dict[tuple[str, bool], tuple[OrgMention, ...]] = {}

    @property
    def names(self) -> list[str]:
        """Canonical org names, in table order."""
        return list(self.entries)

    def parent(self, org: str) -> str | None:
        """The parent company recorded for a canonical org ("Twitch" -> "Amazon"), if any."""
        entry = self.entries.get(org)
        return entry.parent if entry else None

    def begins_alias(self, words: str) -> bool:
        """Whether ``words`` are the first words of a longer alias ("Scale" of "Scale AI")."""
        prefix = " ".join(words.split()).casefold() + " "
        return any(alias.startswith(prefix) for alias in self._scan)

    def lookup(self, alias: str) -> OrgRef | None:
        """Exact (case-insensitive) alias lookup, no cleaning or searching."""
        hit = self._exact.get(" ".join(alias.split()).casefold())
        if hit is None:
            return None
        return OrgRef(org=hit[0], unit=hit[1], matched=alias.strip())

    def find(self, text: str, *, strict: bool = True) -> list[OrgMention]:
        """Every known alias written in ``text``: leftmost-longest, word-bounded, non-overlapping.

        With ``strict`` (running text) an alias must not be written all in lowercase ("meta" is
        not Meta) and an all-capitals alias must be written so ("fair" is not FAIR); without it
        (a short mention an LLM returned) only the all-capitals rule holds.
        """
        known = self._found.get((text, strict))
        if known is None:
            if len(self._found) >= _FOUND_CACHE:
                self._found.clear()
            known = self._found[(text, strict)] = tuple(self._find(text, strict))
        return _with_article_orgs(list(known), text)

    def _find(self, text: str, strict: bool) -> list[OrgMention]:
        found: list[OrgMention] = []
        for match in self._pattern.finditer(text):
            surface = match.group()
            hit = self._scan.get(surface.casefold())
            if hit is None:  # pragma: no cover - the pattern only matches table aliases
                continue
            org, unit, spellings = hit
            if surface not in spellings:
                if all(_is_caps_alias(alias) for alias in spellings):
                    continue
                if strict and surface == surface.lower() and all(a != a.lower() for a in spellings):
                    continue
            found.append(OrgMention(match.start(), match.end(), surface, org, unit))
        return found

    def canonical(self, name: str) -> OrgRef | None:
        """See :func:`canonical_org`."""
        phrase = _clean_phrase(name)
        if not phrase:
            return None
        exact = self.lookup(phrase)
        if exact is not None:
            return exact
        if name_key(phrase) in self.generic:
            return None
        mentions = self.find(phrase, strict=False)
        if mentions:
            best = self._most_specific(mentions)
            return OrgRef(org=best.org, unit=best.unit, matched=best.surface)
        cleaned = self._strip_descriptors(phrase)
        if not cleaned or name_key(cleaned) in self.generic:
            return None
        tokens = cleaned.split()
        if not any(
            any(ch.isupper() or ch.isdigit() for ch in tok) and name_key(tok) not in self.generic
            for tok in tokens
        ):
            return None
        return OrgRef(org=cleaned, unit=None, matched=cleaned)

    def _most_specific(self, mentions: Sequence[OrgMention]) -> OrgMention:
        best = mentions[0]
        for other in mentions[1:]:
            same_org_unit = other.org == best.org and best.unit is None and other.unit is not None
            if same_org_unit or self.parent(other.org) == best.org:
                best = other
        return best

    def _strip_descriptors(self, phrase: str) -> str:
        """'kantor riset Foo Labs di Swiss' -> 'Foo Labs': descriptors, legal forms, places."""
        text = re.sub(r"\s+(?:di|in|at|yang|berbasis)\s.*$", "", phrase, flags=re.IGNORECASE)
        places = _places()
        changed = True
        while changed and text:
            before = text
            text = self._prefix_re.sub("", text, count=1).strip()
            text = self._suffix_re.sub("", text, count=1).strip()
            words = text.split()
            # "Foo Labs Jakarta" -> "Foo Labs"; a place after a joining word is part of the name
            # ("University of Toronto", "Bank of America").
            joined = len(words) > 2 and words[-2].casefold() in _NAME_JOINS
            if len(words) > 1 and words[-1].casefold() in places and not joined:
                text = " ".join(words[:-1])
            changed = text != before
        return text.strip(" ,.;:-")


def _clean_phrase(name: str) -> str:
    text = " ".join(name.split())
    return text.strip(" \t\"'“”‘’«»()[]{}.,;:!?-–—")


def _merge_org_data(base: dict[str, Any], extra: Mapping[str, Any], source: str) -> None:
    for key in ("prefixes", "suffixes", "generic"):
        base[key] = [*_str_list(base, key, "orgs.json"), *_str_list(extra, key, source)]
    raw_orgs = extra.get("orgs", [])
    if not isinstance(raw_orgs, list):
        raise ConfigurationError(f"{source}: 'orgs' must be a list of entries")
    orgs: list[dict[str, Any]] = base.setdefault("orgs", [])
    for raw in raw_orgs:
        entry = _validate_entry(raw, source)
        keys = {entry["name"].casefold(), *(a.casefold() for a in entry["aliases"])}
        target = next((o for o in orgs if o["name"].casefold() in keys), None)
        if target is None:
            orgs.append(entry)
            continue
        target["aliases"] = [*target.get("aliases", []), *entry["aliases"]]
        units: dict[str, list[str]] = dict(target.get("units", {}))
        for unit, aliases in entry["units"].items():
            units[unit] = [*units.get(unit, []), *aliases]
        target["units"] = units
        if entry.get("parent"):
            target["parent"] = entry["parent"]


def _validate_entry(raw: object, source: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ConfigurationError(f"{source}: every org entry needs a non-empty string 'name'")
    name = raw["name"].strip()
    aliases = _str_list(raw, "aliases", f"{source} ({name})")
    units_raw = raw.get("units", {})
    if not isinstance(units_raw, dict):
        raise ConfigurationError(f"{source} ({name}): 'units' must map a unit name to aliases")
    units: dict[str, list[str]] = {}
    for unit, unit_aliases in units_raw.items():
        if not isinstance(unit, str) or not isinstance(unit_aliases, list):
            raise ConfigurationError(f"{source} ({name}): 'units' must map a unit name to aliases")
        if not all(isinstance(a, str) for a in unit_aliases):
            raise ConfigurationError(f"{source} ({name}): unit aliases must be strings")
        units[unit] = list(unit_aliases)
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ConfigurationError(f"{source} ({name}): 'parent' must be a string")
    return {"name": name, "aliases": aliases, "units": units, "parent": parent}


def _read_user_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"cannot read org file {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"org file {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"org file {path} must hold a JSON object like data/orgs.json")
    return data


def _build_table(extra_files: Sequence[Path]) -> OrgTable:
    packaged = data.orgs()
    merged: dict[str, Any] = {
        "prefixes": list(packaged.prefixes),
        "suffixes": list(packaged.suffixes),
        "generic": list(packaged.generic),
        "orgs": [],
    }
    _merge_org_data(merged, {"orgs": [o.model_dump() for o in packaged.orgs]}, "orgs.json")
    for path in extra_files:
        _merge_org_data(merged, _read_user_file(path), str(path))
    entries = [
        OrgEntry(
            name=o["name"],
            aliases=tuple(dict.fromkeys([o["name"], *o["aliases"]])),
            units={u: tuple(a) for u, a in o["units"].items()},
            parent=o.get("parent"),
        )
        for o in merged["orgs"]
    ]
    return OrgTable(
        entries, prefixes=merged["prefixes"], suffixes=merged["suffixes"], generic=merged["generic"]
    )


def load_org_table(extra_path: Path | None = None) -> OrgTable:
    """The built-in org table, extended by the file named in ``$TALENT_EXTRACT_ORGS`` (if set) and
    then by ``extra_path`` (if given). Later files win where an alias is claimed twice.

    Raises :class:`~talent_extract.exceptions.ConfigurationError` for an unreadable or malformed
    file.
    """
    files: list[Path] = []
    env = os.environ.get(ORGS_ENV_VAR, "").strip()
    if env:
        files.append(Path(env))
    if extra_path is not None:
        files.append(Path(extra_path))
    return _build_table(files)


@lru_cache(maxsize=8)
def _cached_table(env_value: str) -> OrgTable:
    return _build_table([Path(env_value)] if env_value else [])


def default_org_table() -> OrgTable:
    """The table :func:`canonical_org` and :func:`find_orgs` use when given none (cached per value
    of ``$TALENT_EXTRACT_ORGS``)."""
    return _cached_table(os.environ.get(ORGS_ENV_VAR, "").strip())


def canonical_org(name: str, table: OrgTable | None = None) -> OrgRef | None:
    """Map a free-text org mention to its canonical organisation.

    * an alias, any case: ``"facebook"`` -> Meta; ``"MSL"`` -> Meta, unit "Superintelligence Labs";
    * a phrase holding a known org: ``"kantor OpenAI di Swiss"``, ``"divisi riset Meta"`` -> the
      org; ``"tim Superalignment OpenAI"`` -> OpenAI with unit "Superalignment" (a named unit in
      the table is kept; a subsidiary beats its parent: ``"Amazon Twitch"`` -> Twitch);
    * an unknown org: descriptors stripped, ``"startup Lightcast"`` -> ``OrgRef("Lightcast")``;
    * ``None`` only for empty or generic input: ``"pesaing"``, ``"perusahaan lain"``.
    """
    return (table or default_org_table()).canonical(name)


def org_name(name: str | None, table: OrgTable | None = None) -> str | None:
    """The canonical name of the organisation ``name`` mentions (see :func:`canonical_org`), or
    None for an empty or generic mention: how the review layer keys organisations."""
    if not name or not name.strip():
        return None
    ref = canonical_org(name, table)
    return ref.org if ref else None


def find_orgs(text: str, table: OrgTable | None = None) -> list[OrgMention]:
    """Every known org alias written in ``text`` (see :meth:`OrgTable.find`), sorted by start."""
    return (table or default_org_table()).find(text)
