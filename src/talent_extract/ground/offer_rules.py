"""The grounding rules of offers, in the order they run (see :mod:`talent_extract.ground.rules`)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from talent_extract import data
from talent_extract.find.candidates import load_cues
from talent_extract.find.names import canonical_org, default_org_table
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
from talent_extract.ground.hirers import hired_by_head
from talent_extract.ground.locate import contains_name
from talent_extract.ground.move_grammar import part_about, people_in
from talent_extract.ground.pay_grammar import listed_with, read_payer
from talent_extract.ground.vocabulary import (
    _is_org,
    _leads,
    _org_in_text,
    _pay,
    _refusal,
    headline,
)
from talent_extract.records import Money
from talent_extract.text.patterns import phrases, word_pattern

_PER_DOLLAR = re.compile(r"^\s*(?:per|/|untuk setiap|setiap)\s*(?:US\$|USD|\$|dolar|dollar)", re.I)
_RATE_WORD = re.compile(r"(?<![\w-])(?:kurs|nilai tukar|rate)\b[^.;()]{0,12}$", re.I)
# "US$310,50 per lembar (saham)": the price of one share.
_PER_SHARE = re.compile(r"^\s*(?:per|/|setiap)\s*(?:lembar|saham|share|unit)(?![\w-])", re.I)


@rule("offer")
def rate_not_pay(o: Draft, ctx: Context) -> Verdict:
    """An exchange rate or a share price is no amount of money offered: Indonesian reports
    convert dollars in brackets ("Rp 3,2 triliun (kurs Rp 16.450 per US$)") and quote a
    company's share ("sahamnya naik ke US$310,50 per lembar"); money written after
    "kurs"/"nilai tukar", or followed by "per US$" or "per lembar", is a rate or a price."""
    assert isinstance(o, OfferDraft)
    before, after = ctx.text[max(o.start - 30, 0) : o.start], ctx.text[o.end : o.end + 20]
    if _RATE_WORD.search(before) or _PER_DOLLAR.match(after):
        return Drop(f"{o.money_id} is an exchange rate")
    if _PER_SHARE.match(after):
        return Drop(f"{o.money_id} is the price of one share")
    return KEEP


@lru_cache(maxsize=1)
def _worth() -> re.Pattern[str]:
    verbs = phrases(data.pay_grammar().worth_verbs)
    return re.compile(
        rf"\s*(?:kini\s+|saat\s+ini\s+|sudah\s+|telah\s+)?(?:{verbs})"
        r"(?:\s+(?:sekitar|hampir|lebih\s+dari|kurang\s+lebih))?\s*$",
        re.IGNORECASE,
    )


@rule("offer")
def worth_not_pay(o: Draft, ctx: Context) -> Verdict:
    """What a company is worth is no pay: money written right after an organisation's name
    and a verb of worth ("X bernilai sekitar $1 triliun", "X kini divaluasi US$300 miliar";
    ``pay_grammar_id.json`` "worth_verbs") is its valuation."""
    assert isinstance(o, OfferDraft)
    sentence = ctx.sentences[o.sentence]
    text, at = sentence.text, o.start - sentence.start
    # The organisation: one the table knows, or a capitalised name ("SpaceX bernilai ...").
    names = [(m.start, m.end, m.org) for m in default_org_table().find(text[:at])]
    names += [(m.start(), m.end(), m.group(0)) for m in _NAME.finditer(text, 0, at)]
    for start, end, name in names:
        if _worth().match(text, end, at) and not _offered_by().search(text, 0, start):
            return Drop(f"{o.money_id} is what {name} is worth")
    return KEEP


_NAME = re.compile(r"(?<![\w-])[A-Z][\w.&-]*[A-Za-z](?:\s+[A-Z][\w.&-]*[A-Za-z])*(?![\w-])")


@lru_cache(maxsize=1)
def _offered_by() -> re.Pattern[str]:
    """An offer noun right before a name ("tawaran (dari) X bernilai ..."): the offer's worth."""
    g = data.pay_grammar()
    nouns = phrases([*g.offer_nouns, *g.pay_nouns])
    return re.compile(rf"(?<![\w-])(?:{nouns})(?:\s+dari)?\s+$", re.IGNORECASE)


