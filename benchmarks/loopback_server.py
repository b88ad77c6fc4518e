"""LOAD GENERATOR / TEST DOUBLE: a fake OpenAI-compatible server on loopback with a fixed latency.

This is not a model. It answers every ``POST /v1/chat/completions`` after ``--latency`` seconds
with the healthy answer of ``tests/prompt_echo.py``: what the prompt lists, echoed (the first
person-looking name of the first listed sentence that has one as a departure, every listed money
expression an offer, every listed quote its first candidate), as a call of the forced tool when
the request has ``tools`` and as JSON in ``message.content`` when it has ``response_format``. So a
batch benchmark measures the library, grounding included, and the concurrency, not a model. It
serves only on 127.0.0.1, counts the completions it served (``GET /stats`` → ``{"requests": n}``),
lists one model on ``GET /v1/models``, and stops by itself after ``--max-seconds``.

    python benchmarks/loopback_server.py [--port 0] [--latency 0.1] [--max-seconds 600]

prints ``LOAD GENERATOR (test double, not a model) listening on http://127.0.0.1:PORT/v1`` as its
first stdout line. In-process use: ``runner, url = await start(port=0, latency=0.1)``, then
``await runner.cleanup()``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

from aiohttp import web

# The echo is the test double shared with tests/fault_server.py; tests/ lives beside benchmarks/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.prompt_echo import completion, echo_arguments

HOST = "127.0.0.1"  # loopback only, never configurable
MODEL_ID = "loopback"
BANNER = "LOAD GENERATOR (test double, not a model) listening on"

_STATS = web.AppKey("stats", dict[str, int])
_LATENCY = web.AppKey("latency", float)


async def _completions(request: web.Request) -> web.Response:
    raw = await request.read()
    try:
        body = json.loads(raw)
    except ValueError:
        return web.json_response({"error": {"message": "body is not JSON"}}, status=400)
    if not isinstance(body, dict):
        return web.json_response({"error": {"message": "body is not an object"}}, status=400)
    await asyncio.sleep(request.app[_LATENCY])
    stats = request.app[_STATS]
    stats["requests"] += 1
    n = stats["requests"]
    arguments = json.dumps(echo_arguments(body), ensure_ascii=False)
    prompt_tokens = max(1, len(raw) // 4)
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": 10,
        "total_tokens": prompt_tokens + 10,
    }
    return web.json_response(
        completion(body, n, arguments, prefix="chatcmpl-loopback", usage=usage)
    )


async def _models(request: web.Request) -> web.Response:
    return web.json_response(
        {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "owned_by": "loopback"}]}
    )


async def _stats(request: web.Request) -> web.Response:
    stats: dict[str, int] = request.app[_STATS]
    return web.json_response({"requests": stats["requests"]})


def make_app(latency: float) -> web.Application:
    """The aiohttp application: completions, models and stats."""
    app = web.Application(client_max_size=16 * 1024 * 1024)
    app[_STATS] = {"requests": 0}
    app[_LATENCY] = latency
    app.router.add_post("/v1/chat/completions", _completions)
    app.router.add_get("/v1/models", _models)
    app.router.add_get("/stats", _stats)
    return app


async def start(
    port: int = 0, latency: float = 0.1, max_seconds: float = 600.0
) -> tuple[web.AppRunner, str]:
    """Start the load generator on 127.0.0.1 in the running loop; returns ``(runner, base_url)``.

    The caller stops it with ``await runner.cleanup()``; it also stops itself after
    ``max_seconds``.
    """
    runner = web.AppRunner(make_app(latency), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, HOST, port, backlog=1024)
    await site.start()
    server = site._server  # the asyncio.Server, to learn the port picked for port=0
    sockets = getattr(server, "sockets", None) or ()
    bound = sockets[0].getsockname()[1] if sockets else port
    guard = asyncio.get_running_loop().create_task(_stop_after(runner, max_seconds))
    _GUARDS.add(guard)
    guard.add_done_callback(_GUARDS.discard)
    return runner, f"http://{HOST}:{bound}/v1"


_GUARDS: set[asyncio.Task[None]] = set()


async def _stop_after(runner: web.AppRunner, seconds: float) -> None:
    """Bound the server's life: clean the runner up after ``seconds`` unless already done."""
    await asyncio.sleep(seconds)
    if runner.server is not None:
        await runner.cleanup()


async def _serve(port: int, latency: float, max_seconds: float) -> None:
    runner, url = await start(port, latency, max_seconds)
    print(f"{BANNER} {url} (latency {latency * 1000:.0f} ms, max {max_seconds:.0f} s)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=max_seconds)
    except TimeoutError:
        print("load generator: --max-seconds reached, stopping", file=sys.stderr, flush=True)
    finally:
        served = runner.app[_STATS]["requests"]
        if runner.server is not None:
            await runner.cleanup()
        print(f"load generator: served {served} completions", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per completion")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop after this long")
    args = parser.parse_args(argv)
    if args.latency < 0 or args.max_seconds <= 0:
        parser.error("--latency must be >= 0 and --max-seconds > 0")
    asyncio.run(_serve(args.port, args.latency, args.max_seconds))


if __name__ == "__main__":
    main()
