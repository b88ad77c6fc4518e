"""FAULT INJECTOR / TEST DOUBLE: a fake OpenAI-compatible server on loopback that injects faults.

This is not a model and never reads an article. It answers ``POST /v1/chat/completions`` like
``benchmarks/loopback_server.py`` (a chat.completion calling the forced tool), except that

* a healthy answer *echoes the candidates the prompt lists*, so a successful extraction has
  records and a silently empty result is visible: the departures call names the first person of
  the first listed sentence that has one, the review call marks every listed money expression as
  an offer and gives every listed quote its first candidate speaker;
* per request it may inject one fault instead (:data:`KINDS`): HTTP 500/502/503, 429 with and
  without ``Retry-After``, a hang longer than the client's timeout, a connection reset, an empty
  ``choices``, a truncated answer (``finish_reason="length"``, cut-off arguments), tool-call
  arguments that are not JSON, arguments that violate the schema, a 200 body that is not JSON
  (HTML), and a 200 ``application/json`` body cut off mid-way.

Which request gets which fault is set by a :class:`FaultPlan`: a script for the first requests,
then ``always`` one kind, or a seeded random choice at ``rate`` that depends only on the seed, the
article and how many requests that article has made, so it does not depend on concurrency or
timing. Requests are counted per article: the key is the ``TITLE:`` line of the first user
message (our prompts start with the article's title), else a hash of that message.

Serves only on 127.0.0.1. In tests: ``with FaultServer(FaultPlan(...)) as server: server.url``
(its own event loop in a daemon thread). Standalone::

    python tests/fault_server.py [--port 0] [--rate 0.2] [--seed 1] [--kinds http503,reset]

prints ``FAULT INJECTOR (test double, not a model) listening on http://127.0.0.1:PORT/v1``.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import hashlib
import json
import math
import random
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

HOST = "127.0.0.1"  # loopback only, never configurable
MODEL_ID = "fault-injector"
BANNER = "FAULT INJECTOR (test double, not a model) listening on"

KINDS: tuple[str, ...] = (
    "http500",
    "http502",
    "http503",
    "429_retry_after",
    "429",
    "hang",
    "reset",
    "empty_choices",
    "truncated",
    "invalid_json",
    "schema_violation",
    "non_json_body",
    "broken_json_body",
)
"""Every fault this server can inject."""


@dataclass
class FaultPlan:
    """Which requests get which fault.

    The first ``len(script)`` requests (in arrival order) get ``script[i]`` (``None`` = healthy);
    after that every request gets ``always`` if set, else a fault with probability ``rate``,
    its kind drawn uniformly from ``kinds``, seeded by ``(seed, article key, request number of
    that article)``.
    """

    script: list[str | None] = field(default_factory=list)
    always: str | None = None
    rate: float = 0.0
    kinds: Sequence[str] = KINDS
    seed: int = 0
    latency: float = 0.0
    hang_seconds: float = 30.0
    retry_after_ms: int = 50

    def __post_init__(self) -> None:
        unknown = {k for k in [*self.script, self.always, *self.kinds] if k} - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {', '.join(KINDS)}")


@dataclass
class Counts:
    """What the server saw: requests (total and per article key) and faults injected by kind."""

    requests: int = 0
    healthy: int = 0
    by_key: collections.Counter[str] = field(default_factory=collections.Counter)
    faults: collections.Counter[str] = field(default_factory=collections.Counter)
    faults_by_key: dict[str, list[str]] = field(default_factory=dict)


# --------------------------------------------------------------------------- reading the request


def _user_message(body: dict[str, Any]) -> str:
    for message in body.get("messages") or []:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            return content if isinstance(content, str) else json.dumps(content)
    return ""


def article_key(body: dict[str, Any]) -> str:
    """The ``TITLE:`` line of the first user message, else a hash of that message."""
    user = _user_message(body)
    for line in user.splitlines():
        if line.startswith("TITLE:"):
            return line[len("TITLE:") :].strip()
    return "sha256:" + hashlib.sha256(user.encode()).hexdigest()[:16]


def _tool(body: dict[str, Any]) -> tuple[str | None, set[str]]:
    """The forced tool's name and its schema's properties; in JSON-schema mode (OpenAI's
    ``response_format``) no name, since the answer goes in the message's ``content``."""
    response_format = body.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        schema = (response_format.get("json_schema") or {}).get("schema") or {}
        props = schema.get("properties") or {}
        return None, set(props) if isinstance(props, dict) else set()
    choice = body.get("tool_choice")
    name = None
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
    for tool in body.get("tools") or []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and (name is None or function.get("name") == name):
            props = (function.get("parameters") or {}).get("properties") or {}
            return function.get("name"), set(props) if isinstance(props, dict) else set()
    return name, set()


