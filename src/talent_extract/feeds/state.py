"""What the feed readers remember between runs, in the result store's SQLite file.

Three tables beside the store's own (created on first use, in the same file, so one ``--store``
holds everything and survives ``kill -9`` the same way: WAL, one short transaction per write):

``http_validators``
    The ``ETag`` / ``Last-Modified`` of each feed URL, for the next conditional GET.
``teasers``
    The SHA-256 of a feed entry's own text → the source id (the entry's link) whose page was
    fetched for it: the same teaser under another link is not fetched again.
``feed_entries``
    Entries of ``watch`` that did not end well: ``retry`` (a transient failure; ``attempts``,
    ``next_try``) or ``failed`` (final; its failure is in the outputs, it is not tried again).

Every statement is a literal with ``?`` placeholders (tests/test_sql.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["EntryState", "FeedState"]

_CREATE_VALIDATORS = """CREATE TABLE IF NOT EXISTS http_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    saved_at TEXT NOT NULL
)"""
_CREATE_TEASERS = """CREATE TABLE IF NOT EXISTS teasers (
    teaser_hash TEXT PRIMARY KEY,
    source_id TEXT NOT NULL
)"""
_CREATE_ENTRIES = """CREATE TABLE IF NOT EXISTS feed_entries (
    entry_id TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('retry', 'failed')),
    attempts INTEGER NOT NULL,
    next_try TEXT NOT NULL,
    message TEXT NOT NULL,
    updated_at TEXT NOT NULL
)"""
_CREATE_ENTRIES_INDEX = (
    "CREATE INDEX IF NOT EXISTS feed_entries_by_feed ON feed_entries (feed, status)"
)
_GET_VALIDATORS = "SELECT etag, last_modified FROM http_validators WHERE url = ?"
_PUT_VALIDATORS = """
INSERT INTO http_validators (url, etag, last_modified, saved_at) VALUES (?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
    saved_at = excluded.saved_at"""
_FORGET_VALIDATORS = "DELETE FROM http_validators WHERE url = ?"
_GET_TEASER = "SELECT source_id FROM teasers WHERE teaser_hash = ?"
_PUT_TEASER = "INSERT OR IGNORE INTO teasers (teaser_hash, source_id) VALUES (?, ?)"
_GET_ENTRY = (
    "SELECT entry_id, feed, status, attempts, next_try, message FROM feed_entries "
    "WHERE entry_id = ?"
)
_PUT_ENTRY = """
INSERT INTO feed_entries (entry_id, feed, status, attempts, next_try, message, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (entry_id) DO UPDATE SET feed = excluded.feed, status = excluded.status,
    attempts = excluded.attempts, next_try = excluded.next_try, message = excluded.message,
    updated_at = excluded.updated_at"""
_DONE_ENTRY = "DELETE FROM feed_entries WHERE entry_id = ?"
_PENDING = "SELECT COUNT(*) FROM feed_entries WHERE feed = ? AND status = 'retry'"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class EntryState:
    """A ``watch`` entry that did not end well (see the module docstring)."""

    entry_id: str
    feed: str
    status: Literal["retry", "failed"]
    attempts: int
    next_try: dt.datetime
    message: str

    def due(self, now: dt.datetime | None = None) -> bool:
        """True when a ``retry`` entry may be tried again."""
        return self.status == "retry" and (now or _now()) >= self.next_try


class FeedState:
    """The three tables above in the SQLite file at ``path`` (``None``: a private in-memory one).

    One connection guarded by a lock, like :class:`~talent_extract.Store`; use as a context
    manager or call :meth:`close`.
    """

    def __init__(self, path: str | Path | None) -> None:
        target = ":memory:" if path is None or str(path) == ":memory:" else str(path)
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            target, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        with self._lock:
            self._conn.execute(_CREATE_VALIDATORS)
            self._conn.execute(_CREATE_TEASERS)
            self._conn.execute(_CREATE_ENTRIES)
            self._conn.execute(_CREATE_ENTRIES_INDEX)

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        with self._lock:
            self._conn.execute(sql, params)  # autocommit: one statement, one transaction

    # ------------------------------------------------------------------ validators

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """``(etag, last_modified)`` saved for ``url``; ``(None, None)`` when there are none."""
        with self._lock:
            row = self._conn.execute(_GET_VALIDATORS, (url,)).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def put_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Save the validators of ``url`` (forgotten when the server sent none)."""
        if etag is None and last_modified is None:
            self._write(_FORGET_VALIDATORS, (url,))
        else:
            self._write(_PUT_VALIDATORS, (url, etag, last_modified, _now().isoformat()))

    # ------------------------------------------------------------------ teasers

    def teaser_source(self, teaser_hash: str) -> str | None:
        """The source id whose page was fetched for this teaser text, if any."""
        with self._lock:
            row = self._conn.execute(_GET_TEASER, (teaser_hash,)).fetchone()
        return None if row is None else str(row[0])

    def put_teaser(self, teaser_hash: str, source_id: str) -> None:
        """Remember that ``source_id``'s page was fetched for this teaser (first one kept)."""
        self._write(_PUT_TEASER, (teaser_hash, source_id))

    # ------------------------------------------------------------------ watch entries

    def entry(self, entry_id: str) -> EntryState | None:
        """The state of an entry that did not end well, or None."""
        with self._lock:
            row = self._conn.execute(_GET_ENTRY, (entry_id,)).fetchone()
        if row is None:
            return None
        ident, feed, status, attempts, next_try, message = row
        return EntryState(
            str(ident),
            str(feed),
            "failed" if status == "failed" else "retry",
            int(attempts),
            dt.datetime.fromisoformat(str(next_try)),
            str(message),
        )

    def put_entry(
        self,
        entry_id: str,
        feed: str,
        status: Literal["retry", "failed"],
        attempts: int,
        next_try: dt.datetime,
        message: str,
    ) -> None:
        """Record a transient (``retry``) or final (``failed``) failure of an entry."""
        params = (entry_id, feed, status, attempts, next_try.isoformat(), message)
        self._write(_PUT_ENTRY, (*params, _now().isoformat()))

    def entry_done(self, entry_id: str) -> None:
        """Forget an entry's failures: it ended well."""
        self._write(_DONE_ENTRY, (entry_id,))

    def pending(self, feed: str) -> int:
        """How many entries of ``feed`` wait for a retry."""
        with self._lock:
            (count,) = self._conn.execute(_PENDING, (feed,)).fetchone()
        return int(count)

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Close the connection. Idempotent."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> FeedState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
