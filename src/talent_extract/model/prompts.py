"""What the model is asked, and the schemas it fills.

Field descriptions are the model's guidelines, so they are written for a small model: English
(what Qwen-class models follow best), short, with the distinctions that matter, and ``evidence``
first so the model copies the sentence before it reads facts out of it.

Validators check every answer against the article (``context["article"]``); a failed check names the
text that is not in the article, which is what instructor's re-ask shows the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from talent_extract.ground.locate import contains_name

# Bump when the instructions or the schemas change: cassettes and cached results are keyed on it.
PROMPT_VERSION = "2026-11-21.5"
SCHEMA_VERSION = "1"


# The validation context of the call in flight. It is handed to the validators through this
# variable, not through instructor's ``context=``: instructor renders every message as a Jinja
# template when a context is given, and article text containing "{{" or "{%" must reach the model
# as written (and must not be able to read or break the template).
VALIDATION_CONTEXT: ContextVar[dict[str, Any] | None] = ContextVar(
    "talent_extract_validation_context", default=None
)


def _context(info: ValidationInfo) -> dict[str, Any]:
    ctx = info.context if isinstance(info.context, dict) else VALIDATION_CONTEXT.get()
    return ctx if isinstance(ctx, dict) else {}


def _article(info: ValidationInfo) -> str | None:
    value = _context(info).get("article")
    return value if isinstance(value, str) else None


_NO_ONE = {"none", "tidak ada", "-", "n/a", "null", "nobody", "tidak ada nama"}
_LIST_SPLIT = re.compile(r"\s*(?:;|,|\bdan\b|\band\b|&)\s*")


def split_people(people: Sequence[str]) -> list[str]:
    """Small models copy a list into one string ("A; B; C") or write "none": undo both."""
    out: list[str] = []
    for item in people:
        for part in _LIST_SPLIT.split(item or ""):
            part = part.strip(" .")
            if part and part.lower() not in _NO_ONE and part not in out:
                out.append(part)
    return out


class DepartureAnswer(BaseModel):
    """The people one listed sentence says left an organisation."""

    sentence: str = Field(description="Id of the sentence, like S2.")
    people: list[str] = Field(
        description=(
            "The people named in this sentence who left (choose from its 'people named'). "
            "Empty list for an unnamed group such as 'tujuh pegawai'."
        )
    )
    from_org: str | None = Field(description="The organisation they left.")
    to_org: str | None = Field(
        description="The organisation they joined, only if the text says; else null."
    )
    status: Literal["completed", "announced", "threatened", "reported"] = Field(
        description=(
            "completed: has left; announced: will leave; threatened: threatens to leave; "
            "reported: rumoured."
        )
    )

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> DepartureAnswer:
        ctx = _context(info)
        sentences: dict[str, str] = ctx.get("sentences", {})
        if sentences and self.sentence not in sentences:
            raise ValueError(f"sentence {self.sentence!r} is not listed; use one of the S ids")
        article = _article(info)
        if article is None:
            return self
        for person in split_people(self.people):
            if not contains_name(article, person):
                raise ValueError(f"the person {person!r} is not named in the article")
        for org in (self.from_org, self.to_org):
            if org and not contains_name(article, org):
                raise ValueError(f"the organisation {org!r} is not in the article")
        if sentences:
            cited = sentences[self.sentence]
            for person in split_people(self.people):
                # The person must be named in the sentence cited, not just somewhere.
                # (any name token of 3+ letters: "Zhao" or "Shengjia" for "Shengjia Zhao")
                parts = [t for t in person.split() if len(t) >= 3] or person.split()
                if not any(contains_name(cited, part) for part in parts):
                    raise ValueError(
                        f"the person {person!r} is not named in {self.sentence} "
                        f"({cited[:90]!r}); list only people named in that sentence"
                    )
        return self


class Departures(BaseModel):
    """The listed sentences that report departures."""

    departures: list[DepartureAnswer] = Field(
        description="One item per sentence that says someone left; skip the other sentences."
    )


class OfferAnswer(BaseModel):
    """The model's reading of one money expression found by code."""

    money_id: str = Field(description="The id of the money expression, like M1.")
    is_offer: bool = Field(
        description=(
            "true only for pay offered to people (salary, package, bonus). false for "
            "investments, funding, valuations, prices, revenue and advertisements."
        )
    )
    offerer: str | None = Field(
        description="Who offered the pay: one of the ORGANISATIONS, or a person's name."
    )
    recipient: str | None = Field(description="Who was offered it, as the article describes them.")
    recipient_org: str | None = Field(description="The recipient's current organisation, or null.")
    status: Literal["offered", "accepted", "rejected", "denied", "reported"] = Field(
        description=(
            "offered: stated as fact; accepted/rejected: the recipient's answer; "
            "denied: the offerer denies it; reported: from sources or reports."
        )
    )


