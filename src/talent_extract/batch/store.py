"""An embedded SQLite store of extraction results, so a batch never pays twice for one article.

A result is keyed by what determines it: the SHA-256 of the article text, the model, the prompt
version and the schema version (:class:`ResultKey`). Changing any of them makes the old rows
invisible to :meth:`Store.get`, so a new prompt re-extracts everything, while the old rows stay
for comparison. A second table maps source ids (URL, GUID, file name) to text hashes, so the store
answers "what did we extract from source X" (:meth:`Store.by_source`).

Durability: the database runs in WAL mode with ``synchronous=NORMAL`` and every write is one
short transaction, so a process killed at any moment (``kill -9``) leaves each row either whole or
absent; committed rows survive a process kill. Only an operating-system crash or power loss may
lose the last few commits, which are then simply extracted again on the next run.

Only ``ok`` results count as done: a ``failed`` result is retried by the next run, and a failure
never overwrites an ``ok`` row. Secrets are never stored: the row holds the :class:`Extraction`
JSON (which has no credentials) or a failure's type and message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal

from talent_extract.ground.rules import RULES_VERSION
from talent_extract.model.backend import BackendConfig
from talent_extract.model.local import cache_dir
from talent_extract.model.prompts import PROMPT_VERSION, SCHEMA_VERSION, resolve_strategy
from talent_extract.records import Extraction

STORE_ENV = "TALENT_EXTRACT_STORE"
STORE_FILENAME = "results.sqlite3"
_STORE_FORMAT = 1  # PRAGMA user_version of the schema below; _SET_FORMAT writes it

# Every statement is a literal with ``?`` placeholders: no value is ever formatted into SQL
# (tests/test_sql.py checks this on the source).
_CREATE_RESULTS = """
CREATE TABLE IF NOT EXISTS results (
    text_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    result_json TEXT,
    error_type TEXT,
    error_message TEXT,
    attempts INTEGER,
    created_at TEXT NOT NULL,
    PRIMARY KEY (text_hash, model, prompt_version, schema_version)
)"""
_CREATE_SOURCES = """
CREATE TABLE IF NOT EXISTS sources (
    source_id TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (source_id, text_hash)
)"""
_CREATE_SOURCES_INDEX = "CREATE INDEX IF NOT EXISTS sources_by_hash ON sources (text_hash)"
_SET_FORMAT = "PRAGMA user_version = 1"  # the format of the schema above

_SELECT_RESULT = """
SELECT text_hash, model, prompt_version, schema_version, status, result_json, error_type,
       error_message, attempts, created_at
FROM results
WHERE text_hash = ? AND model = ? AND prompt_version = ? AND schema_version = ?"""
_SELECT_BY_SOURCE = """
SELECT r.text_hash, r.model, r.prompt_version, r.schema_version, r.status, r.result_json,
       r.error_type, r.error_message, r.attempts, r.created_at
FROM sources s JOIN results r ON r.text_hash = s.text_hash
WHERE s.source_id = ?
ORDER BY s.rowid, r.created_at, r.rowid"""
_COUNT_BY_STATUS = "SELECT status, COUNT(*) FROM results GROUP BY status"
_COUNT_SOURCES = "SELECT COUNT(DISTINCT source_id) FROM sources"
_UPSERT_OK = """
INSERT INTO results (text_hash, model, prompt_version, schema_version, status, result_json,
                     error_type, error_message, attempts, created_at)
VALUES (?, ?, ?, ?, 'ok', ?, NULL, NULL, NULL, ?)
ON CONFLICT DO UPDATE SET status = 'ok', result_json = excluded.result_json, error_type = NULL,
    error_message = NULL, attempts = NULL, created_at = excluded.created_at"""
_UPSERT_FAILURE = """
INSERT INTO results (text_hash, model, prompt_version, schema_version, status, result_json,
                     error_type, error_message, attempts, created_at)
VALUES (?, ?, ?, ?, 'failed', NULL, ?, ?, ?, ?)
ON CONFLICT DO UPDATE SET error_type = excluded.error_type,
    error_message = excluded.error_message, attempts = excluded.attempts,
    created_at = excluded.created_at
WHERE results.status = 'failed'"""
_INSERT_SOURCE = "INSERT OR IGNORE INTO sources (source_id, text_hash, first_seen) VALUES (?, ?, ?)"


@dataclass(frozen=True)
class Failure:
    """Why one article of a batch produced no :class:`Extraction`.

    ``type`` is the exception's class name (``"TransientBackendError"``, ``"InputError"``...),
    ``message`` its text, ``attempts`` the HTTP attempts it reported (1 when it does not say).
    """

    type: str
    message: str
    attempts: int


@dataclass(frozen=True)
class ResultKey:
    """What determines a result: the text's SHA-256, the model, prompt and schema versions."""

    text_hash: str
    model: str
    prompt_version: str
    schema_version: str


@dataclass(frozen=True)
class StoredResult:
    """One row of the store: exactly one of ``extraction`` (status ``ok``) or ``failure``."""

    key: ResultKey
    status: Literal["ok", "failed"]
    extraction: Extraction | None
    failure: Failure | None
    created_at: str

    @property
    def ok(self) -> bool:
        """True for a successful extraction, which later runs reuse instead of re-extracting."""
        return self.status == "ok"


