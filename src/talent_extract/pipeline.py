"""The pipeline: article → clean → candidates → LLM → ground → normalise → records.

Only :func:`_ask` does I/O; every other step is a function of typed data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
import openai
from pydantic import BaseModel

from talent_extract.batch.cost import estimate_cost
from talent_extract.exceptions import (
    BackendError,
    ConfigurationError,
    InputError,
)
from talent_extract.find.candidates import Candidates, find_candidates
from talent_extract.find.dates import find_published_date
from talent_extract.find.gate import relevance, resolve_gate
from talent_extract.find.orgs import default_org_table
from talent_extract.ground.new_orgs import article_orgs, introduced_orgs
from talent_extract.ground.records import (
    Grounded,
    ground_departures,
    ground_offers,
    ground_quotes,
    sentence_id,
)
from talent_extract.ground.rules import RULES_VERSION, disabled_rules
from talent_extract.model import prompts as P
from talent_extract.model.ask import ask
from talent_extract.model.backend import (
    CALL_STATS,
    BackendConfig,
    CallStats,
    make_client,
    resolve_backend,
    shared_instructor,
    start_local,
)
from talent_extract.model.chunk import batches
from talent_extract.model.redact import redact
from talent_extract.records import (
    Article,
    Changed,
    Dropped,
    Extraction,
    ExtractionMeta,
    Span,
    Usage,
)
from talent_extract.text.check import check_language as check_language_of
from talent_extract.text.check import (
    check_size,
    not_text_hint,
    resolve_check_language,
    resolve_max_chars,
)
from talent_extract.text.clean import CleanArticle, clean_article, looks_like_html
from talent_extract.text.sentences import Sentence

M = TypeVar("M", bound=BaseModel)


@dataclass
class Prepared:
    """An article after the deterministic stages, before any model call."""

    article: Article
    clean: CleanArticle
    candidates: Candidates
    published: dt.date | None


def prepare(
    article: str | Article, *, max_chars: int | None = None, check_language: bool | None = None
) -> Prepared:
    """Check, clean the article and find every candidate; no model call.

    The checks run cheapest first, so a huge or hostile input costs nothing before it is refused:
    type; size (``max_chars``, else ``TALENT_EXTRACT_MAX_CHARS``, else 200,000 characters; an
    HTML page may carry ten times that in markup); encoding, emptiness, binary data and
    boilerplate (in :func:`~talent_extract.clean_article`); the size of the text extracted from
    an HTML page; the language of the cleaned story (``check_language``, else
    ``TALENT_EXTRACT_CHECK_LANGUAGE``, else on).

    Raises :class:`InputError` or one of its subclasses (``InputTooLargeError``,
    ``EncodingError``, ``NoStoryError``, ``LanguageError``) on bad input, and
    :class:`~talent_extract.exceptions.ConfigurationError` for an unusable setting.
    """
    if isinstance(article, str):
        article = Article(text=article)
    elif not isinstance(article, Article):
        hint = not_text_hint(article)
        raise InputError(f"article must be str or Article, not {type(article).__name__}{hint}")
    limit = resolve_max_chars(max_chars)
    # Size before anything reads the text: the cleaner and finders are linear, but a 5 MB
    # paste should cost a len(), not seconds.
    check_size(article.text, limit, is_html=looks_like_html)
    clean = clean_article(article.text)
    if clean.is_html:
        check_size(clean.source, limit, what="text extracted from the HTML page")
    if resolve_check_language(check_language):
        check_language_of(clean.text)
    published = article.published or find_published_date(clean.source)
    return Prepared(article, clean, find_candidates(clean.text), published)


@dataclass
class Answers:
    """What the model said, merged over batches."""

    departures: list[P.DepartureAnswer] = field(default_factory=list)
    offers: list[P.OfferAnswer] = field(default_factory=list)
    speakers: list[P.SpeakerAnswer] = field(default_factory=list)
    notes: list[Dropped] = field(default_factory=list)
    batches: int = 0


# --------------------------------------------------------------------------- asking the model


def listed_sentences(prepared: Prepared, strategy: str) -> list[Sentence]:
    """The sentences the departures call shows, in article order."""
    sentences = prepared.candidates.sentences
    if strategy == "whole":
        return list(sentences)
    keep: set[int] = set()
    for c in prepared.candidates.departures:
        keep.add(c.sentence.index)
        if c.context is not None:
            keep.add(c.context.index)
    return [s for s in sentences if s.index in keep]


def departure_batches(prepared: Prepared, strategy: str = "whole") -> list[list[Sentence]]:
    """The listed sentences, packed into prompts."""
    return batches(listed_sentences(prepared, strategy), lambda s: len(s.text) + 8)


def review_items(prepared: Prepared) -> tuple[list[P.MoneyItem], list[P.QuoteItem]]:
    """The money expressions and unsure quotes for the review call, by the sentence they are in."""
    cands = prepared.candidates
    money = [P.MoneyItem(o.id, o.mention.money.text, sentence_id(o.sentence)) for o in cands.offers]
    quotes = []
    for q in cands.unsure_quotes():
        a = q.attribution
        # The deterministic guess first: small models favour the first option.
        options = ([a.speaker] if a.speaker in a.candidates else []) + [
            n for n in a.candidates if n != a.speaker
        ]
        where = cands.sentence_at(q.quote.start)
        quotes.append(
            P.QuoteItem(q.id, q.quote.inner, sentence_id(where) if where else "?", options)
        )
    return money, quotes


def review_sentences(prepared: Prepared) -> list[Sentence]:
    """The sentences the review call shows: the whole article when it fits one prompt (so the
    prompt shares its prefix with the departures call), else the sentences around each money
    expression and quote."""
    sentences = prepared.candidates.sentences
    if len(batches(sentences, lambda s: len(s.text) + 8)) <= 1:
        return list(sentences)
    cands = prepared.candidates
    keep: set[int] = set()
    for at in [o.sentence.index for o in cands.offers] + [
        w.index for q in cands.unsure_quotes() if (w := cands.sentence_at(q.quote.start))
    ]:
        keep.update(range(max(at - 2, 0), at + 1))
    return [s for s in sentences if s.index in keep]


def _listing(sentences: Sequence[Sentence]) -> list[tuple[str, str]]:
    return [(sentence_id(s), s.text) for s in sentences]


async def ask_model(
    prepared: Prepared,
    client: instructor.AsyncInstructor,
    config: BackendConfig,
    strategy: str = "whole",
) -> Answers:
    """One departures call per chunk of listed sentences and one review call, each only when
    there is something to ask."""
    answers = Answers()
    text = prepared.clean.text
    for batch in departure_batches(prepared, strategy):
        answers.batches += 1
        messages = P.departures_messages(prepared.clean.title, _listing(batch))
        listed = {sentence_id(s): s.text for s in batch}
        got, failure = await ask(
            client,
            config,
            P.departures_model(tuple(listed)),
            messages,
            {"article": text, "sentences": listed},
        )
        if failure:
            answers.notes.append(
                Dropped(kind="departure", rule="reask", reason="re-asks exhausted", value=failure)
            )
        if got is not None:
            answers.departures += got.departures

    money, quotes = review_items(prepared)
    if money or quotes:
        context = {
            "article": text,
            "money_ids": [m.id for m in money],
            "quote_ids": [q.id for q in quotes],
        }
        messages = P.review_messages(
            prepared.clean.title, _listing(review_sentences(prepared)), money, quotes
        )
        schema = P.review_model(tuple(m.id for m in money), tuple(q.id for q in quotes))
        got_review, failure = await ask(client, config, schema, messages, context)
        if failure:
            answers.notes.append(
                Dropped(kind="offer", rule="reask", reason="re-asks exhausted", value=failure)
            )
        if got_review is not None:
            answers.offers = got_review.offers
            answers.speakers = got_review.speakers
    return answers


def build_extraction(
    prepared: Prepared,
    answers: Answers,
    config: BackendConfig,
    stats: CallStats,
    seconds: float,
    strategy: str = "whole",
    rules_off: frozenset[str] = frozenset(),
) -> Extraction:
    """Ground every answer through the named rules and assemble the result."""
    g = Grounded()
    clean, cands = prepared.clean, prepared.candidates
    # The rules read a move's grammar around organisations; the ones this article introduces
    # and no table lists ("startup AI Windsurf") are seen too while it is grounded.
    with article_orgs(introduced_orgs(clean.text, cands.persons, default_org_table())):
        ground_departures(clean, cands, prepared.published, answers.departures, rules_off, g)
        ground_offers(clean, cands, answers.offers, rules_off, g)
        ground_quotes(clean, cands, answers.speakers, g)
    meta = ExtractionMeta(
        model=config.model,
        backend=config.kind,
        backend_source=config.source,
        mode=config.mode.value,
        prompt_version=P.PROMPT_VERSION,
        schema_version=P.SCHEMA_VERSION,
        usage=Usage(prompt_tokens=stats.prompt_tokens, completion_tokens=stats.completion_tokens),
        calls=stats.calls,
        reasks=len(stats.reask_prompt_tokens),
        chunks=max(answers.batches, 1),
        call_prompt_tokens=list(stats.per_call_prompt_tokens),
        reask_prompt_tokens=list(stats.reask_prompt_tokens),
        seconds=round(seconds, 3),
        cost_usd=estimate_cost(
            config.model, stats.prompt_tokens, stats.completion_tokens, config.kind
        ),
        # The log quotes the model's answers (values, and reasons that name them); a server
        # echoing headers must not leak a key through it.
        dropped=[_redacted(d, config.api_key) for d in answers.notes + g.dropped],
        changed=[_redacted(c, config.api_key) for c in g.changed],
        strategy=strategy,
        rules_version=RULES_VERSION,
        instructions_ignored=[
            Span(start=r.start, end=r.end, text=prepared.clean.source[r.start : r.end])
            for r in prepared.clean.removed
            if r.rule == "instruction"
        ],
    )
    return Extraction(
        text=prepared.clean.source,
        article_id=prepared.article.id,
        published=prepared.published,
        departures=g.departures,
        offers=g.offers,
        quotes=g.quotes,
        meta=meta,
    )


L = TypeVar("L", Dropped, Changed)


def _redacted(entry: L, secret: str | None) -> L:
    """``entry`` with every text field that may quote the model's answer redacted."""
    fields = ("value", "reason") if isinstance(entry, Dropped) else ("before", "after", "reason")
    update = {f: redact(getattr(entry, f), secret) for f in fields}
    if all(update[f] == getattr(entry, f) for f in fields):
        return entry
    return entry.model_copy(update=update)


