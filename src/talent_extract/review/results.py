"""A list of results for notebooks and reports, and reading it back from JSONL.

:class:`Results` is a plain list of :class:`~talent_extract.BatchResult` or
:class:`~talent_extract.Extraction` objects that displays itself as a compact table in a notebook.
:func:`read_results` rebuilds one from the JSONL that ``talent-extract extract`` prints and
``talent-extract run`` writes (``results.jsonl``), or from ``Extraction.model_dump_json()`` lines.

Those rows hold the records and their evidence offsets, not the article text (except the last
form). The text is looked up so that the evidence can be shown in place, and a candidate is only
accepted when it is provably the text the offsets refer to: its SHA-256 equals the row's
``text_hash`` (when the row has one) and every record's ``evidence.text`` is found at its offsets.
Where the text comes from, in order:

1. the row's own ``text`` (an ``Extraction`` dump);
2. a result :class:`~talent_extract.Store` (``store=``), by the row's ``text_hash``, model, prompt
   and schema version: this covers articles from feeds, URLs and stdin;
3. files: the row's ``article_id`` as a path (relative to the current directory or to the JSONL
   file's folder), then ``<name>``, ``<name>.txt``, ``<name>.html``, ``<name>.htm`` in each folder
   of ``articles`` (default: the JSONL file's folder and a sibling ``articles`` folder, the layout
   of ``examples/``), where ``<name>`` is the row's ``article`` and the file name of its
   ``article_id``. A file is read as the pipeline reads it (HTML is converted to text the same way).

A row whose text is found nowhere, a line that is not JSON and a row that is not a valid result
become failures in the list (type ``TextNotFound`` or ``InputError``, with the file and line), so
one bad row never hides the others and nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from talent_extract.batch.runner import BatchResult
from talent_extract.batch.store import Failure, ResultKey, Store, text_hash
from talent_extract.exceptions import InputError, TalentExtractError
from talent_extract.records import Departure, Extraction, Offer, Quote

__all__ = ["Entry", "ResultItem", "Results", "entries", "read_results"]

ResultItem = BatchResult | Extraction
"""What the report and aggregation functions accept: batch results or bare extractions."""

_TEXT_SUFFIXES = ("", ".txt", ".html", ".htm")


class Results(list[ResultItem]):
    """A list of :class:`~talent_extract.BatchResult` / :class:`~talent_extract.Extraction` that
    shows a compact table (one row per article) when displayed in a notebook.

    ``Results(extract_many(articles))`` collects a batch; :func:`read_results` reads one back.
    """

    def __repr__(self) -> str:
        # The default would print every article's full text.
        failed = len(self.failures)
        return f"Results({len(self)} items: {len(self) - failed} ok, {failed} failed)"

    @property
    def ok(self) -> list[Extraction]:
        """The extractions, without failures."""
        return [e.extraction for e in entries(self) if e.extraction is not None]

    @property
    def failures(self) -> list[BatchResult]:
        """The failed items (extraction failures and rows that could not be read)."""
        return [item for item in self if isinstance(item, BatchResult) and item.failure]


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a result list with a label unique in the list (for anchors and sources)."""

    index: int
    label: str
    extraction: Extraction | None
    failure: Failure | None
    cached: bool


def entries(results: Iterable[ResultItem]) -> list[Entry]:
    """Label every item: its article id, else the start of its text hash, else its position.

    A label used twice gets `` (2)``, `` (3)``... so that labels identify items.
    """
    out: list[Entry] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(results):
        extraction: Extraction | None
        failure: Failure | None
        if isinstance(item, Extraction):
            base = item.article_id or f"article {i + 1}"
            extraction, failure, cached = item, None, False
        elif isinstance(item, BatchResult):
            ident = item.article_id or (item.extraction.article_id if item.extraction else None)
            base = ident or (item.text_hash[:16] if item.text_hash else f"article {i + 1}")
            extraction, failure, cached = item.extraction, item.failure, item.cached
        else:
            raise InputError(
                f"results must be Extraction or BatchResult objects, not {type(item).__name__}"
            )
        seen[base] = seen.get(base, 0) + 1
        label = base if seen[base] == 1 else f"{base} ({seen[base]})"
        out.append(Entry(i, label, extraction, failure, cached))
    return out


# ---------------------------------------------------------------------------------- reading


def read_results(
    paths: str | Path | Sequence[str | Path],
    *,
    articles: Sequence[str | Path] | None = None,
    store: Store | str | Path | None = None,
) -> Results:
    """Read result JSONL files (``extract`` output, ``run``'s ``results.jsonl``, or
    ``Extraction`` dumps) into :class:`Results`, finding each article's text (module docstring).

    Raises :class:`~talent_extract.exceptions.InputError` when a file cannot be read at all;
    problems of single rows become failures in the list.
    """
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    own_store = isinstance(store, str | Path)
    opened: Store | None = Store(store) if isinstance(store, str | Path) else store
    try:
        out = Results()
        for path in files:
            dirs = (
                [Path(a) for a in articles]
                if articles is not None
                else [path.parent, path.parent.parent / "articles"]
            )
            finder = _TextFinder(path, dirs, opened)
            for where, row in _rows(path):
                out.append(_item(where, row, finder))
        return out
    finally:
        if own_store and opened is not None:
            opened.close()


