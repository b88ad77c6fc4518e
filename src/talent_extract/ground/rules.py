"""The grounding rules: named, documented, switchable checks of what the model proposed.

Every record the model proposes passes through the rules of its kind, in order. A rule looks at one
draft record and the article and either keeps it, changes a field (the change is listed in
``meta.changed`` with the rule's name and the value before and after) or drops it (listed in
``meta.dropped`` with the rule's name). Nothing the model said disappears silently.

Each rule encodes one convention of Indonesian news writing, stated in its docstring, and holds for
any article: the word lists it reads are in ``data/cues_id.json`` and ``data/orgs.json``. A rule can
be switched off alone (``extract(..., rules_off={"name"})`` or ``TALENT_EXTRACT_RULES_OFF=a,b``);
``benchmarks/realnews.py --ablate`` prints each rule's effect on the real-news set.

:data:`RULES_VERSION` is a hash of this package's rule code and data files: results stored by a
batch are keyed on it, so a changed rule can never serve a stale result.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from talent_extract.find.candidates import Sentence, load_cues
from talent_extract.find.names import PersonIndex, canonical_org, default_org_table
from talent_extract.ground.locate import contains_name

Kind = Literal["departure", "offer"]


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


Draft = DepartureDraft | OfferDraft


@dataclass(frozen=True)
class Context:
    """What the rules may read: the cleaned article and what code found in it."""

    text: str
    sentences: Sequence[Sentence]
    persons: PersonIndex
    title: str | None = None

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
    check: Callable[[Draft, Context], Verdict]
    doc: str = field(default="", repr=False)


RULES: list[Rule] = []


def rule(kind: Kind) -> Callable[[Callable[..., Verdict]], Callable[..., Verdict]]:
    """Register a rule under its function's name, in definition order."""

    def register(fn: Callable[..., Verdict]) -> Callable[..., Verdict]:
        RULES.append(Rule(fn.__name__, kind, fn, (fn.__doc__ or "").strip()))
        return fn

    return register


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


def apply_rules(draft: Draft, ctx: Context, off: frozenset[str] = frozenset()) -> Outcome:
    """Run every enabled rule of the draft's kind, in order, until one drops it."""
    kind: Kind = "departure" if isinstance(draft, DepartureDraft) else "offer"
    out = Outcome(draft)
    for r in RULES:
        if r.kind != kind or r.name in off:
            continue
        verdict = r.check(draft, ctx)
        if isinstance(verdict, Drop):
            return Outcome(None, (r.name, verdict.reason), out.changed)
        if isinstance(verdict, Change):
            before = getattr(draft, verdict.field)
            draft = verdict.draft
            after = getattr(draft, verdict.field)
            out.changed.append((r.name, verdict.field, str(before), str(after), verdict.reason))
    out.draft = draft
    return out


# --------------------------------------------------------------------------- vocabulary


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len)
    return re.compile(r"(?<![\w-])(?:" + "|".join(reversed(alternatives)) + r")(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _refusal() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["refusal"])


@lru_cache(maxsize=1)
def _leaving() -> re.Pattern[str]:
    """Move words said of the one who moves: every departure word but the recruiting verbs."""
    raw = load_cues_raw()
    recruiting = {w.casefold() for w in raw["recruiting"]}
    words = [w for w in raw["departure"] if w.casefold() not in recruiting]
    return _pattern([*words, *raw["leaving"], *raw["fired"], "pengunduran"])


@lru_cache(maxsize=1)
def _former() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["former"])


@lru_cache(maxsize=1)
def _now() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["now"])


@lru_cache(maxsize=1)
def _head_titles() -> str:
    return _pattern(load_cues_raw()["head_titles"]).pattern


@lru_cache(maxsize=1)
def _pay() -> re.Pattern[str]:
    return _pattern(load_cues_raw()["pay"])


@lru_cache(maxsize=1)
def _makers() -> dict[str, str]:
    import json

    raw = json.loads(
        resources.files("talent_extract.data").joinpath("products_id.json").read_text()
    )
    return {k.casefold(): v for k, v in raw["makers"].items()}


def _leads(text: str, person: str, org: str, titles: str | None = None) -> bool:
    """Whether the article writes ``person`` with a leader title of ``org``."""
    titles = titles or load_cues().leader_titles.pattern
    last = re.escape(person.split()[-1])
    org_re = re.escape(org)
    before = rf"(?:{titles})\s+(?:\w+\s+){{0,2}}?{org_re},?\s+(?:\w+\s+)?{last}"
    after = rf"{last},?\s+(?:{titles})\s+(?:\w+\s+){{0,2}}?{org_re}"
    return bool(re.search(before, text, re.I) or re.search(after, text, re.I))


