"""The public record types: what a user gets back from :func:`talent_extract.extract`.

Every record carries ``evidence``, a :class:`Span` whose ``start``/``end`` are character offsets
into :attr:`Extraction.text` (the text the user passed, or for HTML input the text extracted from
it), with ``Extraction.text[start:end] == evidence.text`` always.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DepartureStatus = Literal["completed", "announced", "threatened", "reported"]
OfferStatus = Literal["offered", "accepted", "rejected", "denied", "reported"]
DateResolution = Literal["day", "month", "year"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Record):
    """A stretch of the article: ``text == article[start:end]``."""

    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(description="The article's own characters between start and end.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start or self.end - self.start != len(self.text):
            raise ValueError("span end - start must equal len(text)")
        return self


class Money(_Record):
    """A normalised money expression.

    ``min`` and ``max`` are plain numbers in ``currency`` (ISO 4217). An exact amount has
    ``min == max``; an open bound leaves one side ``None`` ("hingga US$100 juta" has ``min=None``,
    ``max=100_000_000``; "lebih dari $1 miliar" has ``min=1_000_000_000``, ``max=None``).
    """

    min: float | None = Field(default=None, description="Lower bound, or None when open.")
    max: float | None = Field(default=None, description="Upper bound, or None when open.")
    currency: str | None = Field(default=None, description="ISO 4217 code, e.g. USD or IDR.")
    approximate: bool = Field(default=False, description="'sekitar', 'kurang lebih', 'hampir'.")
    text: str = Field(description="The money expression as written.")
    conversion: Money | None = Field(
        default=None,
        description="A bracketed or 'setara/atau sekitar' conversion of the same amount.",
    )


class Article(_Record):
    """An article with optional metadata. Plain ``str`` is accepted wherever an Article is."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    id: str | None = Field(default=None, description="Stable id from the source (URL, GUID, file).")


class Departure(_Record):
    """Someone (or an unnamed group) leaving an organisation."""

    person: str | None = Field(description="Full name as in the article; None for a group.")
    count: int | None = Field(default=None, description="Size of an unnamed group, when given.")
    from_org: str | None = None
    from_unit: str | None = Field(default=None, description="Unit within from_org, if named.")
    to_org: str | None = Field(default=None, description="None when the article does not say.")
    to_unit: str | None = None
    role_before: str | None = None
    role_after: str | None = None
    status: DepartureStatus = "reported"
    date: str | None = Field(default=None, description="ISO date, YYYY-MM-DD, YYYY-MM or YYYY.")
    date_resolution: DateResolution | None = None
    evidence: Span


class Offer(_Record):
    """A compensation offer to a person or group (not an investment, price or funding round)."""

    offerer: str | None = None
    recipient: str | None = None
    recipient_org: str | None = None
    amount: Money | None = None
    period: str | None = Field(default=None, description="e.g. 'empat tahun', 'per tahun'.")
    status: OfferStatus = "reported"
    evidence: Span


class Quote(_Record):
    """A verbatim direct quote: ``text`` is the article's own characters between the marks."""

    speaker: str | None = Field(description="Name, or the description of an anonymous source.")
    speaker_role: str | None = None
    anonymous: bool = False
    text: str
    channel: str | None = Field(default=None, description="X, Threads, interview, letter, memo...")
    evidence: Span


class Usage(_Record):
    """Tokens spent on one extraction, over all calls and re-asks."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Dropped(_Record):
    """A record the model proposed that grounding refused: which rule, and why."""

    kind: Literal["departure", "offer", "quote"]
    rule: str = Field(default="", description="The grounding rule that refused it.")
    reason: str
    value: str


class Changed(_Record):
    """A field of a proposed record that a grounding rule changed, with the value before."""

    kind: Literal["departure", "offer", "quote"]
    rule: str = Field(description="The grounding rule that changed it.")
    field: str
    before: str
    after: str
    reason: str


class ExtractionMeta(_Record):
    """What produced an :class:`Extraction`."""

    model: str
    backend: str = Field(description="'openai', 'openai-compatible' or 'local'.")
    backend_source: str = Field(
        default="argument",
        description="Why this backend: 'argument', 'environment' or 'local extra installed'.",
    )
    mode: str = Field(description="instructor mode used.")
    prompt_version: str
    schema_version: str
    usage: Usage = Field(default_factory=Usage)
    calls: int = 0
    reasks: int = 0
    chunks: int = 1
    call_prompt_tokens: list[int] = Field(
        default_factory=list, description="Prompt tokens of each first-attempt call, in order."
    )
    reask_prompt_tokens: list[int] = Field(
        default_factory=list,
        description="Prompt tokens of each re-ask call (they resend the "
        "conversation, so they are larger).",
    )
    seconds: float = 0.0
    cost_usd: float | None = Field(
        default=None,
        description="Estimated US dollars for `usage` (data/prices.json or TALENT_EXTRACT_PRICES); "
        "0 on the embedded local model; None when the model has no price.",
    )
    dropped: list[Dropped] = Field(default_factory=list)
    changed: list[Changed] = Field(
        default_factory=list, description="Fields of proposed records that a rule changed."
    )
    skipped: str | None = Field(
        default=None,
        description="Why the relevance gate skipped the article without a model call, if it did.",
    )
    strategy: str = Field(
        default="whole", description="What the model read: 'whole' article or 'candidates'."
    )
    rules_version: str = Field(
        default="", description="Hash of the grounding code and data that made these records."
    )
    instructions_ignored: list[Span] = Field(
        default_factory=list,
        description="Lines addressed to a language model (prompt injection), removed before any "
        "candidate or prompt was built; no record can cite them.",
    )


class Extraction(_Record):
    """The grounded result for one article."""

    text: str = Field(description="The text all evidence offsets refer to.")
    article_id: str | None = None
    published: dt.date | None = None
    departures: list[Departure] = Field(default_factory=list)
    offers: list[Offer] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    meta: ExtractionMeta

    def records_jsonable(self) -> dict[str, object]:
        """The records alone, in the JSONL form of ``examples/output/samples.jsonl``."""
        return {
            "departures": [d.model_dump(mode="json") for d in self.departures],
            "offers": [o.model_dump(mode="json") for o in self.offers],
            "quotes": [q.model_dump(mode="json") for q in self.quotes],
        }
