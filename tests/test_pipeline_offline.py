"""Grounding and normalising the model's answers: pure functions, no model, invented articles."""

# ruff: noqa: E501  (the invented article keeps its paragraphs on one line each, as pages do)

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from talent_extract import Article, InputError
from talent_extract.model import prompts as P
from talent_extract.model.chunk import batches
from talent_extract.pipeline import (
    ground_departures,
    ground_offers,
    ground_quotes,
    prepare,
    review_items,
)

ARTICLE = """Gelombang Kepergian di Lintas AI

Kepala riset Lintas AI, Budi Santoso, keluar dari perusahaan itu pada Senin (14/10) dan bergabung dengan Garuda Labs, pembuat robot gudang yang berkantor di Bandung.

Sejak awal bulan, lima pegawai Lintas AI memilih pindah ke Garuda Labs, termasuk Santoso, Rina Wulandari, Dimas Saputra, dan Sari Kusuma.

CEO Garuda Labs, Agus Salim, merekrut sendiri para insinyur itu lewat makan malam di Dago dan mengajak mereka bergabung sebelum proyek gudang pintar dimulai.

Di akun pribadinya, pendiri Lintas AI Joko Widodo Putra menulis di LinkedIn bahwa Budi Santoso akan bergabung dengan pesaing lamanya.

Untuk peneliti senior, Garuda Labs menyiapkan kompensasi hingga Rp 25 miliar per tahun. Adapun modal ventura asal Singapura menanamkan investasi US$50 juta ke Lintas AI pekan lalu.

“Kami menghormati keputusan mereka,” kata juru bicara Lintas AI.
"""


@pytest.fixture(scope="module")
def prepared():  # type: ignore[no-untyped-def]
    return prepare(Article(text=ARTICLE, published=dt.date(2024, 10, 20)))


def sid(prepared, needle: str) -> str:  # type: ignore[no-untyped-def]
    for c in prepared.candidates.departures:
        if needle in c.sentence.text:
            return c.id
    raise AssertionError(f"no departure candidate containing {needle!r}")


def dep(
    sentence: str,
    people: list[str],
    from_org: str | None,
    to_org: str | None,
    status: str = "completed",
) -> P.DepartureAnswer:
    return P.DepartureAnswer(
        sentence=sentence,
        people=people,
        from_org=from_org,
        to_org=to_org,
        status=status,  # type: ignore[arg-type]
    )


def test_enumeration_expands_and_short_names_resolve(prepared) -> None:  # type: ignore[no-untyped-def]
    s = sid(prepared, "lima pegawai")
    got, dropped = ground_departures(prepared, [dep(s, ["Rina Wulandari"], "Lintas AI", None)])
    people = [d.person for d in got]
    assert people == ["Rina Wulandari", "Budi Santoso", "Dimas Saputra", "Sari Kusuma"]
    assert all(d.to_org == "Garuda Labs" for d in got)  # read from "pindah ke Garuda Labs"
    assert not dropped


def test_model_list_copied_into_one_string_is_split(prepared) -> None:  # type: ignore[no-untyped-def]
    s = sid(prepared, "lima pegawai")
    got, _ = ground_departures(
        prepared, [dep(s, ["Rina Wulandari; Dimas Saputra"], "Lintas AI", "Garuda Labs")]
    )
    assert {"Rina Wulandari", "Dimas Saputra"} <= {d.person for d in got}


def test_recruiter_reporter_and_absent_person_are_dropped(prepared) -> None:  # type: ignore[no-untyped-def]
    answers = [
        dep(sid(prepared, "Agus Salim"), ["Agus Salim"], "Lintas AI", "Garuda Labs"),
        dep(sid(prepared, "menulis di LinkedIn"), ["Joko Widodo Putra"], "Lintas AI", None),
        dep(sid(prepared, "Kepala riset"), ["Rina Wulandari"], "Lintas AI", "Garuda Labs"),
    ]
    got, dropped = ground_departures(prepared, answers)
    assert got == []
    reasons = sorted(d.reason for d in dropped)
    assert reasons == [
        "person is the recruiter",
        "person is the reporter",
        "person not named in the evidence",
    ]


