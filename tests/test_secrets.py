"""Secret scan: no API key in the store, outputs, logs, exceptions, failures or cassettes.

A batch runs against :class:`EchoingServer`, a **TEST DOUBLE, NOT A MODEL**: a fake
OpenAI-compatible endpoint on 127.0.0.1 that answers with empty lists, and, for articles carrying a
marker word, misbehaves the way a broken proxy or server does: it echoes the ``Authorization``
header it received back in a 401, 400, 500 or plain-text 403 body, or inside an otherwise valid
answer. Then every place a secret could land is scanned for the key, for ``Bearer <token>`` and for
``sk-`` style keys. The key is made up and shaped so that no secret scanner takes it for a real one.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import traceback
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from talent_extract import Article, BackendError, Store, TalentExtractError, extract, extract_many
from talent_extract.cli import app
from talent_extract.model.backend import resolve_backend
from talent_extract.model.redact import redact
from tests.recording import CASSETTES

FAKE_KEY = "TEST-NOT-A-REAL-KEY-secret-scan-0c7f3e"
# What OpenAI puts in its 401 body ("Incorrect API key provided: sk-ab***yz"), built at run time so
# that no scanner reads a key-like literal in this file.
MASKED_HINT = "s" + "k-" + "proj" + "FAKE" * 4 + "***" + "ABCD"
SECRET_PATTERNS = [
    re.compile(re.escape(FAKE_KEY)),
    re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"\bsk-[A-Za-z0-9_*.-]{8,}"),
]
BANNER = "TEST DOUBLE (not a model): echoing fake OpenAI endpoint"

BASE = "Kepala riset Lintas AI, Budi Santoso, keluar dari Lintas AI pekan lalu"
ARTICLES = {
    "normal": f"{BASE}.",
    "kode401": f"{BASE} KODE401.",
    "kode403": f"{BASE} KODE403.",
    "kode400": f"{BASE} KODE400.",
    "kode500": f"{BASE} KODE500.",
    "kode200": f"{BASE} KODE200.",
}


class _Handler(BaseHTTPRequestHandler):
    server: EchoingServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: str, content_type: str = "application/json") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        auth = self.headers.get("Authorization") or ""
        self.server.seen_auth.append(auth)
        prompt = json.dumps(body.get("messages") or body)
        echo = f"request had Authorization: {auth}; Incorrect API key provided: {MASKED_HINT}"
        error = json.dumps({"error": {"message": echo, "type": "invalid_request_error"}})
        if "KODE401" in prompt:
            self._send(401, error)
        elif "KODE403" in prompt:
            self._send(403, echo, "text/plain")
        elif "KODE400" in prompt:
            self._send(400, error)
        elif "KODE500" in prompt:
            self._send(500, error)
        elif "KODE200" in prompt:
            # A well-formed answer whose names are the echoed header: grounding refuses the
            # person (meta.dropped) and the organisation (meta.changed) and logs the values.
            self._send(200, _completion(body, {"departures": _echo_departures(body, auth)}))
        else:
            self._send(200, _completion(body, _empty_arguments(body)))


def _tool(body: dict[str, Any]) -> dict[str, Any]:
    """The forced tool, or the JSON schema of ``response_format`` in the same shape."""
    tools = body.get("tools") or []
    if tools:
        return dict(tools[0]["function"])
    spec = (body.get("response_format") or {}).get("json_schema") or {}
    return {"name": spec.get("name", "answer"), "parameters": spec.get("schema", {})}


def _empty_arguments(body: dict[str, Any]) -> dict[str, Any]:
    properties = _tool(body).get("parameters", {}).get("properties", {})
    return {name: [] for name in properties}


def _echo_departures(body: dict[str, Any], auth: str) -> list[dict[str, Any]]:
    """One mover named by the echoed header (dropped, its reason quoting it) and one real mover
    whose organisation carries the masked key (changed, the value before quoted)."""
    sentence = re.search(r"\bS\d+\b", json.dumps(body.get("messages")))
    cited = sentence.group() if sentence else "S1"
    echoed = {
        "person": auth,
        "from_org": None,
        "to_org": None,
        "status": "completed",
        "sentence": cited,
    }
    return [echoed, {**echoed, "person": "Budi Santoso", "from_org": f"Lintas AI {MASKED_HINT}"}]


def _completion(body: dict[str, Any], arguments: dict[str, Any]) -> str:
    call = {
        "id": "call_0",
        "type": "function",
        "function": {"name": _tool(body)["name"], "arguments": json.dumps(arguments)},
    }
    message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [call]}
    if not body.get("tools"):  # JSON-schema mode: the answer is the message's content
        message = {"role": "assistant", "content": json.dumps(arguments)}
    return json.dumps(
        {
            "id": "chatcmpl-test-double",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "tool_calls" if body.get("tools") else "stop",
                    "message": message,
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
        }
    )


class EchoingServer(ThreadingHTTPServer):
    """TEST DOUBLE, NOT A MODEL: see the module docstring. Serves on 127.0.0.1 only."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen_auth: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


