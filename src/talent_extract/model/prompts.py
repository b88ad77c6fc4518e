"""What the model is asked, and the schemas it fills.

The schemas are built per call: every id the model may cite (a sentence S3, a money expression
M1, a quote Q2) is an enum of the ids actually listed, so a grammar-constrained server (llama.cpp's
JSON-schema mode, OpenAI's strict modes) cannot answer with an id that is not there, and the
answer stays short. Nothing about the article is checked here: grounding (the named rules of
:mod:`talent_extract.ground.rules`) does that after the answer, so no validator needs a context.

What each field means is said once, in the system prompt (``data/system_prompt.txt``): in
JSON-schema mode the schema's descriptions are not shown to the model.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import instructor
from pydantic import BaseModel, Field, create_model

from talent_extract.exceptions import ConfigurationError

# Bump when the instructions or the schemas change: cassettes and cached results are keyed on it.
PROMPT_VERSION = "2026-12-01.5"
SCHEMA_VERSION = "2"

STRATEGIES = ("whole", "candidates")


def resolve_strategy(strategy: str | None) -> str:
    """``strategy``, else ``TALENT_EXTRACT_STRATEGY``, else ``whole``.

    * ``whole``: the model reads every sentence of the article (in chunks of about 1,200 tokens
      that overlap by one sentence when the article is long), so no cue list limits what it can
      find;
    * ``candidates``: it reads only the sentences with a move word (``cues_id.json``) and the
      sentence before each — fewer tokens, and recall capped by the cue list.
    """
    chosen = strategy or os.environ.get("TALENT_EXTRACT_STRATEGY") or "whole"
    if chosen not in STRATEGIES:
        raise ConfigurationError(f"unknown strategy {chosen!r}; use one of {', '.join(STRATEGIES)}")
    return chosen


# A long list is a small model looping over sentences, not an article with 30 moves.
MAX_DEPARTURES = 8

_NO_ONE = {"none", "tidak ada", "-", "n/a", "null", "nobody", "tidak ada nama", "unknown"}
_LIST_SPLIT = re.compile(r"\s*(?:;|,|\bdan\b|\band\b|&)\s*")


def split_people(people: Sequence[str]) -> list[str]:
    """Small models copy a list into one string ("A; B; C") or write "none": undo both. A part
    with no letter or digit (control characters, punctuation) names no one."""
    out: list[str] = []
    for item in people:
        for part in _LIST_SPLIT.split(item or ""):
            part = part.strip(" .")
            named = any(c.isalnum() for c in part)
            if named and part.lower() not in _NO_ONE and part not in out:
                out.append(part)
    return out


DepartureStatus = Literal["completed", "announced", "threatened", "reported"]
OfferStatus = Literal["offered", "accepted", "rejected", "denied", "reported"]


class DepartureAnswer(BaseModel):
    """One person (or unnamed group) the article says left an organisation."""

    person: str | None = Field(description="The name of the one who left; null for a group.")
    from_org: str | None = Field(description="The organisation they left.")
    to_org: str | None = Field(description="The organisation they joined, only if stated.")
    status: DepartureStatus
    sentence: str = Field(description="The id of the sentence that tells the move, like S2.")


# By class, weakly: a class evicted from the lru_caches below takes its schemas with it.
_SCHEMAS: weakref.WeakKeyDictionary[type, dict[tuple[Any, ...], dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars): under half the CPU of ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value  # str, int, float, bool, None: immutable


class _SchemaOnce(BaseModel):
    """A response model whose JSON schema is generated once per class and arguments.

    instructor asks for the schema on every call and pydantic builds it anew each time (about
    0.3 ms of CPU per call for our small models); the classes here are immutable once made
    (cached by their ids), so the schema is too. A copy is returned: callers may edit it.
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        key = (args, tuple(sorted(kwargs.items())))
        known = _SCHEMAS.setdefault(cls, {})
        schema = known.get(key)
        if schema is None:
            schema = known[key] = super().model_json_schema(*args, **kwargs)
        copied: dict[str, Any] = _copy_json(schema)
        return copied


class Departures(_SchemaOnce):
    """The departures the article tells."""

    departures: list[DepartureAnswer] = Field(max_length=MAX_DEPARTURES)


class OfferAnswer(BaseModel):
    """The model's reading of one money expression found by code."""

    money_id: str = Field(description="The id of the money expression, like M1.")
    is_offer: bool
    offerer: str | None
    recipient: str | None
    recipient_org: str | None
    status: OfferStatus


class SpeakerAnswer(BaseModel):
    """Who said one quote whose speaker code could not tell."""

    quote_id: str = Field(description="The id of the quote, like Q1.")
    speaker: str | None


class Review(_SchemaOnce):
    """Answers about the money expressions and quotes listed in the prompt."""

    offers: list[OfferAnswer] = Field(default_factory=list)
    speakers: list[SpeakerAnswer] = Field(default_factory=list)


def _enum(ids: Sequence[str]) -> Any:
    return Literal[tuple(ids)]


