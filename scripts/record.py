"""Re-record every cassette against the local model, and regenerate examples/output/samples.jsonl.

    python scripts/record.py            # uses the server at 127.0.0.1:8080, or starts one
    python scripts/record.py --replay   # no model: regenerate samples.jsonl from the cassettes

If no server answers at 127.0.0.1:8080 it starts ``python -m llama_cpp.server`` there with the
GGUF named by ``TALENT_EXTRACT_GGUF`` (needs ``pip install 'llama-cpp-python[server]'``).
Recording runs with temperature 0 and a fixed seed so re-recordings stay stable.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def start_server() -> subprocess.Popen[bytes]:
    gguf = os.environ.get("TALENT_EXTRACT_GGUF")
    if not gguf or not Path(gguf).is_file():
        sys.exit("no server at 127.0.0.1:8080 and TALENT_EXTRACT_GGUF does not name a GGUF file")
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        gguf,
        "--model_alias",
        RECORDED_MODEL,
        "--n_ctx",
        "8192",
        "--n_threads",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        "8080",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        if server_up():
            return proc
        time.sleep(1)
    proc.kill()
    sys.exit("the llama.cpp server did not come up")


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
    proc = None if server_up() else start_server()
    try:
        if args.only in (None, "samples"):
            record(ARTICLES, "samples", SAMPLES_JSONL)
        if args.only in (None, "reask"):
            record(REASK_ARTICLES, "reask", None)
        if args.only in (None, "hostile"):
            record(HOSTILE_ARTICLES, "hostile", None)
    finally:
        if proc is not None:
            proc.terminate()


if __name__ == "__main__":
    main()
