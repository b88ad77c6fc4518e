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

from talent_extract.batch.runner import BatchResult, aextract_many
from talent_extract.batch.store import Store, text_hash
from talent_extract.model.backend import BackendConfig, resolve_backend
from talent_extract.records import Article
from talent_extract.text.check import lone_surrogate, printable

__all__ = ["extract_dataset"]


class _Extract:
    """A Ray Data callable: one client and store per worker, rows of articles in, results out."""

    def __init__(self, config: BackendConfig, store_path: str | None, concurrency: int) -> None:
        self.config = config
        self.store = Store(store_path) if store_path else Store(":memory:")
        self.concurrency = concurrency

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        texts = list(batch["text"]) if "text" in batch else []
        ids = [None if i is None else str(i) for i in batch.get("id", [None] * len(texts))]
        items = [Article(text=str(t), id=i) for t, i in zip(texts, ids, strict=True) if _is_text(t)]

        async def run() -> list[BatchResult]:
            return [
                r
                async for r in aextract_many(
                    items, concurrency=self.concurrency, store=self.store, config=self.config
                )
            ]

        # Results come as they finish: matched back to rows by id and text hash, each used once
        # (rows with no id, or one id twice, still get their own article's result).
        found: dict[tuple[str | None, str], list[BatchResult]] = {}
        for done in asyncio.run(run()) if items else []:
            found.setdefault((done.article_id, done.text_hash), []).append(done)
        out: dict[str, list[Any]] = {
            k: [] for k in ("id", "text_hash", "ok", "cached", "extraction", "failure")
        }
        for text, row_id in zip(texts, ids, strict=True):
            r: BatchResult | None = None
            if _is_text(text):
                r = found[_key(str(text), row_id)].pop(0)
            out["id"].append(row_id)
            out["text_hash"].append(r.text_hash if r else "")
            out["ok"].append(r.ok if r else False)
            out["cached"].append(r.cached if r else False)
            out["extraction"].append(r.extraction.model_dump_json() if r and r.extraction else None)
            if r is None:
                out["failure"].append(
                    f"InputError: text must be a string, not {type(text).__name__}"
                )
            else:
                out["failure"].append(
                    f"{r.failure.type}: {r.failure.message}" if r.failure else None
                )
        return out


def _is_text(value: object) -> bool:
    return isinstance(value, str)  # numpy's str_ is a str


def _key(text: str, row_id: str | None) -> tuple[str | None, str]:
    """The (article_id, text_hash) aextract_many gives this row's result."""
    if lone_surrogate(text=text, id=row_id) is not None:
        return printable(row_id), ""  # refused before hashing
    return row_id, text_hash(text)


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
    defaults to ``resolve_backend(**backend_kwargs)``, resolved once here. A row without an
    id, or whose id another row has too, still gets its own result; a row whose text is no
    string gets an ``InputError`` failure, never a crashed job.
    """
    if config is None:
        config = resolve_backend(**backend_kwargs)
    from ray.data import ActorPoolStrategy

    return dataset.map_batches(
        _Extract,
        fn_constructor_args=(config, store_path, concurrency),
        batch_size=batch_size,
        compute=ActorPoolStrategy(size=workers),  # `concurrency=` is deprecated since Ray 2.51
        batch_format="numpy",
    )
