"""``talent-extract run --batch-api`` and ``talent-extract batch status|collect|cancel``.

The steps are :mod:`talent_extract.batch.batch_api`'s; this module prints and writes outputs.
Everything a later command needs is in the store file, so ``batch status`` and ``batch collect``
work after the submitting process is gone.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import openai
import typer

from talent_extract.batch import batch_api as B
from talent_extract.batch.ledger import Ledger
from talent_extract.batch.store import Store
from talent_extract.exceptions import TalentExtractError
from talent_extract.model.backend import BackendConfig, map_api_error, resolve_backend
from talent_extract.records import Article

batch_app = typer.Typer(help="OpenAI Batch API jobs of `run --batch-api`.", no_args_is_help=True)

# The scaling options of `talent-extract run` (declared here to keep cli.py small).
WorkersOption = Annotated[
    int,
    typer.Option(
        min=0,
        help="Worker processes sharing the store; 0: one per 16 in flight, at most one "
        "per CPU (always 1 on the embedded model).",
    ),
]
BatchAPIOption = Annotated[
    bool,
    typer.Option(
        "--batch-api", help="Send the calls as an OpenAI Batch API job (24 h, batch prices)."
    ),
]
ReaskLiveOption = Annotated[
    bool, typer.Option(help="With --batch-api: re-asks live, not in a next batch round.")
]
WaitOption = Annotated[
    bool, typer.Option("--wait/--no-wait", help="With --batch-api: poll until done.")
]
PollOption = Annotated[float, typer.Option(help="With --batch-api: seconds between polls.")]


@contextlib.contextmanager
def _errors(config: BackendConfig) -> Iterator[None]:
    """What stops a command (no Batch API here, the server refusing or unreachable after
    openai's retries, an unusable store) is one typed line on stderr and exit code 1."""
    try:
        yield
    except openai.OpenAIError as exc:  # typed and with the key masked, as on the live path
        error = map_api_error(exc, 1, secret=config.api_key)
        typer.echo(f"error: {type(error).__name__}: {error}", err=True)
        raise typer.Exit(code=1) from None
    except (TalentExtractError, OSError, sqlite3.Error) as exc:
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(code=1) from None


def _say(text: str) -> None:
    typer.echo(text, err=True)


def _write(ledger: Ledger, store: Store, config: BackendConfig, group_id: str, out: Path) -> str:
    from talent_extract.batch.outputs import OutputWriter

    writer = OutputWriter(out)
    with writer:
        for result in B.group_results(ledger, store, config, group_id):
            writer.write(result)
    s = writer.close().stats
    return (
        f"articles {s.articles}  ok {s.ok}  failed {s.failed}  model calls {s.calls}  tokens "
        f"{s.prompt_tokens} prompt + {s.completion_tokens} completion  estimated cost at batch "
        f"prices ${s.cost_usd:.4f}"
    )


def _until_done(
    client: object,
    ledger: Ledger,
    store: Store,
    config: BackendConfig,
    group_id: str,
    *,
    poll: float,
    reask_live: bool,
) -> int:
    """Poll, collect, submit the next round, until no article waits; returns articles waiting."""
    while True:
        B.wait(client, ledger, group_id, every=poll, report=_say)  # type: ignore[arg-type]
        got = B.collect(client, ledger, store, config, group_id, reask_live=reask_live)  # type: ignore[arg-type]
        _say(
            f"collected: ok {got.ok}, failed {got.failed}, waiting {got.waiting}"
            + (f"; {got.reasks} re-asks in round {got.next_round}" if got.next_round else "")
        )
        if not got.next_round:
            return got.waiting


def run_sources(
    sources: list[str],
    out: Path,
    config: BackendConfig,
    store: Path | None,
    reask_live: bool,
    wait: bool,
    poll: float,
    stdin: TextIO,
) -> None:
    """``run --batch-api``: source errors go to failures at once, articles to the Batch API."""
    from talent_extract.batch.sources import SourceError, iter_articles

    errors: list[SourceError] = []

    def articles() -> Iterator[Article]:
        for item in iter_articles(sources, stdin=stdin):
            if isinstance(item, SourceError):
                errors.append(item)
            else:
                yield item

    try:
        run_batch_api(
            articles(),
            out=out,
            config=config,
            store_path=store,
            reask_live=reask_live,
            wait=wait,
            poll=poll,
        )
    except (TalentExtractError, OSError) as exc:
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(code=1) from None
    for error in errors:
        typer.echo(f"source error: {error}", err=True)


def run_batch_api(
    articles: Iterable[Article],
    *,
    out: Path,
    config: BackendConfig,
    store_path: Path | None,
    reask_live: bool,
    wait: bool,
    poll: float,
) -> None:
    """The ``run --batch-api`` command after its sources are read."""
    with _errors(config), Store(store_path) as store:
        client = B.sync_client(config)
        assert store.path is not None
        ledger = Ledger(store.path)
        try:
            prepared = B.prepare_group(
                articles,
                store=store,
                ledger=ledger,
                client=client,
                config=config,
                out_dir=str(out),
            )
            typer.echo(
                f"batch group {prepared.group_id}: {prepared.articles} articles, "
                f"{prepared.requests} requests in {len(prepared.batch_ids)} job(s) "
                f"{' '.join(prepared.batch_ids)}; cached {prepared.cached}, done without a call "
                f"{prepared.finished}, duplicates {prepared.duplicates}, already waiting in "
                f"another group {prepared.waiting_elsewhere}"
            )
            if wait and prepared.batch_ids:
                try:
                    _until_done(
                        client,
                        ledger,
                        store,
                        config,
                        prepared.group_id,
                        poll=poll,
                        reask_live=reask_live,
                    )
                except KeyboardInterrupt:
                    typer.echo(
                        "stopped waiting; the batch goes on: talent-extract batch status / "
                        "batch collect",
                        err=True,
                    )
            elif prepared.batch_ids:
                typer.echo("submitted; later: talent-extract batch status / batch collect")
            typer.echo(_write(ledger, store, config, prepared.group_id, out))
        finally:
            ledger.close()


def _config(base_url: str | None, api_key: str | None, model: str | None) -> BackendConfig:
    try:
        return resolve_backend(base_url=base_url, api_key=api_key, model=model)
    except TalentExtractError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None


_STORE = Annotated[Path | None, typer.Option(help="Result store (as given to `run`).")]
_URL = Annotated[str | None, typer.Option(help="Batch API server (default: OpenAI).")]
_KEY = Annotated[str | None, typer.Option(help="API key (prefer the env var).")]
_MODEL = Annotated[str | None, typer.Option(help="Model name (as given to `run`).")]


@batch_app.command("status")
def status_cmd(
    store: _STORE = None, base_url: _URL = None, api_key: _KEY = None, model: _MODEL = None
) -> None:
    """Every batch group in the store and each job's status as the server reports it now."""
    config = _config(base_url, api_key, model)
    with _errors(config), Store(store) as result_store:
        client = B.sync_client(config)
        assert result_store.path is not None
        ledger = Ledger(result_store.path)
        try:
            for group in ledger.groups():
                states = [a[2] for a in ledger.articles(group.group_id)]
                typer.echo(
                    f"group {group.group_id} ({group.model}, out {group.out_dir}): "
                    f"{states.count('done')} of {len(states)} articles done"
                )
                for _, line in B.refresh(client, ledger, group.group_id):
                    typer.echo(f"  {line}")
        finally:
            ledger.close()


@batch_app.command("collect")
def collect_cmd(
    group: Annotated[str | None, typer.Argument(help="Group id; default: every group.")] = None,
    out: Annotated[Path | None, typer.Option(help="Output folder; default: run's --out.")] = None,
    store: _STORE = None,
    base_url: _URL = None,
    api_key: _KEY = None,
    model: _MODEL = None,
    reask_live: Annotated[bool, typer.Option(help="Ask re-asks live, not in a new round.")] = False,
    wait: Annotated[bool, typer.Option(help="Poll until every round is done.")] = False,
    poll: Annotated[float, typer.Option(help="Seconds between polls.")] = 30.0,
) -> None:
    """Collect finished jobs: ground their answers, submit re-asks, rewrite the outputs."""
    config = _config(base_url, api_key, model)
    with _errors(config), Store(store) as result_store:
        client = B.sync_client(config)
        assert result_store.path is not None
        ledger = Ledger(result_store.path)
        try:
            groups = [g for g in ledger.groups() if group in (None, g.group_id)]
            if not groups:
                typer.echo("error: no such batch group in the store", err=True)
                raise typer.Exit(code=1)
            for g in groups:
                if wait:
                    waiting = _until_done(
                        client,
                        ledger,
                        result_store,
                        config,
                        g.group_id,
                        poll=poll,
                        reask_live=reask_live,
                    )
                else:
                    got = B.collect(
                        client, ledger, result_store, config, g.group_id, reask_live=reask_live
                    )
                    waiting = got.waiting
                    typer.echo(
                        f"group {g.group_id}: ok {got.ok}, failed {got.failed}, waiting "
                        f"{got.waiting}"
                        + (
                            f", {got.reasks} re-asks in round {got.next_round}"
                            if got.next_round
                            else ""
                        )
                    )
                target = out or (Path(g.out_dir) if g.out_dir else None)
                if target is not None:
                    line = _write(ledger, result_store, config, g.group_id, target)
                    still = f"  (still waiting {waiting})" if waiting else ""
                    typer.echo(f"group {g.group_id}: {line}{still}")
        finally:
            ledger.close()


@batch_app.command("cancel")
def cancel_cmd(
    batch_id: Annotated[str, typer.Argument(help="The job id (see batch status).")],
    store: _STORE = None,
    base_url: _URL = None,
    api_key: _KEY = None,
    model: _MODEL = None,
) -> None:
    """Cancel one job; what it finished is collected by `batch collect`, the rest fails."""
    config = _config(base_url, api_key, model)
    with _errors(config), Store(store) as result_store:
        client = B.sync_client(config)
        assert result_store.path is not None
        ledger = Ledger(result_store.path)
        try:
            typer.echo(f"{batch_id}: {B.cancel(client, ledger, batch_id)}")
        finally:
            ledger.close()