def _rows(path: Path) -> Iterator[tuple[str, Any]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, exc


def _failed(where: str, ident: str | None, hash_: str, type_: str, message: str) -> BatchResult:
    return BatchResult(ident or where, hash_, None, Failure(type_, message, 0), cached=False)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _item(where: str, row: Any, finder: _TextFinder) -> BatchResult:
    if isinstance(row, json.JSONDecodeError):
        return _failed(where, None, "", "InputError", f"{where}: not JSON ({row.msg})")
    if not isinstance(row, dict):
        return _failed(where, None, "", "InputError", f"{where}: not a JSON object")
    ident = _str_or_none(row.get("article_id")) or _str_or_none(row.get("article"))
    hash_ = _str_or_none(row.get("text_hash")) or ""
    cached = row.get("cached") is True
    failure = row.get("failure")
    if isinstance(failure, dict):
        attempts = failure.get("attempts")
        return BatchResult(
            ident or where,
            hash_,
            None,
            Failure(
                str(failure.get("type") or "Failure"),
                str(failure.get("message") or ""),
                attempts if isinstance(attempts, int) else 0,
            ),
            cached=cached,
        )
    fields = {k: row.get(k) for k in ("departures", "offers", "quotes", "published", "meta")}
    fields = {k: v for k, v in fields.items() if v is not None}
    try:
        # Validated first without the text, so a malformed row is reported as such.
        probe = Extraction.model_validate({**fields, "text": "", "article_id": ident})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        message = f"{where}: not a result row ({loc}: {first['msg']})"
        return _failed(where, ident, hash_, "InputError", message)
    text = finder.find(row, probe, hash_)
    if text is None:
        n = len(probe.departures) + len(probe.offers) + len(probe.quotes)
        message = (
            f"{where}: article text not found for {ident or 'this row'} ({n} records not shown); "
            "pass the folder of the article files (--articles) or the result store (--store)"
        )
        return _failed(where, ident, hash_, "TextNotFound", message)
    extraction = probe.model_copy(update={"text": text})
    return BatchResult(ident, hash_ or text_hash(text), extraction, None, cached=cached)


def _spans_match(text: str, extraction: Extraction) -> bool:
    records: list[Departure | Offer | Quote] = [
        *extraction.departures,
        *extraction.offers,
        *extraction.quotes,
    ]
    return all(text[r.evidence.start : r.evidence.end] == r.evidence.text for r in records)


class _TextFinder:
    """Finds the text a row's offsets refer to (see the module docstring for the order)."""

    def __init__(self, jsonl: Path, dirs: Sequence[Path], store: Store | None) -> None:
        self.jsonl = jsonl
        self.dirs = dirs
        self.store = store

    def find(self, row: dict[str, Any], probe: Extraction, hash_: str) -> str | None:
        own = row.get("text")
        if isinstance(own, str) and _spans_match(own, probe):
            return own
        from_store = self._from_store(probe, hash_)
        if from_store is not None and _spans_match(from_store, probe):
            return from_store
        for path in self._candidates(row):
            text = _read_article(path, hash_)
            if text is not None and _spans_match(text, probe):
                return text
        return None

    def _from_store(self, probe: Extraction, hash_: str) -> str | None:
        if self.store is None or not hash_:
            return None
        meta = probe.meta
        key = ResultKey(hash_, meta.model, meta.prompt_version, meta.schema_version)
        stored = self.store.get(key)
        return stored.extraction.text if stored and stored.extraction else None

    def _candidates(self, row: dict[str, Any]) -> Iterator[Path]:
        seen: set[Path] = set()
        ident = _str_or_none(row.get("article_id"))
        names = [_str_or_none(row.get("article")), ident and Path(ident).name]
        paths: list[Path] = []
        if ident and "://" not in ident:
            paths += [Path(ident), self.jsonl.parent / ident]
        for folder in self.dirs:
            for name in names:
                if name and "/" not in name and "\\" not in name:
                    paths += [folder / (name + suffix) for suffix in _TEXT_SUFFIXES]
        for path in paths:
            if path not in seen and path.is_file():
                seen.add(path)
                yield path


def _read_article(path: Path, hash_: str) -> str | None:
    """The text offsets refer to for the article in ``path``, as the pipeline reads it."""
    from talent_extract.text.clean import clean_article

    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if hash_ and text_hash(raw) != hash_:
        return None
    try:
        return clean_article(raw).source
    except TalentExtractError:
        return None
