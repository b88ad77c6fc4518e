"""URLs as articles: a feed's entries (with their pages when they are teasers) or one page.

:class:`Reader` turns a URL into items for a batch. A URL is a **feed** or a **page** by its
answer's ``Content-Type`` (RSS/Atom types; HTML types), and when that says neither for sure
(``application/xml``, ``text/plain``, none) by the body: a ``<rss``, ``<feed`` or ``<rdf:RDF``
root is a feed, an HTML document a page; anything else is a :class:`FetchError`.

A feed entry whose own text is a teaser (:func:`~talent_extract.feeds.pages.is_teaser`) needs its
page, **unless it was done before**: the store already has a text for the entry's link/GUID
(:meth:`~talent_extract.Store.by_source`), or for another entry with the same teaser text
(:class:`~talent_extract.feeds.state.FeedState`). Then that text is used and no page is fetched;
the batch finds its result by text hash and makes no model call either.

A failed fetch is a :class:`FetchFailure` item (the entry's id and the :class:`FetchError`),
which a batch records as that article's failure (:meth:`FetchFailure.result`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal

from talent_extract.batch.runner import BatchResult
from talent_extract.batch.sources import SourceError, feed_items
from talent_extract.batch.store import Failure, Store, text_hash
from talent_extract.exceptions import FetchError, InputError
from talent_extract.feeds.fetch import Fetched, Fetcher
from talent_extract.feeds.pages import decode_page, is_teaser, story_article, teaser_chars
from talent_extract.feeds.state import FeedState
from talent_extract.records import Article
from talent_extract.text.clean import looks_like_html

__all__ = ["FeedRead", "FetchFailure", "Reader", "ReaderCounts", "UrlItem", "kind_of"]

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
UNSURE_TYPES = frozenset(
    {"", "application/xml", "text/xml", "text/plain", "application/octet-stream"}
)
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


@dataclass(frozen=True)
class FetchFailure:
    """A page or feed that could not be fetched, as an item of a batch's input."""

    article_id: str
    error: FetchError
    feed: str | None = None

    def result(self) -> BatchResult:
        """The failure as a batch result (type ``FetchError``, no text hash)."""
        failure = Failure("FetchError", str(self.error)[:2000], 1)
        return BatchResult(self.article_id, "", None, failure, cached=False)


UrlItem = Article | SourceError | FetchFailure


@dataclass
class ReaderCounts:
    """What a :class:`Reader` did: feed and page fetches, 304s, entries served from the store."""

    feeds: int = 0
    not_modified: int = 0
    pages: int = 0
    page_failures: int = 0
    from_store: int = 0


@dataclass
class FeedRead:
    """One URL read: a feed's entries, a page's article, 304, or the failure."""

    url: str
    status: Literal["feed", "page", "not_modified", "failed"]
    items: list[Article | SourceError] = field(default_factory=list)
    fetched: Fetched | None = None
    failure: FetchFailure | None = None


def kind_of(fetched: Fetched) -> Literal["feed", "page"]:
    """Whether an answer is a feed or a page (see the module docstring); :class:`FetchError`
    when it is neither."""
    media = fetched.content_type
    head = fetched.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    rooted = any(root in head for root in _FEED_ROOTS)
    if media in FEED_TYPES:
        return "feed"
    if media in PAGE_TYPES:
        return "feed" if head.startswith(b"<?xml") and rooted else "page"
    if media in UNSURE_TYPES:
        if rooted:
            return "feed"
        if looks_like_html(fetched.body[:5000].decode("utf-8", "replace")):
            return "page"
        raise FetchError(
            fetched.url, "neither a feed nor an HTML page", status=200, transient=False
        )
    raise FetchError(
        fetched.url,
        f"content type {media!r} is neither a feed nor an HTML page",
        status=200,
        transient=False,
    )


