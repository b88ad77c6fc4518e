"""Batch API benchmark: 1,000 articles through ``run --batch-api`` against the TEST DOUBLE of
``/v1/files`` and ``/v1/batches`` (``tests/batch_server.py``, not a model; its answers echo the
prompt), with 2% of first answers off-schema so a second round is needed.

    python benchmarks/batch_api.py [--n 1000]

Prints requests written, rounds, articles lost and duplicated, and the estimated cost at batch
prices against the same tokens at live prices (gpt-4o-mini's entries of ``data/prices.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.batch_server import BatchPlan, BatchServer
from tests.synthetic import article_text
from typer.testing import CliRunner

from talent_extract.batch.cost import estimate_cost
from talent_extract.cli import app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args(argv)
    n = args.n
    bad = tuple(article_text(i).split("\n")[0][:40] for i in range(0, n, 50))
    with tempfile.TemporaryDirectory() as tmp, BatchServer(BatchPlan(bad_answer=bad)) as server:
        root = Path(tmp)
        src = root / "in.jsonl"
        src.write_text(
            "".join(json.dumps({"id": f"a{i}", "text": article_text(i)}) + "\n" for i in range(n)),
            "utf-8",
        )
        started = time.perf_counter()
        got = CliRunner().invoke(
            app,
            [
                "run",
                str(src),
                "--out",
                str(root / "out"),
                "--batch-api",
                "--poll",
                "0",
                "--store",
                str(root / "s.sqlite3"),
                "--base-url",
                server.url,
                "--api-key",
                "unused",
                "--model",
                "gpt-4o-mini",
            ],
        )
        seconds = time.perf_counter() - started
        if got.exit_code != 0:
            raise SystemExit(got.output)
        rows = [json.loads(x) for x in (root / "out" / "results.jsonl").read_text().splitlines()]
        ids = [r.get("article_id") for r in rows]
        rounds = sorted({job.metadata.get("round") for job in server.jobs.values()})
        ok = [r for r in rows if "failure" not in r]
        prompt = sum(r["meta"]["usage"]["prompt_tokens"] for r in ok)
        completion = sum(r["meta"]["usage"]["completion_tokens"] for r in ok)
        batch_cost = sum(r["meta"]["cost_usd"] or 0 for r in ok)
        live_cost = estimate_cost("gpt-4o-mini", prompt, completion, "openai") or 0.0
        per_round = {
            r: sum(len(j.lines) for j in server.jobs.values() if j.metadata.get("round") == r)
            for r in rounds
        }
    print(f"articles {n}, seconds {seconds:.1f} (prepare, 2 rounds against the double, collect)")
    print(
        f"requests written {server.lines_received} "
        f"({', '.join(f'round {r}: {c}' for r, c in per_round.items())})"
    )
    print(f"rounds {len(rounds)}; ok {len(ok)}, failed {len(rows) - len(ok)}")
    print(f"articles lost {n - len(set(ids))}, duplicated {len(ids) - len(set(ids))}")
    print(
        f"tokens {prompt} prompt + {completion} completion "
        "(the double's usage: 1,000 + 50 per call)"
    )
    print(
        f"estimated cost at batch prices ${batch_cost:.4f} vs live ${live_cost:.4f} "
        f"({batch_cost / live_cost:.2f} of live)"
        if live_cost
        else "no live price"
    )


if __name__ == "__main__":
    main()