_LISTED = re.compile(r"^\[([SMQ]\d+)\] (.*)$")


def echo_arguments(body: dict[str, Any], properties: set[str]) -> dict[str, Any]:
    """A healthy answer built from what the prompt lists (not from the article, not a model)."""
    lines = _user_message(body).splitlines()
    if "departures" in properties:
        for i, line in enumerate(lines):
            m = _LISTED.match(line)
            if not (m and m.group(1).startswith("S")) or i + 1 >= len(lines):
                continue
            named = lines[i + 1].strip().removeprefix("people named:").strip()
            if named and named != "none":
                person = named.split(";")[0].strip()
                item = {
                    "sentence": m.group(1),
                    "people": [person],
                    "from_org": None,
                    "to_org": None,
                    "status": "completed",
                }
                return {"departures": [item]}
        return {"departures": []}
    if "offers" in properties or "speakers" in properties:
        offers, speakers = [], []
        for i, line in enumerate(lines):
            m = _LISTED.match(line)
            if not m:
                continue
            ident = m.group(1)
            if ident.startswith("M"):
                offers.append(
                    {
                        "money_id": ident,
                        "is_offer": True,
                        "offerer": None,
                        "recipient": None,
                        "recipient_org": None,
                        "status": "offered",
                    }
                )
            elif ident.startswith("Q"):
                cands = lines[i + 1].strip().removeprefix("candidates:").strip()
                first = cands.split(";")[0].strip() if i + 1 < len(lines) else ""
                speaker = first if first and first != "none named" else None
                speakers.append({"quote_id": ident, "speaker": speaker})
        return {"offers": offers, "speakers": speakers}
    return {}


# --------------------------------------------------------------------------- answering


def _completion(
    body: dict[str, Any], n: int, arguments: str, finish: str, name: str | None
) -> dict[str, Any]:
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
    else:
        message = {"role": "assistant", "content": arguments}
        if finish == "tool_calls":
            finish = "stop"
    return {
        "id": f"chatcmpl-fault-{n}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or MODEL_ID,
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    }


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": "injected_fault", "code": status}},
        status=status,
        headers=headers,
    )


