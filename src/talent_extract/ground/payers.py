"""The payer of an offer told with none named: where the one offered went (runs after the
record rules of :mod:`talent_extract.ground.offer_rules`)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from talent_extract import data
from talent_extract.ground.framework import KEEP, Change, Context, Draft, OfferDraft, Verdict, rule
from talent_extract.ground.offer_rules import _employer
from talent_extract.ground.pay_grammar import read_payer
from talent_extract.ground.vocabulary import _org_in_text
from talent_extract.text.patterns import word_pattern


@lru_cache(maxsize=1)
def _retention() -> re.Pattern[str]:
    return word_pattern(data.pay_grammar().retention_words)


@rule("offer")
def offerer_where_recipient_went(o: Draft, ctx: Context) -> Verdict:
    """Pay offered to a person in a sentence that names no one paying ("A ditawari paket gaji
    hingga X", "setelah dikabarkan menerima tawaran senilai X") was offered by the
    organisation the article tells them joining: when the offerer the model gave is named
    neither in that sentence nor by its grammar, it is the destination of the recipient's
    recorded move — unless the sentence tells an offer made to keep them
    (``pay_grammar_id.json`` "retention_words": "agar bertahan", "bonus retensi"), or the
    article titles them head of that organisation ("CEO Y A": a founder's own company pays no
    offer to them)."""
    assert isinstance(o, OfferDraft)
    if o.recipient is None or o.offerer is None:
        return KEEP
    person = ctx.persons.resolve(o.recipient, before=len(ctx.text)) or o.recipient
    went = dict(ctx.destinations).get(person)
    if went is None or went.casefold() == o.offerer.casefold():
        return KEEP
    if _employer(ctx, person) == went:
        return KEEP  # "CEO Y A": the one who heads Y is paid by none there (a founder's move)
    s = ctx.sentences[o.sentence]
    if _org_in_text(o.offerer, s.text) is not None or o.offerer in s.text:
        return KEEP  # the model's offerer is named where the money is
    if read_payer(s, o.start - s.start, ctx.persons) is not None or _retention().search(s.text):
        return KEEP
    return Change(replace(o, offerer=went), "offerer", f"{person} went to {went}")
