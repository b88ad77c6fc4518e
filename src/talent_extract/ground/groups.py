"""Unnamed groups that leave, read from the Indonesian grammar of one sentence.

Indonesian reports tell the moves of many people at once, without names: "ratusan karyawan
OpenAI mengancam cabut", "sedikitnya enam insinyur meninggalkan X untuk bergabung
dengan Y", "Meta akan PHK 600 karyawan di unit AI", "Apple kehilangan belasan peneliti". A small
model lists people and leaves such groups out; the proposer ``group_moves`` reads them here. A
group is a quantity (digits, a number word, "ratusan", "sejumlah", "hampir semua") before a staff
noun (``cues_id.json`` "group_nouns"); it left when a leaving verb follows it in its clause, when a
lay-off or a loss comes before it, or when a hiring verb does (then it left the organisation
written after the noun). Every proposed group is a draft like the model's: the departure rules
check it (``needs_origin`` drops one whose organisation is not told). The words are data
(``data/move_grammar_id.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from talent_extract import data
from talent_extract.find.candidates import group_noun
from talent_extract.find.names import default_org_table
from talent_extract.find.orgs import OrgMention
from talent_extract.ground.framework import Context, DepartureDraft, Draft, proposer
from talent_extract.ground.members import joined_names, members_follow, named_further
from talent_extract.ground.move_grammar import LIST_JOIN, VERB_FORM, destination_marked, people_in
from talent_extract.ground.story import story_org
from talent_extract.ground.subjects import acting_org
from talent_extract.ground.vocabulary import headline, names_place
from talent_extract.text.patterns import phrases, word_pattern
from talent_extract.text.sentences import Sentence

__all__ = [
    "described_org",
    "group_introduced",
    "group_leaves",
    "group_move_word",
    "group_moves",
    "hiring_before_group",
    "listed_after_group",
    "listed_member",
    "member_move",
]


@dataclass(frozen=True)
class _Marks:
    group: re.Pattern[str]
    leaving: re.Pattern[str]
    threat: re.Pattern[str]
    layoff: re.Pattern[str]
    loss: re.Pattern[str]
    hiring: re.Pattern[str]
    left_noun: re.Pattern[str]
    origin: re.Pattern[str]
    announced: re.Pattern[str]
    unquantified: re.Pattern[str]
    hiring_verb: re.Pattern[str]


@lru_cache(maxsize=1)
def _marks() -> _Marks:
    g = data.move_grammar()
    raw = data.cues()
    numbers = [w for w in raw.number_words if w not in ("satu", "seorang")]
    # "10 ribu karyawan": a figure may be written with its multiplier.
    one = rf"(?:\d[\d.,]*(?:\s+(?:ribu|juta))?|{phrases(numbers)})"
    # A range counts as one quantity: "tujuh hingga delapan peneliti", "7-8 insinyur".
    count = rf"{one}(?:\s*(?:-|–|\s(?:hingga|sampai|atau)\s)\s*{one})?"
    quantity = rf"(?:{phrases(g.group_quantifiers)}\s+)?{count}"
    quantity = rf"(?:{quantity}|{phrases(g.group_quantifiers)})"
    # "sebagian besar dari 45 peneliti X": a share of a counted group.
    quantity = rf"(?:(?:{phrases(g.group_shares)})\s+dari\s+)?{quantity}"
    nouns = phrases([n for n in raw.group_nouns if n not in ("tim", "pendiri", "co-founder")])
    flags = re.IGNORECASE
    # Fired as a group ("180 pegawai diberhentikan dari kantor tersebut") is leaving too.
    leaving = [*g.group_leaving, *raw.leaving, *(w for w in raw.fired if w != "pemecatan")]
    # "PHK X menyasar puluhan pegawai": the lay-off names its object after a link.
    layoff_object = (
        r"(?:\s+[A-Z][\w.&-]*){0,3}\s+(?:yang\s+)?(?:dilakukan\s+)?(?:terhadap|menimpa|menyasar)"
    )
    return _Marks(
        # "40 karyawannya": the possessed noun is the group too (its owner is the subject).
        group=re.compile(
            rf"(?<![\w-]){quantity}\s+(?:[\w-]+\s+)?(?:{nouns})(?:nya)?(?![\w-])", flags
        ),
        leaving=word_pattern(leaving),
        threat=word_pattern(g.threat_words),
        # The abbreviation in brackets may follow the words: "pemutusan hubungan kerja (PHK)".
        layoff=re.compile(
            rf"(?<![\w-])(?:{phrases(g.layoff_words)})(?:\s*\([A-Z]{{2,6}}\))?"
            rf"(?:{layoff_object})?(?:\s+(?:{phrases(g.layoff_fillers)})){{0,3}}\s+$",
            flags,
        ),
        loss=re.compile(rf"(?<![\w-])(?:{phrases(g.loss_words)})\s+$", flags),
        hiring=re.compile(
            rf"(?<![\w-])(?:{phrases([*g.hiring_verbs, *g.group_hiring_verbs])})\s+$", flags
        ),
        left_noun=re.compile(rf"(?<![\w-])(?:{phrases(raw.leaving_nouns)})\s+$", flags),
        origin=re.compile(rf"(?<![\w-])(?:{phrases(g.origin_marks)})\s+$", flags),
        announced=re.compile(r"(?<![\w-])(?:akan|bakal|berencana)(?![\w-])", flags),
        # "memboyong staf andalan X", "merekrut tim inti X": staff with no quantity (a team
        # too), read only right after hiring.
        unquantified=re.compile(
            rf"(?<![\w-])(?:para\s+)?(?:{nouns}|tim)"
            rf"(?:\s+(?:{phrases(g.hired_group_modifiers)}))?(?![\w-])",
            flags,
        ),
        hiring_verb=re.compile(
            rf"(?<![\w-])(?:{phrases([*g.hiring_verbs, *g.group_hiring_verbs])})(?![\w-])", flags
        ),
    )


# "dari kantor itu", "meninggalkan perusahaan tersebut": the organisation left, by description.
_LEFT_DESCRIBED = re.compile(
    r"\s*(?:(?:dari|meninggalkan)\s+)?(?:kantor|perusahaan|startup|lab|laboratorium|firma)"
    r"(?:(?:\s+\w+){0,2}?\s+(?:itu|tersebut|ini)(?![\w-])"
    # "meninggalkan perusahaan demi bergabung dengan Y": the bare noun is the company in view.
    r"|(?=\s*[,.;]|\s+(?:untuk|demi|dan|guna|sejak|pada|setelah)(?![\w-])))",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def described_org() -> re.Pattern[str]:
    """A definite description of an organisation: "startup rintisan asal Bandung itu"
    (``company_nouns``, up to four words, ``demonstratives``)."""
    g = data.move_grammar()
    return re.compile(
        rf"(?<![\w-])(?:{phrases(g.company_nouns)})(?:\s+[\w()-]+){{0,4}}?"
        rf"\s+(?:{phrases(g.demonstratives)})(?![\w-])",
        re.IGNORECASE,
    )


# Where the group's clause ends: the next clause of a compound sentence is another subject's.
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:sementara|sedangkan|namun|tetapi)\s", re.IGNORECASE)
# A verb between a group's noun and an organisation ends the noun phrase ("karyawan dikabarkan");
# a ter- word there is most often an adjective ("talenta terkemuka asal X", "staf terpilih X"),
# so VERB_FORM leaves ter- words out.


def _own_org(text: str, end: int, orgs: list[OrgMention]) -> OrgMention | None:
    """The organisation closing the group's noun phrase: "karyawan OpenAI", "peneliti senior
    OpenAI", "anggota tim AIML Apple"."""
    for o in orgs:
        if o.start >= end:
            between = text[end : o.start]
            if (
                len(between) <= 60
                and not re.search(r"[,.;]", between)
                and not VERB_FORM.search(between)
            ):
                return o
            return None
    return None


