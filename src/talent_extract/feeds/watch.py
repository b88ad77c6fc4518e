"""``talent-extract watch``: read feeds every few minutes, extract only what is new, append it.

Each **cycle** fetches every feed with a conditional GET (its saved ETag / Last-Modified; a 304
costs nothing more), then takes the entries not yet in the output: an entry already written (by
its link/GUID) is skipped before anything is fetched, a teaser whose text is stored under another
link reuses that text (:class:`~talent_extract.feeds.reader.Reader`), the rest have their pages
fetched. The new articles go through :func:`~talent_extract.aextract_many` with the result store,
and each result is appended to the output folder (``results.jsonl``, CSVs) as it finishes.
A feed's validators are saved only once all its entries are written, so a kill can never make a
304 hide an entry that was not written.

**Failures.** A feed that cannot be fetched is reported and backed off (it is skipped for
``every × 2ⁿ`` after its n-th failure in a row, at most ``max_backoff``); the others go on.
A page that fails transiently (a network error, a timeout, 408, 429, a 5xx, an unreachable
robots.txt) and an article whose model backend failed transiently are reported and retried in a
later cycle with the same backoff, up to ``max_attempts`` tries; then, or at once for a final
failure (404, robots.txt ``Disallow``, not an HTML page, too large, a wrong charset, no story),
the failure is written to the outputs once and the entry is not tried again.

**Stopping.** :func:`watch` returns when ``stop`` is set (the CLI sets it on SIGINT/SIGTERM): no
new article is started, those in flight finish and are written, the files are closed. After a
``kill -9`` the next start repairs the output (:func:`repair_outputs`: a half-written last line
dropped, CSV rows of articles whose JSONL line is missing dropped) and goes on; the store has
every result that was committed, so nothing is extracted twice except what was in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import json
import os
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from talent_extract.batch.outputs import COLUMNS, OutputWriter
from talent_extract.batch.runner import aextract_many
from talent_extract.batch.sources import SourceError
from talent_extract.batch.store import Store
from talent_extract.feeds.fetch import Fetcher, FetchSettings
from talent_extract.feeds.reader import FeedRead, FetchFailure, Reader
from talent_extract.feeds.state import FeedState
from talent_extract.model.backend import BackendConfig
from talent_extract.records import Article

__all__ = ["WatchSummary", "parse_every", "repair_outputs", "watch"]

TRANSIENT_TYPES = frozenset({"TransientBackendError"})
"""Failure types of the model side that a later cycle retries (fetch failures say themselves)."""


def parse_every(text: str) -> float:
    """``"15m"``, ``"90s"``, ``"1h"``, ``"2h30m"`` or plain seconds (``"600"``) as seconds."""
    raw = text.strip().lower()
    if raw.replace(".", "", 1).isdigit():
        seconds = float(raw)
    else:
        seconds, number = 0.0, ""
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
        for char in raw:
            if char.isdigit() or char == ".":
                number += char
            elif char in units and number:
                seconds += float(number) * units[char]
                number = ""
            else:
                raise ValueError(f"not a duration: {text!r} (use e.g. 15m, 90s, 1h)")
        if number:
            raise ValueError(f"not a duration: {text!r} (a number needs a unit: s, m, h, d)")
    if seconds <= 0:
        raise ValueError(f"the interval must be positive, not {text!r}")
    return seconds


@dataclass
class WatchSummary:
    """What a :func:`watch` did, over all its cycles."""

    cycles: int = 0
    feeds_read: int = 0
    not_modified: int = 0
    feed_failures: int = 0
    new_entries: int = 0
    page_fetches: int = 0
    retries: int = 0
    written: int = 0
    lines: list[str] = field(default_factory=list)


def _row_key(row: dict[str, object]) -> str | None:
    key = row.get("article_id") or row.get("article")
    return key if isinstance(key, str) else None


def repair_outputs(out_dir: Path) -> set[str]:
    """Make ``out_dir`` whole after a kill and return the ids its ``results.jsonl`` holds.

    A last line without its newline (a write cut off) is dropped, and so is every CSV row of an
    article whose JSONL line is missing (written before the kill, its line was not).
    """
    jsonl = out_dir / "results.jsonl"
    if not jsonl.is_file():
        return set()
    data = jsonl.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        jsonl.write_bytes(data)
    keys: set[str] = set()
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        key = _row_key(row) if isinstance(row, dict) else None
        if key is not None:
            keys.add(key)
    for name, columns in COLUMNS.items():
        path = out_dir / f"{name}.csv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        kept = [r for r in rows if (r.get("article_id") or r.get("article")) in keys]
        if len(kept) != len(rows):
            tmp = path.with_suffix(".csv.tmp")
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=[c for c, _ in columns])
                writer.writeheader()
                writer.writerows(kept)
            os.replace(tmp, path)
    return keys


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Cycle:
    """One :func:`watch` and its per-feed backoff; runs cycle after cycle."""

    def __init__(
        self,
        reader: Reader,
        state: FeedState,
        writer: OutputWriter,
        written: set[str],
        *,
        every: float,
        max_attempts: int,
        max_backoff: float,
        report: Callable[[str], None],
    ) -> None:
        self.reader, self.state, self.writer, self.written = reader, state, writer, written
        self.every, self.max_attempts, self.max_backoff = every, max_attempts, max_backoff
        self.report = report
        self.down: dict[str, tuple[int, float]] = {}  # feed -> (failures in a row, retry at)
        self.feed_of: dict[str, str] = {}  # entry id -> its feed, for the retry state
        self.summary = WatchSummary()

    def _backoff(self, failures: int) -> float:
        # After the n-th failure in a row: every × 2ⁿ, so even the first one skips a cycle.
        return float(min(self.every * 2**failures, max(self.max_backoff, self.every)))

    def write(self, key: str, result: object) -> None:
        from talent_extract.batch.runner import BatchResult

        if isinstance(result, SourceError):
            self.writer.write_source_error(result)
        elif isinstance(result, BatchResult):
            self.writer.write(result)
        self.written.add(key)
        self.summary.written += 1

    def failed(
        self, entry_id: str, feed: str, message: str, transient: bool, final: object
    ) -> None:
        """An entry's failure: retried later while transient and tries are left, else written."""
        known = self.state.entry(entry_id)
        attempts = (known.attempts if known is not None else 0) + 1
        if transient and attempts < self.max_attempts:
            wait = self._backoff(attempts)
            retry_at = _now() + dt.timedelta(seconds=wait)
            self.state.put_entry(entry_id, feed, "retry", attempts, retry_at, message)
            self.summary.retries += 1
            self.report(f"retry in {wait:.0f} s (try {attempts} of {self.max_attempts}): {message}")
            return
        self.state.put_entry(entry_id, feed, "failed", attempts, _now(), message)
        self.write(entry_id, final)

    async def read_feeds(self, feeds: Sequence[str], loop_time: float) -> list[FeedRead]:
        reads: list[FeedRead] = []
        for feed in feeds:
            failures, retry_at = self.down.get(feed, (0, 0.0))
            if failures and loop_time < retry_at:
                continue
            read = await self.reader.read(feed, conditional=self.state.pending(feed) == 0)
            if read.status == "failed":
                assert read.failure is not None
                failures += 1
                wait = self._backoff(failures)
                self.down[feed] = (failures, loop_time + wait)
                self.summary.feed_failures += 1
                self.report(
                    f"feed down ({failures} in a row), next try in {wait:.0f} s: "
                    f"{read.failure.error}"
                )
                continue
            self.down.pop(feed, None)
            if read.status == "not_modified":
                self.summary.not_modified += 1
                continue
            self.summary.feeds_read += 1
            reads.append(read)
        return reads

    async def articles(self, reads: list[FeedRead], stop: asyncio.Event) -> AsyncIterator[Article]:
        now = _now()
        for read in reads:
            for item in read.items:
                if stop.is_set():
                    return
                if isinstance(item, SourceError):
                    if item.source not in self.written:
                        self.write(item.source, item)
                    continue
                if item.id is None or item.id in self.written:
                    continue
                known = self.state.entry(item.id)
                if known is not None and (known.status == "failed" or not known.due(now)):
                    continue
                self.summary.new_entries += 1
                self.feed_of[item.id] = read.url
                got = (
                    item
                    if read.status == "page"
                    else await self.reader.entry_article(item, read.url)
                )
                if isinstance(got, FetchFailure):
                    error = got.error
                    self.failed(item.id, read.url, str(error), error.transient, got.result())
                    continue
                yield got


