"""The command line, on recorded data."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from talent_extract import evaluate
from talent_extract.cli import app
from tests.conftest import no_backend
from tests.recording import (
    ARTICLES,
    RECORDED_BASE_URL,
    RECORDED_MODEL,
    ROOT,
    SAMPLES_JSONL,
    make_vcr,
)

runner = CliRunner()


def test_eval_prints_markdown_and_json() -> None:
    gold = str(ROOT / "examples" / "gold")
    md = runner.invoke(app, ["eval", str(SAMPLES_JSONL), "--gold", gold])
    assert md.exit_code == 0, md.output
    assert "| f1 |" in md.output and "| quotes |" in md.output
    js = runner.invoke(app, ["eval", str(SAMPLES_JSONL), "--gold", gold, "--format", "json"])
    data = json.loads(js.output)
    expected = evaluate(gold, SAMPLES_JSONL)  # the command reports what the library computes
    assert data["overall"]["f1"] == pytest.approx(expected.overall.f1)
    assert data["overall"]["tp"] == expected.overall.tp and expected.overall.tp > 0
    assert f"{expected.overall.f1:.3f}" in md.output


def test_eval_reports_a_missing_gold_dir_clearly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["eval", str(SAMPLES_JSONL), "--gold", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "error" in result.output


def test_extract_prints_grounded_records_from_a_recording() -> None:
    path = ARTICLES / "000_5915d190da626961.txt"
    with make_vcr("none").use_cassette("samples/000_5915d190da626961.yaml"):
        result = runner.invoke(
            app, ["extract", str(path), "--base-url", RECORDED_BASE_URL, "--model", RECORDED_MODEL]
        )
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.splitlines()[0])
    text = path.read_text("utf-8")
    assert row["article"] == path.stem and row["departures"]
    for kind in ("departures", "offers", "quotes"):
        for record in row[kind]:
            ev = record["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_extract_without_backend_names_the_ways_to_configure(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    no_backend(monkeypatch)
    result = runner.invoke(app, ["extract", str(ARTICLES / "004_7dc78da48f78b2fc.txt")])
    assert result.exit_code == 1
    assert "ConfigurationError" in result.output and "OPENAI_API_KEY" in result.output


def test_extract_reports_bad_input_per_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "blob.txt"
    # A PNG header: 0x89 cannot start UTF-8. (FF FE 00 01, used before, is a UTF-16 byte-order
    # mark and the letter U+0100, which now decodes.)
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(
        app, ["extract", str(empty), str(binary), "--base-url", RECORDED_BASE_URL]
    )
    assert result.exit_code == 1
    assert "empty.txt: InputError" in result.output
    assert "blob.txt: EncodingError: not UTF-8 text: byte 0x89 at byte 0" in result.output


def test_cli_quiets_instructor_retry_logging(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import logging

    logger = logging.getLogger("instructor")
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    runner.invoke(app, ["version"])
    assert logger.level == logging.CRITICAL
