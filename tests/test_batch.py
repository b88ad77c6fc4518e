"""extract_many / aextract_many with a fake extractor: no model, no network."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path

import pytest

from talent_extract import (
    Article,
    BackendConfig,
    BackendError,
    BatchResult,
    Extraction,
    InputError,
    Store,
    aextract_many,
    extract_many,
)
from talent_extract.batch.store import Failure
from tests.fakes import SECRET, fake_config, fake_extraction

CONFIG = fake_config()


class FakeExtractor:
    """Sleeps ``delays.get(text, delay)``, raises ``errors[text]`` if given, counts calls."""

    def __init__(
        self,
        delay: float = 0.0,
        delays: dict[str, float] | None = None,
        errors: dict[str, BaseException] | None = None,
    ) -> None:
        self.delay = delay
        self.delays = delays or {}
        self.errors = errors or {}
        self.calls: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0

    async def __call__(self, article: Article, config: BackendConfig) -> Extraction:
        self.calls.append(article.text)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delays.get(article.text, self.delay))
            if article.text in self.errors:
                raise self.errors[article.text]
            return fake_extraction(article, config)
        finally:
            self.in_flight -= 1


def run(articles: Iterable[str | Article], **kwargs: object) -> list[BatchResult]:
    """Drain aextract_many on a fresh loop."""

    async def drain() -> list[BatchResult]:
        return [r async for r in aextract_many(articles, config=CONFIG, **kwargs)]  # type: ignore[arg-type]

    return asyncio.run(drain())


def texts(n: int, prefix: str = "artikel") -> list[str]:
    return [f"{prefix} {i}" for i in range(n)]


# --------------------------------------------------------------------------- concurrency


def test_concurrency_bound_is_respected() -> None:
    fake = FakeExtractor(delay=0.02)
    results = run(texts(12), concurrency=3, extractor=fake)
    assert len(results) == 12 and all(r.ok and not r.cached for r in results)
    assert fake.max_in_flight == 3
    assert sorted(fake.calls) == sorted(texts(12))


def test_results_come_as_they_finish() -> None:
    articles = texts(6)
    fake = FakeExtractor(delay=0.01, delays={articles[0]: 0.4})
    started = time.perf_counter()
    order: list[tuple[str, float]] = []

    async def drain() -> None:
        async for r in aextract_many(articles, concurrency=2, config=CONFIG, extractor=fake):
            assert r.extraction is not None
            order.append((r.extraction.text, time.perf_counter() - started))

    asyncio.run(drain())
    assert order[-1][0] == articles[0]  # the slow first article does not hold the others back
    assert [t for t, _ in order[:-1]] == articles[1:]
    assert order[0][1] < 0.2


def test_plain_strings_have_no_id_and_articles_keep_theirs() -> None:
    results = run(["satu", Article(text="dua", id="feed:2")], extractor=FakeExtractor())
    by_text = {r.extraction.text: r for r in results if r.extraction}
    assert by_text["satu"].article_id is None
    assert by_text["dua"].article_id == "feed:2"
    assert by_text["dua"].extraction is not None
    assert by_text["dua"].extraction.article_id == "feed:2"


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="concurrency"):
        run(["x"], concurrency=0, extractor=FakeExtractor())
    with pytest.raises(TypeError, match="config"):
        run(["x"], extractor=FakeExtractor(), model="other")


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("error", "attempts"),
    [
        (InputError("artikel kosong"), 1),
        (BackendError("HTTP 503 after retries", attempts=4), 4),
        (RuntimeError("unexpected"), 1),
    ],
)
def test_one_bad_article_becomes_a_failure(error: Exception, attempts: int) -> None:
    articles = texts(5)
    fake = FakeExtractor(delay=0.01, errors={articles[2]: error})
    results = run(articles, concurrency=2, extractor=fake)
    assert len(results) == 5
    failed = [r for r in results if r.failure is not None]
    assert [r.text_hash for r in failed] == [Store.key_for(articles[2], CONFIG).text_hash]
    assert failed[0].failure == Failure(type(error).__name__, str(error), attempts)
    assert failed[0].extraction is None and not failed[0].ok
    assert sum(r.ok for r in results) == 4


def test_a_failure_message_never_carries_the_key(tmp_path: Path) -> None:
    fake = FakeExtractor(errors={"x": BackendError(f"refused key {SECRET}", attempts=1)})
    with Store(tmp_path / "r.sqlite3") as store:
        [result] = run(["x"], extractor=fake, store=store)
    assert result.failure is not None
    assert SECRET not in result.failure.message and "***" in result.failure.message


def test_a_non_article_item_is_a_failure() -> None:
    results = run(["ok", 42], extractor=FakeExtractor())  # type: ignore[list-item]
    failures = [r.failure for r in results if r.failure]
    assert failures == [Failure("InputError", "article must be str or Article, not int", 0)]


@pytest.mark.parametrize("error", [KeyboardInterrupt, asyncio.CancelledError])
def test_interrupts_propagate(error: type[BaseException]) -> None:
    fake = FakeExtractor(delay=0.01, errors={"artikel 3": error()})
    with pytest.raises(error):
        run(texts(8), concurrency=2, extractor=fake)
    with pytest.raises(error):
        list(extract_many(texts(8), concurrency=2, config=CONFIG, extractor=fake))


def test_an_interrupt_in_the_input_propagates_at_once() -> None:
    def articles() -> Iterator[str]:
        yield "satu"
        raise KeyboardInterrupt

    fake = FakeExtractor(delay=5.0)
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run(articles(), extractor=fake)
    assert time.perf_counter() - started < 2.0  # did not wait for the slow article


def test_an_input_error_propagates_after_the_articles_in_flight(tmp_path: Path) -> None:
    def articles() -> Iterator[str]:
        yield from texts(3)
        raise OSError("feed went away")

    fake = FakeExtractor(delay=0.02)
    seen: list[BatchResult] = []
    with Store(tmp_path / "r.sqlite3") as store:

        async def drain() -> None:
            async for r in aextract_many(
                articles(), concurrency=4, store=store, config=CONFIG, extractor=fake
            ):
                seen.append(r)

        with pytest.raises(OSError, match="feed went away"):
            asyncio.run(drain())
        assert len(seen) == 3 and store.count()["ok"] == 3


# --------------------------------------------------------------------------- the store


def test_second_run_is_all_cached_with_no_calls(tmp_path: Path) -> None:
    articles = [Article(text=t, id=f"src-{i}") for i, t in enumerate(texts(6))]
    with Store(tmp_path / "r.sqlite3") as store:
        first = FakeExtractor(delay=0.005)
        assert not any(r.cached for r in run(articles, store=store, extractor=first))
        assert len(first.calls) == 6
        second = FakeExtractor()
        again = run(articles, store=store, extractor=second)
        assert second.calls == []
        assert len(again) == 6 and all(r.cached and r.ok for r in again)
        assert {r.article_id for r in again} == {f"src-{i}" for i in range(6)}
        assert store.count() == {"ok": 6, "failed": 0, "sources": 6}


def test_a_failed_article_is_retried_on_the_next_run(tmp_path: Path) -> None:
    articles = texts(4)
    with Store(tmp_path / "r.sqlite3") as store:
        flaky = FakeExtractor(errors={articles[1]: BackendError("HTTP 429", attempts=4)})
        run(articles, store=store, extractor=flaky)
        assert store.count() == {"ok": 3, "failed": 1, "sources": 0}
        healthy = FakeExtractor()
        results = run(articles, store=store, extractor=healthy)
        assert healthy.calls == [articles[1]]
        [retried] = [r for r in results if not r.cached]
        assert retried.ok
        assert store.count() == {"ok": 4, "failed": 0, "sources": 0}


def test_by_source_answers_per_source_id(tmp_path: Path) -> None:
    articles = [
        Article(text="Budi keluar.", id="https://a.id/1"),
        Article(text="Rina pindah.", id="https://a.id/2"),
        Article(text="gagal", id="https://a.id/3"),
    ]
    fake = FakeExtractor(errors={"gagal": InputError("no story")})
    with Store(tmp_path / "r.sqlite3") as store:
        run(articles, store=store, extractor=fake)
        [one] = store.by_source("https://a.id/1")
        assert one.extraction is not None and one.extraction.text == "Budi keluar."
        [three] = store.by_source("https://a.id/3")
        assert three.failure == Failure("InputError", "no story", 1)
        assert store.by_source("https://a.id/404") == []


@pytest.mark.parametrize("concurrency", [1, 4])
def test_duplicate_text_is_extracted_once_and_recorded_for_both(
    tmp_path: Path, concurrency: int
) -> None:
    # concurrency 4: both in flight together; concurrency 1: the second finds the first stored.
    articles = [
        Article(text="teks yang sama", id="portal-a"),
        Article(text="teks lain", id="portal-c"),
        Article(text="teks yang sama", id="portal-b"),
    ]
    fake = FakeExtractor(delay=0.02)
    with Store(tmp_path / "r.sqlite3") as store:
        results = run(articles, concurrency=concurrency, store=store, extractor=fake)
        assert sorted(fake.calls) == ["teks lain", "teks yang sama"]
        same = {r.article_id: r for r in results if r.article_id in ("portal-a", "portal-b")}
        assert sorted(r.cached for r in same.values()) == [False, True]
        for source in ("portal-a", "portal-b"):
            extraction = same[source].extraction
            assert extraction is not None and extraction.article_id == source
            [stored] = store.by_source(source)
            assert stored.ok and stored.key.text_hash == same[source].text_hash
        assert store.count() == {"ok": 2, "failed": 0, "sources": 3}


def test_duplicate_text_within_a_run_shares_a_failure() -> None:
    fake = FakeExtractor(delay=0.01, errors={"sama": RuntimeError("boom")})
    results = run(["sama", "sama", "sama"], concurrency=2, extractor=fake)
    assert fake.calls == ["sama"]
    assert [r.failure.type if r.failure else None for r in results] == ["RuntimeError"] * 3
    assert sum(r.cached for r in results) == 2


def test_the_api_key_never_reaches_the_database(tmp_path: Path) -> None:
    articles = [Article(text=t, id=t) for t in texts(5)]
    fake = FakeExtractor(errors={articles[0].text: BackendError(f"bad key {SECRET}")})
    with Store(tmp_path / "r.sqlite3") as store:
        run(articles, store=store, extractor=fake)
        assert store.count() == {"ok": 4, "failed": 1, "sources": 5}
    files = list(tmp_path.iterdir())
    assert files and all(SECRET.encode() not in f.read_bytes() for f in files)


# --------------------------------------------------------------------------- the sync twin


def test_extract_many_yields_everything(tmp_path: Path) -> None:
    fake = FakeExtractor(delay=0.005)
    with Store(tmp_path / "r.sqlite3") as store:  # made here, used from the batch thread
        results = list(
            extract_many(texts(10), concurrency=3, store=store, config=CONFIG, extractor=fake)
        )
        assert len(results) == 10 and store.count()["ok"] == 10
    assert fake.max_in_flight == 3


def test_extract_many_inside_a_running_loop() -> None:
    async def notebook_cell() -> list[BatchResult]:
        return list(extract_many(texts(3), config=CONFIG, extractor=FakeExtractor()))

    assert len(asyncio.run(notebook_cell())) == 3


def test_extract_many_stops_cleanly_on_break(tmp_path: Path) -> None:
    fake = FakeExtractor(delay=0.01)
    with Store(tmp_path / "r.sqlite3") as store:
        got = []
        for r in extract_many(
            texts(100), concurrency=4, store=store, config=CONFIG, extractor=fake
        ):
            got.append(r)
            if len(got) == 3:
                break
        done = store.count()["ok"]
        assert 3 <= done < 100
        time.sleep(0.05)
        assert store.count()["ok"] == done  # nothing runs on after the break
        assert len(fake.calls) < 100


def test_extract_many_reraises_errors_in_the_caller() -> None:
    with pytest.raises(TypeError, match="config"):
        list(extract_many(["x"], config=CONFIG, model="other"))


# --------------------------------------------------------------------------- flat memory


@pytest.mark.parametrize("sync", [False, True])
def test_a_huge_input_is_consumed_lazily(sync: bool) -> None:
    concurrency = 4
    produced = 0

    def articles() -> Iterator[str]:
        nonlocal produced
        for i in range(5000):
            produced += 1
            yield f"a{i}"

    fake = FakeExtractor()
    ahead = 0
    seen = 0
    if sync:
        for _ in extract_many(articles(), concurrency=concurrency, config=CONFIG, extractor=fake):
            seen += 1
            ahead = max(ahead, produced - seen)
    else:

        async def drain() -> None:
            nonlocal seen, ahead
            async for _ in aextract_many(
                articles(), concurrency=concurrency, config=CONFIG, extractor=fake
            ):
                seen += 1
                ahead = max(ahead, produced - seen)

        asyncio.run(drain())
    assert seen == 5000 and len(fake.calls) == 5000
    # inbox + workers + outbox, each bounded by `concurrency`, and the item the feeder holds.
    assert ahead <= 4 * concurrency + 2


def test_an_async_iterable_is_accepted() -> None:
    async def articles() -> AsyncIterator[str]:
        for t in texts(5):
            await asyncio.sleep(0)
            yield t

    async def drain() -> list[BatchResult]:
        return [
            r async for r in aextract_many(articles(), config=CONFIG, extractor=FakeExtractor())
        ]

    assert len(asyncio.run(drain())) == 5


# --------------------------------------------------------------------------- kill -9 and resume

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from talent_extract import Article, Store, extract_many
    from tests.fakes import fake_config, fake_extraction

    async def slow(article, config):
        await asyncio.sleep(0.02)
        return fake_extraction(article, config)

    path, n = sys.argv[1], int(sys.argv[2])
    articles = (Article(text=f"artikel nomor {i}", id=f"src-{i}") for i in range(n))
    with Store(path) as store:
        for r in extract_many(articles, concurrency=4, store=store, config=fake_config(),
                              extractor=slow):
            print(r.article_id, flush=True)
    """
)


