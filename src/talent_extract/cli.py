"""The ``talent-extract`` command line: ``extract`` articles, ``eval`` predictions against gold."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from talent_extract._models import Article, Extraction
from talent_extract._pipeline import extract as _extract
from talent_extract.evaluate import evaluate
from talent_extract.exceptions import InputError, TalentExtractError

app = typer.Typer(
    help="Grounded departures, offers and quotes from Indonesian AI-talent news.",
    no_args_is_help=True,
    add_completion=False,
)


def result_row(stem: str, result: Extraction) -> dict[str, Any]:
    """One JSONL row: the form of ``examples/output/samples.jsonl``."""
    row: dict[str, Any] = {"article": stem, **result.records_jsonable()}
    row["published"] = result.published.isoformat() if result.published else None
    row["meta"] = result.meta.model_dump(mode="json")
    return row


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})") from None


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt or .html).")],
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible server URL.")] = None,
    model: Annotated[str | None, typer.Option(help="Model name.")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key (prefer the env var).")] = None,
    mode: Annotated[str | None, typer.Option(help="instructor mode, e.g. tool_call.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write JSONL here instead of stdout.")] = None,
) -> None:
    """Extract records from each article and print one JSON object per article."""
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    failures = 0
    try:
        for path in files:
            try:
                article = Article(text=_read(path), id=path.name, source=str(path))
                result = _extract(
                    article, base_url=base_url, model=model, api_key=api_key, mode=mode
                )
            except TalentExtractError as exc:
                failures += 1
                typer.echo(f"{path}: {type(exc).__name__}: {exc}", err=True)
                continue
            row = result_row(path.stem, result)
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            sink.flush()
    finally:
        if out:
            sink.close()
    if failures:
        raise typer.Exit(code=1)


@app.command("eval")
def eval_cmd(
    predictions: Annotated[Path, typer.Argument(help="Predictions JSONL (one row per article).")],
    gold: Annotated[Path, typer.Option(help="Directory of gold JSON files.")] = Path(
        "examples/gold"
    ),
    articles: Annotated[
        Path | None, typer.Option(help="Article texts, for the verbatim-quote share.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="markdown or json.")] = "markdown",
) -> None:
    """Score predictions against gold: P/R/F1 per type, field accuracy, verbatim share, traps."""
    try:
        report = evaluate(gold, predictions, articles_dir=articles)
    except TalentExtractError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(report.to_json() if fmt == "json" else report.to_markdown())


@app.command("version")
def version_cmd() -> None:
    """Print the package, prompt and schema versions."""
    from talent_extract import PROMPT_VERSION, SCHEMA_VERSION, __version__

    typer.echo(f"talent_extract {__version__} prompt {PROMPT_VERSION} schema {SCHEMA_VERSION}")


if __name__ == "__main__":  # pragma: no cover
    app()
