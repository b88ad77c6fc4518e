"""Where one person's move went, read from the Indonesian grammar of one sentence.

Indonesian news marks the two ends of a move with small words right around an organisation's
name: "keluar dari X", "meninggalkan X", "mantan peneliti X" (the origin); "bergabung dengan Y",
"pindah ke Y", "dibajak Y", "Y merekrut ..." (the destination). :func:`read_move` finds, in the
part of a sentence that is about one person, the organisations so marked. The rule
``orgs_from_grammar`` (:mod:`talent_extract.ground.departure_rules`) uses it to set the model's
``from_org`` / ``to_org``, the fields a small model most often swaps or fills from another
sentence. The words are data (``data/move_grammar_id.json``).

"Part of a sentence about one person": from the end of the previous other person named to the
start of the next one, where a list of names ("A, B dan C") counts as one; an organisation before
the person that recruits ("Meta merekrut A", "CEO Meta Mark Zuckerberg merekrut A") is part of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from talent_extract import data
from talent_extract.find.names import PersonIndex, default_org_table
from talent_extract.find.orgs import OrgMention
from talent_extract.ground.job_titles import (
    closed_at,
    title_before,
    title_of_it,
    titled_after,
)
from talent_extract.ground.locate import contains_name
from talent_extract.text.patterns import phrases, word_pattern
from talent_extract.text.sentences import Sentence
from talent_extract.text.spans import PersonMention

__all__ = [
    "VERB_FORM",
    "Move",
    "destination_marked",
    "former_marked",
    "layoff_words",
    "owned_by",
    "owner_marked",
    "part_about",
    "people_in",
    "read_move",
    "recruited",
    "title_org",
    "tried_before",
]


@dataclass(frozen=True)
class Move:
    """The organisations a sentence marks as one person's origin and destination (canonical
    names, each once, in text order); an organisation marked both ways is in neither."""

    origins: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    units: tuple[tuple[str, str | None], ...] = ()  # (org, unit) as written, for either end


@dataclass(frozen=True)
class _Marks:
    origin: re.Pattern[str]
    former: re.Pattern[str]
    destination: re.Pattern[str]
    relative: re.Pattern[str]
    passive: re.Pattern[str]
    fired_passive: re.Pattern[str]
    recruits: re.Pattern[str]
    fires: re.Pattern[str]
    verb_ke: re.Pattern[str]
    bare_ke: re.Pattern[str]
    offered: re.Pattern[str]
    attempt: re.Pattern[str]
    joined_owned: re.Pattern[str]
    joined_named: re.Pattern[str]
    tenure: re.Pattern[str]


@lru_cache(maxsize=1)
def _marks() -> _Marks:
    g = data.move_grammar()
    cues = data.cues()
    fired = [w for w in cues.fired if w.startswith("di")]
    fillers = rf"(?:(?:{phrases(g.verb_fillers)})\s+)*"
    flags = re.IGNORECASE
    return _Marks(
        origin=re.compile(rf"(?<![\w-])(?:{phrases(g.origin_marks)})\s+$", flags),
        # A role title of up to three words may stand between: "mantan kepala riset X".
        # A longer one when "di" closes it: "mantan Head of Vision Models di X".
        former=re.compile(
            rf"(?<![\w-])(?:{phrases(g.former_marks)})\s+"
            rf"(?:(?:[\w.&-]+\s+){{0,3}}|(?:[\w.&-]+\s+){{1,5}}(?:di|pada)\s+)$",
            flags,
        ),
        destination=re.compile(rf"(?<![\w-])(?:{phrases(g.destination_marks)})\s+$", flags),
        relative=re.compile(
            rf"(?<![\w-])(?:{phrases(g.relative_marks)})\s+(?:\w+\s+)?(?:{phrases(g.destination_marks)})\s+$",
            flags,
        ),
        passive=re.compile(rf"(?<![\w-])(?:{phrases(g.passive_hired)})\s+$", flags),
        fired_passive=re.compile(rf"(?<![\w-])(?:{phrases(fired)})\s+(?:oleh\s+)?$", flags),
        recruits=re.compile(rf"^[\s,]*{fillers}(?:{phrases(g.hiring_verbs)})(?![\w-])", flags),
        fires=re.compile(rf"^[\s,]*{fillers}(?:{phrases(g.firing_verbs)})(?![\w-])", flags),
        verb_ke=re.compile(
            rf"(?<![\w-])(?:{phrases(g.to_verbs)})\s+(?:[\w-]+\s+){{0,3}}?ke\s+$", flags
        ),
        bare_ke=re.compile(r"(?<![\w-])ke\s+$", flags),
        # "negosiasi guna mengajak A kembali ke X": a move tried, not told.
        attempt=re.compile(rf"(?<![\w-])(?:{phrases(g.attempt_words)})(?![\w-])", flags),
        # "tawaran kerja dari Meta": who makes an offer, not where someone came from.
        offered=re.compile(
            rf"(?<![\w-])(?:{phrases(data.pay_grammar().offer_nouns)})(?:\s+\w+)?\s+dari\s+$", flags
        ),
        # "bergabung dengan lab superintelijen baru milik Meta": a unit in lowercase words, then
        # its owner — the owner is where they went. Case-sensitive words: a name is no unit.
        # "hengkang setelah 12 tahun di Meta": the tenure's organisation was left.
        tenure=re.compile(
            rf"(?<![\w-])(?:{phrases(g.tenure_after)})\s+(?:[\w.,-]+\s+){{1,3}}?"
            rf"(?:{phrases(g.tenure_units)})\s+(?:(?:{phrases(g.tenure_verbs)})\s+)?"
            rf"(?:{phrases(g.tenure_at)})\s+$",
            flags,
        ),
        # "untuk mendirikan startup AI baru bernama Y": the company founded, named after it.
        joined_named=re.compile(
            rf"(?<![\w-])(?:{phrases(g.destination_marks)})\s+(?:[\w()-]+\s+){{1,6}}?"
            rf"bernama\s+$",
            flags,
        ),
        joined_owned=re.compile(
            rf"(?<![\w-])(?i:{phrases(g.destination_marks)})\s+(?:[a-z][\w-]*\s+){{1,5}}"
            rf"(?i:{phrases(g.possession_marks)})\s+$"
        ),
    )


# A bracketed aside may follow a name of the list: "A (mantan peneliti X) dan B"; a role in
# lowercase may stand before the next name: "A dan wakil presiden penelitian B".
_LIST_GAP = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:,\s*)?(?:(?i:dan|serta|&|atau)\s+(?:[a-z][a-z-]*\s+){0,4})?$"
)


def _list_gap(gap: str) -> bool:
    """Whether ``gap`` joins two names of one list: "A dan B", "A (...) dan wakil presiden B",
    "Kepala Produk X A dan Wakil Presiden Desain B keluar ..." (a capitalised title,
    then up to three capitalised words, before the next name)."""
    if _LIST_GAP.match(gap) or _titled_gap().fullmatch(gap):
        return True
    # "A, kepala riset X, dan B": an appositive of a few words before the last name.
    m = _APPOSED_GAP.fullmatch(gap)
    return m is not None and not (_RELATIVE.search(m.group(1)) or VERB_FORM.search(m.group(1)))


_APPOSED_GAP = re.compile(r"\s*,\s*((?:[\w.&-]+\s+){0,4}[\w.&-]+)\s*,\s*(?:dan|serta)\s+")
# A word in lowercase with a verb's prefix ("dikabarkan", "bergabung", "mengatakan").
VERB_FORM = re.compile(r"(?<![\w-])(?:me|ber|di)[a-z]{3,}(?![\w-])")
# A relative or a verb makes the aside a clause of its own ("A, yang keluar, dan B").
_RELATIVE = re.compile(r"(?<![\w-])yang(?![\w-])")


@lru_cache(maxsize=1)
def _titled_gap() -> re.Pattern[str]:
    t = data.titles()
    titles = phrases([*t.job_titles, *t.modifiers])
    return re.compile(rf"\s*,?\s+(?:dan|serta)\s+(?i:{titles})(?:\s+[A-Z][\w&.-]*){{0,3}}\s+")


# Where the previous person's part of a sentence ends: an appositive after a name ("A, mantan
# CEO X, ...") is A's up to the last comma, parenthesis or conjunction.
_BOUNDARY = re.compile(
    r"[,;()]|\s(?:yang|dan|serta|bersama|sementara|sedangkan|namun|tetapi|sebelum|setelah)\s",
    re.IGNORECASE,
)


# Where the clause holding an owner's name ends (see _segment).
_AFTER_OWNER = re.compile(
    r"[,;()]|\s(?:yang|dan|serta|sekaligus|sementara|sedangkan|namun|tetapi)\s", re.IGNORECASE
)


# An aside holds words ("A, yang mendirikan X bersama B, mundur"); a bare ", " is a list.
_APPOSITIVE = re.compile(r"^\s*(?:,|\()[^,()]*\w[^,()]*$", re.IGNORECASE)


_PREPOSITION = re.compile(r"(?<![\w-])(?:dari|di|ke|pada)\s+$", re.IGNORECASE)


def _closes(text: str, start: int) -> bool:
    """Whether the aside open before ``start`` closes (",", ")") before the sentence ends."""
    return re.match(r"[^,()]*[,)]", text[start:]) is not None


def _last_boundary(text: str, start: int, end: int) -> int | None:
    """The end of the last boundary in ``text[start:end]`` (absolute), else None."""
    found = None
    for m in _BOUNDARY.finditer(text, start, end):
        found = m.end()
    return found


def _segment(
    text: str, own: Sequence[PersonMention], others: Sequence[PersonMention]
) -> tuple[int, int]:
    """``text[lo:hi]``: the stretch of the sentence about the person of ``own``."""
    lo, hi = min(m.start for m in own), max(m.end for m in own)
    aside = _bracketed(text, lo, hi)
    if aside is not None:
        return aside  # "Microsoft (di mana A adalah anggota dewan) merekrut ...": A's part
    # Walk outwards over a list of names ("A, B dan C") — they share the predicate.
    for m in sorted((o for o in others if o.end <= lo), key=lambda o: -o.end):
        if not _list_gap(text[m.end : lo]):
            cut = _last_boundary(text, m.end, lo)
            if cut is not None and (
                (_apposed().search(text, m.end, cut) and not text[cut:lo].strip())
                or _member_opening().fullmatch(text, cut, lo)
            ):
                # "... merekrut pendirinya, A, ...": the comma sets A beside the noun before it;
                # "... bergabung dengan Y, antara lain A, B": the list names those the clause
                # before tells. That clause is A's.
                cut = _last_boundary(text, m.end, cut - 1)
            lo = cut if cut is not None else m.end
            break
        lo = m.start
    else:
        lo = 0
    for m in sorted((o for o in others if o.start >= hi), key=lambda o: o.start):
        if _APPOSITIVE.match(text[hi : m.start]) and _closes(text, m.end):
            continue  # "A, yang mendirikan X bersama B, mundur": B is inside an aside about A
        if _PREPOSITION.search(text[hi : m.start]):
            continue  # "A dari B keluar": B (an org the table lacks) is in A's predicate
        if _followed().search(text[hi : m.start]):
            continue  # "A, mengikuti langkah B, kembali ke X": B is whom A follows
        if owner_marked(text[hi : m.start]):
            # An owner is in A's predicate ("A meninggalkan perusahaan milik B tersebut"), up
            # to the next clause: "A, CEO X milik B sekaligus eks kepala Y" — Y is B's.
            stop = _AFTER_OWNER.search(text, m.end)
            hi = stop.start() if stop is not None else len(text)
            break
        if not _list_gap(text[hi : m.start]):
            # Only a "mantan CEO Y" right before the next name is theirs, not the rest (a
            # comma may stand between: "..., dan mantan bos Y, B").
            pre = _marks().former.search(text, hi, m.start) or _PAST_POST.search(text, hi, m.start)
            hi = pre.start() if pre is not None else m.start
            break
        hi = m.end
    else:
        hi = len(text)
    return lo, hi


@lru_cache(maxsize=1)
def _followed() -> re.Pattern[str]:
    """A verb of following right before a name (``follow_verbs``): the name is its object."""
    return re.compile(
        rf"(?<![\w-])(?:{phrases(data.move_grammar().follow_verbs)})\s+$", re.IGNORECASE
    )


@lru_cache(maxsize=1)
def _member_opening() -> re.Pattern[str]:
    """Only a word that opens a list of members (``member_marks``: "antara lain", "yaitu")."""
    marks = phrases(data.move_grammar().member_marks)
    return re.compile(rf"\s*(?:{marks})\s*:?\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _apposed() -> re.Pattern[str]:
    """A possessed noun ("pendirinya", "rekannya", "CEO-nya"), or a job title (``titles_id.json``)
    with at most three words after it ("kepala hukum X"), right before a comma: the name after
    the comma is set beside it."""
    titles = phrases(data.titles().job_titles)
    return re.compile(
        rf"(?:\w{{2,}}nya|-nya|(?<![\w-])(?:{titles})(?:\s+[\w.&-]+){{0,3}}),$", re.IGNORECASE
    )


# "..., dan mantan bos Y, B": a past post written before the next name, a comma between.
_PAST_POST = re.compile(r"(?<![\w-])(?:mantan|eks|bekas)\s+(?:[\w.&-]+\s+){0,5}[\w.&-]+,\s*$", re.I)


def _bracketed(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The inside of the brackets around ``text[lo:hi]``, when a clause stands there: a name
    in an aside ("(di mana A adalah anggota dewan)") is not the subject of the sentence. A
    bracket holding only the name, or a name and a title ("Ruoming Pang (Apple)"), is none."""
    open_at = text.rfind("(", 0, lo)
    if open_at < 0 or text.rfind(")", open_at, lo) >= 0:
        return None
    close_at = text.find(")", hi)
    if close_at < 0:
        return None
    inside = text[open_at + 1 : close_at]
    if len(inside.split()) < 4:
        return None
    return open_at + 1, close_at