def test_departure_evidence_date_and_org_grounding(prepared) -> None:  # type: ignore[no-untyped-def]
    s = sid(prepared, "Kepala riset")
    got, _ = ground_departures(prepared, [dep(s, ["Budi Santoso"], "Lintas AI", "Mars Corp")])
    (d,) = got
    assert d.person == "Budi Santoso" and d.from_org == "Lintas AI"
    assert d.to_org == "Garuda Labs"  # "Mars Corp" is not in the article; the sentence says it
    assert d.date == "2024-10-14" and d.date_resolution == "day"
    assert ARTICLE[d.evidence.start : d.evidence.end] == d.evidence.text
    assert "keluar dari perusahaan itu" in d.evidence.text


def test_role_is_read_from_the_text(prepared) -> None:  # type: ignore[no-untyped-def]
    s = sid(prepared, "Kepala riset")
    (d,), _ = ground_departures(prepared, [dep(s, ["Budi Santoso"], "Lintas AI", "Garuda Labs")])
    assert d.role_before == "Kepala riset Lintas AI"
    listed, _ = ground_departures(
        prepared, [dep(sid(prepared, "lima pegawai"), ["Sari Kusuma"], "Lintas AI", None)]
    )
    roles = {x.person: x.role_before for x in listed}
    assert roles["Budi Santoso"] == "Kepala riset Lintas AI"  # from the sentence before
    assert roles["Sari Kusuma"] is None and roles["Rina Wulandari"] is None


def test_validation_names_text_that_is_not_in_the_article() -> None:
    from pydantic import ValidationError

    ctx = {"article": ARTICLE, "sentences": {"S1": "Rina Wulandari pindah.", "S2": "Budi pergi."}}
    data = {
        "sentence": "S1",
        "people": ["Budi Santoso"],
        "from_org": "Lintas AI",
        "to_org": None,
        "status": "completed",
    }
    with pytest.raises(ValidationError, match="the person 'Budi Santoso' is not named in S1"):
        P.DepartureAnswer.model_validate(data, context=ctx)
    ok = P.DepartureAnswer.model_validate({**data, "sentence": "S2"}, context=ctx)
    assert ok.people == ["Budi Santoso"]
    with pytest.raises(ValidationError, match="the organisation 'Hogwarts' is not in the article"):
        P.DepartureAnswer.model_validate(
            {**data, "sentence": "S2", "to_org": "Hogwarts"}, context=ctx
        )
    with pytest.raises(
        ValidationError, match="the person 'Ratna Dewi' is not named in the article"
    ):
        P.DepartureAnswer.model_validate({**data, "people": ["Ratna Dewi"]}, context=ctx)


def test_same_org_both_ways_is_dropped(prepared) -> None:  # type: ignore[no-untyped-def]
    s = sid(prepared, "Kepala riset")
    got, dropped = ground_departures(
        prepared, [dep(s, ["Budi Santoso"], "Garuda Labs", "Garuda Labs")]
    )
    assert got == [] and dropped[0].reason == "from_org equals to_org"


def test_group_needs_an_org_tied_to_it(prepared) -> None:  # type: ignore[no-untyped-def]
    s = sid(prepared, "lima pegawai")
    got, _ = ground_departures(prepared, [dep(s, [], "Lintas AI", "Garuda Labs")])
    assert [(d.person, d.count, d.from_org) for d in got] == [(None, 5, "Lintas AI")]
    got, dropped = ground_departures(prepared, [dep(s, [], "Garuda Labs", None)])
    assert got == [] and dropped[0].reason == "group not tied to from_org"