def text_hash(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text: an article's content identity."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_store_path() -> Path:
    """``$TALENT_EXTRACT_STORE``, else ``<cache dir>/results.sqlite3``.

    The cache dir is ``$TALENT_EXTRACT_CACHE``, else ``$XDG_CACHE_HOME/talent_extract``, else
    ``~/.cache/talent_extract``.
    """
    explicit = os.environ.get(STORE_ENV)
    return Path(explicit) if explicit else cache_dir() / STORE_FILENAME


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Store:
    """Extraction results in one SQLite file, safe against a kill at any moment.

    ``path`` defaults to :func:`default_store_path`; ``":memory:"`` gives a private in-memory
    store. One connection guarded by a lock, usable from one asyncio loop and from the thread
    that created it. Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            path = default_store_path()
        if str(path) == ":memory:":
            self.path: Path | None = None
            target = ":memory:"
        else:
            self.path = Path(path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            target = str(self.path)
        self._lock = threading.Lock()
        # Autocommit mode (isolation_level=None): every write below opens its own transaction.
        self._conn = sqlite3.connect(
            target, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(_CREATE_RESULTS)
                self._conn.execute(_CREATE_SOURCES)
                self._conn.execute(_CREATE_SOURCES_INDEX)
                self._conn.execute(_SET_FORMAT)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------ keys and reads

    @staticmethod
    def key_for(text: str, config: BackendConfig, strategy: str | None = None) -> ResultKey:
        """The key of ``text`` extracted with ``config`` by this version of the library.

        The prompt version carries the grounding rules' version and the strategy too
        (``2026-12-01.2+rules.ab12cd34ef56+whole``): a changed rule or word list, or the other
        strategy, is a different key, so a stored result can never be served stale.
        """
        version = f"{PROMPT_VERSION}+rules.{RULES_VERSION}+{resolve_strategy(strategy)}"
        return ResultKey(text_hash(text), config.model, version, SCHEMA_VERSION)

    def get(self, key: ResultKey) -> StoredResult | None:
        """The stored result for ``key`` (``ok`` or ``failed``), or None if there is none."""
        with self._lock:
            row = self._conn.execute(_SELECT_RESULT, _key_params(key)).fetchone()
        return None if row is None else _row_to_result(row)

    def by_source(self, source_id: str) -> list[StoredResult]:
        """Every result for every text seen under ``source_id``, oldest first.

        All models and prompt versions are included (compare ``result.key``), failures too.
        """
        with self._lock:
            rows = self._conn.execute(_SELECT_BY_SOURCE, (source_id,)).fetchall()
        return [_row_to_result(row) for row in rows]

    def count(self) -> dict[str, int]:
        """Rows by status and distinct source ids: ``{"ok": n, "failed": m, "sources": k}``."""
        counts = {"ok": 0, "failed": 0, "sources": 0}
        with self._lock:
            for status, n in self._conn.execute(_COUNT_BY_STATUS):
                counts[str(status)] = int(n)
            (sources,) = self._conn.execute(_COUNT_SOURCES).fetchone()
        counts["sources"] = int(sources)
        return counts

    # ------------------------------------------------------------------ writes

    def put_ok(self, key: ResultKey, source_id: str | None, extraction: Extraction) -> None:
        """Record a success (replacing any earlier failure) and its source, atomically."""
        self._write(
            _UPSERT_OK,
            (*_key_params(key), extraction.model_dump_json(), _now()),
            key.text_hash,
            source_id,
        )

    def put_failure(self, key: ResultKey, source_id: str | None, failure: Failure) -> None:
        """Record a failure and its source, atomically. Never overwrites an ``ok`` row."""
        self._write(
            _UPSERT_FAILURE,
            (*_key_params(key), failure.type, failure.message, failure.attempts, _now()),
            key.text_hash,
            source_id,
        )

    def add_source(self, source_id: str, text_hash: str) -> None:
        """Record that ``source_id`` carried the text with ``text_hash`` (idempotent)."""
        self._write(None, (), text_hash, source_id)

    def _write(
        self,
        sql: str | None,
        params: tuple[object, ...],
        text_hash: str,
        source_id: str | None,
    ) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                if sql is not None:
                    self._conn.execute(sql, params)
                if source_id is not None:
                    self._conn.execute(_INSERT_SOURCE, (source_id, text_hash, _now()))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Close the connection (checkpointing the WAL into the main file). Idempotent."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path) if self.path else ':memory:'!r})"


def _key_params(key: ResultKey) -> tuple[str, str, str, str]:
    return (key.text_hash, key.model, key.prompt_version, key.schema_version)


def _row_to_result(row: tuple[object, ...]) -> StoredResult:
    (h, model, prompt, schema, status, result_json, etype, emessage, attempts, created) = row
    key = ResultKey(str(h), str(model), str(prompt), str(schema))
    if status == "ok":
        extraction = Extraction.model_validate_json(str(result_json))
        return StoredResult(key, "ok", extraction, None, str(created))
    failure = Failure(str(etype), str(emessage), int(attempts) if isinstance(attempts, int) else 1)
    return StoredResult(key, "failed", None, failure, str(created))
