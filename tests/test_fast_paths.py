"""The two shortcuts around per-call library overhead keep requests and checks the same.

``untransformed`` sends our JSON parameters through ``extra_body``: the body must be the same
JSON openai would have sent. ``register_response_models`` answers instructor's async-validator
check from a cache for our own response models only. The HTTP peer is an in-process
``httpx2.MockTransport`` (a test double, not a model).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2
import openai
import pytest
from instructor.v2.validation import async_validators
from pydantic import BaseModel

from talent_extract.model import prompts as P
from talent_extract.model.backend import _CHECKED_MODELS, register_response_models, untransformed


def _bodies(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(json.loads(request.content))
        return httpx2.Response(
            200,
            json={
                "id": "x",
                "object": "chat.completion",
                "created": 0,
                "model": "m",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": "{}"},
                    }
                ],
            },
        )

    async def run() -> None:
        client = openai.AsyncOpenAI(
            api_key="unused",
            base_url="http://mock.invalid/v1",
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
            max_retries=0,
        )
        await client.chat.completions.create(**json.loads(json.dumps(kwargs)))
        await untransformed(client.chat.completions.create)(**json.loads(json.dumps(kwargs)))
        await client.close()

    asyncio.run(run())
    return sent[0], sent[1]


REQUEST: dict[str, Any] = {
    "model": "m",
    "messages": [
        {"role": "system", "content": "Jawab dengan JSON."},
        {"role": "user", "content": "Kalimat [S1]: “Saya keluar,” kata X."},
    ],
    "tools": [
        {
            "type": "function",
            "function": {
                "name": "Departures",
                "description": "d",
                "parameters": {
                    "type": "object",
                    "properties": {"departures": {"type": "array", "items": {"type": "string"}}},
                    "required": ["departures"],
                },
            },
        }
    ],
    "tool_choice": {"type": "function", "function": {"name": "Departures"}},
    "temperature": 0,
    "seed": 7,
}


def test_pass_through_sends_the_same_json() -> None:
    plain, fast = _bodies(REQUEST)
    assert fast == plain
    assert fast["messages"] == REQUEST["messages"]


def test_pass_through_keeps_callers_extra_body() -> None:
    plain, fast = _bodies({**REQUEST, "extra_body": {"cache_prompt": True}})
    assert fast == plain
    assert fast["cache_prompt"] is True


def test_async_validator_check_is_cached_only_for_our_models() -> None:
    ours = [P.departures_model(("S1", "S2")), P.review_model(("M1",), ("Q1",))]
    register_response_models(*ours)
    assert getattr(async_validators.reject_async_validators, "_talent_extract", False)
    assert set(ours) <= _CHECKED_MODELS
    for model in ours:
        async_validators.reject_async_validators(model)  # registered: answered from the set

    class Other(BaseModel):
        value: int

    async_validators.reject_async_validators(Other)  # clean: passes

    def _marked(cls: type[Other], v: int) -> int:
        return v

    setattr(_marked, async_validators.ASYNC_VALIDATOR_KEY, {"fields": ("value",)})
    Other._marked = staticmethod(_marked)  # type: ignore[attr-defined]
    # A model that is not ours is checked afresh every time: no verdict was remembered for it.
    with pytest.raises(ValueError, match="async validators"):
        async_validators.reject_async_validators(Other)
