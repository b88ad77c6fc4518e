"""The batch-wide throttle: shared 429 backoff and per-minute limits (fake clock, no sleeping)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import httpx2
import openai
import pytest

from talent_extract import ConfigurationError
from talent_extract.model.backend import CallStats, Throttle, make_create, resolve_backend


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_requests_per_minute_make_the_next_call_wait_for_the_window() -> None:
    clock = FakeClock()
    throttle = Throttle(rpm=2, clock=clock, sleep=clock.sleep)

    async def three() -> None:
        for _ in range(3):
            await throttle.acquire()
            clock.now += 1.0

    run(three())
    assert clock.slept == [58.0]  # the third waits until the first leaves the 60 s window


def test_tokens_per_minute() -> None:
    clock = FakeClock()
    throttle = Throttle(tpm=1000, clock=clock, sleep=clock.sleep)

    async def go() -> None:
        await throttle.acquire()
        throttle.record_tokens(1200)
        clock.now += 10
        await throttle.acquire()

    run(go())
    assert clock.slept == [50.0]


def test_a_429_pauses_every_worker_not_only_the_one_that_got_it() -> None:
    clock = FakeClock()
    throttle = Throttle(clock=clock, sleep=clock.sleep)
    request = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    limited = openai.RateLimitError(
        "slow down",
        response=httpx2.Response(429, headers={"retry-after": "30"}, request=request),
        body=None,
    )
    ok = SimpleNamespace(choices=["a choice"], usage=None)  # a completion with an answer
    outcomes: list[Any] = [limited, ok, ok]
    calls: list[float] = []

    async def raw(*args: Any, **kwargs: Any) -> Any:
        calls.append(clock.now)
        outcome = outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    config = replace(resolve_backend(base_url="http://127.0.0.1:9/v1", env={}), throttle=throttle)
    first = make_create(raw, config, CallStats(), sleep=clock.sleep)
    second = make_create(raw, config, CallStats(), sleep=clock.sleep)

    async def both() -> None:
        assert await first() is ok  # 429, waits 30 s (Retry-After), retries
        clock.now -= 30  # rewind: the other worker asks right after the 429
        assert await second() is ok

    run(both())
    # The other worker's call starts only once the shared pause is over.
    assert calls[-1] >= 1000.0 + 30.0 - 1e-9


def test_limits_must_be_positive() -> None:
    with pytest.raises(ConfigurationError):
        Throttle(rpm=0)
