"""The embedded backend is a server like any other: started once per process on a loopback
port, reached through the ordinary openai/instructor path, stopped at exit.

xllamacpp is replaced by a stand-in module whose ``Server`` serves tests/fault_server.py (a
loopback test double answering from the prompt, not a model), so this runs without the
``[local]`` extra and without a model.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import sys
import time
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from talent_extract import Article, aextract, extract
from talent_extract.exceptions import ConfigurationError
from talent_extract.model import runtime
from talent_extract.model.backend import resolve_backend
from tests.fault_server import FaultServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

ARTICLE = (
    "TITLE: Peneliti pindah\n\n"
    "Peneliti AI Budi Santoso meninggalkan OpenAI dan bergabung dengan Meta pada Senin. "
    "Menurut laporan, Meta menawarkan paket gaji sebesar 100 juta dolar AS kepadanya. "
    "Budi Santoso mengatakan ia ingin membangun laboratorium baru di Jakarta bersama timnya. "
    "Perusahaan itu belum memberikan tanggapan resmi atas kepindahan tersebut."
)


class FakeXllamacpp:
    """What the runtime uses of xllamacpp: ``CommonParams`` and ``Server(params)``."""

    def __init__(self) -> None:
        self.started: list[Any] = []
        self.stopped = 0
        self.requests_seen: list[FaultServer] = []
        fake = self

        class Server:
            def __init__(self, params: Any) -> None:
                if not Path(params.model.path).is_file():
                    raise RuntimeError("Failed to init server, please check the input params.")
                fake.started.append(params)
                # llama.cpp's server takes SIGINT/SIGTERM for itself (sigaction, from its own
                # thread, unseen by Python's signal module); here: ignore them.
                libc = ctypes.CDLL(None)
                libc.signal.restype = ctypes.c_void_p
                libc.signal.argtypes = [ctypes.c_int, ctypes.c_void_p]
                for sig in (signal.SIGINT, signal.SIGTERM):
                    libc.signal(int(sig), 1)  # SIG_IGN
                self._http = FaultServer(port=params.port).start()
                fake.requests_seen.append(self._http)
                self.listening_address = self._http.url.removesuffix("/v1")

            def __del__(self) -> None:
                if hasattr(self, "_http"):
                    self._http.stop()
                    fake.stopped += 1

        def common_params() -> SimpleNamespace:
            return SimpleNamespace(
                model=SimpleNamespace(path=""),
                cpuparams=SimpleNamespace(n_threads=-1),
                cpuparams_batch=SimpleNamespace(n_threads=-1),
            )

        self.module = ModuleType("xllamacpp")
        self.module.Server = Server  # type: ignore[attr-defined]
        self.module.CommonParams = common_params  # type: ignore[attr-defined]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Any:
    stub = FakeXllamacpp()
    monkeypatch.setitem(sys.modules, "xllamacpp", stub.module)
    for var in ("TALENT_EXTRACT_LOCAL_CTX", "TALENT_EXTRACT_LOCAL_PARALLEL", "TALENT_EXTRACT_MODE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TALENT_EXTRACT_LOCAL_THREADS", "2")
    runtime.stop_embedded()
    yield stub
    runtime.stop_embedded()


@pytest.fixture
def gguf(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    return path


def test_local_extractions_share_one_server_reached_over_http(fake: Any, gguf: Path) -> None:
    config = resolve_backend(backend="local", model_path=str(gguf), env={})
    before = signal.getsignal(signal.SIGINT)
    # A plain event loop (asyncio.run would put Python's SIGINT handler back by itself).
    loop = asyncio.new_event_loop()
    try:
        first = loop.run_until_complete(aextract(Article(text=ARTICLE, id="a"), config=config))
    finally:
        loop.close()
    # llama.cpp's signal handlers were replaced by Python's again: Ctrl+C still interrupts.
    assert signal.getsignal(signal.SIGINT) is before
    interrupted_by_ctrl_c()
    second = extract(Article(text=ARTICLE + " Ia menolak berkomentar.", id="b"), config=config)

    assert len(fake.started) == 1, "the model is loaded once per process"
    params = fake.started[0]
    assert params.model.path == str(gguf) and params.hostnames == ["127.0.0.1"]
    assert params.port == 0  # a free port, chosen by the system
    assert params.n_ctx == 8192 and params.n_parallel == 1 and params.cache_prompt
    assert params.cpuparams.n_threads == 2 and params.model_alias == {config.model}
    # Both articles went through the server, in the one structured-output mode.
    assert fake.requests_seen[0].counts().requests == first.meta.calls + second.meta.calls >= 2
    for result in (first, second):
        assert result.meta.backend == "local" and result.meta.mode == "json_schema_mode"
        assert result.departures and result.departures[0].person == "Budi Santoso"

    runtime.stop_embedded()
    assert fake.stopped == 1


def interrupted_by_ctrl_c() -> None:
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)


def test_settings_from_the_environment(fake: Any, gguf: Path) -> None:
    settings = runtime.RuntimeSettings.from_env(
        {"TALENT_EXTRACT_LOCAL_PARALLEL": "2", "TALENT_EXTRACT_LOCAL_CTX": "4096"}
    )
    server = runtime.embedded_server(gguf, settings)
    interrupted_by_ctrl_c()
    assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/v1")
    params = fake.started[0]
    assert params.n_parallel == 2 and params.n_ctx == 2 * 4096  # one context per slot
    # The same settings again: the running server; others: it is replaced (one model in memory).
    assert runtime.embedded_server(gguf, settings) is server
    runtime.embedded_server(gguf, runtime.RuntimeSettings())
    assert len(fake.started) == 2 and fake.stopped == 1
    with pytest.raises(ConfigurationError, match="whole number"):
        runtime.RuntimeSettings.from_env({"TALENT_EXTRACT_LOCAL_PARALLEL": "two"})


def test_a_file_llama_cpp_refuses_is_a_configuration_error(fake: Any, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="did not start"):
        runtime.embedded_server(tmp_path / "missing.gguf")
    assert fake.started == []
