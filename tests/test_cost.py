"""Estimated cost per article and per run, from token usage and configurable prices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talent_extract import BatchResult, Extraction
from talent_extract.batch.cost import PRICES_ENV, Price, estimate_cost, load_prices, price_for
from talent_extract.batch.outputs import OutputWriter
from talent_extract.exceptions import ConfigurationError
from talent_extract.records import ExtractionMeta, Usage


def test_known_model_is_priced_per_million_tokens() -> None:
    prices = {"m": Price(2.0, 8.0)}
    assert estimate_cost("m", 1_000_000, 500_000, "openai", prices) == pytest.approx(6.0)
    assert estimate_cost("m", 1_500, 300, "openai", prices) == pytest.approx(0.0054)


def test_dated_model_takes_the_longest_matching_prefix() -> None:
    prices = {"gpt-4o": Price(2.5, 10.0), "gpt-4o-mini": Price(0.15, 0.6)}
    assert price_for("gpt-4o-mini-2024-07-18", prices) == Price(0.15, 0.6)
    assert price_for("gpt-4o-2024-08-06", prices) == Price(2.5, 10.0)


def test_unknown_model_has_unknown_cost_and_local_costs_nothing() -> None:
    prices = {"m": Price(1.0, 1.0)}
    assert estimate_cost("llama-3-70b", 1000, 1000, "openai-compatible", prices) is None
    assert estimate_cost("llama-3-70b", 1000, 1000, "local", prices) == 0.0


def test_user_file_overrides_and_extends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "prices.json"
    path.write_text(
        json.dumps(
            {
                "models": {
                    "gpt-4o-mini": {"input_per_mtok": 1, "output_per_mtok": 2},
                    "my-model": {"input_per_mtok": 3, "output_per_mtok": 4},
                }
            }
        )
    )
    monkeypatch.setenv(PRICES_ENV, str(path))
    assert price_for("gpt-4o-mini") == Price(1.0, 2.0)
    assert price_for("my-model") == Price(3.0, 4.0)
    assert price_for("gpt-4o") == load_prices()["gpt-4o"]  # packaged entries stay


@pytest.mark.parametrize(
    "content",
    ["not json", '{"models": {"m": {"input_per_mtok": "x"}}}', '{"models": {"m": {}}}', "[]"],
)
def test_bad_price_file_is_a_configuration_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ConfigurationError):
        load_prices(str(path))


def _result(cost: float | None, tokens: int) -> BatchResult:
    meta = ExtractionMeta(
        model="m",
        backend="openai",
        mode="tool_call",
        prompt_version="p",
        schema_version="1",
        usage=Usage(prompt_tokens=tokens, completion_tokens=0),
        calls=1,
        cost_usd=cost,
    )
    return BatchResult("a", "h", Extraction(text="x", meta=meta), None, False)


def test_run_totals_add_priced_articles_and_count_unpriced(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    for r in (_result(0.25, 10), _result(0.5, 20), _result(None, 30)):
        writer.write(r)
    stats = writer.close().stats
    assert stats.cost_usd == pytest.approx(0.75)
    assert stats.unpriced == 1
    assert stats.prompt_tokens == 60
