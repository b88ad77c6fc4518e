"""Direct quotes and who said them, found by code: the model is asked only about the hard cases.

Two pure functions:

* :func:`find_quotes` finds every direct quote in an article (the text between paired quote marks)
  and drops quoted terms and names (“AI winter”, “Boz”, "deepfake").
* :func:`attribute_quotes` decides, from Indonesian news-writing conventions, who said each quote,
  and says whether that decision is certain (``confident``) or should go to the model together with
  a short list of ``candidates``.

The modules behind it: :mod:`~talent_extract.find.quote_marks` (finding quotes and terms),
:mod:`~talent_extract.find.quote_speakers` (the article's paragraphs, people and speaker phrases)
and :mod:`~talent_extract.find.quote_lexicon` (the vocabulary, ``data/quotes_id.json``).

Attribution rules (in order)
----------------------------
1. **after** – the closing mark is followed by a speech verb: ``“…,” kata X`` (or by its
   subject first: ``“…,” dia menjelaskan``, ``“…,” Budi menambahkan``). X is a person
   mention (a role in front of it becomes ``speaker_role``: ``kata CEO Microsoft Satya Nadella``;
   an appositive after it too: ``tambah X, Principal Data Scientist ...``), a document
   (``kata surat itu`` → speaker ``"surat itu"``, ``is_document``), an anonymous description
   (``kata seorang mantan karyawan yang bekerja di ...`` → kept as written, ``anonymous``) or a
   capitalised name that is not among the person mentions (kept as written: an organisation, or a
   person the name index missed; ``is_document`` stays False even with ``dalam sebuah
   pernyataan``, which only sets the channel). A person named inside an anonymous description
   (``kata seorang rekan Altman``) keeps the description but makes it not confident. A social
   media account (``tulis akun @nama``) is the speaker as written, or the article's person
   whose surname the handle holds (``@wibisono_r`` → Raka Wibisono); after a quote ending
   its sentence, up to three words before the account name the post (``“….” Tambah cuitan
   dari akun @wibisono_r``): that person, when the handle holds one's surname.
2. **before** – a speech verb ends the text before the opening mark in the same sentence:
   ``X mengatakan, “…”``, ``X menulis di X: "…"``, ``Menurut X, "…"``. Its subject is found in the
   sentence before the verb. ``… dalam sebuah memo …, dengan mengatakan "…"`` makes the memo's
   author (the sentence's capitalised subject, e.g. ``OpenAI``) the speaker with
   ``is_document=True``; without a named author the speaker is the document noun (``"memo"``).
   A sentence-initial single capitalised word counts as an author only when the article also
   writes it capitalised mid-sentence (so "Kepergian itu ..." is not an author). The subject is
   the clause right before the verb (after the last comma, keeping a ", yang ...," clause and an
   appositive ``Direktur komunikasi Meta, Andy Stone,``); a person right after a preposition
   (``dengan Lex Fridman``) is not the subject. A short quoted term between verb and quote
   does not cut them apart (``Ia mengatakan bahwa timnya “gesit,” dengan “…”``). A verb after
   joining words only (``…,” ujarnya, seraya menambahkan bahwa “…”``, ``shared_subject_words``)
   has the clause's subject: named before it, else the quote goes on (rule 5).
3. **nya** – ``katanya``/``ujarnya``/``tulisnya``/…, ``kata dia``, a pronoun subject ``Ia
   mengatakan, "…"``, or a description pointed back with a demonstrative after the verb (``kata
   Pekerja X itu``, ``ujar perempuan tersebut``; not an anonymous source's head such as
   ``sumber itu``, nor a phrase with a preposition) refers back: the speaker is the person
   most recently named before the quote (mentions inside quotes are ignored; mentions right
   after a preposition such as ``milik`` or ``dengan``, or owning the noun before them,
   ``keputusan Altman``, are passed over for the default ``speaker`` but still count as
   candidates) — or the one opening that person's sentence as its subject (``A sebelumnya …
   saat dewan bergulat dengan nasib CEO B.``: A; not when B follows a speech verb, ``…, kata
   B``, nor when A stands in an opening clause, ``Setelah A pergi, B …``). When the passage
   names no one and the paragraph before opens with a pronoun (``Namun dia …``), that
   pronoun's person is looked up before it. The role is taken from that mention's own
   sentence. Looking back covers the quote's paragraph and the one before (boilerplate such as
   "Baca juga" and fragments under four words are skipped). One person named there,
   or only the chosen one in the quote's own paragraph before it → confident; else
   ``confident=False`` with ``candidates``; none → the nearest earlier person, not confident.
   So for a quote after "Namun, ia bersikeras bahwa ... .". A "-nya" right after a quote with
   a named speaker (in this paragraph or the one before, no one else named between
   the two: ``“…,” tulis X.`` then ``“…,” lanjutnya.``) goes on from that quote: same speaker,
   same confidence.
4. **intro** – a quote that is a paragraph of its own after a paragraph ending in ``:`` ("Berikut
   pesan rekrutmen X …:") gets the person named in that intro's last sentence, the one ending
   in the colon ("A berkata ... . Namun B jauh lebih kritis:" → B), else in the paragraph;
   confident only when exactly one person is named there. The channel comes from the intro
   (``pesan`` → ``message``).
5. **continuation** – a quote with no cue of its own right after a quote with a speaker (in the
   same paragraph with at most the previous quote's cue clause between them, or at the start of
   the next paragraph when the previous paragraph ends with that quote's cue clause) has the same
   speaker, role, channel and confidence. The earlier parts of a multi-paragraph quote take the
   attribution of the part that carries the cue.
6. **none** – no speaker, ``confident=False``.

``speaker_start``/``speaker_end`` point at the speaker phrase: the person mention (not the role),
the description of an anonymous source, the document phrase, or the name as written. A
description runs to the end of its clause and keeps relative clauses ("yang bekerja di perusahaan
AI pesaing", also one set off by commas: ", yang sekarang bekerja di dunia akademis"), but stops
at any other comma, at a stop word (``tetapi``, ``namun``, ``tentang``, ``kepada`` …), at a
channel phrase (``dalam wawancara``) and at the end of the sentence.

``candidates`` (only when not confident) are the canonical names of persons named in the quote's
paragraph and the previous one, outside quotes, nearest to the quote first, at most four; when
there are none, the nearest persons named anywhere before the quote.

The vocabulary (speech verbs, pronouns, anonymous-source heads, document nouns, channel words,
stop words, role titles) lives in ``data/quotes_id.json``, loaded once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from talent_extract.find.quote_lexicon import (
    WORD,
    clause_end,
    is_capitalised,
    match_words,
    sentence_start,
    single_sentence,
)
from talent_extract.find.quote_lexicon import tokens as _tokens
from talent_extract.find.quote_marks import QuoteCandidate, find_quotes, find_terms
from talent_extract.find.quote_speakers import QuoteContext, Speaker, named_inside
from talent_extract.text.spans import PersonMention

__all__ = [
    "Attribution",
    "Cue",
    "QuoteCandidate",
    "QuoteContext",
    "attribute_quotes",
    "find_quotes",
    "find_terms",
]

Cue = Literal["after", "before", "nya", "continuation", "intro", "none"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said one quote, how that was decided, and whether the model should be asked.

    Attributes:
        speaker: canonical person name (``PersonMention.name``), the description of an anonymous
            source as written, a document phrase ("surat itu", "memo"), a capitalised name as
            written (organisation), or None.
        speaker_start, speaker_end: offsets of the speaker phrase (the mention, description,
            document phrase or name; never the role). For a continuation, the original phrase.
        speaker_role: a title next to the name ("CEO Microsoft", "Direktur komunikasi Meta").
        anonymous: the speaker is an unnamed source described in the text.
        is_document: a letter/memo/statement is the speaker (or its author org, via "dengan
            mengatakan").
        channel: X, Threads, Instagram, LinkedIn, WhatsApp, blog, interview, letter, memo,
            statement, message, email, ... (see ``data/quotes_id.json``).
        cue: which rule decided (see the module docstring).
        confident: False when the model should choose the speaker.
        candidates: when not confident, canonical names to choose from, nearest first (<= 4);
            empty when confident.
    """

    speaker: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_role: str | None = None
    anonymous: bool = False
    is_document: bool = False
    channel: str | None = None
    cue: Cue = "none"
    confident: bool = False
    candidates: list[str] = field(default_factory=list)