def test_offers_take_amounts_from_the_parser_and_skip_investments(prepared) -> None:  # type: ignore[no-untyped-def]
    money, _ = review_items(prepared)
    assert [m.text for m in money] == ["hingga Rp 25 miliar"]  # the US$50 juta is an investment
    answer = P.OfferAnswer(
        money_id=money[0].id,
        is_offer=True,
        offerer="Garuda Labs",
        recipient="peneliti senior",
        recipient_org="Hogwarts",
        status="offered",
    )
    (offer,), _ = ground_offers(prepared, [answer])
    assert offer.offerer == "Garuda Labs" and offer.recipient == "peneliti senior"
    assert offer.recipient_org is None  # not in the article
    assert (
        offer.amount is not None and offer.amount.max == 25_000_000_000 and offer.amount.min is None
    )
    assert offer.amount.currency == "IDR" and offer.period == "per tahun"
    not_offer = answer.model_copy(update={"is_offer": False})
    assert ground_offers(prepared, [not_offer])[0] == []


def test_quotes_are_verbatim_with_anonymous_speaker(prepared) -> None:  # type: ignore[no-untyped-def]
    quotes, dropped = ground_quotes(prepared, [])
    assert not dropped
    (q,) = quotes
    assert q.text == "Kami menghormati keputusan mereka,"
    assert ARTICLE[q.evidence.start : q.evidence.end] == q.text
    assert q.anonymous and q.speaker == "juru bicara Lintas AI"


def test_offsets_refer_to_the_text_the_user_passed() -> None:
    noisy = "Baca juga: Berita lain yang tidak terkait\n\n" + ARTICLE + "\nTinggalkan komentar\n"
    p = prepare(noisy)
    assert "Baca juga" not in p.clean.text
    quotes, _ = ground_quotes(p, [])
    for q in quotes:
        assert noisy[q.evidence.start : q.evidence.end] == q.text


@pytest.mark.parametrize("bad", ["", "   \n\t ", "\x00\x01binary\x00"])
def test_bad_input_is_a_typed_error(bad: str) -> None:
    with pytest.raises(InputError):
        prepare(bad)


def test_batches_overlap_and_respect_the_budget() -> None:
    items = list(range(10))
    got = batches(items, size=lambda _: 10, budget=35, overlap=1)
    assert got[0] == [0, 1, 2] and got[1][0] == 2
    assert all(sum(10 for _ in b) <= 35 for b in got)
    assert sorted({i for b in got for i in b}) == items
    assert batches([1, 2], size=lambda _: 100, budget=10) == [[1], [2]]


def test_overlapping_batches_merge_without_duplicates(prepared) -> None:  # type: ignore[no-untyped-def]
    s = sid(prepared, "Kepala riset")
    answer = dep(s, ["Budi Santoso"], "Lintas AI", "Garuda Labs")
    # The same sentence answered in two overlapping batches yields one record.
    got, _ = ground_departures(prepared, [answer, answer])
    assert [d.person for d in got] == ["Budi Santoso"]


