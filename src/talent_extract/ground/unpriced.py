"""Offers of pay an article tells without a figure.

Indonesian reports often say that pay was offered and how generous it was, not how much: "X
menyodorkan remunerasi ekstra untuk mempertahankan ...", "diiming-imingi bonus
berlimpah", "tawaran bonus dari X". Offers are otherwise read at money expressions (the model is
asked about each), so such an offer is never a candidate. The proposer ``offer_without_amount``
reads it by grammar: an offering word with a pay word right after it, in a sentence with no
figure, and the payer the sentence names. The words are data (``data/pay_grammar_id.json``:
"unpriced_offering", "unpriced_pay", "unpriced_negation", "recipient_marks", "not_payer_after").
Every draft then passes the offer rules like the model's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from talent_extract import data
from talent_extract.find.money import find_money
from talent_extract.find.names import default_org_table
from talent_extract.ground.framework import Context, Draft, OfferDraft, proposer
from talent_extract.ground.move_grammar import people_in
from talent_extract.ground.offer_rules import _employer, _same_name
from talent_extract.ground.pay_grammar import LISTED, read_payer
from talent_extract.ground.story import story_org
from talent_extract.ground.vocabulary import headline, load_cues_raw
from talent_extract.text.patterns import phrases
from talent_extract.text.sentences import Sentence

__all__ = ["offer_without_amount"]


@dataclass(frozen=True)
class _Marks:
    told: re.Pattern[str]
    negated: re.Pattern[str]
    recipient: re.Pattern[str]
    not_payer: re.Pattern[str]
    listed: re.Pattern[str]
    noun: re.Pattern[str]
    dari: re.Pattern[str]
    company: re.Pattern[str]
    counted: re.Pattern[str]
    manner: re.Pattern[str]


@lru_cache(maxsize=1)
def _marks() -> _Marks:
    g, mg = data.pay_grammar(), data.move_grammar()
    flags = re.IGNORECASE
    offering = rf"(?<![\w-])(?:{phrases(g.unpriced_offering)})"
    # The pay word at most three words after the offering one: "menyodorkan paket bonus",
    # "tawaran kompensasi gaji", "menjanjikan jabatan serta insentif".
    told = rf"{offering}(?:\s+[\w-]+){{0,3}}?\s+(?:{phrases(g.unpriced_pay)})(?![\w-])"
    fillers = rf"(?:(?:{phrases(g.fillers)})\s+)*"
    return _Marks(
        told=re.compile(told, flags),
        negated=re.compile(rf"(?<![\w-])(?:{phrases(g.unpriced_negation)})\s+$", flags),
        recipient=re.compile(
            rf"(?<![\w-])(?:{phrases(g.recipient_marks)})\s+([^,.;:()\"“”]+)", flags
        ),
        not_payer=re.compile(
            rf"(?<![\w-])(?:{phrases([*g.not_payer_after, *load_cues_raw()['group_nouns']])})"
            r"\s+$",
            flags,
        ),
        listed=LISTED,  # the list joiner of the payer grammar ("X dan Y menawarkan")
        noun=re.compile(rf"^(?:{phrases(g.offer_nouns)})(?![\w-])", flags),
        dari=re.compile(r"\s+dari\s+$", flags),
        company=re.compile(
            rf"(?<![\w-])(?:{phrases(mg.company_nouns)})(?:\s+(?:{phrases(mg.demonstratives)}))?"
            rf"\s+{fillers}$",
            flags,
        ),
        counted=re.compile(rf"(?<![\w-])(?:{phrases(mg.group_quantifiers)})\s+$", flags),
        manner=re.compile(rf"(?<![\w-])(?:{phrases(g.manner_marks)})\s+$", flags),
    )


_Name = tuple[int, int, str | None]  # a name in the sentence: offsets, and who it stands for
_STOP = re.compile(r"\s+(?:yang|untuk|agar|supaya|sehingga|dan|serta)(?![\w-]).*$", re.I | re.S)
_CLAUSE_END = re.compile(r"[,.;:]")
_DIGIT = re.compile(r"\d")  # a figure right after the offer: an amount the finder did not read


def _recipient(ctx: Context, s: Sentence, at: int, end: int) -> str | None:
    """Who the sentence tells is offered the pay: the person named right before a passive
    offering word ("A ditawari gaji"), else the words after "kepada"/"bagi" (up to "yang")."""
    if s.text[at : at + 2].casefold() == "di":
        before = [m for m in people_in(s, ctx.persons) if m.end <= at]
        if before and not s.text[before[-1].end : at].strip(" ,"):
            return before[-1].name
        return None
    m = _marks().recipient.search(s.text, end)
    if m is None:
        return None
    words = _STOP.sub("", m.group(1)).split()
    return " ".join(words[:8]) or None


def _subject(text: str, named: list[_Name], i: int, at: int) -> list[str]:
    """The payer named ``named[i]`` before the offering word at ``at``, with the ones listed
    before it ("X dan Y menawarkan"); none when it stands in a phrase of its own ("peneliti dari
    X", "menurut laporan X") unless a relative clause makes it the one ("ke X yang menawarkan"),
    or when a clause ends between it and the word."""
    marks = _marks()
    gap = text[named[i][1] : at]
    if _CLAUSE_END.search(gap.replace(",", "")):
        return []
    while i > 0 and marks.listed.match(text[named[i - 1][1] : named[i][0]]):
        i -= 1
    listed = [n[2] for n in named[i:] if n[1] <= at]
    relative = gap.split()[:1] == ["yang"]
    if not (relative or not marks.not_payer.search(text[: named[i][0]])):
        return []
    return [n for n in listed if n] if all(listed) else []


def _payers(ctx: Context, s: Sentence, at: int, end: int) -> list[str]:
    """Who the sentence tells offers the pay of the offering word at ``at``..``end``."""
    marks, text = _marks(), s.text
    orgs = default_org_table().find(text)
    named: list[_Name] = [(o.start, o.end, o.org) for o in orgs]
    for p in people_in(s, ctx.persons):
        if not any(a < p.end and p.start < b for a, b, _ in named):
            named.append((p.start, p.end, _employer(ctx, p.name)))
    named.sort(key=lambda n: n[0])
    before = [n for n in named if n[1] <= at]
    marked = read_payer(s, at, ctx.persons)
    if marked is not None:
        if marked.end <= at:  # "X menawarkan": the subject the grammar marks
            i = next((k for k, n in enumerate(before) if n[0] == marked.start), None)
            return _subject(text, before, i, at) if i is not None else []
        name = _employer(ctx, marked.name) if marked.is_person else marked.name
        return [name] if name else []  # "ditawarkan oleh X", "tawaran dari X"
    passive = text[at : at + 2].casefold() == "di"
    if marks.noun.match(text[at:end]):
        # "tawaran remunerasi yang amat besar dari X": the payer later in its clause.
        stop = _CLAUSE_END.search(text, end)
        limit = stop.start() if stop else len(text)
        for o in orgs:
            if end <= o.start < limit and marks.dari.search(text[: o.start]):
                return [o.org]
    if passive:  # a passive word names its payer after it, or none
        return []
    lead = marks.company.search(text[:at])
    if lead and (not before or before[-1][1] <= lead.start()):
        # "perusahaan menawarkan": the story's organisation, nearer than any name.
        org = story_org(ctx, 3)
        return [org] if org and not marks.counted.search(text[: lead.start()]) else []
    return _subject(text, before, len(before) - 1, at) if before else []


@proposer("offer")
def offer_without_amount(ctx: Context) -> list[Draft]:
    """Pay offered with no figure: an offering word ("menawarkan", "ditawari", "tawaran",
    "diiming-imingi") with a pay word at most three words after it ("menyodorkan paket bonus
    yang lebih menarik", "tawaran bonus berlimpah"), in a sentence with no money expression, not
    negated ("tidak menawarkan gaji"). The payer is the one the sentence marks ("X menawarkan",
    "tawaran dari X"), else the organisation named nearest before the word outside a phrase of
    its own ("peneliti dari X"), with one listed before it ("X dan Y menawarkan"), a person
    heading an organisation of the article standing for it; "perusahaan menawarkan" is the
    story's organisation. One offer per payer, and none for a payer the article gives a figure
    for: that amount is the record."""
    marks = _marks()
    priced = [o.offerer for o in ctx.offers if o.offerer]
    found: list[Draft] = []
    payers: list[str] = []
    # Body sentences before headline lines: the story tells the offer, the title restates it.
    for s in sorted(ctx.sentences, key=lambda s: (headline(s.text), s.index)):
        m = marks.told.search(s.text)
        if m is None or find_money(s.text) or _DIGIT.search(s.text, m.end(), m.end() + 40):
            continue
        if marks.negated.search(s.text[: m.start()]) or marks.manner.search(s.text[: m.start()]):
            continue
        for name in _payers(ctx, s, m.start(), m.end()):
            if any(_same_name(name, p, ctx) for p in (*priced, *payers)):
                continue
            payers.append(name)
            found.append(
                OfferDraft(
                    money_id=f"S{s.index + 1}",
                    offerer=name,
                    recipient=_recipient(ctx, s, m.start(), m.end()),
                    recipient_org=None,
                    status="offered",
                    sentence=s.index,
                    start=s.start + m.start(),
                    end=s.start + m.end(),
                )
            )
    return found