def _employer(ctx: Context, person: str) -> str | None:
    """The organisation the article presents ``person`` as heading now ("CEO X A", "A, bos
    X"), if one; else the one ``data/heads.json`` says they head, if the article names it (and
    only it, of those listed for them)."""
    named = dict.fromkeys((m.surface, m.org) for m in default_org_table().find(ctx.text))
    for surface, org in named:
        if _leads(ctx.text, person, surface, current=True):
            return org
    full = ctx.persons.resolve(person, before=len(ctx.text)) or person
    known = [o for o in data.heads().heads.get(full, []) if o in {org for _, org in named}]
    return known[0] if len(known) == 1 else None


def _same_name(a: str, b: str, ctx: Context) -> bool:
    ca, cb = canonical_org(a), canonical_org(b)
    if ca is not None and cb is not None:
        return ca.org == cb.org
    pa = ctx.persons.resolve(a, before=len(ctx.text)) or a
    pb = ctx.persons.resolve(b, before=len(ctx.text)) or b
    return pa.casefold() == pb.casefold()


@rule("offer")
def pay_not_investment(o: Draft, ctx: Context) -> Verdict:
    """Money for a company — investment, funding, valuation, acquisition, licensing, prices
    (``cues_id.json`` "investment") — is no pay offer unless its own sentence names pay (salary,
    bonus, compensation: ``cues_id.json`` "pay") nearer the amount than the investment word, or
    the money is poured out to hire people ("menggelontorkan X untuk menggaet para peneliti")
    and no deal is named after it."""
    assert isinstance(o, OfferDraft)
    if for_company(o, ctx):
        return Drop(f"{o.money_id} is money for a company, not pay")
    return KEEP


def for_company(o: OfferDraft, ctx: Context) -> bool:
    """Whether the money of ``o`` is, by its own sentence, money for a company (the reading of
    rule :func:`pay_not_investment`)."""
    sentence = ctx.sentences[o.sentence]
    s = sentence.text
    lo, hi = o.start - sentence.start, o.end - sentence.start
    invest = _distance(load_cues().investment, s, lo, hi)
    if invest is None:
        return False
    pay = _distance(_pay(), s, lo, hi)
    # Both named: the word nearer the amount says what it is ("menawarkan investasi US$14,8
    # miliar ... dengan imbalan CEO-nya" is an investment).
    return (pay is None or invest < pay) and not _spent_on_hiring(s, hi)


@lru_cache(maxsize=1)
def _hiring_purpose() -> re.Pattern[str]:
    g, cues = data.move_grammar(), data.cues()
    verbs = phrases([*g.hiring_verbs, *g.group_hiring_verbs])
    return re.compile(
        rf"[^.;]{{0,60}}?(?<![\w-])untuk\s+(?:{verbs})\s+(?:(?-i:[a-z])[\w-]*\s+){{0,3}}?(?:para\s+)?"
        rf"(?:{phrases(cues.group_nouns)})(?![\w-])",
        re.IGNORECASE,
    )


def _spent_on_hiring(s: str, hi: int) -> bool:
    """Money poured out "untuk merekrut/menggaet <staff>" right after the amount is spent on
    people, unless the sentence names a deal after it too ("..., sekaligus memperoleh
    lisensi": an acqui-hire is a company deal) or the hire is of someone named ("untuk
    merekrut A dan timnya": the price of a deal for A's company, told as a hire)."""
    if _hiring_purpose().match(s, hi) is None:
        return False
    return load_cues().investment.search(s, hi) is None


