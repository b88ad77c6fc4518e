"""Shared vocabulary and text tests of the grounding rules (word lists in ``data/cues_id.json``
and ``data/products_id.json``, read through :mod:`talent_extract.data`)."""

from __future__ import annotations

import re
from functools import lru_cache

from talent_extract import data
from talent_extract.find.candidates import load_cues
from talent_extract.find.names import canonical_org, default_org_table
from talent_extract.ground.locate import contains_name, whole_word
from talent_extract.text.patterns import phrases, word_pattern


@lru_cache(maxsize=1)
def _refusal() -> re.Pattern[str]:
    return word_pattern(load_cues_raw()["refusal"])


@lru_cache(maxsize=1)
def _leaving() -> re.Pattern[str]:
    """Move verbs said of the one who moves: every departure word but the recruiting verbs and
    the nouns of the event ("kepergian itu", "eksodus": a commenter speaks of them too)."""
    raw = load_cues_raw()
    # "A ditinggal B": A is the one left (``move_grammar_id.json`` "loss_words"), B moves.
    recruiting = {w.casefold() for w in [*raw["recruiting"], *data.move_grammar().loss_words]}

    def verb(w: str) -> bool:
        w = w.casefold()
        return w not in recruiting and not w.startswith(("ke", "pe", "eks")) and w != "rekrut"

    words = [w for w in [*raw["departure"], *raw["leaving"], *raw["fired"]] if verb(w)]
    return word_pattern([*words, "keluar", "kembali", *data.move_grammar().going_phrases])


@lru_cache(maxsize=1)
def _threat() -> re.Pattern[str]:
    """A threat to leave ("mengancam akan keluar"; ``data/move_grammar_id.json``
    "threat_words")."""
    return word_pattern(data.move_grammar().threat_words)


@lru_cache(maxsize=1)
def _rehire() -> re.Pattern[str]:
    """Taking a former member back ("merekrut kembali", "menghadirkan kembali"; ``data/
    move_grammar_id.json`` "rehire_verbs"): a move of the one taken back."""
    return word_pattern(data.move_grammar().rehire_verbs)


def _threat_words() -> set[str]:
    return {w.casefold() for w in data.move_grammar().threat_words}


@lru_cache(maxsize=1)
def _own_move() -> re.Pattern[str]:
    """The departure words but the recruiting ones ("merekrut", "perekrutan", "membajak"): what
    is said of the one who moves, not of who hires. A threat word alone ("mengancam stabilitas
    X") is no move: the leaving verb after it ("mengancam mundur") is."""
    raw = load_cues_raw()
    hiring = {w.casefold() for w in raw["recruiting"]} | _threat_words()
    words = [w for w in raw["departure"] if w.casefold() not in hiring]
    return word_pattern(
        [w for w in words if not w.casefold().startswith(("perekrut", "mempekerja"))]
    )


@lru_cache(maxsize=1)
def _leaving_nouns() -> re.Pattern[str]:
    return word_pattern(load_cues_raw()["leaving_nouns"])


def _leaves_by_noun(text: str, person: str) -> bool:
    """Whether the noun of a leaving stands right before ``person`` ("pengunduran diri X"), or
    before the title that ``person`` stands in apposition to ("dicopotnya kepala riset dan
    salah satu pendiri X, A": the noun, up to seven words of title and organisation, a comma,
    the name)."""
    return _before(text, person, _leaving_nouns(), gap=25) or _before(
        text, person, _noun_of_appositive(), gap=90
    )


@lru_cache(maxsize=1)
def _noun_of_appositive() -> re.Pattern[str]:
    nouns = phrases(load_cues_raw()["leaving_nouns"])
    return re.compile(
        rf"(?<![\w-])(?:{nouns})\s+(?:[\w.&-]+\s+){{0,6}}[\w.&-]+,\s*$", re.IGNORECASE
    )


