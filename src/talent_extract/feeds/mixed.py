"""The ``SOURCE`` arguments of ``run`` and ``extract`` when some are URLs.

Files, folders and ``-`` are read by :func:`~talent_extract.iter_articles`, in the order given;
each ``http(s)://`` URL through one polite :class:`~talent_extract.feeds.fetch.Fetcher` and a
:class:`~talent_extract.feeds.reader.Reader` (a feed's entries with their pages, or one page).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import TextIO

from talent_extract.batch.sources import iter_articles
from talent_extract.batch.store import Store
from talent_extract.feeds.fetch import Fetcher, FetchSettings
from talent_extract.feeds.reader import Reader, UrlItem
from talent_extract.feeds.state import FeedState

__all__ = ["is_url", "iter_mixed", "read_urls"]


def is_url(source: str) -> bool:
    """True for an ``http://`` or ``https://`` source."""
    return source.startswith(("http://", "https://"))


async def iter_mixed(
    sources: Sequence[str],
    *,
    store: Store | None = None,
    stdin: TextIO | None = None,
    settings: FetchSettings | None = None,
    teaser: int | None = None,
) -> AsyncIterator[UrlItem]:
    """Every item of ``sources``, lazily: articles, source errors and fetch failures."""
    state = FeedState(store.path if store is not None else None)
    try:
        async with Fetcher(settings) as fetcher:
            reader = Reader(fetcher, store, state, teaser=teaser)
            for source in sources:
                if is_url(source):
                    async for item in reader.items(source):
                        yield item
                else:
                    for local in iter_articles([source], stdin=stdin):
                        yield local
    finally:
        state.close()


def read_urls(
    sources: Sequence[str],
    *,
    store: Store | None = None,
    settings: FetchSettings | None = None,
    teaser: int | None = None,
) -> list[UrlItem]:
    """:func:`iter_mixed` run to the end on a private event loop (for ``extract URL``)."""

    async def collect() -> list[UrlItem]:
        return [
            item
            async for item in iter_mixed(sources, store=store, settings=settings, teaser=teaser)
        ]

    return asyncio.run(collect())