# "ke tim X", "bergabung dengan tim riset baru milik X": a unit word, and up to three words in
# lowercase that describe the unit, may stand between the mark and the name.
@lru_cache(maxsize=1)
def _unit_word() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])(?i:{phrases(data.move_grammar().unit_words)})"
        r"(?:\s+(?!yang\s)[a-z][a-z-]*){0,3}\s+$"
    )


def _destination(text: str, orgs: list[OrgMention], start: int, end: int) -> OrgMention | None:
    for o in orgs:
        if start <= o.start and o.end <= end:
            before = _unit_word().sub("", text[: o.start])
            if destination_marked(before):
                return o
    return None


def _brought_to(
    text: str, orgs: list[OrgMention], own: OrgMention | None, stop: int
) -> OrgMention | None:
    """The organisation after "ke" right after the group's own one: "turut membawa sejumlah
    staf senior dari X ke Y" brought them to Y."""
    if own is None:
        return None
    for o in orgs:
        if (
            own.end <= o.start
            and o.end <= stop
            and re.fullmatch(r"\s+ke\s+", text[own.end : o.start])
        ):
            return o
    return None


def _group_move(
    ctx: Context,
    index: int,
    m: re.Match[str],
    orgs: list[OrgMention],
    *,
    continues: bool = False,
) -> DepartureDraft | None:
    """The group departure the group phrase ``m`` of sentence ``index`` tells, if any; ``orgs``
    are the sentence's organisations."""
    text = ctx.sentences[index].text
    marks = _marks()
    before = text[: m.start()]
    clause_end = _CLAUSE_END.search(text, m.end())
    rest = text[m.end() : clause_end.start() if clause_end else len(text)]
    own = _own_org(text, m.end(), orgs)
    from_org: str | None = own.org if own else None
    to_org: str | None = None
    status = "completed"
    clause_stop = m.end() + len(rest)
    listed_at = _closes_hired_list(ctx, index, m.start(), orgs)
    if marks.hiring.search(before[-40:] if len(before) > 40 else before) or listed_at is not None:
        # "Meta menggaet tiga peneliti OpenAI (untuk masuk ke tim X)": the group left its own
        # organisation for the one it joins, else for the one that hires (the one acting
        # before the verb when the group closes a list: "X merekrut CEO Y, A, dan sejumlah
        # peneliti Y").
        if m.group(0).casefold().endswith("nya"):
            # "X membawa beberapa karyawannya untuk bekerja di Y": staff possessed by the
            # one acting, taken where they go.
            own = acting_org(text, orgs, m.start())
            hirer = _destination(text, orgs, m.end(), clause_stop)
        else:
            hirer = (
                _destination(text, orgs, m.end(), clause_stop)
                or _brought_to(text, orgs, own, clause_stop)
                or acting_org(text, orgs, m.start() if listed_at is None else listed_at)
            )
        if own is None or hirer is None or own.org == hirer.org:
            return None
        from_org, to_org = own.org, hirer.org
    elif own is not None and marks.left_noun.search(before):  # "pengunduran sejumlah staf X"
        return DepartureDraft(None, own.org, None, status, index)
    elif marks.layoff.search(before) or marks.loss.search(before):
        subject = acting_org(text, orgs, m.start())
        if subject is None:
            # "startup yang didirikan A tersebut memangkas 450 pegawai": a description of the
            # company the story is about, no name in the sentence.
            if described_org().search(text, 0, m.start()) is None or story_org(ctx, 3) is None:
                return None
            return DepartureDraft(
                person=None, from_org=story_org(ctx, 3), to_org=None, status=status, sentence=index
            )
        from_org = subject.org
        described = described_org().search(text, subject.end, m.start())
        main = story_org(ctx, 3)
        if described and main in {o.org for o in orgs if o.end <= described.start()}:
            # "Meta menanam dana di X ..., startup itu mengumumkan PHK": the description is
            # the organisation the story is about, named before it.
            from_org = main
        if marks.layoff.search(before) and marks.announced.search(before[-60:]):
            status = "announced"
    else:
        verb = marks.leaving.search(rest[:100])
        if verb is None:
            # "lima insinyur X ikut bergabung ke Y": staff of one organisation
            # joining another left theirs.
            gone = _destination(text, orgs, m.end(), clause_stop)
            if own is None or gone is None or gone.org == own.org:
                return None
            return DepartureDraft(
                person=None, from_org=own.org, to_org=gone.org, status=status, sentence=index
            )
        if marks.threat.search(rest[: verb.start()]):
            status = "threatened"
        offset = m.end() + verb.end()
        # The verb itself may mark the origin: "meninggalkan X", "keluar dari X".
        told = m.end() + verb.start()
        for o in [o for o in orgs if o.start >= offset and o.end <= clause_stop]:
            if from_org is None and marks.origin.search(text[told : o.start]):
                from_org = o.org
        gone = _destination(text, orgs, offset, clause_stop)
        to_org = gone.org if gone is not None and gone.org != from_org else None
        if from_org is None and orgs and orgs[0].start <= 40 and orgs[0].end <= m.start():
            # "OpenAI ... setelah ratusan pekerja mengancam akan berhenti": the sentence's subject.
            from_org = orgs[0].org
        elif from_org is None and not orgs and not continues and not names_place(text):
            # "sedikitnya empat insinyur AI memilih mundur": in a story about one
            # organisation (named at least three times), a sentence naming none tells leaving it.
            from_org = story_org(ctx, 3)
        elif (
            from_org is None
            and to_org is None
            and not continues
            and {o.org for o in orgs} == {story_org(ctx, 3)}
        ):
            # "kira-kira sepuluh staf memutuskan keluar untuk memprotes kebijakan X", X
            # the story's organisation and the only one named: the one they left.
            from_org = story_org(ctx, 3)
        elif from_org is None and not continues and _LEFT_DESCRIBED.match(text, offset):
            # "180 pegawai diberhentikan dari kantor tersebut": the story's own organisation.
            from_org = story_org(ctx, 3)
    if from_org == to_org or (from_org is None and not (continues and to_org)):
        return None
    return DepartureDraft(
        person=None, from_org=from_org, to_org=to_org, status=status, sentence=index
    )


