"""What an OpenAI Batch API backfill has sent and received, in the result store's SQLite file.

Three tables beside the store's own (same file, same WAL discipline: each write one short
transaction, every value a ``?`` parameter), so ``talent-extract batch status`` / ``collect``
work after the process that submitted is gone:

``batch_groups``
    one ``run --batch-api`` call: its id, model, output folder, creation time.
``batch_articles``
    each article of a group (the :class:`~talent_extract.Article` as JSON, so a collect needs no
    source files) and whether it is ``waiting`` for answers or ``done`` (its result is in the
    store, ``ok`` or ``failed``).
``batch_jobs`` / ``batch_requests``
    each Batch API job (id, round, last known status, file ids, collected or not) and each line
    it carries: ``custom_id`` (text hash and call), the article's text hash, the request key (the
    SHA-256 of the canonical request body, which is how a replayed call finds its answer), and
    once collected the answer body or the error kind and message. No request header, so no key,
    is ever stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from talent_extract.records import Article

_TABLE_GROUPS = """CREATE TABLE IF NOT EXISTS batch_groups (
        group_id TEXT PRIMARY KEY, model TEXT NOT NULL, out_dir TEXT, created_at TEXT NOT NULL)"""
_TABLE_ARTICLES = """CREATE TABLE IF NOT EXISTS batch_articles (
        group_id TEXT NOT NULL, text_hash TEXT NOT NULL, position INTEGER NOT NULL,
        article_json TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('waiting', 'done')),
        PRIMARY KEY (group_id, text_hash))"""
_TABLE_JOBS = """CREATE TABLE IF NOT EXISTS batch_jobs (
        batch_id TEXT PRIMARY KEY, group_id TEXT NOT NULL, round INTEGER NOT NULL,
        status TEXT NOT NULL, input_file_id TEXT, output_file_id TEXT, error_file_id TEXT,
        requests INTEGER NOT NULL, collected INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL)"""
_TABLE_REQUESTS = """CREATE TABLE IF NOT EXISTS batch_requests (
        custom_id TEXT PRIMARY KEY, batch_id TEXT NOT NULL, text_hash TEXT NOT NULL,
        request_key TEXT NOT NULL, answer_json TEXT, error_kind TEXT, error_message TEXT)"""
_INDEX_REQUESTS = "CREATE INDEX IF NOT EXISTS batch_requests_by_hash ON batch_requests (text_hash)"
_ADD_GROUP = "INSERT INTO batch_groups (group_id, model, out_dir, created_at) VALUES (?, ?, ?, ?)"
_ADD_ARTICLE = """INSERT OR IGNORE INTO batch_articles
    (group_id, text_hash, position, article_json, state) VALUES (?, ?, ?, ?, ?)"""
_SET_ARTICLE = "UPDATE batch_articles SET state = ? WHERE group_id = ? AND text_hash = ?"
_ADD_JOB = """INSERT INTO batch_jobs (batch_id, group_id, round, status, input_file_id, requests,
    created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"""
_ADD_REQUEST = """INSERT INTO batch_requests (custom_id, batch_id, text_hash, request_key)
    VALUES (?, ?, ?, ?)"""
_SET_JOB = """UPDATE batch_jobs SET status = ?, output_file_id = ?, error_file_id = ?
    WHERE batch_id = ?"""
_COLLECTED = "UPDATE batch_jobs SET collected = 1 WHERE batch_id = ?"
_ANSWER = """UPDATE batch_requests SET answer_json = ?, error_kind = ?, error_message = ?
    WHERE custom_id = ?"""
_GROUPS = "SELECT group_id, model, out_dir, created_at FROM batch_groups ORDER BY created_at"
_GROUP = "SELECT group_id, model, out_dir, created_at FROM batch_groups WHERE group_id = ?"
_JOBS = """SELECT batch_id, group_id, round, status, input_file_id, output_file_id,
    error_file_id, requests, collected FROM batch_jobs WHERE group_id = ? ORDER BY round, rowid"""
_ARTICLES = """SELECT text_hash, article_json, state FROM batch_articles WHERE group_id = ?
    ORDER BY position"""
_REQUESTS_OF = """SELECT r.custom_id, r.batch_id, r.request_key, r.answer_json, r.error_kind,
    r.error_message, j.collected FROM batch_requests r JOIN batch_jobs j ON j.batch_id = r.batch_id
    WHERE r.text_hash = ? AND j.group_id = ? ORDER BY j.round, r.rowid"""
_REQUESTS_OF_JOB = "SELECT custom_id FROM batch_requests WHERE batch_id = ?"
_WAITING_HASHES = "SELECT text_hash FROM batch_articles WHERE state = 'waiting'"


@dataclass(frozen=True)
class Group:
    """One ``run --batch-api``: its id, model and output folder."""

    group_id: str
    model: str
    out_dir: str | None
    created_at: str


@dataclass(frozen=True)
class Job:
    """One Batch API job as last seen."""

    batch_id: str
    group_id: str
    round: int
    status: str
    input_file_id: str | None
    output_file_id: str | None
    error_file_id: str | None
    requests: int
    collected: bool


@dataclass(frozen=True)
class Request:
    """One line of a job and, once collected, its answer or error."""

    custom_id: str
    batch_id: str
    request_key: str
    answer_json: str | None
    error_kind: str | None
    error_message: str | None
    collected: bool


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Ledger:
    """The Batch API tables of the store file at ``path`` (created if missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        with self._tx() as conn:
            conn.execute(_TABLE_GROUPS)
            conn.execute(_TABLE_ARTICLES)
            conn.execute(_TABLE_JOBS)
            conn.execute(_TABLE_REQUESTS)
            conn.execute(_INDEX_REQUESTS)

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on error)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    # ------------------------------------------------------------------ writes

    def add_group(
        self, group_id: str, model: str, out_dir: str | None, articles: list[tuple[str, Article]]
    ) -> None:
        """A new group with its articles (text hash, article), all ``waiting``; atomically."""
        with self._tx() as conn:
            conn.execute(_ADD_GROUP, (group_id, model, out_dir, _now()))
            conn.executemany(
                _ADD_ARTICLE,
                [
                    (group_id, h, i, a.model_dump_json(), "waiting")
                    for i, (h, a) in enumerate(articles)
                ],
            )

    def add_done(self, group_id: str, hashes: list[tuple[str, Article]], start: int) -> None:
        """Articles of a group whose result is already in the store (cached, bad input)."""
        with self._tx() as conn:
            conn.executemany(
                _ADD_ARTICLE,
                [
                    (group_id, h, start + i, a.model_dump_json(), "done")
                    for i, (h, a) in enumerate(hashes)
                ],
            )

    def add_job(
        self,
        batch_id: str,
        group_id: str,
        round_: int,
        status: str,
        input_file_id: str,
        lines: list[tuple[str, str, str]],
    ) -> None:
        """A submitted job and its lines ``(custom_id, text_hash, request_key)``; atomically."""
        with self._tx() as conn:
            conn.execute(
                _ADD_JOB, (batch_id, group_id, round_, status, input_file_id, len(lines), _now())
            )
            conn.executemany(_ADD_REQUEST, [(c, batch_id, h, k) for c, h, k in lines])

    def set_job(
        self, batch_id: str, status: str, output_file_id: str | None, error_file_id: str | None
    ) -> None:
        """Record the job's status and file ids as last retrieved."""
        with self._tx() as conn:
            conn.execute(_SET_JOB, (status, output_file_id, error_file_id, batch_id))

    def record_answers(
        self, batch_id: str, answers: list[tuple[str, str | None, str | None, str | None]]
    ) -> None:
        """Answers ``(custom_id, answer_json, error_kind, error_message)`` of a finished job, and
        the job marked collected, in one transaction (a kill leaves it uncollected, not half)."""
        with self._tx() as conn:
            conn.executemany(_ANSWER, [(a, kind, m, c) for c, a, kind, m in answers])
            conn.execute(_COLLECTED, (batch_id,))

    def set_done(self, group_id: str, text_hash: str) -> None:
        """The article's result is in the store."""
        with self._tx() as conn:
            conn.execute(_SET_ARTICLE, ("done", group_id, text_hash))

    # ------------------------------------------------------------------ reads

    def groups(self) -> list[Group]:
        """Every group, oldest first."""
        return [_group(row) for row in self._rows(_GROUPS)]

    def group(self, group_id: str) -> Group | None:
        """The group ``group_id``, if there is one."""
        rows = self._rows(_GROUP, (group_id,))
        return _group(rows[0]) if rows else None

    def jobs(self, group_id: str) -> list[Job]:
        """The group's jobs, by round."""
        out = []
        for row in self._rows(_JOBS, (group_id,)):
            b, g, r, s, i, o, e, n, c = row
            out.append(
                Job(
                    str(b),
                    str(g),
                    _int(r),
                    str(s),
                    _str_or_none(i),
                    _str_or_none(o),
                    _str_or_none(e),
                    _int(n),
                    bool(c),
                )
            )
        return out

    def job_lines(self, batch_id: str) -> list[str]:
        """The custom ids a job carries."""
        return [str(row[0]) for row in self._rows(_REQUESTS_OF_JOB, (batch_id,))]

    def articles(self, group_id: str) -> list[tuple[str, Article, str]]:
        """``(text_hash, article, state)`` of the group, in input order."""
        return [
            (str(h), Article.model_validate_json(str(a)), str(s))
            for h, a, s in self._rows(_ARTICLES, (group_id,))
        ]

    def requests(self, group_id: str, text_hash: str) -> list[Request]:
        """Every line sent for the article, by round."""
        return [
            Request(
                str(c),
                str(b),
                str(k),
                _str_or_none(a),
                _str_or_none(ek),
                _str_or_none(em),
                bool(col),
            )
            for c, b, k, a, ek, em, col in self._rows(_REQUESTS_OF, (text_hash, group_id))
        ]

    def waiting(self) -> set[str]:
        """Text hashes of every article still waiting in any group."""
        return {str(row[0]) for row in self._rows(_WAITING_HASHES)}

    def close(self) -> None:
        """Close the connection. Idempotent."""
        with self._lock:
            self._conn.close()


def _group(row: tuple[object, ...]) -> Group:
    g, m, o, c = row
    return Group(str(g), str(m), _str_or_none(o), str(c))


def _int(value: object) -> int:
    return value if isinstance(value, int) else int(str(value))


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)