def _from_speaker(
    ctx: QuoteContext, q: QuoteCandidate, spk: Speaker, cue: Cue, channel: str | None
) -> Attribution:
    """Turn a parsed speaker phrase into an Attribution (resolving pronouns)."""
    if spk.kind == "pronoun":
        return _nya(ctx, q, channel)
    if spk.kind == "document":
        return Attribution(
            speaker=spk.speaker,
            speaker_start=spk.start,
            speaker_end=spk.end,
            is_document=True,
            channel=spk.channel or channel,
            cue=cue,
            confident=True,
        )
    att = Attribution(
        speaker=spk.speaker,
        speaker_start=spk.start,
        speaker_end=spk.end,
        speaker_role=spk.role,
        anonymous=spk.kind == "anonymous",
        channel=channel,
        cue=cue,
        confident=spk.confident,
    )
    return att if att.confident else _with_candidates(ctx, q, att)


def _with_candidates(ctx: QuoteContext, q: QuoteCandidate, att: Attribution) -> Attribution:
    return Attribution(
        speaker=att.speaker,
        speaker_start=att.speaker_start,
        speaker_end=att.speaker_end,
        speaker_role=att.speaker_role,
        anonymous=att.anonymous,
        is_document=att.is_document,
        channel=att.channel,
        cue=att.cue,
        confident=att.confident,
        candidates=[] if att.confident else ctx.candidates(q),
    )


