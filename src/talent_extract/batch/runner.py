"""Many articles at once: bounded concurrency, results as they finish, nothing paid twice.

A fixed pool of ``concurrency`` worker tasks pulls articles from a small queue that a feeder
fills lazily from the input iterable, and pushes results onto a small output queue the caller
drains. Every queue is bounded by ``concurrency``, so a generator of a million articles is
consumed only a few ``concurrency`` ahead of the results the caller has taken: memory stays flat.

Each result is committed to the :class:`~talent_extract.batch.store.Store` *before* it is
yielded, so
everything a caller has seen survives a kill; articles in flight at the kill are extracted again
by the next run (their model calls are the only ones ever paid twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
)
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from talent_extract.batch.heap import frozen_heap
from talent_extract.batch.store import Failure, ResultKey, Store
from talent_extract.find.gate import resolve_gate
from talent_extract.model.backend import BackendConfig, Throttle, make_client, resolve_backend
from talent_extract.model.redact import redact
from talent_extract.records import Article, Extraction
from talent_extract.text.check import lone_surrogate, printable

__all__ = ["BatchResult", "Extractor", "Failure", "aextract_many", "extract_many"]

Extractor = Callable[[Article, BackendConfig], Awaitable[Extraction]]
_MESSAGE_LIMIT = 2000


@dataclass(frozen=True)
class BatchResult:
    """One article's outcome in a batch: exactly one of ``extraction`` and ``failure`` is set.

    ``article_id`` is :attr:`Article.id` (None for a plain ``str``), ``text_hash`` the SHA-256 of
    the text, ``cached`` True when no extraction ran for this article: the store already had an
    ``ok`` result, or an identical text earlier in the same run was (being) extracted.
    """

    article_id: str | None
    text_hash: str
    extraction: Extraction | None
    failure: Failure | None
    cached: bool

    def __post_init__(self) -> None:
        if (self.extraction is None) == (self.failure is None):
            raise ValueError("exactly one of extraction and failure must be set")

    @property
    def ok(self) -> bool:
        """True when the article has an :class:`Extraction`."""
        return self.extraction is not None


# The batch's HTTP client: one connection pool for every article (a client per article cost
# ~25 ms CPU each in the batch benchmark). Worker tasks inherit it from aextract_many's context.
_SHARED_CLIENT: ContextVar[Any] = ContextVar("talent_extract_shared_client", default=None)
# The batch's gate= (None: TALENT_EXTRACT_GATE decides), inherited by the workers like the client.
_GATE: ContextVar[bool | None] = ContextVar("talent_extract_gate", default=None)


async def _default_extractor(article: Article, config: BackendConfig) -> Extraction:
    from talent_extract.pipeline import aextract

    return await aextract(article, config=config, client=_SHARED_CLIENT.get(), gate=_GATE.get())


def _failure(exc: Exception, config: BackendConfig) -> Failure:
    message = redact(str(exc) or repr(exc), config.api_key)
    attempts = getattr(exc, "attempts", 1)
    return Failure(
        type(exc).__name__,
        message[:_MESSAGE_LIMIT],
        attempts if isinstance(attempts, int) else 1,
    )


@dataclass(frozen=True)
class _Crash:
    """A non-per-article exception (store error, KeyboardInterrupt) for the consumer to raise."""

    error: BaseException


class _Done:
    """A worker's last message."""


_END = object()  # tells a worker the input is exhausted
_EXHAUSTED = object()  # the batch has no more results
_Outcome = tuple[Extraction | None, Failure | None]


