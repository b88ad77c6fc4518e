"""Who pays, read from the Indonesian grammar of the sentence that holds a money expression.

Indonesian news names the payer with small words around the name: "gaji yang diberikan X",
"ditawari oleh X" (after a passive verb of giving); "X menawarkan", "X secara pribadi menawarkan"
(before an active one); "tawaran dari X", "tawaran X" (after an offer noun); "hijrah ke X dengan
paket kompensasi" (the organisation joined, with pay). :func:`read_payer` finds, of the payers so
marked in one sentence, the one written nearest the money. The rule ``payer_from_grammar``
(:mod:`talent_extract.ground.offer_rules`) uses it for the offerer, the field a small model most
often fills with another organisation of the story. The words are data
(``data/pay_grammar_id.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import PersonIndex, default_org_table
from talent_extract.text.patterns import phrases
from talent_extract.text.sentences import Sentence

__all__ = ["LISTED", "Payer", "listed_with", "read_payer"]


@dataclass(frozen=True)
class Payer:
    """A payer the sentence marks: an organisation's canonical name, or a person's full name."""

    name: str
    is_person: bool
    start: int  # offsets in the sentence's text
    end: int


@dataclass(frozen=True)
class _Marks:
    after: re.Pattern[str]
    verbs: re.Pattern[str]
    noun_dari: re.Pattern[str]
    noun: re.Pattern[str]
    join: re.Pattern[str]
    with_pay: re.Pattern[str]


@lru_cache(maxsize=1)
def _marks() -> _Marks:
    g = data.pay_grammar()
    flags = re.IGNORECASE
    fillers = rf"(?:(?:{phrases(g.fillers)})\s+)*"
    nouns = phrases(g.offer_nouns)
    return _Marks(
        after=re.compile(rf"(?<![\w-])(?:{phrases(g.payer_after)})\s+$", flags),
        verbs=re.compile(rf"^[\s,]*{fillers}(?:{phrases(g.paying_verbs)})(?![\w-])", flags),
        noun_dari=re.compile(rf"(?<![\w-])(?:{nouns})(?:\s+[\w$.,-]+){{0,4}}?\s+dari\s+$", flags),
        noun=re.compile(rf"(?<![\w-])(?:{nouns})\s+$", flags),
        join=re.compile(rf"(?<![\w-])(?:{phrases(g.join_marks)})\s+$", flags),
        with_pay=re.compile(rf"^\s+(?:{phrases(g.with_pay)})(?![\w-])", flags),
    )


def read_payer(sentence: Sentence, money_start: int, persons: PersonIndex) -> Payer | None:
    """The payer ``sentence`` marks nearest the money expression at ``money_start`` (an offset
    in the sentence's text), or None when the grammar names none."""
    text = sentence.text
    marks = _marks()
    names: list[Payer] = [
        Payer(o.org, False, o.start, o.end) for o in default_org_table().find(text)
    ]
    orgs = [(n.start, n.end) for n in names]
    for m in persons.mentions_in(sentence.start, sentence.end):
        lo, hi = m.start - sentence.start, m.end - sentence.start
        if not any(a < hi and lo < b for a, b in orgs):
            names.append(Payer(m.name, True, lo, hi))
    marked = []
    for n in names:
        before, after = text[: n.start], text[n.end :]
        if (
            marks.after.search(before)
            or marks.verbs.match(after)
            or marks.noun_dari.search(before)
            or (not n.is_person and marks.noun.search(before))
            or (not n.is_person and marks.join.search(before) and marks.with_pay.match(after))
        ):
            marked.append(n)
    if not marked:
        return None
    return min(marked, key=lambda n: min(abs(n.start - money_start), abs(n.end - money_start)))


# What joins the names of a list: ", ", " dan ", ", dan ".
LISTED = re.compile(r"^\s*(?:,\s*(?:dan|serta)?|dan|serta)\s*$", re.IGNORECASE)


def listed_with(sentence: Sentence, payer: Payer, org: str) -> bool:
    """Whether organisation ``org`` is written in a list right before ``payer`` ("X dan Y
    menawarkan", "X, Y, dan Z menawarkan"): the grammar marks the last, and all of them pay."""
    names = sorted(default_org_table().find(sentence.text), key=lambda o: o.start)
    chain = [n for n in names if n.end <= payer.start]
    while chain and LISTED.match(sentence.text[chain[-1].end : payer.start]):
        if chain[-1].org == org:
            return True
        payer = Payer(chain[-1].org, False, chain[-1].start, chain[-1].end)
        chain.pop()
    return False
