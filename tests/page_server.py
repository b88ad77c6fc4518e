"""LOOPBACK NEWS SITE / TEST DOUBLE: an aiohttp server on 127.0.0.1 serving feeds and pages.

Not a news site and not a model: it serves whatever a test puts on it, and counts what it was
asked. Shared by ``tests/test_feeds.py``, ``tests/test_watch.py`` and ``benchmarks/feed.py``.

* :class:`NewsSite` -- routes of :class:`Route` (body, content type, status, delay, ETag /
  Last-Modified answered with 304, a redirect, a streamed body of any size, with or without a
  ``Content-Length``), a ``robots.txt``, and counts of requests per path and the User-Agents.
* builders: :func:`rss` and :func:`atom` feeds of :class:`Entry` teasers, :func:`html_page` (a
  story inside navigation, a related-links box and a footer, as news sites wrap them),
  :func:`sample_stories` (the sample articles of ``examples/articles`` as title + paragraphs) and
  :func:`other_story` (invented Indonesian stories about no AI talent at all).
"""

from __future__ import annotations

import asyncio
import collections
import html
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from aiohttp import web

from tests.recording import ARTICLES

HOST = "127.0.0.1"


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    redirect: str | None = None  # a path or URL: answered with 302 Location
    stream: int = 0  # stream this many bytes of filler instead of body
    declare_length: bool = True  # send Content-Length for a streamed body


@dataclass
class NewsSite:
    """The site's routes and what it saw; run it with ``with NewsSite() as site:``."""

    routes: dict[str, Route] = field(default_factory=dict)
    robots: str | None = "User-agent: *\nAllow: /\n"
    hits: collections.Counter[str] = field(default_factory=collections.Counter)
    agents: list[str] = field(default_factory=list)
    conditional: collections.Counter[str] = field(default_factory=collections.Counter)
    url: str = ""

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ content

    def put(self, path: str, body: str | bytes = b"", **route: Any) -> str:
        """Serve ``body`` at ``path``; returns its absolute URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **route)
        return self.url + path

    def at(self, path: str) -> str:
        """The absolute URL of ``path``."""
        return self.url + path

    def page_hits(self, prefix: str = "/berita/") -> int:
        """Requests for paths under ``prefix``."""
        with self._lock:
            return sum(n for p, n in self.hits.items() if p.startswith(prefix))

    # ------------------------------------------------------------------ serving

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        with self._lock:
            self.hits[path] += 1
            self.agents.append(request.headers.get("User-Agent", ""))
        if path == "/robots.txt" and path not in self.routes:
            if self.robots is None:
                return web.Response(status=404, text="not found")
            return web.Response(text=self.robots, content_type="text/plain")
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.redirect is not None:
            raise web.HTTPFound(route.redirect)
        validators: dict[str, str] = {}
        if route.etag:
            validators["ETag"] = route.etag
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
        asked_etag = request.headers.get("If-None-Match")
        asked_date = request.headers.get("If-Modified-Since")
        if asked_etag or asked_date:
            with self._lock:
                self.conditional[path] += 1
        if (route.etag and asked_etag == route.etag) or (
            route.last_modified and asked_date == route.last_modified
        ):
            return web.Response(status=304, headers=validators)
        headers = {"Content-Type": route.content_type, **validators}
        if route.stream:
            response = web.StreamResponse(status=route.status, headers=headers)
            if route.declare_length:
                response.content_length = route.stream
            await response.prepare(request)
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            sent = 0
            try:
                while sent < route.stream:
                    piece = chunk[: route.stream - sent]
                    await response.write(piece)
                    sent += len(piece)
            except (ConnectionError, RuntimeError):
                pass  # the client stopped reading: that is the point
            return response
        return web.Response(status=route.status, body=route.body, headers=headers)

    def start(self) -> NewsSite:
        """Start serving on a free port; returns self once bound."""
        self._thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(30)
        return self

    async def _start(self) -> str:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or ()
        return f"http://{HOST}:{sockets[0].getsockname()[1]}"

    def stop(self) -> None:
        """Stop serving and end the thread."""
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)
        self._loop.close()

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------------------------- builders


@dataclass(frozen=True)
class Entry:
    """One feed entry: a teaser linking to a page."""

    title: str
    link: str
    teaser: str
    guid: str | None = None
    published: datetime = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def rss(entries: list[Entry], title: str = "Kabar Teknologi") -> str:
    """An RSS 2.0 feed of ``entries``."""
    items = "".join(
        "<item>"
        f"<title>{html.escape(e.title)}</title><link>{html.escape(e.link)}</link>"
        f"<guid>{html.escape(e.guid or e.link)}</guid>"
        f"<pubDate>{format_datetime(e.published)}</pubDate>"
        f"<description>{html.escape(e.teaser)}</description>"
        "</item>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>http://{HOST}/</link>"
        f"<description>{html.escape(title)}</description>{items}</channel></rss>"
    )


def atom(entries: list[Entry], title: str = "Kabar Ekonomi") -> str:
    """An Atom feed of ``entries``."""
    items = "".join(
        "<entry>"
        f'<title>{html.escape(e.title)}</title><link href="{html.escape(e.link)}"/>'
        f"<id>{html.escape(e.guid or e.link)}</id>"
        f"<updated>{e.published.isoformat()}</updated>"
        f"<summary>{html.escape(e.teaser)}</summary>"
        "</entry>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(title)}</title><id>urn:test:feed</id>"
        f"<updated>2026-03-02T08:30:00+00:00</updated>{items}</feed>"
    )


def html_page(title: str, paragraphs: list[str], charset: str = "utf-8") -> str:
    """A news page: navigation, the story in ``<article>``, related links, a footer."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="{charset}">'
        f"<title>{html.escape(title)} - Portal Kabar</title></head><body>"
        '<nav><a href="/">Beranda</a> <a href="/tekno">Tekno</a> <a href="/bola">Bola</a></nav>'
        f"<main><article><h1>{html.escape(title)}</h1>{body}</article>"
        '<aside><h3>Berita Terkait</h3><ul><li><a href="/x">Cuaca cerah esok hari</a></li>'
        '<li><a href="/y">Jadwal kereta berubah</a></li></ul></aside></main>'
        "<footer>Hak cipta Portal Kabar. Semua hak dilindungi.</footer></body></html>"
    )