def _nya(ctx: QuoteContext, q: QuoteCandidate, channel: str | None) -> Attribution:
    """Attribution for a '-nya' verb or a pronoun subject."""
    channel = channel or ctx.channel_before(q.open_start)
    m, confident = ctx.resolve_back(q)
    if m is None:
        return _with_candidates(ctx, q, Attribution(speaker=None, channel=channel, cue="nya"))
    att = Attribution(
        speaker=m.name,
        speaker_start=m.start,
        speaker_end=m.end,
        speaker_role=ctx.role_of(m),
        channel=channel,
        cue="nya",
        confident=confident,
    )
    return _with_candidates(ctx, q, att)


def _after_cue(ctx: QuoteContext, q: QuoteCandidate, limit: int) -> Attribution | None:
    """``“…,” kata X`` / ``“…,” katanya``."""
    m = ctx.lex.after_re.match(ctx.text, q.close_end, limit)
    if m is None:
        inv = ctx.inverted_cue(q, limit)  # "“…,” dia menjelaskan"
        spk = ctx.parse_speaker(*inv, sentence_initial=False) if inv else None
        if inv and spk:
            return _from_speaker(ctx, q, spk, "after", ctx.channel(*inv))
        # "“….” Tambah cuitan dari akun @nama": a post of a person's account, told after it.
        late = _HANDLE_LATE.match(ctx.text, q.close_end, clause_end(ctx.text, q.close_end, limit))
        return _account(ctx, late) if late and ctx.handle_owner(late.group(1)) else None
    clause = clause_end(ctx.text, m.end(), limit)
    channel = ctx.channel(m.end(), clause)
    if m.group("nya"):
        return _nya(ctx, q, channel)
    handle = _HANDLE.match(ctx.text, m.end(), clause)
    if handle is not None:
        return _account(ctx, handle)
    spk = ctx.parse_speaker(m.end(), clause, sentence_initial=False)
    if spk is None:
        return None
    return _from_speaker(ctx, q, spk, "after", channel)