@lru_cache(maxsize=1)
def load_cues_raw() -> dict[str, list[str]]:
    import json

    raw = json.loads(resources.files("talent_extract.data").joinpath("cues_id.json").read_text())
    return {k: v for k, v in raw.items() if isinstance(v, list)}


def _org_in_text(name: str, text: str) -> tuple[str, str | None] | None:
    """The canonical (org, unit) of ``name`` if the text names it (by the name or an alias)."""
    ref = canonical_org(name)
    if ref is None:
        return None
    for form in (name, ref.org, ref.matched):
        if form and contains_name(text, form):
            return ref.org, ref.unit
    return None


def _is_org(name: str) -> bool:
    return default_org_table().lookup(name) is not None


def _name_parts(name: str) -> list[str]:
    return [t for t in name.split() if len(t) >= 3] or name.split()


def _named_in(name: str, text: str) -> bool:
    return any(contains_name(text, part) for part in _name_parts(name))


def _before(text: str, name: str, pattern: re.Pattern[str], gap: int = 20) -> bool:
    """Whether a word of ``pattern`` ends within ``gap`` characters before a mention of ``name``."""
    for part in _name_parts(name):
        for m in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text):
            if pattern.search(text[max(m.start() - gap, 0) : m.start()]):
                return True
    return False


def _after(text: str, name: str, pattern: re.Pattern[str], gap: int = 40) -> bool:
    """Whether a word of ``pattern`` follows a mention of ``name`` within ``gap`` characters."""
    for part in _name_parts(name):
        for m in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text):
            if pattern.search(text[m.end() : m.end() + gap]):
                return True
    return False


# --------------------------------------------------------------------------- departure rules


@rule("departure")
def evidence_sentence(d: Draft, ctx: Context) -> Verdict:
    """The model must cite a sentence of the article; an unknown number cites nothing."""
    assert isinstance(d, DepartureDraft)
    if 0 <= d.sentence < len(ctx.sentences):
        return KEEP
    return Drop(f"sentence {d.sentence + 1} is not in the article")


@rule("departure")
def product_is_its_maker(d: Draft, ctx: Context) -> Verdict:
    """Indonesian reports name a lab by its product ("pembuat ChatGPT", "tim Gemini"): an
    organisation field holding a product (``data/products_id.json``) is the product's maker."""
    assert isinstance(d, DepartureDraft)
    makers = _makers()
    for name in ("from_org", "to_org"):
        value = getattr(d, name)
        if value and value.casefold() in makers:
            fixed: dict[str, str | None] = {name: makers[value.casefold()]}
            return Change(replace(d, **fixed), name, f"{value} is a product")  # type: ignore[arg-type]
    return KEEP


@rule("departure")
def direction_from_grammar(d: Draft, ctx: Context) -> Verdict:
    """Indonesian marks the direction of a move around the organisations: the subject of a
    recruiting verb ("Meta merekrut/membajak/menggaet X", ``cues_id.json`` "recruiting") and the
    object of a joining phrase ("bergabung dengan Meta", "kini bekerja di Meta"; "joining",
    "now") are where X went; the organisation after "mantan"/"eks" ("mantan CEO GitHub",
    "former") is where X came from. When, in the cited sentence, the model's origin reads as a
    destination by these marks (or its destination as an origin) and the other organisation
    does not, the two are swapped."""
    assert isinstance(d, DepartureDraft)
    if d.from_org is None or not 0 <= d.sentence < len(ctx.sentences):
        return KEEP
    window = ctx.sentences[d.sentence].text
    if d.person is not None and not _named_in(d.person, window):
        return KEEP  # the marks of another person's move say nothing of this one

    def goes_to(org: str | None) -> bool:
        if not org:
            return False
        cues = load_cues()
        return (
            _after(window, org, cues.recruiting, gap=12)
            or _before(window, org, cues.joining)
            or _before(window, org, _now(), gap=30)
        )

    def comes_from(org: str | None) -> bool:
        return bool(org) and _before(window, org or "", _former(), gap=30)

    from_reads_as_to = goes_to(d.from_org) and not goes_to(d.to_org)
    to_reads_as_from = comes_from(d.to_org) and not comes_from(d.from_org)
    if not (from_reads_as_to or to_reads_as_from):
        return KEEP
    origin = d.to_org if d.to_org != d.from_org else None
    swapped = replace(
        d, from_org=origin, to_org=d.from_org, from_unit=d.to_unit, to_unit=d.from_unit
    )
    why = (
        f"{d.from_org} is where the move went" if from_reads_as_to else f"{d.to_org} is the origin"
    )
    return Change(swapped, "from_org", why)


