"""TEST DOUBLE, NOT A MODEL: OpenAI's ``/v1/files`` and ``/v1/batches`` on 127.0.0.1.

A job moves ``validating → in_progress → finalizing → completed`` one step per
``GET /v1/batches/{id}`` (so a client's polling drives it), then writes an output file and, when
any line failed, an error file, in OpenAI's line formats. Each line is answered with the healthy
echo of ``tests/prompt_echo.py`` (what the prompt lists, echoed), unless the :class:`BatchPlan`
says otherwise for it (matched by a substring of its ``custom_id`` or, for ``bad_answer``, of the
request's last user message):

* ``fail``: an error-file line with HTTP 500;
* ``bad_answer``: a 200 whose content is not the schema's shape (so the pipeline re-asks);
* ``expire_after``: the job ends ``expired`` after that many lines, the rest in the error file
  as ``batch_expired``;
* ``POST /v1/batches/{id}/cancel``: ``cancelling`` then ``cancelled``, lines not yet run in the
  error file as ``batch_cancelled`` (``run_per_poll`` lines run per poll while in progress).

It serves only loopback, keeps everything in memory, and counts lines answered (``stats``).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.prompt_echo import completion, echo_arguments, user_message

HOST = "127.0.0.1"


@dataclass
class BatchPlan:
    """What the double does to which lines (see the module docstring)."""

    fail: tuple[str, ...] = ()
    bad_answer: tuple[str, ...] = ()
    expire_after: int | None = None
    run_per_poll: int | None = None  # None: every line on the step into finalizing


@dataclass
class _Job:
    id: str
    input_file_id: str
    lines: list[dict[str, Any]]
    metadata: dict[str, Any]
    status: str = "validating"
    done: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    ran: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None


class BatchServer:
    """The double in a background thread: ``with BatchServer(plan) as s: s.url``."""

    def __init__(self, plan: BatchPlan | None = None) -> None:
        self.plan = plan or BatchPlan()
        self.files: dict[str, tuple[str, bytes]] = {}
        self.jobs: dict[str, _Job] = {}
        self.answered = 0
        self.lines_received = 0
        self._n = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.url = ""

    # ------------------------------------------------------------------ helpers

    def _id(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}-{self._n:06d}"

    def _answer(self, line: dict[str, Any]) -> dict[str, Any]:
        custom_id = line["custom_id"]
        body = line["body"]
        rid = f"batch_req_{self._n}_{custom_id}"
        if any(s in custom_id for s in self.plan.fail):
            return {
                "id": rid,
                "custom_id": custom_id,
                "response": {"status_code": 500, "body": {"error": {"message": "server error"}}},
                "error": None,
            }
        self.answered += 1
        task = user_message(body)
        if any(s in task for s in self.plan.bad_answer) and len(body["messages"]) <= 2:
            arguments = json.dumps({"departures": "not a list", "offers": "no"})
        else:
            arguments = json.dumps(echo_arguments(body), ensure_ascii=False)
        usage = {"prompt_tokens": 1000, "completion_tokens": 50, "total_tokens": 1050}
        answer = completion(body, self.answered, arguments, prefix="chatcmpl-batch", usage=usage)
        return {
            "id": rid,
            "custom_id": custom_id,
            "response": {"status_code": 200, "request_id": rid, "body": answer},
            "error": None,
        }

    def _run(self, job: _Job, count: int | None) -> None:
        todo = job.lines[job.ran :] if count is None else job.lines[job.ran : job.ran + count]
        for line in todo:
            if self.plan.expire_after is not None and job.ran >= self.plan.expire_after:
                return
            result = self._answer(line)
            (job.done if result["response"]["status_code"] == 200 else job.errors).append(result)
            job.ran += 1

    def _finish(self, job: _Job, status: str, code: str | None = None) -> None:
        for line in job.lines[job.ran :]:
            job.errors.append(
                {
                    "id": f"batch_req_x_{line['custom_id']}",
                    "custom_id": line["custom_id"],
                    "response": None,
                    "error": {"code": code, "message": f"not run: the batch is {status}"},
                }
            )
        job.ran = len(job.lines)
        if job.done:
            job.output_file_id = self._file("output.jsonl", job.done)
        if job.errors:
            job.error_file_id = self._file("errors.jsonl", job.errors)
        job.status = status

    def _file(self, name: str, rows: list[dict[str, Any]]) -> str:
        fid = self._id("file")
        payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        self.files[fid] = (name, payload)
        return fid

    def _step(self, job: _Job) -> None:
        if job.status == "validating":
            job.status = "in_progress"
        elif job.status == "in_progress":
            if self.plan.run_per_poll is not None and job.ran < len(job.lines):
                self._run(job, self.plan.run_per_poll)
                if self.plan.expire_after is None or job.ran < self.plan.expire_after:
                    return
            self._run(job, None)
            if job.ran < len(job.lines):
                self._finish(job, "expired", "batch_expired")
            else:
                job.status = "finalizing"
        elif job.status == "finalizing":
            self._finish(job, "completed")
        elif job.status == "cancelling":
            self._finish(job, "cancelled", "batch_cancelled")

    def _batch(self, job: _Job) -> dict[str, Any]:
        failed = len([e for e in job.errors if e.get("response")])
        completed = len(job.done)
        return {
            "id": job.id,
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "errors": None,
            "input_file_id": job.input_file_id,
            "completion_window": "24h",
            "status": job.status,
            "output_file_id": job.output_file_id,
            "error_file_id": job.error_file_id,
            "created_at": int(time.time()),
            "request_counts": {
                "total": len(job.lines),
                "completed": completed,
                "failed": failed,
            },
            "metadata": job.metadata,
        }

    # ------------------------------------------------------------------ handlers

    async def upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form["file"]
        content = upload.file.read()  # type: ignore[union-attr]
        fid = self._id("file")
        self.files[fid] = (str(upload.filename), content)  # type: ignore[union-attr]
        return web.json_response(
            {
                "id": fid,
                "object": "file",
                "bytes": len(content),
                "created_at": int(time.time()),
                "filename": str(upload.filename),  # type: ignore[union-attr]
                "purpose": str(form.get("purpose")),
                "status": "processed",
            }
        )

    async def content(self, request: web.Request) -> web.Response:
        fid = request.match_info["fid"]
        if fid not in self.files:
            return web.json_response({"error": {"message": "no such file"}}, status=404)
        return web.Response(body=self.files[fid][1], content_type="application/octet-stream")

    async def create(self, request: web.Request) -> web.Response:
        body = await request.json()
        fid = body.get("input_file_id")
        if fid not in self.files:
            return web.json_response({"error": {"message": "no such file"}}, status=400)
        lines = [json.loads(x) for x in self.files[fid][1].decode().splitlines() if x.strip()]
        self.lines_received += len(lines)
        job = _Job(self._id("batch"), fid, lines, body.get("metadata") or {})
        self.jobs[job.id] = job
        return web.json_response(self._batch(job))

    async def retrieve(self, request: web.Request) -> web.Response:
        job = self.jobs.get(request.match_info["bid"])
        if job is None:
            return web.json_response({"error": {"message": "no such batch"}}, status=404)
        self._step(job)
        return web.json_response(self._batch(job))

    async def cancel(self, request: web.Request) -> web.Response:
        job = self.jobs.get(request.match_info["bid"])
        if job is None:
            return web.json_response({"error": {"message": "no such batch"}}, status=404)
        if job.status not in ("completed", "failed", "expired", "cancelled"):
            job.status = "cancelling"
        return web.json_response(self._batch(job))

    # ------------------------------------------------------------------ lifetime

    def __enter__(self) -> BatchServer:
        self._thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> str:
        app = web.Application(client_max_size=256 * 1024 * 1024)
        app.router.add_post("/v1/files", self.upload)
        app.router.add_get("/v1/files/{fid}/content", self.content)
        app.router.add_post("/v1/batches", self.create)
        app.router.add_get("/v1/batches/{bid}", self.retrieve)
        app.router.add_post("/v1/batches/{bid}/cancel", self.cancel)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://{HOST}:{port}/v1"

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