# "“…,” tulis akun @nama": a social-media account speaks (a handle, not a name in the text).
_HANDLE = re.compile(
    r"\s*(?:dari\s+)?akun\s+(?:(?:X|Twitter|Instagram|TikTok|Threads)\s+)?(@\w+)", re.I
)


# The same after up to three words that name the post ("Tambah cuitan", "Demikian unggahan").
_HANDLE_LATE = re.compile(
    r"\s*(?:[^\W\d_]+\s+){1,3}?(?:dari\s+)?akun\s+(?:(?:X|Twitter|Instagram|TikTok|Threads)\s+)?(@\w+)",
    re.I,
)


def _account(ctx: QuoteContext, handle: re.Match[str]) -> Attribution:
    """The speaker an account handle names: the article's person whose surname the handle
    holds ("@karpathy" for "Andrej Karpathy"), else the handle itself."""
    tag = handle.group(1)
    person = ctx.handle_owner(tag)
    return Attribution(
        speaker=person.name if person else tag,
        speaker_start=handle.start(1),
        speaker_end=handle.end(1),
        channel=ctx.channel(handle.start(), handle.end()),
        cue="after",
        confident=True,
    )


def _subject_start(ctx: QuoteContext, start: int, end: int) -> int:
    """Skip leading connectives ('Namun', 'Sementara itu,') of a subject region."""
    text = ctx.text
    while True:
        while start < end and (text[start].isspace() or text[start] == ","):
            start += 1
        toks = _tokens(text, start, end)
        n = match_words(toks, 0, ctx.lex.connectors)
        if not n or toks[0].start != start:
            return start
        start = toks[n - 1].end


_MENURUT = re.compile(r"(?<!\w)[Mm]enurut(?P<nya>nya)?(?P<spk>\s+[^.!?]{1,150}?)?\s*,\s*$")


def _subject_segment(ctx: QuoteContext, start: int, end: int) -> int:
    """Start of the clause right before a verb: after the last comma in ``text[start:end]``,
    but a relative clause set off by commas (', yang ...') stays with its noun."""
    seg = end
    while True:
        comma = ctx.text.rfind(",", start, seg)
        if comma < 0:
            return start
        toks = _tokens(ctx.text, comma + 1, end)
        if not toks or toks[0].low != "yang":
            return comma + 1
        seg = comma


def _menurut_cue(ctx: QuoteContext, q: QuoteCandidate, bstart: int) -> Attribution | None:
    """``Menurut X, “…”`` / ``Menurutnya, “…”``."""
    before = ctx.text[bstart : q.open_start]
    menurut = _MENURUT.search(before)
    if menurut is None:
        return None
    channel = ctx.channel(bstart, q.open_start)
    if menurut.group("nya"):
        return _nya(ctx, q, channel)
    if not menurut.group("spk"):
        return None
    s = bstart + menurut.start("spk")
    spk = ctx.parse_speaker(s, bstart + menurut.end("spk"), sentence_initial=False)
    return None if spk is None else _from_speaker(ctx, q, spk, "before", channel)