_LIST_JOINS = frozenset({"dan", "serta", "beserta", "bersama", "termasuk"})


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in (*data.titles().job_titles, *data.titles().modifiers))


def _closes_hired_list(ctx: Context, index: int, at: int, orgs: list[OrgMention]) -> int | None:
    """Where the hiring verb starts, when the group at ``at`` of sentence ``index`` (with
    ``orgs``) closes a list the verb opens ("merekrut CEO X, A, bersama co-founder B dan
    sejumlah peneliti inti X"): between them, in one clause, only names, titles and list
    words, a list word last; else None."""
    s = ctx.sentences[index]
    text = s.text
    start = max(text.rfind(c, 0, at) for c in ".;:") + 1
    verbs = list(_marks().hiring_verb.finditer(text, start, at))
    if not verbs:
        return None
    lo = verbs[-1].end()
    gap = list(text[lo:at])
    spans = [
        (n.start - s.start, n.end - s.start)
        for n in ctx.persons.mentions_in(s.start + lo, s.start + at)
    ]
    if not spans:
        return None  # no one listed before the group: the quantified reading applies
    spans += [(o.start, o.end) for o in orgs if lo <= o.start < at]
    for a, b in spans:
        gap[max(a - lo, 0) : b - lo] = " " * (b - max(a, lo))
    words = [w.casefold() for w in re.findall(r"[\w-]+", "".join(gap))]
    listed = all(w in _LIST_JOINS or w in _title_words() for w in words)
    return verbs[-1].start() if words and words[-1] in _LIST_JOINS and listed else None