# "kembali" after a me-/di- verb is "again" ("menegaskan kembali", "merekrut kembali"), not a
# return: the verb before it says what was done again.
_AGAIN = re.compile(r"(?<![\w-])((?:me|di)[\w-]+)\s+kembali(?![\w-])", re.IGNORECASE)


def _leaves(text: str, person: str, gap: int = 60) -> bool:
    """Whether ``text`` tells ``person`` leaving: a leaving verb after the name ("X mundur",
    "X, ..., keluar dari") or the event's noun right before it ("pengunduran diri X").
    "kembali" as "again" after another verb ("menegaskan kembali") is no leaving."""
    text = _AGAIN.sub(r"\1", text)
    return _after(text, person, _leaving(), gap=gap, subject=True) or _leaves_by_noun(text, person)


@lru_cache(maxsize=1)
def _former() -> re.Pattern[str]:
    return word_pattern(load_cues_raw()["former"])


@lru_cache(maxsize=1)
def _now() -> re.Pattern[str]:
    return word_pattern(load_cues_raw()["now"])


def _move_marks() -> tuple[re.Pattern[str], ...]:
    return (load_cues().departure, _former(), _now(), _rehire())


@lru_cache(maxsize=1)
def _wave_nouns() -> re.Pattern[str]:
    return word_pattern(data.move_grammar().wave_nouns)


@lru_cache(maxsize=1)
def _person_move_marks() -> tuple[re.Pattern[str], ...]:
    """The move marks told of a named person: the move words but the nouns of an event."""
    appoint = {w.casefold() for w in data.move_grammar().appointing_verbs} | _threat_words()
    words = [
        w
        for w in data.cues().departure
        if not _wave_nouns().fullmatch(w) and w.casefold() not in appoint
    ]
    g = data.move_grammar()
    hiring = [w for w in g.hiring_verbs if w.casefold() not in appoint]
    marks = [*words, *g.follow_verbs, *hiring, *g.going_phrases]
    return (word_pattern(marks), _former(), _now(), _rehire(), _accepted_offer())


