"""The grounding rules of offers, in the order they run (see :mod:`talent_extract.ground.rules`)."""

from __future__ import annotations

import re
from dataclasses import replace

from talent_extract.find.candidates import load_cues
from talent_extract.find.names import canonical_org
from talent_extract.ground.framework import (
    KEEP,
    Change,
    Context,
    Draft,
    Drop,
    OfferDraft,
    Verdict,
    rule,
)
from talent_extract.ground.vocabulary import (
    _is_org,
    _org_in_text,
    _pay,
    _refusal,
)


@rule("offer")
def pay_not_investment(o: Draft, ctx: Context) -> Verdict:
    """Money for a company — investment, funding, valuation, acquisition, licensing, prices
    (``cues_id.json`` "investment") — is no pay offer unless its own sentence names pay (salary,
    bonus, compensation: ``cues_id.json`` "pay")."""
    assert isinstance(o, OfferDraft)
    s = ctx.sentences[o.sentence].text
    if load_cues().investment.search(s) and not _pay().search(s):
        return Drop(f"{o.money_id} is money for a company, not pay")
    return KEEP


_PER_DOLLAR = re.compile(r"^\s*(?:per|/|untuk setiap|setiap)\s*(?:US\$|USD|\$|dolar|dollar)", re.I)
_RATE_WORD = re.compile(r"(?<![\w-])(?:kurs|nilai tukar|rate)\b[^.;()]{0,12}$", re.I)


@rule("offer")
def rate_not_pay(o: Draft, ctx: Context) -> Verdict:
    """An exchange rate is no amount of money: Indonesian reports convert dollars in brackets
    ("Rp 3,2 triliun (kurs Rp 16.210 per US$)"); money written after "kurs"/"nilai tukar" or
    followed by "per US$" is the rate of a conversion, not an offer."""
    assert isinstance(o, OfferDraft)
    before, after = ctx.text[max(o.start - 30, 0) : o.start], ctx.text[o.end : o.end + 20]
    if _RATE_WORD.search(before) or _PER_DOLLAR.match(after):
        return Drop(f"{o.money_id} is an exchange rate")
    return KEEP


@rule("offer")
def offerer_in_article(o: Draft, ctx: Context) -> Verdict:
    """The offerer must be named in the article: an organisation (canonical name) or a person
    (the article's full name)."""
    assert isinstance(o, OfferDraft)
    if o.offerer is None:
        return KEEP
    org = _org_in_text(o.offerer, ctx.text)
    if org is not None:
        if org[0] != o.offerer:
            return Change(replace(o, offerer=org[0]), "offerer", "canonical name")
        return KEEP
    person = ctx.persons.resolve(o.offerer, before=len(ctx.text))
    if person is not None:
        if person != o.offerer:
            return Change(replace(o, offerer=person), "offerer", "the article's full name")
        return KEEP
    return Change(replace(o, offerer=None), "offerer", "not named in the article")


@rule("offer")
def recipient_not_offerer(o: Draft, ctx: Context) -> Verdict:
    """Who offers does not receive: a recipient equal to the offerer (or to the offerer's
    organisation) is the model repeating a name, not a recipient."""
    assert isinstance(o, OfferDraft)
    if o.recipient and o.offerer and o.recipient.casefold() == o.offerer.casefold():
        return Change(replace(o, recipient=None), "recipient", "same as the offerer")
    if o.recipient and _is_org(o.recipient) and not o.recipient_org:
        org = canonical_org(o.recipient)
        name = org.org if org else o.recipient
        return Change(replace(o, recipient=None, recipient_org=name), "recipient", "an org")
    return KEEP


@rule("offer")
def refusal_is_rejected(o: Draft, ctx: Context) -> Verdict:
    """ "menolak tawaran ..." (``cues_id.json`` "refusal") in the offer's sentence: the offer was
    turned down, status ``rejected``."""
    assert isinstance(o, OfferDraft)
    if o.status != "rejected" and _refusal().search(ctx.sentences[o.sentence].text):
        return Change(replace(o, status="rejected"), "status", "the sentence tells a refusal")
    return KEEP


@rule("offer")
def relayed_offer_is_reported(o: Draft, ctx: Context) -> Verdict:
    """An offer stated as fact ("offered") but relayed from sources or reports ("menurut sumber",
    "dilaporkan") is ``reported``."""
    assert isinstance(o, OfferDraft)
    if o.status == "offered" and load_cues().sources.search(ctx.window(o.sentence, 1, 0)):
        return Change(replace(o, status="reported"), "status", "relayed from sources")
    return KEEP
