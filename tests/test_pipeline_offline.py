"""The pipeline without a model: what the model is shown, the schemas it fills, and how its
answers become records (through ``ground/records.py``). Invented article, answers written here.

The named rules themselves are tested one by one in ``test_rules.py``; here is what the pipeline
adds around them: sentence ids, splitting and merging answers, counts, roles, dates, amounts,
quotes, offsets into the text the user passed, batches and salvage.
"""

# ruff: noqa: E501  (the invented article keeps its paragraphs on one line each, as pages do)

from __future__ import annotations

import datetime as dt
import itertools
import json
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import ValidationError

from talent_extract import Article, ConfigurationError, Extraction, InputError
from talent_extract.ground.records import sentence_id
from talent_extract.model import prompts as P
from talent_extract.model.ask import salvage_items
from talent_extract.model.backend import CallStats, resolve_backend
from talent_extract.model.chunk import batches
from talent_extract.pipeline import (
    Answers,
    Prepared,
    _listing,
    build_extraction,
    departure_batches,
    listed_sentences,
    prepare,
    review_items,
    review_sentences,
)
from tests.fakes import dep, sid

ARTICLE = """Gelombang Kepergian di Sagara AI

Sagara AI kehilangan sejumlah peneliti dalam sebulan terakhir. Kepala riset Sagara AI, Bagas Wirasena, keluar dari perusahaan itu pada Senin (14/10) dan bergabung dengan Kencana Labs.

Dalam beberapa minggu terakhir, lima pegawai Sagara AI pindah ke Kencana Labs.

Laras Anindita dan Tegar Mahendra, yang sama-sama memimpin tim di Sagara AI, juga mundur bulan ini. “Pintu kami selalu terbuka,” tulisnya di media sosial.

Kencana Labs menawarkan paket gaji hingga Rp 25 miliar per tahun bagi peneliti senior. Sementara itu, investor menuangkan US$50 juta ke Sagara AI pekan lalu.

“Kami menghormati keputusan mereka,” kata juru bicara Sagara AI.
"""

CONFIG = resolve_backend(base_url="http://127.0.0.1:9/v1", api_key="unused", model="m", env={})


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(Article(text=ARTICLE, published=dt.date(2024, 10, 20)))


def grounded(p: Prepared, **answers: Any) -> Extraction:
    return build_extraction(p, Answers(**answers), CONFIG, CallStats(), 0.0)


# --------------------------------------------------------------------------- what the model sees


def test_the_departures_prompt_lists_every_sentence_by_id_with_the_task_last(
    prepared: Prepared,
) -> None:
    (batch,) = departure_batches(prepared)
    assert batch == prepared.candidates.sentences  # strategy "whole": nothing left out
    *fixed, user = P.departures_messages(prepared.clean.title, _listing(batch))
    # The same prefix for every call and article (a server's prompt cache serves it): the system
    # prompt.
    assert fixed == P.prefix()
    assert [m["role"] for m in fixed] == ["system"]
    assert fixed[0] == {"role": "system", "content": P.SYSTEM}
    assert user["role"] == "user"
    lines = user["content"].splitlines()
    assert lines[:3] == [
        "TITLE: Gelombang Kepergian di Sagara AI",
        "ARTICLE:",
        "[S1] Gelombang Kepergian di Sagara AI",
    ]
    assert lines[5].startswith("[S4] Dalam beberapa minggu terakhir, lima pegawai")
    assert lines[-1] == P.DEPARTURES_TASK
    assert sum(1 for line in lines if line.startswith("[S")) == len(batch) == 9


def test_the_candidates_strategy_lists_cue_sentences_and_the_one_before(
    prepared: Prepared,
) -> None:
    listed = [sentence_id(s) for s in listed_sentences(prepared, "candidates")]
    # S3 has a person and a move word, S5 two people and one; each brings the sentence before.
    assert listed == ["S2", "S3", "S4", "S5"]
    assert [s.index for b in departure_batches(prepared, "candidates") for s in b] == [1, 2, 3, 4]