@pytest.mark.parametrize("kill_after", [1, 40])
def test_a_batch_killed_mid_run_resumes_without_loss_or_duplicates(
    tmp_path: Path, kill_after: int
) -> None:
    n = 300
    path = tmp_path / "r.sqlite3"
    script = tmp_path / "child.py"
    script.write_text(CHILD, "utf-8")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), str(n)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=root,
    )
    assert child.stdout is not None
    printed: list[str] = []
    try:
        while len(printed) < kill_after:
            line = child.stdout.readline()
            assert line, "the child ended before it was killed"
            printed.append(line.strip())
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with Store(path) as store:
        committed = store.count()["ok"]
        assert kill_after <= committed < n  # everything yielded was committed first
        for source in printed:
            assert len(store.by_source(source)) == 1

        fake = FakeExtractor()
        articles = [Article(text=f"artikel nomor {i}", id=f"src-{i}") for i in range(n)]
        results = run(articles, concurrency=4, store=store, extractor=fake)
        assert len(fake.calls) == n - committed  # nothing done is paid for again
        assert sorted(r.article_id or "" for r in results) == sorted(a.id or "" for a in articles)
        assert sum(r.cached for r in results) == committed
        assert store.count() == {"ok": n, "failed": 0, "sources": n}
        for a in articles:
            [stored] = store.by_source(a.id or "")
            assert stored.ok
