"""Backfills through the OpenAI Batch API: prepared here, answered within 24 h, grounded here.

One code path with live extraction: every article goes through :func:`talent_extract.aextract`
with an ``httpx`` transport in front of openai (:class:`Replay`), in three roles:

* **plan** — the transport records each chat-completion request the pipeline makes and answers
  it with an empty answer of the request's schema (a placeholder so the pipeline reaches its next
  call; it is thrown away, never stored or shown). The recorded bodies are the article's
  first-round calls: the departures call(s) and the review call do not depend on each other's
  answers. An article the gate skips makes no request; its result is final at once.
* **submit** — the bodies become JSONL lines (``custom_id`` = the text hash's first 20 hex digits
  and the call), uploaded with the files API and run as a batch (``/v1/chat/completions``,
  ``completion_window="24h"``); the job id and every line's request key (SHA-256 of the canonical
  body) are kept in the store file (:class:`~talent_extract.batch.ledger.Ledger`).
* **collect** — the answers are served to the same pipeline by request key, so they are parsed,
  validated and grounded exactly like live ones. A request with no answer yet is a re-ask
  (instructor asks again after an unusable answer): it goes into the next batch round, or, with
  ``reask_live``, to the server at once. A line that failed, expired or was cancelled makes its
  article a typed :class:`~talent_extract.exceptions.BatchAPIError` failure.

Costs are estimated at batch prices (``data/prices.json``); re-asks asked live at list prices.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx2 as httpx
import openai

from talent_extract.batch.cost import estimate_batch_cost, estimate_cost
from talent_extract.batch.ledger import Job, Ledger
from talent_extract.batch.runner import BatchResult
from talent_extract.batch.store import Failure, Store, text_hash
from talent_extract.exceptions import BatchAPIError, ConfigurationError, InputError
from talent_extract.model.backend import BackendConfig
from talent_extract.model.redact import redact
from talent_extract.records import Article, Extraction

ENDPOINT: Literal["/v1/chat/completions"] = "/v1/chat/completions"
WINDOW: Literal["24h"] = "24h"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
MAX_LINES = 50_000  # the Batch API's limit of requests per input file
MAX_BYTES = 190 * 1024 * 1024  # under its 200 MB per file

Report = Callable[[str], None]


def request_key(body: bytes) -> str:
    """SHA-256 of the canonical JSON of a request body (key order and spacing do not count)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False)
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    return hashlib.sha256(canonical.encode()).hexdigest()