@rule("departure")
def person_not_organisation(d: Draft, ctx: Context) -> Verdict:
    """A name that is an organisation ("OpenAI", "xAI") or the org itself is no person: headlines
    in title case ("Meta Rekrut Peneliti") make organisations look like names."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    orgs = {o.casefold() for o in (d.from_org, d.to_org) if o}
    if d.person.casefold() in orgs or _is_org(d.person):
        return Drop(f"{d.person!r} is an organisation")
    return KEEP


@rule("departure")
def mover_named_near(d: Draft, ctx: Context) -> Verdict:
    """The mover must be a person of the article, and the evidence a sentence that names them.
    A short form ("Zhao") is written out as the article's full name ("Shengjia Zhao"). Reports
    name a person once and go on with "Ia"/"-nya", and a small model often cites the sentence
    next to the right one: when neither the cited sentence nor the one before names the person,
    the evidence moves to the nearest sentence that does (a move word preferred)."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    known = ctx.persons.resolve(d.person, before=len(ctx.text))
    name = known or d.person
    if not _named_in(name, ctx.text) or (known is None and len(d.person.split()) < 2):
        return Drop(f"{d.person!r} is not a person named in the article")
    if known is not None and known != d.person:
        return Change(replace(d, person=known), "person", "the article's full name")
    if _named_in(name, ctx.window(d.sentence, before=1, after=0)):
        return KEEP
    naming = [s.index for s in ctx.sentences if _named_in(name, s.text)]
    moves = [i for i in naming if load_cues().departure.search(ctx.sentences[i].text)]
    best = min(moves or naming, key=lambda i: (abs(i - d.sentence), i))
    return Change(replace(d, sentence=best), "sentence", f"S{best + 1} names {name}")


@rule("departure")
def move_told(d: Draft, ctx: Context) -> Verdict:
    """A departure is told with a move word (hengkang, mundur, keluar, bergabung, pindah, direkrut,
    dibajak, ...; ``cues_id.json`` "departure") or a phrase of a past move ("mantan", "kini
    bergabung", "kembali ke"; "former") in the cited sentence or its neighbours: a passage that
    only names a person beside an organisation reports no move."""
    assert isinstance(d, DepartureDraft)
    window = ctx.window(d.sentence, before=1, after=1)
    if any(p.search(window) for p in (load_cues().departure, _former(), _now())):
        return KEEP
    return Drop(f"no move word in or around sentence {d.sentence + 1}")


@rule("departure")
def recruiter_not_mover(d: Draft, ctx: Context) -> Verdict:
    """The subject of a recruiting verb ("X merekrut/membajak/menggaet Y", ``cues_id.json``
    "recruiting") hired someone; unless a leaving word follows the name too, X did not move."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    s = ctx.sentences[d.sentence].text
    cues = load_cues()
    if _after(s, d.person, cues.recruiting, gap=25) and not _after(s, d.person, cues.leaving, 25):
        return Drop(f"{d.person!r} is the recruiter in sentence {d.sentence + 1}")
    return KEEP


@rule("departure")
def leader_stays_unless_leaving(d: Draft, ctx: Context) -> Verdict:
    """The head of an organisation ("CEO OpenAI Sam Altman", "Zuckerberg, CEO Meta";
    ``cues_id.json`` "head_titles" — founders are not heads: they leave their labs often) is
    named in stories about his company's hires and losses; he left it only when a move word that
    is not a recruiting verb (mundur, keluar, hengkang, dipecat, bergabung ...) follows his name
    in the cited sentence or the one before."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.from_org is None:
        return KEEP
    if not _leads(ctx.text, d.person, d.from_org, _head_titles()):
        return KEEP
    window = ctx.window(d.sentence, before=1, after=0)
    if _after(window, d.person, _leaving(), gap=60):
        return KEEP
    return Drop(f"{d.person!r} leads {d.from_org}; no leaving word is told of him")


@rule("departure")
def leader_of_destination(d: Draft, ctx: Context) -> Verdict:
    """ "CEO Meta Mark Zuckerberg" in a sentence about people joining Meta is the one they joined,
    not a mover: a person written right after a leader title (``cues_id.json`` "leader_titles")
    and the destination organisation heads the destination."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.to_org is None:
        return KEEP
    if _leads(ctx.window(d.sentence, before=1, after=0), d.person, d.to_org):
        return Drop(f"{d.person!r} heads {d.to_org}, the destination")
    return KEEP


@rule("departure")
def refused_offer_not_mover(d: Draft, ctx: Context) -> Verdict:
    """ "X menolak tawaran ..." — someone who turned an offer down stayed; unless the sentence
    also tells a leaving move (``cues_id.json`` "leaving"), it is no departure."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    s = ctx.sentences[d.sentence].text
    if _after(s, d.person, _refusal(), gap=40) and not _after(s, d.person, load_cues().leaving):
        return Drop(f"{d.person!r} turned an offer down in sentence {d.sentence + 1}")
    return KEEP


