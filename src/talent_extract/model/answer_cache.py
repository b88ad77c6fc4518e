"""A local cache of raw model answers, keyed by the exact request body.

Grounding and normalising are deterministic code over the model's answers. Caching the answers at
the HTTP edge — the request body in, the server's response bytes out — lets a change to that code
re-score a whole evaluation set in seconds, while any change to what is *sent* (prompt, schema,
model, sampling) is a different key and asks the model again. Nothing is interpreted here: the
cached bytes go through openai, instructor and grounding exactly like a live answer, so a cached
run and a live run give the same records.

Use it through an ``httpx`` client handed to openai::

    import httpx, openai
    from talent_extract.model.answer_cache import AnswerCache

    cache = AnswerCache(".answers")
    client = openai.AsyncOpenAI(base_url=..., http_client=httpx.AsyncClient(transport=cache))

Only successful (HTTP 200) answers to ``POST …/chat/completions`` are stored; every other request
passes through. The cache holds model output, never the request's headers, so no key is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import httpx2 as httpx


class AnswerCache(httpx.AsyncBaseTransport):
    """An ``httpx`` transport that answers repeated chat-completion requests from disk.

    Args:
        directory: where answers are kept, one JSON file per request body hash.
        transport: the transport that reaches the server (default: a new
            ``httpx.AsyncHTTPTransport``).
    """

    def __init__(self, directory: str | Path, transport: httpx.AsyncBaseTransport | None = None):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._inner = transport or httpx.AsyncHTTPTransport()
        self.hits = 0
        self.misses = 0

    def key(self, request: httpx.Request) -> str | None:
        """The cache key of a request, or None when it is not a chat completion."""
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return None
        body = request.content
        try:
            # Key on the JSON value, not its byte layout: the same request built by another
            # client version that orders keys differently is still the same question.
            canonical = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False)
        except ValueError:
            canonical = body.decode("utf-8", "replace")
        return hashlib.sha256(canonical.encode()).hexdigest()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        key = self.key(request)
        path = self.directory / f"{key}.json" if key else None
        if path is not None and path.is_file():
            self.hits += 1
            return httpx.Response(
                200,
                headers={"content-type": "application/json", "x-answer-cache": "hit"},
                content=path.read_bytes(),
                request=request,
            )
        response = await self._inner.handle_async_request(request)
        if path is None:
            return response
        self.misses += 1
        content = await response.aread()
        if response.status_code == 200:
            _write_atomically(path, content)
        # The body is decoded now: drop the headers that described its encoded form.
        headers = [
            (k, v)
            for k, v in response.headers.items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(
            response.status_code, headers=headers, content=content, request=request
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def _write_atomically(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
