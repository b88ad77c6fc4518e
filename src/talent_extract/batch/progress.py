"""The progress bar of ``talent-extract run`` (rich, on stderr), moved out of ``cli.py``."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from talent_extract.batch.outputs import OutputWriter

__all__ = ["RunProgress"]


class RunProgress:
    """The ``run`` progress bar on stderr: done, failed, cached, tokens, time left.

    The bar (and rich, which takes about 0.1 s to import) is made at the first :meth:`update`,
    not before: the batch's first model calls go out while it is built. :meth:`update` may be
    called from several threads.
    """

    def __init__(self, writer: OutputWriter, total: int | None, *, enabled: bool) -> None:
        self.writer = writer
        self.total = total
        self.enabled = enabled
        self._lock = threading.Lock()
        self._progress: Any = None
        self._task: Any = None
        self._stopped = False

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not self.enabled,
        )
        self._task = self._progress.add_task("extracting", total=self.total, counts="")
        self._progress.start()

    def update(self) -> None:
        """Show the writer's counts after one more article."""
        if not self.enabled:
            return
        with self._lock:
            if self._stopped:
                return
            if self._progress is None:
                self._start()
            s = self.writer.stats
            tokens = s.prompt_tokens + s.completion_tokens
            counts = f"failed {s.failed}  cached {s.cached}  tokens {tokens}"
            self._progress.update(self._task, completed=s.articles, counts=counts)

    def __enter__(self) -> RunProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._stopped = True
            if self._progress is not None:
                self._progress.stop()