@proposer("departure")
def group_moves(ctx: Context) -> list[Draft]:
    """Indonesian reports tell the moves of unnamed groups ("ratusan karyawan OpenAI mengancam
    cabut", "enam insinyur meninggalkan X untuk bergabung dengan Y", "Meta akan PHK
    600 karyawan", "PHK X menyasar puluhan pegawai", "Apple kehilangan belasan
    peneliti", "ratusan pegawai diberhentikan dari kantor tersebut"); the model names people. A
    quantity before a staff noun that a leaving verb follows in its clause, or a lay-off, loss or
    hiring verb precedes, is a group departure draft (one per organisation left, the first
    telling with a destination kept), checked by the departure rules like any other. The people
    the next sentence names as its members ("Di antaranya ada A, B, dan C", ``member_intros``)
    are proposed with the group's move; so are the ones named right after the group, who are
    the records instead of it ("empat peneliti X bernama A, B dan C pindah ke Y", "Y merekrut
    tiga pegawai X, yaitu A, B, dan C"; :mod:`talent_extract.ground.members`)."""
    # Asked again by rules that read a group's members: kept per article (drafts are frozen).
    return list(ctx.persons.memo(("group_moves", ctx.text), lambda: tuple(_group_moves(ctx))))


def _hired_right_before(text: str, at: int) -> bool:
    """Whether a hiring verb stands right before ``at`` ("memboyong staf andalan X")."""
    return _marks().hiring.search(text, max(at - 40, 0), at) is not None