@pytest.fixture
def server() -> Iterator[EchoingServer]:
    srv = EchoingServer()
    print(BANNER, srv.url)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Transport retries of the 500s without their backoff sleeps."""
    monkeypatch.setattr(
        "talent_extract.model.backend._wait_strategy", lambda config: lambda state: 0.0
    )


def leaks(text: str) -> list[str]:
    """Every secret-looking match in ``text``."""
    return [m.group() for p in SECRET_PATTERNS for m in p.finditer(text)]


def _exception_texts(exc: BaseException) -> str:
    return "\n".join([str(exc), repr(exc), *traceback.format_exception(exc)])


def _files_text(folder: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            texts[str(path)] = path.read_bytes().decode("utf-8", "replace")
            if path.suffix == ".parquet":
                import pyarrow.parquet as pq

                texts[f"{path} (rows)"] = json.dumps(pq.read_table(path).to_pylist(), default=str)
    return texts


def _store_text(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        rows = [
            *conn.execute("SELECT * FROM results").fetchall(),
            *conn.execute("SELECT * FROM sources").fetchall(),
        ]
    return json.dumps(rows, default=str)


def test_the_scan_finds_what_it_looks_for() -> None:
    """The scanner itself: it must see the key and tokens, and redact must remove them."""
    echoed = f"Authorization: Bearer {FAKE_KEY} / {MASKED_HINT} / bearer abcdefgh12345678"
    assert len(leaks(echoed)) == 4
    assert leaks(redact(echoed, FAKE_KEY)) == []
    assert redact(echoed, FAKE_KEY).startswith("Authorization: Bearer *** / sk-[redacted]")


@pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])
def test_no_secret_in_store_outputs_logs_exceptions_or_failures(
    server: EchoingServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Everything any library logs, down to request options (the CLI quiets "instructor"; a CLI
    # test earlier in the session must not hide its records from this scan).
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="instructor")
    config = replace(
        resolve_backend(base_url=server.url, api_key=FAKE_KEY, model="fake", env={}),
        transport_attempts=2,
    )
    found: dict[str, str] = {}

    # Door 1: extract() one article per misbehaviour; collect every exception as a user sees it.
    errors: dict[str, str] = {}
    for name, text in ARTICLES.items():
        try:
            result = extract(Article(text=text, id=name), config=config)
        except TalentExtractError as exc:
            errors[name] = type(exc).__name__
            found[f"extract({name}) exception"] = _exception_texts(exc)
        else:
            found[f"extract({name}) result"] = result.model_dump_json()
    assert errors == {
        "kode401": "AuthenticationError",
        "kode403": "AuthenticationError",
        "kode400": "BadRequestError",
        "kode500": "TransientBackendError",
    }
    # The echo really happened and carried the key.
    assert f"Bearer {FAKE_KEY}" in server.seen_auth
    assert set(server.seen_auth) == {f"Bearer {FAKE_KEY}"}

    # Door 2: extract_many into a store file; collect Failure messages.
    store_path = tmp_path / "batch.sqlite3"
    with Store(store_path) as store:
        results = list(
            extract_many(
                [Article(text=t, id=n) for n, t in ARTICLES.items()], config=config, store=store
            )
        )
    assert sorted(r.article_id or "" for r in results if not r.ok) == sorted(errors)
    for r in results:
        if r.failure is not None:
            found[f"failure {r.article_id}"] = r.failure.message
        else:
            assert r.extraction is not None
            found[f"extraction {r.article_id}"] = r.extraction.model_dump_json()
    # The echoed answer was refused and recorded, redacted.
    kode200 = next(r for r in results if r.article_id == "kode200")
    assert kode200.extraction is not None and kode200.extraction.meta.dropped
    assert any("Bearer ***" in d.value for d in kode200.extraction.meta.dropped)
    assert any("Bearer ***" in d.reason for d in kode200.extraction.meta.dropped)
    assert any("sk-[redacted]" in c.before for c in kode200.extraction.meta.changed)
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{store_path}{suffix}")
        if path.exists():
            found[path.name] = path.read_bytes().decode("utf-8", "replace")
    found["store rows"] = _store_text(store_path)

    # Door 3: talent-extract run over a folder, the key passed in the environment.
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    monkeypatch.setenv("TALENT_EXTRACT_API_KEY", FAKE_KEY)
    out = tmp_path / "out"
    cli_store = tmp_path / "cli.sqlite3"
    run = CliRunner().invoke(
        app,
        [
            *("run", str(folder), "--out", str(out), "--store", str(cli_store)),
            *("--base-url", server.url, "--model", "fake", "--concurrency", "3"),
        ],
    )
    assert run.exit_code == 0, run.output
    assert "articles 6  ok 2  failed 4" in run.stdout
    found["cli stdout"] = run.stdout
    found["cli stderr"] = run.stderr
    found.update(_files_text(out))
    found["cli store rows"] = _store_text(cli_store)
    for path in tmp_path.glob("cli.sqlite3*"):
        found[path.name] = path.read_bytes().decode("utf-8", "replace")

    # Logs of every library at DEBUG, as records and as formatted text.
    found["logs"] = "\n".join(
        [caplog.text, *(json.dumps(r.__dict__, default=str) for r in caplog.records)]
    )
    # Logging was on: the scan below saw the HTTP client's records and instructor's refusal of
    # the echoed answer (which quoted the key until the log filter redacted it).
    names = {r.name.split(".")[0] for r in caplog.records}
    assert {"openai", "instructor"} <= names, names
    assert any("Bearer ***" in r.getMessage() for r in caplog.records)

    # Every recording in cassettes/.
    cassettes = sorted(p for p in CASSETTES.rglob("*") if p.is_file())
    assert len(cassettes) >= 5
    for path in cassettes:
        found[str(path.relative_to(CASSETTES.parent))] = path.read_text("utf-8")

    leaked = {where: leaks(text) for where, text in found.items() if leaks(text)}
    assert leaked == {}


def test_backend_errors_from_server_bodies_are_redacted() -> None:
    """Regression: a 400 body echoing the header reached BadRequestError's message verbatim."""
    import httpx2
    import openai

    from talent_extract.model.backend import map_api_error

    request = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    echo = f"bad header Bearer {FAKE_KEY}; {MASKED_HINT}"
    response = httpx2.Response(400, json={"error": {"message": echo}}, request=request)
    # openai puts the body's message in the exception's message, as for a real 400.
    exc = openai.BadRequestError(f"Error code: 400 - {echo}", response=response, body=None)
    assert leaks(exc.message)
    mapped = map_api_error(exc, 1, secret=FAKE_KEY)
    assert isinstance(mapped, BackendError)
    assert leaks(str(mapped)) == []
    assert "bad header Bearer ***; sk-[redacted]" in str(mapped)


def test_log_records_of_http_and_instructor_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    """Regression: instructor logged a refused answer quoting the echoed header at ERROR."""
    from talent_extract.model.backend import protect_logs

    protect_logs(FAKE_KEY)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="instructor")
    try:
        raise ValueError(f"the person 'Bearer {FAKE_KEY}' is not named in the article")
    except ValueError:
        logging.getLogger("instructor.v2.retry").exception("Max retries exceeded: %s", FAKE_KEY)
    logging.getLogger("openai._base_client").debug("Request options: %s", {"k": MASKED_HINT})
    assert len(caplog.records) == 2
    assert leaks(caplog.text) == []
    assert "Max retries exceeded: ***" in caplog.text and "Bearer ***" in caplog.text