def sample_stories() -> list[tuple[str, list[str]]]:
    """The sample articles as ``(title, paragraphs)``: the first line is the headline."""
    stories = []
    for path in sorted(ARTICLES.glob("*.txt")):
        lines = [block.strip() for block in path.read_text("utf-8").split("\n\n")]
        blocks = [b for b in lines if b]
        stories.append((blocks[0], blocks[1:]))
    return stories


_OTHER = [
    (
        "Harga Cabai di Pasar Induk Naik",
        [
            "Harga cabai rawit di pasar induk kota naik menjadi Rp {n}.000 per kilogram pada "
            "pekan ini, menurut catatan dinas perdagangan setempat.",
            "Para pedagang mengatakan pasokan dari daerah sentra berkurang karena hujan deras "
            "yang turun hampir setiap hari sejak awal bulan.",
            "Pemerintah daerah berencana menggelar operasi pasar agar harga kembali stabil "
            "menjelang akhir bulan, dan akan memantau stok di gudang.",
            "Seorang ibu rumah tangga yang ditemui di pasar mengaku mengurangi belanja cabai "
            "dan menggantinya dengan bumbu lain untuk sementara waktu.",
        ],
    ),
    (
        "Tim Voli Putri Juara Turnamen Daerah",
        [
            "Tim voli putri kabupaten itu menjuarai turnamen tingkat provinsi setelah menang "
            "tiga set langsung di final pada Minggu malam, laga ke-{n} musim ini.",
            "Pelatih tim mengatakan kemenangan itu hasil latihan keras selama enam bulan dan "
            "dukungan penuh dari para orang tua pemain.",
            "Ribuan penonton memadati gedung olahraga dan bersorak sepanjang pertandingan yang "
            "berlangsung hampir dua jam itu.",
            "Tim tersebut akan mewakili provinsi dalam kejuaraan nasional yang digelar tahun "
            "depan, dan persiapan akan dimulai bulan depan.",
        ],
    ),
    (
        "Jalan Lingkar Selatan Mulai Diperbaiki",
        [
            "Dinas pekerjaan umum mulai memperbaiki jalan lingkar selatan sepanjang {n} "
            "kilometer yang rusak akibat banjir awal tahun.",
            "Pengendara diminta mencari jalur lain karena sebagian ruas akan ditutup selama "
            "pengerjaan yang diperkirakan berlangsung tiga bulan.",
            "Warga sekitar menyambut baik perbaikan itu karena lubang di jalan tersebut sering "
            "menyebabkan kecelakaan, terutama pada malam hari.",
            "Anggaran perbaikan berasal dari dana daerah dan bantuan pemerintah pusat, kata "
            "kepala dinas dalam keterangan tertulis.",
        ],
    ),
]


def other_story(i: int) -> tuple[str, list[str]]:
    """Invented story number ``i`` about no AI talent (prices, sport, roads), distinct per ``i``."""
    title, paragraphs = _OTHER[i % len(_OTHER)]
    return f"{title} (Laporan {i})", [p.format(n=10 + i) for p in paragraphs]


def teaser_of(paragraphs: list[str], limit: int = 180) -> str:
    """The first sentence or so of a story, as a feed carries it."""
    first = paragraphs[0]
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + " ..."