_STAFF_OF = re.compile(r"^\s+(?:AI\s+)?(?:(?:dari|asal)\s+)?$")


def _hired_staff(ctx: Context, s: Sentence, m: re.Match[str]) -> bool:
    """Whether the unquantified staff ``m`` right after a hiring verb are a group of one
    organisation: it closes the phrase ("staf andalan X", "pakar dari X", "pakar AI X"),
    no one is named in the rest of the clause ("peneliti utama X, A" is one person) and the
    hiring is not only tried ("mencoba merekrut")."""
    text = s.text
    after = [o for o in default_org_table().find(text) if o.start >= m.end()]
    if not after or not _STAFF_OF.match(text[m.end() : after[0].start]):
        return False
    stop = _CLAUSE_END.search(text, m.end())
    end = s.start + (stop.start() if stop else len(text))
    if ctx.persons.mentions_in(s.start + m.end(), end):
        return False
    return not _attempted().search(text, max(m.start() - 40, 0), m.start())


@lru_cache(maxsize=1)
def _attempted() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().attempt_words)


def _group_moves(ctx: Context) -> list[Draft]:
    if not group_noun().search(ctx.text):
        return []
    found: dict[str, DepartureDraft] = {}
    members: dict[str, DepartureDraft] = {}  # named right after a group: its move is theirs
    last: str | None = None  # the organisation of the last group told, and where
    last_at = -10
    for s in ctx.sentences:
        if headline(s.text):
            continue  # "Dua Peneliti X Pindah" sums up the people the body names
        matches = list(_marks().group.finditer(s.text))
        matches += [
            m
            for m in _marks().unquantified.finditer(s.text)
            if _hired_right_before(s.text, m.start())
            and _hired_staff(ctx, s, m)
            and not any(q.start() <= m.start() < q.end() for q in matches)
        ]
        if not matches:
            continue
        orgs = default_org_table().find(s.text)  # once per sentence, for every group in it
        spans = [(o.start + s.start, o.end + s.start) for o in orgs]
        for m in matches:
            named = [
                n
                for n in ctx.persons.mentions_in(s.start + m.end(), s.end)
                if not any(a < n.end and n.start < b for a, b in spans)  # a name-like org
            ]
            if named and members_follow(s.text, m.end(), named[0].start - s.start):
                # "empat peneliti X bernama A, B dan C pindah ke Y": the people are the records.
                direct = _group_move(ctx, s.index, m, orgs, continues=False)
                if direct is not None and direct.from_org is not None:
                    for name in joined_names(s, named):
                        members.setdefault(name, replace(direct, person=name))
                continue
            listed = named_further(s, m.end(), named)
            # A group told again within a few sentences is the same group going on.
            going_on = last is not None and s.index - last_at <= 5
            draft = _group_move(ctx, s.index, m, orgs, continues=going_on)
            _described_members(ctx, s.index, m, orgs, draft, listed, members)
            if draft is None:
                continue
            if draft.from_org is None:
                # "... 770 karyawan ... bakal pindah ke Microsoft" after "ratusan karyawan OpenAI
                # mengancam cabut": the same group, going on; it can only add a destination.
                known = found.get(last or "")
                if known is not None and known.to_org is None and draft.to_org is not None:
                    # Cited where the destination is told: it must stand near the evidence.
                    found[known.from_org or ""] = replace(
                        known, to_org=draft.to_org, sentence=draft.sentence, status=draft.status
                    )
                continue
            for origin in [draft.from_org, *_joined_origins(s.text, m, orgs, draft)]:
                known = found.get(origin)
                if known is None or (known.to_org is None and draft.to_org is not None):
                    found[origin] = replace(draft, from_org=origin)
            last, last_at = draft.from_org, s.index
            for name in listed:
                members.setdefault(name, replace(draft, person=name))
            for name in _members_after(ctx, s.index):
                members.setdefault(name, replace(draft, person=name, sentence=s.index + 1))
    return [*found.values(), *members.values()]


