"""The grounding rules of departures, in the order they run.

See :mod:`talent_extract.ground.rules` for what a rule is and how to switch one off.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from talent_extract import data
from talent_extract.find.candidates import load_cues
from talent_extract.find.names import canonical_org
from talent_extract.ground.careers import career_told
from talent_extract.ground.discourse import sentences_about, told_destination
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
from talent_extract.ground.groups import (
    group_leaves,
    group_move_word,
    listed_after_group,
    listed_member,
)
from talent_extract.ground.lists import under_listed_move
from talent_extract.ground.locate import contains_name
from talent_extract.ground.move_grammar import layoff_words, part_about, read_move, recruited
from talent_extract.ground.named_moves import hired_in_list
from talent_extract.ground.org_fields import org_field, staff_org_before
from talent_extract.ground.told_parts import move_told_in
from talent_extract.ground.vocabulary import (
    _after,
    _is_org,
    _leads,
    _leaves,
    _leaves_by_noun,
    _lone_surname,
    _move_marks,
    _named_in,
    _org_in_text,
    _own_move_marks,
    _person_move_marks,
    _refusal,
    _role_titles,
    _short_lines_only,
    _spoke,
    _succeeds,
    canonical_name,
    product_maker,
)
from talent_extract.text.patterns import word_pattern
from talent_extract.text.sentences import Sentence


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
    """The mover must be a person of the article (a name starts with a capital: "para mitra",
    "mantan pegawai X" are none), and the evidence a sentence that names them. A
    surname alone is a person when the article writes it capitalised inside sentences at least
    twice and it is no word, title, place or organisation the name lists know (the full name
    may stand only in a caption the cleaner removed: "Sutskever mengatakan ..."); a name ending
    in a job title ("Sosok CEO") is a description. A short form
    ("Zhao") is written out as the article's full name ("Shengjia Zhao"). Reports name a person
    once and go on with "Ia"/"-nya", and a small model often cites the sentence next to the
    right one: when neither the cited sentence nor the one before names the person, the
    evidence moves to the nearest sentence that does (a move word preferred)."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    known = ctx.persons.resolve(d.person, before=len(ctx.text))
    name = known or d.person
    capitalised = d.person.strip()[:1].isupper()  # "mantan karyawan X" is a description
    if (
        not _named_in(name, ctx.text)
        or (known is None and not capitalised)
        or (known is None and len(d.person.split()) < 2 and not _lone_surname(d.person, ctx.text))
        or (known is None and _ends_in_title(d.person))  # "Sosok CEO", "Sang Direktur"
    ):
        return Drop(f"{d.person!r} is not a person named in the article")
    if known is not None and known != d.person:
        return Change(replace(d, person=known), "person", "the article's full name")
    if _named_in(name, ctx.window(d.sentence, before=1, after=0)):
        return KEEP
    naming = [s.index for s in ctx.sentences if _named_in(name, s.text)]
    moves = [i for i in naming if load_cues().departure.search(ctx.sentences[i].text)]
    best = min(moves or naming, key=lambda i: (abs(i - d.sentence), i))
    return Change(replace(d, sentence=best), "sentence", f"S{best + 1} names {name}")


def _ends_in_title(name: str) -> bool:
    """Whether the last word of ``name`` is a job title (``titles_id.json``): a description."""
    words = name.split()
    return bool(words) and words[-1].casefold() in _title_words()


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(t.casefold() for t in data.titles().job_titles)


