"""The HTTP side of a model call: openai's client on aiohttp, the request and the raw answer.

:func:`http_client` is the HTTP client every :class:`openai.AsyncOpenAI` of the model backend
gets: ``openai.DefaultAioHttpClient`` (openai's documented aiohttp transport, the ``aiohttp``
extra) when aiohttp is installed, about 0.4 ms less CPU per call than the default httpx
connection pool at the same requests and answers; openai's default client otherwise.
:func:`chat_create` sends a chat completion through the client's documented ``post`` and
:func:`parse_completion` reads the answer.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx2
import openai

__all__ = ["chat_create", "dropped_connection", "http_client", "parse_completion"]


def http_client(timeout: float) -> httpx2.AsyncClient | None:
    """openai's aiohttp-backed client with ``timeout`` per call (openai's other defaults: limits,
    redirects, proxies from the environment), or None (openai's own httpx client) without
    aiohttp."""
    try:
        client: httpx2.AsyncClient = openai.DefaultAioHttpClient(timeout=timeout)
    except RuntimeError:  # openai says the aiohttp extra is not installed
        return None
    return client


def dropped_connection(exc: BaseException) -> str | None:
    """The name of the aiohttp error under an ``APITimeoutError`` that was no timeout, else None.

    openai's aiohttp transport maps every ``aiohttp.ClientConnectionError`` (a connection reset
    or closed by the server mid-answer) to httpx's ``ConnectTimeout``, so openai reports a
    timeout; the original error, kept as the cause, tells what happened.
    """
    if not isinstance(exc, openai.APITimeoutError):
        return None
    cause: BaseException | None = exc.__cause__
    while cause is not None and not type(cause).__module__.startswith("aiohttp"):
        cause = cause.__cause__
    if cause is None or isinstance(cause, TimeoutError):  # aiohttp's timeouts are TimeoutErrors
        return None
    return type(cause).__name__


def chat_create(client: openai.AsyncOpenAI) -> Callable[..., Awaitable[Any]]:
    """``client.chat.completions.create`` for our plain-JSON requests, with less CPU.

    The request goes through the client's documented ``post`` (the way openai offers for any
    endpoint: same base URL, headers, timeout, errors), the raw response read by
    :func:`parse_completion`. What it skips is openai's walk of every message and schema
    against its TypedDicts (about 0.5 ms of CPU per call), which changes nothing in a body of
    plain JSON values like ours, and its field-by-field construction of the answer; the
    omitted-argument markers it would drop are dropped here. The body sent is the same.
    """

    async def create(**kwargs: Any) -> Any:
        body = {k: v for k, v in kwargs.items() if not isinstance(v, openai.NotGiven | openai.Omit)}
        raw = await client.post("/chat/completions", body=body, cast_to=httpx2.Response)
        return parse_completion(raw.content, raw.headers.get("content-type", ""))

    return create


def parse_completion(content: bytes, content_type: str) -> Any:
    """A response body as openai would give it for ``cast_to=ChatCompletion``, with less CPU.

    A well-formed completion is validated in one pass; anything else takes openai's lenient
    route: a JSON object is constructed without validation (a server's odd fields kept), other
    JSON is returned as it is, a body that is no JSON is returned as text (or raises
    ``JSONDecodeError`` when the server called it JSON) — so the backend's ``check_answer`` and
    the fault handling see what they saw before. (``json.loads`` first, not
    ``model_validate_json``: pydantic's JSON parser keeps every short string of every answer in
    a process-wide cache.)
    """
    from openai.types.chat import ChatCompletion

    is_json = content_type.split(";")[0].strip().endswith("json")
    try:
        data = json.loads(content)
    except UnicodeDecodeError as exc:
        if is_json:
            raise json.JSONDecodeError(f"not UTF-8 ({exc.reason})", "", exc.start) from None
        return content.decode("utf-8", errors="replace")
    except json.JSONDecodeError:
        if is_json:
            raise  # a JSON body cut off mid-way
        return content.decode("utf-8", errors="replace")
    if not isinstance(data, dict):
        return data
    try:
        return ChatCompletion.model_validate(data)
    except ValueError:  # pydantic's ValidationError: not the exact shape
        # openai's model_construct builds nested models too, leniently, as its client does.
        return ChatCompletion.model_construct(**data)
