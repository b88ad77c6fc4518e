"""Re-record every cassette against the local model, and regenerate examples/output/samples.jsonl.

    python scripts/record.py            # uses the server at 127.0.0.1:8080, or starts one
    python scripts/record.py --replay   # no model: regenerate samples.jsonl from the cassettes

If no server answers at 127.0.0.1:8080 it starts the embedded one there, in this process (the
same xllamacpp server as ``backend="local"`` and ``talent-extract serve``; needs
``pip install -e '.[local]'``), with the GGUF named by ``TALENT_EXTRACT_GGUF``, else the default
model (pulled if absent). Recording runs with temperature 0 and a fixed seed so re-recordings
stay stable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.recording import (  # noqa: E402
    ARTICLES,
    CASSETTES,
    HOSTILE_ARTICLES,
    REASK_ARTICLES,
    RECORDED_BASE_URL,
    RECORDED_MODEL,
    SAMPLES_JSONL,
    make_vcr,
)

from talent_extract import Article, extract  # noqa: E402
from talent_extract.cli import result_row  # noqa: E402
from talent_extract.model.backend import resolve_backend  # noqa: E402


def server_up(timeout: float = 60.0) -> bool:
    try:
        with urllib.request.urlopen(RECORDED_BASE_URL + "/models", timeout=timeout) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def start_server() -> None:
    """The embedded server on the recorded address, until this process exits."""
    from talent_extract.model.local import _stderr_progress, model_file
    from talent_extract.model.runtime import RuntimeSettings, embedded_server

    port = urlparse(RECORDED_BASE_URL).port
    path = model_file(os.environ.get("TALENT_EXTRACT_GGUF"), progress=_stderr_progress())
    server = embedded_server(path, RuntimeSettings.from_env(port=port, alias=RECORDED_MODEL))
    if not server_up():
        sys.exit(f"the embedded server at {server.base_url} does not answer")


def record(folder: Path, cassette_dir: str, rows_out: Path | None, replay: bool = False) -> None:
    config = resolve_backend(base_url=RECORDED_BASE_URL, model=RECORDED_MODEL, api_key="unused")
    recorder = make_vcr(record_mode="none" if replay else "all")
    rows = []
    # A replay takes no model time: keep the seconds of the recording in samples.jsonl.
    recorded_seconds: dict[str, float] = {}
    if replay and rows_out is not None and rows_out.exists():
        for line in rows_out.read_text("utf-8").splitlines():
            old = json.loads(line)
            recorded_seconds[old["article"]] = old["meta"]["seconds"]
    for path in sorted(folder.glob("*.txt")):
        cassette = f"{cassette_dir}/{path.stem}.yaml"
        if not replay:
            (CASSETTES / cassette).unlink(missing_ok=True)
        started = time.perf_counter()
        with recorder.use_cassette(cassette):
            result = extract(Article(text=path.read_text("utf-8"), id=path.name), config=config)
        m = result.meta
        print(
            f"{path.stem}: {len(result.departures)} departures, {len(result.offers)} offers, "
            f"{len(result.quotes)} quotes, dropped {len(m.dropped)}, calls {m.calls}, "
            f"re-asks {m.reasks}, tokens {m.usage.prompt_tokens}+{m.usage.completion_tokens}, "
            f"{time.perf_counter() - started:.1f}s",
            flush=True,
        )
        row = result_row(path.stem, result)
        if path.stem in recorded_seconds:
            row["meta"]["seconds"] = recorded_seconds[path.stem]
        rows.append(row)
    if rows_out is not None:
        rows_out.parent.mkdir(parents=True, exist_ok=True)
        with rows_out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", choices=["samples", "reask", "hostile"], help="record one set only"
    )
    parser.add_argument(
        "--replay",
        action="store_true",
        help="no model: replay the existing cassettes to regenerate samples.jsonl after a change "
        "that does not alter any request (grounding, normalising)",
    )
    args = parser.parse_args()
    if args.replay:
        record(ARTICLES, "samples", SAMPLES_JSONL, replay=True)
        return
    if not server_up(timeout=5.0):
        start_server()  # stopped at exit
    if args.only in (None, "samples"):
        record(ARTICLES, "samples", SAMPLES_JSONL)
    if args.only in (None, "reask"):
        record(REASK_ARTICLES, "reask", None)
    if args.only in (None, "hostile"):
        record(HOSTILE_ARTICLES, "hostile", None)


if __name__ == "__main__":
    main()
