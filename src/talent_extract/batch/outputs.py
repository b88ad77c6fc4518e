"""Batch outputs: JSONL, one CSV per record type, Parquet, and DataFrames for notebooks.

:class:`OutputWriter` writes the results of a batch into a folder, one article at a time and
flushed after each, so an interrupted run leaves every finished article on disk:

``results.jsonl``
    One object per article. A success is the ``examples/output/samples.jsonl`` row
    (:func:`result_row`) plus ``article_id``, ``text_hash``, ``cached`` and ``status``
    (``"ok"``, or ``"skipped"`` when the relevance gate skipped it: ``meta.skipped`` says why); a
    failure is ``{"article", "article_id", "text_hash", "cached", "status": "failed",
    "failure": {"type", "message", "attempts"}}``. A
    :class:`~talent_extract.batch.sources.SourceError` is a failure of type
    ``SourceError`` whose ``article`` is the source (``file:line``...) and whose id and hash are
    null.
``departures.csv``, ``offers.csv``, ``quotes.csv``
    One row per record: ``article_id``, ``text_hash``, the record's flat fields (an offer's
    :class:`~talent_extract.Money` as ``amount_min``, ``amount_max``, ``currency``,
    ``approximate``, ``amount_text``; its ``conversion`` only in the JSONL), then
    ``evidence_start``, ``evidence_end``, ``evidence_text``. Written by the :mod:`csv` module
    (UTF-8, a header even when empty), so quotes, commas and newlines in the text round-trip.
    Empty cells are ``None``.
``failures.csv``
    ``article``, ``article_id``, ``text_hash``, ``type``, ``message``, ``attempts``.
``departures.parquet`` ... ``failures.parquet``
    At :meth:`OutputWriter.close`, when ``pyarrow`` is installed (the ``parquet`` extra), typed
    from the CSVs.

Every file is rewritten by each run; a re-run with the same store re-emits cached results, so the
folder always describes the whole input. With ``append=True`` (``talent-extract watch``) the files
are appended to instead, a header written only into an empty file.
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

from talent_extract.batch.runner import BatchResult
from talent_extract.batch.sources import SourceError
from talent_extract.batch.store import Failure, text_hash
from talent_extract.records import Departure, Extraction, Offer, Quote, Span

__all__ = ["COLUMNS", "OutputSummary", "OutputWriter", "RunStats", "to_pandas"]

ColumnType = Literal["string", "int64", "float64", "bool"]
_REF: tuple[tuple[str, ColumnType], ...] = (("article_id", "string"), ("text_hash", "string"))
_EVIDENCE: tuple[tuple[str, ColumnType], ...] = (
    ("evidence_start", "int64"),
    ("evidence_end", "int64"),
    ("evidence_text", "string"),
)
COLUMNS: dict[str, tuple[tuple[str, ColumnType], ...]] = {
    "departures": (
        *_REF,
        ("person", "string"),
        ("count", "int64"),
        ("from_org", "string"),
        ("from_unit", "string"),
        ("to_org", "string"),
        ("to_unit", "string"),
        ("role_before", "string"),
        ("role_after", "string"),
        ("status", "string"),
        ("date", "string"),
        ("date_resolution", "string"),
        *_EVIDENCE,
    ),
    "offers": (
        *_REF,
        ("offerer", "string"),
        ("recipient", "string"),
        ("recipient_org", "string"),
        ("amount_min", "float64"),
        ("amount_max", "float64"),
        ("currency", "string"),
        ("approximate", "bool"),
        ("amount_text", "string"),
        ("period", "string"),
        ("status", "string"),
        *_EVIDENCE,
    ),
    "quotes": (
        *_REF,
        ("speaker", "string"),
        ("speaker_role", "string"),
        ("anonymous", "bool"),
        ("text", "string"),
        ("channel", "string"),
        *_EVIDENCE,
    ),
    "failures": (
        ("article", "string"),
        *_REF,
        ("type", "string"),
        ("message", "string"),
        ("attempts", "int64"),
    ),
}
"""The columns (and their Parquet types) of each table: departures, offers, quotes, failures."""

Row = dict[str, object]
Item = BatchResult | Extraction | SourceError
PARQUET_HINT = "pip install 'talent_extract[parquet]'"


@dataclass
class RunStats:
    """Counts over what an :class:`OutputWriter` has written.

    ``articles`` counts every item (results and source errors), ``failed`` includes
    ``source_errors``; ``calls`` and the tokens sum :class:`~talent_extract.ExtractionMeta` of the
    results that were extracted in this run (not ``cached``). Failed extractions report no tokens.
    """

    articles: int = 0
    ok: int = 0
    failed: int = 0
    cached: int = 0
    source_errors: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0  # estimated, over the extracted results that have a price
    unpriced: int = 0  # extracted results whose model has no price (cost unknown)
    skipped: int = 0  # ok results the relevance gate skipped (no model call), cached or not


@dataclass(frozen=True)
class OutputSummary:
    """What :meth:`OutputWriter.close` wrote: the counts, the files, and the Parquet outcome."""

    stats: RunStats
    files: tuple[Path, ...]
    parquet: str = field(default="")
    """``"written"``, or why no Parquet was written."""


# ---------------------------------------------------------------------------------- rows


def _evidence(span: Span) -> Row:
    return {"evidence_start": span.start, "evidence_end": span.end, "evidence_text": span.text}


def _departure_row(ref: Row, d: Departure) -> Row:
    fields = d.model_dump(exclude={"evidence"})
    return {**ref, **fields, **_evidence(d.evidence)}


def _offer_row(ref: Row, o: Offer) -> Row:
    money = o.amount
    return {
        **ref,
        "offerer": o.offerer,
        "recipient": o.recipient,
        "recipient_org": o.recipient_org,
        "amount_min": money.min if money else None,
        "amount_max": money.max if money else None,
        "currency": money.currency if money else None,
        "approximate": money.approximate if money else None,
        "amount_text": money.text if money else None,
        "period": o.period,
        "status": o.status,
        **_evidence(o.evidence),
    }


def _quote_row(ref: Row, q: Quote) -> Row:
    fields = q.model_dump(exclude={"evidence"})
    return {**ref, **fields, **_evidence(q.evidence)}


def record_rows(extraction: Extraction, article_id: str | None, hash_: str) -> dict[str, list[Row]]:
    """The flat rows of one extraction's departures, offers and quotes (native Python values)."""
    ref: Row = {"article_id": article_id, "text_hash": hash_}
    return {
        "departures": [_departure_row(ref, d) for d in extraction.departures],
        "offers": [_offer_row(ref, o) for o in extraction.offers],
        "quotes": [_quote_row(ref, q) for q in extraction.quotes],
    }


