"""Offers whose money the article tells again as the price of a deal (runs after the other set
rules of :mod:`talent_extract.ground.offer_rules`)."""

from __future__ import annotations

from talent_extract.ground.framework import KEEP, Context, Draft, Drop, OfferDraft, Verdict, rule
from talent_extract.ground.offer_rules import for_company, restates


@rule("offer", stage="set")
def deal_told_again(o: Draft, ctx: Context) -> Verdict:
    """Indonesian reports often tell a big sum first as what a company paid to win a person
    ("X siap memberi imbalan hingga Y supaya A pulang") and explain it further on as the price
    of a deal ("X membayar kira-kira Y demi lisensi model Z, termasuk memboyong A"). When
    another sentence tells the offer's amount again (each bound the
    offer gives within 5% of one the other gives, in its currency or its conversion's) as money
    for a company — an investment, licence, acquisition or funding word nearer to it than any
    pay word (the reading of rule ``pay_not_investment``) — the money is that deal's, no pay
    offer."""
    assert isinstance(o, OfferDraft)
    if o.amount is None:
        return KEEP
    for m in ctx.mentions:
        if m.money_id == o.money_id or m.amount is None or m.sentence == o.sentence:
            continue
        if restates(o.amount, m.amount, bound=True) and for_company(m, ctx):
            return Drop(f"{o.money_id} is told again as the price of a deal ({m.money_id})")
    return KEEP
