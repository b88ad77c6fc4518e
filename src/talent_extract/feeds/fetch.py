"""Polite HTTP fetching of feeds and pages: one client, checked answers, typed failures.

:class:`Fetcher` GETs a URL and returns a :class:`Fetched` (a 200 with its body, or a 304 when
the validators of a conditional GET still hold), or raises :class:`FetchError`. What it checks:

* **time**: the whole request, redirects and body included, within ``timeout`` seconds (a page
  that dribbles its bytes cannot hold a batch);
* **size**: a ``Content-Length`` over ``max_bytes`` is refused unread, and a body is read only up
  to ``max_bytes``;
* **redirects**: followed by hand, at most ``max_redirects``, each hop checked against its host's
  ``robots.txt`` and its scheme (http/https only);
* **charset**: a ``charset=`` of ``Content-Type`` must name a codec Python knows (the decoding
  itself is :func:`talent_extract.feeds.pages.decode_page`'s);
* **politeness**: at most ``per_host`` requests in flight to one host (default 1) and at least
  ``min_delay`` seconds between two requests to it (or the host's ``Crawl-delay``, if larger);
  ``robots.txt`` read with :mod:`urllib.robotparser` once per host per ``robots_ttl``: a 4xx
  robots.txt allows everything, a 5xx or an unreachable one refuses the host for now (RFC 9309),
  a ``Disallow`` refuses the path; a User-Agent naming the project and a contact
  (``talent_extract/0.1.0 (+mailto:you@example.org)``; set ``TALENT_EXTRACT_CONTACT``).

Every HTTP error status, network error, timeout and refusal is a :class:`FetchError` with the
status (or None) and whether it is ``transient``.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import time
import urllib.robotparser
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx

from talent_extract.exceptions import ConfigurationError, FetchError
from talent_extract.text.check import HTML_FACTOR, resolve_max_chars

__all__ = ["CONTACT_ENV", "FetchError", "FetchSettings", "Fetched", "Fetcher", "user_agent"]

CONTACT_ENV = "TALENT_EXTRACT_CONTACT"
TIMEOUT_ENV = "TALENT_EXTRACT_FETCH_TIMEOUT"
DELAY_ENV = "TALENT_EXTRACT_FETCH_DELAY"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _version() -> str:
    try:
        return metadata.version("talent_extract")
    except metadata.PackageNotFoundError:  # a source tree that is not installed
        return "0"


def user_agent(contact: str | None) -> str:
    """``talent_extract/<version> (+<contact>)``, or without the contact part when None."""
    base = f"talent_extract/{_version()}"
    return f"{base} (+{contact})" if contact else base


def _float_env(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number of seconds, not {raw!r}") from None
    if value < 0:
        raise ConfigurationError(f"{name} must not be negative, not {raw!r}")
    return value


@dataclass(frozen=True)
class FetchSettings:
    """How :class:`Fetcher` fetches; :meth:`from_env` reads the environment."""

    timeout: float = 20.0
    max_bytes: int = 4 * HTML_FACTOR * 200_000  # any page an article within the limit can be
    max_redirects: int = 5
    per_host: int = 1
    min_delay: float = 1.0
    contact: str | None = None
    robots: bool = True
    robots_ttl: float = 3600.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> FetchSettings:
        """Settings from ``TALENT_EXTRACT_CONTACT``, ``TALENT_EXTRACT_FETCH_TIMEOUT``,
        ``TALENT_EXTRACT_FETCH_DELAY`` and the article size limit (``TALENT_EXTRACT_MAX_CHARS``:
        a page may be 4 bytes × 10 × that), then ``overrides``."""
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "timeout": _float_env(env, TIMEOUT_ENV, cls.timeout),
            "min_delay": _float_env(env, DELAY_ENV, cls.min_delay),
            "contact": env.get(CONTACT_ENV, "").strip() or None,
            "max_bytes": 4 * HTML_FACTOR * resolve_max_chars(None),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def user_agent(self) -> str:
        """The User-Agent header sent with every request."""
        return user_agent(self.contact)


@dataclass(frozen=True)
class Fetched:
    """One answer: ``status`` 200 (``body`` read) or 304 (not modified, empty ``body``).

    ``url`` is the final URL after redirects, ``content_type`` the media type in lower case
    (``""`` when the server sent none), ``charset`` the declared one (lower case) or None,
    ``etag`` / ``last_modified`` the validators for the next conditional GET.
    """

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    redirects: int = 0


@dataclass
class _Host:
    slots: asyncio.Semaphore
    last: float = -1e9
    delay: float = 0.0


@dataclass
class _Robots:
    fetched_at: float
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    refusal: FetchError | None = None  # the host's robots.txt could not be read


@dataclass
class FetchCounts:
    """Requests made, by kind: ``feeds``/``pages`` are counted by the caller's ``kind``."""

    requests: int = 0
    robots: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _content_type(headers: httpx.Headers) -> tuple[str, str | None]:
    raw = headers.get("content-type")
    if not raw:
        return "", None
    message = Message()
    message["content-type"] = raw
    media = message.get_content_type().lower() if "/" in raw else raw.split(";")[0].strip().lower()
    charset = message.get_param("charset")
    return media, str(charset).strip().strip("\"'").lower() if isinstance(charset, str) else None