def result_row(stem: str, result: Extraction) -> dict[str, Any]:
    """One JSONL row: the form of ``examples/output/samples.jsonl``."""
    row: dict[str, Any] = {"article": stem, **result.records_jsonable()}
    row["published"] = result.published.isoformat() if result.published else None
    row["meta"] = result.meta.model_dump(mode="json")
    return row


def _label(article_id: str | None, hash_: str) -> str:
    return article_id if article_id is not None else hash_[:16]


def _failure_of(item: BatchResult | SourceError) -> tuple[str, str | None, str | None, Failure]:
    if isinstance(item, SourceError):
        return item.source, None, None, Failure("SourceError", item.message, 0)
    assert item.failure is not None
    return _label(item.article_id, item.text_hash), item.article_id, item.text_hash, item.failure


def _failure_row(item: BatchResult | SourceError) -> Row:
    article, article_id, hash_, failure = _failure_of(item)
    return {
        "article": article,
        "article_id": article_id,
        "text_hash": hash_,
        "type": failure.type,
        "message": failure.message,
        "attempts": failure.attempts,
    }


def _json_row(item: BatchResult | SourceError) -> dict[str, Any]:
    # Imported here: cli imports this module for `run`, and owns the samples.jsonl row form.

    if isinstance(item, BatchResult) and item.extraction is not None:
        row = result_row(_label(item.article_id, item.text_hash), item.extraction)
        row.update(article_id=item.article_id, text_hash=item.text_hash, cached=item.cached)
        row["status"] = "skipped" if item.extraction.meta.skipped is not None else "ok"
        return row
    article, article_id, hash_, failure = _failure_of(item)
    return {
        "article": article,
        "article_id": article_id,
        "text_hash": hash_,
        "cached": isinstance(item, BatchResult) and item.cached,
        "status": "failed",
        "failure": {"type": failure.type, "message": failure.message, "attempts": failure.attempts},
    }


