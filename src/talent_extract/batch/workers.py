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
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing
import os
import queue
import threading
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from talent_extract.batch.runner import BatchResult, aextract_many
from talent_extract.batch.store import Store, text_hash
from talent_extract.exceptions import WorkerError
from talent_extract.model.backend import BackendConfig
from talent_extract.records import Article

__all__ = ["auto_workers", "extract_many_workers"]

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
) -> None:
    """A worker process: ``aextract_many`` over what arrives in ``inbox``, results to ``outbox``."""

    async def main() -> None:
        loop = asyncio.get_running_loop()

        async def items() -> AsyncIterator[str | Article]:
            while (item := await loop.run_in_executor(None, inbox.get)) is not None:
                yield item

        with Store(store_path) as store:
            async for result in aextract_many(
                items(), concurrency=concurrency, store=store, config=config
            ):
                outbox.put(("result", result))

    try:
        asyncio.run(main())
    except BaseException as exc:  # the store broke, or an interrupt: the parent raises it
        outbox.put(("crash", index, f"{type(exc).__name__}: {exc}"))
        return
    outbox.put(("done", index, ""))


def extract_many_workers(
    articles: Iterable[str | Article],
    *,
    workers: int,
    concurrency: int,
    store_path: str | Path,
    config: BackendConfig,
) -> Iterator[BatchResult]:
    """:func:`~talent_extract.batch.runner.extract_many` over ``workers`` processes.

    ``concurrency`` articles are in flight in all (split evenly); ``store_path`` is the store
    file every worker opens (not ``:memory:``). ``config`` is sent to each worker (a throttle's
    ``rpm``/``tpm`` then apply per worker). Results come as they finish; the input is read
    lazily, a few articles per worker ahead. Closing the generator stops the workers; what they
    committed stays in the store.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if str(store_path) == ":memory:":
        raise ValueError("worker processes need a store file, not ':memory:'")
    per_worker = max(1, math.ceil(concurrency / workers))
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that runs threads
    inboxes = [ctx.Queue(maxsize=per_worker) for _ in range(workers)]
    outbox = ctx.Queue()
    # Each worker builds its own Throttle (an asyncio object) from the config.
    config = replace(config, throttle=None)
    procs = [
        ctx.Process(
            target=_worker,
            args=(i, inboxes[i], outbox, str(store_path), config, per_worker),
            name=f"talent_extract-worker-{i}",
            daemon=True,
        )
        for i in range(workers)
    ]
    for proc in procs:
        proc.start()
    stop = threading.Event()
    input_error: list[BaseException] = []

    def put(box: Any, item: object) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def feed() -> None:
        try:
            for item in articles:
                if not put(inboxes[_route(item, workers)], item):
                    return
        except Exception as exc:  # raised to the caller once the workers finish
            input_error.append(exc)
        for box in inboxes:
            put(box, None)

    feeder = threading.Thread(target=feed, name="talent_extract-feeder", daemon=True)
    feeder.start()
    running = set(range(workers))
    try:
        while running:
            try:
                message = outbox.get(timeout=1.0)
            except queue.Empty:
                dead = [i for i in running if not procs[i].is_alive()]
                if dead and outbox.empty():
                    code = procs[dead[0]].exitcode
                    raise WorkerError(f"worker {dead[0]} died (exit code {code})") from None
                continue
            kind = message[0]
            if kind == "result":
                yield message[1]
            elif kind == "done":
                running.discard(message[1])
            else:
                raise WorkerError(f"worker {message[1]} stopped: {message[2]}")
        if input_error:
            raise input_error[0]
    finally:
        stop.set()
        for proc in procs:
            proc.join(timeout=5 if not running else 0.5)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
        feeder.join(timeout=5)
        for box in [*inboxes, outbox]:
            with contextlib.suppress(Exception):
                box.cancel_join_thread()
                box.close()
