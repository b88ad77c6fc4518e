"""Past one machine: articles mapped over a Ray Data dataset (optional extra ``[ray]``).

    import ray
    from talent_extract.ray import extract_dataset

    ds = ray.data.from_items([{"id": "a1", "text": "..."}, ...])
    results = extract_dataset(ds, store_path="/shared/results.sqlite3", base_url=..., concurrency=2)

Each Ray worker keeps one extractor (its own HTTP client, its own connection to the store) and
runs :func:`~talent_extract.aextract_many` over the batches it is given; the store is keyed as
today, so a re-run skips what is done. SQLite wants one machine (or a file system with working
locks): on a cluster give every node its own store path, or none (in-run deduplication only).
"""

from __future__ import annotations

import asyncio
from typing import Any

from talent_extract.batch.runner import aextract_many
from talent_extract.batch.store import Store
from talent_extract.model.backend import BackendConfig, resolve_backend
from talent_extract.records import Article

__all__ = ["extract_dataset"]


class _Extract:
    """A Ray Data callable: one client and store per worker, rows of articles in, results out."""

    def __init__(self, config: BackendConfig, store_path: str | None, concurrency: int) -> None:
        self.config = config
        self.store = Store(store_path) if store_path else Store(":memory:")
        self.concurrency = concurrency

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        ids = list(batch.get("id", [None] * len(batch["text"])))
        items = [
            Article(text=str(t), id=None if i is None else str(i))
            for t, i in zip(batch["text"], ids, strict=True)
        ]

        async def run() -> list[Any]:
            return [
                r
                async for r in aextract_many(
                    items, concurrency=self.concurrency, store=self.store, config=self.config
                )
            ]

        results = {r.article_id: r for r in asyncio.run(run())}
        out: dict[str, list[Any]] = {
            k: [] for k in ("id", "text_hash", "ok", "cached", "extraction", "failure")
        }
        for article in items:
            r = results[article.id]
            out["id"].append(article.id)
            out["text_hash"].append(r.text_hash)
            out["ok"].append(r.ok)
            out["cached"].append(r.cached)
            out["extraction"].append(r.extraction.model_dump_json() if r.extraction else None)
            out["failure"].append(f"{r.failure.type}: {r.failure.message}" if r.failure else None)
        return out


def extract_dataset(
    dataset: Any,
    *,
    store_path: str | None = None,
    concurrency: int = 8,
    workers: int = 2,
    batch_size: int = 64,
    config: BackendConfig | None = None,
    **backend_kwargs: Any,
) -> Any:
    """Map extraction over a Ray Data ``dataset`` of rows ``{"text": ..., "id": ...}``.

    Returns a dataset of rows ``id``, ``text_hash``, ``ok``, ``cached``, ``extraction`` (the
    :class:`~talent_extract.Extraction` as JSON) and ``failure`` (``"Type: message"``), one per
    input row. ``workers`` Ray actors each keep ``concurrency`` articles in flight; ``config``
    defaults to ``resolve_backend(**backend_kwargs)``, resolved once here. Rows need unique ids.
    """
    if config is None:
        config = resolve_backend(**backend_kwargs)
    return dataset.map_batches(
        _Extract,
        fn_constructor_args=(config, store_path, concurrency),
        batch_size=batch_size,
        concurrency=workers,
        batch_format="numpy",
    )