def _as_result(item: Item) -> BatchResult | SourceError:
    if isinstance(item, Extraction):
        return BatchResult(item.article_id, text_hash(item.text), item, None, cached=False)
    return item


# ---------------------------------------------------------------------------------- writer


class OutputWriter:
    """Writes batch results into ``out_dir`` (created if missing); see the module docstring.

    Use as a context manager, or call :meth:`close`, which returns an :class:`OutputSummary`.
    :meth:`write` and :meth:`write_source_error` may be called from several threads. With
    ``parquet=False`` no Parquet is attempted.
    """

    def __init__(self, out_dir: str | Path, *, parquet: bool = True, append: bool = False) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.stats = RunStats()
        self.summary: OutputSummary | None = None
        self._parquet = parquet
        self._lock = threading.Lock()
        self._files: list[IO[str]] = []
        self._mode = "a" if append else "w"  # append: talent-extract watch adds to the files
        self.jsonl_path = self.out_dir / "results.jsonl"
        self._jsonl = self._open(self.jsonl_path)
        self.csv_paths = {name: self.out_dir / f"{name}.csv" for name in COLUMNS}
        self._csv: dict[str, csv.DictWriter[str]] = {}
        for name, columns in COLUMNS.items():
            handle = self._open(self.csv_paths[name])
            writer = csv.DictWriter(handle, fieldnames=[c for c, _ in columns])
            if handle.tell() == 0:
                writer.writeheader()
            self._csv[name] = writer

    def _open(self, path: Path) -> IO[str]:
        try:
            handle = path.open(self._mode, encoding="utf-8", newline="")
        except BaseException:
            self._close_files()
            raise
        self._files.append(handle)
        return handle

    def write(self, result: BatchResult) -> None:
        """Append one article's result to results.jsonl and its rows to the CSVs, then flush."""
        with self._lock:
            self._check_open()
            stats = self.stats
            stats.articles += 1
            stats.cached += result.cached
            if result.extraction is not None:
                stats.ok += 1
                stats.skipped += result.extraction.meta.skipped is not None
                if not result.cached:
                    meta = result.extraction.meta
                    stats.calls += meta.calls
                    stats.prompt_tokens += meta.usage.prompt_tokens
                    stats.completion_tokens += meta.usage.completion_tokens
                    if meta.cost_usd is None:
                        stats.unpriced += 1
                    else:
                        stats.cost_usd += meta.cost_usd
                rows = record_rows(result.extraction, result.article_id, result.text_hash)
                for name, table in rows.items():
                    self._csv[name].writerows(table)
            else:
                stats.failed += 1
                self._csv["failures"].writerow(_failure_row(result))
            self._jsonl.write(json.dumps(_json_row(result), ensure_ascii=False) + "\n")
            self._flush()

    def write_source_error(self, error: SourceError) -> None:
        """Record a source that yielded no article, as a failure of type ``SourceError``."""
        with self._lock:
            self._check_open()
            self.stats.articles += 1
            self.stats.failed += 1
            self.stats.source_errors += 1
            self._csv["failures"].writerow(_failure_row(error))
            self._jsonl.write(json.dumps(_json_row(error), ensure_ascii=False) + "\n")
            self._flush()

    def _check_open(self) -> None:
        if self.summary is not None:
            raise ValueError("OutputWriter is closed")

    def _flush(self) -> None:
        for handle in self._files:
            handle.flush()

    def _close_files(self) -> None:
        for handle in self._files:
            handle.close()

    def close(self) -> OutputSummary:
        """Close the files, write Parquet if pyarrow is installed, and return the summary.

        Idempotent: later calls return the same summary.
        """
        with self._lock:
            if self.summary is not None:
                return self.summary
            self._close_files()
            files = [self.jsonl_path, *self.csv_paths.values()]
            if not self._parquet:
                note = "not requested"
            else:
                try:
                    files.extend(self._write_parquet())
                    note = "written"
                except ImportError:
                    note = f"skipped: pyarrow is not installed ({PARQUET_HINT})"
                except Exception as exc:  # the CSVs are complete; Parquet is only a copy
                    note = f"failed: {type(exc).__name__}: {exc}"
            self.summary = OutputSummary(self.stats, tuple(files), note)
            return self.summary

    def preload(self) -> None:
        """Import pyarrow in a background thread now, so :meth:`close` does not wait for it at
        the end of a batch (about 0.1 s); nothing happens without Parquet or without pyarrow.
        Start it after any fork: it is a thread."""
        if self._parquet:
            threading.Thread(
                target=_import_pyarrow, name="talent_extract-pyarrow", daemon=True
            ).start()

    def _write_parquet(self) -> list[Path]:
        pa: Any = importlib.import_module("pyarrow")
        pa_csv: Any = importlib.import_module("pyarrow.csv")
        pq: Any = importlib.import_module("pyarrow.parquet")
        types = {
            "string": pa.string(),
            "int64": pa.int64(),
            "float64": pa.float64(),
            "bool": pa.bool_(),
        }
        written = []
        for name, columns in COLUMNS.items():
            table = pa_csv.read_csv(
                self.csv_paths[name],
                # One thread: pyarrow's thread pool costs more to start (0.1-0.3 s on 2 busy
                # cores) than these small CSVs take to read (milliseconds). Same table.
                read_options=pa_csv.ReadOptions(use_threads=False),
                parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(
                    column_types={c: types[kind] for c, kind in columns},
                    strings_can_be_null=True,
                ),
            )
            path = self.out_dir / f"{name}.parquet"
            pq.write_table(table, path)
            written.append(path)
        return written

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _import_pyarrow() -> None:
    with contextlib.suppress(ImportError):
        for name in ("pyarrow", "pyarrow.csv", "pyarrow.parquet"):
            importlib.import_module(name)