@lru_cache(maxsize=1)
def _accepted_offer() -> re.Pattern[str]:
    """An offer accepted ("menerima tawaran dari X", ``accepting_offers``) — not by others a
    relative clause names ("menemui tiap orang yang menerima tawaran kerja dari X")."""
    others = ["mereka", "orang", "karyawan", "pegawai", "staf", "peneliti", "talenta"]
    not_others = "".join(rf"(?<!{w} yang )" for w in others)
    words = phrases(data.move_grammar().accepting_offers)
    return re.compile(rf"{not_others}(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def _own_move_marks() -> tuple[re.Pattern[str], ...]:
    """The move marks said of the one who moves: no recruiting verb or noun."""
    return (_own_move(), _former(), _now())


@lru_cache(maxsize=1)
def _head_titles() -> str:
    return word_pattern(load_cues_raw()["head_titles"]).pattern


@lru_cache(maxsize=1)
def _pay() -> re.Pattern[str]:
    return word_pattern(load_cues_raw()["pay"])


@lru_cache(maxsize=1)
def _makers() -> dict[str, str]:
    return {k.casefold(): v for k, v in data.products().makers.items()}


@lru_cache(maxsize=512)
def _lead_patterns(titles: str, org: str, last: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``_leads``' two patterns, compiled once per title list, organisation and surname: each
    holds the whole title alternation, and two rules ask about the same person and org."""
    last, org = re.escape(last), re.escape(org)
    # A title may carry its abbreviation in brackets: "Chief Operating Officer (COO) X".
    short = r"(?:\([\w.&-]{1,12}\)\s+)?"
    before = rf"(?:{titles})\s+{short}(?:[\w.-]+\s+){{0,3}}?{org},?\s+(?:\w+\s+)?{last}"
    after = rf"{last},?\s+(?:{titles})\s+{short}(?:[\w.-]+\s+){{0,3}}?{org}"
    return re.compile(before, re.I), re.compile(after, re.I)


@lru_cache(maxsize=1024)
def _org_then_last(org: str, last: str) -> re.Pattern[str]:
    """The end of ``_leads``' title-first pattern: the organisation, then the surname."""
    return re.compile(rf"{re.escape(org)},?\s+(?:\w+\s+)?{re.escape(last)}", re.I)


@lru_cache(maxsize=1024)
def _literal(word: str) -> re.Pattern[str]:
    return re.compile(re.escape(word), re.I)


@lru_cache(maxsize=8)
def _title_at(titles: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{titles})", re.I)


def _may_lead(text: str, titles: str, org: str, last: str) -> bool:
    """False when neither of ``_lead_patterns`` can match ``text``, tested without compiling
    them (each holds the whole title alternation: about 2 ms of CPU per new person and org).

    Exact: a title-first match ends with organisation-then-surname, which :func:`_org_then_last`
    finds wherever it is; a surname-first match starts with the surname, an optional comma and
    whitespace, then a title, which is tested at every occurrence of the surname.
    """
    if _org_then_last(org, last).search(text):
        return True
    surname, title = _literal(last), _title_at(titles)
    found = surname.search(text)
    while found is not None:
        end = found.end()
        for gap in (end, end + 1) if text[end : end + 1] == "," else (end,):
            run = gap
            while run < len(text) and text[run].isspace():
                run += 1
                if title.match(text, run):
                    return True
        found = surname.search(text, found.start() + 1)
    return False


def _leads(
    text: str, person: str, org: str, titles: str | None = None, *, current: bool = False
) -> bool:
    """Whether the article writes ``person`` with a title (by default a leader title) of ``org``;
    with ``current``, only a title not marked as past ("mantan CEO X" is not X's CEO now)."""
    titles = titles or load_cues().leader_titles.pattern
    words = person.split()
    if not words:  # a blank "person" from the model leads nothing
        return False
    if not _may_lead(text, titles, org, words[-1]):
        return False
    before, after = _lead_patterns(titles, org, words[-1])
    for m in [*before.finditer(text), *after.finditer(text)]:
        lead = text[max(m.start() - 12, 0) : m.start()] if m.re is before else ""
        if not current or not (_former().search(lead) or _former().search(m.group(0))):
            return True
    return False


@lru_cache(maxsize=1)
def _role_titles() -> str:
    """Job titles of ``titles_id.json`` but the founders': a role someone holds at an org."""
    founders = {"pendiri", "co-founder", "cofounder", "founder", "co-creator", "salah"}
    titles = [t for t in data.titles().job_titles if t.casefold() not in founders]
    return word_pattern(titles).pattern


@lru_cache(maxsize=1)
def _speech() -> re.Pattern[str]:
    return word_pattern(load_cues_raw()["speech"])


def _reported_speech(text: str, lo: int, hi: int | None = None) -> re.Match[str] | None:
    """The first verb of speech in ``text[lo:hi]`` when it reports what was said ("A mengatakan
    tidak ada yang keluar"); "menyatakan" announces one's own ("A menyatakan mundur"): None."""
    said = _speech().search(text, lo, len(text) if hi is None else hi)
    return None if said is None or said.group(0).casefold() == "menyatakan" else said


_THAT = re.compile(r"(?<![\w-])bahwa(?![\w-])", re.IGNORECASE)


def _said_that(text: str, lo: int, hi: int) -> bool:
    """Whether a complement clause with a subject of its own opens in ``text[lo:hi]`` and runs
    to ``hi``: "A mengimplikasikan bahwa saya meninggalkan X", "A menyadari bahwa tim itu
    keluar" tell what the one before "bahwa" says, thinks or implies, whatever the verb, not
    what they do. A clause with no subject before its verb ("A memastikan bahwa akan mundur",
    only ``verb_fillers`` between) or with "dirinya" for subject is about A."""
    m = _THAT.search(text, lo, hi)
    if m is None:
        return False
    fillers = _verb_fillers()
    subject = [w for w in text[m.end() : hi].split() if w.strip(",").casefold() not in fillers]
    return bool(subject) and subject[0].casefold() != "dirinya"


@lru_cache(maxsize=1)
def _verb_fillers() -> frozenset[str]:
    return frozenset(w.casefold() for w in data.move_grammar().verb_fillers)


@lru_cache(maxsize=1)
def _speech_before() -> re.Pattern[str]:
    """The speech words written before their speaker ("kata", "ujar", "menurut";
    ``cues_id.json`` "speech_leads"), not the active verbs whose speaker stands before them."""
    return word_pattern(load_cues_raw()["speech_leads"])


@lru_cache(maxsize=1)
def _speech_verbs() -> re.Pattern[str]:
    """The speech verbs whose speaker stands before them ("X mengatakan", "X menulis"): the
    ``speech`` words but the ``speech_leads``."""
    raw = load_cues_raw()
    leads = {w.casefold() for w in raw["speech_leads"]}
    return word_pattern([w for w in raw["speech"] if w.casefold() not in leads])


def _spoke(text: str, name: str) -> bool:
    """Whether ``text`` makes ``name`` the one who speaks: "kata/ujar/menurut ... X" (a speech
    word written before its speaker at most six words before the name) or "X mengatakan/menulis
    ..." right after it. A lead right after the name opens someone else's voice ("..., dan
    Xiaohua Zhai, menurut laporan X": the report speaks)."""
    for part in _name_parts(name):
        for m in whole_word(part).finditer(text):
            lead = " ".join(text[: m.start()].split()[-7:])
            after = text[m.end() : m.end() + 40].lstrip(", ")
            if _speech_before().search(lead) or _speech_verbs().match(after):
                return True
    return False


def _short_lines_only(text: str, name: str, words: int = 8) -> bool:
    """Whether every line naming ``name`` is a short line that is no sentence — no closing full
    stop, no move word: a byline ("Nama | Outlet"), a caption credit, an editor's line."""
    lines = [line.strip() for line in text.splitlines() if _named_in(name, line)]

    def credit(line: str) -> bool:
        # A dateline's figures ("Rabu, 5 Maret 2025 08.40") and separators are no words.
        worded = [w for w in line.split() if any(c.isalpha() for c in w)]
        return (
            sum(not any(c.isdigit() for c in w) for w in worded) <= words
            and not line.endswith((".", "!", "?", "\u201d", '"'))
            and not load_cues().departure.search(line)
        )

    return bool(lines) and all(credit(line) for line in lines)


def load_cues_raw() -> dict[str, list[str]]:
    """The cue lists of ``cues_id.json`` by name."""
    return {k: v for k, v in data.cues().model_dump().items() if isinstance(v, list)}


def _org_in_text(name: str, text: str) -> tuple[str, str | None] | None:
    """The canonical (org, unit) of ``name`` if the text names it: by the name, an alias, or one
    of its products ("pembuat ChatGPT" names OpenAI; ``data/products_id.json``)."""
    ref = canonical_org(name)
    if ref is None:
        return None
    for form in (name, ref.org, ref.matched):
        if form and contains_name(text, form):
            return ref.org, ref.unit
    if any(org == ref.org and contains_name(text, p) for p, org in _products().items()):
        return ref.org, ref.unit
    # Written by another alias of the table ("SSI" for Safe Superintelligence).
    if any(m.org == ref.org for m in default_org_table().find(text)):
        return ref.org, ref.unit
    return None


def product_maker(name: str) -> str | None:
    """The maker of a product named by ``name`` ("ChatGPT", "pembuat ChatGPT"), else None."""
    makers = _makers()
    ref = canonical_org(name)
    for form in (name, ref.org if ref else None, ref.matched if ref else None):
        if form and form.casefold() in makers:
            return makers[form.casefold()]
    return None


@lru_cache(maxsize=1)
def _products() -> dict[str, str]:
    return dict(data.products().makers)


def _is_org(name: str) -> bool:
    """Whether ``name`` is an organisation: one the table knows, or one the article itself
    introduces ("firma desain bernama X"), written whole."""
    table = default_org_table()
    if table.lookup(name) is not None:
        return True
    whole = name.strip()
    return any(m.start == 0 and m.end == len(whole) for m in table.find(whole, strict=False))


def _name_parts(name: str) -> list[str]:
    return [t for t in name.split() if len(t) >= 3] or name.split()


def _named_in(name: str, text: str) -> bool:
    return any(contains_name(text, part) for part in _name_parts(name))


def _before(text: str, name: str, pattern: re.Pattern[str], gap: int = 20) -> bool:
    """Whether a word of ``pattern`` ends within ``gap`` characters before a mention of ``name``."""
    for part in _name_parts(name):
        for m in whole_word(part).finditer(text):
            if pattern.search(text[max(m.start() - gap, 0) : m.start()]):
                return True
    return False


def _after(
    text: str, name: str, pattern: re.Pattern[str], gap: int = 40, *, subject: bool = False
) -> bool:
    """Whether a word of ``pattern`` follows a mention of ``name`` within ``gap`` characters;
    with ``subject``, not a mention that owns the noun before it ("permintaan X agar ia
    bergabung": X asked, someone else joins)."""
    for part in _name_parts(name):
        for m in whole_word(part).finditer(text):
            if subject and _owns_noun(text, _given_start(text, m.start(), name)):
                continue
            if pattern.search(text[m.end() : m.end() + gap]):
                return True
    return False


_OWNED_NOUN = re.compile(r"(?<![\w-])(?!(?:me|ber|di|ter))([a-z]{3,}an)\s+$")


def _given_start(text: str, start: int, name: str) -> int:
    """Where the full name begins when the surname at ``start`` follows its given names."""
    given = " ".join(name.split()[:-1])
    head = text[:start].rstrip()
    return (
        start - (len(text[:start]) - len(head)) - len(given)
        if given and head.endswith(given)
        else start
    )


def _owns_noun(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows a lowercase -an noun ("permintaan X", "tawaran X")."""
    return _OWNED_NOUN.search(text[max(start - 30, 0) : start]) is not None


@lru_cache(maxsize=1)
def _not_surnames() -> frozenset[str]:
    n = data.names()
    words = [
        *n.non_names,
        *n.sentence_starters,
        *n.products,
        *n.org_words,
        *n.places,
        *n.function_words,
        *data.titles().job_titles,
        *data.titles().honorifics,
        # "pada Rabu", "sejak Agustus": day and month names (full, not "Jan" or "Des")
        *(w for day in data.dates().weekdays for w in (*day.names, *day.english)),
        *(w for month in data.dates().months for w in (*month.names, *month.english)),
    ]
    return frozenset(w.casefold() for w in words)


def _lone_surname(name: str, text: str) -> bool:
    """Whether ``name`` (one word) reads as a person's surname in ``text``: capitalised, at
    least four letters, written at least twice not at the start of a sentence or line, and no
    word the name, title, place and date lists know (a day or month name), nor an organisation."""
    word = name.strip()
    if len(word) < 4 or not word[0].isupper() or not word.isalpha():
        return False
    if word.casefold() in _not_surnames() or _is_org(word):
        return False
    inside = re.findall(rf"(?<=[\w,] ){re.escape(word)}(?!\w)", text)
    return len(inside) >= 2


@lru_cache(maxsize=1)
def _successor_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    g = data.move_grammar()
    return word_pattern(g.successor_before), word_pattern(g.successor_after)


def _succeeds(text: str, person: str) -> bool:
    """Whether ``text`` makes ``person`` the one who takes a post over: "digantikan oleh X"
    right before the name, or "X menggantikan / ditunjuk sebagai" right after it."""
    before, after = _successor_marks()
    return _before(text, person, before, gap=20) or _after(text, person, after, gap=40)


_LINE_END = re.compile(r"[.!?…\"”’')]\s*$")


def headline(text: str) -> bool:
    """A title or section line, not a sentence of the story: short, with no closing
    punctuation ("Dua Peneliti X Pindah", "Tolak Tawaran Rp 15 Triliun")."""
    return len(text.split()) <= 20 and not _LINE_END.search(text)


def names_place(text: str) -> bool:
    """Whether ``text`` names a place (``names_id.json`` places: "AS", "Jakarta"): a sentence
    that tells someone leaving one tells no organisation left."""
    from talent_extract.find.person_tokens import lexicon

    return lexicon().places_pattern.search(text) is not None


def place_or_outlet(name: str, text: str) -> bool:
    """Whether ``name`` is a place ("Mountain View", ``names_id.json`` places; a name written
    after a place noun at every mention: "daerah Kemang", ``place_nouns``) or the outlet of a
    dateline ("SMJTimes.com – Di tengah ...", "JAKARTA, Kompas.com -": every mention opens a line
    or follows a city and a comma, and a dash follows): where someone lives or what published
    the story, not an organisation anyone works for."""
    from talent_extract.find.person_tokens import lexicon

    bare = name.strip()
    if lexicon().places_pattern.fullmatch(bare) is not None:
        return True
    found = list(re.finditer(rf"(?<![\w.-]){re.escape(bare)}(?![\w-])", text))
    if found and all(_place_noun().search(text, 0, m.start()) for m in found):
        return True  # "di daerah Kemang, Jakarta": a neighbourhood, at every mention
    return bool(found) and all(
        _DATELINE.match(text, m.end()) and _line_head(text, m.start()) for m in found
    )


@lru_cache(maxsize=1)
def _platforms() -> frozenset[str]:
    """The platforms a quote or a post can be published on (``quotes_id.json`` channels,
    written as names: "X", "LinkedIn", "Threads")."""
    return frozenset(
        w.casefold() for c in data.quotes().channels for w in c.words if w[:1].isupper()
    )


# Right before a platform named as where something was posted: "di X", "melalui akun
# LinkedIn-nya", "dalam unggahan di Threads".
_POSTED_ON = re.compile(
    r"(?<![\w-])(?:di|melalui|lewat|via|pada|dalam)\s+(?:(?:akun|platform|media sosial|"
    r"unggahan|postingan|cuitan|laman|profil)(?:\s+\w+){0,2}\s+)?$",
    re.IGNORECASE,
)


def named_as_channel(name: str, text: str) -> bool:
    """Whether ``name`` is a platform the article names only as where someone posted ("menulis
    di X", "melalui LinkedIn"): a channel of a statement, not an organisation anyone left or
    joined there."""
    bare = name.strip()
    if bare.casefold() not in _platforms():
        return False
    found = list(re.finditer(rf"(?<![\w.-]){re.escape(bare)}(?![\w-])", text))
    return bool(found) and all(
        _POSTED_ON.search(text, max(0, m.start() - 40), m.start()) for m in found
    )


@lru_cache(maxsize=1)
def _place_noun() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrases(data.names().place_nouns)})\s+$")


_DATELINE = re.compile(r"\s*[–—-]\s")


def _line_head(text: str, start: int) -> bool:
    head = text[text.rfind("\n", 0, start) + 1 : start]
    return not head.strip() or re.fullmatch(r"\s*[A-Z][A-Za-z .]{1,30},\s*", head) is not None


def canonical_name(name: str | None) -> str | None:
    """The canonical name of an organisation the model wrote (itself when the table does not
    know it; None for none)."""
    if not name:
        return None
    from talent_extract.find.names import canonical_org

    ref = canonical_org(name)
    return ref.org if ref is not None else name
