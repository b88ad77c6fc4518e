"""The machinery of the grounding rules: drafts, verdicts, the registry and how rules are applied.

The rules themselves are in :mod:`talent_extract.ground.departure_rules` and
:mod:`talent_extract.ground.offer_rules`; :mod:`talent_extract.ground.rules` is the public face.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Literal

from talent_extract.find.names import PersonIndex
from talent_extract.records import Money
from talent_extract.text.sentences import Sentence

Kind = Literal["departure", "offer"]
Stage = Literal["propose", "follow", "record", "set"]
"""``propose`` rules add drafts the model did not give, read from the article by code; ``record``
rules read one draft and the article; ``set`` rules run after them and compare a draft with the
others the record rules kept (``Context.offers``); ``follow`` rules propose drafts a kept record
leads to (``Context.departures``: a return to the organisation a person left), which then pass
the record rules like any other."""


@dataclass(frozen=True)
class DepartureDraft:
    """A departure as the model proposed it, before and while the rules check it."""

    person: str | None
    from_org: str | None
    to_org: str | None
    status: str
    sentence: int  # index of the cited sentence in ``Context.sentences``
    from_unit: str | None = None
    to_unit: str | None = None
    count: int | None = None
    cited: int | None = None  # the sentence the model (or proposer) cited first; never changed


@dataclass(frozen=True)
class OfferDraft:
    """An offer as the model proposed it (amount and sentence found by code)."""

    money_id: str
    offerer: str | None
    recipient: str | None
    recipient_org: str | None
    status: str
    sentence: int
    start: int  # the money expression's offsets in the cleaned text
    end: int
    amount: Money | None = None  # the parsed money expression (code's, not the model's)


Draft = DepartureDraft | OfferDraft


@dataclass(frozen=True)
class Context:
    """What the rules may read: the cleaned article and what code found in it."""

    text: str
    sentences: Sequence[Sentence]
    persons: PersonIndex
    title: str | None = None
    offers: tuple[OfferDraft, ...] = ()  # the offers the record rules kept (for "set" rules)
    # Every money expression code listed for the model, as drafts with no parties (for "set"
    # rules that look at what the model did not call an offer).
    mentions: tuple[OfferDraft, ...] = ()
    departures: tuple[DepartureDraft, ...] = ()  # the departures kept (for "follow" rules)
    # Where each recorded mover went (person, organisation joined), for the offer rules.
    destinations: tuple[tuple[str, str], ...] = ()

    def window(self, index: int, before: int = 1, after: int = 1) -> str:
        """The cited sentence with its neighbours, as one string."""
        lo, hi = max(index - before, 0), min(index + after + 1, len(self.sentences))
        return " ".join(s.text for s in self.sentences[lo:hi])


@dataclass(frozen=True)
class Keep:
    """The draft holds as it is."""


@dataclass(frozen=True)
class Drop:
    """The draft is refused: ``reason`` says why, in words a reader can check."""

    reason: str


@dataclass(frozen=True)
class Change:
    """The draft holds with ``field`` set to ``new`` (``reason`` says why)."""

    draft: Draft
    field: str
    reason: str


Verdict = Keep | Drop | Change
KEEP = Keep()


@dataclass(frozen=True)
class Rule:
    """A named grounding rule (see the module docstring)."""

    name: str
    kind: Kind
    check: Callable[[Draft, Context], Verdict] | None
    doc: str = field(default="", repr=False)
    stage: Stage = "record"
    propose: Callable[[Context], list[Draft]] | None = None


RULES: list[Rule] = []


def rule(
    kind: Kind, stage: Stage = "record"
) -> Callable[[Callable[..., Verdict]], Callable[..., Verdict]]:
    """Register a rule under its function's name, in definition order."""

    def register(fn: Callable[..., Verdict]) -> Callable[..., Verdict]:
        RULES.append(Rule(fn.__name__, kind, fn, (fn.__doc__ or "").strip(), stage))
        return fn

    return register


def proposer(
    kind: Kind, stage: Literal["propose", "follow"] = "propose"
) -> Callable[[Callable[[Context], list[Draft]]], Callable[..., list[Draft]]]:
    """Register a proposer (a ``propose`` rule, or a ``follow`` one) under its function's name:
    it reads drafts from the article that then pass every rule of their kind, like the model's."""

    def register(fn: Callable[[Context], list[Draft]]) -> Callable[..., list[Draft]]:
        RULES.append(Rule(fn.__name__, kind, None, (fn.__doc__ or "").strip(), stage, fn))
        return fn

    return register


def proposals(
    kind: Kind,
    ctx: Context,
    off: frozenset[str] = frozenset(),
    stage: Literal["propose", "follow"] = "propose",
) -> list[tuple[str, Draft]]:
    """The drafts every enabled proposer of ``kind`` and ``stage`` reads, with its name."""
    out: list[tuple[str, Draft]] = []
    for r in RULES:
        if r.kind == kind and r.stage == stage and r.name not in off and r.propose:
            out += [(r.name, d) for d in r.propose(ctx)]
    return out


def rule_names() -> list[str]:
    """Every rule's name, in the order they run."""
    return [r.name for r in RULES]


def disabled_rules(explicit: Iterable[str] | None = None) -> frozenset[str]:
    """The rules switched off: ``explicit``, else ``TALENT_EXTRACT_RULES_OFF`` (comma-separated).

    Raises ``ValueError`` naming an unknown rule, so a typo cannot silently switch nothing off.
    """
    if explicit is None:
        explicit = [n for n in os.environ.get("TALENT_EXTRACT_RULES_OFF", "").split(",") if n]
    names = frozenset(n.strip() for n in explicit)
    unknown = names - set(rule_names())
    if unknown:
        raise ValueError(f"unknown rule(s) {sorted(unknown)}; known: {', '.join(rule_names())}")
    return names


@dataclass
class Outcome:
    """What the rules did to one draft: the final draft (None if dropped) and the log."""

    draft: Draft | None
    dropped: tuple[str, str] | None = None  # (rule, reason)
    changed: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # (rule, field, before, after, reason)


def apply_rules(
    draft: Draft, ctx: Context, off: frozenset[str] = frozenset(), stage: Stage = "record"
) -> Outcome:
    """Run every enabled rule of the draft's kind and ``stage``, in order, until one drops it."""
    kind: Kind = "departure" if isinstance(draft, DepartureDraft) else "offer"
    out = Outcome(draft)
    for r in RULES:
        if r.kind != kind or r.stage != stage or r.name in off or r.check is None:
            continue
        verdict = r.check(draft, ctx)
        if isinstance(verdict, Drop):
            return Outcome(None, (r.name, verdict.reason), out.changed)
        if isinstance(verdict, Change):
            # Every field the rule changed is logged, not only the one it names: nothing a
            # rule does to the model's answer goes unlisted.
            new = verdict.draft
            moved = [
                f.name for f in fields(draft) if getattr(draft, f.name) != getattr(new, f.name)
            ]
            for name in sorted(moved, key=lambda n: n != verdict.field):
                before, after = getattr(draft, name), getattr(new, name)
                out.changed.append((r.name, name, str(before), str(after), verdict.reason))
            draft = new
    out.draft = draft
    return out