class Fetcher:
    """An async HTTP client that fetches politely (see the module docstring).

    Use ``async with Fetcher(settings) as fetcher: await fetcher.get(url)``. ``transport`` is for
    tests. :attr:`counts` says how many requests were made.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings or FetchSettings.from_env()
        self.counts = FetchCounts()
        self._client = httpx.AsyncClient(
            headers={"User-Agent": self.settings.user_agent},
            follow_redirects=False,
            timeout=self.settings.timeout,
            transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_lock = asyncio.Lock()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    # ------------------------------------------------------------------ the public call

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        kind: str = "page",
    ) -> Fetched:
        """GET ``url`` (conditionally when a validator is given); raises :class:`FetchError`.

        ``kind`` (``"feed"``, ``"page"``) only labels the request in :attr:`counts`.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self.counts.by_kind[kind] = self.counts.by_kind.get(kind, 0) + 1
        try:
            async with asyncio.timeout(self.settings.timeout):
                return await self._follow(url, headers)
        except TimeoutError:
            raise FetchError(
                url, f"timed out after {self.settings.timeout:g} s", transient=True
            ) from None

    async def _follow(self, url: str, headers: dict[str, str]) -> Fetched:
        current = url
        for hop in range(self.settings.max_redirects + 1):
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError(url, f"not an http(s) URL: {current!r}", transient=False)
            await self._check_robots(current)
            got = await self._request(current, headers)
            if isinstance(got, str):  # a redirect: its target
                current = got
                continue
            return Fetched(
                url=current,
                status=got.status,
                content_type=got.content_type,
                charset=got.charset,
                body=got.body,
                etag=got.etag,
                last_modified=got.last_modified,
                redirects=hop,
            )
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects", transient=False)

    # ------------------------------------------------------------------ one request

    def _host(self, url: str) -> _Host:
        netloc = urlsplit(url).netloc.lower()
        host = self._hosts.get(netloc)
        if host is None:
            host = self._hosts[netloc] = _Host(asyncio.Semaphore(max(1, self.settings.per_host)))
        return host

    async def _request(self, url: str, headers: dict[str, str]) -> str | _Answer:
        host = self._host(url)
        async with host.slots:
            wait = host.last + max(self.settings.min_delay, host.delay) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                self.counts.requests += 1
                async with self._client.stream("GET", url, headers=headers) as response:
                    return await self._answer(url, response)
            except httpx.TimeoutException:
                raise FetchError(
                    url, f"timed out after {self.settings.timeout:g} s", transient=True
                ) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise FetchError(url, f"bad URL: {exc}", transient=False) from None
            except httpx.TransportError as exc:
                detail = str(exc) or type(exc).__name__
                raise FetchError(
                    url, f"network error ({type(exc).__name__}): {detail}", transient=True
                ) from None
            finally:
                host.last = time.monotonic()

    async def _answer(self, url: str, response: httpx.Response) -> str | _Answer:
        status = response.status_code
        if status in _REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise FetchError(url, "redirect without a Location", status=status)
            return urljoin(url, location)
        if status == 304:
            return _Answer(304, "", None, b"", response.headers)
        if status != 200:
            reason = response.reason_phrase or "error"
            raise FetchError(url, reason, status=status)
        media, charset = _content_type(response.headers)
        if charset is not None:
            try:
                codecs.lookup(charset)
            except LookupError:
                raise FetchError(
                    url, f"unknown charset {charset!r} in Content-Type", status=200
                ) from None
        cap = self.settings.max_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise FetchError(url, _too_large(int(length), cap), status=200)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(url, _too_large(size, cap, partial=True), status=200)
            chunks.append(chunk)
        return _Answer(200, media, charset, b"".join(chunks), response.headers)

    # ------------------------------------------------------------------ robots.txt

    async def _check_robots(self, url: str) -> None:
        if not self.settings.robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        async with self._robots_lock:
            robots = self._robots.get(origin)
            if robots is None or time.monotonic() - robots.fetched_at > self.settings.robots_ttl:
                robots = await self._read_robots(origin)
                self._robots[origin] = robots
        if robots.refusal is not None:
            raise FetchError(url, robots.refusal.reason, transient=True)
        agent = self.settings.user_agent
        if robots.parser is not None and not robots.parser.can_fetch(agent, url):
            raise FetchError(url, "robots.txt disallows this path for us", transient=False)

    async def _read_robots(self, origin: str) -> _Robots:
        where = f"{origin}/robots.txt"
        now = time.monotonic()
        self.counts.robots += 1
        try:
            got = await self._request(where, {})
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return _Robots(now, None)  # no robots.txt: everything is allowed
            reason = f"robots.txt could not be read ({exc.reason}), so the host is not fetched"
            if exc.status is not None:
                reason = f"robots.txt answered HTTP {exc.status}, so the host is not fetched"
            return _Robots(now, None, FetchError(where, reason, transient=True))
        if isinstance(got, str) or got.status != 200:
            return _Robots(now, None)  # a redirected robots.txt: treated as absent
        parser = urllib.robotparser.RobotFileParser(where)
        parser.parse(got.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay is not None:
            self._host(origin).delay = float(delay)
        return _Robots(now, parser)


@dataclass(frozen=True)
class _Answer:
    status: int
    content_type: str
    charset: str | None
    body: bytes
    headers: httpx.Headers

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def _too_large(size: int, cap: int, *, partial: bool = False) -> str:
    more = "more than " if partial else ""
    return f"too large: {more}{size:,} bytes, the limit is {cap:,} bytes"