class _Run:
    """The state of one :func:`aextract_many` call."""

    def __init__(
        self, store: Store, config: BackendConfig, extractor: Extractor, gate: bool = True
    ) -> None:
        self.gate = gate
        self.store = store
        self.config = config
        self.extractor = extractor
        self.inflight: dict[str, asyncio.Future[_Outcome]] = {}
        self.failed: dict[str, Failure] = {}  # text hash -> failure earlier in this run

    def _result(
        self, article: Article, key: ResultKey, outcome: _Outcome, cached: bool
    ) -> BatchResult:
        extraction, failure = outcome
        if cached and extraction is not None and extraction.article_id != article.id:
            extraction = extraction.model_copy(update={"article_id": article.id})
        return BatchResult(article.id, key.text_hash, extraction, failure, cached)

    async def process(self, item: object) -> BatchResult:
        if isinstance(item, str):
            article = Article(text=item)
        elif isinstance(item, Article):
            article = item
        else:
            message = f"article must be str or Article, not {type(item).__name__}"
            return BatchResult(None, "", None, Failure("InputError", message, 0), cached=False)
        # A lone surrogate cannot be hashed, stored or written: refused here, or it would crash
        # the batch in the store.
        broken = lone_surrogate(text=article.text, id=article.id)
        if broken is not None:
            failure = Failure("EncodingError", broken, 0)
            return BatchResult(printable(article.id), "", None, failure, cached=False)
        key = self.store.key_for(article.text, self.config)
        h = key.text_hash
        # No await between these checks and registering in `inflight`: no two workers can both
        # decide to extract the same text.
        pending = self.inflight.get(h)
        if pending is not None:
            shared = await asyncio.shield(pending)
            self._add_source(article.id, h)
            return self._result(article, key, shared, cached=True)
        if h in self.failed:
            self._add_source(article.id, h)
            return self._result(article, key, (None, self.failed[h]), cached=True)
        stored = self.store.get(key)
        # A result the gate skipped is no answer for a batch that reads everything (gate off).
        if (
            stored is not None
            and stored.extraction is not None
            and (self.gate or stored.extraction.meta.skipped is None)
        ):
            self._add_source(article.id, h)
            return self._result(article, key, (stored.extraction, None), cached=True)

        future: asyncio.Future[_Outcome] = asyncio.get_running_loop().create_future()
        self.inflight[h] = future
        try:
            try:
                extraction = await self.extractor(article, self.config)
            except Exception as exc:  # one bad article never stops the batch
                failure = _failure(exc, self.config)
                self.store.put_failure(key, article.id, failure)
                self.failed[h] = failure
                outcome: _Outcome = (None, failure)
            else:
                self.store.put_ok(key, article.id, extraction)
                outcome = (extraction, None)
            future.set_result(outcome)
            return self._result(article, key, outcome, cached=False)
        finally:
            del self.inflight[h]
            if not future.done():
                future.cancel()  # torn down mid-extraction: duplicates waiting on it stop too

    def _add_source(self, source_id: str | None, h: str) -> None:
        if source_id is not None:
            self.store.add_source(source_id, h)


async def aextract_many(
    articles: Iterable[str | Article] | AsyncIterable[str | Article],
    *,
    concurrency: int = 4,
    store: Store | None = None,
    config: BackendConfig | None = None,
    extractor: Extractor | None = None,
    rpm: float | None = None,
    tpm: float | None = None,
    gate: bool | None = None,
    **backend_kwargs: Any,
) -> AsyncGenerator[BatchResult, None]:
    """Extract many articles, at most ``concurrency`` in flight, yielding results as they finish.

    ``articles`` is any iterable (or async iterable) of ``str`` or :class:`Article`; it is read
    lazily, never materialised. ``config`` defaults to ``resolve_backend(**backend_kwargs)``,
    resolved once for the whole batch.

    With a ``store``, every result is committed before it is yielded; articles whose text already
    has an ``ok`` result for this model, prompt and schema version are yielded with
    ``cached=True`` and make no model call; earlier failures are retried. Every ``Article.id``
    is recorded as a source of its text. Without a store, results are deduplicated within the
    run only (in a private in-memory store).

    Identical texts within one run are extracted once; the later ones get the same result with
    ``cached=True``. Any ``Exception`` from one article becomes a :class:`Failure` on its
    :class:`BatchResult`; ``KeyboardInterrupt`` and cancellation propagate, and so do errors of
    the store itself and of the input iterable (after the articles in flight finish).

    All workers share one :class:`~talent_extract.model.backend.Throttle`: a 429 ``Retry-After``
    seen
    by one pauses them all, and ``rpm`` / ``tpm`` cap requests and tokens per minute.

    ``gate`` is :func:`talent_extract.aextract`'s (None: ``TALENT_EXTRACT_GATE``); with the gate
    off, a stored result the gate skipped is extracted again.

    ``extractor(article, config)`` replaces :func:`talent_extract.aextract`, e.g. for tests.
    """
    chunks = _chunks(
        articles,
        concurrency=concurrency,
        store=store,
        config=config,
        extractor=extractor,
        rpm=rpm,
        tpm=tpm,
        gate=gate,
        **backend_kwargs,
    )
    async with contextlib.aclosing(chunks):
        async for chunk in chunks:
            for result in chunk:
                yield result