def _joined_origins(
    text: str, m: re.Match[str], orgs: list[OrgMention], d: DepartureDraft
) -> list[str]:
    """The organisations joined to the group's own one ("karyawan dari OpenAI dan Apple")."""
    own, out = _own_org(text, m.end(), orgs), list[str]()
    for o in orgs:
        if own is None or own.org not in (d.from_org, *out) or o.start < own.end:
            continue
        if not LIST_JOIN.fullmatch(text, own.end, o.start):
            break
        out += [o.org] if o.org not in (d.from_org, d.to_org) else []
        own = o
    return out


def listed_member(ctx: Context, index: int, person: str) -> bool:
    """Whether sentence ``index`` lists ``person`` as a member of a group whose move it tells
    (``group_moves`` proposes them with it)."""
    return member_move(ctx, index, person) is not None


def member_move(ctx: Context, index: int, person: str) -> DepartureDraft | None:
    """The move ``group_moves`` gives ``person`` as a member listed in sentence ``index``."""
    for d in group_moves(ctx):
        if isinstance(d, DepartureDraft) and d.person == person and d.sentence == index:
            return d
    return None


def _described_members(
    ctx: Context,
    index: int,
    m: re.Match[str],
    orgs: list[OrgMention],
    draft: DepartureDraft | None,
    listed: list[str],
    members: dict[str, DepartureDraft],
) -> None:
    """Members listed with a past post of their own moved from there to where the group went
    ("sejumlah nama besar turut bergabung ke Y, termasuk mantan CEO X, A, dan mantan bos Z, B")."""
    if not listed:
        return
    text = ctx.sentences[index].text
    if draft is not None:
        joined, status = draft.to_org, draft.status
    else:
        clause_end = _CLAUSE_END.search(text, m.end())
        gone = _destination(text, orgs, m.end(), clause_end.start() if clause_end else len(text))
        joined, status = (gone.org if gone else None), "completed"
    if joined is None:
        return
    for name in listed:
        own = _own_origin(ctx, index, name, m.end())
        if own is not None and own != joined:
            members.setdefault(
                name,
                DepartureDraft(
                    person=name, from_org=own, to_org=joined, status=status, sentence=index
                ),
            )


@lru_cache(maxsize=1)
def _past_post() -> re.Pattern[str]:
    former = phrases(data.move_grammar().former_titles)
    return re.compile(rf"(?:{former})\s+[^,.;:()]*,?\s*$", re.IGNORECASE)