# --------------------------------------------------------------------------- public entry points


async def _answers(
    prepared: Prepared,
    http: openai.AsyncOpenAI,
    config: BackendConfig,
    stats: CallStats,
    strategy: str,
) -> Answers:
    token = CALL_STATS.set(stats)  # this extraction's calls count here
    try:
        return await ask_model(prepared, shared_instructor(config, http), config, strategy)
    except BackendError as exc:
        # Report the article's requests, not only the failing call's: a batch's Failure.attempts.
        exc.attempts = max(exc.attempts, stats.http_attempts)
        raise
    finally:
        CALL_STATS.reset(token)


async def aextract(
    article: str | Article,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | instructor.Mode | None = None,
    backend: str | None = None,
    config: BackendConfig | None = None,
    client: openai.AsyncOpenAI | None = None,
    max_chars: int | None = None,
    check_language: bool | None = None,
    strategy: str | None = None,
    rules_off: Iterable[str] | None = None,
    gate: bool | None = None,
) -> Extraction:
    """Async twin of :func:`talent_extract.extract`.

    ``client`` lets a batch share one HTTP client (connection pool) across articles; it is not
    closed here. Without it a client is made and closed for this article.
    """
    # Input checks first: bad input fails before a backend is resolved or a model is loaded.
    prepared = prepare(article, max_chars=max_chars, check_language=check_language)
    chosen = P.resolve_strategy(strategy)
    try:
        off = disabled_rules(rules_off)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None
    config = config or resolve_backend(
        model=model, base_url=base_url, api_key=api_key, mode=mode, backend=backend
    )
    stats = CallStats()
    verdict = relevance(prepared.clean.text) if resolve_gate(gate) else None
    if verdict is not None and not verdict.relevant:
        # Skipped before the model is started or asked: no call, no load.
        skipped = build_extraction(prepared, Answers(), config, stats, 0.0, chosen, off)
        if verdict.about_ai:
            meta = skipped.meta.model_copy(update={"skipped": verdict.reason})
            return skipped.model_copy(update={"meta": meta})
        # No AI term and no AI organisation: out of scope, so what code read from its grammar
        # (a bank director's resignation) is no record either; each one is listed.
        gone = [
            Dropped(kind="departure", rule="relevance_gate", reason=verdict.reason, value=value)
            for value in (f"{d.person or 'group'}: {d.from_org}" for d in skipped.departures)
        ]
        meta = skipped.meta.model_copy(
            update={"skipped": verdict.reason, "dropped": [*skipped.meta.dropped, *gone]}
        )
        return skipped.model_copy(
            update={"meta": meta, "quotes": [], "departures": [], "offers": []}
        )
    # The embedded model is a server like any other once started (fetching and loading it on
    # first use is set-up, not extraction time).
    config = await start_local(config)
    started = time.perf_counter()
    own = client is None
    http = make_client(config) if client is None else client
    try:
        answers = await _answers(prepared, http, config, stats, chosen)
    finally:
        if own:
            await http.close()
    seconds = time.perf_counter() - started
    # Grounding needs no network: let the articles whose answers came back at the same moment
    # send their next calls first (a yield to the event loop), then ground this one.
    await asyncio.sleep(0)
    return build_extraction(prepared, answers, config, stats, seconds, chosen, off)