class Reader:
    """Reads URLs for a batch through one :class:`Fetcher`, remembering in ``store``/``state``.

    ``teaser`` is the teaser threshold (default :func:`teaser_chars`).
    """

    def __init__(
        self,
        fetcher: Fetcher,
        store: Store | None = None,
        state: FeedState | None = None,
        *,
        teaser: int | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.store = store
        self.state = state
        self.teaser = teaser_chars(teaser)
        self.counts = ReaderCounts()

    # ------------------------------------------------------------------ what is known

    def stored_text(self, source_id: str) -> str | None:
        """The latest text the store holds for ``source_id`` (from an ``ok`` result)."""
        if self.store is None:
            return None
        for stored in reversed(self.store.by_source(source_id)):
            if stored.extraction is not None:
                return stored.extraction.text
        return None

    def _known(self, entry: Article, teaser_hash: str) -> str | None:
        text = self.stored_text(entry.id) if entry.id else None
        if text is None and self.state is not None:
            other = self.state.teaser_source(teaser_hash)
            if other is not None:
                text = self.stored_text(other)
        return text

    # ------------------------------------------------------------------ reading

    async def read(self, url: str, *, conditional: bool = False) -> FeedRead:
        """Fetch ``url`` (with its saved validators when ``conditional``) and classify it.

        A page becomes one article with id ``url`` (a 304 for it reuses the stored text). The
        caller saves a feed's validators (:meth:`save_validators`) once its entries are done.
        """
        etag = modified = None
        if conditional and self.state is not None:
            etag, modified = self.state.validators(url)
        try:
            fetched = await self.fetcher.get(url, etag=etag, last_modified=modified, kind="feed")
        except FetchError as exc:
            return FeedRead(url, "failed", failure=FetchFailure(url, exc, url))
        if fetched.status == 304:
            self.counts.not_modified += 1
            stored = self.stored_text(url)
            if stored is None:  # a page we saved validators for but whose extraction failed
                return FeedRead(url, "not_modified", fetched=fetched)
            return FeedRead(url, "page", [Article(text=stored, id=url, url=url)], fetched)
        try:
            kind = kind_of(fetched)
        except FetchError as exc:
            return FeedRead(url, "failed", fetched=fetched, failure=FetchFailure(url, exc, url))
        if kind == "page":
            try:
                page = story_article(decode_page(fetched), article_id=url, url=fetched.url)
            except FetchError as exc:
                return FeedRead(url, "failed", failure=FetchFailure(url, exc, url))
            except InputError as exc:
                error = FetchError(url, f"{type(exc).__name__}: {exc}", status=200, transient=False)
                return FeedRead(url, "failed", failure=FetchFailure(url, error, url))
            return FeedRead(url, "page", [page], fetched)
        self.counts.feeds += 1
        items = list(feed_items(fetched.body, url, content_type=_header(fetched)))
        return FeedRead(url, "feed", items, fetched)

    def save_validators(self, read: FeedRead) -> None:
        """Keep ``read``'s ETag / Last-Modified for the next conditional GET of its URL."""
        if self.state is not None and read.fetched is not None and read.fetched.status == 200:
            self.state.put_validators(read.url, read.fetched.etag, read.fetched.last_modified)

    async def entry_article(self, entry: Article, feed: str) -> Article | FetchFailure:
        """The article of one feed entry: its own text, a stored text, or its page's story."""
        if not entry.url or not is_teaser(entry.text, self.teaser):
            return entry
        teaser_hash = text_hash(entry.text)
        known = self._known(entry, teaser_hash)
        if known is not None:
            self.counts.from_store += 1
            return Article(
                text=known,
                id=entry.id,
                title=entry.title,
                url=entry.url,
                source=entry.source,
                published=entry.published,
            )
        ident = entry.id or entry.url
        self.counts.pages += 1
        try:
            fetched = await self.fetcher.get(entry.url, kind="page")
            if kind_of(fetched) != "page":
                raise FetchError(
                    entry.url, "the entry's link is not an HTML page", status=200, transient=False
                )
            article = story_article(
                decode_page(fetched),
                article_id=ident,
                url=entry.url,
                title=entry.title,
                published=entry.published,
                source=feed,
            )
        except FetchError as exc:
            self.counts.page_failures += 1
            return FetchFailure(ident, exc, feed)
        except InputError as exc:  # no story in the page: that page's failure
            self.counts.page_failures += 1
            reason = f"{type(exc).__name__}: {exc}"
            error = FetchError(entry.url, reason, status=200, transient=False)
            return FetchFailure(ident, error, feed)
        if self.state is not None:
            self.state.put_teaser(teaser_hash, ident)
        return article

    async def items(self, url: str) -> AsyncIterator[UrlItem]:
        """Everything ``url`` yields for a ``run`` (no conditional GET of the feed itself: a run
        writes its whole input): articles, source errors of broken entries, fetch failures."""
        # Only a page URL is ever a source id with a stored text: its conditional GET's 304
        # reuses that text; a feed is always read whole.
        read = await self.read(url, conditional=self.stored_text(url) is not None)
        if read.status == "not_modified":
            read = await self.read(url)
        if read.status == "page":
            self.save_validators(read)
        if read.failure is not None:
            yield read.failure
            return
        for item in read.items:
            if isinstance(item, SourceError) or read.status == "page":
                yield item
            else:
                yield await self.entry_article(item, url)


def _header(fetched: Fetched) -> str | None:
    if not fetched.content_type:
        return None
    charset = f"; charset={fetched.charset}" if fetched.charset else ""
    return fetched.content_type + charset