def _before_cue(ctx: QuoteContext, q: QuoteCandidate, lo: int) -> Attribution | None:
    """``X mengatakan, “…”``, ``Menurut X, “…”``, ``… dengan mengatakan "…"``."""
    text = ctx.text
    bstart = sentence_start(text, q.open_start, lo)
    m = ctx.lex.before_re.search(text[bstart : q.open_start])
    if m is None or not _verb_reaches(ctx, bstart + m.start("mid"), m.group("mid")):
        return _menurut_cue(ctx, q, bstart)
    channel = ctx.channel(bstart, q.open_start)
    verb_start = bstart + (m.start("dengan") if m.group("dengan") else m.start("verb"))
    sub_end = verb_start
    while sub_end > bstart and text[sub_end - 1].isspace():
        sub_end -= 1
    if sub_end > bstart and text[sub_end - 1] == ",":
        sub_end -= 1
    sub_start = _subject_start(ctx, bstart, sub_end)
    seg_start = _subject_segment(ctx, sub_start, sub_end)

    named = [p for p in ctx.persons_in(seg_start, sub_end) if not ctx.after_preposition(p)]
    shared = _shares_subject(ctx, seg_start, sub_end)
    if not named and (m.group("dengan") or shared or _aside(ctx, seg_start, sub_end)):
        # "A, kepala X, mengundurkan diri pada Rabu, dengan mengatakan bahwa ia …": the
        # "dengan" clause has the sentence's subject, named before the main verb; so has a verb
        # after an aside set off by commas ("A, dalam memo internal, mengungkapkan: “…”").
        subject = [
            p
            for p in ctx.persons_in(sub_start, seg_start)
            if not ctx.after_preposition(p) and not ctx.owner(p)
        ]
        named = subject[:1] if len({p.name for p in subject}) == 1 else []
    if named:
        # "A membalas postingan B dengan menulis bahwa “…”": B owns a noun; A speaks.
        p = ([n for n in named if not ctx.owner(n)] or named)[-1]
        return Attribution(
            speaker=p.name,
            speaker_start=p.start,
            speaker_end=p.end,
            speaker_role=ctx.role_before(p, seg_start) or ctx.appositive_role(p, sub_end),
            channel=channel,
            cue="before",
            confident=True,
        )
    if m.group("dengan"):
        toks = _tokens(text, bstart, verb_start)
        doc = next(
            (d for k in range(len(toks)) if (d := ctx.document_at(toks, k)) is not None), None
        )
        if doc is not None:
            first_noun, past, doc_channel = doc
            spk = ctx.parse_speaker(sub_start, sub_end, sentence_initial=sub_start == bstart)
            if spk is not None and spk.kind == "pronoun":
                return _nya(ctx, q, doc_channel)
            if spk is not None and spk.kind == "as_written" and spk.confident:
                s, e, speaker = spk.start, spk.end, spk.speaker
            else:
                s, e = toks[first_noun].start, toks[past - 1].end
                speaker = text[s:e]
            return Attribution(
                speaker=speaker,
                speaker_start=s,
                speaker_end=e,
                is_document=True,
                channel=doc_channel,
                cue="before",
                confident=True,
            )
    if shared:
        # "“…,” tambahnya, seraya menambahkan bahwa “…”": the verb has the clause's subject,
        # no speaker of its own; the quote goes on from the one before it (continuation).
        return None
    spk = ctx.parse_speaker(seg_start, sub_end, sentence_initial=seg_start == bstart)
    if spk is None:
        return None
    return _from_speaker(ctx, q, spk, "before", channel)


def _shares_subject(ctx: QuoteContext, seg_start: int, sub_end: int) -> bool:
    """Whether the clause before a speech verb is only joining words ("seraya", "sambil",
    "lalu"): the verb shares the subject of the clause before it and names no one itself."""
    toks = _tokens(ctx.text, seg_start, sub_end)
    return bool(toks) and all(t.low in ctx.lex.shared_subject_words for t in toks)


_BAHWA = re.compile(r"(?<![\w-])(?:bahwa|kalau)(?![\w-])", re.IGNORECASE)


def _verb_reaches(ctx: QuoteContext, mid_start: int, mid: str) -> bool:
    """Whether a speech verb ``mid`` before a quote still introduces it: up to 12 words, or up
    to 20 when a "bahwa" clause holds the quote and names no one else ("B mengatakan kepada
    staf melalui email pada Jumat bahwa dia mundur “berdasarkan berita hari ini.”")."""
    words = len(WORD.findall(mid))
    if words <= 12:
        return True
    return (
        words <= 20
        and _BAHWA.search(mid) is not None
        and not ctx.persons_in(mid_start, mid_start + len(mid))
    )


