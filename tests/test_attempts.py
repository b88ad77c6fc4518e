"""A failed article reports every HTTP request it made, across its calls, not only the last call's.

The peer is an in-process ``httpx2.MockTransport`` (a test double, not a model): the first call
(departures) is answered, every later request gets HTTP 503.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

import httpx2
import openai
import pytest

from talent_extract import Article, TransientBackendError, aextract
from talent_extract.model.backend import resolve_backend
from tests.fakes import TEMPLATE_ARTICLE, empty_answer, request_schema


def test_attempts_count_the_whole_article() -> None:
    seen: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        body: dict[str, Any] = json.loads(request.content)
        seen.append(request_schema(body)[0])
        if len(seen) == 1:
            return httpx2.Response(200, json=empty_answer(body))
        return httpx2.Response(503, json={"error": {"message": "overloaded"}})

    config = dataclasses.replace(
        resolve_backend(base_url="http://mock.invalid/v1", api_key="unused", model="m"),
        transport_attempts=3,
        backoff_base=0.001,
        backoff_cap=0.001,
    )

    async def run() -> None:
        client = openai.AsyncOpenAI(
            api_key="unused",
            base_url="http://mock.invalid/v1",
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
            max_retries=0,
        )
        try:
            await aextract(Article(text=TEMPLATE_ARTICLE), config=config, client=client)
        finally:
            await client.close()

    with pytest.raises(TransientBackendError) as caught:
        asyncio.run(run())
    assert len(seen) == 1 + 3  # one answered call, then three attempts at the second
    assert seen[0] != seen[1]  # the failures are the second call's
    assert caught.value.attempts == len(seen)