@rule("departure")
def orgs_from_grammar(d: Draft, ctx: Context) -> Verdict:
    """Indonesian marks both ends of a move right around the organisations' names: "keluar
    dari X", "meninggalkan X", "mantan peneliti X", "dipecat X" are where the person came from;
    "bergabung dengan Y", "pindah ke Y", "kini bekerja di Y", "dibajak Y", "Y merekrut A" are
    where they went (``data/move_grammar_id.json``, read by
    :mod:`talent_extract.ground.move_grammar` in the part of the cited sentence about this
    person). Where the sentence marks exactly one origin (or destination), that is the model's
    ``from_org`` (``to_org``); a field the grammar gives to the other end is moved there or
    cleared. A sentence that marks nothing, or several organisations at one end, changes
    nothing."""
    assert isinstance(d, DepartureDraft)
    if not 0 <= d.sentence < len(ctx.sentences):
        return KEEP
    move = read_move(ctx.sentences[d.sentence], d.person, ctx.persons)
    if not (move.origins or move.destinations):
        return KEEP
    units: dict[str | None, str | None] = dict(move.units)
    cur_from = canonical_name(d.from_org)
    cur_to = canonical_name(d.to_org)
    if cur_from is not None and cur_from == cur_to and _unit(d.from_org) != _unit(d.to_org):
        return KEEP  # a move between units of one organisation: the grammar reads orgs only
    new_from, new_to = cur_from, cur_to
    if len(move.origins) == 1:
        new_from = move.origins[0]
    elif cur_from in move.destinations:
        new_from = cur_to if cur_to not in move.destinations else None
    if len(move.destinations) == 1:
        new_to = move.destinations[0]
    elif cur_to in move.origins:
        new_to = cur_from if cur_from not in move.origins else None
    if new_to == new_from:
        new_to = None if new_from in move.origins else new_to
        new_from = None if new_to is not None and new_from == new_to else new_from
    if (new_from, new_to) == (cur_from, cur_to):
        return KEEP
    fixed = replace(
        d,
        from_org=new_from if new_from != cur_from else d.from_org,
        from_unit=units.get(new_from) if new_from != cur_from else d.from_unit,
        to_org=new_to if new_to != cur_to else d.to_org,
        to_unit=units.get(new_to) if new_to != cur_to else d.to_unit,
    )
    marked = ", ".join(
        [*(f"{o} left" for o in move.origins), *(f"{o} joined" for o in move.destinations)]
    )
    first = "from_org" if new_from != cur_from else "to_org"
    return Change(fixed, first, f"sentence {d.sentence + 1} marks {marked}")


def _unit(name: str | None) -> str | None:
    ref = canonical_org(name) if name else None
    return ref.unit if ref is not None else None


