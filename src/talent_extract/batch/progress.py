"""The progress bar of ``talent-extract run`` (rich, on stderr), moved out of ``cli.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from talent_extract.batch.outputs import OutputWriter

__all__ = ["RunProgress"]


class RunProgress:
    """The ``run`` progress bar on stderr: done, failed, cached, tokens, time left."""

    def __init__(self, writer: OutputWriter, total: int | None, *, enabled: bool) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.writer = writer
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not enabled,
        )
        self.task = self.progress.add_task("extracting", total=total, counts="")

    def update(self) -> None:
        """Show the writer's counts after one more article."""
        s = self.writer.stats
        tokens = s.prompt_tokens + s.completion_tokens
        counts = f"failed {s.failed}  cached {s.cached}  tokens {tokens}"
        self.progress.update(self.task, completed=s.articles, counts=counts)

    def __enter__(self) -> RunProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()