class SpeakerAnswer(BaseModel):
    """Who said one quote whose speaker code could not tell."""

    quote_id: str = Field(description="The id of the quote, like Q1.")
    speaker: str | None = Field(
        description="The speaker: one of the candidates, or how the article describes the source."
    )


class Review(BaseModel):
    """Answers about the money expressions and quotes listed in the prompt."""

    offers: list[OfferAnswer] = Field(description="One item per money expression listed.")
    speakers: list[SpeakerAnswer] = Field(description="One item per quote listed.")

    @model_validator(mode="after")
    def _known_ids(self, info: ValidationInfo) -> Review:
        ctx = _context(info)
        money_ids = set(ctx.get("money_ids", ()))
        quote_ids = set(ctx.get("quote_ids", ()))
        for offer in self.offers:
            if money_ids and offer.money_id not in money_ids:
                raise ValueError(
                    f"money_id {offer.money_id!r} is not listed; use one of {sorted(money_ids)}"
                )
        for speaker in self.speakers:
            if quote_ids and speaker.quote_id not in quote_ids:
                raise ValueError(
                    f"quote_id {speaker.quote_id!r} is not listed; use one of {sorted(quote_ids)}"
                )
        return self


SYSTEM = (
    "You read Indonesian news about people in AI and answer only from the article. "
    "Copy names and sentences exactly as written in the article; never translate."
)

DEPARTURES_TASK = (
    "Which sentences say that people LEFT an organisation (resigned, quit, were fired, moved, "
    "were hired away, threaten to leave)? List every person who left in that sentence. "
    "People who hire, recruit, lead, announce or comment did not leave."
)

MONEY_TASK = (
    "For each money expression, say whether it is pay offered to people and who offered it to whom."
)
QUOTE_TASK = (
    "For each quote, who said it? Pronouns like 'ia' and '-nya' in 'tulisnya' point to the "
    "person the paragraph is about."
)


@dataclass(frozen=True)
class MoneyItem:
    """A money expression shown to the model."""

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


def departures_messages(
    title: str | None, sentences: Sequence[tuple[str, str, Sequence[str]]]
) -> list[dict[str, Any]]:
    """Messages for the departures call: the numbered candidate sentences in article order, each
    with the people code found named in it."""
    lines = [f"TITLE: {title}"] if title else []
    lines.append("SENTENCES:")
    for sid, text, people in sentences:
        lines.append(f"[{sid}] {text}")
        lines.append(f"  people named: {'; '.join(people) if people else 'none'}")
    lines += ["", f"TASK: {DEPARTURES_TASK}"]
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def review_messages(
    title: str | None,
    orgs: Sequence[str],
    money: Sequence[MoneyItem],
    quotes: Sequence[QuoteItem],
) -> list[dict[str, Any]]:
    """Messages for the review call: the candidates code found, each with its lead-in text."""
    lines = [f"TITLE: {title}"] if title else []
    if orgs:
        lines.append(f"ORGANISATIONS IN THE ARTICLE: {'; '.join(orgs)}")
    if money:
        lines.append("MONEY EXPRESSIONS:")
        for m in money:
            lines.append(f"[{m.id}] {m.text}")
            lines.append(f"  text: {m.sentence}")
    if quotes:
        lines.append("QUOTES:")
        for q in quotes:
            lines.append(f"[{q.id}] text: {q.context}")
            cands = "; ".join(q.candidates) if q.candidates else "none named"
            lines.append(f"  candidates: {cands}")
    # Ask only about what is listed: a small model follows a shorter task better.
    task = " ".join(t for t, items in ((MONEY_TASK, money), (QUOTE_TASK, quotes)) if items)
    lines += ["", f"TASK: {task}"]
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(lines)}]