async def _chunks(
    articles: Iterable[str | Article] | AsyncIterable[str | Article],
    *,
    concurrency: int,
    store: Store | None,
    config: BackendConfig | None,
    extractor: Extractor | None,
    rpm: float | None,
    tpm: float | None,
    gate: bool | None,
    **backend_kwargs: Any,
) -> AsyncGenerator[list[BatchResult], None]:
    """:func:`aextract_many`'s batch, yielding every result that is ready at once as a list."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    if config is None:
        config = resolve_backend(**backend_kwargs)
    elif backend_kwargs:
        raise TypeError("pass either config or backend keyword arguments, not both")
    if config.throttle is None or rpm is not None or tpm is not None:
        config = replace(config, throttle=Throttle(rpm=rpm, tpm=tpm))
    own_store = store is None
    run = _Run(
        Store(":memory:") if store is None else store,
        config,
        extractor or _default_extractor,
        resolve_gate(gate),
    )
    inbox: asyncio.Queue[Any] = asyncio.Queue(maxsize=concurrency)
    outbox: asyncio.Queue[BatchResult | _Crash | _Done] = asyncio.Queue(maxsize=concurrency)
    input_error: list[BaseException] = []

    async def feed() -> None:
        try:
            if isinstance(articles, AsyncIterable):
                async for item in articles:
                    await inbox.put(item)
            else:
                for item in articles:
                    await inbox.put(item)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # raised to the caller once the articles in flight finish
            input_error.append(exc)
        except BaseException as exc:  # KeyboardInterrupt: at once
            await outbox.put(_Crash(exc))
            return
        for _ in range(concurrency):
            await inbox.put(_END)

    async def work() -> None:
        try:
            while (item := await inbox.get()) is not _END:
                await outbox.put(await run.process(item))
        except BaseException as exc:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # torn down by the consumer
            await outbox.put(_Crash(exc))
            return
        await outbox.put(_Done())

    shared = make_client(config) if config.kind != "local" and extractor is None else None
    token = _SHARED_CLIENT.set(shared)
    gate_token = _GATE.set(gate)
    tasks = [asyncio.create_task(feed())] + [
        asyncio.create_task(work()) for _ in range(concurrency)
    ]
    _GATE.reset(gate_token)
    _SHARED_CLIENT.reset(token)
    # The heap alive now is skipped by the collector while the batch runs (batch/heap.py).
    with frozen_heap():
        try:
            running = concurrency
            while running:
                # Every result already waiting, in one chunk: extract_many hands a chunk to its
                # caller's thread in one hop instead of one per result.
                messages = [await outbox.get()]
                while not outbox.empty():
                    messages.append(outbox.get_nowait())
                ready: list[BatchResult] = []
                for message in messages:
                    if isinstance(message, _Done):
                        running -= 1
                    elif isinstance(message, _Crash):
                        if ready:
                            yield ready
                        raise message.error
                    else:
                        ready.append(message)
                if ready:
                    yield ready
            if input_error:
                raise input_error[0]
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if shared is not None:
                await shared.close()
            if own_store:
                run.store.close()


def extract_many(
    articles: Iterable[str | Article] | AsyncIterable[str | Article],
    *,
    concurrency: int = 4,
    store: Store | None = None,
    config: BackendConfig | None = None,
    extractor: Extractor | None = None,
    rpm: float | None = None,
    tpm: float | None = None,
    gate: bool | None = None,
    **backend_kwargs: Any,
) -> Iterator[BatchResult]:
    """Synchronous :func:`aextract_many`: a generator yielding results as they finish.

    The batch runs on a private event loop in a background thread, so this works inside a
    running loop too (Jupyter). Results reach this thread in chunks of those already finished
    (one thread hop per chunk, not per result), so the input is read no further ahead than in
    :func:`aextract_many`. Closing the generator early (``break``) or an
    exception in the caller cancels the articles in flight; everything already yielded is in
    the store.
    """
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="talent_extract-batch", daemon=True)
    thread.start()
    batch = _chunks(
        articles,
        concurrency=concurrency,
        store=store,
        config=config,
        extractor=extractor,
        rpm=rpm,
        tpm=tpm,
        gate=gate,
        **backend_kwargs,
    )
    current: dict[str, asyncio.Task[Any]] = {}

    async def step() -> Any:
        task = asyncio.current_task()
        assert task is not None
        current["task"] = task
        try:
            return await anext(batch)
        except StopAsyncIteration:
            return _EXHAUSTED
        except BaseException as exc:
            if task.cancelling():
                raise  # cancelled by close()
            # Re-raised in the caller's thread; a KeyboardInterrupt must not kill the loop's.
            return _Crash(exc)

    async def close() -> None:
        task = current.get("task")
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        await batch.aclose()

    try:
        while True:
            got = asyncio.run_coroutine_threadsafe(step(), loop).result()
            if got is _EXHAUSTED:
                return
            if isinstance(got, _Crash):
                raise got.error
            yield from got
    finally:
        try:
            asyncio.run_coroutine_threadsafe(close(), loop).result()
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