@rule("departure")
def move_told(d: Draft, ctx: Context) -> Verdict:
    """A departure is told with a move word (hengkang, mundur, keluar, bergabung, pindah, direkrut,
    dibajak, pengunduran diri, ...; ``cues_id.json`` "departure"), a hiring verb ("berhasil
    menarik A"), a verb of following ("B akan menyusul"; ``move_grammar_id.json``) or a phrase of
    a past move ("mantan", "kini bergabung", "kembali ke"; "former"), said of the mover: in their
    part of the cited sentence (a sentence naming several people tells each one's move in their
    own stretch, :func:`~talent_extract.ground.move_grammar.part_about`), or in the next or
    previous sentence when that one names no one else ("Ia kemudian hengkang ...") and is no
    part of a direct quote (there "keluar dari X" is what someone said); a sentence naming no
    one that tells a group leaving ("Banyak karyawan ... telah meninggalkan perusahaan") tells
    the group's move, not theirs. A passage
    that only names a person beside an organisation, or beside someone else's move, reports no
    move of theirs. Headlines and leads often name the mover without the verb the body gives
    later: when another sentence tells this person's move, or names them after a group's move
    ("Salah satunya adalah A"), the evidence moves there (the nearest); with none, the draft is
    dropped. An item of a list of movers is told by its intro, a member named right after a
    group's move ("Di antaranya ada A, B") or listed in it ("..., termasuk mantan CEO X, A") by
    that move, one a hiring verb lists ("menggaet ..., termasuk A dari X") by that verb. An
    unnamed group needs the move word in or around the cited sentence. A hiring verb after
    the name is said of whoever hires, a counted noun of leaving ("dua pengunduran diri") of
    others, a past post after the name with no organisation ("A, mantan Kepala Keamanan, akan
    menjadi ...") is a post: none tells the person's move."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        window = ctx.window(d.sentence, before=1, after=1)
        if any(p.search(window) for p in (*_move_marks(), layoff_words())) or group_move_word(
            ctx.sentences[d.sentence].text, window
        ):
            return KEEP
        return Drop(f"no move word in or around sentence {d.sentence + 1}")
    person = d.person

    def tells(i: int, marks: tuple[re.Pattern[str], ...] = _person_move_marks()) -> bool:
        if not 0 <= i < len(ctx.sentences):
            return False
        part = part_about(ctx.sentences[i], person, ctx.persons)
        if part is None:
            return False
        group = group_leaves(part) if part == ctx.sentences[i].text else None
        if group is not None and not move_told_in(part[:group], person, d.from_org, marks):
            # A sentence naming no one whose subject is a group ("Banyak karyawan ...
            # meninggalkan") tells the group's move ("Pemecatannya memicu sejumlah staf keluar"
            # tells the person's first).
            return contains_name(part, person) and move_told_in(part, person, d.from_org, marks)
        return move_told_in(part, person, d.from_org, marks)

    if tells(d.sentence) or listed_member(ctx, d.sentence, person):
        return KEEP
    # A neighbour that names no one goes on about the same people ("Ia kemudian hengkang",
    # "Mereka adalah A, B ..." after "tiga peneliti hengkang") — with a move of their own: the
    # subject of "merekrut"/"perekrutan" there is whoever hires, perhaps the person named here.
    for i in (d.sentence - 1, d.sentence + 1):
        if (
            0 <= i < len(ctx.sentences)
            and not _people(ctx, i)
            and not _inside_quote(ctx, i)  # a quote's "keluar dari X" is what someone said
            and tells(i, _own_move_marks())
        ):
            return KEEP
    if under_listed_move(ctx, d.sentence) or listed_after_group(ctx, d.sentence):
        return KEEP  # "Peneliti yang hengkang antara lain:" above "- A (X)"; "Di antaranya A"
    if hired_in_list(ctx, d.sentence, person):
        return KEEP  # "Meta menggaet beberapa tokoh AI, termasuk A dari X"
    known = ctx.persons.resolve(person, before=len(ctx.text)) is not None or _lone_surname(
        person, ctx.text
    )
    if known:
        # After the first mention a report calls the person by their surname ("Tulloch
        # beralih ke OpenAI"): a sentence naming them so tells their move as well.
        surname = person.split()[-1]
        telling = [
            s.index
            for s in ctx.sentences
            if (contains_name(s.text, person) or contains_name(s.text, surname))
            and (tells(s.index) or listed_after_group(ctx, s.index))
        ]
        if telling:
            best = min(telling, key=lambda i: (abs(i - d.sentence), i))
            return Change(replace(d, sentence=best), "sentence", f"S{best + 1} tells the move")
    return Drop(f"no move of {person!r} is told in or around sentence {d.sentence + 1}")


def _inside_quote(ctx: Context, index: int) -> bool:
    """Whether sentence ``index`` starts inside a direct quote: more opening than closing curly
    marks, or an odd number of straight ones, before it in its paragraph."""
    start = ctx.sentences[index].start
    before = ctx.text[ctx.text.rfind("\n", 0, start) + 1 : start]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _people(ctx: Context, index: int) -> bool:
    s = ctx.sentences[index]
    return bool(ctx.persons.mentions_in(s.start, s.end))


@rule("departure")
def recruiter_not_mover(d: Draft, ctx: Context) -> Verdict:
    """The subject of a recruiting verb ("X merekrut/membajak/menggaet Y", ``cues_id.json``
    "recruiting") hired someone; unless a leaving word follows the name too, X did not move."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    s = ctx.sentences[d.sentence].text
    cues = load_cues()
    if _after(s, d.person, cues.recruiting, gap=40) and not _after(s, d.person, cues.leaving, 40):
        return Drop(f"{d.person!r} is the recruiter in sentence {d.sentence + 1}")
    return KEEP


@lru_cache(maxsize=1)
def _quits() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().quit_verbs)


def _quits_far(part: str, person: str) -> bool:
    """A verb of leaving after ``person`` in their part of a sentence, with no group between
    ("X mengatakan ... meski tiga insinyur mundur" is the engineers' leaving). Only a verb of
    leaving: "bergabung" there may be the recruits', not theirs."""
    name = re.search(rf"(?<![\w-]){re.escape(person.split()[-1])}(?![\w-])", part)
    if name is None:
        return False
    verb = _quits().search(part, name.end())
    return verb is not None and not load_cues().group.search(part, name.end(), verb.start())


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
    if _leaves(window, d.person) or recruited(window, d.person):
        return KEEP
    if listed_after_group(ctx, d.sentence):
        return KEEP  # "dua pimpinan X telah pergi. Keduanya adalah A, CEO X, dan B"
    # "X, chief technology officer OpenAI, mengumumkan ... untuk meninggalkan startup itu": the
    # leaving verb may stand far after the name, in X's own part of the sentence.
    # Any sentence naming them may tell it ("A, Kepala X, sudah menyampaikan bahwa dirinya
    # segera keluar" below a headline the model cited).
    for i in dict.fromkeys([d.sentence - 1, d.sentence, *sentences_about(ctx, d.person)]):
        if 0 <= i < len(ctx.sentences):
            part = part_about(ctx.sentences[i], d.person, ctx.persons)
            if part is not None and _quits_far(part, d.person):
                moved = i not in (d.sentence - 1, d.sentence)
                return (
                    Change(replace(d, sentence=i), "sentence", "tells the leaving")
                    if moved
                    else KEEP
                )
    return Drop(f"{d.person!r} leads {d.from_org}; no leaving word is told of him")