# ---------------------------------------------------------------------------------- pandas


def to_pandas(results: Iterable[Item]) -> dict[str, Any]:
    """DataFrames for a notebook: ``{"departures", "offers", "quotes", "failures"}``.

    ``results`` are :class:`~talent_extract.BatchResult` (e.g. straight from
    :func:`~talent_extract.extract_many`), bare :class:`~talent_extract.Extraction` objects or
    :class:`~talent_extract.batch.sources.SourceError`. The columns are those of the CSV files
    (:data:`COLUMNS`), with ``None`` for missing values. Needs pandas (imported only here).
    """
    try:
        pd: Any = importlib.import_module("pandas")
    except ImportError:
        raise ImportError("to_pandas needs pandas: pip install pandas") from None
    tables: dict[str, list[Row]] = {name: [] for name in COLUMNS}
    for item in results:
        result = _as_result(item)
        if isinstance(result, BatchResult) and result.extraction is not None:
            rows = record_rows(result.extraction, result.article_id, result.text_hash)
            for name, table in rows.items():
                tables[name].extend(table)
        else:
            tables["failures"].append(_failure_row(result))
    return {name: _frame(pd, rows, COLUMNS[name]) for name, rows in tables.items()}


def _frame(pd: Any, rows: list[Row], columns: Iterable[tuple[str, ColumnType]]) -> Any:
    names = [c for c, _ in columns]
    return pd.DataFrame.from_records(rows, columns=names)
