"""OutputWriter and to_pandas on hand-built results: JSONL, CSV round trips, Parquet, pandas."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from talent_extract import BatchResult, Departure, Extraction, Money, Offer, Quote, Span
from talent_extract.batch.outputs import COLUMNS, OutputWriter, to_pandas
from talent_extract.batch.sources import SourceError
from talent_extract.batch.store import Failure, text_hash
from talent_extract.cli import result_row
from talent_extract.records import ExtractionMeta, Usage

# Quotes, commas, a CRLF and a bare newline inside evidence: the csv module must carry them.
TEXT = (
    'Budi "Bud" Santoso, peneliti senior,\nkeluar dari Lintas AI.\r\n'
    '"Saya pamit, teman-teman,\nsampai jumpa," kata Budi. '
    "Meta menawarinya US$10 juta, kata sumber."
)


def _span(fragment: str) -> Span:
    start = TEXT.index(fragment)
    return Span(start=start, end=start + len(fragment), text=fragment)


def make_extraction(article_id: str | None = "a-1", calls: int = 2) -> Extraction:
    departure_ev = 'Budi "Bud" Santoso, peneliti senior,\nkeluar dari Lintas AI.\r\n'
    quote_text = "Saya pamit, teman-teman,\nsampai jumpa,"
    offer_ev = "Meta menawarinya US$10 juta, kata sumber."
    return Extraction(
        text=TEXT,
        article_id=article_id,
        departures=[
            Departure(
                person='Budi "Bud" Santoso',
                from_org="Lintas AI",
                status="completed",
                date="2025-07",
                date_resolution="month",
                evidence=_span(departure_ev),
            )
        ],
        offers=[
            Offer(
                offerer="Meta",
                recipient="Budi",
                amount=Money(
                    min=10_000_000,
                    max=10_000_000,
                    currency="USD",
                    text="US$10 juta",
                    conversion=Money(min=1.6e11, max=1.6e11, currency="IDR", text="Rp160 miliar"),
                ),
                evidence=_span(offer_ev),
            ),
            Offer(recipient="Budi", evidence=_span("Meta menawarinya")),
        ],
        quotes=[Quote(speaker="Budi", text=quote_text, evidence=_span(quote_text))],
        meta=ExtractionMeta(
            model="fake-model",
            backend="openai-compatible",
            mode="tool_call",
            prompt_version="x",
            schema_version="1",
            usage=Usage(prompt_tokens=100, completion_tokens=20),
            calls=calls,
        ),
    )


def ok(article_id: str | None, cached: bool = False) -> BatchResult:
    extraction = make_extraction(article_id)
    return BatchResult(article_id, text_hash(TEXT), extraction, None, cached)


FAILED = BatchResult(
    "b-2", "f" * 64, None, Failure("TransientBackendError", 'HTTP 503, "busy"\nretry', 4), False
)
SOURCE_ERROR = SourceError("in/lines.jsonl:3", "not JSON: Expecting value")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_all(out: Path, parquet: bool = True) -> Any:
    with OutputWriter(out, parquet=parquet) as writer:
        writer.write(ok("a-1"))
        writer.write_source_error(SOURCE_ERROR)
        writer.write(FAILED)
        writer.write(ok("a-dup", cached=True))
    assert writer.summary is not None
    return writer.summary


def test_jsonl_rows_are_the_samples_form_plus_identity(tmp_path: Path) -> None:
    write_all(tmp_path)
    rows = [
        json.loads(line) for line in (tmp_path / "results.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) == 4
    first = rows[0]
    expected = result_row("a-1", make_extraction("a-1"))
    assert {k: first[k] for k in expected} == expected
    assert (first["article_id"], first["text_hash"], first["cached"], first["status"]) == (
        "a-1",
        text_hash(TEXT),
        False,
        "ok",
    )
    assert first["offers"][0]["amount"]["conversion"]["currency"] == "IDR"  # kept in JSONL
    assert rows[1] == {
        "article": "in/lines.jsonl:3",
        "article_id": None,
        "text_hash": None,
        "cached": False,
        "status": "failed",
        "failure": {"type": "SourceError", "message": "not JSON: Expecting value", "attempts": 0},
    }
    assert rows[2]["failure"] == {
        "type": "TransientBackendError",
        "message": 'HTTP 503, "busy"\nretry',
        "attempts": 4,
    }
    assert rows[3]["article_id"] == "a-dup" and rows[3]["cached"] is True


def test_csvs_round_trip_quotes_commas_and_newlines_exactly(tmp_path: Path) -> None:
    write_all(tmp_path)
    departures = read_csv(tmp_path / "departures.csv")
    assert [d["article_id"] for d in departures] == ["a-1", "a-dup"]
    d = departures[0]
    assert list(d) == [c for c, _ in COLUMNS["departures"]]
    assert d["person"] == 'Budi "Bud" Santoso' and d["to_org"] == ""
    start, end = int(d["evidence_start"]), int(d["evidence_end"])
    assert TEXT[start:end] == d["evidence_text"]
    assert d["evidence_text"].endswith("Lintas AI.\r\n")

    quote = read_csv(tmp_path / "quotes.csv")[0]
    assert quote["text"] == quote["evidence_text"] == "Saya pamit, teman-teman,\nsampai jumpa,"
    assert TEXT[int(quote["evidence_start"]) : int(quote["evidence_end"])] == quote["text"]
    assert quote["anonymous"] == "False"

    offers = read_csv(tmp_path / "offers.csv")
    assert len(offers) == 4
    money, bare = offers[0], offers[1]
    assert (money["amount_min"], money["amount_max"], money["currency"]) == (
        "10000000.0",
        "10000000.0",
        "USD",
    )
    assert (money["approximate"], money["amount_text"]) == ("False", "US$10 juta")
    assert money["evidence_text"] == "Meta menawarinya US$10 juta, kata sumber."
    assert bare["amount_min"] == bare["currency"] == bare["approximate"] == ""


def test_failures_csv_has_batch_failures_and_source_errors(tmp_path: Path) -> None:
    write_all(tmp_path)
    failures = read_csv(tmp_path / "failures.csv")
    assert failures == [
        {
            "article": "in/lines.jsonl:3",
            "article_id": "",
            "text_hash": "",
            "type": "SourceError",
            "message": "not JSON: Expecting value",
            "attempts": "0",
        },
        {
            "article": "b-2",
            "article_id": "b-2",
            "text_hash": "f" * 64,
            "type": "TransientBackendError",
            "message": 'HTTP 503, "busy"\nretry',
            "attempts": "4",
        },
    ]


def test_summary_counts_only_fresh_calls_and_tokens(tmp_path: Path) -> None:
    summary = write_all(tmp_path, parquet=False)
    s = summary.stats
    assert (s.articles, s.ok, s.failed, s.cached, s.source_errors) == (4, 2, 2, 1, 1)
    assert (s.calls, s.prompt_tokens, s.completion_tokens) == (2, 100, 20)
    assert summary.parquet == "not requested"
    assert {p.name for p in summary.files} == {
        "results.jsonl",
        "departures.csv",
        "offers.csv",
        "quotes.csv",
        "failures.csv",
    }


def test_files_are_flushed_after_each_article(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path, parquet=False)
    writer.write(ok("a-1"))
    assert len((tmp_path / "results.jsonl").read_text("utf-8").splitlines()) == 1
    assert len(read_csv(tmp_path / "departures.csv")) == 1
    summary = writer.close()
    assert writer.close() is summary
    with pytest.raises(ValueError, match="closed"):
        writer.write(ok("a-2"))


def test_empty_run_writes_headers(tmp_path: Path) -> None:
    OutputWriter(tmp_path, parquet=False).close()
    assert (tmp_path / "quotes.csv").read_text("utf-8").startswith("article_id,text_hash,speaker")
    assert (tmp_path / "results.jsonl").read_text("utf-8") == ""


def test_without_pyarrow_parquet_is_skipped_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow -> ImportError
    summary = write_all(tmp_path)
    assert "pyarrow is not installed" in summary.parquet
    assert not list(tmp_path.glob("*.parquet"))


def test_parquet_is_typed_and_matches_the_csv(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    summary = write_all(tmp_path)
    assert summary.parquet == "written"
    quotes = pq.read_table(tmp_path / "quotes.parquet").to_pylist()
    assert quotes[0]["text"] == "Saya pamit, teman-teman,\nsampai jumpa,"
    assert quotes[0]["anonymous"] is False and quotes[0]["evidence_start"] == TEXT.index("Saya")
    offers = pq.read_table(tmp_path / "offers.parquet").to_pylist()
    assert offers[0]["amount_min"] == 10_000_000.0 and offers[1]["amount_min"] is None
    failures = pq.read_table(tmp_path / "failures.parquet").to_pylist()
    assert failures[0]["article_id"] is None and failures[1]["attempts"] == 4


def test_to_pandas_takes_results_extractions_and_source_errors() -> None:
    pytest.importorskip("pandas")
    frames = to_pandas([ok("a-1"), make_extraction("x-9"), FAILED, SOURCE_ERROR])
    assert set(frames) == {"departures", "offers", "quotes", "failures"}
    departures = frames["departures"]
    assert list(departures.columns) == [c for c, _ in COLUMNS["departures"]]
    assert list(departures["article_id"]) == ["a-1", "x-9"]
    assert departures["evidence_text"][0].endswith("Lintas AI.\r\n")
    assert list(frames["failures"]["type"]) == ["TransientBackendError", "SourceError"]
    assert len(frames["offers"]) == 4 and len(frames["quotes"]) == 2


def test_to_pandas_without_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        to_pandas([])


def test_a_parquet_failure_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: OutputWriter) -> list[Path]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(OutputWriter, "_write_parquet", boom)
    summary = write_all(tmp_path)
    assert summary.parquet == "failed: RuntimeError: disk full"
    assert len(read_csv(tmp_path / "failures.csv")) == 2
