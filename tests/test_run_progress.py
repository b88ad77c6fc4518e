"""The run command's progress bar is made at the first result, and stops taking updates at exit."""

from __future__ import annotations

from pathlib import Path

from talent_extract.batch.outputs import OutputWriter
from talent_extract.batch.progress import RunProgress


def test_the_bar_is_made_at_the_first_update_and_stops_at_exit(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path / "out", parquet=False)
    with writer, RunProgress(writer, 3, enabled=True) as progress:
        assert progress._progress is None  # nothing built, rich not imported for it yet
        progress.update()
        bar = progress._progress
        assert bar is not None
        progress.update()
        assert progress._progress is bar  # one bar for the whole run
    progress.update()  # after exit: ignored, no second bar
    assert progress._progress is bar and bar.live.is_started is False


def test_a_disabled_bar_is_never_made(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path / "out", parquet=False)
    with writer, RunProgress(writer, None, enabled=False) as progress:
        progress.update()
        assert progress._progress is None


def test_preload_without_parquet_starts_nothing(tmp_path: Path) -> None:
    import threading

    writer = OutputWriter(tmp_path / "out", parquet=False)
    before = threading.active_count()
    writer.preload()
    assert threading.active_count() == before
    writer.close()