def _after_origin(text: str, org: OrgMention, origins: Sequence[OrgMention]) -> bool:
    """Whether ``org`` follows an origin with only "ke" between: "dari X ke Y"."""
    return any(re.fullmatch(r"\s+ke\s+", text[o.end : org.start]) for o in origins)


def _strip_people(text: str, people: Sequence[PersonMention], offset: int) -> str:
    """``text`` with the names of ``people`` blanked: "Meta Mark Zuckerberg merekrut" reads as
    "Meta merekrut"."""
    chars = list(text)
    for m in people:
        for i in range(max(m.start - offset, 0), min(m.end - offset, len(chars))):
            chars[i] = " "
    return re.sub(r"\s+", " ", "".join(chars))


def people_in(sentence: Sentence, persons: PersonIndex) -> list[PersonMention]:
    """The people named in ``sentence`` (offsets relative to it), organisations left out.

    Kept per article (``persons.memo``): the rules ask it of each sentence many times."""
    return persons.memo(("people_in", sentence), lambda: _people_in(sentence, persons))


def _people_in(sentence: Sentence, persons: PersonIndex) -> list[PersonMention]:
    orgs = default_org_table().find(sentence.text)
    named = [
        PersonMention(m.start - sentence.start, m.end - sentence.start, m.surface, m.name)
        for m in persons.mentions_in(sentence.start, sentence.end)
    ]
    # A capitalised organisation can pass for a name ("Cakra Neural"): the org table decides.
    return [m for m in named if not any(o.start < m.end and m.start < o.end for o in orgs)]