def test_resolve_strategy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALENT_EXTRACT_STRATEGY", raising=False)
    assert P.resolve_strategy(None) == "whole"
    monkeypatch.setenv("TALENT_EXTRACT_STRATEGY", "candidates")
    assert P.resolve_strategy(None) == "candidates"
    assert P.resolve_strategy("whole") == "whole"
    with pytest.raises(ConfigurationError, match="unknown strategy 'semua'"):
        P.resolve_strategy("semua")


def test_the_review_prompt_lists_pay_money_and_unsure_quotes_by_id(prepared: Prepared) -> None:
    money, quotes = review_items(prepared)
    # The US$50 juta is an investment: code does not ask about it. The spokesperson's quote is
    # attributed by code: only the "tulisnya" one is asked, its code guess first.
    assert money == [P.MoneyItem("M1", "hingga Rp 25 miliar", "S7")]
    assert [(q.id, q.context, list(q.candidates)) for q in quotes] == [
        ("Q1", "S6", ["Tegar Mahendra", "Laras Anindita"])
    ]
    assert review_sentences(prepared) == prepared.candidates.sentences  # fits one prompt
    *fixed, user = P.review_messages(
        prepared.clean.title, _listing(review_sentences(prepared)), money, quotes
    )
    assert fixed == P.prefix()
    text = user["content"]
    assert "\n[S9] “Kami menghormati keputusan mereka,” kata juru bicara Sagara AI.\n" in text
    assert "\nMONEY EXPRESSIONS:\n[M1] hingga Rp 25 miliar (in S7)\n" in text
    assert (
        "\nQUOTES:\n[Q1] “Pintu kami selalu terbuka,” in S6; candidates: Tegar Mahendra; Laras Anindita\n"
        in text
    )
    assert text.endswith(f"TASK: {P.MONEY_TASK} {P.QUOTE_TASK}")
    *_, money_only = P.review_messages(None, [("S1", "x")], money, [])
    assert "QUOTES:" not in money_only["content"]
    assert money_only["content"].endswith(f"TASK: {P.MONEY_TASK}")


def test_schemas_allow_only_the_listed_ids() -> None:
    model = P.departures_model(("S1", "S2"))
    item = {"person": "A", "from_org": None, "to_org": None, "status": "completed"}
    assert model.model_validate({"departures": [{**item, "sentence": "S2"}]}).departures
    with pytest.raises(ValidationError):
        model.model_validate({"departures": [{**item, "sentence": "S3"}]})
    schema = json.dumps(model.model_json_schema())
    assert '"enum": ["S1", "S2"]' in schema
    assert P.departures_model(("S1", "S2")) is model  # one model per listing, cached
    review = P.review_model(("M1",), ("Q1", "Q2"))
    answer = {"quote_id": "Q2", "speaker": None}
    assert review.model_validate({"offers": [], "speakers": [answer]}).speakers
    with pytest.raises(ValidationError):
        review.model_validate({"offers": [], "speakers": [{**answer, "quote_id": "Q3"}]})
    with pytest.raises(ValidationError):  # more answers than quotes listed
        review.model_validate({"offers": [], "speakers": [answer] * 3})


# --------------------------------------------------------------------------- answers to records


def test_a_departure_record_has_evidence_date_role_and_grounded_orgs(prepared: Prepared) -> None:
    s = sid(prepared, "Kepala riset")
    result = grounded(prepared, departures=[dep(s, "Bagas Wirasena", "Sagara AI", "Mars Corp")])
    (d,) = result.departures
    assert (d.person, d.from_org, d.to_org) == ("Bagas Wirasena", "Sagara AI", None)
    assert [c.rule for c in result.meta.changed] == ["to_org_in_article"]  # Mars Corp is not there
    assert d.date == "2024-10-14" and d.date_resolution == "day"
    assert d.role_before == "Kepala riset Sagara AI"  # read by code, the model is not asked
    assert ARTICLE[d.evidence.start : d.evidence.end] == d.evidence.text
    assert d.evidence.text.startswith("Kepala riset Sagara AI, Bagas Wirasena, keluar")
    assert result.meta.strategy == "whole" and result.meta.rules_version


