"""One batch over several worker processes that share the SQLite store (WAL).

One event loop tops out at what one core can do: about 5 ms of CPU per article (parsing,
grounding, openai, httpx), so near 200 articles/s. :func:`extract_many_workers` runs
:func:`~talent_extract.batch.runner.aextract_many` in ``workers`` processes, each with its own
event loop, HTTP client and connection to the same store file, and yields their results in this
process as they finish, so the caller (``talent-extract run``) writes outputs and progress as
with one process.

Articles are routed by text hash: the same text always goes to the same worker, whose in-run
deduplication then extracts it once, so no model call is paid twice across workers. Each worker
commits a result to the store before sending it here (WAL allows one writer at a time and any
number of readers; writes are one short transaction each), so a kill of any process loses no
committed result, and the next run skips it.

Where it is safe (Linux, and no other thread running in this process) the workers are forked:
they start with this process's imports and loaded word lists, so start-up costs milliseconds
instead of a fresh interpreter importing the package (about 1 s of CPU per worker). Elsewhere
they are spawned. :class:`WorkerPool` starts them at once, so a caller can do other work (count
its inputs, open its outputs) while they come up.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from talent_extract.batch.runner import BatchResult, aextract_many
from talent_extract.batch.store import Store, text_hash
from talent_extract.exceptions import WorkerError
from talent_extract.model.backend import BackendConfig
from talent_extract.model.redact import redact
from talent_extract.records import Article

__all__ = ["WorkerPool", "auto_workers", "extract_many_workers", "start_method", "start_workers"]

_ARTICLES_PER_LOOP = 16  # concurrency one event loop keeps busy before CPU, not latency, limits


def auto_workers(concurrency: int, config: BackendConfig) -> int:
    """Worker processes for ``concurrency`` articles in flight: one per 16 in flight, at most one
    per CPU this process may use; always one for the embedded model (one model per process)."""
    if config.kind == "local":
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, concurrency // _ARTICLES_PER_LOOP))


def start_workers(
    workers: int,
    concurrency: int,
    store_path: str | Path | None,
    config: BackendConfig,
    gate: bool | None = None,
    sources: Iterable[str] = (),
) -> WorkerPool | None:
    """The worker pool of ``talent-extract run --workers`` (0: :func:`auto_workers`), or None
    for one event loop in the caller: one worker, the embedded model (one model per process), an
    in-memory store, or URL ``sources`` (read asynchronously, in the caller's batch)."""
    urls = any(s.startswith(("http://", "https://")) for s in sources)
    count = workers or auto_workers(concurrency, config)
    if count <= 1 or config.kind == "local" or store_path is None or urls:
        return None
    return WorkerPool(
        workers=count, concurrency=concurrency, store_path=store_path, config=config, gate=gate
    )


def _route(item: object, workers: int) -> int:
    text = item.text if isinstance(item, Article) else item
    if not isinstance(text, str):
        return 0  # not an article: any worker turns it into its Failure
    try:
        return int(text_hash(text)[:8], 16) % workers
    except UnicodeEncodeError:  # a lone surrogate: the worker records its EncodingError
        return 0


def _worker(
    index: int,
    inbox: Any,
    outbox: Any,
    store_path: str,
    config: BackendConfig,
    concurrency: int,
    gate: bool | None = None,
) -> None:
    """A worker process: ``aextract_many`` over what arrives in ``inbox``, results to ``outbox``."""

    async def main() -> None:
        loop = asyncio.get_running_loop()

        async def items() -> AsyncIterator[str | Article]:
            while True:
                # The parent keeps the inbox a few articles ahead: take one at once when it is
                # there, and wait in a thread (the event loop stays free) only when it is not,
                # instead of a thread hop for every article.
                try:
                    item = inbox.get_nowait()
                except queue.Empty:
                    item = await loop.run_in_executor(None, inbox.get)
                if item is None:
                    return
                yield item

        with Store(store_path) as store:
            async for result in aextract_many(
                items(), concurrency=concurrency, store=store, config=config, gate=gate
            ):
                outbox.put(("result", result))

    try:
        asyncio.run(main())
    except BaseException as exc:  # the store broke, or an interrupt: the parent raises it
        outbox.put(("crash", index, redact(f"{type(exc).__name__}: {exc}", config.api_key)))
        return
    outbox.put(("done", index, ""))


def start_method() -> str:
    """``"fork"`` on Linux when this process runs no other thread, else ``"spawn"``.

    A fork copies only the calling thread, so a lock another thread holds would stay held in the
    child forever; with one thread there is none. macOS's system libraries are not fork-safe.
    """
    if (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    ):
        return "fork"
    return "spawn"


_WARM_TEXT = (  # invented: an AI story with a move and a quote, so every stage runs
    "Peneliti kecerdasan buatan Budi Santoso keluar dari sebuah laboratorium riset dan "
    'bergabung dengan perusahaan lain. "Kami menghormati keputusannya," kata juru bicara.'
)


def _warm_up(config: BackendConfig) -> None:
    """One extraction here, before a fork shares its work: the word lists loaded, the patterns
    compiled, the modules instructor, openai and the HTTP pool import on first use imported.

    The model calls are answered in-process by the Batch API's planning transport (empty
    answers of each call's schema; the result is thrown away): nothing is sent anywhere.
    """
    import httpx2
    import openai

    from talent_extract.batch.batch_api import Replay
    from talent_extract.pipeline import aextract

    async def once() -> None:
        http = httpx2.AsyncClient(transport=Replay(plan=True), trust_env=False)
        client = openai.AsyncOpenAI(
            api_key="warm-up", base_url="http://127.0.0.1:9/v1", http_client=http
        )
        try:
            await aextract(_WARM_TEXT, config=replace(config, max_reasks=0), client=client)
        finally:
            await client.close()
        # The real transport's modules (connection pool, HTTP/1.1) load when one is first made.
        await httpx2.AsyncClient(trust_env=False).aclose()

    with contextlib.suppress(Exception):  # a warm-up only: the workers do it again if need be
        asyncio.run(once())


class WorkerPool:
    """``workers`` processes running :func:`~talent_extract.batch.runner.aextract_many`, started
    when the pool is made; :meth:`results` feeds them once. Close it (or use ``with``) to stop
    them; what they committed stays in the store.

    ``concurrency`` articles are in flight in all (split evenly); ``store_path`` is the store file
    every worker opens (not ``:memory:``). ``config`` is sent to each worker (a throttle's
    ``rpm``/``tpm`` then apply per worker). ``gate`` is :func:`aextract_many`'s (None: the
    environment decides). ``method`` is the start method (default :func:`start_method`).
    """

    def __init__(
        self,
        *,
        workers: int,
        concurrency: int,
        store_path: str | Path,
        config: BackendConfig,
        gate: bool | None = None,
        method: str | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        if str(store_path) == ":memory:":
            raise ValueError("worker processes need a store file, not ':memory:'")
        self.workers = workers
        self.method = method or start_method()
        if self.method == "fork":
            _warm_up(config)
            if threading.active_count() > 1:  # the warm-up left a thread: no fork after all
                self.method = "spawn"
            else:
                # Python's documented recipe before a fork: everything imported and loaded so
                # far moves to the permanent generation, so neither the workers' full
                # collections nor this process's last one at exit walk it again (about 150,000
                # objects: 0.1 ms of CPU per article in a worker, 0.12 s at the exit), and the
                # pages stay shared. Nothing is leaked: it lives as long as the process anyway.
                gc.freeze()
        per_worker = max(1, math.ceil(concurrency / workers))
        ctx: Any = multiprocessing.get_context(self.method)
        self._inboxes = [ctx.Queue(maxsize=per_worker) for _ in range(workers)]
        self._outbox = ctx.Queue()
        # Each worker builds its own Throttle (an asyncio object) from the config.
        config = replace(config, throttle=None)
        self._procs = [
            ctx.Process(
                target=_worker,
                args=(i, self._inboxes[i], self._outbox, str(store_path), config, per_worker, gate),
                name=f"talent_extract-worker-{i}",
                daemon=True,
            )
            for i in range(workers)
        ]
        for proc in self._procs:
            proc.start()
        self._stop = threading.Event()
        self._running = set(range(workers))
        self._feeder: threading.Thread | None = None
        self._used = False

    def results(self, articles: Iterable[str | Article]) -> Iterator[BatchResult]:
        """Feed ``articles`` to the workers (read lazily, a few per worker ahead) and yield each
        result as it finishes. Raises :class:`WorkerError` when a worker dies or stops."""
        if self._used:
            raise RuntimeError("a WorkerPool runs one batch")
        self._used = True
        input_error: list[BaseException] = []
        inboxes = self._inboxes

        def feed() -> None:
            try:
                for item in articles:
                    if not self._put(inboxes[_route(item, self.workers)], item):
                        return
            except Exception as exc:  # raised to the caller once the workers finish
                input_error.append(exc)
            for box in inboxes:
                self._put(box, None)

        self._feeder = threading.Thread(target=feed, name="talent_extract-feeder", daemon=True)
        self._feeder.start()
        try:
            while self._running:
                try:
                    message = self._outbox.get(timeout=1.0)
                except queue.Empty:
                    dead = [i for i in self._running if not self._procs[i].is_alive()]
                    if dead and self._outbox.empty():
                        code = self._procs[dead[0]].exitcode
                        raise WorkerError(f"worker {dead[0]} died (exit code {code})") from None
                    continue
                kind = message[0]
                if kind == "result":
                    yield message[1]
                elif kind == "done":
                    self._running.discard(message[1])
                else:
                    raise WorkerError(f"worker {message[1]} stopped: {message[2]}")
            if input_error:
                raise input_error[0]
        finally:
            self.close()

    def _put(self, box: Any, item: object) -> bool:
        while not self._stop.is_set():
            try:
                box.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def close(self) -> None:
        """Stop the workers (a worker still busy is terminated) and free the queues."""
        if self._stop.is_set():
            return
        self._stop.set()
        if not self._used:  # never fed: tell the workers their input is over
            for box in self._inboxes:
                with contextlib.suppress(Exception):
                    box.put_nowait(None)
        for proc in self._procs:
            proc.join(timeout=5 if not self._running or not self._used else 0.5)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
        if self._feeder is not None:
            self._feeder.join(timeout=5)
        for box in [*self._inboxes, self._outbox]:
            with contextlib.suppress(Exception):
                box.cancel_join_thread()
                box.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def extract_many_workers(
    articles: Iterable[str | Article],
    *,
    workers: int,
    concurrency: int,
    store_path: str | Path,
    config: BackendConfig,
    gate: bool | None = None,
) -> Iterator[BatchResult]:
    """:func:`~talent_extract.batch.runner.extract_many` over ``workers`` processes.

    The arguments are :class:`WorkerPool`'s; the workers start at the first ``next()``. Results
    come as they finish; closing the generator stops the workers.
    """
    with WorkerPool(
        workers=workers, concurrency=concurrency, store_path=store_path, config=config, gate=gate
    ) as pool:
        yield from pool.results(articles)