def test_long_article_is_split_into_overlapping_batches() -> None:
    paragraph = (
        "Peneliti {i} Santoso dari Lintas AI keluar dan bergabung dengan Garuda Labs pekan ini, "
        "kata sumber yang mengetahui kepindahan itu kepada media setempat.\n\n"
    )
    names = ["Adi", "Bayu", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indra", "Joko"]
    text = "Eksodus dari Lintas AI\n\n" + "".join(paragraph.format(i=n) for n in names * 6)
    from talent_extract.pipeline import departure_batches

    p = prepare(text)
    groups = departure_batches(p)
    assert len(groups) > 1
    for before, after in itertools.pairwise(groups):
        assert after[0] == before[-1]  # one sentence of overlap
    assert {c.id for g in groups for c in g} == {c.id for c in p.candidates.departures}


def test_salvage_keeps_valid_items_from_every_attempt() -> None:
    """After re-asks run out: a small model often answers the re-ask with only the item it was
    told about. Items are validated one by one across attempts; valid ones survive."""
    import json
    from types import SimpleNamespace

    from talent_extract.pipeline import salvage_items

    def completion(items: list[dict[str, object]]) -> SimpleNamespace:
        call = SimpleNamespace(
            function=SimpleNamespace(arguments=json.dumps({"departures": items}))
        )
        return SimpleNamespace(
            choices=[SimpleNamespace(message=SimpleNamespace(tool_calls=[call]))]
        )

    ctx = {"article": ARTICLE, "sentences": {"S1": "Budi Santoso keluar.", "S2": "Rina pindah."}}
    good = {
        "sentence": "S1",
        "people": ["Budi Santoso"],
        "from_org": "Lintas AI",
        "to_org": None,
        "status": "completed",
    }
    other = {**good, "sentence": "S2", "people": ["Rina Wulandari"]}
    wrong = {**good, "sentence": "S2", "people": ["Dimas Saputra"]}  # not named in S2
    first, patch = completion([good, wrong, other]), completion([wrong])
    result = salvage_items(P.Departures, [first, patch], ctx)
    assert result is not None
    assert [(d.sentence, d.people) for d in result.departures] == [
        ("S1", ["Budi Santoso"]),
        ("S2", ["Rina Wulandari"]),
    ]
    assert salvage_items(P.Departures, [patch], ctx) is None
    broken = SimpleNamespace(
        choices=[SimpleNamespace(message=SimpleNamespace(tool_calls=None, content="{oops"))]
    )
    assert salvage_items(P.Departures, [broken], ctx) is None


SPEAKER_ARTICLE = """Bumi Data Rekrut Insinyur dari Lintas AI

Insinyur Rudi Hartono hengkang dari Lintas AI pekan lalu untuk bergabung dengan Bumi Data.

“Kami senang Rudi bergabung,” ujar juru bicara Bumi Data, Wulan Sari.

“Saya keluar dari Lintas AI karena ingin tantangan baru,” kata Rudi Hartono.
"""


def test_speaker_of_another_move_and_organisation_as_person_are_dropped() -> None:
    prepared = prepare(Article(text=SPEAKER_ARTICLE, published=dt.date(2024, 10, 20)))
    answers = [
        dep(sid(prepared, "Rekrut"), ["Bumi Data"], "Lintas AI", "Bumi Data"),
        dep(sid(prepared, "ujar juru bicara"), ["Wulan Sari"], "Lintas AI", "Bumi Data"),
        dep(sid(prepared, "hengkang"), ["Rudi Hartono", "Bumi Data"], "Lintas AI", "Bumi Data"),
        # The speaker talking about their own move is the mover.
        dep(sid(prepared, "Saya keluar"), ["Rudi Hartono"], "Lintas AI", None),
    ]
    got, dropped = ground_departures(prepared, answers)
    assert [d.person for d in got] == ["Rudi Hartono"]
    reasons = sorted((d.value.split(" (")[0], d.reason) for d in dropped)
    assert ("Wulan Sari", "person is the speaker") in reasons
    assert ("Bumi Data", "person is an organisation") in reasons
    # The quote's speaker is the spokesperson, not her organisation.
    speakers = {q.attribution.speaker for q in prepared.candidates.quotes}
    assert "Wulan Sari" in speakers and "Bumi Data" not in speakers


MOVER_ARTICLE = """Kisruh di Lintas AI

Di antara penandatangan surat itu adalah Dewi Lestari, anggota dewan yang mendorong Budi Santoso keluar.

Pekan lalu Rina Wulandari dan Agus Salim keluar dari Lintas AI.
"""


def test_one_who_made_another_leave_is_not_a_mover_but_an_enumeration_is() -> None:
    prepared = prepare(Article(text=MOVER_ARTICLE, published=dt.date(2024, 10, 20)))
    answers = [
        dep(sid(prepared, "mendorong"), ["Dewi Lestari", "Budi Santoso"], "Lintas AI", None),
        dep(sid(prepared, "Rina Wulandari"), ["Rina Wulandari", "Agus Salim"], "Lintas AI", None),
    ]
    got, dropped = ground_departures(prepared, answers)
    assert sorted(d.person or "" for d in got) == ["Agus Salim", "Budi Santoso", "Rina Wulandari"]
    assert [(d.value.split(" (")[0], d.reason) for d in dropped] == [
        ("Dewi Lestari", "person is the one who made another leave")
    ]
