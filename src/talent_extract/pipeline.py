"""The pipeline: article → clean → candidates → LLM → ground → normalise → records.

Only :func:`_ask` does I/O; every other step is a function of typed data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
import openai
from instructor.core import Hooks
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from pydantic import BaseModel, ValidationError

from talent_extract.batch.cost import estimate_cost
from talent_extract.exceptions import BackendError, InputError, ModelOutputError
from talent_extract.find.candidates import (
    Candidates,
    DepartureCandidate,
    Sentence,
    destination,
    enumerated_people,
    find_candidates,
    group_count,
    group_source,
    heads_org,
    lead_in,
    person_role,
    reported_by_sources,
    role_in_sentence,
    with_orgs,
)
from talent_extract.find.dates import find_dates, find_published_date
from talent_extract.find.names import canonical_org, default_org_table
from talent_extract.ground.locate import contains_name, locate
from talent_extract.model import prompts as P
from talent_extract.model.backend import (
    BackendConfig,
    CallStats,
    CreateFn,
    make_client,
    make_instructor,
    redact,
    resolve_backend,
    start_local,
)
from talent_extract.model.chunk import batches
from talent_extract.records import (
    Article,
    Departure,
    Dropped,
    Extraction,
    ExtractionMeta,
    Offer,
    Quote,
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

M = TypeVar("M", bound=BaseModel)


# Wrapped once with instructor's public ``openai_schema``: instructor otherwise wraps the response
# model in a new class on every call (create_model; about 2 ms CPU per call in
# benchmarks/batch_load.py). The request body is the same either way.
_DEPARTURES = instructor.openai_schema(P.Departures)
_REVIEW = instructor.openai_schema(P.Review)


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


def _sentence_text(c: DepartureCandidate) -> str:
    return c.sentence.text


def departure_batches(prepared: Prepared) -> list[list[DepartureCandidate]]:
    """The departure candidates, packed into prompts."""
    return batches(prepared.candidates.departures, lambda c: len(_sentence_text(c)) + 8)


def review_items(prepared: Prepared) -> tuple[list[P.MoneyItem], list[P.QuoteItem]]:
    """The money expressions and unsure quotes for the review call, each with its lead-in."""
    cands = prepared.candidates
    money = [
        P.MoneyItem(o.id, o.mention.money.text, lead_in(cands.text, o.sentence.end, 70))
        for o in cands.offers
    ]
    quotes = []
    for q in cands.unsure_quotes():
        a = q.attribution
        # The deterministic guess first: small models favour the first option.
        options = ([a.speaker] if a.speaker in a.candidates else []) + [
            n for n in a.candidates if n != a.speaker
        ]
        # The quote in place, through its cue verb ("…,” tulisnya."): coreference needs both.
        end = cands.text.find("\n", q.quote.close_end)
        end = len(cands.text) if end == -1 else end
        context = (
            lead_in(cands.text, q.quote.open_start, 70)
            + " "
            + " ".join(cands.text[q.quote.open_start : end].split())
        )
        quotes.append(P.QuoteItem(q.id, q.quote.inner, context, options))
    return money, quotes


def org_options(prepared: Prepared) -> list[str]:
    """Organisations named in the article, most mentioned first."""
    counts: dict[str, int] = {}
    for o in prepared.candidates.orgs:
        counts[o.org] = counts.get(o.org, 0) + 1
    return sorted(counts, key=lambda k: -counts[k])


TRUNCATED_REASK = (
    "Your previous answer was cut off at the length limit (finish_reason=length) and cannot be "
    "read. Call the tool again with a shorter answer: each listed id at most once, nothing "
    "repeated, only the fields asked for."
)


async def _ask(
    client: instructor.AsyncInstructor,
    config: BackendConfig,
    response_model: type[M],
    messages: list[dict[str, Any]],
    context: dict[str, Any],
) -> tuple[M | None, str | None]:
    """One logical call with re-asks. Returns the answer, or what was salvaged and why re-asks
    ran out.

    Raises :class:`ModelOutputError` when no attempt gave a usable answer at all — truncated,
    not JSON, not the schema's shape — so such an article is a failure (retried by the next
    batch run), never an empty result that looks like "the article says nothing". Answers of
    the right shape whose items the article does not support are the grounding's business:
    the valid items are kept and the rest listed in ``meta.dropped``.

    A truncated answer (``finish_reason=length``) is re-asked too — instructor would give up at
    once — with a request to answer shorter; it shares the ``max_reasks`` budget with the
    validation re-asks, so a logical call still makes at most ``1 + max_reasks`` completions.
    """
    call = f"the {response_model.__name__.lower()} call"
    answered = 0  # completions received in this logical call, truncated ones included

    def count(response: Any) -> None:
        nonlocal answered
        answered += 1

    hooks = Hooks()
    hooks.on("completion:response", count)
    asked = messages
    # The validators read the context from here (instructor's context= would render the
    # messages as Jinja templates).
    token = P.VALIDATION_CONTEXT.set(context)
    try:
        while True:
            try:
                result = await client.create(
                    model=config.model,
                    response_model=response_model,
                    messages=asked,  # type: ignore[arg-type]
                    max_retries=max(config.max_reasks - answered, 0),
                    temperature=config.temperature,
                    seed=config.seed,
                    hooks=hooks,
                )
                return result, None
            except IncompleteOutputException:
                if answered > config.max_reasks:
                    raise ModelOutputError(
                        f"{call}: the model's answer was truncated (finish_reason=length) "
                        f"after {answered} attempt{'s' if answered != 1 else ''}",
                        attempts=answered,
                    ) from None
                # The cut-off answer is not sent back: it may be long, and it cannot be parsed.
                asked = [*messages, {"role": "user", "content": TRUNCATED_REASK}]
            except InstructorRetryException as exc:
                cause = exc.__cause__
                if isinstance(cause, BackendError):
                    raise cause from None
                if isinstance(cause, openai.OpenAIError):
                    raise BackendError(
                        redact(f"{type(cause).__name__}: {cause}", config.api_key)
                    ) from None
                # Re-asks ran out. Small models often answer a re-ask with only the item they were
                # told about, dropping the rest; so every item of every attempt is validated on its
                # own and the ones that hold are kept.
                completions = [a.completion for a in getattr(exc, "failed_attempts", None) or []]
                if not completions and exc.last_completion is not None:
                    completions = [exc.last_completion]
                salvaged = salvage_items(response_model, completions, context)
                if salvaged is None and not any(
                    well_formed(response_model, c) for c in completions
                ):
                    n = max(answered, 1)
                    raise ModelOutputError(
                        f"{call}: no usable answer in {n} attempt{'s' if n != 1 else ''}: "
                        f"{describe_unusable(cause or exc)}",
                        attempts=n,
                    ) from None
                # The validation error quotes the answer: a server echoing headers must not leak.
                return salvaged, redact(str(cause or exc), config.api_key)[:300]
    finally:
        P.VALIDATION_CONTEXT.reset(token)


def well_formed(response_model: type[BaseModel], completion: Any) -> bool:
    """True when the completion's arguments are JSON of the schema's shape and types.

    Checked without the validation context, so the grounding validators (is this name in the
    article?) do not run: this asks only whether the model answered in the right form.
    """
    data = _arguments(completion)
    if data is None:
        return False
    token = P.VALIDATION_CONTEXT.set(None)
    try:
        response_model.model_validate(data)
    except ValidationError:
        return False
    finally:
        P.VALIDATION_CONTEXT.reset(token)
    return True


def describe_unusable(error: BaseException) -> str:
    """What was wrong with an answer, in words: not JSON, no tool call, or the schema part."""
    if isinstance(error, ValidationError):
        errors = error.errors(include_url=False)
        if errors and errors[0]["type"] == "json_invalid":
            return "the tool-call arguments are not valid JSON"
        first = errors[0] if errors else None
        where = ".".join(str(p) for p in first["loc"]) if first else ""
        detail = f" ({where}: {first['msg']})" if first else ""
        return f"the answer does not match the schema{detail}"
    if isinstance(error, json.JSONDecodeError):
        return "the tool-call arguments are not valid JSON"
    if isinstance(error, ResponseParsingError):
        return f"the answer could not be parsed: {str(error)[:200]}"
    return f"{type(error).__name__}: {str(error)[:200]}"


def _arguments(completion: Any) -> dict[str, Any] | None:
    try:
        message = completion.choices[0].message
        raw = message.tool_calls[0].function.arguments if message.tool_calls else message.content
        data = json.loads(raw)
    except (AttributeError, IndexError, TypeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def salvage_items(
    response_model: type[M], completions: Sequence[Any], context: dict[str, Any]
) -> M | None:
    """The items of ``completions`` that pass validation one by one, first occurrence kept."""
    kept: dict[str, list[Any]] = {}
    seen: set[str] = set()
    for completion in completions:
        data = _arguments(completion)
        if data is None:
            continue
        for name, field_info in response_model.model_fields.items():
            item_model = _list_item_model(field_info.annotation)
            if item_model is None:
                continue
            for item in data.get(name) or []:
                key = f"{name}:{json.dumps(item, sort_keys=True, default=str)}"
                if key in seen:
                    continue
                seen.add(key)
                try:
                    valid = item_model.model_validate(item, context=context)
                except ValidationError:
                    continue
                kept.setdefault(name, []).append(valid)
    if not kept:
        return None
    values: dict[str, Any] = {n: kept.get(n, []) for n in response_model.model_fields}
    return response_model.model_construct(None, **values)


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is list and args:
        item = args[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


async def ask_model(
    prepared: Prepared, client: instructor.AsyncInstructor, config: BackendConfig
) -> Answers:
    """At most one departures call per batch and one review call, each only when needed."""
    answers = Answers()
    text = prepared.clean.text
    for batch in departure_batches(prepared):
        answers.batches += 1
        sentences = {c.id: c.sentence.text for c in batch}
        listing = [(c.id, c.sentence.text, c.people) for c in batch]
        messages = P.departures_messages(prepared.clean.title, listing)
        got, failure = await _ask(
            client, config, _DEPARTURES, messages, {"article": text, "sentences": sentences}
        )
        if failure:
            answers.notes.append(
                Dropped(kind="departure", reason="re-asks exhausted", value=failure)
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
        got_review, failure = await _ask(
            client,
            config,
            _REVIEW,
            P.review_messages(prepared.clean.title, org_options(prepared), money, quotes),
            context,
        )
        if failure:
            answers.notes.append(Dropped(kind="offer", reason="re-asks exhausted", value=failure))
        if got_review is not None:
            answers.offers = got_review.offers
            answers.speakers = got_review.speakers
    return answers


# --------------------------------------------------------------------------- grounding


def _span(prepared: Prepared, start: int, end: int) -> Span | None:
    """A cleaned-text span as a span of the source text, or None if it cannot be mapped."""
    mapped = prepared.clean.to_source(start, end)
    source = prepared.clean.source
    if mapped is None:
        found = locate(prepared.clean.text[start:end], source, fuzzy=False)
        if found is None:
            return None
        mapped = (found.start, found.end)
    s, e = mapped
    return Span(start=s, end=e, text=source[s:e])


def _org(name: str | None, text: str) -> tuple[str | None, str | None]:
    """Canonical (org, unit) for a name the model gave, or (None, None) if the text lacks it."""
    if not name or not name.strip():
        return None, None
    ref = canonical_org(name)
    if ref is None:
        return None, None
    if (
        contains_name(text, ref.org)
        or contains_name(text, name)
        or (ref.matched and contains_name(text, ref.matched))
    ):
        return ref.org, ref.unit
    return None, None


def _date(sentence: Sentence, published: dt.date | None) -> tuple[str | None, Any]:
    found = find_dates(sentence.text, published)
    if not found:
        return None, None
    return found[0].value, found[0].resolution


def ground_departures(
    prepared: Prepared, answers: Sequence[P.DepartureAnswer]
) -> tuple[list[Departure], list[Dropped]]:
    """Keep the departures the article supports; expand enumerations; merge duplicates."""
    cands = with_orgs(prepared.candidates, [o for a in answers for o in (a.from_org, a.to_org)])
    text = cands.text
    by_id = {c.id: c for c in cands.departures}
    dropped: list[Dropped] = []
    out: dict[tuple[str | None, ...], Departure] = {}

    def add(person: str | None, c: DepartureCandidate, a: P.DepartureAnswer) -> None:
        from_org, from_unit = _org(a.from_org, text)
        # The model both misses destinations the sentence states and invents ones it does not.
        went = destination(cands, c.sentence, c.context, a.to_org, from_org)
        to_org, to_unit = (went.org, went.unit) if went else (None, None)
        named_orgs = {o.casefold() for o in (from_org, to_org, a.from_org, a.to_org) if o}
        if person and (person.casefold() in named_orgs or default_org_table().lookup(person)):
            # A headline like "X Rekrut Insinyur dari Y" makes an unknown org look like a name.
            dropped.append(
                Dropped(kind="departure", reason="person is an organisation", value=person)
            )
            return
        if from_org and to_org and from_org == to_org:
            dropped.append(
                Dropped(
                    kind="departure", reason="from_org equals to_org", value=f"{person}: {from_org}"
                )
            )
            return
        evidence = _span(prepared, c.sentence.start, c.sentence.end)
        if evidence is None:
            dropped.append(
                Dropped(
                    kind="departure", reason="evidence not mappable", value=c.sentence.text[:120]
                )
            )
            return
        date, resolution = _date(c.sentence, prepared.published)
        key = (person,) if person else (None, from_org, to_org, c.id)
        if key in out:
            known = out[key]
            if known.to_org is None and to_org is not None:
                out[key] = known.model_copy(update={"to_org": to_org, "to_unit": to_unit})
            return
        out[key] = Departure(
            person=person,
            count=None if person else group_count(c.sentence.text),
            from_org=from_org,
            from_unit=from_unit,
            to_org=to_org,
            to_unit=to_unit,
            # Code reads the role from the text ("X, kepala riset,"); the model is not asked.
            role_before=person_role(
                cands, person, c.context.start if c.context else c.sentence.start, c.sentence.end
            )
            if person
            else None,
            status=a.status,
            date=date,
            date_resolution=resolution,
            evidence=evidence,
        )

    for a in answers:
        c = by_id.get(a.sentence)
        if c is None:
            dropped.append(
                Dropped(kind="departure", reason="unknown sentence id", value=a.sentence)
            )
            continue
        people = P.split_people(a.people)
        if not people:
            headline = c.sentence.text.strip() == (prepared.clean.title or "").strip()
            if not headline and group_source(cands, c.sentence, canonical_org(a.from_org or "")):
                add(None, c, a)
            else:
                dropped.append(
                    Dropped(
                        kind="departure",
                        reason="group not tied to from_org",
                        value=f"{a.from_org} ({c.id})",
                    )
                )
            continue
        lo = c.context.start if c.context else c.sentence.start
        in_sentence = {m.name for m in cands.persons.mentions_in(lo, c.sentence.end)}
        listed = enumerated_people(cands, c.sentence)
        for given in people:
            name = cands.persons.resolve(given, before=c.sentence.end)
            if name is None or name not in in_sentence:
                dropped.append(
                    Dropped(
                        kind="departure",
                        reason="person not named in the evidence",
                        value=f"{given} ({c.id})",
                    )
                )
                continue
            why = role_in_sentence(cands, c.sentence, name)
            if why is not None:
                dropped.append(
                    Dropped(
                        kind="departure", reason=f"person is the {why}", value=f"{name} ({c.id})"
                    )
                )
                continue
            if heads_org(cands, name, a.to_org):
                dropped.append(
                    Dropped(
                        kind="departure",
                        reason="person heads the destination",
                        value=f"{name} ({a.to_org})",
                    )
                )
                continue
            add(name, c, a)
            # "termasuk A, B, dan C": the model named one of a list; the list shares its fate.
            if name in listed:
                for other in listed:
                    if role_in_sentence(cands, c.sentence, other) is None:
                        add(other, c, a)
    return list(out.values()), dropped


def ground_offers(
    prepared: Prepared, answers: Sequence[P.OfferAnswer]
) -> tuple[list[Offer], list[Dropped]]:
    """Offers for money expressions the model called pay; amounts come from the parser."""
    cands = prepared.candidates
    text = cands.text
    by_id = {o.id: o for o in cands.offers}
    out: list[Offer] = []
    seen: set[str] = set()
    dropped: list[Dropped] = []
    for a in answers:
        c = by_id.get(a.money_id)
        if c is None or a.money_id in seen or not a.is_offer:
            continue
        seen.add(a.money_id)
        evidence = _span(prepared, c.sentence.start, c.sentence.end)
        if evidence is None:
            dropped.append(Dropped(kind="offer", reason="evidence not mappable", value=c.id))
            continue
        offerer, _ = _org(a.offerer, text)
        if offerer is None and a.offerer:
            offerer = cands.persons.resolve(a.offerer, before=c.sentence.end)
        recipient = a.recipient if a.recipient and locate(a.recipient, text) else None
        recipient_org, _ = _org(a.recipient_org, text)
        status = a.status
        if status == "offered" and reported_by_sources(c.sentence.text, c.context):
            # "menurut sumber", "ada laporan": the article relays the offer, it does not state it.
            status = "reported"
        out.append(
            Offer(
                offerer=offerer,
                recipient=recipient,
                recipient_org=recipient_org,
                amount=c.mention.money,
                period=c.mention.period,
                status=status,
                evidence=evidence,
            )
        )
    return out, dropped


def ground_quotes(
    prepared: Prepared, answers: Sequence[P.SpeakerAnswer]
) -> tuple[list[Quote], list[Dropped]]:
    """Quotes are found by code, so their text is the article's by construction."""
    cands = prepared.candidates
    chosen = {a.quote_id: a.speaker for a in answers}
    out: list[Quote] = []
    dropped: list[Dropped] = []
    for q in cands.quotes:
        a = q.attribution
        speaker = a.speaker
        if not a.confident and chosen.get(q.id):
            pick = cands.persons.resolve(chosen[q.id] or "", before=q.quote.start)
            if pick is not None and (not a.candidates or pick in a.candidates):
                speaker = pick
        evidence = _span(prepared, q.quote.start, q.quote.end)
        if evidence is None:
            dropped.append(Dropped(kind="quote", reason="quote not mappable", value=q.quote.inner))
            continue
        out.append(
            Quote(
                speaker=speaker,
                speaker_role=a.speaker_role,
                anonymous=a.anonymous,
                text=evidence.text,
                channel=a.channel,
                evidence=evidence,
            )
        )
    return out, dropped