def extract(
    article: str | Article,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | instructor.Mode | None = None,
    backend: str | None = None,
    config: BackendConfig | None = None,
    max_chars: int | None = None,
    check_language: bool | None = None,
    strategy: str | None = None,
    rules_off: Iterable[str] | None = None,
    gate: bool | None = None,
) -> Extraction:
    """Extract grounded departures, offers and quotes from one article.

    ``article`` is plain text, HTML, or an :class:`Article` (bytes: decode them first with
    :func:`talent_extract.decode_text`). The backend comes from the arguments, else the
    environment (see :func:`talent_extract.resolve_backend`). Every record's ``evidence``
    satisfies ``result.text[evidence.start:evidence.end] == evidence.text``.

    ``max_chars`` bounds the article's size (default ``TALENT_EXTRACT_MAX_CHARS`` or 200,000
    characters; an HTML page may have ten times that with its markup). ``check_language=False``
    (or ``TALENT_EXTRACT_CHECK_LANGUAGE=0``) skips the check that the text is Indonesian.
    ``strategy`` (``whole`` or ``candidates``, default ``TALENT_EXTRACT_STRATEGY`` or ``whole``)
    chooses what the model reads (see :func:`resolve_strategy`); ``rules_off`` switches named
    grounding rules off (default ``TALENT_EXTRACT_RULES_OFF``; see
    :mod:`talent_extract.ground.rules`). ``gate=False`` (or ``TALENT_EXTRACT_GATE=0``) reads
    every article; by default one that names no AI term or no move or pay word is skipped without
    a model call, its reason in ``meta.skipped`` (see :mod:`talent_extract.find.gate`).

    Raises :class:`~talent_extract.exceptions.InputError` for unusable input, before any model
    call (subclasses: ``InputTooLargeError``, ``EncodingError``, ``NoStoryError``,
    ``LanguageError``), :class:`~talent_extract.exceptions.ConfigurationError` when no backend is
    configured and :class:`~talent_extract.exceptions.BackendError` subclasses when the model
    cannot be reached.
    """
    coro = aextract(
        article,
        model=model,
        base_url=base_url,
        api_key=api_key,
        mode=mode,
        backend=backend,
        config=config,
        max_chars=max_chars,
        check_language=check_language,
        strategy=strategy,
        rules_off=rules_off,
        gate=gate,
    )
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    # Called from inside a running loop (a notebook): run on a private loop in a thread.
    box: dict[str, Any] = {}

    def runner() -> None:
        try:
            box["result"] = asyncio.run(coro)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=runner, daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    result: Extraction = box["result"]
    return result
