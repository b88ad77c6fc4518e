"""examples/review.ipynb runs in a real kernel and its saved outputs are current."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is in the dev extra")
pytest.importorskip("nbclient", reason="nbclient is in the dev extra")
pytest.importorskip("ipykernel", reason="ipykernel is in the dev extra")

from scripts.build_review_notebook import NOTEBOOK, build, execute  # noqa: E402

from talent_extract import aggregate, flows, read_results  # noqa: E402
from tests.recording import SAMPLES_JSONL  # noqa: E402


def _html_outputs(nb: Any) -> list[str]:
    return [
        out["data"]["text/html"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "text/html" in out.get("data", {})
    ]


def test_notebook_executes_and_its_saved_outputs_are_current() -> None:
    saved = nbformat.read(NOTEBOOK, as_version=4)
    sources = [c.source for c in saved.cells]
    assert sources == [c.source for c in build().cells], "rebuild: scripts/build_review_notebook.py"
    fresh = execute(copy.deepcopy(build()), timeout=60)
    errors = [o for c in fresh.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in errors if o.output_type == "error"]
    assert _html_outputs(fresh) == _html_outputs(saved)

    html = _html_outputs(fresh)
    # The compact table, two article displays, events, flows, the DataFrame.
    assert len(html) == 6
    assert html[0].count("<tr>") == 1 + 5
    assert len(re.findall(r"<mark [^>]*data-record=", html[1])) == 9  # 7 + 1 + 1 records
    assert "Mira Murati" in html[3]
    # header + one row per flow of the recorded samples, as the library computes them
    expected = flows(aggregate(read_results(SAMPLES_JSONL)))
    assert html[4].count("<tr") == 1 + len(expected.rows()) >= 2
