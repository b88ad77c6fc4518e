"""From the model's answers to records: drafts through the named rules, then offsets and forms.

Each answer becomes a draft (:mod:`talent_extract.ground.rules`), the rules keep, change or drop it
(every change and drop is logged with the rule's name), and what survives is mapped to a span of the
text the user passed, with its date, role and money normalised by code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from talent_extract.find.candidates import Candidates, OfferCandidate, group_count, person_role
from talent_extract.find.dates import find_dates
from talent_extract.ground.locate import locate
from talent_extract.ground.rules import (
    Context,
    DepartureDraft,
    OfferDraft,
    Outcome,
    apply_rules,
    proposals,
)
from talent_extract.model import prompts as P
from talent_extract.records import Changed, Departure, Dropped, Offer, Quote, Span
from talent_extract.text.clean import CleanArticle
from talent_extract.text.sentences import Sentence


@dataclass
class Grounded:
    """The records of one article and the log of what the rules did."""

    departures: list[Departure] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)


def sentence_id(s: Sentence) -> str:
    """The id a sentence has in every prompt: S1 for the first sentence of the article."""
    return f"S{s.index + 1}"


def span_of(clean: CleanArticle, start: int, end: int) -> Span | None:
    """A cleaned-text span as a span of the source text, or None if it cannot be mapped."""
    mapped = clean.to_source(start, end)
    if mapped is None:
        found = locate(clean.text[start:end], clean.source, fuzzy=False)
        if found is None:
            return None
        mapped = (found.start, found.end)
    s, e = mapped
    return Span(start=s, end=e, text=clean.source[s:e])


def _log(grounded: Grounded, kind: Any, value: str, outcome: Outcome) -> None:
    for rule, name, before, after, reason in outcome.changed:
        grounded.changed.append(
            Changed(kind=kind, rule=rule, field=name, before=before, after=after, reason=reason)
        )
    if outcome.dropped:
        rule, reason = outcome.dropped
        grounded.dropped.append(Dropped(kind=kind, rule=rule, reason=reason, value=value))


def _proposed(kind: Any, by: str, record: str) -> Changed:
    """The log entry of a record code proposed (no model answer), so a reader can tell it apart."""
    return Changed(
        kind=kind,
        rule=by,
        field="record",
        before="None",
        after=record,
        reason="proposed by code from the article's grammar",
    )


def _date(sentence: Sentence, published: dt.date | None) -> tuple[str | None, Any]:
    found = find_dates(sentence.text, published)
    if not found:
        return None, None
    return found[0].value, found[0].resolution


def ground_departures(
    clean: CleanArticle,
    cands: Candidates,
    published: dt.date | None,
    answers: Sequence[P.DepartureAnswer],
    off: frozenset[str],
    out: Grounded,
) -> None:
    """Departure answers → drafts → rules → records, one per person (or group) and move."""
    ctx = Context(clean.text, cands.sentences, cands.persons, clean.title)
    by_id = {sentence_id(s): s for s in cands.sentences}
    seen: dict[tuple[str | None, ...], int] = {}
    drafts: list[tuple[str | None, DepartureDraft]] = []  # (proposer, draft); None: the model
    for a in answers:
        s = by_id.get(a.sentence)
        index = s.index if s is not None else -1
        # "A dan B" in one answer is two people; "none" is an unnamed group.
        people: list[str | None] = list(P.split_people([a.person or ""])) or [None]
        for person in people:
            drafts.append(
                (
                    None,
                    DepartureDraft(
                        person=person,
                        from_org=a.from_org or None,
                        to_org=a.to_org or None,
                        status=a.status,
                        sentence=index,
                        cited=index,
                    ),
                )
            )
    # A proposal about a person the model also named stands in only if every answer about them
    # is dropped ("A dari X" proposed from a hiring list, the model's A cited where no move is).
    fallbacks: list[tuple[str | None, DepartureDraft]] = []
    for name, proposed in proposals("departure", ctx, off):
        if isinstance(proposed, DepartureDraft):
            (drafts if _new(proposed, drafts) else fallbacks).append((name, proposed))
    kept: dict[int, DepartureDraft] = {}  # by the index of its record in out.departures

    def take(by: str | None, draft: DepartureDraft, follow: bool = False) -> None:
        where = f"S{draft.sentence + 1}"
        outcome = apply_rules(draft, ctx, off)
        _log(out, "departure", f"{draft.person or 'group'} ({where})", outcome)
        d = outcome.draft
        if not isinstance(d, DepartureDraft):
            return
        sentence = cands.sentences[d.sentence]
        # One record per person: a second answer about the same person can only add a
        # destination. (Keying on the organisation left too, so that a career told in passing
        # gives one record per move, was measured on the real-news set: +0 found, +2 wrong;
        # the model's second answers about a person are mostly the same move misread.) A
        # follow-up record (a return) is a move of its own.
        key: tuple[str | None, ...] = (
            (d.person, d.from_org, d.to_org)
            if follow
            else (d.person,)
            if d.person
            else (None, d.from_org, d.to_org, str(d.sentence))
        )
        if by and d.person and key in seen and _chained(out.departures[seen[key]], d):
            # Code read another link of their career ("Sebelum bergabung dengan Y, A bekerja
            # di X"); the model's second answers are mostly the same move misread.
            key = (d.person, d.from_org, d.to_org)
        if follow and any(
            (k.person, k.from_org, k.to_org)
            in ((d.person, d.from_org, d.to_org), (d.person, d.from_org, None))
            for k in out.departures
        ):
            # The move is recorded already (logged below as a second answer), or without the
            # destination this one adds.
            key = (d.person,)
        if key in seen:
            i = seen[key]
            known = out.departures[i]
            # A destination that is where the person came from is an earlier move, not this one's.
            merged = known.to_org is None and d.to_org not in (None, known.from_org)
            if merged:
                out.departures[i] = known.model_copy(
                    update={"to_org": d.to_org, "to_unit": d.to_unit}
                )
                if i in kept:
                    kept[i] = replace(kept[i], to_org=d.to_org, to_unit=d.to_unit)
            out.dropped.append(
                Dropped(
                    kind="departure",
                    rule="one_record_per_person",
                    reason="a second answer about a person already recorded"
                    + (", whose destination it adds" if merged else ""),
                    value=f"{d.person}: {d.from_org} -> {d.to_org} ({sentence_id(sentence)})",
                )
            )
            return
        evidence = span_of(clean, sentence.start, sentence.end)
        if evidence is None:
            out.dropped.append(
                Dropped(
                    kind="departure",
                    rule="evidence_mappable",
                    reason="evidence not mappable to the source",
                    value=sentence.text[:120],
                )
            )
            return
        date, resolution = _date(sentence, published)
        seen[key] = len(out.departures)
        if by is not None:
            # A record code proposed (no model answer): listed, so a reader can tell it apart.
            told = f"{d.person or 'group'}: {d.from_org} -> {d.to_org} ({sentence_id(sentence)})"
            out.changed.append(_proposed("departure", by, told))
        out.departures.append(
            Departure(
                person=d.person,
                count=None if d.person else group_count(sentence.text),
                from_org=d.from_org,
                from_unit=d.from_unit,
                to_org=d.to_org,
                to_unit=d.to_unit,
                # Code reads the role from the text ("X, kepala riset,"); the model is not
                # asked.
                role_before=person_role(cands, d.person, sentence.start, sentence.end)
                if d.person
                else None,
                status=d.status,
                date=date,
                date_resolution=resolution,
                evidence=evidence,
            )
        )
        kept[seen[key]] = d

    for by, draft in [*drafts, *fallbacks]:
        if (
            (by, draft) in fallbacks
            and (draft.person,) in seen
            and not _chained(out.departures[seen[(draft.person,)]], draft)
        ):
            continue  # the model's own record of this person stands: the proposal is not needed
        take(by, draft)
    # Moves a kept record leads to (a return to the organisation left): proposed once the
    # first pass is done, checked by the same rules.
    follow_ctx = replace(ctx, departures=tuple(kept.values()))
    for name, proposed in proposals("departure", follow_ctx, off, stage="follow"):
        if isinstance(proposed, DepartureDraft):
            take(name, proposed, follow=True)


def _chained(known: Departure, d: DepartureDraft) -> bool:
    """Whether ``d`` is another link of the career ``known`` records: both its ends told, and it
    ends where ``known`` starts ("X -> Y" before "Y -> Z") or starts where ``known`` ends."""
    if d.from_org is None or d.to_org is None or known.from_org is None:
        return False
    if (d.from_org, d.to_org) == (known.from_org, known.to_org):
        return False
    return d.to_org == known.from_org or (known.to_org is not None and d.from_org == known.to_org)


def _new(d: DepartureDraft, drafts: Sequence[tuple[str | None, DepartureDraft]]) -> bool:
    """Whether a proposed draft is one not given already: a group by the organisation left, a
    person by name (the model's answer about them comes first)."""
    if d.person is None:
        return not any(o.person is None and o.from_org == d.from_org for _, o in drafts)
    return not any(o.person == d.person for _, o in drafts)


def ground_offers(
    clean: CleanArticle,
    cands: Candidates,
    answers: Sequence[P.OfferAnswer],
    off: frozenset[str],
    out: Grounded,
) -> None:
    """Offers for money expressions the model called pay; amounts come from the parser.

    The record rules check each offer alone; the set rules then compare each kept offer with the
    others (one amount told twice is one offer)."""
    went = {d.person: d.to_org for d in reversed(out.departures) if d.person and d.to_org}
    ctx = Context(
        clean.text, cands.sentences, cands.persons, clean.title, destinations=tuple(went.items())
    )
    by_id = {o.id: o for o in cands.offers}
    seen: set[str] = set()
    kept: list[OfferDraft] = []
    for a in answers:
        c = by_id.get(a.money_id)
        if c is None or a.money_id in seen or not a.is_offer:
            continue
        seen.add(a.money_id)
        draft = OfferDraft(
            money_id=a.money_id,
            offerer=a.offerer or None,
            recipient=a.recipient or None,
            recipient_org=a.recipient_org or None,
            status=a.status,
            sentence=c.sentence.index,
            start=c.mention.start,
            end=c.mention.end,
            amount=c.mention.money,
        )
        outcome = apply_rules(draft, ctx, off)
        _log(out, "offer", f"{a.money_id} {c.mention.money.text}", outcome)
        if isinstance(outcome.draft, OfferDraft):
            kept.append(outcome.draft)
    mentions = tuple(
        OfferDraft(
            money_id=c.id,
            offerer=None,
            recipient=None,
            recipient_org=None,
            status="reported",
            sentence=c.sentence.index,
            start=c.mention.start,
            end=c.mention.end,
            amount=c.mention.money,
        )
        for c in cands.offers
    )
    final = replace(ctx, offers=tuple(kept), mentions=mentions)
    priced: list[OfferDraft] = []
    for o in kept:
        c = by_id[o.money_id]
        outcome = apply_rules(o, final, off, stage="set")
        _log(out, "offer", f"{o.money_id} {c.mention.money.text}", outcome)
        if isinstance(outcome.draft, OfferDraft):
            priced.append(outcome.draft)
            # A set rule may move the offer to the expression that tells it in the body.
            _offer_record(clean, by_id[outcome.draft.money_id], outcome.draft, out)
    # Offers told with no figure, read by code once the priced ones are known (a payer with a
    # figure has its record); they pass the same rules.
    told = replace(ctx, offers=tuple(priced))
    for name, proposed in proposals("offer", told, off):
        if not isinstance(proposed, OfferDraft):
            continue
        outcome = apply_rules(proposed, told, off)
        if isinstance(outcome.draft, OfferDraft):
            outcome = apply_rules(outcome.draft, told, off, stage="set")
        _log(out, "offer", f"{proposed.offerer} ({proposed.money_id}, no amount)", outcome)
        if isinstance(outcome.draft, OfferDraft):
            _unpriced_record(clean, ctx, name, outcome.draft, out)


def _offer_record(clean: CleanArticle, c: OfferCandidate, o: OfferDraft, out: Grounded) -> None:
    evidence = span_of(clean, c.sentence.start, c.sentence.end)
    if evidence is None:
        out.dropped.append(
            Dropped(kind="offer", rule="evidence_mappable", reason="not mappable", value=c.id)
        )
        return
    recipient = o.recipient if o.recipient and locate(o.recipient, clean.text) else None
    if o.recipient and recipient is None:
        out.changed.append(
            Changed(
                kind="offer",
                rule="recipient_in_article",
                field="recipient",
                before=o.recipient,
                after="None",
                reason="not in the article",
            )
        )
    out.offers.append(
        Offer(
            offerer=o.offerer,
            recipient=recipient,
            recipient_org=o.recipient_org,
            amount=o.amount or c.mention.money,  # a rule may join two expressions into one
            period=c.mention.period,
            status=o.status,
            evidence=evidence,
        )
    )


def _unpriced_record(
    clean: CleanArticle, ctx: Context, by: str, o: OfferDraft, out: Grounded
) -> None:
    """The record of an offer code read with no figure: its sentence is the evidence."""
    sentence = ctx.sentences[o.sentence]
    evidence = span_of(clean, sentence.start, sentence.end)
    if evidence is None:
        out.dropped.append(
            Dropped(kind="offer", rule="evidence_mappable", reason="not mappable", value=o.money_id)
        )
        return
    told = f"{o.offerer} -> {o.recipient or '?'} (no amount, {o.money_id})"
    out.changed.append(_proposed("offer", by, told))
    recipient = o.recipient if o.recipient and locate(o.recipient, clean.text) else None
    out.offers.append(
        Offer(
            offerer=o.offerer,
            recipient=recipient,
            recipient_org=o.recipient_org,
            amount=None,
            status=o.status,
            evidence=evidence,
        )
    )


def ground_quotes(
    clean: CleanArticle, cands: Candidates, answers: Sequence[P.SpeakerAnswer], out: Grounded
) -> None:
    """Quotes are found by code, so their text is the article's by construction; the model only
    chooses among the speaker candidates of a quote code could not attribute."""
    chosen = {a.quote_id: a.speaker for a in answers}
    for q in cands.quotes:
        a = q.attribution
        speaker = a.speaker
        if not a.confident and chosen.get(q.id):
            pick = cands.persons.resolve(chosen[q.id] or "", before=q.quote.start)
            if pick is not None and (not a.candidates or pick in a.candidates):
                speaker = pick
        evidence = span_of(clean, q.quote.start, q.quote.end)
        if evidence is None:
            out.dropped.append(
                Dropped(
                    kind="quote",
                    rule="evidence_mappable",
                    reason="quote not mappable",
                    value=q.quote.inner,
                )
            )
            continue
        out.quotes.append(
            Quote(
                speaker=speaker,
                speaker_role=a.speaker_role,
                anonymous=a.anonymous,
                text=evidence.text,
                channel=a.channel,
                evidence=evidence,
            )
        )