@rule("departure")
def from_org_in_article(d: Draft, ctx: Context) -> Verdict:
    """The organisation left must be named in the article (by its name or a known alias); the
    canonical name is reported ("Meta Superintelligence Labs" → Meta, unit kept)."""
    assert isinstance(d, DepartureDraft)
    return _org_field(d, ctx, "from_org", "from_unit", ctx.text)


@rule("departure")
def to_org_in_article(d: Draft, ctx: Context) -> Verdict:
    """Like ``from_org_in_article`` for the destination."""
    assert isinstance(d, DepartureDraft)
    return _org_field(d, ctx, "to_org", "to_unit", ctx.text)


@rule("departure")
def destination_near_move(d: Draft, ctx: Context) -> Verdict:
    """A destination is stated where the move is told: the cited sentence, the one before or
    the one after ("... hengkang dari X. Ia kini bergabung dengan Y."). An organisation named
    only elsewhere in the article is not where this person went."""
    assert isinstance(d, DepartureDraft)
    if d.to_org is None or _org_in_text(d.to_org, ctx.window(d.sentence, 1, 1)) is not None:
        return KEEP
    return Change(replace(d, to_org=None, to_unit=None), "to_org", "not named near the move")


@rule("departure")
def to_org_not_person(d: Draft, ctx: Context) -> Verdict:
    """ "bergabung dengan Zuckerberg" names a person, not an organisation: a destination that is a
    person of the article is not reported as ``to_org``."""
    assert isinstance(d, DepartureDraft)
    if d.to_org is None or _is_org(d.to_org):
        return KEEP
    if ctx.persons.resolve(d.to_org, before=len(ctx.text)) is not None:
        return Change(replace(d, to_org=None, to_unit=None), "to_org", "a person, not an org")
    return KEEP


@rule("departure")
def different_orgs(d: Draft, ctx: Context) -> Verdict:
    """Leaving an organisation for itself is no move: when the model gives the same organisation
    as origin and destination, the destination is the one that cannot be right."""
    assert isinstance(d, DepartureDraft)
    if d.from_org and d.to_org and d.from_org == d.to_org and d.from_unit == d.to_unit:
        return Change(replace(d, to_org=None, to_unit=None), "to_org", "same as from_org")
    return KEEP


@rule("departure")
def group_needs_origin(d: Draft, ctx: Context) -> Verdict:
    """An unnamed group ("tiga peneliti") is a departure only with the organisation it left."""
    assert isinstance(d, DepartureDraft)
    if d.person is None and d.from_org is None:
        return Drop("an unnamed group without the organisation it left")
    return KEEP


@rule("departure")
def relayed_is_reported(d: Draft, ctx: Context) -> Verdict:
    """A move the article relays from sources or rumours ("menurut sumber", "dikabarkan",
    ``cues_id.json`` "sources") is ``reported``, whatever tense the model read."""
    assert isinstance(d, DepartureDraft)
    if d.status == "reported":
        return KEEP
    if load_cues().sources.search(ctx.sentences[d.sentence].text):
        return Change(replace(d, status="reported"), "status", "relayed from sources")
    return KEEP


def _org_field(d: DepartureDraft, ctx: Context, name: str, unit: str, text: str) -> Verdict:
    value = getattr(d, name)
    if value is None:
        return KEEP
    found = _org_in_text(value, text)
    if found is None:
        cleared: dict[str, str | None] = {name: None, unit: None}
        return Change(replace(d, **cleared), name, "not named in the article")  # type: ignore[arg-type]
    org, org_unit = found
    if org != value or org_unit != getattr(d, unit):
        canonical: dict[str, str | None] = {name: org, unit: org_unit}
        return Change(replace(d, **canonical), name, "canonical name")  # type: ignore[arg-type]
    return KEEP


# --------------------------------------------------------------------------- offer rules


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


# --------------------------------------------------------------------------- version


def _rules_version(root: Path | None = None) -> str:
    """The hash of the ``.py`` and ``.json`` files under ``ground/``, ``find/`` and ``data/`` of
    the package at ``root`` (default: the installed ``talent_extract``)."""
    digest = hashlib.sha256()
    pkg = root if root is not None else Path(str(resources.files("talent_extract")))
    for part in ("ground", "find", "data"):
        folder = pkg / part
        for file in sorted(folder.rglob("*")):
            if file.suffix in (".py", ".json") and file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


RULES_VERSION = _rules_version()
"""A hash of the grounding, finding and data code: it changes whenever a rule or a word list
does, and result stores key on it."""
