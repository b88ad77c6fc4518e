"""The collector during a batch (batch/heap.py): frozen while it runs, given back after."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from talent_extract import Article, BackendConfig, Extraction, aextract_many, extract_many
from tests.fakes import fake_config, fake_extraction

CONFIG = fake_config()


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    gc.unfreeze()  # whatever froze before this test is not this test's to judge
    yield
    gc.unfreeze()


class Seen:
    """A fake extractor noting the freeze count on every call."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.counts: list[int] = []

    async def __call__(self, article: Article, config: BackendConfig) -> Extraction:
        await asyncio.sleep(self.delay)
        self.counts.append(gc.get_freeze_count())
        return fake_extraction(article, config)


def test_the_heap_is_frozen_while_a_batch_runs_and_given_back_after() -> None:
    seen = Seen()
    results = list(extract_many([f"artikel {i}" for i in range(5)], config=CONFIG, extractor=seen))
    assert len(results) == 5
    assert all(n > 0 for n in seen.counts)
    assert gc.get_freeze_count() == 0


def test_a_batch_that_raises_gives_the_heap_back() -> None:
    def broken() -> Iterator[str]:
        yield "artikel satu"
        raise OSError("the feed broke")

    with pytest.raises(OSError):
        list(extract_many(broken(), config=CONFIG, extractor=Seen()))
    assert gc.get_freeze_count() == 0


def test_two_batches_at_once_share_one_freeze_until_the_last_ends() -> None:
    slow = Seen(delay=0.05)

    async def both() -> None:
        async def run(texts: list[str], extractor: Seen) -> None:
            async for _ in aextract_many(texts, config=CONFIG, extractor=extractor):
                pass

        fast = run(["cepat"], Seen())
        # The slow batch's later articles run after the fast batch has ended.
        await asyncio.gather(fast, run([f"lambat {i}" for i in range(4)], slow))

    asyncio.run(both())
    assert len(slow.counts) == 4 and all(n > 0 for n in slow.counts)
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_its_heap_itself_is_left_alone() -> None:
    gc.freeze()
    before = gc.get_freeze_count()
    list(extract_many(["artikel"], config=CONFIG, extractor=Seen()))
    assert gc.get_freeze_count() >= before > 0


def test_the_freeze_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENT_EXTRACT_GC_FREEZE", "0")
    seen = Seen()
    list(extract_many(["artikel"], config=CONFIG, extractor=seen))
    assert seen.counts == [0]


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_garbage_made_of_objects_frozen_during_a_batch_is_collected_after_it() -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the cyclic collector can free it
    alive = weakref.ref(a)
    holder = [a]

    class Drop(Seen):
        async def __call__(self, article: Article, config: BackendConfig) -> Extraction:
            holder.clear()  # the cycle becomes garbage while frozen
            gc.collect()
            self.counts.append(int(alive() is not None))
            return fake_extraction(article, config)

    drop = Drop()
    del a, b
    list(extract_many(["artikel"], config=CONFIG, extractor=drop))
    assert drop.counts == [1]  # frozen: skipped by the collection inside the batch
    gc.collect()
    assert alive() is None  # given back: collected