def _own_origin(ctx: Context, index: int, name: str, floor: int) -> str | None:
    """The organisation a listed member's own past post names, right before their name after
    ``floor`` ("termasuk mantan CEO X, A": X)."""
    s = ctx.sentences[index]
    for m in people_in(s, ctx.persons):
        if m.name == name:
            post = _past_post().search(s.text, max(floor, m.start - 70), m.start)
            orgs = default_org_table().find(post.group(0)) if post else []
            return orgs[-1].org if orgs else None
    return None


@lru_cache(maxsize=1)
def _member_intro() -> re.Pattern[str]:
    intros = phrases(data.move_grammar().member_intros)
    return re.compile(rf"^\W*(?:{intros})(?![\w-])", re.IGNORECASE)


def _members_after(ctx: Context, index: int) -> list[str]:
    """The people the sentence after ``index`` names as members of its group, when it opens
    with a member intro ("Di antaranya ada A, B, dan C", "Mereka adalah A dan B")."""
    if index + 1 >= len(ctx.sentences):
        return []
    nxt = ctx.sentences[index + 1]
    if not _member_intro().match(nxt.text):
        return []
    return list(dict.fromkeys(m.name for m in people_in(nxt, ctx.persons)))


def listed_after_group(ctx: Context, index: int) -> bool:
    """Whether sentence ``index`` names the members of a group whose move the sentence before
    it tells ("... beberapa direktur X yang pindah ke Y. Di antaranya ada A, B ..."),
    or of a group hired there from organisations not named ("X memboyong beberapa tokoh
    andal dari perusahaan pesaing. Mereka adalah A, ilmuwan Y; B ...")."""
    if index < 1 or not _member_intro().match(ctx.sentences[index].text):
        return False
    if hiring_before_group(ctx.sentences[index - 1].text) is not None:
        return True
    return group_introduced(ctx, index) is not None


def group_introduced(ctx: Context, index: int) -> DepartureDraft | None:
    """The group whose move sentence ``index - 1`` tells when sentence ``index`` opens with a
    member intro ("... tujuh peneliti X juga berpindah ke Y. Mereka antara lain:")."""
    if index < 1 or not _member_intro().match(ctx.sentences[index].text):
        return None
    for g in group_moves(ctx):
        if isinstance(g, DepartureDraft) and g.person is None and g.sentence == index - 1:
            return g
    return None


def group_move_word(sentence: str, window: str) -> bool:
    """Whether a group's move is told in words only a group's move uses: a verb of its
    leaving (``group_leaving``: "dua direktur X sudah pergi duluan") in ``window`` (the
    sentence and its neighbours), or a hiring verb right before a group in ``sentence``
    ("menarik belasan insinyur dari X", ``group_hiring_verbs``; "memboyong tim inti X")."""
    if _marks().leaving.search(window) or hiring_before_group(sentence) is not None:
        return True
    return any(
        _hired_right_before(sentence, m.start()) for m in _marks().unquantified.finditer(sentence)
    )


def group_leaves(sentence: str) -> int | None:
    """Where a group in ``sentence`` that leaves starts, if one does: a leaving verb follows it
    in its clause ("Banyak karyawan di divisi itu juga telah meninggalkan perusahaan")."""
    for m in _marks().group.finditer(sentence):
        end = _CLAUSE_END.search(sentence, m.end())
        if _marks().leaving.search(sentence, m.end(), end.start() if end else len(sentence)):
            return m.start()
    return None


def hiring_before_group(sentence: str) -> int | None:
    """Where the hiring verb right before a group in ``sentence`` starts ("X memboyong beberapa
    tokoh andal", ``hiring_verbs`` and ``group_hiring_verbs``), if there is one."""
    marks = _marks()
    for m in marks.group.finditer(sentence):
        verb = marks.hiring.search(sentence[: m.start()])
        if verb is not None:
            return verb.start()
    return None
