"""Estimated cost of an extraction from its token usage, with prices per model.

Prices come from ``data/prices.json`` (US dollars per million tokens), extended or overridden by
the JSON file named in ``TALENT_EXTRACT_PRICES``. A model without a price gets ``None``: an
unknown cost is reported as unknown, never guessed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from talent_extract import data as packaged_data
from talent_extract.exceptions import ConfigurationError

PRICES_ENV = "TALENT_EXTRACT_PRICES"


@dataclass(frozen=True)
class Price:
    """US dollars per million prompt (input) and completion (output) tokens."""

    input_per_mtok: float
    output_per_mtok: float
    batch_input_per_mtok: float | None = None
    batch_output_per_mtok: float | None = None


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def _parse(data: Any, source: str) -> dict[str, Price]:
    models = data.get("models") if isinstance(data, Mapping) else None
    if not isinstance(models, Mapping):
        raise ConfigurationError(f"{source}: expected an object with a 'models' object")
    out: dict[str, Price] = {}
    for name, entry in models.items():
        try:
            price = Price(
                float(entry["input_per_mtok"]),
                float(entry["output_per_mtok"]),
                _optional(entry.get("batch_input_per_mtok")),
                _optional(entry.get("batch_output_per_mtok")),
            )
        except (TypeError, KeyError, ValueError) as exc:
            raise ConfigurationError(
                f"{source}: model {name!r} needs numeric input_per_mtok and output_per_mtok"
            ) from exc
        values = (
            price.input_per_mtok,
            price.output_per_mtok,
            price.batch_input_per_mtok,
            price.batch_output_per_mtok,
        )
        if any(v is not None and v < 0 for v in values):
            raise ConfigurationError(f"{source}: model {name!r} has a negative price")
        out[str(name)] = price
    return out


@lru_cache(maxsize=8)
def load_prices(extra: str | None = None) -> dict[str, Price]:
    """The packaged prices, with the entries of the JSON file ``extra`` (if any) on top."""
    prices = {
        name: Price(
            entry.input_per_mtok,
            entry.output_per_mtok,
            entry.batch_input_per_mtok,
            entry.batch_output_per_mtok,
        )
        for name, entry in packaged_data.prices().models.items()
    }
    if extra:
        try:
            data = json.loads(Path(extra).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot read prices file {extra}: {exc}") from exc
        prices.update(_parse(data, extra))
    return prices


def price_for(model: str, prices: Mapping[str, Price] | None = None) -> Price | None:
    """The price of ``model``: its own entry, else the longest key it starts with, else None."""
    table = load_prices(os.environ.get(PRICES_ENV) or None) if prices is None else prices
    if model in table:
        return table[model]
    prefixes = [key for key in table if model.startswith(key)]
    return table[max(prefixes, key=len)] if prefixes else None


def estimate_cost(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    backend: str,
    prices: Mapping[str, Price] | None = None,
) -> float | None:
    """Estimated US dollars for this usage; 0 on the embedded local model, None if unpriced."""
    if backend == "local":
        return 0.0
    price = price_for(model, prices)
    if price is None:
        return None
    dollars = (
        prompt_tokens * price.input_per_mtok + completion_tokens * price.output_per_mtok
    ) / 1_000_000
    return round(dollars, 8)


def estimate_batch_cost(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    prices: Mapping[str, Price] | None = None,
) -> float | None:
    """Estimated US dollars for this usage at the Batch API's prices; None if the model has no
    batch price (never guessed from the list price)."""
    price = price_for(model, prices)
    if price is None or price.batch_input_per_mtok is None or price.batch_output_per_mtok is None:
        return None
    dollars = (
        prompt_tokens * price.batch_input_per_mtok + completion_tokens * price.batch_output_per_mtok
    ) / 1_000_000
    return round(dollars, 8)