def build_extraction(
    prepared: Prepared, answers: Answers, config: BackendConfig, stats: CallStats, seconds: float
) -> Extraction:
    """Ground every answer and assemble the result."""
    departures, d1 = ground_departures(prepared, answers.departures)
    offers, d2 = ground_offers(prepared, answers.offers)
    quotes, d3 = ground_quotes(prepared, answers.speakers)
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
        # Dropped values quote the model's answers; a server echoing headers must not leak a key.
        dropped=[_redacted(d, config.api_key) for d in answers.notes + d1 + d2 + d3],
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
        departures=departures,
        offers=offers,
        quotes=quotes,
        meta=meta,
    )


def _redacted(dropped: Dropped, secret: str | None) -> Dropped:
    value = redact(dropped.value, secret)
    return dropped if value == dropped.value else dropped.model_copy(update={"value": value})


# --------------------------------------------------------------------------- public entry points


async def _answers(
    prepared: Prepared, create: CreateFn, config: BackendConfig, stats: CallStats
) -> Answers:
    try:
        return await ask_model(prepared, make_instructor(config, create, stats), config)
    except BackendError as exc:
        # Report the article's requests, not only the failing call's: a batch's Failure.attempts.
        exc.attempts = max(exc.attempts, stats.http_attempts)
        raise


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
) -> Extraction:
    """Async twin of :func:`talent_extract.extract`.

    ``client`` lets a batch share one HTTP client (connection pool) across articles; it is not
    closed here. Without it a client is made and closed for this article.
    """
    # Input checks first: bad input fails before a backend is resolved or a model is loaded.
    prepared = prepare(article, max_chars=max_chars, check_language=check_language)
    config = config or resolve_backend(
        model=model, base_url=base_url, api_key=api_key, mode=mode, backend=backend
    )
    stats = CallStats()
    # The embedded model is a server like any other once started (fetching and loading it on
    # first use is set-up, not extraction time).
    config = await start_local(config)
    started = time.perf_counter()
    own = client is None
    http = make_client(config) if client is None else client
    try:
        answers = await _answers(prepared, http.chat.completions.create, config, stats)
    finally:
        if own:
            await http.close()
    return build_extraction(prepared, answers, config, stats, time.perf_counter() - started)


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
) -> Extraction:
    """Extract grounded departures, offers and quotes from one article.

    ``article`` is plain text, HTML, or an :class:`Article` (bytes: decode them first with
    :func:`talent_extract.decode_text`). The backend comes from the arguments, else the
    environment (see :func:`talent_extract.resolve_backend`). Every record's ``evidence``
    satisfies ``result.text[evidence.start:evidence.end] == evidence.text``.

    ``max_chars`` bounds the article's size (default ``TALENT_EXTRACT_MAX_CHARS`` or 200,000
    characters; an HTML page may have ten times that with its markup). ``check_language=False``
    (or ``TALENT_EXTRACT_CHECK_LANGUAGE=0``) skips the check that the text is Indonesian.

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
