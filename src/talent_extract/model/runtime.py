"""The embedded model: llama.cpp's own server, run inside this process by xllamacpp.

``pip install 'talent_extract[local]'`` installs xllamacpp, a prebuilt wheel of current
llama.cpp (no compiler). :func:`embedded_server` starts its OpenAI-compatible HTTP server on a
free loopback port, once per process, and stops it when the process exits. The local backend
then talks to it exactly as to any llama.cpp / vLLM / Ollama server — the same openai client,
the same instructor mode, the same retries and accounting — so "embedded" and "server" are one
code path, and a recording made against one replays against the other.

The server brings llama.cpp's parallel slots, continuous batching and prompt cache: a request
whose messages begin like an earlier one's (same system message, same article) reuses the
computed prefix instead of reading it again. ``talent-extract serve`` runs the same server in
the foreground on a fixed port.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talent_extract.exceptions import ConfigurationError
from talent_extract.model.local import DEFAULT_MODEL, _stderr_progress, model_file


@dataclass(frozen=True)
class RuntimeSettings:
    """How the embedded server runs. ``from_env`` reads the ``TALENT_EXTRACT_LOCAL_*`` variables.

    ``n_ctx`` is the context of one slot (the server gets ``n_ctx * n_parallel``); ``threads``
    defaults to the CPUs this process may use. ``port=0`` lets the system pick a free port.
    """

    n_ctx: int = 8192
    n_parallel: int = 1
    threads: int | None = None
    host: str = "127.0.0.1"
    port: int = 0
    alias: str = DEFAULT_MODEL.name
    cache_prompt: bool = True
    verbosity: int = 0  # llama.cpp's log threshold: 0 errors only

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> RuntimeSettings:
        """Settings from ``TALENT_EXTRACT_LOCAL_CTX``, ``_PARALLEL`` and ``_THREADS``."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        for name, var in (
            ("n_ctx", "TALENT_EXTRACT_LOCAL_CTX"),
            ("n_parallel", "TALENT_EXTRACT_LOCAL_PARALLEL"),
            ("threads", "TALENT_EXTRACT_LOCAL_THREADS"),
        ):
            raw = env.get(var)
            if raw:
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise ConfigurationError(f"{var}={raw!r} is not a whole number") from None
                if values[name] < 1:
                    raise ConfigurationError(f"{var} must be at least 1")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def cpu_threads(self) -> int:
        if self.threads:
            return self.threads
        try:
            return len(os.sched_getaffinity(0)) or 1
        except AttributeError:  # not on Linux
            return os.cpu_count() or 2


@dataclass
class EmbeddedServer:
    """One llama.cpp server in this process, answering on ``base_url``."""

    path: Path
    settings: RuntimeSettings
    base_url: str = ""
    load_seconds: float = 0.0
    _server: Any = field(default=None, repr=False)

    def start(self) -> EmbeddedServer:
        """Load the model and start listening; returns once the server answers."""
        try:
            import xllamacpp
        except ImportError as exc:
            raise ConfigurationError(
                "the local backend needs xllamacpp: pip install 'talent_extract[local]'"
            ) from exc
        s = self.settings
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.model_alias = {s.alias}
        params.n_parallel = s.n_parallel
        params.n_ctx = s.n_ctx * s.n_parallel
        params.cpuparams.n_threads = s.cpu_threads()
        params.cpuparams_batch.n_threads = s.cpu_threads()
        params.hostnames = [s.host]
        params.port = s.port
        params.cache_prompt = s.cache_prompt
        params.warmup = False
        params.verbosity = s.verbosity
        started = time.perf_counter()
        try:
            self._server = xllamacpp.Server(params)
        except RuntimeError as exc:
            raise ConfigurationError(
                f"the embedded llama.cpp server did not start with {self.path} "
                f"(is it a GGUF model? is port {s.port or 'any'} on {s.host} free?): {exc}"
            ) from None
        self.load_seconds = time.perf_counter() - started
        self.base_url = str(self._server.listening_address).rstrip("/") + "/v1"
        return self

    def stop(self) -> None:
        """Stop the server and free the model (llama.cpp's destructor joins its threads)."""
        server, self._server = self._server, None
        if server is not None:
            del server


_LOCK = threading.Lock()
_RUNNING: EmbeddedServer | None = None


def embedded_server(path: Path, settings: RuntimeSettings | None = None) -> EmbeddedServer:
    """The process's embedded server for ``path``, started on first use, stopped at exit.

    Thread-safe; a second model path stops the first server (one model in memory at a time).
    """
    saved = _python_signal_handlers()
    try:
        return _start_once(path, settings or RuntimeSettings.from_env())
    finally:
        _restore_signal_handlers(saved)


async def aembedded_server(path: Path, settings: RuntimeSettings | None = None) -> EmbeddedServer:
    """:func:`embedded_server` from async code: the model loads in a worker thread, and the
    signal handlers of the calling (main) thread are put back afterwards."""
    settings = settings or RuntimeSettings.from_env()
    running = _RUNNING
    if running is not None and (running.path, running.settings) == (path, settings):
        return running
    saved = _python_signal_handlers()
    try:
        return await asyncio.to_thread(_start_once, path, settings)
    finally:
        _restore_signal_handlers(saved)


# GGUF path per configured model_path (None: the default model), verified once per process:
# checking the SHA-256 of 1.1 GB costs seconds, too much for every article.
_FILES: dict[str | None, Path] = {}


async def server_for(model_path: str | None) -> EmbeddedServer:
    """The embedded server for a local backend's ``model_path`` (None: the default model, pulled
    and verified on first use), with settings from the environment."""
    path = _FILES.get(model_path)
    if path is None:
        path = await asyncio.to_thread(model_file, model_path, _stderr_progress())
        _FILES[model_path] = path
    return await aembedded_server(path)


def _start_once(path: Path, settings: RuntimeSettings) -> EmbeddedServer:
    global _RUNNING
    with _LOCK:
        if _RUNNING is not None and (_RUNNING.path, _RUNNING.settings) == (path, settings):
            return _RUNNING
        if _RUNNING is not None:
            _RUNNING.stop()
            _RUNNING = None
        server = EmbeddedServer(path, settings).start()
        if not _EXIT_HOOKED:
            _hook_exit()
        _RUNNING = server
        return server


def stop_embedded() -> None:
    """Stop the process's embedded server, if one runs (also called at exit)."""
    global _RUNNING
    with _LOCK:
        if _RUNNING is not None:
            _RUNNING.stop()
            _RUNNING = None


_EXIT_HOOKED = False


def _hook_exit() -> None:
    global _EXIT_HOOKED
    atexit.register(stop_embedded)
    _EXIT_HOOKED = True


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _python_signal_handlers() -> dict[int, Any] | None:
    """Python's handlers, to put back after llama.cpp installs its own (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return {sig: signal.getsignal(sig) for sig in _SIGNALS}


def _restore_signal_handlers(saved: dict[int, Any] | None) -> None:
    """llama.cpp's server sets SIGINT/SIGTERM handlers that stop it and swallow Ctrl+C; give the
    signals back to Python so Ctrl+C raises KeyboardInterrupt and the exit hook stops the server.

    Only the main thread may set handlers: a server first started from another thread (not
    through :func:`aembedded_server`) keeps llama.cpp's, so Ctrl+C stops the server and a second
    Ctrl+C ends the process.
    """
    if saved is None:
        return
    for sig, handler in saved.items():
        if handler is not None:
            signal.signal(sig, handler)