class _Server:
    """The aiohttp handlers and the plan's state; lives on the server's event loop."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self.counts = Counts()
        self.lock = threading.Lock()
        self.stopping = asyncio.Event()

    def choose(self, key: str) -> str | None:
        with self.lock:
            c = self.counts
            c.requests += 1
            c.by_key[key] += 1
            index, nth = c.requests - 1, c.by_key[key]
            plan = self.plan
            if index < len(plan.script):
                kind = plan.script[index]
            elif plan.always is not None:
                kind = plan.always
            else:
                rng = random.Random(f"{plan.seed}|{key}|{nth}")
                kind = rng.choice(list(plan.kinds)) if rng.random() < plan.rate else None
            if kind is None:
                c.healthy += 1
            else:
                c.faults[kind] += 1
                c.faults_by_key.setdefault(key, []).append(kind)
            return kind

    async def completions(self, request: web.Request) -> web.StreamResponse:
        try:
            raw = await request.read()
        except ConnectionResetError:  # the client died mid-request (the kill -9 tests)
            raise asyncio.CancelledError from None
        try:
            body = json.loads(raw)
        except ValueError:
            return _error(400, "body is not JSON")
        if not isinstance(body, dict):
            return _error(400, "body is not an object")
        if self.plan.latency:
            await asyncio.sleep(self.plan.latency)
        kind = self.choose(article_key(body))
        n = self.counts.requests
        name, properties = _tool(body)
        healthy = json.dumps(echo_arguments(body, properties), ensure_ascii=False)
        if kind is None:
            return web.json_response(_completion(body, n, healthy, "tool_calls", name))
        if kind in ("http500", "http502", "http503"):
            return _error(int(kind[4:]), f"injected HTTP {kind[4:]}")
        if kind == "429_retry_after":
            ms = self.plan.retry_after_ms
            headers = {"retry-after-ms": str(ms), "retry-after": str(math.ceil(ms / 1000))}
            return _error(429, "injected rate limit", headers)
        if kind == "429":
            return _error(429, "injected rate limit, no Retry-After")
        if kind == "hang":
            # Longer than the client's timeout; ends early when the server stops.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.plan.hang_seconds)
            return web.json_response(_completion(body, n, healthy, "tool_calls", name))
        if kind == "reset":
            transport = request.transport
            if transport is not None:
                sock = transport.get_extra_info("socket")
                if sock is not None:  # SO_LINGER 0: the close sends RST, not FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                transport.abort()
            raise asyncio.CancelledError  # nothing to answer on a dead connection
        if kind == "empty_choices":
            answer = _completion(body, n, healthy, "tool_calls", name)
            answer["choices"] = []
            return web.json_response(answer)
        if kind == "truncated":
            cut = healthy[: max(1, len(healthy) // 2)]
            return web.json_response(_completion(body, n, cut, "length", name))
        if kind == "invalid_json":
            broken = healthy.replace('"', "'")  # the classic small-model mistake
            return web.json_response(_completion(body, n, broken, "tool_calls", name))
        if kind == "schema_violation":
            # Alternates: the required field missing, or a string where the schema wants a list.
            if n % 2:
                wrong: dict[str, Any] = {"result": json.loads(healthy)}
            else:
                wrong = {prop: "tidak ada" for prop in sorted(properties) or ["departures"]}
            return web.json_response(_completion(body, n, json.dumps(wrong), "tool_calls", name))
        if kind == "non_json_body":
            return web.Response(
                text="<html><body><h1>Service temporarily unavailable</h1></body></html>",
                content_type="text/html",
            )
        if kind == "broken_json_body":
            text = json.dumps(_completion(body, n, healthy, "tool_calls", name))
            return web.Response(text=text[: len(text) // 2], content_type="application/json")
        raise AssertionError(kind)

    async def models(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "owned_by": "test"}]}
        )

    async def stats(self, request: web.Request) -> web.Response:
        with self.lock:
            c = self.counts
            return web.json_response(
                {"requests": c.requests, "healthy": c.healthy, "faults": dict(c.faults)}
            )


def make_app(server: _Server) -> web.Application:
    """The aiohttp application: completions, models and stats."""
    app = web.Application(client_max_size=16 * 1024 * 1024)
    app.router.add_post("/v1/chat/completions", server.completions)
    app.router.add_get("/v1/models", server.models)
    app.router.add_get("/stats", server.stats)
    return app


class FaultServer:
    """The fault injector on its own event loop in a daemon thread, on 127.0.0.1.

    Use as a context manager; ``url`` is the base URL (``http://127.0.0.1:PORT/v1``) and
    :meth:`counts` a snapshot of what it saw. It stops by itself after ``max_seconds``.
    """

    def __init__(self, plan: FaultPlan | None = None, *, port: int = 0, max_seconds: float = 600):
        self.plan = plan or FaultPlan()
        self.port = port
        self.max_seconds = max_seconds
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: _Server | None = None
        self._runner: web.AppRunner | None = None

    def start(self) -> FaultServer:
        """Start serving; returns self once the port is bound."""
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self.url = future.result(timeout=30)
        return self

    async def _start(self) -> str:
        self._server = _Server(self.plan)
        self._runner = web.AppRunner(
            make_app(self._server), access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, self.port, backlog=1024)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or ()
        bound = sockets[0].getsockname()[1] if sockets else self.port
        self._loop.call_later(self.max_seconds, lambda: asyncio.ensure_future(self._stop()))
        return f"http://{HOST}:{bound}/v1"

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.stopping.set()
        if self._runner is not None and self._runner.server is not None:
            await self._runner.cleanup()

    def stop(self) -> None:
        """Stop serving (hung requests end at once) and end the thread."""
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def counts(self) -> Counts:
        """A copy of the counters."""
        assert self._server is not None, "not started"
        with self._server.lock:
            c = self._server.counts
            return Counts(
                c.requests,
                c.healthy,
                collections.Counter(c.by_key),
                collections.Counter(c.faults),
                {k: list(v) for k, v in c.faults_by_key.items()},
            )

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--rate", type=float, default=0.2, help="share of requests faulted")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated fault kinds")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    parser.add_argument("--hang-seconds", type=float, default=30.0)
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop after this long")
    args = parser.parse_args(argv)
    plan = FaultPlan(
        rate=args.rate,
        kinds=tuple(k for k in args.kinds.split(",") if k),
        seed=args.seed,
        latency=args.latency,
        hang_seconds=args.hang_seconds,
    )
    server = FaultServer(plan, port=args.port, max_seconds=args.max_seconds).start()
    print(f"{BANNER} {server.url} (rate {plan.rate}, seed {plan.seed})", flush=True)
    try:
        time.sleep(args.max_seconds)
    except KeyboardInterrupt:
        pass
    finally:
        counts = server.counts()
        server.stop()
        print(
            f"fault injector: {counts.requests} requests, {counts.healthy} healthy, "
            f"faults {dict(counts.faults)}",
            file=sys.stderr,
            flush=True,
        )


if __name__ == "__main__":
    main()