def _placeholder(body: dict[str, Any]) -> dict[str, Any]:
    """An empty answer of the request's own schema: every list property empty."""
    fmt = body.get("response_format")
    tools = body.get("tools") or []
    if isinstance(fmt, dict) and isinstance(fmt.get("json_schema"), dict):
        schema = fmt["json_schema"].get("schema") or {}
        empty: dict[str, list[Any]] = {n: [] for n in (schema.get("properties") or {})}
        message: dict[str, Any] = {"role": "assistant", "content": json.dumps(empty)}
    elif tools:
        function = tools[0].get("function") or {}
        props = (function.get("parameters") or {}).get("properties") or {}
        empty = {name: [] for name in props}
        call = {"name": function.get("name"), "arguments": json.dumps(empty)}
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "plan", "type": "function", "function": call}],
        }
    else:
        message = {"role": "assistant", "content": "{}"}
    return {
        "id": "plan",
        "object": "chat.completion",
        "created": 0,
        "model": str(body.get("model")),
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


class Replay(httpx.AsyncBaseTransport):
    """Answers chat completions by request key; records (or forwards) the requests it cannot.

    ``answers`` maps request keys to response bodies. ``plan=True`` answers every request with a
    placeholder and records it; otherwise a miss goes to ``live`` when given, else is recorded in
    ``missed`` and answered with the placeholder too (the article waits for the next round, and
    this result is discarded).
    """

    def __init__(
        self,
        answers: dict[str, bytes] | None = None,
        *,
        plan: bool = False,
        live: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.answers = answers or {}
        self.plan = plan
        self.live = live
        self.recorded: list[bytes] = []
        self.missed: list[bytes] = []
        self.batch_tokens = [0, 0]
        self.live_tokens = [0, 0]

    @staticmethod
    def _count(content: bytes, into: list[int]) -> None:
        try:
            usage = json.loads(content).get("usage") or {}
            into[0] += int(usage.get("prompt_tokens") or 0)
            into[1] += int(usage.get("completion_tokens") or 0)
        except (ValueError, AttributeError, TypeError):
            pass

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        body = request.content
        json_headers = {"content-type": "application/json"}
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return httpx.Response(404, headers=json_headers, content=b"{}", request=request)
        if self.plan:
            self.recorded.append(body)
            content = json.dumps(_placeholder(json.loads(body))).encode()
            return httpx.Response(200, headers=json_headers, content=content, request=request)
        answer = self.answers.get(request_key(body))
        if answer is not None:
            self._count(answer, self.batch_tokens)
            return httpx.Response(200, headers=json_headers, content=answer, request=request)
        if self.live is not None:
            response = await self.live.handle_async_request(request)
            content = await response.aread()
            if response.status_code == 200:
                self._count(content, self.live_tokens)
            headers = [
                (k, v)
                for k, v in response.headers.items()
                if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
            ]
            return httpx.Response(
                response.status_code, headers=headers, content=content, request=request
            )
        # A re-ask for the next round. Answered with the placeholder so the pipeline goes on to
        # its other calls and their re-asks join the same round; the result is thrown away.
        self.missed.append(body)
        content = json.dumps(_placeholder(json.loads(body))).encode()
        return httpx.Response(200, headers=json_headers, content=content, request=request)

    async def aclose(self) -> None:
        if self.live is not None:
            await self.live.aclose()


async def _extract(article: Article, config: BackendConfig, transport: Replay) -> Extraction:
    from talent_extract.pipeline import aextract

    client = openai.AsyncOpenAI(
        api_key=config.api_key or "not-needed",
        base_url=config.base_url,
        timeout=config.timeout,
        max_retries=0,
        http_client=httpx.AsyncClient(transport=transport, trust_env=False),
    )
    try:
        return await aextract(article, config=config, client=client)
    finally:
        await client.close()


def sync_client(config: BackendConfig) -> openai.OpenAI:
    """The openai client for the files and batches APIs of ``config``'s server."""
    if config.kind == "local":
        raise ConfigurationError(
            "the Batch API needs OpenAI or a server that speaks it (set --base-url or a key); "
            "the embedded model has no Batch API"
        )
    return openai.OpenAI(
        api_key=config.api_key or "not-needed",
        base_url=config.base_url,
        timeout=config.timeout,
        max_retries=2,
    )


# --------------------------------------------------------------------------- prepare and submit


@dataclass
class Prepared:
    """What :func:`prepare_group` did."""

    group_id: str
    articles: int = 0
    requests: int = 0
    cached: int = 0
    finished: int = 0  # no call needed (the gate) or bad input: already in the store
    waiting_elsewhere: int = 0
    duplicates: int = 0
    batch_ids: list[str] = field(default_factory=list)


def _lines(round_: int, text_hash_: str, bodies: list[bytes]) -> list[tuple[str, str, bytes]]:
    tag = f"-r{round_}" if round_ > 1 else ""
    return [(f"{text_hash_[:20]}-c{i}{tag}", text_hash_, b) for i, b in enumerate(bodies, 1)]


def submit(
    client: openai.OpenAI,
    ledger: Ledger,
    group_id: str,
    round_: int,
    lines: list[tuple[str, str, bytes]],
) -> list[str]:
    """Upload ``lines`` ``(custom_id, text_hash, body)`` and create batch jobs (several when the
    lines exceed one input file's limits); the jobs and their lines are recorded first thing."""
    ids: list[str] = []
    chunk: list[tuple[str, str, bytes]] = []
    size = 0

    def flush() -> None:
        payload = b"".join(
            json.dumps(
                {"custom_id": c, "method": "POST", "url": ENDPOINT, "body": json.loads(b)},
                ensure_ascii=False,
            ).encode()
            + b"\n"
            for c, _, b in chunk
        )
        name = f"talent_extract-{group_id}-r{round_}-{len(ids) + 1}.jsonl"
        uploaded = client.files.create(file=(name, payload, "application/jsonl"), purpose="batch")
        job = client.batches.create(
            input_file_id=uploaded.id,
            endpoint=ENDPOINT,
            completion_window=WINDOW,
            metadata={"talent_extract_group": group_id, "round": str(round_)},
        )
        ledger.add_job(
            job.id,
            group_id,
            round_,
            job.status,
            uploaded.id,
            [(c, h, request_key(b)) for c, h, b in chunk],
        )
        ids.append(job.id)

    for line in lines:
        if chunk and (len(chunk) >= MAX_LINES or size + len(line[2]) > MAX_BYTES):
            flush()
            chunk, size = [], 0
        chunk.append(line)
        size += len(line[2]) + 100
    if chunk:
        flush()
    return ids


def prepare_group(
    articles: Iterable[Article],
    *,
    store: Store,
    ledger: Ledger,
    client: openai.OpenAI,
    config: BackendConfig,
    out_dir: str | None,
) -> Prepared:
    """Plan every article's first-round calls, record the group and submit round 1."""
    group_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    report = Prepared(group_id)
    waiting = ledger.waiting()
    seen: set[str] = set()
    pending: list[tuple[str, Article]] = []
    done: list[tuple[str, Article]] = []
    lines: list[tuple[str, str, bytes]] = []

    async def plan_all() -> None:
        for article in articles:
            report.articles += 1
            h = text_hash(article.text)
            key = store.key_for(article.text, config)
            if article.id is not None:
                store.add_source(article.id, h)
            if h in seen:
                report.duplicates += 1
                continue
            seen.add(h)
            stored = store.get(key)
            if stored is not None and stored.ok:
                report.cached += 1
                done.append((h, article))
                continue
            if h in waiting:
                report.waiting_elsewhere += 1
                continue
            transport = Replay(plan=True)
            try:
                result = await _extract(article, config, transport)
            except InputError as exc:
                store.put_failure(key, article.id, Failure(type(exc).__name__, str(exc), 0))
                report.finished += 1
                done.append((h, article))
                continue
            if not transport.recorded:  # the gate skipped it: no call, the result is final
                store.put_ok(key, article.id, result)
                report.finished += 1
                done.append((h, article))
                continue
            pending.append((h, article))
            lines.extend(_lines(1, h, transport.recorded))

    asyncio.run(plan_all())
    ledger.add_group(group_id, config.model, out_dir, pending)
    ledger.add_done(group_id, done, start=len(pending))
    report.requests = len(lines)
    if lines:
        report.batch_ids = submit(client, ledger, group_id, 1, lines)
    return report


# --------------------------------------------------------------------------- poll and collect


def refresh(client: openai.OpenAI, ledger: Ledger, group_id: str) -> list[tuple[Job, str]]:
    """Each job of the group as the server reports it now (uncollected ones are asked), with a
    progress line per job."""
    out: list[tuple[Job, str]] = []
    for job in ledger.jobs(group_id):
        if job.collected:
            out.append((job, f"{job.batch_id} round {job.round}: {job.status}, collected"))
            continue
        remote = client.batches.retrieve(job.batch_id)
        ledger.set_job(job.batch_id, remote.status, remote.output_file_id, remote.error_file_id)
        counts = remote.request_counts
        done = f"{counts.completed}/{counts.total} done, {counts.failed} failed" if counts else ""
        fresh = next(j for j in ledger.jobs(group_id) if j.batch_id == job.batch_id)
        out.append((fresh, f"{job.batch_id} round {job.round}: {remote.status} {done}".strip()))
    return out


def wait(
    client: openai.OpenAI, ledger: Ledger, group_id: str, *, every: float, report: Report
) -> None:
    """Poll until every job of the group is finished, reporting progress when it changes."""
    last = ""
    while True:
        state = refresh(client, ledger, group_id)
        line = "; ".join(text for _, text in state)
        if line != last:
            report(line)
            last = line
        if all(job.status in TERMINAL for job, _ in state):
            return
        time.sleep(every)


def _error_of(line: dict[str, Any]) -> tuple[str, str]:
    error = line.get("error") or {}
    response = line.get("response") or {}
    code = str(error.get("code") or "")
    if code == "batch_expired":
        return "expired", str(error.get("message") or "not run within the 24 h window")
    if code == "batch_cancelled":
        return "cancelled", str(error.get("message") or "the batch was cancelled")
    if error:
        return "failed", f"{code}: {error.get('message')}".strip(": ")
    status = response.get("status_code")
    body = response.get("body") or {}
    detail = (body.get("error") or {}).get("message") if isinstance(body, dict) else None
    return "failed", f"HTTP {status}: {detail or 'no answer'}"


def collect_job(client: openai.OpenAI, ledger: Ledger, job: Job, secret: str | None) -> None:
    """Download a finished job's output and error files and record every line's outcome."""
    got: dict[str, tuple[str | None, str | None, str | None]] = {}
    missing = (None, None, None)
    for file_id in (job.output_file_id, job.error_file_id):
        if not file_id:
            continue
        for raw in client.files.content(file_id).text.splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue  # a broken line: its request counts as missing below
            custom_id = line.get("custom_id") if isinstance(line, dict) else None
            if not isinstance(custom_id, str):
                continue
            response = line.get("response") or {}
            body = response.get("body")
            if (
                response.get("status_code") == 200
                and isinstance(body, dict)
                and not line.get("error")
            ):
                got[custom_id] = (json.dumps(body, ensure_ascii=False), None, None)
            else:
                kind, message = _error_of(line)
                got[custom_id] = (None, kind, redact(message, secret)[:500])
    fallback = {"expired": "expired", "cancelled": "cancelled", "failed": "job_failed"}
    kind = fallback.get(job.status, "missing")
    answers: list[tuple[str, str | None, str | None, str | None]] = []
    for custom_id in ledger.job_lines(job.batch_id):
        outcome = got.get(custom_id, missing)
        if outcome == missing:
            outcome = (None, kind, f"the {job.status} batch has no answer for this line")
        answers.append((custom_id, *outcome))
    ledger.record_answers(job.batch_id, answers)


@dataclass
class Collected:
    """What one :func:`collect` did."""

    ok: int = 0
    failed: int = 0
    waiting: int = 0
    reasks: int = 0
    next_round: int = 0
    batch_ids: list[str] = field(default_factory=list)


def collect(
    client: openai.OpenAI,
    ledger: Ledger,
    store: Store,
    config: BackendConfig,
    group_id: str,
    *,
    reask_live: bool = False,
    concurrency: int = 16,
) -> Collected:
    """Collect the group's finished jobs, ground every article whose answers are all in, and
    submit the re-asks as the next round (or ask them live with ``reask_live``)."""
    state = refresh(client, ledger, group_id)
    for job, _ in state:
        if job.status in TERMINAL and not job.collected:
            collect_job(client, ledger, job, config.api_key)
    report = Collected()
    next_lines: list[tuple[str, str, bytes]] = []
    round_ = max((job.round for job, _ in state), default=1) + 1
    semaphore = asyncio.Semaphore(concurrency)

    async def one(h: str, article: Article) -> None:
        requests = ledger.requests(group_id, h)
        if any(not r.collected for r in requests):
            report.waiting += 1
            return
        key = store.key_for(article.text, config)
        broken = next((r for r in requests if r.error_kind), None)
        if broken is not None:
            error = BatchAPIError(
                f"Batch API line {broken.custom_id} {broken.error_kind}: {broken.error_message}",
                kind=str(broken.error_kind),
                attempts=len(requests),
            )
            store.put_failure(key, article.id, Failure("BatchAPIError", str(error), len(requests)))
            ledger.set_done(group_id, h)
            report.failed += 1
            return
        answers = {r.request_key: str(r.answer_json).encode() for r in requests}
        live = httpx.AsyncHTTPTransport() if reask_live else None
        transport = Replay(answers, live=live)
        async with semaphore:
            try:
                result: Extraction | None = await _extract(article, config, transport)
                error_: Exception | None = None
            except Exception as exc:  # a typed failure of this article, as in a live batch
                result, error_ = None, exc
        if transport.missed:
            report.reasks += len(transport.missed)
            report.waiting += 1
            next_lines.extend(_lines(round_, h, transport.missed))
            return
        if result is None:
            assert error_ is not None
            message = redact(str(error_) or repr(error_), config.api_key)[:2000]
            attempts = getattr(error_, "attempts", 1)
            failure = Failure(
                type(error_).__name__, message, attempts if isinstance(attempts, int) else 1
            )
            store.put_failure(key, article.id, failure)
            report.failed += 1
        else:
            store.put_ok(key, article.id, _batch_priced(result, config, transport))
            report.ok += 1
        ledger.set_done(group_id, h)

    async def all_() -> None:
        waiting = [(h, a) for h, a, s in ledger.articles(group_id) if s == "waiting"]
        await asyncio.gather(*(one(h, a) for h, a in waiting))

    asyncio.run(all_())
    if next_lines:
        report.next_round = round_
        report.batch_ids = submit(client, ledger, group_id, round_, next_lines)
    return report


def _batch_priced(result: Extraction, config: BackendConfig, transport: Replay) -> Extraction:
    """The result with ``meta.cost_usd`` at batch prices (re-asks asked live at list prices)."""
    (bp, bc), (lp, lc) = transport.batch_tokens, transport.live_tokens
    batch = estimate_batch_cost(config.model, bp, bc)
    live = estimate_cost(config.model, lp, lc, config.kind)
    cost = None if batch is None or live is None else round(batch + live, 8)
    meta = result.meta.model_copy(update={"cost_usd": cost})
    return result.model_copy(update={"meta": meta})


def group_results(
    ledger: Ledger, store: Store, config: BackendConfig, group_id: str
) -> Iterator[BatchResult]:
    """The stored result of every finished article of the group, in input order."""
    for h, article, state in ledger.articles(group_id):
        if state != "done":
            continue
        stored = store.get(store.key_for(article.text, config))
        if stored is None:
            continue
        extraction = stored.extraction
        if extraction is not None and extraction.article_id != article.id:
            extraction = extraction.model_copy(update={"article_id": article.id})
        yield BatchResult(article.id, h, extraction, stored.failure, cached=False)


def cancel(client: openai.OpenAI, ledger: Ledger, batch_id: str) -> str:
    """Ask the server to cancel a job; its finished lines are collected as usual."""
    job = client.batches.cancel(batch_id)
    ledger.set_job(batch_id, job.status, job.output_file_id, job.error_file_id)
    return job.status
