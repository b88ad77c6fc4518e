"""The grounding rules of departures, in the order they run.

See :mod:`talent_extract.ground.rules` for what a rule is and how to switch one off.
"""

from __future__ import annotations

from dataclasses import replace

from talent_extract.find.candidates import load_cues
from talent_extract.ground.framework import (
    KEEP,
    Change,
    Context,
    DepartureDraft,
    Draft,
    Drop,
    Verdict,
    rule,
)
from talent_extract.ground.vocabulary import (
    _after,
    _before,
    _former,
    _is_org,
    _leads,
    _leaving,
    _named_in,
    _now,
    _org_in_text,
    _refusal,
    _role_titles,
    _short_lines_only,
    _spoke,
    product_maker,
)


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
    fixed: dict[str, str | None] = {}
    for name in ("from_org", "to_org"):
        value = getattr(d, name)
        maker = product_maker(value) if value else None
        if maker is not None:
            fixed[name] = maker
    if not fixed:
        return KEEP
    first = next(iter(fixed))
    why = f"{getattr(d, first)} is a product of {fixed[first]}"
    return Change(replace(d, **fixed), first, why)  # type: ignore[arg-type]


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
    """Someone the article presents in a current role at the organisation ("CEO OpenAI Sam
    Altman", "Chief Research Officer OpenAI X", "Zuckerberg, CEO Meta": a job title of
    ``titles_id.json``, not a founder's — founders leave their labs often — and not marked past
    by "mantan"/"eks") is named in stories about the company's hires and losses as its voice; they
    left it only when a move word that is not a recruiting verb (mundur, keluar, hengkang,
    dipecat, bergabung ...) follows their name in the cited sentence or the one before."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.from_org is None:
        return KEEP
    if not _leads(ctx.text, d.person, d.from_org, _role_titles(), current=True):
        return KEEP
    window = ctx.window(d.sentence, before=1, after=0)
    if _after(window, d.person, _leaving(), gap=60):
        return KEEP
    return Drop(f"{d.person!r} leads {d.from_org}; no leaving word is told of him")


@rule("departure")
def speaker_not_mover(d: Draft, ctx: Context) -> Verdict:
    """Indonesian reports give voices with "kata X", "menurut X", "X mengatakan"
    (``cues_id.json`` "speech"): the one who speaks in the cited sentence comments on the move;
    unless a leaving word follows their name there, they are not the mover."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    s = ctx.sentences[d.sentence].text
    if _spoke(s, d.person) and not _after(s, d.person, _leaving(), gap=60):
        return Drop(f"{d.person!r} speaks in sentence {d.sentence + 1}; no move is told of them")
    return KEEP


@rule("departure")
def byline_not_mover(d: Draft, ctx: Context) -> Verdict:
    """A name the article gives only on short lines — the byline ("Nama | Outlet"), a photo
    credit, an editor's line — belongs to who wrote or pictured the story, not to a mover."""
    assert isinstance(d, DepartureDraft)
    if d.person is not None and _short_lines_only(ctx.text, d.person):
        return Drop(f"{d.person!r} is named only on short lines (byline, credit, caption)")
    return KEEP


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