async def watch(
    feeds: Sequence[str],
    out_dir: str | Path,
    *,
    store: Store,
    config: BackendConfig,
    every: float = 900.0,
    concurrency: int = 1,
    gate: bool | None = None,
    fetch: FetchSettings | None = None,
    teaser: int | None = None,
    stop: asyncio.Event | None = None,
    cycles: int | None = None,
    max_attempts: int = 5,
    max_backoff: float = 6 * 3600.0,
    report: Callable[[str], None] = print,
    fetcher: Fetcher | None = None,
) -> WatchSummary:
    """Watch ``feeds`` until ``stop`` is set (or ``cycles`` cycles ran); see the module docstring.

    Results go into ``store`` and are appended to ``out_dir``; the feeds' state (validators,
    teasers, entries to retry) lives in the store's SQLite file. ``report`` gets one line per
    cycle and per failure. ``fetcher`` replaces the one made from ``fetch``, e.g. for tests.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stop = stop or asyncio.Event()
    written = repair_outputs(out)
    state = FeedState(store.path)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(fetch)
    writer = OutputWriter(out, append=True, parquet=False)
    reader = Reader(fetcher, store, state, teaser=teaser)
    cycle = _Cycle(
        reader,
        state,
        writer,
        written,
        every=every,
        max_attempts=max_attempts,
        max_backoff=max_backoff,
        report=report,
    )
    loop = asyncio.get_running_loop()
    try:
        while not stop.is_set():
            cycle.summary.cycles += 1
            before = (
                fetcher.counts.by_kind.get("page", 0),
                writer.stats.calls,
                writer.stats.articles,
                writer.stats.skipped,
                writer.stats.failed,
            )
            reads = await cycle.read_feeds(feeds, loop.time())
            batch = aextract_many(
                cycle.articles(reads, stop),
                concurrency=concurrency,
                store=store,
                config=config,
                gate=gate,
            )
            async for result in batch:
                failure = result.failure
                key = result.article_id or result.text_hash
                if failure is not None and failure.type in TRANSIENT_TYPES:
                    message = f"{key}: {failure.type}: {failure.message}"
                    cycle.failed(key, cycle.feed_of.get(key, ""), message, True, result)
                    continue
                state.entry_done(key)
                cycle.write(key, result)
            if not stop.is_set():  # a cycle cut short keeps the old validators
                for read in reads:
                    if read.status == "feed" and state.pending(read.url) == 0:
                        reader.save_validators(read)
            pages = fetcher.counts.by_kind.get("page", 0) - before[0]
            cycle.summary.page_fetches += pages
            s = writer.stats
            line = (
                f"cycle {cycle.summary.cycles}: feeds {len(reads)} read, "
                f"{cycle.summary.not_modified} not modified so far; new articles "
                f"{s.articles - before[2]} (skipped by the gate {s.skipped - before[3]}, failed "
                f"{s.failed - before[4]}), page fetches {pages}, model calls {s.calls - before[1]}"
            )
            cycle.summary.lines.append(line)
            report(line)
            if cycles is not None and cycle.summary.cycles >= cycles:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)
    finally:
        writer.close()
        state.close()
        if own_fetcher:
            await fetcher.aclose()
    return cycle.summary
