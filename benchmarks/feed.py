"""A 200-entry teaser feed through ``run`` and ``watch``: model calls, page fetches, seconds.

    python benchmarks/feed.py [--entries 200] [--talent 10] [--concurrency 4]

The feed (RSS, one or two sentences per entry, as Indonesian outlets serve them) links to pages
on ``tests/page_server.py``, a loopback news-site TEST DOUBLE; ``--talent`` of the stories (5% by
default) are about AI talent (the sample articles, then invented ones from ``tests/synthetic.py``),
the rest invented stories about prices, sport and roads. The model is ``tests/fault_server.py``
with no faults, a TEST DOUBLE that echoes what the prompt lists (no model is run). The fetcher's
per-host delay is 0 here (loopback); with the default 1 s a 200-page host takes 200 s.

Prints, for the first read of the feed, a rerun of the unchanged feed the way ``run`` reads it
(feed fetched again, pages not) and a ``watch`` cycle (a conditional GET: 304): page fetches,
model calls per 100 entries, articles skipped by the relevance gate and seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.fault_server import FaultPlan, FaultServer  # noqa: E402
from tests.page_server import (  # noqa: E402
    Entry,
    NewsSite,
    html_page,
    other_story,
    rss,
    sample_stories,
    teaser_of,
)
from tests.synthetic import article_text  # noqa: E402

from talent_extract import Store, aextract_many  # noqa: E402
from talent_extract.feeds.fetch import Fetcher, FetchSettings  # noqa: E402
from talent_extract.feeds.reader import Reader  # noqa: E402
from talent_extract.feeds.state import FeedState  # noqa: E402
from talent_extract.feeds.watch import watch  # noqa: E402
from talent_extract.model.backend import resolve_backend  # noqa: E402
from talent_extract.records import Article  # noqa: E402

FAST = FetchSettings(min_delay=0.0, timeout=30.0)


def stories(entries: int, talent: int) -> list[tuple[str, list[str], bool]]:
    """``entries`` stories, ``talent`` of them about AI talent, spread evenly."""
    talk = [(t, p) for t, p in sample_stories()]
    for i in range(max(0, talent - len(talk))):
        blocks = article_text(i).split("\n\n")
        talk.append((blocks[0].strip(), [b.strip() for b in blocks[1:] if b.strip()]))
    talk = talk[:talent]
    step = entries // max(talent, 1)
    out: list[tuple[str, list[str], bool]] = []
    other = 0
    for n in range(entries):
        if talk and n % step == 0 and len([s for s in out if s[2]]) < talent:
            title, paragraphs = talk[len([s for s in out if s[2]])]
            out.append((title, paragraphs, True))
        else:
            title, paragraphs = other_story(other)
            other += 1
            out.append((title, paragraphs, False))
    return out


async def run_once(feed: str, store: Store, config: object, concurrency: int) -> dict[str, float]:
    """The feed as ``run`` reads it: every entry, pages only for entries not done."""
    started = time.perf_counter()
    state = FeedState(store.path)
    calls = skipped = failed = articles = 0
    async with Fetcher(FAST) as fetcher:
        reader = Reader(fetcher, store, state)

        async def items() -> object:
            async for item in reader.items(feed):
                if isinstance(item, Article):
                    yield item

        async for result in aextract_many(
            items(),  # type: ignore[arg-type]
            concurrency=concurrency,
            store=store,
            config=config,  # type: ignore[arg-type]
        ):
            articles += 1
            if result.extraction is None:
                failed += 1
                continue
            skipped += result.extraction.meta.skipped is not None
            if not result.cached:
                calls += result.extraction.meta.calls
        pages = fetcher.counts.by_kind.get("page", 0)
    state.close()
    return {
        "articles": articles,
        "pages": pages,
        "calls": calls,
        "skipped": skipped,
        "failed": failed,
        "seconds": time.perf_counter() - started,
    }


def line(label: str, r: dict[str, float], entries: int) -> str:
    per100 = 100 * r["calls"] / entries
    return (
        f"{label}: entries {entries}, page fetches {int(r['pages'])}, model calls "
        f"{int(r['calls'])} ({per100:.1f} per 100 entries), skipped by the gate "
        f"{int(r['skipped'])}, failed {int(r['failed'])}, seconds {r['seconds']:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--talent", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    chosen = stories(args.entries, args.talent)
    with (
        NewsSite() as site,
        FaultServer(FaultPlan()) as model,
        tempfile.TemporaryDirectory() as tmp,
    ):
        entries = []
        for n, (title, paragraphs, _) in enumerate(chosen):
            link = site.put(f"/berita/{n}", html_page(title, paragraphs))
            entries.append(Entry(title, link, teaser_of(paragraphs)))
        feed = site.put("/rss", rss(entries), content_type="application/rss+xml", etag='"v1"')
        config = resolve_backend(base_url=model.url, api_key="unused", model="echo", env={})
        talent = sum(1 for s in chosen if s[2])
        print(
            f"feed: {args.entries} teaser entries, {talent} about AI talent "
            f"({100 * talent / args.entries:.0f}%), loopback pages and model (test doubles)"
        )
        with Store(Path(tmp) / "s.sqlite3") as store:
            first = asyncio.run(run_once(feed, store, config, args.concurrency))
            print(line("first run", first, args.entries))
            again = asyncio.run(run_once(feed, store, config, args.concurrency))
            print(line("rerun, unchanged feed (run)", again, args.entries))
        # watch: a fresh store and output; cycle 1 reads everything, cycle 2 gets a 304.
        with Store(Path(tmp) / "w.sqlite3") as store:
            lines: list[str] = []
            started = time.perf_counter()
            summary = asyncio.run(
                watch(
                    [feed],
                    Path(tmp) / "out",
                    store=store,
                    config=config,
                    every=0.01,
                    cycles=2,
                    concurrency=args.concurrency,
                    fetch=FAST,
                    report=lines.append,
                )
            )
            seconds = time.perf_counter() - started
        for text in lines:
            print(f"watch {text}")
        print(
            f"watch: 2 cycles in {seconds:.2f} s, {summary.page_fetches} page fetches, "
            f"{summary.not_modified} not-modified feed answers, {summary.written} rows written"
        )
        ok = again["pages"] == 0 and again["calls"] == 0
        print(f"rerun: 0 page fetches and 0 model calls: {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
