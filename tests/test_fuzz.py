"""Fuzzing the deterministic stages with hypothesis: hostile, broken and odd text.

Properties, for any ``str``:

* the cleaner (text and HTML) returns a :class:`CleanArticle` whose segments map back exactly, or
  raises :class:`InputError` (or a subclass) — nothing else;
* the money and date finders never raise, and every span they report is the text's own slice;
* the quote finder and attribution never raise, and quotes never leave their marks or overlap;
* grounding (``locate``, the answer schemas, the named rules in any combination with arbitrary
  answers) never raises anything but a validation error, every record's evidence is
  ``text[start:end]``, and the result survives a JSON round trip.

The text mixes Indonesian news fragments, money-like tokens, quote marks of every kind, dates,
HTML, unicode oddities (combining marks, RTL and zero-width controls, emoji and ZWJ sequences,
NUL and C0/C1 controls, line and paragraph separators), lone surrogates that come from decoding
random bytes with ``surrogateescape``, and very long tokens. Settings are small for CI
(``FUZZ_EXAMPLES``); ``scripts/fuzz.py`` runs the same properties for longer.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from talent_extract import InputError
from talent_extract.find.candidates import find_candidates
from talent_extract.find.dates import find_dates, find_published_date, resolve_date
from talent_extract.find.money import find_money, parse_money
from talent_extract.find.people import PersonIndex
from talent_extract.find.quotes import QuoteContext as _QuoteContext
from talent_extract.find.quotes import attribute_quotes, find_quotes, find_terms
from talent_extract.ground.locate import contains_name, locate, sentence_bounds
from talent_extract.ground.records import sentence_id
from talent_extract.ground.rules import rule_names
from talent_extract.model import prompts as P
from talent_extract.model.backend import CallStats, resolve_backend
from talent_extract.pipeline import Answers, Prepared, build_extraction, prepare
from talent_extract.records import Extraction
from talent_extract.text.clean import clean_article

# No request is made: build_extraction only grounds the answers it is given.
CONFIG = resolve_backend(base_url="http://127.0.0.1:9/v1", api_key="unused", model="m", env={})

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "250"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

NEWS = [
    "Budi Santoso keluar dari Lintas AI dan bergabung dengan Garuda Labs.",
    "Kepala riset Lintas AI, Budi Santoso, mengundurkan diri pada Senin (14/10).",
    "“Saya ingin membangun sesuatu yang baru,” kata Budi kepada wartawan.",
    "Menurut sumber yang mengetahui hal itu, Garuda Labs menawarkan paket gaji",
    "tujuh pegawai Lintas AI pindah ke Garuda Labs, termasuk Rina, Dimas, dan Sari.",
    "CEO Garuda Labs, Agus Salim, merekrut",
    "tulisnya di X.",
    "ujar seorang sumber anonim",
    "Baca juga: Harga Emas Naik",
    "ADVERTISEMENT",
    "Penulis: Redaksi",
    "Foto: AFP",
    "Jakarta, Senin (20/5/2024) 10.30 WIB",
    "Diterbitkan 21 November 2023",
    "pekan lalu",
    "Agustus lalu",
    "kemarin",
    "Jum'at",
    "Peneliti OpenAI, Andi Wijaya, keluar dan bergabung dengan Meta.",
    "tujuh pegawai OpenAI mengundurkan diri dan pindah ke Google DeepMind",
    "Meta merekrut Andi Wijaya dari Anthropic",
    "CEO Meta, Citra Lestari,",
    "menawarkan gaji US$100 juta kepada Andi Wijaya selama empat tahun.",
    "“Kami menghormati keputusannya,” tulis Citra Lestari di Threads.",
    "Wijaya, kepala riset OpenAI, resmi hengkang.",
]
MONEY = [
    "US$100 juta",
    "USD 1,5 miliar",
    "Rp 1,6 triliun",
    "Rp1.000.000.000",
    "$1 miliar",
    "€3 juta",
    "hingga mencapai US$100 juta (sekitar Rp 1,6 triliun)",
    "lebih dari $1 miliar",
    "antara US$10 juta dan US$20 juta",
    "100-300 juta dolar AS",
    "sekitar 5,5 juta dolar",
    "per tahun",
    "selama empat tahun",
    "1.000.000,00",
    "1,2,3",
    "9" * 60,
    "Rp" + "9" * 300,
    "US$1e10",
    "0,0000001 juta",
]
QUOTES = list("\"'“”„‟‘’‚‛«»‹›「」『』″′`")
ODD = [
    "e\u0301",  # combining acute
    "\u0308\u0308\u0308",
    "\u202e",  # right-to-left override
    "\u200f",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "مرحبا",
    "שלום",
    "😀",
    "👩\u200d💻",
    "🇮🇩",
    "\x00",
    "\x07",
    "\x85",
    "\u2028",
    "\u2029",
    "\r\n",
    "\r",
    "\t",
    "\u00a0",
    "\ufffd",
    "İ",  # lowercases to two characters
    "ß",
    "ﬃ",
    "Ⅻ",
    "١٢٣",  # Arabic-Indic digits
    "²",
    "<p>",
    "</p>",
    "<div class='x'>",
    "<script>alert(1)</script>",
    "&amp;",
    "{{ x }}",
    "{% if %}",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ". ", ", ", "", "\t"]


def _surrogates(data: bytes) -> str:
    """Random bytes decoded the way a C-locale stdin or os.listdir would: lone surrogates."""
    return data.decode("utf-8", errors="surrogateescape")


pieces = st.one_of(
    st.sampled_from(NEWS),
    st.sampled_from(MONEY),
    st.sampled_from(QUOTES),
    st.sampled_from(ODD),
    st.text(max_size=12),
    st.binary(max_size=12).map(_surrogates),
    st.builds(
        lambda ch, n: ch * n,
        st.sampled_from(["a", "9", ".", "“", "-", "Rp", " "]),
        st.integers(50, 3000),
    ),
)
news_text = st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(a + b for a, b in parts)
)
any_text = st.one_of(news_text, st.text(max_size=300))


# Mostly news sentences, now and then something odd between them: texts that get past the input
# checks and reach grounding with real candidates.
story_text = st.lists(
    st.tuples(
        st.sampled_from(NEWS),
        st.one_of(
            st.sampled_from(["", "", "", "", "\n\n", "\n\n"]),
            st.sampled_from(ODD + QUOTES + MONEY),
        ),
    ),
    min_size=1,
    max_size=14,
).map(lambda parts: " ".join(a + b for a, b in parts))


def _html(body: str) -> str:
    paragraphs = body.split("\n")
    inner = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Judul</title></head><body><article>{inner}</article></body></html>"


html_text = news_text.map(_html)


def _spans_ok(text: str, start: int, end: int, piece: str) -> None:
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    assert text[start:end] == piece


# --------------------------------------------------------------------------- cleaner


def _check_clean(raw: str) -> None:
    try:
        clean = clean_article(raw)
    except InputError:
        return
    assert clean.text.strip()
    covered = 0
    for seg in clean.segments:
        part = clean.text[seg.clean_start : seg.clean_start + seg.length]
        assert clean.source[seg.source_start : seg.source_start + seg.length] == part
        covered += seg.length
    assert covered == len(clean.text)
    # Any span inside the cleaned text maps back to the same characters, or refuses.
    n = len(clean.text)
    for start, end in ((0, n), (0, n // 2), (n // 3, n), (n // 2, n // 2 + 1)):
        mapped = clean.to_source(start, end)
        if mapped is not None:
            assert clean.source[mapped[0] : mapped[1]] == clean.text[start:end]


@FUZZ
@given(any_text)
@example("Judul\n\n" + "a" * 100_000)
@example("\udce9" + "Budi keluar dari Lintas AI.")
def test_cleaner_text(raw: str) -> None:
    _check_clean(raw)


@FUZZ
@given(html_text)
def test_cleaner_html(raw: str) -> None:
    _check_clean(raw)


# --------------------------------------------------------------------------- money and dates


@FUZZ
@given(any_text)
@example("Rp" + "9" * 300 + " juta")
@example("US$" + "1," * 200 + "5 miliar")
def test_money(text: str) -> None:
    mentions = find_money(text)
    end = 0
    for m in mentions:
        _spans_ok(text, m.start, m.end, m.money.text)
        assert m.start >= end  # in order, never overlapping
        end = m.end
        if m.period is not None:
            assert m.period_start is not None and m.period_end is not None
            _spans_ok(text, m.period_start, m.period_end, m.period)
        if m.money.conversion is not None:
            assert m.conversion_start is not None and m.conversion_end is not None
            _spans_ok(text, m.conversion_start, m.conversion_end, m.money.conversion.text)
        for bound in (m.money.min, m.money.max):
            assert bound is None or bound == bound  # never NaN
    first = parse_money(text)
    assert first == (mentions[0].money if mentions else None)


@FUZZ
@given(any_text, st.one_of(st.none(), st.dates()))
def test_dates(text: str, published: dt.date | None) -> None:
    end = 0
    for r in find_dates(text, published):
        _spans_ok(text, r.start, r.end, r.text)
        assert r.start >= end
        end = r.end
    resolve_date(text, published)
    found = find_published_date(text)
    assert found is None or isinstance(found, dt.date)


# --------------------------------------------------------------------------- quotes


@FUZZ
@given(any_text)
def test_quotes(text: str) -> None:
    quotes = find_quotes(text)
    previous_end = -1
    for q in quotes:
        _spans_ok(text, q.start, q.end, q.inner)
        assert q.open_start <= q.start <= q.end <= q.close_end <= len(text)
        assert q.open_start >= previous_end
        previous_end = q.close_end
    for t in find_terms(text):
        _spans_ok(text, t.start, t.end, t.inner)
    persons = PersonIndex.from_text(text).mentions
    for m in persons:
        _spans_ok(text, m.start, m.end, m.surface)
    attributions = attribute_quotes(text, quotes, persons)
    assert len(attributions) == len(quotes)
    # The bisect lookups agree with their plain definitions.
    ctx = _QuoteContext(text, quotes, persons)
    assert ctx.persons == sorted(
        (
            p
            for p in persons
            if 0 <= p.start < p.end <= len(text)
            and not any(q.start <= p.start and p.end <= q.end for q in quotes)
        ),
        key=lambda p: (p.start, p.end),
    )
    for lo, hi in (
        (0, len(text)),
        (len(text) // 3, len(text) // 2),
        *((q.start, q.end) for q in quotes),
    ):
        assert ctx.persons_in(lo, hi) == [p for p in ctx.persons if lo <= p.start and p.end <= hi]
    for a in attributions:
        if a.speaker_start is not None and a.speaker_end is not None:
            assert 0 <= a.speaker_start <= a.speaker_end <= len(text)


# --------------------------------------------------------------------------- grounding


@FUZZ
@given(any_text, st.one_of(st.sampled_from(NEWS), any_text), st.integers(0, 400))
def test_locate(haystack: str, needle: str, hint: int) -> None:
    found = locate(needle, haystack, hint=hint)
    if found is not None:
        assert 0 <= found.start <= found.end <= len(haystack)
        if found.method == "exact":
            assert haystack[found.start : found.end] in (
                needle.strip(),
                needle.strip(" \t\r\n\"'“”‘’„«».,;:…"),
            )
    assert isinstance(contains_name(haystack, needle), bool)
    if haystack:
        s, e = sentence_bounds(haystack, min(hint, len(haystack)), min(hint, len(haystack)))
        assert 0 <= s <= e <= len(haystack)


names = st.one_of(
    st.none(),
    st.sampled_from(["Budi Santoso", "Lintas AI", "Garuda Labs", "none", "Budi; Rina"]),
    any_text,
)


def _prepared(raw: str) -> Prepared | None:
    try:
        return prepare(raw, check_language=False)
    except InputError as exc:
        event(f"refused: {type(exc).__name__}")
        return None


def _json_safe(value: str | None) -> str | None:
    return None if value is None else value.encode("utf-8", "replace").decode("utf-8")


def _assert_grounded(prepared: Prepared, records: list[Any]) -> None:
    source = prepared.clean.source
    for record in records:
        ev = record.evidence
        _spans_ok(source, ev.start, ev.end, ev.text)
        if hasattr(record, "speaker"):
            assert record.text == ev.text  # quotes are the article's own characters


@FUZZ
@given(st.one_of(story_text, story_text.map(_html), news_text), st.data())
def test_whole_deterministic_pipeline_and_grounding(raw: str, data: st.DataObject) -> None:
    prepared = _prepared(raw)
    if prepared is None:
        return
    cands = prepared.candidates
    text = cands.text
    mentions = cands.persons.mentions
    for s in cands.sentences:
        _spans_ok(text, s.start, s.end, s.text)
        assert cands.sentence_at(s.start) == s  # bisect agrees with the sentence itself
        assert cands.persons.mentions_in(s.start, s.end) == [
            m for m in mentions if m.start >= s.start and m.end <= s.end
        ]
    for o in cands.offers:
        _spans_ok(text, o.mention.start, o.mention.end, o.mention.money.text)
    # Answers as a confused model might give them: ids listed or not, names from the text (people,
    # organisations, any word) or from anywhere, every status.
    known = sorted(
        {m.name for m in cands.persons.mentions}
        | {m.surface for m in cands.persons.mentions}
        | {o.org for o in cands.orgs}
        | {o.surface for o in cands.orgs}
        | set(text.split()[:50])
    )
    # An answer reaches grounding parsed by pydantic's JSON parser, which refuses lone surrogates.
    who = st.one_of(st.none(), st.sampled_from(known or ["Budi"]), names).map(_json_safe)
    ids = [sentence_id(s) for s in cands.sentences] + ["S999", "S0", ""]
    departures = [
        P.DepartureAnswer.model_construct(
            sentence=data.draw(st.sampled_from(ids)),
            person=data.draw(who),
            from_org=data.draw(who),
            to_org=data.draw(who),
            status=data.draw(st.sampled_from(["completed", "announced", "threatened", "reported"])),
        )
        for _ in range(data.draw(st.integers(0, 4)))
    ]
    money_ids = [o.id for o in cands.offers] + ["M999"]
    offers = [
        P.OfferAnswer.model_construct(
            money_id=data.draw(st.sampled_from(money_ids)),
            is_offer=data.draw(st.booleans()),
            offerer=data.draw(who),
            recipient=data.draw(who),
            recipient_org=data.draw(who),
            status=data.draw(st.sampled_from(["offered", "accepted", "rejected", "denied"])),
        )
        for _ in range(data.draw(st.integers(0, 3)))
    ]
    quote_ids = [q.id for q in cands.quotes] + ["Q999"]
    speakers = [
        P.SpeakerAnswer.model_construct(
            quote_id=data.draw(st.sampled_from(quote_ids)), speaker=data.draw(who)
        )
        for _ in range(data.draw(st.integers(0, 3)))
    ]
    # Any set of rules switched off: no rule may rely on an earlier one to run without raising.
    off = frozenset(data.draw(st.sets(st.sampled_from(rule_names()))))
    answers = Answers(departures=departures, offers=offers, speakers=speakers)
    result = build_extraction(prepared, answers, CONFIG, CallStats(), 0.0, rules_off=off)
    got_d, got_o, got_q = result.departures, result.offers, result.quotes
    event(f"records: {bool(got_d)} departures, {bool(got_o)} offers, {bool(got_q)} quotes")
    event(f"rules fired: {bool(result.meta.dropped or result.meta.changed)}")
    _assert_grounded(prepared, [*got_d, *got_o, *got_q])
    # The records survive a round trip (the Span validator re-checks every length).
    assert Extraction.model_validate_json(result.model_dump_json()) == result


@FUZZ
@given(news_text, names, names, names, st.text(max_size=12), st.text(max_size=12))
def test_answer_schemas_raise_only_validation_errors_and_hold_only_listed_ids(
    article: str,
    person: str | None,
    from_org: str | None,
    to_org: str | None,
    sentence: str,
    status: str,
) -> None:
    ids = tuple(sentence_id(s) for s in find_candidates(article).sentences) or ("S1",)
    model = P.departures_model(ids)
    for cited in (ids[-1], sentence):
        for told in ("completed", status):
            answer = {
                "person": person,
                "from_org": from_org,
                "to_org": to_org,
                "status": told,
                "sentence": cited,
            }
            try:
                got = model.model_validate({"departures": [answer]})
            except ValidationError:
                assert cited not in ids or told != "completed"
                continue
            (d,) = got.departures
            assert d.sentence in ids and d.status in {
                "completed",
                "announced",
                "threatened",
                "reported",
            }
