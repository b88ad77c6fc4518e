"""LOAD GENERATOR / TEST DOUBLE: a fake OpenAI-compatible server on loopback with a fixed latency.

This is not a model. It answers every ``POST /v1/chat/completions`` after ``--latency`` seconds
with a chat.completion that calls the forced tool with the smallest valid arguments for our
schemas (``{"departures": []}`` or ``{"offers": [], "speakers": []}``, else ``{}``), so a batch
benchmark measures the library and the concurrency, not a model. It serves only on 127.0.0.1,
counts the completions it served (``GET /stats`` → ``{"requests": n}``), lists one model on
``GET /v1/models``, and stops by itself after ``--max-seconds``.

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
import time
from typing import Any

from aiohttp import web

HOST = "127.0.0.1"  # loopback only, never configurable
MODEL_ID = "loopback"
BANNER = "LOAD GENERATOR (test double, not a model) listening on"

_STATS = web.AppKey("stats", dict[str, int])
_LATENCY = web.AppKey("latency", float)


def _tool_name(body: dict[str, Any]) -> str | None:
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if isinstance(name, str):
            return name
    tools = body.get("tools") or []
    if tools and isinstance(tools[0], dict):
        name = (tools[0].get("function") or {}).get("name")
        if isinstance(name, str):
            return name
    return None


def _properties(body: dict[str, Any], name: str | None) -> set[str]:
    response_format = body.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        # JSON-schema mode (OpenAI's response_format): the answer goes in ``content``.
        schema = (response_format.get("json_schema") or {}).get("schema") or {}
        props = schema.get("properties") or {}
        return set(props) if isinstance(props, dict) else set()
    for tool in body.get("tools") or []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and (name is None or function.get("name") == name):
            props = (function.get("parameters") or {}).get("properties") or {}
            return set(props) if isinstance(props, dict) else set()
    return set()


def minimal_arguments(properties: set[str]) -> dict[str, list[Any]]:
    """The smallest valid answer for our tool schemas: empty lists."""
    if "departures" in properties:
        return {"departures": []}
    if "offers" in properties or "speakers" in properties:
        return {"offers": [], "speakers": []}
    return {}


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
    name = _tool_name(body)
    arguments = json.dumps(minimal_arguments(_properties(body, name)))
    if name is not None:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{n}",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        }
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": arguments}
        finish = "stop"
    prompt_tokens = max(1, len(raw) // 4)
    return web.json_response(
        {
            "id": f"chatcmpl-loopback-{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or MODEL_ID,
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": 10,
                "total_tokens": prompt_tokens + 10,
            },
        }
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
