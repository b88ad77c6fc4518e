"""Notebook display goes through IPython's formatter registry, not methods on the records."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from talent_extract import BatchResult, aggregate, flows, read_results
from talent_extract.batch.store import Failure
from talent_extract.records import Extraction
from talent_extract.review import display
from talent_extract.review.html import extraction_html
from talent_extract.review.results import Results
from tests.recording import SAMPLES_JSONL

formatters = pytest.importorskip("IPython.core.formatters", reason="IPython is in the dev extra")


class _Shell:
    """The part of an IPython shell that :func:`display.register` uses."""

    def __init__(self) -> None:
        self.html = formatters.HTMLFormatter()
        self.display_formatter = type("DF", (), {"formatters": {"text/html": self.html}})()


def test_no_record_or_result_type_renders_html_itself() -> None:
    for kind in display.HTML_FORMATTERS:
        assert not hasattr(kind, "_repr_html_"), kind


def test_register_makes_ipython_render_every_displayed_type() -> None:
    results = read_results(SAMPLES_JSONL)
    events = aggregate(results)
    failed = BatchResult("x.txt", "a" * 64, None, Failure("InputError", "bad", 0), False)
    shell = _Shell()
    assert shell.html(results.ok[0]) is None  # nothing known before registering
    assert display.register(shell) is True
    ex = results.ok[0]
    assert shell.html(ex) == extraction_html(ex)
    assert "<mark" in shell.html(ex)
    assert "failed" in shell.html(failed)
    assert "<caption>" in shell.html(Results(results))
    assert "te-events" in shell.html(events)
    assert "te-flows" in shell.html(flows(events))


def test_register_without_a_shell_changes_nothing() -> None:
    assert display.register(object()) is False


def test_importing_the_package_registers_in_a_running_shell() -> None:
    """A fresh interpreter with an IPython shell running before the import, as in a kernel."""
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import talent_extract\n"
        "html = shell.display_formatter.formatters['text/html']\n"
        "print(html.lookup_by_type(talent_extract.Extraction).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "extraction_html"


def test_a_plain_import_does_not_import_ipython() -> None:
    code = "import sys, talent_extract; print('IPython' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "False"


def test_extension_entry_point_registers(monkeypatch: Any) -> None:
    shell = _Shell()
    display.load_ipython_extension(shell)
    assert isinstance(shell.html.lookup_by_type(Extraction)(read_results(SAMPLES_JSONL).ok[0]), str)
