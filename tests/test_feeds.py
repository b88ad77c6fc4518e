"""Feeds and pages over HTTP: the polite fetcher, teaser pages, ``run URL`` and ``extract URL``.

The web is ``tests/page_server.py``, a TEST DOUBLE (a loopback news site serving what each test
puts on it); the model is ``tests/fault_server.py`` with no faults, a TEST DOUBLE that echoes
what the prompt lists. Pages are built from the sample articles and from invented stories about
no AI talent at all.
"""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talent_extract import Article, FetchError
from talent_extract.cli import app
from talent_extract.feeds.fetch import Fetched, Fetcher, FetchSettings, user_agent
from talent_extract.feeds.pages import decode_page, is_teaser, teaser_chars
from talent_extract.feeds.reader import FetchFailure, Reader, kind_of
from tests.fault_server import FaultPlan, FaultServer
from tests.page_server import (
    Entry,
    NewsSite,
    atom,
    html_page,
    other_story,
    rss,
    sample_stories,
    teaser_of,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

FAST = FetchSettings(min_delay=0.0, timeout=5.0, contact="mailto:redaksi@example.org")
runner = CliRunner()


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite() as news:
        yield news


def fetch(url: str, settings: FetchSettings = FAST, **kw: str) -> Fetched:
    async def go() -> Fetched:
        async with Fetcher(settings) as fetcher:
            return await fetcher.get(url, **kw)

    return asyncio.run(go())


def fetch_error(url: str, settings: FetchSettings = FAST) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(url, settings)
    return info.value


# ---------------------------------------------------------------------------------- fetching


def test_a_page_is_fetched_with_our_user_agent_after_robots_txt(site: NewsSite) -> None:
    url = site.put("/berita/a", html_page("Judul", ["Isi berita."]))
    got = fetch(url)
    assert got.status == 200 and got.content_type == "text/html" and got.charset == "utf-8"
    assert b"<article>" in got.body
    assert site.hits["/robots.txt"] == 1
    assert set(site.agents) == {user_agent("mailto:redaksi@example.org")}
    assert user_agent("mailto:redaksi@example.org").startswith("talent_extract/")
    assert user_agent("mailto:redaksi@example.org").endswith("(+mailto:redaksi@example.org)")


def test_the_contact_comes_from_the_environment() -> None:
    settings = FetchSettings.from_env({"TALENT_EXTRACT_CONTACT": "https://example.org/kontak"})
    assert settings.user_agent.endswith("(+https://example.org/kontak)")
    assert FetchSettings.from_env({}).user_agent == user_agent(None)


def test_robots_txt_disallowing_a_path_refuses_it_and_only_it(site: NewsSite) -> None:
    site.robots = "User-agent: *\nDisallow: /rahasia/\n"
    allowed = site.put("/berita/b", html_page("Judul", ["Isi."]))
    hidden = site.put("/rahasia/c", html_page("Judul", ["Isi."]))
    error = fetch_error(hidden)
    assert "robots.txt disallows" in error.reason and not error.transient
    assert site.hits["/rahasia/c"] == 0
    assert fetch(allowed).status == 200


def test_a_robots_txt_that_errors_refuses_the_host_for_now(site: NewsSite) -> None:
    site.put("/robots.txt", "down", status=503, content_type="text/plain")
    url = site.put("/berita/d", html_page("Judul", ["Isi."]))
    error = fetch_error(url)
    assert "robots.txt answered HTTP 503" in error.reason and error.transient
    assert site.hits["/berita/d"] == 0


def test_http_errors_are_typed_with_their_status(site: NewsSite) -> None:
    site.put("/rusak", "oops", status=500)
    missing = fetch_error(site.at("/tidak-ada"))
    assert missing.status == 404 and not missing.transient
    broken = fetch_error(site.at("/rusak"))
    assert broken.status == 500 and broken.transient
    assert "HTTP 500" in str(broken) and site.at("/rusak") in str(broken)


def test_redirects_are_followed_up_to_the_limit(site: NewsSite) -> None:
    final = site.put("/berita/akhir", html_page("Judul", ["Isi."]))
    site.put("/pindah", redirect="/berita/akhir")
    got = fetch(site.at("/pindah"))
    assert got.url == final and got.redirects == 1
    site.put("/putar-a", redirect="/putar-b")
    site.put("/putar-b", redirect="/putar-a")
    error = fetch_error(site.at("/putar-a"))
    assert "more than 5 redirects" in error.reason and not error.transient


def test_a_slow_page_times_out(site: NewsSite) -> None:
    url = site.put("/lambat", html_page("Judul", ["Isi."]), delay=3.0)
    error = fetch_error(url, FetchSettings(min_delay=0.0, timeout=0.5))
    assert error.status is None and error.transient and "timed out after 0.5 s" in error.reason


def test_a_huge_page_is_refused_by_its_length_or_while_reading(site: NewsSite) -> None:
    small = FetchSettings(min_delay=0.0, max_bytes=100_000)
    site.put("/besar", stream=5_000_000)
    site.put("/besar-diam", stream=5_000_000, declare_length=False)
    declared = fetch_error(site.at("/besar"), small)
    assert "too large: 5,000,000 bytes" in declared.reason and declared.status == 200
    streamed = fetch_error(site.at("/besar-diam"), small)
    assert "too large: more than" in streamed.reason
    assert "the limit is 100,000 bytes" in streamed.reason


def test_conditional_get_answers_304(site: NewsSite) -> None:
    url = site.put("/rss", rss([]), content_type="application/rss+xml", etag='"v1"')
    first = fetch(url)
    assert first.etag == '"v1"'
    again = fetch(url, etag='"v1"')
    assert again.status == 304 and again.body == b""
    assert site.conditional["/rss"] == 1


def test_charsets_are_checked_never_guessed(site: NewsSite) -> None:
    text = html_page("Judul", ["Harga naik “tajam” pekan ini."])
    liar = site.put("/salah", text.encode("cp1252"), content_type="text/html; charset=utf-8")
    with pytest.raises(FetchError) as info:
        decode_page(fetch(liar))
    error = info.value
    assert "declares charset utf-8" in error.reason and "0x93" in error.reason
    unknown = site.put("/aneh", text, content_type="text/html; charset=klingon-8")
    assert "unknown charset 'klingon-8'" in fetch_error(unknown).reason
    latin = site.put("/latin", text.encode("cp1252"), content_type="text/html; charset=cp1252")
    assert "“tajam”" in decode_page(fetch(latin))
    meta = site.put(
        "/meta", text.replace("utf-8", "cp1252").encode("cp1252"), content_type="text/html"
    )
    assert "“tajam”" in decode_page(fetch(meta))


def test_feed_or_page_is_told_by_type_then_by_body() -> None:
    def answer(media: str, body: bytes) -> Fetched:
        return Fetched("http://127.0.0.1/x", 200, media, None, body)

    assert kind_of(answer("application/rss+xml", b"")) == "feed"
    assert kind_of(answer("text/xml", rss([]).encode())) == "feed"
    assert kind_of(answer("application/xml", atom([]).encode())) == "feed"
    assert kind_of(answer("text/html", html_page("J", ["I"]).encode())) == "page"
    assert kind_of(answer("", html_page("J", ["I"]).encode())) == "page"
    with pytest.raises(FetchError, match="'image/png' is neither"):
        kind_of(answer("image/png", b"\x89PNG"))
    with pytest.raises(FetchError, match="neither a feed nor an HTML page"):
        kind_of(answer("text/plain", b"just words"))


def test_the_teaser_threshold_is_configurable() -> None:
    assert (
        teaser_chars(env={}) == 1000
        and teaser_chars(env={"TALENT_EXTRACT_TEASER_CHARS": "50"}) == 50
    )
    assert is_teaser("<p>Satu kalimat saja.</p>", 1000)
    assert not is_teaser("x" * 1200, 1000) and not is_teaser("pendek", 0)


# ---------------------------------------------------------------------------------- reading


def publish(site: NewsSite, *, feed: str = "rss", others: int = 2) -> list[Entry]:
    """The sample stories and ``others`` invented ones as pages, and a teaser feed of them."""
    stories = sample_stories() + [other_story(i) for i in range(others)]
    entries = []
    for number, (title, paragraphs) in enumerate(stories):
        link = site.put(f"/berita/{number}", html_page(title, paragraphs))
        entries.append(Entry(title, link, teaser_of(paragraphs)))
    build, media = (rss, "application/rss+xml") if feed == "rss" else (atom, "application/atom+xml")
    site.put(f"/{feed}", build(entries), content_type=media, etag='"v1"')
    return entries


def read_all(url: str, reader_store: object = None) -> tuple[list[object], Reader]:
    async def go() -> tuple[list[object], Reader]:
        async with Fetcher(FAST) as fetcher:
            reader = Reader(fetcher)
            return [item async for item in reader.items(url)], reader

    return asyncio.run(go())


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_teasers_become_their_pages_stories_with_the_entry_title_and_date(
    site: NewsSite, kind: str
) -> None:
    entries = publish(site, feed=kind)
    items, reader = read_all(site.at(f"/{kind}"))
    assert [a.id for a in items if isinstance(a, Article)] == [e.link for e in entries]
    assert reader.counts.pages == len(entries) and site.page_hits() == len(entries)
    for article, entry in zip(items, entries, strict=True):
        assert isinstance(article, Article)
        assert article.title == entry.title and article.published == entry.published.date()
        assert article.text.startswith(entry.title + "\n")
        assert len(article.text) > len(entry.teaser) + 300  # the story, not the teaser
        assert "Berita Terkait" not in article.text and "Hak cipta" not in article.text


def test_an_entry_with_its_full_story_is_not_fetched(site: NewsSite) -> None:
    title, paragraphs = other_story(7)
    story = " ".join(paragraphs * 3)
    site.put(
        "/rss", rss([Entry(title, site.at("/berita/x"), story)]), content_type="application/rss+xml"
    )
    items, reader = read_all(site.at("/rss"))
    assert len(items) == 1 and reader.counts.pages == 0 and site.page_hits() == 0


def test_a_failed_page_is_that_entrys_failure(site: NewsSite) -> None:
    entries = publish(site, others=1)
    site.routes["/berita/1"].status = 404
    items, _ = read_all(site.at("/rss"))
    failures = [i for i in items if isinstance(i, FetchFailure)]
    assert [f.article_id for f in failures] == [entries[1].link]
    assert failures[0].error.status == 404
    result = failures[0].result()
    assert result.failure is not None and result.failure.type == "FetchError"
    assert sum(isinstance(i, Article) for i in items) == len(entries) - 1


# ---------------------------------------------------------------------------------- the CLI


@pytest.fixture
def model() -> Iterator[str]:
    with FaultServer(FaultPlan()) as server:
        yield server.url


def cli(*args: str, model_url: str, env: dict[str, str] | None = None) -> object:
    base = ["--base-url", model_url, "--api-key", "unused", "--model", "echo-double"]
    environment = {"TALENT_EXTRACT_FETCH_DELAY": "0", **(env or {})}
    return runner.invoke(app, [*args, *base], env=environment)


def rows(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text("utf-8").splitlines()]


def test_run_a_teaser_feed_then_again_without_fetching_or_asking(
    site: NewsSite, model: str, tmp_path: Path
) -> None:
    entries = publish(site, others=3)
    site.routes["/berita/6"].status = 404  # one invented story's page is gone
    store, out = str(tmp_path / "s.sqlite3"), tmp_path / "out"
    first = cli("run", site.at("/rss"), "--out", str(out), "--store", store, model_url=model)
    assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
    got = rows(out)
    assert len(got) == len(entries) and site.page_hits() == len(entries)
    by_status = {r["article_id"]: r["status"] for r in got}
    talent = [e.link for e in entries[:5]]
    assert all(by_status[link] == "ok" for link in talent)
    assert [by_status[e.link] for e in entries[5:]] == ["skipped", "failed", "skipped"]
    failed = next(r for r in got if r["status"] == "failed")
    assert failed["failure"]["type"] == "FetchError" and "HTTP 404" in failed["failure"]["message"]
    with (out / "failures.csv").open(encoding="utf-8") as fh:
        assert [r["type"] for r in csv.DictReader(fh)] == ["FetchError"]
    output = first.output  # type: ignore[attr-defined]
    assert "skipped by the relevance gate 2 of" in output

    pages_before = site.page_hits()
    again = cli("run", site.at("/rss"), "--out", str(out), "--store", store, model_url=model)
    assert again.exit_code == 0, again.output  # type: ignore[attr-defined]
    assert "model calls 0 " in again.output  # type: ignore[attr-defined]
    # Only the page that failed is asked for again; every done entry comes from the store.
    assert site.page_hits() - pages_before == 1
    assert sum(bool(r["cached"]) for r in rows(out)) == len(entries) - 1


def test_no_gate_reads_what_the_gate_skipped(site: NewsSite, model: str, tmp_path: Path) -> None:
    publish(site, others=1)
    site.routes["/rss"].body = rss(
        [Entry(*other_story(0)[:1], site.at("/berita/5"), teaser_of(other_story(0)[1]))]
    ).encode()
    store, out = str(tmp_path / "s.sqlite3"), tmp_path / "out"
    gated = cli("run", site.at("/rss"), "--out", str(out), "--store", store, model_url=model)
    assert "model calls 0 " in gated.output and rows(out)[0]["status"] == "skipped"  # type: ignore[attr-defined]
    assert rows(out)[0]["meta"]["skipped"] == "no AI term or AI organisation in the article"
    ungated = cli(
        "run", site.at("/rss"), "--out", str(out), "--store", store, "--no-gate", model_url=model
    )
    assert ungated.exit_code == 0, ungated.output  # type: ignore[attr-defined]
    assert rows(out)[0]["status"] == "ok" and rows(out)[0]["cached"] is False
    assert "model calls 0 " not in ungated.output  # type: ignore[attr-defined]


def test_extract_a_page_url(site: NewsSite, model: str) -> None:
    title, paragraphs = sample_stories()[0]
    url = site.put("/berita/satu", html_page(title, paragraphs))
    result = cli("extract", url, model_url=model)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]  # type: ignore[attr-defined]
    assert row["article"] == url and row["meta"]["calls"] >= 1 and row["meta"]["skipped"] is None
    assert row["departures"] or row["offers"] or row["quotes"]
    broken = cli("extract", site.at("/tidak-ada"), model_url=model)
    assert broken.exit_code == 1 and "FetchError" in broken.output  # type: ignore[attr-defined]
