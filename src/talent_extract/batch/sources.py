"""Where articles come from: files, folders, JSON/JSONL, RSS/Atom feeds and stdin.

:func:`iter_articles` turns the ``SOURCE`` arguments of ``talent-extract run`` into a lazy stream
of :class:`~talent_extract.Article` objects, each with a stable ``id`` from its source (a file
path, a URL, a feed entry's link or GUID, a record's ``id``). Anything that cannot become an
article (a missing file, a line that is not JSON, a feed entry without text, a malformed feed) is
*yielded* as a :class:`SourceError`, never raised, so a batch records it as a failure and goes on.

Source kinds, by name:

* ``-``: stdin. A JSONL stream when its first non-blank character is ``{``, else the whole of
  stdin is one article with id ``"stdin"``.
* ``http://...`` / ``https://...``: an RSS or Atom feed, fetched by feedparser.
* a folder: its ``.txt .html .htm .json .jsonl .xml .rss .atom`` files, recursively, sorted by
  path (hidden files and folders are skipped).
* ``.txt``: one article, the file's text; ``.html`` / ``.htm``: one article whose text is the raw
  HTML (the pipeline's cleaner extracts the story). Files must be UTF-8, or UTF-8/16/32 with a
  byte-order mark (:func:`talent_extract.decode_text`); anything else (cp1252, latin-1, UTF-16
  without a mark) is a :class:`SourceError` naming the first bad byte, never a guessed encoding.
* ``.json``: one object or a list of objects; ``.jsonl``: one object per line. An object needs
  ``text`` (or ``content`` / ``body``) and may have ``id`` / ``url`` / ``guid``, ``title``,
  ``source`` and ``published`` (an ISO date or datetime). Without an id, the record's place
  (``file:line``, or ``file#n`` for the n-th object of a list, from 1) is its id.
* ``.xml`` / ``.rss`` / ``.atom``: a feed file; one article per entry (id: the entry's link, else
  its id/GUID; text: its first content, else its summary).

File ids are paths relative to the current directory when the file lies under it, else the path
as given; bytes of a file name that are not UTF-8 are shown as ``\\xNN`` escapes.

A record or feed entry whose text, id, title, URL or source holds a lone surrogate (a JSON
``"\\ud800"`` escape, or stdin decoded with ``surrogateescape``) is a :class:`SourceError`: such a
string cannot be written to the store or the outputs.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import itertools
import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from talent_extract.exceptions import ConfigurationError, EncodingError, SourceError
from talent_extract.records import Article
from talent_extract.text.check import (
    HTML_FACTOR,
    MAX_CHARS_ENV,
    decode_text,
    lone_surrogate,
    resolve_max_chars,
)

__all__ = ["ARTICLE_SUFFIXES", "SourceError", "feed_items", "iter_articles"]

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".json", ".jsonl"}
"""The file suffixes :func:`iter_articles` reads, in folders or named directly."""

_TEXT_KEYS = ("text", "content", "body")
_ID_KEYS = ("id", "url", "guid")


Item = Article | SourceError


def iter_articles(sources: Sequence[str], *, stdin: TextIO | None = None) -> Iterator[Item]:
    """Yield an :class:`Article` or a :class:`SourceError` for everything in ``sources``, lazily.

    ``sources`` are file paths, folders, feed URLs or ``-`` (read from ``stdin``, default
    :data:`sys.stdin`). Sources are read in the order given and each only when reached, so a
    long feed list or a large JSONL file is never held in memory. The same text under two
    sources yields two articles with different ids; the batch extracts it once.
    """
    for source in sources:
        if source == "-":
            if stdin is None:
                import sys

                stdin = sys.stdin
            yield from _from_stdin(stdin)
        elif source.startswith(("http://", "https://")):
            yield from _from_feed(source, source)
        else:
            yield from _from_path(Path(source))


# ---------------------------------------------------------------------------------- files


def _source_id(path: Path) -> str:
    """The path relative to the current directory when it lies under it, else as given."""
    try:
        name = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        name = path.as_posix()
    # os.walk hands non-UTF-8 file names over as lone surrogates, which no store or output
    # can write: show those bytes as \xNN instead.
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _from_path(path: Path) -> Iterator[Item]:
    name = _source_id(path)
    if path.is_dir():
        yield from _from_folder(path)
        return
    if not path.is_file():
        yield SourceError(name, "no such file or folder")
        return
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        kinds = " ".join(sorted(ARTICLE_SUFFIXES))
        yield SourceError(name, f"unsupported file type {suffix or '(none)'!r}; use one of {kinds}")
        return
    if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        too_big = _too_big(path)
        if too_big is not None:
            yield SourceError(name, too_big)
            return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield SourceError(name, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in FEED_SUFFIXES:
        yield from _from_feed(data, name)
        return
    try:
        text = decode_text(data)
    except EncodingError as exc:
        yield SourceError(name, str(exc))
        return
    if suffix == ".jsonl":
        yield from _from_jsonl(text.splitlines(), name)
    elif suffix == ".json":
        yield from _from_json(text, name)
    else:
        yield Article(text=text, id=name, source=name)


def _too_big(path: Path) -> str | None:
    """Why a one-article file is refused unread: more bytes than any article under the limit
    could take (4 bytes per character, HTML's allowance for markup), so a huge file is never
    read into memory. Smaller files over the limit are refused by the pipeline, with sizes."""
    try:
        limit = resolve_max_chars(None)
        size = path.stat().st_size
    except (ConfigurationError, OSError):
        return None  # the pipeline reports a bad setting; reading reports an unreadable file
    most = 4 * HTML_FACTOR * limit
    if size <= most:
        return None
    return (
        f"file is too large: {size:,} bytes, more than any article within the limit of "
        f"{limit:,} characters could take ({most:,} bytes); raise it with {MAX_CHARS_ENV}"
    )


def _from_folder(folder: Path) -> Iterator[Item]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(
            Path(root, n)
            for n in names
            if not n.startswith(".") and Path(n).suffix.lower() in ARTICLE_SUFFIXES
        )
    for path in sorted(files):
        yield from _from_path(path)


# ---------------------------------------------------------------------------------- JSON


def _from_json(text: str, name: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield SourceError(f"{name}:{exc.lineno}", f"not JSON: {exc.msg}")
        return
    if isinstance(data, dict):
        yield _from_record(data, name, name)
    elif isinstance(data, list):
        for number, record in enumerate(data, start=1):
            yield _from_record(record, f"{name}#{number}", name)
    else:
        yield SourceError(name, f"expected an object or a list of objects, not {_kind(data)}")


def _from_jsonl(lines: Iterable[str], name: str, *, start: int = 1) -> Iterator[Item]:
    """One item per non-blank line; ``start`` is the number of the first line."""
    for number, line in enumerate(lines, start=start):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(where, f"not JSON: {exc.msg}")
            continue
        yield _from_record(record, where, name)


def _kind(value: object) -> str:
    names: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}
    return names.get(type(value), type(value).__name__)


def _unstorable(fields: Mapping[str, object]) -> str | None:
    """Why a record cannot be stored or written: a string holding a lone surrogate."""
    return lone_surrogate(**{k: v for k, v in fields.items() if isinstance(v, str)})


def _from_record(record: object, where: str, source: str) -> Item:
    """One JSON object as an Article; ``where`` (file:line, file#n) is its fallback id."""
    if not isinstance(record, dict):
        return SourceError(where, f"expected an object, not {_kind(record)}")
    broken = _unstorable(
        {k: record.get(k) for k in (*_TEXT_KEYS, *_ID_KEYS, "title", "source", "published")}
    )
    if broken is not None:
        return SourceError(where, broken)
    text = next((record[k] for k in _TEXT_KEYS if record.get(k) is not None), None)
    if not isinstance(text, str) or not text.strip():
        return SourceError(where, "no text: needs a non-empty string 'text', 'content' or 'body'")
    ident = next((record[k] for k in _ID_KEYS if record.get(k) not in (None, "")), None)
    if ident is not None and not isinstance(ident, str | int):
        return SourceError(where, f"id must be a string or a number, not {_kind(ident)}")
    published: dt.date | None = None
    raw_published = record.get("published")
    if raw_published not in (None, ""):
        published = _iso_date(raw_published)
        if published is None:
            return SourceError(where, f"published is not an ISO date: {raw_published!r}")
    url = record.get("url")
    title = record.get("title")
    own_source = record.get("source")
    return Article(
        text=text,
        id=str(ident) if ident is not None else where,
        title=title if isinstance(title, str) else None,
        url=url if isinstance(url, str) else None,
        source=own_source if isinstance(own_source, str) else source,
        published=published,
    )


def _iso_date(value: object) -> dt.date | None:
    """``2025-07-01`` or an ISO datetime (its own calendar date, not converted to UTC)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------- feeds


def feed_items(data: bytes, name: str, *, content_type: str | None = None) -> Iterator[Item]:
    """The entries of a feed document already fetched (RSS or Atom bytes), as for a feed file.

    ``name`` is the feed's id (its URL), ``content_type`` the ``Content-Type`` header it came
    with (feedparser takes its charset from it). :mod:`talent_extract.feeds` fetches feeds with
    this; an entry's text is its content or summary, as :func:`iter_articles` gives it.
    """
    headers = {"content-type": content_type} if content_type else None
    yield from _from_feed(data, name, headers)


def _from_feed(
    target: str | bytes, name: str, headers: dict[str, str] | None = None
) -> Iterator[Item]:
    """Entries of a feed: ``target`` is a URL (fetched by feedparser) or a file's bytes."""
    # Imported here, at the first feed: a run over files never needs it (about 15 ms of start-up).
    import feedparser  # type: ignore[import-untyped]

    parsed: Any = feedparser.parse(target, response_headers=headers)
    status = parsed.get("status")
    if isinstance(status, int) and status >= 400:
        yield SourceError(name, f"HTTP {status}")
        return
    entries = parsed.get("entries") or []
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        detail = f"{type(problem).__name__}: {problem}" if problem else "malformed feed"
        if not entries:
            yield SourceError(name, f"not a readable feed ({detail})")
            return
        yield SourceError(name, f"malformed feed, {len(entries)} entries recovered ({detail})")
    for number, entry in enumerate(entries, start=1):
        yield _from_entry(entry, f"{name}#{number}", name)


def _from_entry(entry: Mapping[str, Any], where: str, feed: str) -> Item:
    link = entry.get("link") or None
    ident = link or entry.get("id") or None
    contents = entry.get("content") or []
    text = (contents[0].get("value") if contents else None) or entry.get("summary") or None
    if not ident:
        return SourceError(where, "entry has no link or id")
    if not isinstance(text, str) or not text.strip():
        return SourceError(where, "entry has no content or summary")
    title = entry.get("title")
    broken = _unstorable({"text": text, "id": ident, "title": title, "link": link})
    if broken is not None:
        return SourceError(where, broken)
    return Article(
        text=text,
        id=str(ident),
        title=title if isinstance(title, str) and title else None,
        url=link if isinstance(link, str) else None,
        source=feed,
        published=_entry_date(entry),
    )


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    """The entry's own calendar date when its date string says so, else feedparser's (UTC)."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw:
            day = _iso_date(raw.strip())
            if day is not None:
                return day
            try:
                return email.utils.parsedate_to_datetime(raw).date()
            except (TypeError, ValueError, IndexError):
                pass
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


# ---------------------------------------------------------------------------------- stdin


def _from_stdin(stream: TextIO) -> Iterator[Item]:
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        # Bytes, decoded here: the text layer would raise mid-batch on a non-UTF-8 byte, or
        # (under a C locale) hand over lone surrogates.
        yield from _from_stdin_bytes(binary)
        return
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    if not head or not head[-1].strip():
        yield SourceError("-", "stdin is empty")
        return
    if head[-1].lstrip().startswith("{"):
        first = len(head)  # the JSONL line numbers count the blank lines before it

        def lines() -> Iterator[str]:
            yield head[-1]
            yield from stream

        yield from _from_jsonl(lines(), "<stdin>", start=first)
        return
    yield _stdin_article("".join(head) + stream.read())


def _stdin_article(text: str) -> Item:
    broken = _unstorable({"text": text})
    return SourceError("-", broken) if broken else Article(text=text, id="stdin", source="-")


def _from_stdin_bytes(stream: BinaryIO) -> Iterator[Item]:
    head: list[bytes] = []
    for chunk in stream:
        head.append(chunk)
        if chunk.strip():
            break
    if not head or not head[-1].strip():
        yield SourceError("-", "stdin is empty")
        return
    if head[-1].lstrip().lstrip(codecs.BOM_UTF8).startswith(b"{"):
        first = len(head)
        number = first
        for raw in itertools.chain([head[-1]], stream):
            try:
                line = decode_text(raw)
            except EncodingError as exc:
                yield SourceError(f"<stdin>:{number}", str(exc))
            else:
                yield from _from_jsonl([line], "<stdin>", start=number)
            number += 1
        return
    try:
        text = decode_text(b"".join(head) + stream.read())
    except EncodingError as exc:
        yield SourceError("-", str(exc))
        return
    yield _stdin_article(text)
