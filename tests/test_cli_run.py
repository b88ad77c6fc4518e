"""``talent-extract run`` with a fake extractor: no model, no network."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talent_extract import Article, BackendConfig, BackendError, Extraction
from talent_extract.cli import app
from talent_extract.records import Usage
from tests.conftest import no_backend
from tests.fakes import BUDI, FEEDS, SECRET, fake_extraction

runner = CliRunner()
BASE = ["--base-url", "http://127.0.0.1:9/v1", "--api-key", SECRET, "--model", "fake-model"]
BROKEN = "Artikel ini membuat backend gagal."


class FakeExtractor:
    """Counts calls; one model call and 10+2 tokens per article; fails on BROKEN with the key."""

    def __init__(self) -> None:
        self.calls: list[str | None] = []

    async def __call__(self, article: Article, config: BackendConfig) -> Extraction:
        self.calls.append(article.id)
        if article.text == BROKEN:
            raise BackendError(f"server refused key {config.api_key}", attempts=2)
        extraction = fake_extraction(article, config)
        extraction.meta.calls = 1
        extraction.meta.usage = Usage(prompt_tokens=10, completion_tokens=2)
        return extraction


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeExtractor:
    extractor = FakeExtractor()
    monkeypatch.setattr("talent_extract.batch.runner._default_extractor", extractor)
    return extractor


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """BUDI under two sources, a feed with broken entries, a broken JSONL line, one failure."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "in"
    root.mkdir()
    (root / "budi.txt").write_text(BUDI, "utf-8")
    (root / "more.jsonl").write_text(
        json.dumps({"url": "https://x.example/budi", "text": BUDI})
        + "\n{broken\n"
        + json.dumps({"id": "gagal", "text": BROKEN})
        + "\n",
        "utf-8",
    )
    shutil.copy(FEEDS / "kabar.rss", root / "kabar.rss")
    return root


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["run", *args, *BASE], input=input)


def test_run_writes_outputs_extracts_duplicates_once_and_caches(
    inputs: Path, fake: FakeExtractor, tmp_path: Path
) -> None:
    store = str(tmp_path / "store.sqlite3")
    result = run("in", "--out", "out", "--store", store, "--concurrency", "2")
    assert result.exit_code == 0, result.output
    # budi.txt; kabar.rss: 2 articles + 2 broken entries; more.jsonl: 2 + 1 broken line.
    # BUDI's text comes three times (file, feed link, x.example) and is extracted once.
    assert (
        "articles 8  ok 4  failed 4 (source errors 3)  cached 2  model calls 2  "
        "tokens 20 prompt + 4 completion" in result.stdout
    )
    assert sorted(map(str, fake.calls)) == ["gagal", "in/budi.txt", "kabar-0004"]
    out = tmp_path / "out"
    for name in ("results.jsonl", "departures.csv", "offers.csv", "quotes.csv", "failures.csv"):
        assert (out / name).is_file()
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text("utf-8").splitlines()]
    budi_rows = [r for r in rows if r.get("text_hash") and "failure" not in r and r["cached"]]
    assert len(budi_rows) == 2
    with (out / "failures.csv").open(encoding="utf-8", newline="") as handle:
        failures = list(csv.DictReader(handle))
    assert sorted(f["article"] for f in failures if f["type"] == "SourceError") == [
        "in/kabar.rss#2",
        "in/kabar.rss#3",
        "in/more.jsonl:2",
    ]
    (backend_failure,) = [f for f in failures if f["type"] == "BackendError"]
    assert backend_failure["article_id"] == "gagal" and backend_failure["attempts"] == "2"
    # The key is never printed nor written.
    assert SECRET not in result.output
    assert "***" in backend_failure["message"]
    assert all(SECRET not in p.read_text("utf-8") for p in out.iterdir() if p.suffix != ".parquet")

    second = run("in", "--out", "out2", "--store", store)
    assert second.exit_code == 0, second.output
    # Everything ok is cached; only the earlier failure is retried.
    assert fake.calls[3:] == ["gagal"]
    assert "articles 8  ok 4  failed 4 (source errors 3)  cached 4  model calls 0" in second.stdout
    assert (tmp_path / "out2" / "results.jsonl").read_text("utf-8").count('"cached": true') == 4


def test_second_run_without_failures_makes_no_calls(
    inputs: Path, fake: FakeExtractor, tmp_path: Path
) -> None:
    store = str(tmp_path / "store.sqlite3")
    (inputs / "more.jsonl").unlink()
    assert run("in", "--out", "o1", "--store", store, "-q").exit_code == 0
    calls = len(fake.calls)
    assert calls == 2  # budi.txt (its feed copy is a duplicate) and kabar-0004
    again = run("in", "--out", "o2", "--store", store, "-q")
    assert again.exit_code == 0 and len(fake.calls) == calls
    assert "model calls 0  tokens 0 prompt + 0 completion" in again.stdout


def test_stdin_jsonl(fake: FakeExtractor, tmp_path: Path) -> None:
    lines = '{"id": "s1", "text": "Satu."}\n{"id": "s2", "text": "Satu."}\n'
    result = run("-", "--out", str(tmp_path / "o"), "--store", str(tmp_path / "s"), input=lines)
    assert result.exit_code == 0, result.output
    assert fake.calls == ["s1"]
    assert "articles 2  ok 2  failed 0 (source errors 0)  cached 1" in result.stdout


def test_progress_bar_runs_when_stderr_is_a_terminal(
    inputs: Path, fake: FakeExtractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("talent_extract.cli._stderr_is_tty", lambda: True)
    result = run("in", "--out", "o", "--store", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert "extracting" in result.stderr and "8/8" in result.stderr
    assert SECRET not in result.output


def test_without_a_backend_nothing_runs(
    tmp_path: Path, fake: FakeExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_backend(monkeypatch)
    (tmp_path / "a.txt").write_text(BUDI, "utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--store", "x"]
    )
    assert result.exit_code == 1
    assert "ConfigurationError" in result.stderr and "OPENAI_API_KEY" in result.stderr
    assert fake.calls == [] and not (tmp_path / "o").exists()
