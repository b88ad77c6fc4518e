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

from talent_extract import Article, aextract, resolve_backend

TEMPLATE_BITS = ["{{ article }}", "{% for s in sentences %}x{% endfor %}", "{#", "{{ 7*7 }}"]

ARTICLE = (
    "Peneliti Budi Santoso keluar dari Lab Nusantara AI pekan lalu {{ article }} dan "
    "bergabung dengan Awan Digital. {% for s in sentences %}x{% endfor %}\n\n"
    "Menurut laporan, Awan Digital menawarkan gaji Rp 5 miliar per tahun {{ 7*7 }}.\n\n"
    "\u201cSaya ingin tantangan baru {#\u201d kata Budi Santoso."
)


def request_schema(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The name and JSON schema a request asks the answer to fill: OpenAI's ``response_format``
    (JSON-schema mode) or the forced tool (tools mode)."""
    if body.get("response_format"):
        spec = body["response_format"]["json_schema"]
        return spec["name"], spec["schema"]
    function = body["tools"][0]["function"]
    return function["name"], function["parameters"]


def _answer(body: dict[str, Any]) -> dict[str, Any]:
    name, schema = request_schema(body)
    props = set(schema.get("properties", {}))
    args = json.dumps({n: [] for n in props if n in {"departures", "offers", "speakers"}})
    message: dict[str, Any] = {"role": "assistant", "content": args}
    if body.get("tools"):
        call = {"id": "call_0", "type": "function", "function": {"name": name, "arguments": args}}
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
    return {
        "id": "mock",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls" if body.get("tools") else "stop",
                "message": message,
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def test_template_syntax_in_the_article_is_sent_verbatim() -> None:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        sent.append(body)
        return httpx2.Response(200, json=_answer(body))

    async def run() -> None:
        client = openai.AsyncOpenAI(
            api_key="unused",
            base_url="http://mock.invalid/v1",
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
            max_retries=0,
        )
        config = resolve_backend(base_url="http://mock.invalid/v1", api_key="unused", model="m")
        result = await aextract(Article(text=ARTICLE), config=config, client=client)
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
