"""Ray benchmark: ``talent_extract.ray.extract_dataset`` in Ray's local cluster, 2 workers, against
the loopback LOAD GENERATOR, beside ``extract_many`` on the same articles.

    python benchmarks/ray_local.py [--n 1000] [--workers 2] [--concurrency 16] [--latency 0.1]
                                   [--batch-size 250]

Starts ``benchmarks/loopback_server.py`` (a fake OpenAI-compatible server, not a model) in its own
process, then extracts ``--n`` synthetic Indonesian articles (``batch_load.article_text``) twice:
with ``extract_many`` (``workers * concurrency`` in flight, one store) and with
``extract_dataset`` (``--workers`` Ray actors, ``--concurrency`` in flight each, their own store
file), and prints the seconds of each, Ray's start-up, the model calls served, whether every
article got the same records (departures, offers, quotes) both ways, and a re-run of the dataset
over the same store (what is done is skipped: no call).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from batch_load import LoadGenerator, article_text  # noqa: E402

from talent_extract import Article, Extraction, Store, extract_many  # noqa: E402
from talent_extract.model.backend import resolve_backend  # noqa: E402


def records(e: Extraction) -> tuple[str, ...]:
    return tuple(x.model_dump_json() for x in (*e.departures, *e.offers, *e.quotes))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16, help="in flight per worker")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--batch-size", type=int, default=250)
    args = parser.parse_args(argv)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    from talent_extract.ray import extract_dataset

    rows = [{"id": f"ray-{i}", "text": article_text(i)} for i in range(args.n)]
    in_flight = args.workers * args.concurrency
    with tempfile.TemporaryDirectory() as tmp, LoadGenerator(args.latency, 1800) as gen:
        config = resolve_backend(base_url=gen.url, api_key="unused", model="loopback", env={})
        calls0 = gen.requests()
        t0 = time.perf_counter()
        with Store(Path(tmp) / "one.sqlite3") as store:
            one = {
                r.article_id: r
                for r in extract_many(
                    (Article(text=r["text"], id=r["id"]) for r in rows),
                    concurrency=in_flight,
                    store=store,
                    config=config,
                )
            }
        t_one = time.perf_counter() - t0
        calls_one = gen.requests() - calls0
        print(
            f"extract_many, {in_flight} in flight: {t_one:.2f} s, {calls_one} calls, "
            f"{sum(r.ok for r in one.values())}/{args.n} ok",
            flush=True,
        )

        t0 = time.perf_counter()
        ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False)
        t_init = time.perf_counter() - t0
        try:
            store_path = str(Path(tmp) / "ray.sqlite3")

            def run() -> tuple[list[dict[str, Any]], float, int]:
                before = gen.requests()
                t = time.perf_counter()
                ds = ray.data.from_items(rows)
                got = extract_dataset(
                    ds,
                    store_path=store_path,
                    config=config,
                    workers=args.workers,
                    concurrency=args.concurrency,
                    batch_size=args.batch_size,
                ).take_all()
                return got, time.perf_counter() - t, gen.requests() - before

            got, t_ray, calls_ray = run()
            again, t_again, calls_again = run()
        finally:
            ray.shutdown()
    same = differ = missing = 0
    seen = set()
    for row in got:
        seen.add(row["id"])
        mine = one.get(row["id"])
        if mine is None or mine.extraction is None or row["extraction"] is None:
            differ += 1
            continue
        theirs = Extraction.model_validate_json(row["extraction"])
        if records(theirs) == records(mine.extraction):
            same += 1
        else:
            differ += 1
    missing = len({r["id"] for r in rows} - seen)
    duplicated = len(got) - len(seen)
    print(f"ray.init (local cluster, {args.workers} CPUs): {t_init:.2f} s")
    print(
        f"extract_dataset, {args.workers} workers x {args.concurrency} in flight, "
        f"batch size {args.batch_size}: {t_ray:.2f} s, {calls_ray} calls, "
        f"{sum(bool(r['ok']) for r in got)}/{args.n} ok"
    )
    print(
        f"same records as extract_many: {same}/{args.n} (different {differ}, missing {missing}, "
        f"duplicated {duplicated})"
    )
    print(
        f"re-run over the same store: {t_again:.2f} s, {calls_again} calls, "
        f"{sum(bool(r['cached']) for r in again)}/{args.n} cached"
    )
    one_min, five_min, _ = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs, load average {one_min:.2f} (1 min), "
        f"{five_min:.2f} (5 min)"
    )


if __name__ == "__main__":
    main()
