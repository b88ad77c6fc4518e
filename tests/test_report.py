"""Review HTML without a browser: escaping, one highlight per record, reading results back,
merging events across articles, flows, and the ``report`` command."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import talent_extract.review.report as report_mod
from talent_extract import (
    BatchResult,
    Departure,
    Extraction,
    Money,
    Offer,
    Quote,
    Span,
    Store,
    aggregate,
    flows,
    read_results,
    report_html,
    write_report,
)
from talent_extract.batch.outputs import OutputWriter
from talent_extract.batch.store import Failure, ResultKey, text_hash
from talent_extract.cli import app
from talent_extract.review.aggregate import FLOW_STATUSES, Event
from talent_extract.review.html import batch_result_html, extraction_html, results_table_html
from talent_extract.review.results import Results
from tests.recording import SAMPLES_JSONL
from tests.review_helpers import INJECTED, INJECTED_IMG, META, hostile_extraction, parse, span

ARTICLES = SAMPLES_JSONL.parent.parent / "articles"


@pytest.fixture(scope="module")
def samples() -> Results:
    return read_results(SAMPLES_JSONL)


def n_records(ex: Extraction) -> int:
    return len(ex.departures) + len(ex.offers) + len(ex.quotes)


# ---------------------------------------------------------------------------------- escaping


def _assert_inert(html: str, scripts: int = 0) -> None:
    """No injected element, handler or script: only the page's own ``scripts`` elements."""
    page = parse(html)
    assert INJECTED not in html
    assert "<img" not in html
    for tag, name, _ in page.attrs:
        assert not name.startswith("on"), f"event handler attribute on <{tag}>"
        assert tag not in ("img", "iframe", "object", "embed")
    assert len(page.scripts) == scripts
    for script in page.scripts:
        assert not script.strip().startswith("window.__pwned")


def test_article_text_names_quotes_and_orgs_are_escaped() -> None:
    ex = hostile_extraction()
    html = extraction_html(ex)
    _assert_inert(html)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # shown as text
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html
    # The article text survives exactly, as text.
    plain, _ = parse(html).covered()
    assert plain == ex.text


@pytest.mark.parametrize("charts", [True, False])
def test_report_escapes_everything_including_chart_data(charts: bool) -> None:
    ex = hostile_extraction()
    html = report_html([ex], title=f"t {INJECTED}", charts=charts)
    # plotly.js, the Sankey, the page's script; no timeline (nothing is dated)
    _assert_inert(html, scripts=3 if charts else 1)
    assert "&lt;b&gt;Borgix&lt;/b&gt;" in html  # an organisation name in the flow table
    if charts:
        # Chart labels are escaped too (plotly renders a subset of HTML in labels).
        sankey = next(s for s in parse(html).scripts if '"te-sankey"' in s)
        assert "Peneliti &lt;img src=x onerror=" in sankey


def test_results_table_escapes_labels_and_failure_messages() -> None:
    results = Results(
        [
            hostile_extraction(),
            BatchResult(INJECTED, "0" * 64, None, Failure("X", INJECTED_IMG, 1), cached=False),
        ]
    )
    html = results_table_html(results)
    _assert_inert(html)
    assert html.count("<tr>") == 3  # header + one row per item


# ---------------------------------------------------------------------------------- highlights


def test_one_mark_per_record_in_every_sample(samples: Results) -> None:
    for ex in samples.ok:
        page = parse(extraction_html(ex))
        ids = page.marks
        assert len(ids) == n_records(ex) == len(set(ids))
        assert page.balanced
        plain, cover = page.covered()
        assert plain == ex.text
        # Every record's highlight covers exactly its evidence.
        for kind, prefix in (("departures", "dep"), ("offers", "off"), ("quotes", "quo")):
            for i, rec in enumerate(getattr(ex, kind)):
                rid = f"{prefix}-{i}"
                covered = [j for j, c in enumerate(cover) if rid in c]
                assert covered == list(range(rec.evidence.start, rec.evidence.end))