def part_about(sentence: Sentence, person: str | None, persons: PersonIndex) -> str | None:
    """The part of ``sentence`` about ``person``: their stretch when the sentence names them;
    the whole sentence when it names no one ("Ia kemudian hengkang ..."); None when it names
    only others (or, for ``person`` None, anyone)."""
    named = people_in(sentence, persons)
    own = [m for m in named if person is not None and m.name == person]
    others = [m for m in named if m not in own]
    if own:
        lo, hi = _segment(sentence.text, own, others)
        return sentence.text[lo:hi]
    if person is not None and contains_name(sentence.text, person):
        return sentence.text  # named in a form the people finder missed
    return None if others else sentence.text


def read_move(sentence: Sentence, person: str | None, persons: PersonIndex) -> Move:
    """The origins and destinations ``sentence`` marks for ``person`` (None: an unnamed group,
    read only in a sentence that names no one). Offsets of ``persons`` are the article's; those
    of the sentence's own text are relative to ``sentence.start``. Kept per article."""
    key = ("read_move", sentence, person)
    return persons.memo(key, lambda: _read_move(sentence, person, persons))


def _read_move(sentence: Sentence, person: str | None, persons: PersonIndex) -> Move:
    text = sentence.text
    orgs = default_org_table().find(text)
    if not orgs:
        return Move()
    named = people_in(sentence, persons)
    own = [m for m in named if person is not None and m.name == person]
    others = [m for m in named if m not in own]
    if not own:
        if others:  # "Ia"/a group beside other people: whose move the marks tell is unclear
            return Move()
        lo, hi, first = 0, len(text), len(text)
    else:
        lo, hi = _segment(text, own, others)
        first = min(m.start for m in own)
    marks = _marks()
    origins: list[OrgMention] = []
    destinations: list[OrgMention] = []
    joined_before: list[OrgMention] = []  # "yang bergabung dengan X pada 2019": a past join
    last: tuple[OrgMention, list[OrgMention]] | None = None  # the org just read, and its end
    for org in orgs:
        if lo <= org.start and org.end <= hi:
            before = text[lo : org.start]
            left = (marks.origin, marks.former, marks.fired_passive, marks.tenure)
            if last and last[0] in last[1] and LIST_JOIN.fullmatch(text, last[0].end, org.start):
                last[1].append(org)  # "dari X dan Y", "ke X, Y": one mark, a list of orgs
            elif any(p.search(before) for p in left) and not marks.offered.search(before):
                origins.append(org)
            elif marks.attempt.search(text, _clause_start(text, org.start), org.start):
                pass  # a destination only tried or negotiated
            elif (
                marks.passive.search(before)
                or marks.verb_ke.search(before)
                or (marks.bare_ke.search(before) and _after_origin(text, org, origins))
                or (marks.destination.search(before) and not marks.relative.search(before))
                or marks.joined_owned.search(before)
                or marks.joined_named.search(before)
            ):
                destinations.append(org)
            elif marks.destination.search(before):
                joined_before.append(org)
            last = (org, origins if org in origins else destinations)
        if org.end <= first and not _object_before(text, org.end, first, others):
            # The organisation that hires (or fires) the person, written before them.
            between = _strip_people(text[org.end : first], others, org.end)
            if marks.recruits.match(between):
                destinations.append(org)
            elif marks.fires.match(between):
                origins.append(org)
    if own:
        _read_hiring(text, orgs, first, max(m.end for m in own), origins, destinations)
    if not destinations and origins and len(joined_before) == 1:
        # "A, mantan peneliti X, yang bergabung dengan Y pada 2018", "A, yang bergabung dengan Y
        # dari X": the past join is the move from the organisation marked as left, when the
        # sentence tells no later one.
        destinations.extend(o for o in joined_before if o.org not in {x.org for x in origins})
    from_names = {o.org for o in origins}
    to_names = {o.org for o in destinations}
    both = from_names & to_names
    return Move(
        origins=tuple(dict.fromkeys(o.org for o in origins if o.org not in both)),
        destinations=tuple(dict.fromkeys(o.org for o in destinations if o.org not in both)),
        units=tuple(dict.fromkeys((o.org, o.unit) for o in [*origins, *destinations])),
    )


