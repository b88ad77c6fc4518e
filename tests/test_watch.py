"""``watch``: only new entries, appended without duplicates, down feeds and pages survived,
clean stop on SIGTERM, resumed after ``kill -9``.

The web is ``tests/page_server.py`` and the model ``tests/fault_server.py`` (no faults): both TEST
DOUBLES on 127.0.0.1, no model and no network.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from talent_extract import Store
from talent_extract.feeds.fetch import FetchSettings
from talent_extract.feeds.watch import WatchSummary, parse_every, repair_outputs, watch
from talent_extract.model.backend import resolve_backend
from tests.fault_server import FaultPlan, FaultServer
from tests.page_server import (
    Entry,
    NewsSite,
    html_page,
    other_story,
    rss,
    sample_stories,
    teaser_of,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

FAST = FetchSettings(min_delay=0.0, timeout=5.0)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite() as news:
        yield news


@pytest.fixture(scope="module")
def model() -> Iterator[str]:
    with FaultServer(FaultPlan()) as server:
        yield server.url


def stories(n_other: int = 3) -> list[tuple[str, list[str]]]:
    return sample_stories()[:2] + [other_story(i) for i in range(n_other)]


def publish(
    site: NewsSite, items: list[tuple[str, list[str]]], path: str = "/rss", version: int = 1
) -> list[Entry]:
    entries = []
    for title, paragraphs in items:
        slug = f"/berita/{abs(hash(title)) % 10**8}"
        link = site.put(slug, html_page(title, paragraphs))
        entries.append(Entry(title, link, teaser_of(paragraphs)))
    site.put(path, rss(entries), content_type="application/rss+xml", etag=f'"v{version}"')
    return entries


def run_watch(
    feeds: list[str], out: Path, store: Path, model: str, cycles: int = 1, every: float = 0.01
) -> tuple[WatchSummary, list[str]]:
    lines: list[str] = []
    config = resolve_backend(base_url=model, api_key="unused", model="echo-double", env={})

    async def go() -> WatchSummary:
        with Store(store) as results:
            return await watch(
                feeds,
                out,
                store=results,
                config=config,
                every=every,
                cycles=cycles,
                fetch=FAST,
                report=lines.append,
            )

    return asyncio.run(go()), lines


def rows(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text("utf-8").splitlines()]


def test_only_new_entries_are_fetched_and_appended(
    site: NewsSite, model: str, tmp_path: Path
) -> None:
    out, store = tmp_path / "out", tmp_path / "s.sqlite3"
    entries = publish(site, stories())
    first, _ = run_watch([site.at("/rss")], out, store, model)
    assert first.written == len(entries) and first.page_fetches == len(entries)
    calls = sum(int(r["meta"]["calls"]) for r in rows(out))  # type: ignore[index, call-overload]
    assert calls > 0

    # Unchanged feed: a 304, no page, no model call, nothing appended.
    again, lines = run_watch([site.at("/rss")], out, store, model, cycles=2)
    assert again.not_modified == 2 and again.page_fetches == 0 and again.written == 0
    assert site.conditional["/rss"] == 2
    assert "model calls 0" in lines[-1]
    assert len(rows(out)) == len(entries)

    # One new entry: only its page is fetched, one row appended.
    newer = publish(site, [*stories(), other_story(9)], version=2)
    pages = site.page_hits()
    third, _ = run_watch([site.at("/rss")], out, store, model)
    assert third.written == 1 and site.page_hits() - pages == 1
    got = rows(out)
    assert [r["article_id"] for r in got] == [e.link for e in newer]
    with (out / "quotes.csv").open(encoding="utf-8") as fh:
        quote_rows = list(csv.DictReader(fh))
    assert {r["article_id"] for r in quote_rows} <= {e.link for e in newer}
    assert (out / "quotes.csv").read_text("utf-8").count("article_id,") == 1  # one header


def test_down_feeds_and_pages_are_retried_and_failures_written_once(
    site: NewsSite, model: str, tmp_path: Path
) -> None:
    out, store = tmp_path / "out", tmp_path / "s.sqlite3"
    entries = publish(site, stories(2))
    site.put("/mati", "down", status=500)
    flaky = entries[1].link.removeprefix(site.url)
    gone = entries[2].link.removeprefix(site.url)
    site.routes[flaky].status = 503
    site.routes[gone].status = 404
    _, lines = run_watch([site.at("/mati"), site.at("/rss")], out, store, model, cycles=2)
    assert any("feed down" in line and "HTTP 500" in line for line in lines)
    assert any("retry in" in line and "HTTP 503" in line for line in lines)
    written = {r["article_id"]: r for r in rows(out)}
    assert entries[1].link not in written  # transient: not written, retried
    assert written[entries[2].link]["failure"]["type"] == "FetchError"  # type: ignore[index]
    site.routes[flaky].status = 200
    gone_hits = site.hits[gone]
    later, _ = run_watch([site.at("/rss")], out, store, model)
    assert later.written == 1 and site.hits[gone] == gone_hits  # the 404 is not tried again
    ids = [r["article_id"] for r in rows(out)]
    assert sorted(ids) == sorted(e.link for e in entries)  # type: ignore[type-var]


def test_a_down_feed_is_backed_off_while_the_others_go_on(
    site: NewsSite, model: str, tmp_path: Path
) -> None:
    site.put("/mati", "down", status=500)
    site.put("/rss", rss([]), content_type="application/rss+xml")
    out, store = tmp_path / "out", tmp_path / "s.sqlite3"
    summary, lines = run_watch(
        [site.at("/mati"), site.at("/rss")], out, store, model, cycles=2, every=0.5
    )
    # Failed at once in cycle 1: skipped for 2 × every, so cycle 2 (after every) leaves it.
    assert site.hits["/mati"] == 1 and site.hits["/rss"] == 2
    assert summary.feed_failures == 1 and "next try in 1 s" in lines[0]


def test_repair_drops_a_cut_line_and_its_orphan_csv_rows(tmp_path: Path) -> None:
    (tmp_path / "results.jsonl").write_text(
        '{"article_id": "a"}\n{"article_id": "b", "dep', "utf-8"
    )
    (tmp_path / "quotes.csv").write_text("article_id,text_hash\na,1\nb,2\n", "utf-8")
    assert repair_outputs(tmp_path) == {"a"}
    assert (tmp_path / "results.jsonl").read_text("utf-8") == '{"article_id": "a"}\n'
    assert "b,2" not in (tmp_path / "quotes.csv").read_text("utf-8")


def test_every_is_a_duration() -> None:
    assert parse_every("15m") == 900 and parse_every("90s") == 90 and parse_every("2h30m") == 9000
    assert parse_every("0.5") == 0.5
    for bad in ("", "15", "m", "0s", "15x"):
        if bad == "15":
            continue
        with pytest.raises(ValueError):
            parse_every(bad)


def _start(feed: str, out: Path, store: Path, model: str, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TALENT_EXTRACT_FETCH_DELAY": "0", "PYTHONPATH": str(ROOT / "src")}
    command = [
        sys.executable,
        "-m",
        "talent_extract.cli",
        "watch",
        feed,
        "--out",
        str(out),
        "--store",
        str(store),
        "--every",
        "0.2s",
        "--base-url",
        model,
        "--api-key",
        "unused",
        "--model",
        "echo-double",
        *extra,
    ]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_rows(out: Path, n: int, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    path = out / "results.jsonl"
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text("utf-8").count("\n") >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} rows after {limit} s")


def test_sigterm_stops_cleanly_and_kill_9_resumes_without_duplicates(
    site: NewsSite, model: str, tmp_path: Path
) -> None:
    out, store = tmp_path / "out", tmp_path / "s.sqlite3"
    entries = publish(site, stories(6))
    for route in site.routes.values():
        route.delay = 0.2  # slow pages: the kill lands mid-cycle
    killed = _start(site.at("/rss"), out, store, model)
    _wait_rows(out, 2)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    assert len(rows(out)) < len(entries)

    watcher = _start(site.at("/rss"), out, store, model)
    _wait_rows(out, len(entries))
    time.sleep(0.5)  # at least one more (304) cycle
    watcher.send_signal(signal.SIGTERM)
    stdout, stderr = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, stderr
    assert "stopped after" in stdout
    ids = [r["article_id"] for r in rows(out)]
    assert sorted(ids) == sorted(e.link for e in entries)  # type: ignore[type-var]
    for name in ("departures", "quotes", "offers"):
        with (out / f"{name}.csv").open(encoding="utf-8") as fh:
            table = list(csv.DictReader(fh))
        # A duplicate is a row written twice; the members of a group may cite one sentence.
        keys = [tuple(sorted(r.items())) for r in table]
        assert len(keys) == len(set(keys)), f"duplicate rows in {name}.csv"
