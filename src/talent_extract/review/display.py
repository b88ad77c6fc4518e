"""Notebook display: how extractions, batch results, result lists, events and flows show as HTML.

The record and result types know nothing about HTML. Instead this module tells IPython, through
its public formatter API (``display_formatter.formatters["text/html"].for_type``), which function
of :mod:`talent_extract.review.html` renders each type. :func:`register` runs when
``talent_extract`` is imported inside a running IPython or Jupyter kernel; in a plain Python
process it does nothing (IPython is not imported for it). If IPython starts after the import,
call :func:`register` yourself or load the extension::

    %load_ext talent_extract.review.display
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from talent_extract.batch.runner import BatchResult
from talent_extract.records import Extraction
from talent_extract.review.aggregate import Events, Flows
from talent_extract.review.html import (
    batch_result_html,
    events_table_html,
    extraction_html,
    flows_table_html,
    results_table_html,
)
from talent_extract.review.results import Results

__all__ = ["HTML_FORMATTERS", "load_ipython_extension", "register"]

HTML_FORMATTERS: dict[type, Callable[[Any], str]] = {
    Extraction: extraction_html,
    BatchResult: batch_result_html,
    Results: results_table_html,
    Events: events_table_html,
    Flows: flows_table_html,
}
"""The type -> HTML function table :func:`register` installs."""


def register(shell: Any = None) -> bool:
    """Install :data:`HTML_FORMATTERS` in IPython's ``text/html`` formatter.

    ``shell`` is an IPython shell; by default the running one, if IPython has been imported and
    a shell is running. Returns True when the formatters were installed, False when there is no
    shell (nothing is imported or changed then).
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        get_ipython = getattr(ipython, "get_ipython", None)
        shell = get_ipython() if callable(get_ipython) else None
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None)
    if not formatters or "text/html" not in formatters:
        return False
    html = formatters["text/html"]
    for kind, render in HTML_FORMATTERS.items():
        html.for_type(kind, render)
    return True


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext talent_extract.review.display``: the same as :func:`register`."""
    register(ipython)