def _crafted(text: str, spans: list[tuple[int, int]]) -> Extraction:
    quotes = [
        Quote(speaker=None, text=text[a:b], evidence=Span(start=a, end=b, text=text[a:b]))
        for a, b in spans
    ]
    return Extraction(text=text, quotes=quotes, meta=META)


def _check_cover(ex: Extraction) -> None:
    page = parse(extraction_html(ex))
    assert page.balanced
    assert sorted(page.marks) == sorted(f"quo-{i}" for i in range(len(ex.quotes)))
    plain, cover = page.covered()
    assert plain == ex.text
    for i, q in enumerate(ex.quotes):
        covered = [j for j, c in enumerate(cover) if f"quo-{i}" in c]
        assert covered == list(range(q.evidence.start, q.evidence.end))


def test_nested_crossing_identical_and_empty_spans() -> None:
    text = "Satu dua tiga empat lima enam tujuh delapan <sembilan> & sepuluh."
    spans = [(0, 30), (5, 12), (20, 45), (20, 45), (25, 60), (14, 14), (44, 55), (0, len(text))]
    ex = _crafted(text, spans)
    _check_cover(ex)
    html = extraction_html(ex)
    assert 'data-cont="quo-' in html  # crossing spans were split and continued


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="ab <>&\"'\n", min_size=1, max_size=40),
    raw=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8),
)
def test_any_set_of_spans_highlights_exactly_its_evidence(
    text: str, raw: list[tuple[int, int]]
) -> None:
    n = len(text)
    spans = [(min(a, b) % (n + 1), max(a, b) % (n + 1)) for a, b in raw]
    spans = [(a, b) if a <= b else (b, a) for a, b in spans]
    _check_cover(_crafted(text, spans))


def test_a_record_whose_evidence_is_not_in_the_text_is_flagged_not_placed() -> None:
    text = "Alpha beta gamma."
    wrong = Quote(speaker="X", text="beta", evidence=Span(start=0, end=4, text="beta"))
    ex = Extraction(text=text, quotes=[wrong], meta=META)
    html = extraction_html(ex)
    assert parse(html).marks == []
    assert "not located" in html


# ---------------------------------------------------------------------------------- reading


def test_read_results_finds_sample_texts_next_to_the_jsonl(samples: Results) -> None:
    assert len(samples) == 5 and not samples.failures
    for item in samples:
        assert isinstance(item, BatchResult) and item.extraction is not None
        ex = item.extraction
        expected = (ARTICLES / f"{item.article_id}.txt").read_text("utf-8")
        assert ex.text == expected


def _sample_row(stem: str) -> dict[str, Any]:
    for line in SAMPLES_JSONL.read_text("utf-8").splitlines():
        row: dict[str, Any] = json.loads(line)
        if row["article"] == stem:
            return row
    raise AssertionError(stem)