def test_one_answer_naming_several_people_is_one_record_each(prepared: Prepared) -> None:
    s = sid(prepared, "Laras")
    for written in ("Laras Anindita; Tegar Mahendra", "Laras Anindita dan Tegar Mahendra"):
        result = grounded(prepared, departures=[dep(s, written, "Sagara AI")])
        assert [d.person for d in result.departures] == ["Laras Anindita", "Tegar Mahendra"]
        assert result.meta.dropped == []
    none = grounded(prepared, departures=[dep(s, "tidak ada", "Sagara AI")])
    assert [(d.person, d.from_org) for d in none.departures] == [(None, "Sagara AI")]


def test_one_person_one_move_and_a_second_mention_only_adds_a_destination(
    prepared: Prepared,
) -> None:
    s = sid(prepared, "Kepala riset")
    first = dep(s, "Bagas Wirasena", "Sagara AI")
    # The same sentence read again in an overlapping batch (by the short name, now with the
    # destination); then the move cited at the next sentence.
    again = dep(s, "Wirasena", "Sagara AI", "Kencana Labs")
    result = grounded(prepared, departures=[first, first, again])
    (d,) = result.departures
    assert (d.person, d.to_org) == ("Bagas Wirasena", "Kencana Labs")
    assert d.evidence.text.startswith("Kepala riset")
    later = dep(sid(prepared, "lima pegawai"), "Bagas Wirasena", "Sagara AI", "Kencana Labs")
    (d,) = grounded(prepared, departures=[first, later]).departures
    assert d.to_org == "Kencana Labs"
    assert d.evidence.text.startswith("Kepala riset")  # the first mention's evidence stays


def test_an_unnamed_group_gets_its_count(prepared: Prepared) -> None:
    s = sid(prepared, "lima pegawai")
    result = grounded(prepared, departures=[dep(s, None, "Sagara AI", "Kencana Labs")])
    assert [(d.person, d.count, d.from_org, d.to_org) for d in result.departures] == [
        (None, 5, "Sagara AI", "Kencana Labs")
    ]


def test_offers_take_amounts_from_the_parser(prepared: Prepared) -> None:
    answer = P.OfferAnswer(
        money_id="M1",
        is_offer=True,
        offerer="Kencana Labs",
        recipient="peneliti senior",
        recipient_org=None,
        status="offered",
    )
    (offer,) = grounded(prepared, offers=[answer]).offers
    assert offer.offerer == "Kencana Labs" and offer.recipient == "peneliti senior"
    assert offer.amount is not None and offer.amount.currency == "IDR"
    assert offer.amount.max == 25_000_000_000 and offer.amount.min is None
    assert offer.period == "per tahun"
    assert offer.evidence.text.startswith("Kencana Labs menawarkan paket gaji")
    # Not pay, an id that was not listed, or a repeated id: nothing more.
    not_pay = answer.model_copy(update={"is_offer": False})
    unlisted = answer.model_copy(update={"money_id": "M7"})
    assert grounded(prepared, offers=[not_pay, unlisted]).offers == []
    assert len(grounded(prepared, offers=[answer, answer]).offers) == 1


def test_an_offer_recipient_not_in_the_article_is_cleared(prepared: Prepared) -> None:
    answer = P.OfferAnswer(
        money_id="M1",
        is_offer=True,
        offerer="Kencana Labs",
        recipient="Hogwarts",
        recipient_org=None,
        status="offered",
    )
    result = grounded(prepared, offers=[answer])
    assert [o.recipient for o in result.offers] == [None]
    assert [(c.rule, c.before) for c in result.meta.changed] == [
        ("recipient_in_article", "Hogwarts")
    ]


def test_quotes_are_verbatim_and_the_model_only_chooses_among_candidates(
    prepared: Prepared,
) -> None:
    def speakers(*answers: tuple[str, str | None]) -> dict[str, str | None]:
        result = grounded(
            prepared, speakers=[P.SpeakerAnswer(quote_id=q, speaker=s) for q, s in answers]
        )
        for q in result.quotes:
            assert ARTICLE[q.evidence.start : q.evidence.end] == q.text
        return {q.text: q.speaker for q in result.quotes}

    unsure, sure = "Pintu kami selalu terbuka,", "Kami menghormati keputusan mereka,"
    assert speakers() == {unsure: "Tegar Mahendra", sure: "juru bicara Sagara AI"}
    assert speakers(("Q1", "Laras"))[unsure] == "Laras Anindita"  # a candidate, written out
    assert speakers(("Q1", "Bagas Wirasena"))[unsure] == "Tegar Mahendra"  # not a candidate
    assert speakers(("Q2", "Laras Anindita"))[sure] == "juru bicara Sagara AI"  # code was sure
    quote = next(q for q in grounded(prepared).quotes if q.text == sure)
    assert quote.anonymous