def _aside(ctx: QuoteContext, seg_start: int, sub_end: int) -> bool:
    """Whether the clause right before a speech verb starts in lowercase after a comma and is no
    description of a speaker: an aside ("A, dalam surat yang beredar, menyampaikan ...")
    or the verb's own adverb after the subject's relative clause ("A, yang sempat memimpin X,
    juga menulis ..."). The verb's subject is named before it."""
    toks = _tokens(ctx.text, seg_start, sub_end)
    if not toks or is_capitalised(toks[0].word) or toks[0].low in ctx.lex.pronouns:
        return False
    if ctx.text[seg_start - 1 : seg_start] != ",":
        return False
    return not match_words(toks, 0, ctx.lex.anonymous_heads) and ctx.document_at(toks, 0) is None


def _told_before(ctx: QuoteContext, q: QuoteCandidate) -> Attribution | None:
    """A quote with no cue of its own that opens a sentence right after one, in the same
    paragraph, whose subject is a person with a speech verb ("Altman menambahkan kalau
    dirinya ... . “Tapi kita …”"): that person goes on speaking. Only when the sentence's
    subject is its one person named first and the quote does not name them. A pronoun subject
    in a sentence naming no one ("Namun, ia bersikeras bahwa ... . “…”") refers back, as "-nya"
    does."""
    ps, _ = ctx.para_span(q.open_start)
    bstart = sentence_start(ctx.text, q.open_start, ps)
    if ctx.text[bstart : q.open_start].strip() or bstart <= ps:
        return None
    end = bstart
    while end > ps and ctx.text[end - 1].isspace():
        end -= 1
    prev_start = sentence_start(ctx.text, end - 1, ps)  # before its closing stop
    verb = ctx.lex.speech_re.search(ctx.text, prev_start, bstart)
    if verb is None:
        return None
    subject = [p for p in ctx.persons_in(prev_start, verb.start()) if not ctx.after_preposition(p)]
    names = {p.name for p in subject}
    if not subject and not ctx.persons_in(prev_start, bstart):
        # "Namun, ia bersikeras bahwa ... . “…”": a pronoun speaks on; the one it stands for.
        lead = _tokens(ctx.text, _subject_start(ctx, prev_start, verb.start()), verb.start())
        if lead and lead[0].low in ctx.lex.pronouns and len(lead) <= 3:
            return _nya(ctx, q, ctx.channel(prev_start, bstart))
        return None
    if len(names) != 1 or ctx.persons_in(verb.end(), bstart) or named_inside(q.inner, *names):
        return None
    p = subject[0]
    if ctx.owner(p) or ctx.listed(p) or ctx.text[prev_start : p.start].strip(" ,").count(" ") > 3:
        return None
    return Attribution(
        speaker=p.name,
        speaker_start=p.start,
        speaker_end=p.end,
        speaker_role=ctx.role_of(p),
        channel=ctx.channel(prev_start, bstart),
        cue="before",
        confident=True,
    )


def _intro(ctx: QuoteContext, q: QuoteCandidate) -> Attribution | None:
    """A quote paragraph right after a paragraph that ends with ':'."""
    index = ctx.para_of(q.open_start)
    ps, pe = ctx.paragraphs[index] if ctx.paragraphs else (0, len(ctx.text))
    if index == 0 or q.open_start != ps or ctx.text[q.close_end : pe].strip(" .,"):
        return None
    ips, ipe = ctx.paragraphs[index - 1]
    if not ctx.text[ips:ipe].endswith(":"):
        return None
    channel = ctx.channel(ips, ipe)
    # The sentence that ends with the colon introduces the quote ("Namun A jauh lebih kritis:"),
    # not an earlier one of the paragraph about someone else.
    last = sentence_start(ctx.text, ipe - 1, ips)
    named = ctx.persons_in(last, ipe) or ctx.persons_in(ips, ipe)
    names = list(dict.fromkeys(p.name for p in named))
    if not names:
        return _with_candidates(ctx, q, Attribution(speaker=None, channel=channel, cue="intro"))
    p = named[0]
    att = Attribution(
        speaker=p.name,
        speaker_start=p.start,
        speaker_end=p.end,
        speaker_role=ctx.role_of(p),
        channel=channel,
        cue="intro",
        confident=len(names) == 1,
    )
    return _with_candidates(ctx, q, att)