def test_bad_rows_become_failures_and_good_rows_survive(tmp_path: Path) -> None:
    good = _sample_row("004_7dc78da48f78b2fc")
    no_meta = {k: v for k, v in good.items() if k != "meta"}
    failed = {"article": "x", "failure": {"type": "BackendError", "message": "boom", "attempts": 3}}
    path = tmp_path / "r.jsonl"
    lines = [json.dumps(good), "{not json", json.dumps(no_meta), "[1]", json.dumps(failed)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = read_results(path, articles=[ARTICLES])
    assert [i.failure.type if isinstance(i, BatchResult) and i.failure else "ok" for i in got] == [
        "ok",
        "InputError",
        "InputError",
        "InputError",
        "BackendError",
    ]
    messages = [i.failure.message for i in got.failures if i.failure]
    assert f"{path}:2" in messages[0] and "meta" in messages[1]


def test_a_changed_article_file_is_not_taken_for_the_text(tmp_path: Path) -> None:
    row = _sample_row("004_7dc78da48f78b2fc")
    folder = tmp_path / "articles"
    folder.mkdir()
    original = (ARTICLES / "004_7dc78da48f78b2fc.txt").read_text("utf-8")
    (folder / "004_7dc78da48f78b2fc.txt").write_text("Baris baru.\n" + original, "utf-8")
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    got = read_results(path, articles=[folder])
    assert got.failures and got.failures[0].failure is not None
    assert got.failures[0].failure.type == "TextNotFound"
    assert "3 records not shown" in got.failures[0].failure.message


def _run_output(tmp_path: Path, article_ids: dict[str, str]) -> Path:
    """A ``run`` results.jsonl for the samples, written by the real OutputWriter."""
    out = tmp_path / "out"
    with OutputWriter(out, parquet=False) as writer:
        for stem, ident in article_ids.items():
            raw = (ARTICLES / f"{stem}.txt").read_text("utf-8")
            ex = read_results(SAMPLES_JSONL).ok[list(article_ids).index(stem)]
            writer.write(BatchResult(ident, text_hash(raw), ex, None, cached=False))
    return out / "results.jsonl"


def test_run_output_by_article_path_and_by_store(tmp_path: Path) -> None:
    stems = [json.loads(x)["article"] for x in SAMPLES_JSONL.read_text("utf-8").splitlines()]
    ids = {stem: str(ARTICLES / f"{stem}.txt") for stem in stems[:2]}
    ids[stems[2]] = "https://contoh.test/berita/1"  # only the store knows this text
    results_path = _run_output(tmp_path, ids)
    elsewhere = tmp_path / "empty"
    elsewhere.mkdir()

    without_store = read_results(results_path, articles=[elsewhere])
    assert len(without_store.ok) == 2
    assert [f.article_id for f in without_store.failures] == ["https://contoh.test/berita/1"]

    raw = (ARTICLES / f"{stems[2]}.txt").read_text("utf-8")
    ex = read_results(SAMPLES_JSONL).ok[2]
    store_path = tmp_path / "s.sqlite3"
    with Store(store_path) as store:
        key = ResultKey(text_hash(raw), ex.meta.model, ex.meta.prompt_version, "t")
        store.put_ok(key, None, ex)  # another schema version: must not be used
        with_wrong_key = read_results(results_path, articles=[elsewhere], store=store)
        assert len(with_wrong_key.ok) == 2
        key = ResultKey(
            text_hash(raw), ex.meta.model, ex.meta.prompt_version, ex.meta.schema_version
        )
        store.put_ok(key, None, ex)
    with_store = read_results(results_path, articles=[elsewhere], store=store_path)
    assert len(with_store.ok) == 3 and not with_store.failures


# ---------------------------------------------------------------------------------- aggregation


def _dep(text: str, person: str | None, frm: str | None, to: str | None, **kw: Any) -> Departure:
    return Departure(person=person, from_org=frm, to_org=to, evidence=span(text, text), **kw)


def _ex(ident: str, *deps: Departure, offers: tuple[Offer, ...] = (), **kw: Any) -> Extraction:
    text = deps[0].evidence.text if deps else offers[0].evidence.text
    return Extraction(
        text=text, article_id=ident, departures=list(deps), offers=list(offers), meta=META, **kw
    )


T = "Rana Wibisana keluar dari Orgaxa."


def test_same_person_across_articles_merges_and_fills_the_destination() -> None:
    a = _ex("a", _dep(T, "Rana Wibisana", "Orgaxa", None, status="reported"))
    b = _ex("b", _dep(T, "rana  WIBISANA", "Orgaxa", "Borgix", status="completed"))
    events = aggregate([a, b])
    assert len(events) == 1
    ev = events[0]
    assert ev.articles == ["a", "b"]
    assert (ev.person, ev.from_org, ev.to_org, ev.status) == (
        "Rana Wibisana",
        "Orgaxa",
        "Borgix",
        "completed",
    )
    assert [s.record for s in ev.sources] == ["dep-0", "dep-0"]


def test_different_person_conflicting_orgs_or_far_dates_do_not_merge() -> None:
    base = _ex("a", _dep(T, "Rana Wibisana", "Orgaxa", "Borgix", date="2024-05-20"))
    others = [
        _ex("b", _dep(T, "Rana Wirawan", "Orgaxa", "Borgix", date="2024-05-20")),
        _ex("c", _dep(T, "Rana Wibisana", "Corvex", "Borgix", date="2024-05-20")),
        _ex("d", _dep(T, "Rana Wibisana", "Orgaxa", "Delmora", date="2024-05-20")),
        _ex("e", _dep(T, "Rana Wibisana", "Orgaxa", "Borgix", date="2024-09")),
    ]
    for other in others:
        assert len(aggregate([base, other])) == 2, other.article_id


def test_dates_within_the_window_merge_including_coarse_dates() -> None:
    a = _ex("a", _dep(T, "Rana Wibisana", "Orgaxa", "Borgix", date="2024-05-20"))
    b = _ex("b", _dep(T, "Rana Wibisana", "Orgaxa", None, date="2024-06"))
    c = _ex("c", _dep(T, "Rana Wibisana", None, "Borgix"))
    (ev,) = aggregate([a, b, c])
    assert ev.date == "2024-05-20" and ev.date_resolution == "day"
    assert len(aggregate([a, b], max_days=5)) == 2  # 2024-06-01 is 12 days after 2024-05-20


def test_unnamed_groups_never_merge() -> None:
    a = _ex("a", _dep(T, None, "Orgaxa", "Borgix", count=3))
    b = _ex("b", _dep(T, None, "Orgaxa", "Borgix", count=3))
    assert len(aggregate([a, b])) == 2


def _offer(recipient: str | None, lo: float | None, hi: float | None, cur: str = "USD") -> Offer:
    text = "Borgix menawarkan gaji besar."
    money = Money(min=lo, max=hi, currency=cur, text="x")
    return Offer(offerer="Borgix", recipient=recipient, amount=money, evidence=span(text, text))


def test_offers_merge_on_recipient_overlapping_amount_and_close_publication() -> None:
    import datetime as dt

    day = dt.date(2025, 6, 1)
    a = _ex("a", offers=(_offer("Rana Wibisana", None, 100e6),), published=day)
    b = _ex("b", offers=(_offer("Rana Wibisana", 50e6, 100e6),), published=day)
    c = _ex("c", offers=(_offer("Rana Wibisana", 200e6, 300e6),), published=day)
    d = _ex("d", offers=(_offer("Rana Wibisana", 50e6, 100e6, "IDR"),), published=day)
    late = _ex(
        "e",
        offers=(_offer("Rana Wibisana", 50e6, 100e6),),
        published=day + dt.timedelta(days=90),
    )
    events = aggregate([a, b, c, d, late])
    assert [e.articles for e in events] == [["a", "b"], ["c"], ["d"], ["e"]]
    assert [e.id for e in events] == ["O1", "O2", "O3", "O4"]


def test_samples_merge_the_person_two_articles_report(samples: Results) -> None:
    events = aggregate(samples)
    # One event per person and move: a person several articles report is one event listing them.
    multi = [e for e in events if len(e.articles) > 1 and e.kind == "departure"]
    assert all(e.person and len(set(e.articles)) == len(e.articles) for e in multi)
    total = sum(len(ex.departures) for ex in samples.ok)
    merged = sum(len(e.articles) - 1 for e in events if e.kind == "departure")
    assert len([e for e in events if e.kind == "departure"]) == total - merged


# ---------------------------------------------------------------------------------- flows


def test_flow_rows_count_events_not_records(tmp_path: Path) -> None:
    a = _ex(
        "a",
        _dep(T, "Rana Wibisana", "Orgaxa", "Borgix"),
        _dep(T, "Sekar Ayu", "Orgaxa", "Borgix"),
        _dep(T, None, "Orgaxa", "Borgix", count=4),
        _dep(T, "Tomi Hartono", "Orgaxa", "Borgix", status="threatened"),
    )
    b = _ex("b", _dep(T, "Rana Wibisana", "Orgaxa", "Borgix"), _dep(T, "Sekar Ayu", "Orgaxa", None))
    rows = flows([a, b])
    assert [(r.from_org, r.to_org, r.count, r.people, r.unnamed, r.articles) for r in rows] == [
        ("Orgaxa", "Borgix", 3, ["Rana Wibisana", "Sekar Ayu"], 1, ["a", "b"]),
    ]
    events = aggregate([a, b])
    assert flows(events) == rows
    with_threats = flows([a, b], statuses=("completed", "reported", "threatened"))
    assert with_threats[0].count == 4

    path = rows.to_csv(tmp_path / "flows.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert table == [
        {
            "from_org": "Orgaxa",
            "to_org": "Borgix",
            "count": "3",
            "people": "Rana Wibisana; Sekar Ayu",
            "unnamed": "1",
            "articles": "a; b",
        }
    ]
    frame = rows.to_pandas()
    assert list(frame.columns) == ["from_org", "to_org", "count", "people", "unnamed", "articles"]
    assert frame["count"].tolist() == [3]
    assert events.to_pandas()["articles"].tolist() == ["a; b", "a; b", "a", "a"]


def test_sample_flows(samples: Results) -> None:
    rows = {(r.from_org, r.to_org): r for r in flows(samples)}
    # A threat is no move: flows count the other statuses.
    deps = [d for ex in samples.ok for d in ex.departures if d.status in FLOW_STATUSES]
    # Every sample departure is in one flow row, a person several articles report counted once.
    merged = sum(
        len(e.articles) - 1
        for e in aggregate(samples)
        if e.kind == "departure" and e.status in FLOW_STATUSES
    )
    assert sum(r.count for r in rows.values()) == len(deps) - merged
    people = {p for r in rows.values() for p in r.people}
    assert people == {d.person for d in deps if d.person}


# ---------------------------------------------------------------------------------- report


def _resource_urls(html: str) -> list[str]:
    page = parse(html)
    return [
        v or ""
        for tag, name, v in page.attrs
        if name in ("src", "href", "data", "poster", "srcset", "action")
        or (tag == "link" and name == "href")
    ]


def test_report_references_no_external_resource(samples: Results) -> None:
    ex = hostile_extraction()
    linked = ex.model_copy(update={"text": ex.text + "Lihat https://contoh.test/a.js\n"})
    html = report_html([*samples, linked])
    urls = _resource_urls(html)
    assert urls and all(u.startswith("#") for u in urls), urls
    assert "<link" not in html
    assert not re.search(r"""<script[^>]+src""", html)


def test_report_has_one_mark_per_record_and_anchors_for_every_source(samples: Results) -> None:
    html = report_html(samples, charts=False)
    page = parse(html)
    assert len(page.marks) == sum(n_records(ex) for ex in samples.ok) == len(set(page.marks))
    rows = set(re.findall(r'id="(row-[^"]+)"', html))
    links = set(re.findall(r'href="#(row-[^"]+)"', html))
    assert links and links <= rows
    assert "plotly" not in html.lower()


def test_report_without_plotly_keeps_the_tables(
    samples: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_mod, "plotly_graph_objects", lambda: None)
    html = report_html(samples)
    assert "Charts need plotly" in html and "te-sankey" not in html
    assert "Mira Murati" in html and 'class="te-table te-flows"' in html
    assert len(html) < 500_000


def test_report_with_plotly_embeds_it_once(samples: Results) -> None:
    html = report_html(samples)
    assert html.count("<script>") == 4  # plotly.js, two figures, the page's own script
    assert 'id="te-sankey"' in html and 'id="te-timeline"' in html


def test_report_lists_failures(samples: Results, tmp_path: Path) -> None:
    failed = BatchResult("gagal.txt", "f" * 64, None, Failure("BackendError", "503", 4), False)
    path = write_report([*samples, failed], tmp_path / "r.html", charts=False)
    html = path.read_text("utf-8")
    assert 'id="te-failures"' in html and "BackendError" in html and "gagal.txt" in html


def test_event_source_labels_match_report_anchors() -> None:
    a = _ex("same", _dep(T, "Rana Wibisana", "Orgaxa", "Borgix"))
    b = _ex("same", _dep(T, "Rana Wibisana", "Orgaxa", "Borgix"))
    (ev,) = aggregate([a, b])
    assert isinstance(ev, Event) and ev.articles == ["same", "same (2)"]
    html = report_html([a, b], charts=False)
    assert 'href="#row-a0-dep-0"' in html and 'href="#row-a1-dep-0"' in html


# ---------------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_report_writes_the_sample_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    csv_path = tmp_path / "flows.csv"
    result = runner.invoke(
        app,
        [
            "report",
            str(SAMPLES_JSONL),
            "--out",
            str(out),
            "--no-charts",
            "--flows-csv",
            str(csv_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "5 articles (5 ok, 0 failed)" in result.output
    html = out.read_text("utf-8")
    rows = [json.loads(line) for line in SAMPLES_JSONL.read_text("utf-8").splitlines()]
    records = sum(len(r[k]) for r in rows for k in ("departures", "offers", "quotes"))
    assert records > 0 and len(parse(html).marks) == records
    assert csv_path.read_text("utf-8").startswith("from_org,to_org,count,people")


def test_cli_report_without_texts_writes_and_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    out = tmp_path / "report.html"
    result = runner.invoke(
        app, ["report", str(SAMPLES_JSONL), "--out", str(out), "--articles", str(empty)]
    )
    assert result.exit_code == 1
    assert result.output.count("article text not found") == 5
    assert out.is_file() and out.read_text("utf-8").count("TextNotFound") == 5


def test_cli_report_bad_input_exits_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["report", str(tmp_path / "nope.jsonl"), "--out", "x.html"])
    assert missing.exit_code == 2 and "cannot read" in missing.output
    no_store = runner.invoke(
        app, ["report", str(SAMPLES_JSONL), "--store", str(tmp_path / "s.sqlite3")]
    )
    assert no_store.exit_code == 2 and "no store" in no_store.output
    unwritable = runner.invoke(
        app, ["report", str(SAMPLES_JSONL), "--out", str(tmp_path / "no" / "r.html")]
    )
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.output


def test_an_html_article_is_read_as_the_pipeline_reads_it(tmp_path: Path) -> None:
    from talent_extract.text.clean import clean_article

    paragraph = (
        "Rana Wibisana, kepala riset Orgaxa, resmi keluar dari perusahaan itu pada pekan lalu "
        "dan bergabung dengan Borgix untuk memimpin tim model bahasa yang baru dibentuk."
    )
    raw = (
        "<html><head><title>Berita</title></head><body><nav>Beranda | Teknologi</nav>"
        f"<article><h1>Peneliti pindah</h1><p>{paragraph}</p><p>{paragraph}</p></article>"
        "</body></html>"
    )
    source = clean_article(raw).source
    assert source != raw
    ex = _ex("berita", _dep(source, "Rana Wibisana", "Orgaxa", "Borgix"))  # spans all of it
    (tmp_path / "berita.html").write_text(raw, "utf-8")
    row = {
        "article": "berita",
        **ex.records_jsonable(),
        "published": None,
        "meta": ex.meta.model_dump(mode="json"),
    }
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (got,) = read_results(path).ok
    assert got.text == source


def test_a_failed_batch_result_displays_its_failure_escaped() -> None:
    failed = BatchResult("x.txt", "a" * 64, None, Failure("InputError", INJECTED, 0), False)
    html = batch_result_html(failed)
    _assert_inert(html)
    assert "InputError" in html and "&lt;script&gt;" in html
