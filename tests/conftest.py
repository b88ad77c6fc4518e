"""Shared fixtures: the replay backend and the recorded sample outputs."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from talent_extract import BackendConfig
from talent_extract.model.backend import resolve_backend
from tests.recording import RECORDED_BASE_URL, RECORDED_MODEL, SAMPLES_JSONL


@pytest.fixture(scope="session")
def replay_config() -> BackendConfig:
    """The backend the cassettes were recorded with; one transport attempt so a missing
    recording fails at once instead of backing off."""
    config = resolve_backend(
        base_url=RECORDED_BASE_URL, model=RECORDED_MODEL, api_key="unused", env={}
    )
    return replace(config, transport_attempts=1)


@pytest.fixture(scope="session")
def sample_rows() -> dict[str, dict[str, Any]]:
    """examples/output/samples.jsonl by article stem."""
    rows = [json.loads(line) for line in SAMPLES_JSONL.read_text("utf-8").splitlines() if line]
    return {row["article"]: row for row in rows}


def no_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key, no server, no [local] extra: as on a fresh machine with nothing configured."""
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "TALENT_EXTRACT_API_KEY",
        "TALENT_EXTRACT_BASE_URL",
        "TALENT_EXTRACT_BACKEND",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("talent_extract.model.local.local_available", lambda: False)