def _distance(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """How far the nearest match of ``pattern`` stands from ``text[lo:hi]``, or None."""
    gaps = [max(lo - m.end(), m.start() - hi, 0) for m in pattern.finditer(text)]
    return min(gaps) if gaps else None


@lru_cache(maxsize=1)
def _paid_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    g = data.pay_grammar()
    opener = re.compile(rf"^\W*(?:{phrases(g.restating_openers)})(?![\w-])", re.I)
    return word_pattern(g.paid_verbs), opener


def _paid_person(ctx: Context, index: int, before: int | None = None) -> str | None:
    """The person sentence ``index`` tells paid — a pay verb in their own part of it, before
    offset ``before`` of the sentence if given ("A, pilot pertama itu, cuma digaji ...")."""
    s = ctx.sentences[index]
    paid, _ = _paid_marks()
    for m in people_in(s, ctx.persons):
        part = part_about(s, m.name, ctx.persons) or ""
        at = s.text.find(part)
        hit = paid.search(part)
        if hit is not None and (before is None or at + hit.start() < before):
            return m.name
    return None


@rule("offer")
def pay_of_another(o: Draft, ctx: Context) -> Verdict:
    """An amount told as a named person's own pay ("A, pilot pertama maskapai itu, cuma digaji
    kira-kira 30 ribu dolar setahun"; ``pay_grammar_id.json`` "paid_verbs") — or
    restated right after such a sentence ("Atau setara ...", "restating_openers") — is that
    person's pay: no offer to a different recipient. Reports of a record package compare it
    with what others earned."""
    assert isinstance(o, OfferDraft)
    if o.recipient is None:
        return KEEP
    s = ctx.sentences[o.sentence]
    paid = _paid_person(ctx, o.sentence, o.start - s.start)
    if paid is None and o.sentence > 0 and _paid_marks()[1].search(s.text):
        paid = _paid_person(ctx, o.sentence - 1)
    if paid is None or _same_name(paid, o.recipient, ctx):
        return KEEP
    return Drop(f"S{o.sentence + 1} tells the pay of {paid}, not an offer to {o.recipient}")


@lru_cache(maxsize=1)
def _yardstick() -> re.Pattern[str]:
    g = data.pay_grammar()
    pay, avg = phrases(g.pay_nouns), phrases(g.average_marks)
    compared = rf"(?:{phrases(g.comparison_marks)})\s+(?:(?:{avg})\s+)?(?:{pay})"
    return re.compile(rf"(?<![\w-])(?:{compared})(?![\w-])", re.I)


@rule("offer")
def yardstick_not_offer(o: Draft, ctx: Context) -> Verdict:
    """An amount told as the measure an offer is compared with — after a comparison with other
    pay ("lebih besar daripada rata-rata gaji ... senilai X", "melampaui gaji para bos besar macam
    A, yang mengantongi X, dan B, yang mengantongi Z"; ``pay_grammar_id.json`` "comparison_marks",
    "average_marks", "pay_nouns") — is no offer. "melampaui X" right before the amount is a
    bound of the offer itself ("lebih dari"), and an average told alone ("rata-rata kompensasi
    di X mencapai Y") is X's pay: neither is a comparison."""
    assert isinstance(o, OfferDraft)
    sentence = ctx.sentences[o.sentence]
    at = o.start - sentence.start
    for m in _yardstick().finditer(sentence.text, 0, at):
        between = sentence.text[m.end() : at]
        # The amount measured, or the next of a list of them ("... sebesar X dan di Y sebesar
        # Z", "A yang menerima X, dan B yang menerima Z"): no offer is told after the last.
        last = list(_AMOUNT.finditer(between))
        tail = between[last[-1].end() :] if last else ""
        if not last or (_LISTED.search(tail) and not _OFFERED.search(tail)):
            return Drop(f"{o.money_id} is what the offer is compared with, not an offer")
    return KEEP


@lru_cache(maxsize=1)
def _earned() -> re.Pattern[str]:
    """A staff noun, then in its clause (no comma, stop or semicolon) a verb of earning."""
    nouns = phrases(data.cues().group_nouns)
    g = data.pay_grammar()
    verbs = phrases([*g.paid_verbs, *g.earning_verbs])
    return re.compile(
        rf"(?<![\w-])(?:{nouns})(?![\w-])[^,.;:]{{0,60}}?(?<![\w-])(?:{verbs})(?![\w-])", re.I
    )


@rule("offer")
def market_pay_not_offer(o: Draft, ctx: Context) -> Verdict:
    """What a kind of worker earns is a pay statistic, no offer: reports on the talent market
    quote job sites and surveys ("insinyur robotika memperoleh bayaran hingga X"). A
    staff noun (``cues_id.json`` "group_nouns") followed in its clause by a verb of earning
    (``pay_grammar_id.json`` "paid_verbs", "earning_verbs") at most 30 characters before the
    amount, in a sentence that names no person and no offer ("tawaran", "menawarkan",
    "ditawari"), tells such pay — unless the noun counts people ("seorang peneliti", "dua
    insinyur"): that is someone's pay, which may be an offer told."""
    assert isinstance(o, OfferDraft)
    sentence = ctx.sentences[o.sentence]
    at = o.start - sentence.start
    if _OFFERED.search(sentence.text) or people_in(sentence, ctx.persons):
        return KEEP
    for m in _earned().finditer(sentence.text, 0, at):
        # "seorang peneliti", "dua insinyur": someone's pay, which may be an offer told.
        one = _someone().search(sentence.text, 0, m.start())
        if at - m.end() <= 30 and one is None:
            return Drop(f"{o.money_id} is what a kind of worker earns, not an offer")
    return KEEP


@lru_cache(maxsize=1)
def _someone() -> re.Pattern[str]:
    """A count right before a noun: a digit or an exact number word of ``cues_id.json``
    "number_words" ("seorang", "dua"; not "ratusan")."""
    exact = [w for w, n in data.cues().number_words.items() if n is not None]
    return re.compile(rf"(?:\d|(?<![\w-])(?:{phrases(exact)}))\s+$", re.I)


_AMOUNT = re.compile(r"\d")
_LISTED = re.compile(r"(?<![\w-])(?:dan|serta)(?![\w-])", re.I)
_OFFERED = re.compile(r"tawar|tawari", re.I)


@rule("offer")
def payer_from_grammar(o: Draft, ctx: Context) -> Verdict:
    """The sentence of the money names who pays (``data/pay_grammar_id.json``): "gaji yang
    diberikan X", "ditawari oleh X", "X menawarkan", "tawaran dari X", "hijrah ke X dengan paket
    kompensasi". The payer marked nearest the money is the offerer (or one listed with it:
    "X dan Y menawarkan"); a person who heads an organisation of the article offers that
    organisation's pay."""
    assert isinstance(o, OfferDraft)
    s = ctx.sentences[o.sentence]
    payer = read_payer(s, o.start - s.start, ctx.persons)
    if payer is None:
        return KEEP
    name = (_employer(ctx, payer.name) if payer.is_person else None) or payer.name
    if o.offerer is not None and _same_name(o.offerer, name, ctx):
        return KEEP
    if o.offerer is not None and not payer.is_person and listed_with(s, payer, o.offerer):
        return KEEP  # "X dan Y menawarkan": each of the list pays
    return Change(replace(o, offerer=name), "offerer", f"the sentence marks {payer.name} as paying")


@rule("offer")
def hired_one_is_paid(o: Draft, ctx: Context) -> Verdict:
    """A person the money's sentence tells hired ("W merekrut A dari X, dengan kompensasi ...")
    is the one paid, not the one who pays: given as the offerer, they become the recipient, and
    the one who hires — the organisation the hiring person heads by the article's titles —
    the offerer."""
    assert isinstance(o, OfferDraft)
    if o.offerer is None or _is_org(o.offerer):
        return KEEP
    person = ctx.persons.resolve(o.offerer, before=len(ctx.text)) or o.offerer
    hirer = hired_by_head(ctx, o.sentence, person)
    if hirer is None:
        return KEEP
    new = replace(o, offerer=hirer, recipient=o.offerer)
    return Change(new, "offerer", f"S{o.sentence + 1} tells {o.offerer} hired, by {hirer}")


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
def head_pays_for_organisation(o: Draft, ctx: Context) -> Verdict:
    """Pay is offered by an organisation: a person given as the offerer whom the article titles
    head of one ("CEO X A", "A, bos X"; ``cues_id.json`` "leader_titles", not a past post)
    offers it for that organisation, even offering "personally" ("A secara pribadi
    menawarkan")."""
    assert isinstance(o, OfferDraft)
    if o.offerer is None or _is_org(o.offerer):
        return KEEP
    employer = _employer(ctx, o.offerer)
    if employer is None:
        return KEEP
    return Change(replace(o, offerer=employer), "offerer", f"{o.offerer} heads {employer}")


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


@lru_cache(maxsize=1)
def _budget() -> re.Pattern[str]:
    marks = phrases(data.pay_grammar().budget_marks)
    return re.compile(
        rf"(?<![\w-])(?:{marks})(?:\s+(?:sekitar|hampir|sebesar|senilai|hingga|lebih\s+dari))?\s*$",
        re.I,
    )


@rule("offer")
def budget_not_offer(o: Draft, ctx: Context) -> Verdict:
    """A company's budget for pay is no offer: money right after a verb or noun of targeting
    or allotting ("X menargetkan sekitar $6 miliar dari kompensasi saham", "anggaran gaji
    sebesar ..."; ``pay_grammar_id.json`` "budget_marks"), offered to no one, is what the
    company spends on all its staff, not an offer to someone."""
    assert isinstance(o, OfferDraft)
    if o.recipient is not None:
        return KEEP
    if _budget().search(ctx.text, max(o.start - 40, 0), o.start) is None:
        return KEEP
    return Drop(f"{o.money_id} is a budget for pay, offered to no one")


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


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def _forms(m: Money) -> list[Money]:
    """An amount as written and as converted in its brackets."""
    return [m, m.conversion] if m.conversion is not None else [m]


def restates(a: Money, b: Money, *, bound: bool) -> bool:
    """``a`` says the amount ``b`` says, in ``b``'s currency or its conversion's. With ``bound``
    (a headline), every bound ``a`` gives is one of ``b``'s ("Bisa Capai Rp12,5 Miliar" over
    "US$300.000 hingga US$800.000 (Rp4,7 miliar-Rp12,4 miliar)")."""
    for x in _forms(a):
        for y in _forms(b):
            if x.currency != y.currency:
                continue
            if _close(x.min, y.min, 0.02) and _close(x.max, y.max, 0.02):
                return True
            if bound:
                ends = [v for v in (y.min, y.max) if v is not None]
                given = [v for v in (x.min, x.max) if v is not None]
                if given and all(any(_close(v, e, 0.05) for e in ends) for v in given):
                    return True
    return False


@rule("offer", stage="set")
def offer_told_once(o: Draft, ctx: Context) -> Verdict:
    """An Indonesian report tells its offer more than once: in the headline, in the lead and
    again in the body, once in dollars and once in the rupiah of its bracketed conversion
    ("Tolak Tawaran Rp 15 Triliun" above "$1 miliar (Rp 15 triliun)"). One amount is one offer:
    it is kept where the story's body first tells it. A headline line restating an amount of the
    body goes whoever the model said offered it; two body sentences with the same amount are one
    offer when they name the same offerer (or the later one names none: "Ia menilai tawaran
    semacam X ..." speaks of the offer told before) and do not name two different people as
    recipients."""
    assert isinstance(o, OfferDraft)
    if o.amount is None:
        return KEEP
    mine = headline(ctx.sentences[o.sentence].text)

    def rank(d: OfferDraft) -> tuple[bool, int, int]:
        return (headline(ctx.sentences[d.sentence].text), d.sentence, d.start)

    # Best-placed first, so a restated amount names the body sentence it restates.
    for other in sorted(ctx.offers, key=rank):
        if other.money_id == o.money_id or other.amount is None or rank(other) >= rank(o):
            continue
        if not mine and not _same_parties(o, other, ctx):
            continue
        if restates(o.amount, other.amount, bound=mine):
            where = "a headline restating" if mine else "the same offer as"
            return Drop(f"{o.money_id} is {where} {other.money_id}")
    return KEEP


@rule("offer", stage="set")
def headline_told_in_body(o: Draft, ctx: Context) -> Verdict:
    """A headline or section line ("Bayaran sampai Rp 800 Miliar") restating a money
    expression of the body ("mencapai US$50 juta atau sekitar Rp 800 miliar") that the model
    did not call an offer tells that same offer: the record is the body's, where the story
    tells it, in the currency and bounds it is told in there."""
    assert isinstance(o, OfferDraft)
    if o.amount is None or not headline(ctx.sentences[o.sentence].text):
        return KEEP
    kept = {d.money_id for d in ctx.offers}
    for m in sorted(ctx.mentions, key=lambda d: (d.sentence, d.start)):
        if m.money_id in kept or m.amount is None or headline(ctx.sentences[m.sentence].text):
            continue
        if restates(o.amount, m.amount, bound=True):
            moved = replace(
                o,
                money_id=m.money_id,
                sentence=m.sentence,
                start=m.start,
                end=m.end,
                amount=m.amount,
            )
            return Change(moved, "amount", f"{o.money_id} restates {m.money_id} of the body")
    return KEEP


# Between an amount and its conversion into another currency: "... setahun atau sekitar 550
# ribu dolar AS atau Rp 9 miliar" — a period, then "atau"/"setara" links, other amounts between.
_CONVERTED = re.compile(
    r"^(?:\s*(?:per\s+\w+|setahun|sebulan))?"
    r"(?:\s*,?\s*(?:atau|setara(?:\s+dengan)?)\s+(?:sekitar\s+|kurang\s+lebih\s+)?"
    r"(?:(?:US\$|USD|\$|Rp\.?|€|¥)?\s*[^\s,.;]*\d[^\s,;]*(?:\s+(?:ribu|juta|miliar|triliun))?"
    r"(?:\s+(?:dolar|dollar|yen|euro|yuan|won|pound)(?:\s+AS)?)?)?)+\s*$",
    re.IGNORECASE,
)


@rule("offer", stage="set")
def conversion_told_apart(o: Draft, ctx: Context) -> Verdict:
    """An amount right after another offer's amount in another currency, linked by "atau" or
    "setara" ("gaji 80 juta yen setahun atau sekitar 550 ribu dolar AS atau Rp 9 miliar")
    is that offer converted — told without brackets — not an offer of its own."""
    assert isinstance(o, OfferDraft)
    if o.amount is None:
        return KEEP
    for other in ctx.offers:
        if other.sentence != o.sentence or other.amount is None or other.end > o.start:
            continue
        if other.amount.currency == o.amount.currency:
            continue
        if _CONVERTED.match(ctx.text[other.end : o.start]):
            return Drop(f"{o.money_id} converts {other.money_id} into another currency")
    return KEEP


def _same_parties(a: OfferDraft, b: OfferDraft, ctx: Context) -> bool:
    """``a`` (told later) and ``b`` name the same offerer — or ``a``'s sentence names none
    ("Ia menilai tawaran semacam X ..." goes on about ``b``) — and not two different people."""
    later = ctx.sentences[a.sentence].text
    unnamed = a.offerer is None or not _offerer_named(a.offerer, later, ctx)
    if not unnamed and (a.offerer or "").casefold() != (b.offerer or "").casefold():
        return False
    people = [
        ctx.persons.resolve(r, before=len(ctx.text)) if r else None
        for r in (a.recipient, b.recipient)
    ]
    return not (people[0] and people[1] and people[0] != people[1])


def _offerer_named(offerer: str, text: str, ctx: Context) -> bool:
    if _org_in_text(offerer, text) is not None:
        return True
    person = ctx.persons.resolve(offerer, before=len(ctx.text))
    return any(contains_name(text, part) for part in (person or offerer).split() if len(part) >= 3)


# What may stand between the two ends of one range told apart: "kira-kira US$2 miliar, bahkan
# hingga US$2,5 miliar" (a comma and up to three words of hedging, no number).
_RANGE_GAP = re.compile(r"^[\s,]*(?:[a-z]+[\s,]+){0,3}$")
_BRACKETED = re.compile(r"\([^()]*\)")


def _upper_end(low: OfferDraft, high: OfferDraft, ctx: Context) -> bool:
    """Whether ``high`` ("hingga US$2,5 miliar") closes the range ``low`` ("kira-kira US$2 miliar",
    "mulai dari US$2 miliar") opens, right after it in the same sentence (a bracketed conversion
    may stand between), in the same currency, for the same parties."""
    a, b = low.amount, high.amount
    if a is None or b is None or low.sentence != high.sentence or high.start <= low.end:
        return False
    # "kira-kira X, bahkan hingga Y", or a lower bound: "mulai dari X (sekitar Rp ...) hingga Y".
    if a.min is None or b.min is not None or b.max is None:
        return False
    if a.currency != b.currency or b.max <= (a.max or a.min) or not _same_parties(low, high, ctx):
        return False
    gap = _BRACKETED.sub(" ", ctx.text[low.end : high.start])  # a conversion between: aside
    return _RANGE_GAP.match(gap) is not None


@rule("offer", stage="set")
def range_told_apart(o: Draft, ctx: Context) -> Verdict:
    """Indonesian reports hedge a package as "kira-kira US$2 miliar, bahkan hingga US$2,5
    miliar": two money expressions, one offer from the first amount up to the second. The
    first keeps the offer with both bounds (its text spans both expressions, as written); the
    upper end is dropped as part of it."""
    assert isinstance(o, OfferDraft)
    for other in ctx.offers:
        if other.money_id == o.money_id:
            continue
        if _upper_end(other, o, ctx):
            return Drop(f"{o.money_id} is the upper end of {other.money_id}'s range")
        if _upper_end(o, other, ctx) and o.amount is not None and other.amount is not None:
            amount = Money(
                min=o.amount.min,
                max=other.amount.max,
                currency=o.amount.currency,
                approximate=o.amount.approximate,
                text=ctx.text[o.start : other.end],
            )
            return Change(replace(o, amount=amount, end=other.end), "amount", "a range told apart")
    return KEEP