@rule("departure")
def speaker_not_mover(d: Draft, ctx: Context) -> Verdict:
    """Indonesian reports give voices with "kata X", "menurut X", "X mengatakan"
    (``cues_id.json`` "speech"): the one who speaks in the cited sentence comments on the move;
    unless a leaving word or a career ("mantan X yang kini di Y") is told of them there, they
    are not the mover. A mover often speaks too: when another sentence tells them leaving ("X
    mundur", "pengunduran diri X") and they do not speak there, the evidence moves there."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    s = ctx.sentences[d.sentence].text
    if not _spoke(s, d.person) or _leaves(s, d.person) or career_told(ctx, d.sentence, d.person):
        return KEEP
    person = d.person
    telling = [
        t.index for t in ctx.sentences if _leaves(t.text, person) and not _spoke(t.text, person)
    ]
    if telling:
        best = min(telling, key=lambda i: (abs(i - d.sentence), i))
        return Change(replace(d, sentence=best), "sentence", f"S{best + 1} tells them leaving")
    return Drop(f"{d.person!r} speaks in sentence {d.sentence + 1}; no move is told of them")


@rule("departure")
def successor_not_mover(d: Draft, ctx: Context) -> Verdict:
    """Indonesian reports of a resignation name who takes the post over: "A akan digantikan oleh
    X", "X menggantikan A", "X ditunjuk sebagai CEO sementara" (``data/move_grammar_id.json``).
    The successor or appointee takes a post; unless their part of the sentence also tells them
    leaving ("pengunduran diri", "hengkang") or an organisation they came from ("mantan ...
    X", "dari X"), they are no mover."""
    assert isinstance(d, DepartureDraft)
    if d.person is None:
        return KEEP
    sentence = ctx.sentences[d.sentence]
    if not contains_name(sentence.text, d.person.split()[-1]) and d.sentence > 0:
        # Cited next to the sentence that names them (mover_named_near keeps that): read that.
        sentence = ctx.sentences[d.sentence - 1]
    part = part_about(sentence, d.person, ctx.persons)
    if part is None or not _succeeds(part, d.person):
        return KEEP
    # Strictly leaving here: "ditunjuk" itself is a move word of the cue lists.
    left = _after(part, d.person, load_cues().leaving, gap=60) or _leaves_by_noun(part, d.person)
    if left or read_move(_own_clause(sentence, d.person), d.person, ctx.persons).origins:
        return KEEP
    return Drop(f"{d.person!r} takes a post over in sentence {d.sentence + 1}")


def _own_clause(sentence: Sentence, person: str) -> Sentence:
    """``sentence`` from the clause that names ``person`` on ("Perekrutan ini meninggalkan X
    ..., dengan kepala bisnis A naik sebagai CEO sementara": A's clause does not leave X)."""
    at = sentence.text.find(person.split()[-1])
    cut = max(sentence.text.rfind(",", 0, at), sentence.text.rfind(";", 0, at)) + 1 if at > 0 else 0
    return Sentence(sentence.index, sentence.start + cut, sentence.end, sentence.text[cut:])


@rule("departure")
def byline_not_mover(d: Draft, ctx: Context) -> Verdict:
    """A name the article gives only on short lines — the byline ("Nama | Outlet"), a photo
    credit, an editor's line — belongs to who wrote or pictured the story, not to a mover. The
    items of a list of movers are short lines too, and are not bylines."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or under_listed_move(ctx, d.sentence):
        return KEEP
    if _short_lines_only(ctx.text, d.person):
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
    return org_field(d, ctx, "from_org", "from_unit", ctx.text)


@rule("departure")
def to_org_in_article(d: Draft, ctx: Context) -> Verdict:
    """Like ``from_org_in_article`` for the destination."""
    assert isinstance(d, DepartureDraft)
    return org_field(d, ctx, "to_org", "to_unit", ctx.text)


@rule("departure")
def destination_near_move(d: Draft, ctx: Context) -> Verdict:
    """A destination is where the article tells this person went, not any organisation named
    nearby. It holds when a sentence about the person (naming them in full or by surname, or
    going on about them with "ia"/"dia": :func:`~talent_extract.ground.discourse.sentences_about`)
    or the sentence the model cited marks it as their destination ("bergabung dengan Y", "pindah
    ke Y", "Y merekrut A"), or names it in the person's own part of such a sentence; or when the
    cited sentence or one beside it names it and no other person ("... hengkang dari X. Tim itu
    kini bergabung dengan Y."), or when the person is a member named right after a group's move
    that names it. An organisation named there only as where they came from
    ("mantan insinyur Google") or as an owner, backer or rival ("yang didukung Microsoft",
    ``owner_marks``) is not where they went. An unnamed group's destination must be named in the
    cited sentence or one beside it."""
    assert isinstance(d, DepartureDraft)
    if d.to_org is None or (d.to_org == d.from_org and d.to_unit != d.from_unit):
        return KEEP  # a move between units of one organisation: the grammar reads orgs only
    cited = [d.cited] if d.cited is not None and 0 <= d.cited < len(ctx.sentences) else []
    if d.person is None:
        if _names_org(ctx.window(d.sentence, 1, 1), d.to_org) or any(
            _names_org(ctx.sentences[i].text, d.to_org) for i in cited
        ):
            return KEEP
    elif told_destination(ctx, d.person, d.to_org, d.sentence, cited):
        return KEEP
    elif listed_after_group(ctx, d.sentence) and _names_org(
        ctx.sentences[d.sentence - 1].text, d.to_org
    ):
        return KEEP  # a member named after the group's move: "Di antaranya ada A, B ..."
    return Change(replace(d, to_org=None, to_unit=None), "to_org", "not told as where they went")


def _names_org(text: str, org: str) -> bool:
    """Whether ``text`` names ``org`` (canonical), by its name or any alias ("SSI")."""
    return _org_in_text(org, text) is not None


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
    as origin and destination, the destination is the one that cannot be right. A move between
    two units of one organisation ("dari Lab Visi ke kantor pusat Cakra Neural") is a post
    inside it, like an internal appointment: no departure."""
    assert isinstance(d, DepartureDraft)
    if d.from_org and d.to_org and d.from_org == d.to_org:
        if d.from_unit == d.to_unit:
            return Change(replace(d, to_org=None, to_unit=None), "to_org", "same as from_org")
        return Drop(f"a move inside {d.from_org}, from one unit to another")
    return KEEP


@rule("departure")
def destination_told_nearby(d: Draft, ctx: Context) -> Verdict:
    """A move is often told over several sentences: "X keluar dari xAI pada Juli. ... Beberapa
    hari lalu, X dilaporkan telah direkrut oleh OpenAI." With no destination yet, one the grammar
    marks for this person (named in full or by surname, in their own part of the sentence) up to
    three sentences after the evidence, two before, or in any sentence about them, is where they
    went; the nearest wins."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.to_org is not None:
        return KEEP
    surname = d.person.split()[-1]
    near = [*range(max(d.sentence - 2, 0), min(d.sentence + 4, len(ctx.sentences)))]
    near += [i for i in sentences_about(ctx, d.person) if i not in near]
    for i in sorted(near, key=lambda i: (abs(i - d.sentence), i)):
        s = ctx.sentences[i]
        if i == d.sentence or not contains_name(s.text, surname):
            continue
        gone = [o for o in read_move(s, d.person, ctx.persons).destinations if o != d.from_org]
        if gone:
            return Change(replace(d, to_org=gone[0]), "to_org", f"S{i + 1} tells where they went")
    return KEEP


@rule("departure")
def staff_of_origin(d: Draft, ctx: Context) -> Verdict:
    """A staff noun with an organisation right before a person's name, or before the list that
    holds it, says where they work ("peneliti OpenAI A", "tiga pegawai OpenAI dari kantor
    Swiss—A, B, dan C—juga hengkang ke ..."; ``cues_id.json`` "group_nouns"): when the model
    gave no organisation left, that one is it — not when a move word stands between (then
    the organisation is another's part of the sentence)."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.from_org is not None:
        return KEEP
    org = staff_org_before(ctx.sentences[d.sentence].text, d.person)
    if org is None or org == d.to_org:
        return KEEP
    return Change(replace(d, from_org=org), "from_org", f"named as staff of {org}")


@rule("departure")
def needs_origin(d: Draft, ctx: Context) -> Verdict:
    """A departure is who left which organisation: a person or unnamed group ("tiga peneliti")
    with no organisation left is none. That is the case of a new hire whose previous employer
    the article does not state ("Apple mengumumkan bergabungnya X sebagai wakil presiden"),
    once ``orgs_from_grammar`` has moved the hiring organisation to ``to_org``."""
    assert isinstance(d, DepartureDraft)
    if d.from_org is None:
        return Drop("no organisation left")
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