# Between two organisations of one list: "X dan Y", "X, Y", "X, dan Y".
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:(?:dan|serta)\s+)?|(?:dan|serta)\s+)")


def _object_before(text: str, lo: int, first: int, others: Sequence[PersonMention]) -> bool:
    """Whether someone else named in ``text[lo:first]`` is the object of the verb there, with
    a verb of its own (a me-/di-/ber- word) before the person at ``first``: "X menunjuk A
    sebagai ketua untuk menggantikan B" hires A, not B; in a list ("X merekrut A, mantan CEO Y
    B") every name is hired."""
    between = [m for m in others if lo <= m.start and m.end <= first]
    return bool(between) and _VERB.search(text, between[-1].end, first) is not None


# A word with a verb's prefix ("menggantikan", "diangkat", "bergabung").
_VERB = re.compile(r"(?<![\w-])(?:me|di|ber)[a-z]{3,}", re.IGNORECASE)


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last comma or semicolon before it."""
    return max(text.rfind(",", 0, pos), text.rfind(";", 0, pos)) + 1


def tried_before(text: str, pos: int) -> bool:
    """Whether the clause of ``text`` up to ``pos`` only tries a move ("negosiasi untuk
    membawa A kembali ke X"; ``move_grammar_id.json`` "attempt_words")."""
    return _marks().attempt.search(text, _clause_start(text, pos), pos) is not None


def _read_hiring(
    text: str,
    orgs: Sequence[OrgMention],
    first: int,
    end: int,
    origins: list[OrgMention],
    destinations: list[OrgMention],
) -> None:
    """The object of a hiring verb: "Meta, ..., berhasil merekrut CEO Scale AI, X" — the
    organisation of X's title between the verb and X is where X came from, the nearest
    organisation before the verb the one that hired X (when no other mark said so)."""
    before, _ = _hired_marks()
    verb = before.search(text[max(first - 60, 0) : first])
    if verb is None:
        return
    at = max(first - 60, 0) + verb.start()
    titled = [o for o in orgs if at < o.start and o.end <= first] or titled_after(text, orgs, end)
    for o in titled:
        if o not in destinations and o not in origins:
            origins.append(o)
    earlier = [o for o in orgs if o.end <= at]
    if not titled and earlier and title_of_it().search(text, at, first):
        # "Meta menggelontorkan dana ke Scale AI dan merekrut pendirinya, A": "-nya" is the
        # organisation named last before the verb; one before it hires (none named: the
        # hirer is told elsewhere, "W menanam dana di X dan merekrut pendirinya").
        origins.append(earlier[-1])
    # An organisation owned by a staff noun or after a preposition is an object, not the one
    # that hires ("X mengajukan tawaran kepada staf Y dan merekrut A": X hires).
    hirers = [o for o in orgs if o.end <= at and o not in origins and not _object_org(text, o)]
    if hirers and not destinations:
        destinations.append(hirers[-1])


def title_org(sentence: Sentence, person: str, persons: PersonIndex) -> str | None:
    """The one organisation of the job title ``sentence`` sets beside ``person``: before the
    name ("CEO X A", "kepala riset X A") or in an appositive right after it ("A, manajer riset
    X, ..."; "salah satu" or "mantan" may open it). None when neither names exactly one."""
    text = sentence.text
    orgs = default_org_table().find(text)
    if not orgs:
        return None
    found: set[str] = set()
    for m in people_in(sentence, persons):
        if m.name != person:
            continue
        start, end = m.start, m.end  # people_in gives offsets in the sentence
        for o in orgs:
            if o.end <= start and not text[o.end : start].strip() and title_before(text, o):
                found.add(o.org)
        # The appositive closes right after its organisation ("A, CEO X dan Y, ..." names two).
        found.update(o.org for o in titled_after(text, orgs, end) if closed_at(text, o.end))
    return next(iter(found)) if len(found) == 1 else None


@lru_cache(maxsize=1)
def _object_marks() -> re.Pattern[str]:
    words = [*data.cues().group_nouns, "kepada", "ke", "dari", "di", "untuk", "terhadap"]
    return re.compile(rf"(?<![\w-])(?:{phrases(words)})\s+$", re.IGNORECASE)


def _object_org(text: str, org: OrgMention) -> bool:
    """Whether ``org`` stands right after a staff noun or a preposition ("karyawan Y", "ke Y")."""
    return _object_marks().search(text, max(org.start - 30, 0), org.start) is not None


@lru_cache(maxsize=1)
def _hired_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    g = data.move_grammar()
    # Appointing is no hiring from elsewhere: "menunjuk"/"mengangkat" name a post, not a move.
    appoint = {w.casefold() for w in g.appointing_verbs}
    verbs = [w for w in g.hiring_verbs if w.casefold() not in appoint]
    before = re.compile(rf"(?<![\w-])(?:{phrases(verbs)})(?![\w-])[^.;:]{{0,40}}$", re.I)
    after = re.compile(rf"^[\s,]*(?:{phrases(g.passive_hired)})(?![\w-])", re.I)
    return before, after


def recruited(text: str, person: str) -> bool:
    """Whether ``text`` tells ``person`` hired away: the object of a hiring verb ("Meta merekrut
    CEO Scale AI, X"; "merekrut pendirinya, X") or the subject of a passive one ("X dibajak")."""
    before, after = _hired_marks()
    words = person.split()
    if not words:
        return False
    for m in re.finditer(rf"(?<![\w-]){re.escape(words[-1])}(?![\w-])", text):
        start = m.start()
        if len(words) > 1 and text[:start].rstrip().endswith(" ".join(words[:-1])):
            start = text[:start].rstrip().rfind(" ".join(words[:-1]))
        verb = before.search(text[max(start - 60, 0) : start])
        if verb is not None and _counted_staff().search(verb.group(0)):
            verb = None  # "merekrut belasan peneliti ..., A, ...": the group is hired
        if verb is not None or after.match(text[m.end() :]):
            return True
    return False


@lru_cache(maxsize=1)
def _counted_staff() -> re.Pattern[str]:
    """A quantity before a staff noun ("puluhan talenta", "tiga peneliti"): a group, the object
    of a hiring verb it follows."""
    g, cues = data.move_grammar(), data.cues()
    counts = phrases([*g.group_quantifiers, *cues.number_words])
    nouns = phrases(cues.group_nouns)
    return re.compile(
        rf"(?<![\w-])(?:\d[\d.,]*|{counts})\s+(?:[\w-]+\s+)?(?:{nouns})(?![\w-])", re.IGNORECASE
    )


def destination_marked(before: str) -> bool:
    """Whether the text right before an organisation marks it as where someone went
    ("bergabung dengan X", "pindah ke X", "untuk bergabung dengan X")."""
    marks = _marks()
    return bool(
        marks.verb_ke.search(before)
        or marks.passive.search(before)
        or (marks.destination.search(before) and not marks.relative.search(before))
    )


@lru_cache(maxsize=1)
def layoff_words() -> re.Pattern[str]:
    """A lay-off ("PHK", "memberhentikan"): a move of the group it names, never of a person
    named beside it (a person is laid off in words of leaving: "dipecat", "diberhentikan")."""
    return word_pattern(data.move_grammar().layoff_words)


@lru_cache(maxsize=1)
def _owner_marks() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrases(data.move_grammar().owner_marks)})\s+$", re.I)


def former_marked(before: str) -> bool:
    """Whether ``before`` ends in a past role's mark, up to a title of three words ("mantan
    peneliti", ``former_marks``): what follows is a past employer."""
    return _marks().former.search(before) is not None


def owner_marked(before: str) -> bool:
    """Whether ``before`` ends in an owner mark ("milik", "didukung", ``owner_marks``): what
    follows is named as an owner, backer or rival."""
    return _owner_marks().search(before) is not None


def owned_by(text: str, org: str) -> bool:
    """Whether ``text`` names ``org`` only as an owner or backer ("xAI milik Elon Musk" names
    Musk; "raksasa yang didukung Microsoft", "startup besutan X"): every mention of it follows
    one of ``owner_marks``."""
    found = [o for o in default_org_table().find(text) if o.org == org]
    return bool(found) and all(owner_marked(text[: o.start]) for o in found)
