"""Write and execute examples/review.ipynb: reviewing the sample outputs in a notebook.

    python scripts/build_review_notebook.py

The cells below are the notebook; they are executed by a real Jupyter kernel (nbclient +
ipykernel, in the dev extra) from the ``examples/`` folder and saved with their outputs. No model
is needed: the results are read from ``examples/output/samples.jsonl``.
``tests/test_review_notebook.py`` executes the notebook again and compares the outputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "review.ipynb"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        "# Reviewing extractions\n\n"
        "Every record `talent_extract` returns carries its evidence: character offsets into the "
        "article. In a notebook an `Extraction` shows itself as the article with each record's "
        "evidence highlighted (blue: departures, green: offers, amber: quotes) beside tables of "
        "its records; hover a row to see its span, or a highlight to see its record.\n\n"
        "No model is needed here: `read_results` reads the recorded sample outputs "
        "(`output/samples.jsonl`, the form `talent-extract extract` prints) and finds each "
        "article's text in `articles/`, checking that every evidence span matches it.",
    ),
    (
        "code",
        "from talent_extract import aggregate, flows, read_results\n\n"
        'results = read_results("output/samples.jsonl")\n'
        "results",
    ),
    (
        "markdown",
        "One article, as `talent_extract.review.display` shows an `Extraction`. Records citing "
        "the same sentence (three people named in one sentence here) nest, and so does a quote "
        "inside a departure sentence: every record has exactly one highlight.",
    ),
    ("code", "results.ok[0]"),
    ("markdown", "Another article, with the publication date the pipeline found:"),
    ("code", "results.ok[4]"),
    (
        "markdown",
        "## Across articles\n\n"
        "`aggregate` merges the same departure or offer reported by several articles into one "
        "event with all its sources (same person, organisations that do not conflict, dates "
        "within 30 days; the rule is in the README). Here Mira Murati's departure is reported "
        "by two articles and becomes one event.",
    ),
    ("code", "events = aggregate(results)\nevents"),
    (
        "markdown",
        "`flows` counts departure events per (from, to) organisation; export with `to_csv` or "
        "`to_pandas`.",
    ),
    ("code", "flow = flows(events)\nflow"),
    ("code", "flow.to_pandas()"),
    (
        "markdown",
        "The same review as one self-contained HTML file, with a Sankey chart of the flows, a "
        'timeline and filters: `write_report(results, "report.html")`, or from the shell '
        "`talent-extract report output/samples.jsonl --out report.html`.",
    ),
]


def build() -> Any:
    """The notebook without outputs."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for n, (kind, source) in enumerate(CELLS):
        cell = (
            nbformat.v4.new_markdown_cell(source)
            if kind == "markdown"
            else nbformat.v4.new_code_cell(source)
        )
        cell["id"] = f"cell-{n}"  # stable ids: a rebuild changes nothing when outputs do not
        nb.cells.append(cell)
    return nb


def execute(nb: Any, timeout: int = 120) -> Any:
    """Run every cell in a fresh kernel from examples/ (so relative paths resolve)."""
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return nb


def main() -> None:
    nb = execute(build())
    nbformat.validate(nb)
    nbformat.write(nb, NOTEBOOK)
    print(f"{NOTEBOOK}: {len(nb.cells)} cells, {NOTEBOOK.stat().st_size} bytes")


if __name__ == "__main__":
    main()
