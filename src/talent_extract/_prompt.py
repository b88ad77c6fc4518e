"""What the model is asked, and the schemas it fills.

Field descriptions are the model's guidelines, so they are written for a small model: English
(what Qwen-class models follow best), short, with the distinctions that matter, and ``evidence``
first so the model copies the sentence before it reads facts out of it.

Validators check every answer against the article (``context["article"]``); a failed check names the
text that is not in the article, which is what instructor's re-ask shows the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from talent_extract._ground import contains_name, locate

# Bump when the instructions or the schemas change: cassettes and cached results are keyed on it.
PROMPT_VERSION = "2026-11-21.1"
SCHEMA_VERSION = "1"


def _article(info: ValidationInfo) -> str | None:
    ctx = info.context
    if isinstance(ctx, dict):
        value = ctx.get("article")
        return value if isinstance(value, str) else None
    return None


class DepartureAnswer(BaseModel):
    """One person, or one unnamed group, who left an organisation according to the article."""

    evidence: str = Field(
        description="The sentence of the article that says this person left, copied exactly."
    )
    person: str | None = Field(
        description=(
            "Full name of ONE person who left, as written in the article. "
            "null only for an unnamed group such as 'tujuh pegawai'."
        )
    )
    count: int | None = Field(default=None, description="Size of an unnamed group, else null.")
    from_org: str = Field(description="The organisation they left.")
    to_org: str | None = Field(
        description="The organisation they joined or will join, only if the article says; else null."
    )
    role_before: str | None = Field(default=None, description="Their role at from_org, or null.")
    role_after: str | None = Field(default=None, description="Their new role, or null.")
    status: Literal["completed", "announced", "threatened", "reported"] = Field(
        description=(
            "completed: has left or joined; announced: departure announced for later; "
            "threatened: threatens to leave; reported: only rumoured."
        )
    )

    @field_validator("evidence")
    @classmethod
    def _evidence_in_article(cls, value: str, info: ValidationInfo) -> str:
        article = _article(info)
        if article is not None and locate(value, article) is None:
            raise ValueError(
                f"the evidence {value[:120]!r} is not in the article; "
                "copy one sentence of the article exactly"
            )
        return value

    @field_validator("person")
    @classmethod
    def _person_in_article(cls, value: str | None, info: ValidationInfo) -> str | None:
        article = _article(info)
        if value and article is not None and not contains_name(article, value):
            raise ValueError(f"the person {value!r} is not named in the article")
        return value


class Departures(BaseModel):
    """Every departure in the article, one item per person."""

    departures: list[DepartureAnswer] = Field(
        description=(
            "One item per person who left. When a sentence names several people "
            "('termasuk A, B, dan C'), give one item for each of them."
        )
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
    offerer: str | None = Field(description="Who offered the pay (organisation or person).")
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
        ctx = info.context if isinstance(info.context, dict) else {}
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
    "List every person who LEFT an organisation (resigned, quit, moved, was hired away, "
    "threatens to leave). One item per person, even when one sentence names several. "
    "People only mentioned (CEOs who hire, founders, experts, authors) did not leave."
)

REVIEW_TASK = (
    "For each money expression, say whether it is pay offered to people and who offered it to "
    "whom. For each quote, say who said it."
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
    candidates: Sequence[str]


def departures_messages(article: str) -> list[dict[str, Any]]:
    """Messages for the departures call: the article first so servers can reuse its prefix."""
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"ARTICLE:\n{article}\n\nTASK: {DEPARTURES_TASK}"},
    ]


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def review_messages(
    article: str, money: Sequence[MoneyItem], quotes: Sequence[QuoteItem]
) -> list[dict[str, Any]]:
    """Messages for the review call: the article, then the candidates code found."""
    lines = [f"ARTICLE:\n{article}", "", f"TASK: {REVIEW_TASK}"]
    if money:
        lines.append("MONEY EXPRESSIONS:")
        lines += [f"[{m.id}] {m.text} — in: {_clip(m.sentence, 40)}" for m in money]
    if quotes:
        lines.append("QUOTES:")
        for q in quotes:
            cands = "; ".join(q.candidates) if q.candidates else "none named"
            lines.append(f"[{q.id}] “{_clip(q.text, 14)}” — candidates: {cands}")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(lines)}]
