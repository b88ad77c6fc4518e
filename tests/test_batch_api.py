"""The Batch API path against ``tests/batch_server.py``, a TEST DOUBLE of OpenAI's files and
batches endpoints on 127.0.0.1 (not a model): its answers echo what the prompt lists."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openai
import pytest
from typer.testing import CliRunner

from talent_extract import Store, extract_many
from talent_extract.batch.ledger import Ledger
from talent_extract.cli import app
from talent_extract.model.backend import resolve_backend
from tests.batch_server import BatchPlan, BatchServer
from tests.fault_server import FaultPlan, FaultServer
from tests.synthetic import article_text, articles

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
runner = CliRunner()
N = 8


def write_input(root: Path) -> Path:
    path = root / "in.jsonl"
    rows = [{"id": f"a{i}", "text": article_text(i)} for i in range(N)]
    rows.append({"id": "dup", "text": article_text(0)})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def cli(url: str, root: Path, *args: str):  # type: ignore[no-untyped-def]
    common = ["--store", str(root / "s.sqlite3"), "--base-url", url, "--api-key", "sk-test"]
    return runner.invoke(app, [*args, *common, "--model", "gpt-4o-mini"])


def rows(out: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in (out / "results.jsonl").read_text("utf-8").splitlines()]


def failures(out: Path) -> list[dict[str, str]]:
    with (out / "failures.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_batch_run_gives_the_live_records_with_a_second_round_for_reasks(tmp_path: Path) -> None:
    src = write_input(tmp_path)
    plan = BatchPlan(bad_answer=(article_text(1).split("\n")[0][:30],))
    with BatchServer(plan) as server:
        got = cli(
            server.url,
            tmp_path,
            "run",
            str(src),
            "--out",
            str(tmp_path / "o"),
            "--batch-api",
            "--poll",
            "0",
        )
        assert got.exit_code == 0, got.output
        assert len(server.jobs) == 2  # round 2 carries the re-ask
        round2 = list(server.jobs.values())[1]
        # both calls of that article were re-asked: both re-asks in round 2
        assert [line["custom_id"][-5:] for line in round2.lines] == ["c1-r2", "c2-r2"]
    out = rows(tmp_path / "o")
    assert len(out) == N and {r["article_id"] for r in out} == {f"a{i}" for i in range(N)}
    assert all("failure" not in r for r in out)
    assert all(r["meta"]["cost_usd"] is not None for r in out)  # at batch prices
    with FaultServer(FaultPlan()) as live:
        config = resolve_backend(base_url=live.url, api_key="k", model="gpt-4o-mini", env={})
        with Store(":memory:") as store:
            expected = {
                r.article_id: r.extraction
                for r in extract_many(articles(N, "a"), store=store, config=config)
            }
    for r in out:
        e = expected[str(r["article_id"]).replace("a", "a-")]
        assert e is not None
        assert r["departures"] == [d.model_dump(mode="json") for d in e.departures]
        assert r["offers"] == [o.model_dump(mode="json") for o in e.offers]
        assert r["quotes"] == [q.model_dump(mode="json") for q in e.quotes]
    text = (tmp_path / "s.sqlite3").read_bytes()
    assert b"sk-test" not in text


def test_failed_and_expired_lines_are_typed_failures(tmp_path: Path) -> None:
    src = write_input(tmp_path)
    with BatchServer(BatchPlan(fail=(), expire_after=5)) as server:
        got = cli(
            server.url,
            tmp_path,
            "run",
            str(src),
            "--out",
            str(tmp_path / "o"),
            "--batch-api",
            "--poll",
            "0",
        )
        assert got.exit_code == 0, got.output
        assert next(iter(server.jobs.values())).status == "expired"
    failed = failures(tmp_path / "o")
    assert failed and all(f["type"] == "BatchAPIError" for f in failed)
    assert any("expired" in f["message"] for f in failed)
    assert len(rows(tmp_path / "o")) == N  # nothing lost: ok or failed, each once


def test_cancel_and_collect_after_a_restart(tmp_path: Path) -> None:
    src = write_input(tmp_path)
    with BatchServer(BatchPlan(run_per_poll=3)) as server:
        got = cli(
            server.url,
            tmp_path,
            "run",
            str(src),
            "--out",
            str(tmp_path / "o"),
            "--batch-api",
            "--no-wait",
        )
        assert got.exit_code == 0 and "submitted" in got.output, got.output
        (batch_id,) = server.jobs
        status = cli(server.url, tmp_path, "batch", "status")
        assert batch_id in status.output and "in_progress" in status.output
        cli(server.url, tmp_path, "batch", "status")  # runs 3 lines
        assert "cancelling" in cli(server.url, tmp_path, "batch", "cancel", batch_id).output
        # A new process: everything comes from the store file.
        done = cli(server.url, tmp_path, "batch", "collect", "--wait", "--poll", "0")
        assert done.exit_code == 0, done.output
    out = rows(tmp_path / "o")
    assert len(out) == N
    cancelled = [f for f in failures(tmp_path / "o") if "cancelled" in f["message"]]
    assert cancelled and len(cancelled) < N
    ledger = Ledger(tmp_path / "s.sqlite3")
    (group,) = ledger.groups()
    assert all(state == "done" for _, _, state in ledger.articles(group.group_id))
    ledger.close()


def test_the_embedded_model_has_no_batch_api(tmp_path: Path) -> None:
    src = write_input(tmp_path)
    got = runner.invoke(
        app,
        [
            "run",
            str(src),
            "--out",
            str(tmp_path / "o"),
            "--batch-api",
            "--backend",
            "local",
            "--store",
            str(tmp_path / "s.sqlite3"),
        ],
    )
    assert got.exit_code == 1 and "Batch API" in got.output


def test_commands_that_cannot_work_say_why_in_one_typed_line(tmp_path: Path) -> None:
    with BatchServer(BatchPlan()) as server:
        unknown = cli(server.url, tmp_path, "batch", "cancel", "batch_nope")
    assert unknown.exit_code == 1, unknown.output
    assert not isinstance(unknown.exception, openai.OpenAIError)  # no traceback
    assert "error: BadRequestError" in unknown.output and "404" in unknown.output
    # A server that is gone: openai's connection error, typed, never a traceback or the key.
    src = write_input(tmp_path)
    gone = cli("http://127.0.0.1:9/v1", tmp_path, "run", str(src), "--out", str(tmp_path / "o"),
               "--batch-api", "--poll", "0")  # fmt: skip
    assert gone.exit_code == 1, gone.output
    assert "error: TransientBackendError" in gone.output and "sk-test" not in gone.output
    local = runner.invoke(
        app,
        ["batch", "status", "--store", str(tmp_path / "s.sqlite3")],
        env={"TALENT_EXTRACT_BACKEND": "local"},
    )
    assert local.exit_code == 1 and "error: ConfigurationError" in local.output