@lru_cache(maxsize=256)
def departures_model(sentence_ids: tuple[str, ...]) -> type[Departures]:
    """:class:`Departures` whose ``sentence`` may only be one of ``sentence_ids``.

    Cached by the ids: every article of n sentences read whole shares one model (and one schema).
    """
    item = create_model(
        "DepartureAnswer",
        __base__=DepartureAnswer,
        sentence=(_enum(sentence_ids), Field(description="The id of the sentence, like S2.")),
    )
    model: type[Departures] = create_model(
        "Departures",
        __base__=Departures,
        departures=(list[item], Field(max_length=MAX_DEPARTURES)),
    )
    # Wrapped once, as the review model is: instructor would otherwise make a new wrapper class
    # (and so a new schema) on every call. The request body is the same.
    wrapped: type[Departures] = instructor.openai_schema(model)
    return wrapped


@lru_cache(maxsize=256)
def review_model(money_ids: tuple[str, ...], quote_ids: tuple[str, ...]) -> type[Review]:
    """:class:`Review` with only the parts there is something to ask about, ids as enums."""
    fields: dict[str, Any] = {}
    if money_ids:
        offer = create_model("OfferAnswer", __base__=OfferAnswer, money_id=(_enum(money_ids), ...))
        fields["offers"] = (list[offer], Field(max_length=len(money_ids)))
    if quote_ids:
        speaker = create_model(
            "SpeakerAnswer", __base__=SpeakerAnswer, quote_id=(_enum(quote_ids), ...)
        )
        fields["speakers"] = (list[speaker], Field(max_length=len(quote_ids)))
    # A part with nothing to ask about may only be empty: no free-text id for the model to fill.
    empty: dict[str, Any] = {
        "offers": (list[OfferAnswer], Field(default_factory=list, max_length=0)),
        "speakers": (list[SpeakerAnswer], Field(default_factory=list, max_length=0)),
    }
    fields = {**empty, **fields}
    model: type[Review] = create_model("Review", __base__=Review, **fields)
    # Wrapped once here with instructor's public openai_schema (instructor would otherwise wrap
    # it anew on every call: about 2 ms of CPU per call); the request body is the same.
    wrapped: type[Review] = instructor.openai_schema(model)
    return wrapped


# The fixed part of every prompt, first, so a server's prefix cache serves it across calls and
# articles. It carries the field guidance too: in JSON-schema mode the schema's descriptions are
# not shown to the model, so what each field means is said here, once, for every mode.
SYSTEM = (
    resources.files("talent_extract.data").joinpath("system_prompt.txt").read_text("utf-8").strip()
)

DEPARTURES_TASK = (
    "TASK: DEPARTURES. List every person the article says left an organisation or joined one"
    ' (hengkang, mundur, keluar, bergabung, pindah, direkrut, dibajak, "mantan X, kini di Y"),'
    ' also moves told in passing. from_org: the organisation left (after "dari", "mantan",'
    ' "meninggalkan"); to_org: the one joined (after "ke", "bergabung dengan").'
)
MONEY_TASK = "OFFERS: read each money expression listed."
QUOTE_TASK = "QUOTES: the speaker of each quote listed."


@dataclass(frozen=True)
class MoneyItem:
    """A money expression shown to the model, in the sentence it stands in."""

    id: str
    text: str
    sentence: str


@dataclass(frozen=True)
class QuoteItem:
    """A quote whose speaker the model is asked for."""

    id: str
    text: str
    context: str
    candidates: Sequence[str]


def article_block(title: str | None, sentences: Sequence[tuple[str, str]]) -> str:
    """The article as the model reads it: the title, then its sentences with their ids."""
    lines = [f"TITLE: {title}"] if title else []
    lines.append("ARTICLE:")
    lines += [f"[{sid}] {text}" for sid, text in sentences]
    return "\n".join(lines)


def prefix() -> list[dict[str, Any]]:
    """The fixed start of every conversation: the system prompt.

    (A worked example after it was tried on the real-news set: the 1.5B model copied the
    example's invented people into its answers. The guidance stays in words.)
    """
    return [{"role": "system", "content": SYSTEM}]


def departures_messages(
    title: str | None, sentences: Sequence[tuple[str, str]]
) -> list[dict[str, Any]]:
    """Messages for the departures call: the fixed prefix, the article, the task last."""
    user = article_block(title, sentences) + "\n\n" + DEPARTURES_TASK
    return [*prefix(), {"role": "user", "content": user}]


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def review_messages(
    title: str | None,
    sentences: Sequence[tuple[str, str]],
    money: Sequence[MoneyItem],
    quotes: Sequence[QuoteItem],
) -> list[dict[str, Any]]:
    """Messages for the review call: the same prefix as the departures call (so the server's
    prompt cache serves it), then the money expressions and quotes code found, by id."""
    lines = [article_block(title, sentences), ""]
    if money:
        lines.append("MONEY EXPRESSIONS:")
        lines += [f"[{m.id}] {m.text} (in {m.sentence})" for m in money]
    if quotes:
        lines.append("QUOTES:")
        for q in quotes:
            cands = "; ".join(q.candidates) if q.candidates else "none named"
            quoted = f"\u201c{_clip(q.text, 12)}\u201d"
            lines.append(f"[{q.id}] {quoted} in {q.context}; candidates: {cands}")
    # Ask only about what is listed: a small model follows a shorter task better.
    task = " ".join(t for t, items in ((MONEY_TASK, money), (QUOTE_TASK, quotes)) if items)
    lines += ["", f"TASK: {task}"]
    return [*prefix(), {"role": "user", "content": "\n".join(lines)}]
