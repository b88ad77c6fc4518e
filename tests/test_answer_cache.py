"""The answer cache (``model/answer_cache.py``) at the HTTP edge.

The server behind it is an ``httpx2.MockTransport`` (a test double, not a model): it counts the
requests that reach it and answers with a fixed chat completion, or an error when told to.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

from talent_extract.model.answer_cache import AnswerCache

BASE = "http://model.invalid/v1"


def completion(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-cache-test",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6},
    }


class Server:
    """The inner transport: records every request; a body asking for "error" gets a 500."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.transport = httpx2.MockTransport(self.handle)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        self.seen.append((request.method, request.url.path))
        if request.url.path.endswith("/models"):
            return httpx2.Response(200, json={"object": "list", "data": []})
        body = json.loads(request.content or b"{}")
        if body.get("messages", [{}])[-1].get("content") == "error":
            return httpx2.Response(500, json={"error": {"message": "overloaded"}})
        if body.get("messages", [{}])[-1].get("content") == "gzip":
            data = gzip.compress(json.dumps(completion("packed")).encode())
            return httpx2.Response(
                200,
                headers={"content-type": "application/json", "content-encoding": "gzip"},
                content=data,
            )
        return httpx2.Response(200, json=completion(f"answer {len(self.seen)}"))


def chat(content: str, **extra: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": content}], **extra}


async def post(client: httpx2.AsyncClient, body: bytes | dict[str, Any]) -> httpx2.Response:
    if isinstance(body, bytes):
        return await client.post("/chat/completions", content=body)
    return await client.post("/chat/completions", json=body)


def with_cache(
    tmp_path: Path, server: Server, calls: Any
) -> tuple[AnswerCache, list[httpx2.Response]]:
    cache = AnswerCache(tmp_path / "answers", transport=server.transport)

    async def go() -> list[httpx2.Response]:
        async with httpx2.AsyncClient(transport=cache, base_url=BASE) as client:
            return [await call(client) for call in calls]

    return cache, asyncio.run(go())


def test_a_repeated_request_is_answered_from_disk(tmp_path: Path) -> None:
    server = Server()
    cache, (first, second) = with_cache(
        tmp_path, server, [lambda c: post(c, chat("halo")), lambda c: post(c, chat("halo"))]
    )
    assert server.seen == [("POST", "/v1/chat/completions")]
    assert (cache.hits, cache.misses) == (1, 1)
    assert first.json() == second.json() == completion("answer 1")
    assert second.headers["x-answer-cache"] == "hit" and "x-answer-cache" not in first.headers
    assert len(list((tmp_path / "answers").glob("*.json"))) == 1


def test_the_key_is_the_json_value_not_its_layout(tmp_path: Path) -> None:
    server = Server()
    body = chat("halo", temperature=0)
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2).encode()
    cache, _ = with_cache(tmp_path, server, [lambda c: post(c, body), lambda c: post(c, reordered)])
    assert len(server.seen) == 1 and cache.hits == 1


def test_a_different_request_is_a_miss(tmp_path: Path) -> None:
    server = Server()
    cache, (a, b) = with_cache(
        tmp_path,
        server,
        [lambda c: post(c, chat("halo")), lambda c: post(c, chat("halo", temperature=0.5))],
    )
    assert len(server.seen) == 2 and (cache.hits, cache.misses) == (0, 2)
    assert a.json() != b.json()


def test_an_error_answer_is_passed_back_and_not_stored(tmp_path: Path) -> None:
    server = Server()
    cache, (first, second) = with_cache(
        tmp_path, server, [lambda c: post(c, chat("error")), lambda c: post(c, chat("error"))]
    )
    assert first.status_code == second.status_code == 500
    assert second.json() == {"error": {"message": "overloaded"}}
    assert len(server.seen) == 2 and cache.hits == 0
    assert list((tmp_path / "answers").iterdir()) == []


def test_requests_that_are_not_chat_completions_pass_through(tmp_path: Path) -> None:
    server = Server()
    cache, responses = with_cache(
        tmp_path,
        server,
        [
            lambda c: c.get("/models"),
            lambda c: c.get("/models"),
            lambda c: c.post("/embeddings", json={"model": "m", "input": "halo"}),
        ],
    )
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert len(server.seen) == 3
    assert (cache.hits, cache.misses) == (0, 0)
    assert list((tmp_path / "answers").iterdir()) == []
    assert cache.key(httpx2.Request("GET", f"{BASE}/chat/completions")) is None


def test_a_compressed_answer_is_stored_decoded_and_served_consistently(tmp_path: Path) -> None:
    server = Server()
    cache, (first, second) = with_cache(
        tmp_path, server, [lambda c: post(c, chat("gzip")), lambda c: post(c, chat("gzip"))]
    )
    assert first.json() == second.json() == completion("packed")
    assert cache.hits == 1 and "content-encoding" not in first.headers
    (stored,) = (tmp_path / "answers").glob("*.json")
    assert json.loads(stored.read_bytes()) == completion("packed")


def test_openai_through_the_cache_asks_the_server_once(tmp_path: Path) -> None:
    server = Server()
    cache = AnswerCache(tmp_path / "answers", transport=server.transport)

    async def go() -> list[str | None]:
        client = openai.AsyncOpenAI(
            api_key="unused",
            base_url=BASE,
            http_client=httpx2.AsyncClient(transport=cache),
            max_retries=0,
        )
        try:
            out = []
            for _ in range(2):
                got = await client.chat.completions.create(
                    model="m", messages=[{"role": "user", "content": "halo"}], temperature=0
                )
                out.append(got.choices[0].message.content)
            return out
        finally:
            await client.close()

    assert asyncio.run(go()) == ["answer 1", "answer 1"]
    assert len(server.seen) == 1 and cache.hits == 1


def test_closing_the_cache_closes_the_inner_transport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server()
    closed: list[bool] = []

    async def aclose() -> None:
        closed.append(True)

    monkeypatch.setattr(server.transport, "aclose", aclose)
    cache = AnswerCache(tmp_path / "answers", transport=server.transport)
    asyncio.run(cache.aclose())
    assert closed == [True]
