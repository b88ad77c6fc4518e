"""The backend layer: configuration and the transport retry loop (no network: a fake ``create``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx2
import openai
import pytest

from talent_extract import AuthenticationError, BadRequestError, ConfigurationError
from talent_extract.exceptions import TransientBackendError
from talent_extract.model.backend import (
    CallStats,
    make_create,
    resolve_backend,
    retry_after_seconds,
)

URL = "http://127.0.0.1:9/v1/chat/completions"


def status_error(code: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", URL)
    response = httpx2.Response(code, headers=headers or {}, request=request)
    cls: dict[int, type[openai.APIStatusError]] = {
        400: openai.BadRequestError,
        401: openai.AuthenticationError,
        403: openai.PermissionDeniedError,
        404: openai.NotFoundError,
        429: openai.RateLimitError,
        500: openai.InternalServerError,
    }
    return cls.get(code, openai.APIStatusError)(f"HTTP {code}", response=response, body=None)


class Usage:
    prompt_tokens = 11
    completion_tokens = 3


class Response:
    usage = Usage()
    choices = ("one choice",)  # make_create checks that an answer has a choice


def scripted(outcomes: list[Any]) -> tuple[Callable[..., Any], list[int]]:
    """A fake ``chat.completions.create`` that raises or returns the scripted outcomes in turn."""
    calls: list[int] = []

    async def create(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        outcome = outcomes[len(calls) - 1]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return create, calls


def run(outcomes: list[Any], **overrides: Any) -> tuple[Any, CallStats, list[int], list[float]]:
    config = resolve_backend(base_url="http://127.0.0.1:9/v1", env={})
    if overrides:
        from dataclasses import replace

        config = replace(config, **overrides)
    stats = CallStats()
    raw, calls = scripted(outcomes)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    create = make_create(raw, config, stats, sleep=sleep)
    try:
        result = asyncio.run(create(model="m", messages=[]))
    except Exception as exc:  # returned for the assertions
        result = exc
    return result, stats, calls, slept


def test_retry_after_is_honoured_then_success() -> None:
    result, stats, calls, slept = run([status_error(429, {"retry-after": "7"}), Response()])
    assert isinstance(result, Response)
    assert len(calls) == 2
    assert slept == [7.0]
    assert stats.calls == 1 and stats.http_attempts == 2 and stats.transport_retries == 1
    assert stats.prompt_tokens == 11 and stats.completion_tokens == 3


def test_retry_after_is_capped() -> None:
    assert retry_after_seconds(status_error(429, {"retry-after": "3600"})) == 60.0
    assert retry_after_seconds(status_error(429, {"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(status_error(429)) is None


def test_server_errors_back_off_with_jitter_and_a_bound() -> None:
    result, _, calls, slept = run([status_error(500)] * 10)
    assert isinstance(result, TransientBackendError)
    assert len(calls) == 4  # transport_attempts
    assert len(slept) == 3 and all(0 <= s <= 20 for s in slept)
    assert "HTTP 500" in str(result) and result.attempts == 4


def test_connection_errors_and_timeouts_are_retried() -> None:
    request = httpx2.Request("POST", URL)
    outcomes = [
        openai.APIConnectionError(request=request),
        openai.APITimeoutError(request),
        Response(),
    ]
    result, _, calls, _ = run(outcomes)
    assert isinstance(result, Response) and len(calls) == 3


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (400, BadRequestError),
        (404, BadRequestError),
    ],
)
def test_auth_and_bad_request_fail_at_once(code: int, error: type[Exception]) -> None:
    result, _, calls, slept = run([status_error(code), Response()])
    assert isinstance(result, error)
    assert len(calls) == 1 and slept == []


def test_budget_is_shared_across_calls_of_one_extraction() -> None:
    config = resolve_backend(base_url="http://127.0.0.1:9/v1", env={})
    stats = CallStats()
    raw, calls = scripted([status_error(503)] * 3 + [Response()] + [status_error(503)] * 10)

    async def sleep(_: float) -> None:
        return None

    create = make_create(raw, config, stats, sleep=sleep)
    assert isinstance(asyncio.run(create()), Response)  # 3 retries spent
    with pytest.raises(TransientBackendError):
        asyncio.run(create())
    # budget 6: the second call may only retry 3 more times (4 attempts) before giving up.
    assert stats.transport_retries == config.transport_budget
    assert len(calls) == 4 + 4


def test_resolution_order_and_clear_error() -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_backend(env={}, local_installed=False)
    message = str(info.value)
    assert "OPENAI_API_KEY" in message and "TALENT_EXTRACT_BASE_URL" in message
    assert "[local]" in message

    env = {"TALENT_EXTRACT_BASE_URL": "http://localhost:11434/v1", "OPENAI_API_KEY": "sk-env"}
    from_env = resolve_backend(env=env)
    # One structured-output mode for every backend: OpenAI's response_format json_schema.
    assert from_env.kind == "openai-compatible" and from_env.mode.value == "json_schema_mode"
    assert from_env.source == "environment"

    explicit = resolve_backend(base_url="https://api.openai.com/v1", api_key="sk-arg", env=env)
    assert explicit.kind == "openai" and explicit.mode.value == "json_schema_mode"
    assert explicit.source == "argument"

    overridden = resolve_backend(env={**env, "TALENT_EXTRACT_MODE": "json_mode"})
    assert overridden.mode.value == "json_mode"
    # TOOLS stays selectable, by its short name or instructor's value.
    for name in ("tools", "TOOLS", "tool_call"):
        assert resolve_backend(env={**env, "TALENT_EXTRACT_MODE": name}).mode.value == "tool_call"
    assert resolve_backend(mode="json_schema", env=env).mode.value == "json_schema_mode"
    with pytest.raises(ConfigurationError):
        resolve_backend(env={**env, "TALENT_EXTRACT_MODE": "telepathy"})


def test_secrets_stay_out_of_descriptions() -> None:
    config = resolve_backend(api_key="sk-secret-value-123", env={})
    assert "sk-secret" not in repr(config)
    assert "sk-secret" not in config.describe()


def test_local_is_the_default_only_when_installed_and_nothing_is_configured() -> None:
    local = resolve_backend(env={}, local_installed=True)
    assert local.kind == "local" and local.source == "local extra installed"
    assert local.mode.value == "json_schema_mode" and local.model == "qwen2.5-coder-1.5b-instruct"
    assert local.base_url is None  # set when the embedded server starts (start_local)
    tools = resolve_backend(env={"TALENT_EXTRACT_MODE": "tools"}, local_installed=True)
    assert tools.kind == "local" and tools.mode.value == "tool_call"
    gguf = resolve_backend(env={"TALENT_EXTRACT_GGUF": "/m/x.gguf"}, local_installed=True)
    assert gguf.model_path == "/m/x.gguf"
    # A configured hosted backend never falls back to the local model.
    hosted = resolve_backend(env={"OPENAI_API_KEY": "sk-x"}, local_installed=True)
    assert hosted.kind == "openai"
    # Asking for local explicitly wins over the environment.
    forced = resolve_backend(backend="local", env={"OPENAI_API_KEY": "sk-x"})
    assert forced.kind == "local" and forced.source == "argument"
    by_env = resolve_backend(env={"TALENT_EXTRACT_BACKEND": "local"}, local_installed=False)
    assert by_env.kind == "local" and by_env.source == "environment"
    with pytest.raises(ConfigurationError):
        resolve_backend(backend="quantum", env={})


def test_max_tokens_is_sent_only_when_configured() -> None:
    sent: list[dict[str, Any]] = []

    async def raw(*args: Any, **kwargs: Any) -> Any:
        sent.append(kwargs)
        return Response()

    unbounded = resolve_backend(base_url="http://127.0.0.1:9/v1", env={})
    bounded = resolve_backend(
        base_url="http://127.0.0.1:9/v1", env={"TALENT_EXTRACT_MAX_TOKENS": "1024"}
    )
    assert unbounded.max_tokens is None and bounded.max_tokens == 1024
    for config in (unbounded, bounded):
        asyncio.run(make_create(raw, config, CallStats())(model="m", messages=[]))
    assert "max_tokens" not in sent[0]  # the recorded request bodies stay as they were
    assert sent[1]["max_tokens"] == 1024
    local = resolve_backend(backend="local", env={"TALENT_EXTRACT_MAX_TOKENS": "512"})
    assert local.max_tokens == 512
    with pytest.raises(ConfigurationError, match="not a number"):
        resolve_backend(base_url="http://x/v1", env={"TALENT_EXTRACT_MAX_TOKENS": "lots"})


def test_parse_completion_is_strict_when_it_can_and_lenient_when_it_must() -> None:
    import json

    from openai.types.chat import ChatCompletion

    from talent_extract.model.backend import UnusableAnswer, check_answer
    from talent_extract.model.http_client import parse_completion

    ok = {
        "id": "c1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": '{"departures": []}'},
            }
        ],
    }
    got = parse_completion(json.dumps(ok).encode(), "application/json")
    assert (
        isinstance(got, ChatCompletion) and got.choices[0].message.content == '{"departures": []}'
    )
    # Off the exact shape (no id, an odd finish reason, an extra field): built, not refused.
    odd = {"choices": [{"message": {"content": "x"}, "finish_reason": "eos"}], "extra": 1}
    lenient = parse_completion(json.dumps(odd).encode(), "application/json; charset=utf-8")
    assert lenient.choices[0].message.content == "x"
    assert lenient.choices[0].finish_reason == "eos"
    # No JSON object: what openai's client returned, so check_answer names it as before.
    for body, kind in ((b"[1, 2]", "application/json"), (b"<html>busy</html>", "text/html")):
        with pytest.raises(UnusableAnswer):
            check_answer(parse_completion(body, kind))
    assert parse_completion(b"<html>busy</html>", "text/html") == "<html>busy</html>"
    for cut in (b'{"choices": [', b'{"choices": "\xff\xfe"}'):
        with pytest.raises(json.JSONDecodeError):
            parse_completion(cut, "application/json")


def test_a_shared_create_counts_each_call_in_the_extraction_that_made_it() -> None:
    """One create (and instructor client) serves every article of a batch; the counts of each
    call go to the extraction whose task made it (CALL_STATS), even when the calls interleave."""
    from talent_extract.model.backend import CALL_STATS

    config = resolve_backend(base_url="http://127.0.0.1:9/v1", env={})

    async def raw(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0)  # let the other extraction's call run in between
        return Response()

    create = make_create(raw, config, None)

    async def extraction(calls: int) -> CallStats:
        stats = CallStats()
        CALL_STATS.set(stats)
        for _ in range(calls):
            await create(model="m", messages=[])
        return stats

    async def both() -> tuple[CallStats, CallStats]:
        one, two = await asyncio.gather(extraction(1), extraction(3))
        return one, two

    one, two = asyncio.run(both())
    assert (one.calls, one.prompt_tokens) == (1, 11)
    assert (two.calls, two.prompt_tokens, two.http_attempts) == (3, 33, 3)
    with pytest.raises(RuntimeError, match="outside an extraction"):
        asyncio.run(create(model="m", messages=[]))


def test_the_instructor_client_is_made_once_per_http_client_and_config() -> None:
    from dataclasses import replace

    from talent_extract.model.backend import shared_instructor

    config = resolve_backend(base_url="http://127.0.0.1:9/v1", env={})
    client = openai.AsyncOpenAI(api_key="unused", base_url="http://127.0.0.1:9/v1")
    other = openai.AsyncOpenAI(api_key="unused", base_url="http://127.0.0.1:9/v1")
    first = shared_instructor(config, client)
    assert shared_instructor(config, client) is first
    assert shared_instructor(config, other) is not first
    assert shared_instructor(replace(config, max_reasks=0), client) is not first