def test_offsets_refer_to_the_text_the_user_passed() -> None:
    noisy = "Baca juga: Berita lain yang tidak terkait\n\n" + ARTICLE + "\nTinggalkan komentar\n"
    p = prepare(noisy)
    assert "Baca juga" not in p.clean.text
    result = grounded(p, departures=[dep(sid(p, "Kepala riset"), "Bagas Wirasena", "Sagara AI")])
    assert result.text == noisy
    spans = [r.evidence for r in [*result.departures, *result.quotes]]
    assert len(spans) == 3
    for span in spans:
        assert noisy[span.start : span.end] == span.text


@pytest.mark.parametrize("bad", ["", "   \n\t ", "\x00\x01binary\x00"])
def test_bad_input_is_a_typed_error(bad: str) -> None:
    with pytest.raises(InputError):
        prepare(bad)


# --------------------------------------------------------------------------- batches and salvage


def test_batches_overlap_and_respect_the_budget() -> None:
    items = list(range(10))
    got = batches(items, size=lambda _: 10, budget=35, overlap=1)
    assert got[0] == [0, 1, 2] and got[1][0] == 2
    assert all(sum(10 for _ in b) <= 35 for b in got)
    assert sorted({i for b in got for i in b}) == items
    assert batches([1, 2], size=lambda _: 100, budget=10) == [[1], [2]]


def test_a_long_article_is_read_in_overlapping_batches() -> None:
    paragraph = (
        "Peneliti {i} Wirasena dari Sagara AI keluar dan bergabung dengan Kencana Labs pekan ini, "
        "kata sumber yang mengetahui kepindahan itu kepada media setempat.\n\n"
    )
    names = ["Adi", "Bayu", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indra", "Joko"]
    p = prepare("Eksodus dari Sagara AI\n\n" + "".join(paragraph.format(i=n) for n in names * 6))
    groups = departure_batches(p)
    assert len(groups) > 1
    for before, after in itertools.pairwise(groups):
        assert after[0] == before[-1]  # one sentence of overlap
    assert [s.index for s in dict.fromkeys(s for g in groups for s in g)] == list(
        range(len(p.candidates.sentences))
    )
    # The review call then shows only the sentences around what it asks about.
    assert review_sentences(p) == []


def _completion(items: list[dict[str, object]]) -> SimpleNamespace:
    call = SimpleNamespace(function=SimpleNamespace(arguments=json.dumps({"departures": items})))
    return SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(tool_calls=[call]))])


def test_salvage_keeps_valid_items_from_every_attempt() -> None:
    """After re-asks run out: a small model often answers the re-ask with only the item it was
    told about. Items are validated one by one across attempts; the valid ones survive."""
    model = P.departures_model(("S1", "S2"))
    good = {
        "person": "A",
        "from_org": None,
        "to_org": None,
        "status": "completed",
        "sentence": "S1",
    }
    other = {**good, "sentence": "S2", "person": "B"}
    unlisted = {**good, "sentence": "S3", "person": "C"}
    bad_status = {**good, "status": "pergi"}
    first, patch = _completion([good, unlisted, other, bad_status]), _completion([unlisted, good])
    result = salvage_items(model, [first, patch], {})
    assert result is not None
    assert [(d.sentence, d.person) for d in result.departures] == [("S1", "A"), ("S2", "B")]
    assert salvage_items(model, [_completion([unlisted])], {}) is None
    broken = SimpleNamespace(
        choices=[SimpleNamespace(message=SimpleNamespace(tool_calls=None, content="{oops"))]
    )
    assert salvage_items(model, [broken], {}) is None
