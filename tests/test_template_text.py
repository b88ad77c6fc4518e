"""Article text that looks like a Jinja template reaches the model exactly as written.

instructor renders messages as Jinja templates whenever it is given a validation context; the
pipeline hands its context to the validators another way, so "{{ article }}" in a news story is
neither expanded nor able to break the request. An in-process ``httpx2.MockTransport`` (a test
double, not a model) records what would be sent and answers with empty, valid answers.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2
import openai

from talent_extract import Article, aextract
from talent_extract.model.backend import resolve_backend
from tests.fakes import TEMPLATE_ARTICLE, empty_answer

TEMPLATE_BITS = ["{{ article }}", "{% for s in sentences %}x{% endfor %}", "{#", "{{ 7*7 }}"]


def test_template_syntax_in_the_article_is_sent_verbatim() -> None:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        sent.append(body)
        return httpx2.Response(200, json=empty_answer(body))

    async def run() -> None:
        client = openai.AsyncOpenAI(
            api_key="unused",
            base_url="http://mock.invalid/v1",
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
            max_retries=0,
        )
        config = resolve_backend(base_url="http://mock.invalid/v1", api_key="unused", model="m")
        result = await aextract(Article(text=TEMPLATE_ARTICLE), config=config, client=client)
        assert result.meta.calls == len(sent) >= 1
        await client.close()

    asyncio.run(run())
    user_text = "\n".join(
        m["content"] for body in sent for m in body["messages"] if isinstance(m.get("content"), str)
    )
    # The departure sentence and the quote carry template syntax; it must arrive unrendered.
    assert "{{ article }}" in user_text
    assert "{% for s in sentences %}x{% endfor %}" in user_text
    assert "49" not in user_text
