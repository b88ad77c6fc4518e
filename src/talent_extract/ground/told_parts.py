"""What a person's own part of a sentence tells of their move (rule ``move_told``).

A sentence naming a person beside a move word does not always tell that person's move: the
count in "tiga pengunduran diri sekaligus" is others' leaving, a hiring verb after the name is
said of whoever hires, "A, mantan Kepala Keamanan" names a post, not a place left, the one a
verb of speech addresses ("menyampaikan kepada A") is only told, and what A says of others
("A menyebut bahwa sejumlah staf lain sudah diberhentikan") is no move of A's. Here those readings
are blanked before the move words are looked for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import default_org_table
from talent_extract.ground.locate import contains_name, whole_word
from talent_extract.ground.vocabulary import (
    _before,
    _former,
    _reported_speech,
    _speech,
    _wave_nouns,
    load_cues_raw,
)
from talent_extract.text.patterns import phrases, word_pattern

__all__ = ["move_told_in"]


@lru_cache(maxsize=1)
def _counted_events() -> re.Pattern[str]:
    """A count right before a noun of leaving, one word between at most ("tiga pengunduran
    diri sekaligus", "serangkaian kepergian"; ``event_counters``, ``cues_id.json`` number words)."""
    counts = phrases([*data.cues().number_words, *data.move_grammar().event_counters])
    nouns = phrases([*load_cues_raw()["leaving_nouns"], *data.move_grammar().wave_nouns])
    return re.compile(
        rf"(?<![\w-])(?:\d+|{counts})\s+(?:[\w-]+\s+)?(?:{nouns})(?![\w-])", re.IGNORECASE
    )


def move_told_in(
    part: str, person: str, left: str | None, marks: tuple[re.Pattern[str], ...]
) -> bool:
    """Whether ``part`` (of a sentence, about ``person``) tells their move by one of ``marks``:
    not by a hiring verb after the name, a counted noun of leaving (unless it opens a list
    naming them) or a past post naming no organisation (``left``: the one recorded). The noun
    of a wave ("mencegah eksodus lebih lanjut") is no one's move; right before the name
    ("kepergian X"), or possessed by the subject after it ("X mengkonfirmasi kepergian
    mereka"), it is theirs."""
    named = whole_word(person.split()[-1]).search(part)
    if named is not None:
        if _events_listed(part, named.start()):
            return True  # "dua pengunduran diri lain menyusul: A, ..., dan B"
        if _told_to(part, named.start()):
            return False  # "ia bercerita kepada CEO A tentang niatnya keluar": A is told
        said = _reported_speech(part, named.end())
        if said is not None and not _self().match(part, said.end()):
            # "A menyebut bahwa sejumlah staf lain sudah diberhentikan": what A says, not A's move
            # ("A mengatakan bahwa ia ingin mundur" is their own).
            part = part[: said.start()]
        part = _without_hiring_after(part, named.end())
    part = _without_left_behind(part, _name_start(part, person, named))
    part = _without_counted_events(part)
    if named is not None:
        part = _without_bare_former(part, named.end(), left)
    if named is not None and _own_wave().search(part, named.end()):
        return True  # "A dan B mengkonfirmasi kepergian mereka": their own leaving
    return any(p.search(part) for p in marks) or _before(part, person, _wave_nouns(), 25)


@lru_cache(maxsize=1)
def _own_wave() -> re.Pattern[str]:
    """A noun of leaving possessed by the subject named before it ("kepergian mereka",
    "kepindahan dirinya"; ``possessed_leaving``, ``possessive_pronouns``): the leaving is
    theirs, as "kepergiannya" is."""
    g = data.move_grammar()
    return re.compile(
        rf"(?<![\w-])(?:{phrases(g.possessed_leaving)})\s+(?:{phrases(g.possessive_pronouns)})"
        r"(?![\w-])",
        re.IGNORECASE,
    )


# "menyampaikan kepada (CEO) A": A is the one spoken to (titles and given names between).
_ADDRESSEE = re.compile(r"(?<![\w-])kepada\s+(?:[A-Z][\w.-]*\s+){0,4}$")


@lru_cache(maxsize=1)
def _self() -> re.Pattern[str]:
    """What someone says of themselves: "(bahwa) ia/dia/mereka ..." (``person_pronouns``)."""
    pronouns = phrases([*data.move_grammar().person_pronouns, "mereka", "dirinya"])
    return re.compile(
        rf"(?:[\s,]+[\w-]+){{0,3}}?[\s,]*(?:bahwa\s+)?(?:{pronouns})(?![\w-])|[\s,]*$",
        re.IGNORECASE,
    )


def _told_to(part: str, start: int) -> bool:
    """Whether the name at ``start`` is the one a verb of speech addresses ("menyampaikan
    kepada CEO A", "memberi tahu kepada A"; ``telling_verbs``): such a verb at most three words
    before "kepada"."""
    m = _ADDRESSEE.search(part, 0, start)
    if m is None:
        return False
    lead = " ".join(part[: m.start()].split()[-3:])
    return bool(_speech().search(lead) or _telling().search(lead))


@lru_cache(maxsize=1)
def _telling() -> re.Pattern[str]:
    """Verbs that address someone ("bercerita kepada A"; ``telling_verbs``)."""
    return word_pattern(data.move_grammar().telling_verbs)


def _events_listed(part: str, named: int) -> bool:
    """Whether counted events of leaving open, with a colon, a list naming the person at
    ``named``: "dua pengunduran diri lain menyusul: A, ..., dan B" tells A's and B's leaving."""
    return any(":" in part[m.end() : named] for m in _counted_events().finditer(part))


def _without_counted_events(part: str) -> str:
    """``part`` with the counted events of leaving blanked: "A menyampaikan tiga pengunduran
    diri sekaligus" tells others' leaving, not A's."""
    return _counted_events().sub(lambda m: " " * len(m.group(0)), part)


def _without_bare_former(part: str, after: int, left: str | None = None) -> str:
    """``part`` with the past-post marks after the person's name (ending at ``after``) that
    name no organisation blanked: "A, mantan Kepala Keamanan, akan menjabat ..." tells a
    post, not a place left; "A, mantan peneliti X" (an organisation within the next six
    words — one the table knows, or ``left`` as written) tells X left.
    Before the name the organisation is often the sentence's subject ("X menggugat seorang
    mantan karyawan, A"): kept."""
    orgs = default_org_table().find(part)
    out = part
    for m in _former().finditer(part, after):
        words = re.match(r"(?:\s+[\w.&()-]+){1,6}", part[m.end() :])
        reach = m.end() + (words.end() if words else 0)
        named = left is not None and contains_name(part[m.end() : reach], left)
        if not named and not any(m.end() <= o.start < reach for o in orgs):
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out


@lru_cache(maxsize=1)
def _recruiting() -> re.Pattern[str]:
    """Verbs of hiring someone (``cues_id.json`` "recruiting", ``move_grammar_id.json``
    "hiring_verbs"): said of whoever hires."""
    return word_pattern([*load_cues_raw()["recruiting"], *data.move_grammar().hiring_verbs])


def _without_hiring_after(part: str, after: int) -> str:
    """``part`` with the hiring verbs after the person's first mention (ending at ``after``)
    blanked: in "CEO A, perusahaan ini ... demi merekrut para pakar" A, or another subject,
    hires — the verb tells no move of A's. Before the name ("X berhasil merekrut A") it tells
    A's hire."""
    tail = _recruiting().sub(lambda m: " " * len(m.group(0)), part[after:])
    return part[:after] + tail


@lru_cache(maxsize=1)
def _left_behind() -> re.Pattern[str]:
    """A passive of leaving ("ditinggal", "ditinggalkan", optionally "oleh"; the di- words of
    ``loss_words``): the one before it is left, the one right after it leaves."""
    passives = [w for w in data.move_grammar().loss_words if w.casefold().startswith("di")]
    return re.compile(rf"(?<![\w-])(?:{phrases(passives)})(?:\s+oleh)?(?![\w-])", re.IGNORECASE)


def _name_start(part: str, person: str, surname: re.Match[str] | None) -> int | None:
    """Where the person's name starts in ``part``: at the given name written right before the
    surname matched, else at the surname."""
    if surname is None:
        return None
    given = person.split()[:-1]
    written = " ".join(given)
    if given and part[: surname.start()].rstrip().endswith(written):
        return part.rfind(written, 0, surname.start())
    return surname.start()


# Up to four words, a comma only right before the name ("ditinggal wakil pimpinan, A").
_AGENT_GAP = re.compile(r"\s*(?:[\w-]+\s+){0,4}?(?:[\w-]+,\s*)?")


def _without_left_behind(part: str, named: int | None) -> str:
    """``part`` with the passives of leaving blanked unless the person's name (at ``named``)
    follows within four words ("ditinggal wakil pimpinan, A"): in "A juga ditinggal B" B
    leaves and A is left; "Ditinggalkan ilmuwannya, akibat A ..." tells no move of A."""
    out = part
    for m in _left_behind().finditer(part):
        gap = part[m.end() : named] if named is not None and named >= m.end() else None
        if gap is None or not _AGENT_GAP.fullmatch(gap):
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out