def _continues(ctx: QuoteContext, prev: QuoteCandidate, q: QuoteCandidate) -> bool:
    """``q`` follows ``prev`` with nothing but ``prev``'s cue clause between them."""
    pq, qq = ctx.para_of(prev.open_start), ctx.para_of(q.open_start)
    if pq == qq:
        return single_sentence(ctx.text, prev.close_end, q.open_start)
    if qq != pq + 1 or q.open_start != ctx.paragraphs[qq][0]:
        return False
    return single_sentence(ctx.text, prev.close_end, ctx.paragraphs[pq][1])


def _nya_follows(
    ctx: QuoteContext, prev: QuoteCandidate, prev_att: Attribution, q: QuoteCandidate
) -> bool:
    """``q``'s "-nya" goes on from the quote before it: that quote has a named speaker, lies in
    this paragraph or the one before, and no one else is named between the two quotes."""
    if prev_att.speaker is None or prev_att.anonymous or prev_att.is_document:
        return False
    here, there = ctx.para_of(q.open_start), ctx.para_of(prev.open_start)
    if there not in (here, ctx.previous_paragraph(here)):
        return False
    between = ctx.persons_in(prev.close_end, q.open_start)
    return all(p.name == prev_att.speaker for p in between)


def _continuation(prev: Attribution, cue: Cue = "continuation") -> Attribution:
    return Attribution(
        speaker=prev.speaker,
        speaker_start=prev.speaker_start,
        speaker_end=prev.speaker_end,
        speaker_role=prev.speaker_role,
        anonymous=prev.anonymous,
        is_document=prev.is_document,
        channel=prev.channel,
        cue=cue,
        confident=prev.confident,
        candidates=list(prev.candidates),
    )


def attribute_quotes(
    text: str, quotes: Sequence[QuoteCandidate], persons: Sequence[PersonMention]
) -> list[Attribution]:
    """One :class:`Attribution` per quote, in the order of ``quotes``.

    ``persons`` are the article's person mentions (offsets into ``text``); mentions inside a
    quote are never taken as its speaker. See the module docstring for the rules.
    """
    ctx = QuoteContext(text, quotes, persons)
    order = sorted(range(len(quotes)), key=lambda i: quotes[i].open_start)
    ordered = [quotes[i] for i in order]
    n = len(ordered)
    own: list[Attribution | None] = []
    for k, q in enumerate(ordered):
        ps, pe = ctx.para_span(q.open_start)
        nxt = ordered[k + 1].open_start if k + 1 < n else pe
        limit = min(pe, nxt) if nxt >= q.close_end else pe
        prev_close = ordered[k - 1].close_end if k > 0 else ps
        lo = max(ps, prev_close) if prev_close <= q.open_start else ps
        att = None if q.open_ended else _after_cue(ctx, q, limit)
        if att is None:
            att = _before_cue(ctx, q, lo)
        if att is None:
            att = _intro(ctx, q)
        if att is None and not q.continues_previous:
            att = _told_before(ctx, q)
        own.append(att)

    # earlier parts of a multi-paragraph quote take the cue carried by a later part
    for k in range(n - 1, 0, -1):
        later = own[k]
        if ordered[k].continues_previous and later is not None and own[k - 1] is None:
            own[k - 1] = _continuation(later)

    final: list[Attribution] = []
    for k, q in enumerate(ordered):
        att = own[k]
        if (
            att is None
            and k > 0
            and final[k - 1].speaker is not None
            and _continues(ctx, ordered[k - 1], q)
        ):
            att = _continuation(final[k - 1])
        if (
            att is not None
            and att.cue == "nya"
            and not att.confident
            and k > 0
            and _nya_follows(ctx, ordered[k - 1], final[k - 1], q)
        ):
            att = _continuation(final[k - 1], cue="nya")
        if att is None:
            att = _with_candidates(ctx, q, Attribution(speaker=None, cue="none"))
        final.append(att)

    result: list[Attribution] = [final[0]] * n if n else []
    for k, i in enumerate(order):
        result[i] = final[k]
    return result
