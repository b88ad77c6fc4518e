"""Every grounding rule of ``ground/rules.py``: once where it fires, once where it must not.

The articles are short invented Indonesian texts (made-up people and organisations, no news). The
model's answers are written here by hand as the answers a model could give; they go through
``build_extraction`` (so through ``ground/records.py``), and a rule that fires must be named in
``meta.dropped`` or ``meta.changed``. ``test_every_rule_has_a_test_here`` fails for a new rule
until it has its tests here.

The invented organisations are given to the org table the documented way, a user file named by
``TALENT_EXTRACT_ORGS``; without it a two-word company name reads like a person's name.
"""

# ruff: noqa: E501  (the invented articles keep each paragraph on one line, as pages do)

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import talent_extract
from talent_extract import Article, ConfigurationError, Extraction, extract
from talent_extract.find.orgs import ORGS_ENV_VAR
from talent_extract.ground import rules as R
from talent_extract.ground import vocabulary
from talent_extract.model import prompts as P
from talent_extract.model.backend import CallStats, resolve_backend
from talent_extract.pipeline import Answers, Prepared, build_extraction, prepare
from tests.fakes import dep, sid

ORGS = {
    "orgs": [
        {
            "name": "Cakra Neural",
            "aliases": ["Cakra Neural", "PT Cakra Neural Indonesia"],
            "units": {"Lab Visi": ["Lab Visi Cakra"]},
        },
        {"name": "Bentala Data", "aliases": ["Bentala Data", "Bentala"]},
        {"name": "Arunika Labs", "aliases": ["Arunika Labs", "Arunika"]},
    ]
}

# No request is ever made: build_extraction only grounds answers given to it.
CONFIG = resolve_backend(base_url="http://127.0.0.1:9/v1", api_key="unused", model="m", env={})


@pytest.fixture(autouse=True, scope="module")
def invented_orgs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    path = tmp_path_factory.mktemp("orgs") / "orgs.json"
    path.write_text(json.dumps(ORGS), "utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ORGS_ENV_VAR, str(path))
        mp.delenv("TALENT_EXTRACT_RULES_OFF", raising=False)
        yield


def prep(text: str) -> Prepared:
    return prepare(Article(text=text, published=dt.date(2025, 3, 10)))


def offer(
    money_id: str,
    offerer: str | None = None,
    recipient: str | None = None,
    recipient_org: str | None = None,
    status: str = "offered",
) -> P.OfferAnswer:
    return P.OfferAnswer(
        money_id=money_id,
        is_offer=True,
        offerer=offerer,
        recipient=recipient,
        recipient_org=recipient_org,
        status=status,  # type: ignore[arg-type]
    )


PROPOSERS = [r.name for r in R.RULES if r.stage in ("propose", "follow")]


def run(
    p: Prepared,
    departures: Sequence[P.DepartureAnswer] = (),
    offers: Sequence[P.OfferAnswer] = (),
    off: Sequence[str] = (),
    *,
    propose: bool = False,
) -> Extraction:
    """Ground ``departures`` and ``offers`` as the model's answers. The proposers (records code
    reads from the article itself) are off unless ``propose``: a test of a checking rule sees
    only what the answers give."""
    answers = Answers(departures=list(departures), offers=list(offers))
    off = [*off, *([] if propose else PROPOSERS)]
    return build_extraction(p, answers, CONFIG, CallStats(), 0.0, rules_off=R.disabled_rules(off))


def dropped(ex: Extraction) -> list[str]:
    return [d.rule for d in ex.meta.dropped]


def changed(ex: Extraction) -> list[tuple[str, str]]:
    return [(c.rule, c.field) for c in ex.meta.changed]


def money_id(p: Prepared, needle: str) -> str:
    for o in p.candidates.offers:
        if needle in o.sentence.text:
            return o.id
    raise AssertionError(f"no money candidate in a sentence holding {needle!r}")


def money_at(p: Prepared, starts: str) -> str:
    """The id of the money candidate whose expression starts with ``starts``."""
    return next(o.id for o in p.candidates.offers if o.mention.money.text.startswith(starts))


# --------------------------------------------------------------------------- an invented article

KABAR = prep(
    """Dua Peneliti Cakra Neural Pindah

Bagas Wirasena, kepala riset Cakra Neural, mengundurkan diri pekan lalu dan bergabung dengan Bentala Data.

Laras Anindita memaparkan hasil uji model bahasa di Surabaya. Presentasinya dihadiri ratusan mahasiswa.

Tegar Mahendra merekrut tiga insinyur dari Cakra Neural untuk tim barunya.

Yudha Prasetya direkrut Arunika Labs setelah enam tahun di Cakra Neural.

CEO Arunika Labs, Sekar Ayuningtyas, menyambut para insinyur yang bergabung bulan ini.

Kirana Puspasari menolak tawaran bergabung dengan Arunika Labs.

Dimas Hartawan menolak tawaran itu lalu keluar dari Cakra Neural.
"""
)


def test_evidence_sentence_drops_an_id_the_article_does_not_have() -> None:
    ex = run(KABAR, [dep("S99", "Bagas Wirasena", "Cakra Neural")])
    assert ex.departures == []
    assert dropped(ex) == ["evidence_sentence"]


def test_evidence_sentence_keeps_a_listed_sentence() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Bagas"), "Bagas Wirasena", "Cakra Neural", "Bentala Data")])
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Bagas Wirasena", "Cakra Neural", "Bentala Data")
    ]
    assert ex.meta.dropped == [] and ex.meta.changed == []
    assert ex.departures[0].evidence.text.startswith("Bagas Wirasena, kepala riset")


def test_person_not_organisation_drops_an_org_given_as_the_mover() -> None:
    s = sid(KABAR, "Bagas")
    as_origin = run(KABAR, [dep(s, "Cakra Neural", "Cakra Neural", "Bentala Data")])
    in_table = run(KABAR, [dep(s, "Bentala", "Cakra Neural", None)])  # an alias of the table
    for ex in (as_origin, in_table):
        assert ex.departures == []
        assert dropped(ex) == ["person_not_organisation"]


def test_person_not_organisation_keeps_a_person() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Bagas"), "Bagas Wirasena", "Cakra Neural")])
    assert [d.person for d in ex.departures] == ["Bagas Wirasena"]
    assert "person_not_organisation" not in dropped(ex)


def test_mover_named_near_drops_a_person_the_article_does_not_name() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Bagas"), "Joni Iskandar", "Cakra Neural")])
    assert ex.departures == []
    assert dropped(ex) == ["mover_named_near"]
    single = run(KABAR, [dep(sid(KABAR, "Bagas"), "Joni", "Cakra Neural")])  # no one by that name
    assert dropped(single) == ["mover_named_near"]


def test_mover_named_near_drops_a_description_ending_in_a_job_title() -> None:
    p = prep("Kepergian Sosok CEO\n\nSang CEO Cakra Neural, Bagas Wirasena, mundur pekan lalu.\n")
    ex = run(p, [dep(sid(p, "Kepergian"), "Sosok CEO", "Cakra Neural")])
    assert ex.departures == [] and dropped(ex) == ["mover_named_near"]
    named = run(p, [dep(sid(p, "Bagas"), "Bagas Wirasena", "Cakra Neural")])
    assert [d.person for d in named.departures] == ["Bagas Wirasena"]


def test_mover_named_near_accepts_a_surname_the_article_uses_as_a_name() -> None:
    # The full name stood only in a photo caption; the story calls him by his surname.
    p = prep(
        """Peneliti Senior Hengkang

Pekan ini Wirabumi mengundurkan diri dari Cakra Neural.

Menurut rekan kerjanya, Wirabumi sudah lama ingin mendirikan laboratorium sendiri.
"""
    )
    ex = run(p, [dep(sid(p, "Pekan ini"), "Wirabumi", "Cakra Neural")])
    assert [d.person for d in ex.departures] == ["Wirabumi"]
    # A title (or another word the name lists know) is no surname, however often it is written.
    q = prep(
        """Kabar Cakra Neural

Pekan ini Direktur mengundurkan diri dari Cakra Neural, tulis laman Direktur perusahaan.
"""
    )
    assert run(q, [dep(sid(q, "Pekan"), "Direktur", "Cakra Neural")]).departures == []
    # Nor is a day's or a month's name.
    r = prep(
        "Kabar Cakra Neural\n\nKepala riset mundur dari Cakra Neural pada Rabu, dua hari"
        " setelah rapat pada Senin, dan kantornya ditutup pada Rabu malam.\n"
    )
    day = run(r, [dep(sid(r, "Kepala"), "Rabu", "Cakra Neural")])
    assert day.departures == [] and dropped(day) == ["mover_named_near"]


def test_mover_named_near_writes_a_short_name_out() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Bagas"), "Wirasena", "Cakra Neural", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Bagas Wirasena"]
    assert changed(ex) == [("mover_named_near", "person")]
    assert ex.meta.changed[0].before == "Wirasena"


def test_mover_named_near_moves_the_evidence_to_the_sentence_naming_the_mover() -> None:
    # The model cited Yudha's sentence for Bagas: the evidence moves to where Bagas is named.
    ex = run(KABAR, [dep(sid(KABAR, "Yudha"), "Bagas Wirasena", "Cakra Neural", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Bagas Wirasena"]
    assert changed(ex) == [("mover_named_near", "sentence")]
    assert ex.departures[0].evidence.text.startswith("Bagas Wirasena, kepala riset")


PRONOUN = prep(
    """Kabar dari Bentala Data

Rangga Adiwangsa memimpin tim analitik Bentala Data sejak 2019. Ia mengundurkan diri pada Jumat dan kini bergabung dengan Arunika Labs.
"""
)


def test_mover_named_near_keeps_a_mover_named_in_the_sentence_before() -> None:
    s = sid(PRONOUN, "Ia mengundurkan")
    ex = run(PRONOUN, [dep(s, "Rangga Adiwangsa", "Bentala Data", "Arunika Labs")])
    assert [d.person for d in ex.departures] == ["Rangga Adiwangsa"]
    assert ex.meta.dropped == [] and ex.meta.changed == []
    assert ex.departures[0].evidence.text.startswith("Ia mengundurkan diri")


QUIET = prep(
    """Kabar Riset

Bentala Data meresmikan laboratorium baru di Medan pada Selasa.

Laras Anindita memaparkan hasil uji model bahasa di sana. Presentasinya dihadiri ratusan mahasiswa.

Acara itu ditutup dengan diskusi panel.
"""
)


def test_move_told_drops_a_passage_without_a_move() -> None:
    # Neither the cited sentence nor its neighbours tell anyone leaving.
    ex = run(QUIET, [dep(sid(QUIET, "Laras"), "Laras Anindita", "Bentala Data")])
    assert ex.departures == []
    assert dropped(ex) == ["move_told"]


def test_move_told_moves_a_headline_citation_to_the_sentence_that_tells_the_move() -> None:
    p = prep(
        """Rangga Adiwangsa dan Babak Baru Bentala Data

Bentala Data meresmikan laboratorium baru di Medan pada Selasa.

Peresmian itu dihadiri para mitra dari tiga kota.

Di tengah acara, Bentala Data mengumumkan pengunduran diri Rangga Adiwangsa, direktur riset perusahaan.
"""
    )
    ex = run(p, [dep("S1", "Rangga Adiwangsa", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Rangga Adiwangsa"]
    assert changed(ex) == [("move_told", "sentence")]
    assert ex.departures[0].evidence.text.startswith("Di tengah acara")
    # A phrase that only happens to share words with the article is no one to relocate.
    odd = run(p, [dep("S1", "para mitra", "Bentala Data")])
    assert odd.departures == []
    # Nor is a description that holds a name ("mantan karyawan Cakra Neural").
    told = prep(
        "Kabar Kecerdasan Buatan\n\nKemarin, mantan karyawan Cakra Neural mengundurkan diri.\n"
    )
    described = run(
        told, [dep(sid(told, "Kemarin"), "mantan karyawan Cakra Neural", "Cakra Neural")]
    )
    assert described.departures == []


def test_move_told_finds_the_move_told_of_the_mover_by_surname() -> None:
    p = prep(
        """Perjalanan Karier Rangga Adiwangsa

Rangga Adiwangsa dikenal sebagai perancang model bahasa yang tekun.

Setelah delapan tahun di Bentala Data, Adiwangsa melompat ke Arunika Labs pada Maret.

Tim Bentala Data juga ditinggal wakil pimpinannya, Sekar Ayuningtyas, bulan lalu.
"""
    )
    ex = run(p, [dep("S1", "Rangga Adiwangsa", "Bentala Data", "Arunika Labs")])
    assert [(d.person, d.to_org) for d in ex.departures] == [("Rangga Adiwangsa", "Arunika Labs")]
    assert changed(ex) == [("move_told", "sentence")]
    assert ex.departures[0].evidence.text.startswith("Setelah delapan tahun")
    # "ditinggal X": the team was left by X, a move of X.
    left = run(p, [dep(sid(p, "ditinggal"), "Sekar Ayuningtyas", "Bentala Data")])
    assert [d.person for d in left.departures] == ["Sekar Ayuningtyas"]


def test_move_told_reads_the_move_word_in_the_movers_part_of_the_sentence() -> None:
    p = prep(
        """Kabar Cakra Neural

Dimas Wicaksono memuji hasil riset itu, sementara Rina Hapsari hengkang dari Cakra Neural.

Galih Pranata memimpin tim data Cakra Neural. Ia kemudian pindah ke Arunika Labs.
"""
    )
    # The leaving word is Rina's: Dimas's stretch of the sentence tells no move of his.
    bystander = run(p, [dep(sid(p, "Dimas"), "Dimas Wicaksono", "Cakra Neural")])
    assert bystander.departures == [] and dropped(bystander) == ["move_told"]
    mover = run(p, [dep(sid(p, "Dimas"), "Rina Hapsari", "Cakra Neural")])
    assert [d.person for d in mover.departures] == ["Rina Hapsari"]
    # A next sentence that names no one ("Ia ...") goes on about the person named before.
    went_on = run(p, [dep(sid(p, "Galih"), "Galih Pranata", "Cakra Neural", "Arunika Labs")])
    assert [d.person for d in went_on.departures] == ["Galih Pranata"]
    assert "move_told" not in [r for r, _ in changed(went_on)]
    # A next sentence about hiring ("perekrutan", "merekrut") tells who hires, not who leaves.
    q = prep(
        """Ambisi Bentala Data

Hendra Kusuma ingin menjadikan Bentala Data pemimpin riset bahasa.

Perusahaan itu meluncurkan kampanye perekrutan dan merekrut puluhan insinyur.
"""
    )
    boss = run(q, [dep(sid(q, "Hendra"), "Hendra Kusuma", "Bentala Data")])
    assert boss.departures == [] and dropped(boss) == ["move_told"]


def test_move_told_accepts_a_move_word_or_a_past_move_next_to_the_sentence() -> None:
    before = run(
        PRONOUN, [dep(sid(PRONOUN, "Ia mengundurkan"), "Rangga Adiwangsa", "Bentala Data")]
    )
    after = run(PRONOUN, [dep(sid(PRONOUN, "memimpin tim"), "Rangga Adiwangsa", "Bentala Data")])
    for ex in (before, after):
        assert "move_told" not in dropped(ex)
        assert len(ex.departures) == 1
    past = prep(
        """Wajah Baru

Sinta Maharani, mantan peneliti Bentala Data, memaparkan rencana timnya di Medan.
"""
    )
    ex = run(past, [dep(sid(past, "Sinta"), "Sinta Maharani", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Sinta Maharani"]


def test_move_told_reads_no_move_of_a_person_in_a_groups_leaving_that_names_no_one() -> None:
    p = prep(
        """Guncangan di Bentala Data

Rumor menyebut Sekar Ayu dari Bentala Data sedang menimbang tawaran baru.

Banyak karyawan di divisi riset juga telah meninggalkan perusahaan untuk bergabung dengan Cakra Neural.
"""
    )
    for cited in ("Rumor", "Banyak karyawan"):
        ex = run(p, [dep(sid(p, cited), "Sekar Ayu", "Bentala Data", "Cakra Neural")])
        assert ex.departures == [] and dropped(ex) == ["move_told"]
    # Told of the person, the same leaving is theirs.
    q = prep(p.article.text.replace("Banyak karyawan di divisi riset juga", "Sekar Ayu"))
    kept = run(q, [dep(sid(q, "Rumor"), "Sekar Ayu", "Bentala Data", "Cakra Neural")])
    assert [d.person for d in kept.departures] == ["Sekar Ayu"]
    # A noun of their own leaving before the group tells theirs first ("Pengunduran dirinya").
    first = prep(
        p.article.text.replace("Banyak karyawan", "Pengunduran dirinya memicu banyak karyawan")
    )
    ex = run(first, [dep(sid(first, "Pengunduran"), "Sekar Ayu", "Bentala Data", "Cakra Neural")])
    assert [d.person for d in ex.departures] == ["Sekar Ayu"]


# The shipped product list names real products; the rule is tested on an invented one.
PRODUCTS = {"kirana chat": "Cakra Neural"}

PRODUCT = prep(
    """Tim Kirana Chat Ditinggal

Tegar Mahendra, pengembang Kirana Chat, keluar dari Cakra Neural dan bergabung dengan Arunika Labs.
"""
)


def test_product_is_its_maker_reports_the_maker_of_a_product(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        vocabulary, "_makers", lambda: {k.casefold(): v for k, v in PRODUCTS.items()}
    )
    monkeypatch.setattr(vocabulary, "_products", lambda: dict(PRODUCTS))
    ex = run(PRODUCT, [dep(sid(PRODUCT, "Tegar"), "Tegar Mahendra", "Kirana Chat", "Arunika Labs")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Arunika Labs")]
    assert changed(ex) == [("product_is_its_maker", "from_org")]


def test_product_is_its_maker_keeps_an_organisation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        vocabulary, "_makers", lambda: {k.casefold(): v for k, v in PRODUCTS.items()}
    )
    monkeypatch.setattr(vocabulary, "_products", lambda: dict(PRODUCTS))
    ex = run(
        PRODUCT, [dep(sid(PRODUCT, "Tegar"), "Tegar Mahendra", "Cakra Neural", "Arunika Labs")]
    )
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Arunika Labs")]
    assert ex.meta.changed == []


def test_the_shipped_products_map_to_organisations_of_the_table() -> None:
    from talent_extract.find.orgs import load_org_table

    table = load_org_table()
    makers = vocabulary._makers()
    assert makers
    assert [m for m in set(makers.values()) if table.lookup(m) is None] == []


DIRECTION = prep(
    """Perpindahan Peneliti

Arunika Labs merekrut Yudha Prasetya dari Cakra Neural pekan lalu.

Sinta Maharani, mantan peneliti Bentala Data, kini bekerja di Arunika Labs.

Tim baru itu dipimpin Dimas Wicaksono, mantan CEO Bentala Data, bersama Rina Hapsari, mantan peneliti Cakra Neural.

Cakra Neural memecat Galih Pranata, lalu ia bergabung dengan Arunika Labs.

Wulan Sari pernah bekerja di Bentala Data dan Cakra Neural sebelum pindah.
"""
)


def ends(ex: Extraction) -> list[tuple[str | None, str | None]]:
    return [(d.from_org, d.to_org) for d in ex.departures]


def test_orgs_from_grammar_swaps_origin_and_destination_the_grammar_contradicts() -> None:
    recruited = run(
        DIRECTION, [dep(sid(DIRECTION, "Yudha"), "Yudha Prasetya", "Arunika Labs", "Cakra Neural")]
    )
    assert ends(recruited) == [("Cakra Neural", "Arunika Labs")]
    # Both fields the rule touched are logged, the named one first.
    assert changed(recruited) == [
        ("orgs_from_grammar", "from_org"),
        ("orgs_from_grammar", "to_org"),
    ]


def test_orgs_from_grammar_fills_what_the_sentence_marks() -> None:
    # The model read the destination as the origin and gave no destination.
    former = run(DIRECTION, [dep(sid(DIRECTION, "Sinta"), "Sinta Maharani", "Arunika Labs")])
    assert ends(former) == [("Bentala Data", "Arunika Labs")]
    # "X memecat A" makes X the origin; "bergabung dengan Y" after A is the destination.
    fired = run(DIRECTION, [dep(sid(DIRECTION, "Galih"), "Galih Pranata", "Arunika Labs")])
    assert ends(fired) == [("Cakra Neural", "Arunika Labs")]


def test_orgs_from_grammar_reads_only_the_persons_part_of_the_sentence() -> None:
    # "Dimas Wicaksono, mantan CEO Bentala Data," is Dimas's appositive, not Rina's.
    s = sid(DIRECTION, "Rina")
    ex = run(
        DIRECTION,
        [dep(s, "Rina Hapsari", "Bentala Data"), dep(s, "Dimas Wicaksono", "Cakra Neural")],
    )
    assert ends(ex) == [("Cakra Neural", None), ("Bentala Data", None)]


def test_orgs_from_grammar_keeps_what_agrees_or_is_unclear() -> None:
    s = sid(DIRECTION, "Yudha")
    ex = run(DIRECTION, [dep(s, "Yudha Prasetya", "Cakra Neural", "Arunika Labs")])
    assert ends(ex) == [("Cakra Neural", "Arunika Labs")]
    assert ex.meta.changed == []
    # Two origins marked: the sentence does not say which one the model should have given.
    two = run(DIRECTION, [dep(sid(DIRECTION, "Wulan"), "Wulan Sari", "Cakra Neural")])
    assert ends(two) == [("Cakra Neural", None)]
    assert "orgs_from_grammar" not in [r for r, _ in changed(two)]
    # Switched off, the model's answer stands.
    raw = run(
        DIRECTION,
        [dep(sid(DIRECTION, "Yudha"), "Yudha Prasetya", "Arunika Labs", "Cakra Neural")],
        off=["orgs_from_grammar", "destination_near_move", "origin_not_joined"],
    )
    assert ends(raw) == [("Arunika Labs", "Cakra Neural")]
    # With only orgs_from_grammar off, an origin ("dari Cakra Neural") is still no destination.
    half = run(
        DIRECTION,
        [dep(sid(DIRECTION, "Yudha"), "Yudha Prasetya", "Arunika Labs", "Cakra Neural")],
        off=["orgs_from_grammar", "origin_not_joined"],
    )
    assert ends(half) == [("Arunika Labs", None)]


HEADS = prep(
    """Bentala Data Tetap Solid

CEO Bentala Data, Hendra Kusuma, mengatakan perusahaannya tetap solid dan terus membuka lowongan baru meski tiga insinyur mundur.

Pendiri Bentala Data, Citra Anggraini, juga hengkang bulan ini.
"""
)


def test_leader_stays_unless_leaving_drops_the_head_who_only_comments() -> None:
    answer = dep(sid(HEADS, "Hendra"), "Hendra Kusuma", "Bentala Data")
    # "mengatakan ... meski tiga insinyur mundur": what he says (move_told drops it first).
    assert dropped(run(HEADS, [answer])) == ["move_told"]
    ex = run(HEADS, [answer], off=["move_told"])
    assert ex.departures == []
    assert dropped(ex) == ["leader_stays_unless_leaving"]


def test_leader_stays_unless_leaving_keeps_a_head_who_leaves_and_a_founder() -> None:
    p = prep(
        """Pergantian Pimpinan

CEO Bentala Data, Hendra Kusuma, mengundurkan diri pada Jumat.
"""
    )
    head = run(p, [dep(sid(p, "Hendra"), "Hendra Kusuma", "Bentala Data")])
    founder = run(HEADS, [dep(sid(HEADS, "Citra"), "Citra Anggraini", "Bentala Data")])
    assert [d.person for d in head.departures] == ["Hendra Kusuma"]
    assert [d.person for d in founder.departures] == ["Citra Anggraini"]
    assert head.meta.dropped == [] and founder.meta.dropped == []


def test_leader_stays_unless_leaving_keeps_a_head_whose_resignation_is_announced() -> None:
    # "pengunduran diri X": the noun of the event before the name tells X leaving.
    p = prep(
        """Pergantian di Bentala Data

Bentala Data mengumumkan pengunduran diri Hendra Kusuma, CEO Bentala Data, pada Jumat.
"""
    )
    ex = run(p, [dep(sid(p, "Hendra"), "Hendra Kusuma", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Hendra Kusuma"] and ex.meta.dropped == []


def test_leader_stays_unless_leaving_keeps_a_head_hired_away() -> None:
    # The head of Bentala Data is the object of "merekrut": hired away, he moved.
    p = prep(
        """Arunika Labs Tambah Amunisi

Arunika Labs, perusahaan rintisan asal Bandung yang sedang naik daun, akhirnya berhasil merekrut CEO Bentala Data, Hendra Kusuma, untuk memimpin tim riset mereka.

Hendra Kusuma memimpin Bentala Data sejak 2019 dan dikenal sebagai salah satu peneliti yang paling dihormati di kota itu.
"""
    )
    s = sid(p, "merekrut")
    ex = run(p, [dep(s, "Hendra Kusuma", "Arunika Labs", "Bentala Data")])
    # orgs_from_grammar reads both ends: his title's organisation is the origin, the one that
    # hires him (before the verb, past its aside) the destination.
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Bentala Data", "Arunika Labs")]
    assert ("orgs_from_grammar", "from_org") in changed(ex) and ex.meta.dropped == []
    praised = prep(p.article.text.replace("berhasil merekrut", "memuji"))
    comments = run(praised, [dep(sid(praised, "memuji"), "Hendra Kusuma", "Bentala Data")])
    assert comments.departures == []  # praised, not hired: the head stays


def test_leader_stays_unless_leaving_drops_an_officer_who_only_comments() -> None:
    p = prep(
        """Bentala Data Kehilangan Peneliti

Direktur Riset Bentala Data Wulan Maharani menyebut kepergian itu sebagai kerugian besar.

Dua peneliti Bentala Data hengkang ke Arunika Labs pekan ini.
"""
    )
    answer = dep(sid(p, "Wulan"), "Wulan Maharani", "Bentala Data")
    ex = run(p, [answer], off=["move_told"])
    assert ex.departures == [] and dropped(ex) == ["leader_stays_unless_leaving"]
    # With every rule on, move_told drops it first: the next sentence is a group's move.
    assert dropped(run(p, [answer])) == ["move_told"]
    # Marked as past ("mantan Direktur Riset"), the role says the person has moved on.
    q = prep(
        """Bentala Data Kehilangan Peneliti

Mantan Direktur Riset Bentala Data Wulan Maharani kini bekerja di Arunika Labs.
"""
    )
    kept = run(q, [dep(sid(q, "Wulan"), "Wulan Maharani", "Bentala Data", "Arunika Labs")])
    assert [d.person for d in kept.departures] == ["Wulan Maharani"]


SPEAKERS = prep(
    """Arunika Labs Merekrut Dua Insinyur

Dua insinyur Bentala Data pindah ke Arunika Labs bulan ini, kata Nadia Rahmawati, analis industri di Jakarta.

Menurut Fajar Nugroho, keduanya sudah lama dilirik pesaing.

Fajar Nugroho sendiri keluar dari Bentala Data pada Maret, ujarnya.
"""
)


def test_speaker_not_mover_drops_who_gives_the_news() -> None:
    ex = run(SPEAKERS, [dep(sid(SPEAKERS, "Nadia"), "Nadia Rahmawati", "Bentala Data")])
    assert ex.departures == [] and dropped(ex) == ["speaker_not_mover"]


def test_speaker_not_mover_moves_the_evidence_to_where_the_speaker_leaves() -> None:
    # Fajar speaks in the cited sentence, and another sentence tells him leaving.
    # (move_told, which runs first, would move it too: it is off to test this rule alone.)
    ex = run(
        SPEAKERS,
        [dep(sid(SPEAKERS, "Menurut"), "Fajar Nugroho", "Bentala Data")],
        off=["move_told"],
    )
    assert [d.person for d in ex.departures] == ["Fajar Nugroho"]
    assert changed(ex) == [("speaker_not_mover", "sentence")]
    assert ex.departures[0].evidence.text.startswith("Fajar Nugroho sendiri keluar")


def test_speaker_not_mover_keeps_a_speaker_who_tells_their_own_move() -> None:
    ex = run(SPEAKERS, [dep(sid(SPEAKERS, "sendiri"), "Fajar Nugroho", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Fajar Nugroho"]
    assert ex.meta.dropped == []


def test_speaker_not_mover_reads_a_lead_after_the_name_as_another_voice() -> None:
    # "..., dan Sekar Ayuningtyas, menurut laporan X": the report speaks, Sekar is hired.
    p = prep(
        "Perburuan Talenta\n\nArunika Labs juga sudah merekrut dua peneliti Bentala Data, yakni"
        " Yoga Permana dan Sekar Ayuningtyas, menurut laporan Harian Niaga.\n"
    )
    answer = dep(sid(p, "menurut laporan"), "Sekar Ayuningtyas", "Bentala Data", "Arunika Labs")
    ex = run(p, [answer])
    assert [d.person for d in ex.departures] == ["Sekar Ayuningtyas"]
    assert "speaker_not_mover" not in dropped(ex)
    # Who speaks with a verb after their name still does.
    said = prep(p.article.text.replace(", menurut laporan", ", mengatakan laporan"))
    answer = dep(sid(said, "mengatakan"), "Sekar Ayuningtyas", "Bentala Data", "Arunika Labs")
    assert "speaker_not_mover" in dropped(run(said, [answer]))


SUCCESSION = prep(
    """Pergantian di Bentala Data

Hendra Kusuma mengundurkan diri dari Bentala Data dan akan digantikan oleh Sekar Ayuningtyas.

Direktur riset Bentala Data, Wulan Maharani, telah ditunjuk sebagai CEO sementara.

Galih Pranata, mantan peneliti Cakra Neural, ditunjuk sebagai kepala riset Bentala Data.
"""
)


def test_successor_not_mover_drops_who_takes_the_post_over() -> None:
    s = sid(SUCCESSION, "Hendra")
    heir = run(SUCCESSION, [dep(s, "Sekar Ayuningtyas", "Bentala Data")], off=["move_told"])
    assert heir.departures == [] and dropped(heir) == ["successor_not_mover"]
    interim = run(
        SUCCESSION,
        [dep(sid(SUCCESSION, "Wulan"), "Wulan Maharani", "Bentala Data")],
        off=["move_told"],  # it reads no move of hers either; off to test this rule alone
    )
    assert interim.departures == [] and dropped(interim) == ["successor_not_mover"]


def test_successor_not_mover_keeps_who_leaves_or_comes_from_elsewhere() -> None:
    left = run(SUCCESSION, [dep(sid(SUCCESSION, "Hendra"), "Hendra Kusuma", "Bentala Data")])
    assert [d.person for d in left.departures] == ["Hendra Kusuma"]
    hired = run(SUCCESSION, [dep(sid(SUCCESSION, "Galih"), "Galih Pranata", "Cakra Neural")])
    assert [d.person for d in hired.departures] == ["Galih Pranata"]
    assert "successor_not_mover" not in dropped(left) + dropped(hired)


BYLINE = prep(
    """Peneliti Bentala Data Hengkang

Rizky Amalia | Kabar Teknologi

Kepala riset Bentala Data, Bagus Hartono, hengkang ke Arunika Labs pada Senin.
"""
)


def test_byline_not_mover_drops_the_writer_of_the_story() -> None:
    # The byline tells no move of its own (move_told would drop it first; off to test this rule).
    ex = run(BYLINE, [dep(sid(BYLINE, "Rizky"), "Rizky Amalia", "Bentala Data")], off=["move_told"])
    assert ex.departures == [] and dropped(ex) == ["byline_not_mover"]


def test_byline_not_mover_keeps_a_person_of_the_story() -> None:
    ex = run(BYLINE, [dep(sid(BYLINE, "Bagus"), "Bagus Hartono", "Bentala Data", "Arunika Labs")])
    assert [d.person for d in ex.departures] == ["Bagus Hartono"]
    assert ex.meta.dropped == []


def test_recruiter_not_mover_drops_the_one_who_recruits() -> None:
    answer = dep(sid(KABAR, "Tegar"), "Tegar Mahendra", "Cakra Neural")
    # move_told drops him first (a hiring verb after his name tells no move of his); alone,
    # this rule does.
    assert dropped(run(KABAR, [answer])) == ["move_told"]
    ex = run(KABAR, [answer], off=["move_told"])
    assert ex.departures == []
    assert dropped(ex) == ["recruiter_not_mover"]


def test_recruiter_not_mover_keeps_the_one_who_is_recruited() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Yudha"), "Yudha Prasetya", "Cakra Neural", "Arunika Labs")])
    assert [(d.person, d.to_org) for d in ex.departures] == [("Yudha Prasetya", "Arunika Labs")]
    assert ex.meta.dropped == []


def test_leader_of_destination_drops_the_head_of_the_org_joined() -> None:
    s = sid(KABAR, "Sekar")
    ex = run(KABAR, [dep(s, "Sekar Ayuningtyas", "Cakra Neural", "Arunika Labs")])
    assert ex.departures == []
    assert dropped(ex) == ["leader_of_destination"]


LEADER = prep(
    """Pendiri Hengkang

Pendiri Cakra Neural, Wulan Paramitha, hengkang ke Arunika Labs setelah berselisih dengan dewan.
"""
)


def test_leader_of_destination_keeps_the_head_of_the_org_left() -> None:
    s = sid(LEADER, "Wulan")
    ex = run(LEADER, [dep(s, "Wulan Paramitha", "Cakra Neural", "Arunika Labs")])
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Wulan Paramitha", "Cakra Neural", "Arunika Labs")
    ]
    assert ex.meta.dropped == []


def test_refused_offer_not_mover_drops_one_who_turned_an_offer_down() -> None:
    s = sid(KABAR, "Kirana")
    ex = run(KABAR, [dep(s, "Kirana Puspasari", "Cakra Neural", "Arunika Labs")])
    assert ex.departures == []
    assert dropped(ex) == ["refused_offer_not_mover"]


def test_refused_offer_not_mover_keeps_one_who_refused_and_left() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Dimas"), "Dimas Hartawan", "Cakra Neural")])
    assert [d.person for d in ex.departures] == ["Dimas Hartawan"]
    assert ex.meta.dropped == []


def test_from_org_in_article_clears_an_org_not_in_the_article() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Bagas"), "Bagas Wirasena", "Mega Sinergi", "Bentala Data")])
    assert changed(ex) == [("from_org_in_article", "from_org")]
    assert ex.meta.changed[0].reason == "not named in the article"
    # With no organisation left, needs_origin then refuses it: both are logged.
    assert ex.departures == [] and dropped(ex) == ["needs_origin"]
    kept = run(
        KABAR,
        [dep(sid(KABAR, "Bagas"), "Bagas Wirasena", "Mega Sinergi", "Bentala Data")],
        off=["needs_origin"],
    )
    (d,) = kept.departures
    assert d.from_org is None and d.to_org == "Bentala Data"


def test_to_org_in_article_clears_a_platform_named_where_the_move_was_posted() -> None:
    text = (
        "Kabar Industri\n\nBanyak spekulasi beredar tentang X pekan ini.\n\nBanyu Samudro"
        " mengabarkan pada X bahwa ia keluar dari Cakra Neural.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "mengabarkan"), "Banyu Samudro", "Cakra Neural", "X")])
    # "mengabarkan pada X" where the move is cited: a channel, though X is a topic elsewhere.
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    joined = prep(
        text.replace(
            "mengabarkan pada X bahwa ia keluar dari Cakra Neural",
            "keluar dari Cakra Neural dan bergabung dengan X",
        )
    )
    ex = run(joined, [dep(sid(joined, "bergabung"), "Banyu Samudro", "Cakra Neural", "X")])
    assert [d.to_org for d in ex.departures] == ["X"]


def test_from_org_in_article_reports_the_canonical_name_and_unit() -> None:
    s = sid(KABAR, "Bagas")
    alias = run(KABAR, [dep(s, "Bagas Wirasena", "PT Cakra Neural Indonesia", "Bentala Data")])
    assert [d.from_org for d in alias.departures] == ["Cakra Neural"]
    assert changed(alias) == [("from_org_in_article", "from_org")]
    unit = run(KABAR, [dep(s, "Bagas Wirasena", "Lab Visi Cakra", "Bentala Data")])
    assert [(d.from_org, d.from_unit) for d in unit.departures] == [("Cakra Neural", "Lab Visi")]


def test_from_org_in_article_keeps_an_org_as_the_article_names_it() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Bagas"), "Bagas Wirasena", "Cakra Neural", "Bentala Data")])
    assert [d.from_org for d in ex.departures] == ["Cakra Neural"]
    assert ex.meta.changed == []


def test_to_org_in_article_clears_a_description_that_is_no_name() -> None:
    p = prep(
        """Peneliti Keamanan Mundur

Wulan Prameswari mundur dari Cakra Neural dan kini aktif di sebuah kelompok advokasi warga yang mendukung aturan ketat.

Ia juga membantu Yayasan Lentera Data dan Sains.
"""
    )
    s = sid(p, "Wulan")
    ex = run(p, [dep(s, "Wulan Prameswari", "Cakra Neural", "Kelompok advokasi warga")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    assert changed(ex) == [("to_org_in_article", "to_org")]
    # A name the table does not know, written as a name (small joining words aside), stands.
    named = run(p, [dep(s, "Wulan Prameswari", "Cakra Neural", "Yayasan Lentera Data dan Sains")])
    assert [d.to_org for d in named.departures] == ["Yayasan Lentera Data dan Sains"]


def test_to_org_in_article_clears_a_job_title_given_as_the_destination() -> None:
    p = prep(
        """Kembali Memimpin

Wulan Prameswari dipecat dari Cakra Neural, lalu beberapa hari kemudian dikembalikan sebagai CEO.
"""
    )
    ex = run(p, [dep(sid(p, "Wulan"), "Wulan Prameswari", "Cakra Neural", "CEO")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    assert changed(ex) == [("to_org_in_article", "to_org")]


def test_to_org_in_article_clears_an_ai_term_given_as_the_destination() -> None:
    p = prep(
        """Peneliti Keluar

Wulan Prameswari meninggalkan Cakra Neural pada Mei, setelah tim keselamatan AGI yang ia pimpin
dibubarkan.
"""
    )
    ex = run(p, [dep(sid(p, "Wulan"), "Wulan Prameswari", "Cakra Neural", "AGI")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    assert changed(ex) == [("to_org_in_article", "to_org")]


def test_to_org_in_article_reads_a_unit_written_with_its_organisation() -> None:
    p = prep(
        """Peneliti Pindah

Wulan Prameswari, mantan peneliti Cakra Neural, baru saja pindah bekerja di Institut Riset Data
Terapan (IRDT) di Universitas Nusa Raya.
"""
    )
    unit_at = "Institut Riset Data Terapan (IRDT) di Universitas Nusa Raya"
    ex = run(p, [dep(sid(p, "Wulan"), "Wulan Prameswari", "Cakra Neural", unit_at)])
    # The unit with its abbreviation is not written so in the text; the organisation after
    # "di" is.
    assert [d.to_org for d in ex.departures] == ["Universitas Nusa Raya"]
    assert changed(ex) == [("to_org_in_article", "to_org")]


HENGKANG_KE = (
    "Perburuan Talenta\n\n"
    "Rani Kusuma, CEO Arunika Labs, menyiapkan paket besar bagi peneliti robotika sejak awal"
    " tahun.\n\nMenurut laporan majalah Warta Teknologi, dua peneliti Cakra Neural dari kantor"
    " Surabaya—Wulan Prameswari dan Banyu Samudro—juga telah hengkang ke perusahaan tersebut.\n"
)


def test_destination_near_move_reads_a_company_described_after_its_name() -> None:
    p = prep(HENGKANG_KE)
    ex = run(p, [dep(sid(p, "Wulan"), "Wulan Prameswari", "Cakra Neural", "Arunika Labs")])
    # "hengkang ke perusahaan tersebut" stands for the company the sentence before names.
    assert [d.to_org for d in ex.departures] == ["Arunika Labs"]
    bare = prep(HENGKANG_KE.replace(" ke perusahaan tersebut", ""))
    ex = run(bare, [dep(sid(bare, "Wulan"), "Wulan Prameswari", "Cakra Neural", "Arunika Labs")])
    assert [d.to_org for d in ex.departures] == [None]
    assert ("destination_near_move", "to_org") in changed(ex)


def test_staff_of_origin_reads_the_organisation_of_a_staff_noun_before_the_name() -> None:
    p = prep(HENGKANG_KE)
    ex = run(p, [dep(sid(p, "Wulan"), "Wulan Prameswari", None, "Arunika Labs")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Arunika Labs")]
    assert ("staff_of_origin", "from_org") in changed(ex)
    # No staff noun with an organisation: no organisation left, no departure.
    plain = prep(
        HENGKANG_KE.replace("dua peneliti Cakra Neural dari kantor", "dua orang dari kantor")
    )
    ex = run(plain, [dep(sid(plain, "Wulan"), "Wulan Prameswari", None, "Arunika Labs")])
    assert ex.departures == [] and dropped(ex) == ["needs_origin"]


def test_destination_near_move_clears_an_org_the_person_only_spoke_to() -> None:
    p = prep(
        """Peneliti Bicara

Wulan Prameswari keluar dari Cakra Neural awal tahun ini. Sebelum kepergiannya, Wulan sempat
memberikan wawancara panjang kepada Harian Lentera Pagi soal budaya kerja di sana.
"""
    )
    s = sid(p, "Sebelum kepergiannya")
    spoke = dep(s, "Wulan Prameswari", "Cakra Neural", "Harian Lentera Pagi")
    ex = run(p, [spoke])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    assert ("destination_near_move", "to_org") in changed(ex)
    # Joined, not spoken to: the destination stands.
    joined = p.clean.text.replace("memberikan wawancara panjang kepada", "bergabung dengan")
    q = prep(joined)
    ex = run(
        q,
        [
            dep(
                sid(q, "Sebelum kepergiannya"),
                "Wulan Prameswari",
                "Cakra Neural",
                "Harian Lentera Pagi",
            )
        ],
    )
    assert [d.to_org for d in ex.departures] == ["Harian Lentera Pagi"]


def test_to_org_in_article_clears_an_org_not_in_the_article() -> None:
    # (The destination the sentence marks is not filled in here: that is orgs_from_grammar.)
    ex = run(
        KABAR,
        [dep(sid(KABAR, "Bagas"), "Bagas Wirasena", "Cakra Neural", "Mega Sinergi")],
        off=["orgs_from_grammar"],
    )
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    assert changed(ex) == [("to_org_in_article", "to_org")]


def test_to_org_in_article_keeps_the_canonical_destination() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Yudha"), "Yudha Prasetya", "Cakra Neural", "Arunika Labs")])
    assert [d.to_org for d in ex.departures] == ["Arunika Labs"]
    assert "to_org_in_article" not in [r for r, _ in changed(ex)]


FAR = prep(
    """Arunika Labs Buka Kantor Baru

Arunika Labs meresmikan kantor riset di Bandung pada Senin. Gedung itu menampung dua ratus pegawai.

Kantor itu dibangun selama dua tahun.

Satria Nugraha keluar dari Bentala Data pekan ini. Ia kini bergabung dengan Cakra Neural sebagai peneliti senior.
"""
)


def test_destination_near_move_clears_an_org_named_only_far_away() -> None:
    s = sid(FAR, "Satria")
    ex = run(FAR, [dep(s, "Satria Nugraha", "Bentala Data", "Arunika Labs")])
    assert [(d.person, d.to_org) for d in ex.departures] == [("Satria Nugraha", None)]
    assert changed(ex) == [("destination_near_move", "to_org")]


def test_destination_near_move_keeps_an_org_of_the_next_sentence() -> None:
    s = sid(FAR, "Satria")
    ex = run(FAR, [dep(s, "Satria Nugraha", "Bentala Data", "Cakra Neural")])
    assert [d.to_org for d in ex.departures] == ["Cakra Neural"]
    assert ex.meta.changed == []


TO_PERSON = prep(
    """Tim Baru Arunika Labs

Galih Santika keluar dari Bentala Data dan bergabung dengan Sekar Ayuningtyas di Arunika Labs.
"""
)


def test_to_org_not_person_clears_a_person_given_as_the_destination() -> None:
    s = sid(TO_PERSON, "Galih")
    # destination_near_move clears it first (a person is no organisation named in Galih's part).
    ex = run(
        TO_PERSON,
        [dep(s, "Galih Santika", "Bentala Data", "Sekar Ayuningtyas")],
        off=["destination_near_move"],
    )
    assert [(d.person, d.to_org) for d in ex.departures] == [("Galih Santika", None)]
    assert changed(ex) == [("to_org_not_person", "to_org")]


def test_to_org_not_person_keeps_an_org() -> None:
    s = sid(TO_PERSON, "Galih")
    ex = run(TO_PERSON, [dep(s, "Galih Santika", "Bentala Data", "Arunika Labs")])
    assert [d.to_org for d in ex.departures] == ["Arunika Labs"]
    assert ex.meta.changed == []


def test_different_orgs_clears_a_destination_equal_to_the_origin() -> None:
    s = sid(KABAR, "Bagas")
    ex = run(
        KABAR,
        [dep(s, "Bagas Wirasena", "Bentala Data", "Bentala Data")],
        off=["orgs_from_grammar", "origin_not_joined"],
    )
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Bentala Data", None)]
    assert changed(ex) == [("different_orgs", "to_org")]


UNITS = prep(
    """Rotasi di Cakra Neural

Nadia Kartika keluar dari Lab Visi Cakra dan pindah ke kantor pusat Cakra Neural di Jakarta.
"""
)


def test_different_orgs_drops_a_move_between_units_of_one_org() -> None:
    s = sid(UNITS, "Nadia")
    ex = run(UNITS, [dep(s, "Nadia Kartika", "Lab Visi Cakra", "Cakra Neural")])
    assert ex.departures == []
    assert dropped(ex) == ["different_orgs"]
    # Switched off, the model's answer stands: a move from the unit to the organisation.
    off = run(
        UNITS, [dep(s, "Nadia Kartika", "Lab Visi Cakra", "Cakra Neural")], off=["different_orgs"]
    )
    (d,) = off.departures
    assert (d.from_org, d.from_unit, d.to_org, d.to_unit) == (
        "Cakra Neural",
        "Lab Visi",
        "Cakra Neural",
        None,
    )


def test_needs_origin_drops_a_group_from_nowhere() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Tegar"), None, None, "Bentala Data")])
    assert ex.departures == []
    assert dropped(ex) == ["needs_origin"]


def test_needs_origin_drops_a_new_hire_with_no_stated_employer() -> None:
    p = prep(
        """Wajah Baru Arunika Labs

Arunika Labs mengumumkan bergabungnya insinyur ternama, Banyu Samudro, sebagai wakil presiden riset.
"""
    )
    # The model read the hiring organisation as the one left; the grammar moves it to to_org.
    ex = run(p, [dep(sid(p, "Banyu"), "Banyu Samudro", "Arunika Labs", "Arunika Labs")])
    assert ex.departures == [] and dropped(ex) == ["needs_origin"]
    assert ("orgs_from_grammar", "from_org") in changed(ex)


def test_needs_origin_keeps_a_group_with_its_org() -> None:
    ex = run(KABAR, [dep(sid(KABAR, "Tegar"), None, "Cakra Neural")])
    assert [(d.person, d.count, d.from_org) for d in ex.departures] == [(None, 3, "Cakra Neural")]
    assert ex.meta.dropped == []


RELAYED = prep(
    """Kabar Kepindahan

Menurut sumber yang mengetahui rencana itu, Fajar Sasmita akan hengkang dari Bentala Data.

Hana Larasati mengundurkan diri dari Cakra Neural pada Kamis.
"""
)


def test_relayed_is_reported_marks_a_move_told_by_sources() -> None:
    ex = run(
        RELAYED, [dep(sid(RELAYED, "Fajar"), "Fajar Sasmita", "Bentala Data", None, "announced")]
    )
    assert [d.status for d in ex.departures] == ["reported"]
    assert changed(ex) == [("relayed_is_reported", "status")]


def test_relayed_is_reported_leaves_a_move_told_as_fact() -> None:
    ex = run(RELAYED, [dep(sid(RELAYED, "Hana"), "Hana Larasati", "Cakra Neural")])
    assert [d.status for d in ex.departures] == ["completed"]
    assert ex.meta.changed == []


# --------------------------------------------------------------------------- offers

GAJI = prep(
    """Perang Gaji Peneliti Kecerdasan Buatan

Arunika Labs menawarkan gaji Rp 12 miliar per tahun kepada Kirana Puspasari agar pindah dari Cakra Neural.

Kirana Puspasari menolak tawaran gaji Rp 9 miliar dari Bentala Data.

Menurut sumber yang dekat dengan perusahaan, Bentala Data juga menawarkan bonus Rp 3 miliar kepada Yoga Permana.
"""
)


def test_pay_not_investment_drops_money_for_a_company() -> None:
    # "menawarkan" makes the money a candidate; the sentence speaks of an investment and names no
    # pay, so it is money for a company.
    p = prep(
        """Pendanaan Baru

Arunika Labs menawarkan investasi Rp 40 miliar kepada Bentala Data untuk membangun pusat data.
"""
    )
    m = money_id(p, "investasi")
    ex = run(p, offers=[offer(m, "Arunika Labs", None, "Bentala Data")])
    assert ex.offers == []
    assert dropped(ex) == ["pay_not_investment"]


def test_pay_not_investment_keeps_pay_beside_an_investment_word() -> None:
    p = prep(
        """Modal dan Gaji

Setelah investasi baru masuk, Arunika Labs menawarkan gaji Rp 7 miliar kepada Banyu Samudro.
"""
    )
    ex = run(p, offers=[offer(money_id(p, "Banyu"), "Arunika Labs", "Banyu Samudro")])
    assert [o.amount.max for o in ex.offers if o.amount] == [7_000_000_000]
    assert ex.meta.dropped == []


def test_pay_not_investment_drops_the_price_of_a_stake() -> None:
    p = prep(
        """Arunika Labs Membeli Saham

Arunika Labs membeli 40% saham Bentala Data senilai US$ 2 miliar, lalu menawarkan jabatan kepada pendirinya.
"""
    )
    ex = run(p, offers=[offer(money_id(p, "saham"), "Arunika Labs", None, "Bentala Data")])
    assert ex.offers == [] and dropped(ex) == ["pay_not_investment"]


def test_pay_not_investment_drops_a_fortune_and_a_buyback() -> None:
    for sentence in (
        "Pendiri Arunika Labs itu memiliki kekayaan sebesar US$ 2 miliar, jauh di atas gaji"
        " para penelitinya.",
        "Banyu Samudro meminta Arunika Labs melakukan buy back saham senilai US$ 7 juta yang"
        " ia terima sebagai bonus.",
    ):
        p = prep(f"Kabar Arunika Labs\n\n{sentence}\n")
        ex = run(p, offers=[offer(money_id(p, "US$"), "Arunika Labs", "Banyu Samudro")])
        assert ex.offers == [] and dropped(ex) == ["pay_not_investment"]


def test_range_told_apart_joins_an_amount_and_its_upper_end() -> None:
    p = prep(
        """Tawaran untuk Banyu Samudro

Arunika Labs menawarkan paket gaji senilai sekitar US$ 2 miliar, bahkan hingga US$ 2,5 miliar selama enam tahun kepada Banyu Samudro.
"""
    )
    low, high = (money_at(p, "sekitar"), money_at(p, "hingga"))
    answers = [offer(m, "Arunika Labs", "Banyu Samudro") for m in (low, high)]
    ex = run(p, offers=answers)
    ((o,),) = [ex.offers]
    assert o.amount is not None
    assert (o.amount.min, o.amount.max, o.amount.currency) == (2e9, 2.5e9, "USD")
    assert p.article.text.find(o.amount.text) > 0  # the article's own characters
    assert dropped(ex) == ["range_told_apart"]
    # Two amounts told as two offers ("dan ... juga") stay two.
    two = prep(p.article.text.replace(", bahkan hingga", ". Bentala Data juga menawarkan hingga"))
    ex2 = run(two, offers=[offer(money_at(two, m), "Arunika Labs") for m in ("sekitar", "hingga")])
    assert len(ex2.offers) == 2


RATE = prep(
    """Tawaran Arunika Labs

Arunika Labs menawarkan paket gaji US$ 5 juta atau Rp 81 miliar (kurs Rp 16.200 per US$) kepada Banyu Samudro.
"""
)


def test_rate_not_pay_drops_a_share_price() -> None:
    p = prep(
        "Tawaran Arunika Labs\n\nArunika Labs menawarkan paket gaji US$ 5 juta kepada Banyu"
        " Samudro, sementara sahamnya naik ke US$ 310,50 per lembar.\n"
    )
    answers = [offer(money_at(p, m), "Arunika Labs", "Banyu Samudro") for m in ("US$ 5", "US$ 310")]
    ex = run(p, offers=answers)
    assert [o.amount.max for o in ex.offers if o.amount] == [5_000_000]
    assert dropped(ex) == ["rate_not_pay"]


def test_pay_not_investment_reads_money_poured_for_a_hire() -> None:
    p = prep(
        "Arunika Labs Memburu Talenta\n\nArunika Labs menggelontorkan hampir US$ 2 miliar untuk"
        " merekrut Banyu Samudro dan timnya dari Bentala Data.\n"
    )
    ex = run(p, offers=[offer(money_at(p, "hampir"), "Arunika Labs", "Banyu Samudro")])
    assert ex.offers == [] and dropped(ex) == ["pay_not_investment"]


def test_pay_not_investment_keeps_money_poured_out_to_hire_staff() -> None:
    p = prep(
        "Arunika Labs Memburu Talenta\n\nArunika Labs menggelontorkan hampir US$ 2 miliar untuk"
        " menggaet para peneliti muda terbaik di bidang robotika.\n\nBentala Data menggelontorkan"
        " US$ 3 miliar untuk merekrut insinyur senior, sekaligus memperoleh lisensi teknologinya.\n"
    )
    hire, deal = money_at(p, "hampir"), money_at(p, "US$ 3")
    ex = run(p, offers=[offer(hire, "Arunika Labs"), offer(deal, "Bentala Data")])
    # Spent on unnamed staff it is pay; with a deal named after it, company money.
    assert [o.offerer for o in ex.offers] == ["Arunika Labs"]
    assert dropped(ex) == ["pay_not_investment"] and deal in ex.meta.dropped[0].value


def test_pay_not_investment_drops_a_merger_value_and_a_consortium_bid() -> None:
    p = prep(
        "Arunika Labs Dibeli\n\nArunika Labs menawarkan US$ 40 miliar untuk merger dengan"
        " Cakra Neural. Bentala Data menolak tawaran senilai US$ 9 miliar dari sebuah konsorsium.\n"
    )
    merged, bid = money_at(p, "US$ 40"), money_at(p, "US$ 9")
    ex = run(p, offers=[offer(merged, "Arunika Labs"), offer(bid, "Cakra Neural")])
    assert ex.offers == [] and dropped(ex) == ["pay_not_investment", "pay_not_investment"]


def test_rate_not_pay_drops_an_exchange_rate_and_keeps_the_offer() -> None:
    rate = [o.id for o in RATE.candidates.offers if "16.200" in o.mention.money.text]
    pay = [o.id for o in RATE.candidates.offers if "5 juta" in o.mention.money.text]
    assert len(rate) == 1 and len(pay) == 1
    ex = run(
        RATE,
        offers=[
            offer(pay[0], "Arunika Labs", "Banyu Samudro"),
            offer(rate[0], "Arunika Labs", "Banyu Samudro"),
        ],
    )
    assert [o.amount.max for o in ex.offers if o.amount] == [5_000_000]
    assert dropped(ex) == ["rate_not_pay"]
    # "kurs" nearest the amount makes it money for no one's pay too: both rules off keep it.
    only = run(RATE, offers=[offer(rate[0], "Arunika Labs", "Banyu Samudro")], off=["rate_not_pay"])
    assert dropped(only) == ["pay_not_investment"]
    kept = run(
        RATE,
        offers=[offer(rate[0], "Arunika Labs", "Banyu Samudro")],
        off=["rate_not_pay", "pay_not_investment"],
    )
    assert len(kept.offers) == 1


def test_offerer_in_article_writes_org_and_person_names_out() -> None:
    # The sentence marks its payer ("Arunika Labs menawarkan"): that rule is off here.
    m = money_id(GAJI, "Arunika Labs menawarkan")
    alias = run(GAJI, offers=[offer(m, "Arunika", "Kirana Puspasari")], off=["payer_from_grammar"])
    assert [o.offerer for o in alias.offers] == ["Arunika Labs"]
    assert changed(alias) == [("offerer_in_article", "offerer")]
    misspelt = run(
        GAJI,
        offers=[offer(m, "Kirana Puspasarie", None, "Cakra Neural")],
        off=["payer_from_grammar"],
    )
    assert [o.offerer for o in misspelt.offers] == ["Kirana Puspasari"]
    assert changed(misspelt) == [("offerer_in_article", "offerer")]
    assert misspelt.meta.changed[0].reason == "the article's full name"


def test_offerer_in_article_clears_an_offerer_not_in_the_article() -> None:
    m = money_id(GAJI, "Arunika Labs menawarkan")
    ex = run(
        GAJI, offers=[offer(m, "Mega Sinergi", "Kirana Puspasari")], off=["payer_from_grammar"]
    )
    assert [o.offerer for o in ex.offers] == [None]
    assert changed(ex) == [("offerer_in_article", "offerer")]


def test_offerer_in_article_keeps_an_offerer_as_named() -> None:
    m = money_id(GAJI, "Arunika Labs menawarkan")
    ex = run(GAJI, offers=[offer(m, "Arunika Labs", "Kirana Puspasari")])
    assert [(o.offerer, o.recipient) for o in ex.offers] == [("Arunika Labs", "Kirana Puspasari")]
    assert ex.meta.changed == []


def test_recipient_not_offerer_clears_a_repeated_name_and_moves_an_org() -> None:
    m = money_id(GAJI, "Arunika Labs menawarkan")
    same = run(GAJI, offers=[offer(m, "Arunika Labs", "Arunika Labs")])
    assert [(o.offerer, o.recipient) for o in same.offers] == [("Arunika Labs", None)]
    assert changed(same) == [("recipient_not_offerer", "recipient")]
    org = run(GAJI, offers=[offer(m, "Arunika Labs", "Cakra Neural")])
    assert [(o.recipient, o.recipient_org) for o in org.offers] == [(None, "Cakra Neural")]
    assert changed(org) == [
        ("recipient_not_offerer", "recipient"),
        ("recipient_not_offerer", "recipient_org"),
    ]


def test_recipient_not_offerer_keeps_a_person_recipient() -> None:
    m = money_id(GAJI, "Arunika Labs menawarkan")
    ex = run(GAJI, offers=[offer(m, "Arunika Labs", "Kirana Puspasari", "Cakra Neural")])
    assert [(o.recipient, o.recipient_org) for o in ex.offers] == [
        ("Kirana Puspasari", "Cakra Neural")
    ]
    assert ex.meta.changed == []


def test_refusal_is_rejected_marks_an_offer_turned_down() -> None:
    m = money_id(GAJI, "menolak")
    ex = run(GAJI, offers=[offer(m, "Bentala Data", "Kirana Puspasari")])
    assert [o.status for o in ex.offers] == ["rejected"]
    assert changed(ex) == [("refusal_is_rejected", "status")]


def test_refusal_is_rejected_leaves_an_offer_without_refusal() -> None:
    m = money_id(GAJI, "Arunika Labs menawarkan")
    ex = run(GAJI, offers=[offer(m, "Arunika Labs", "Kirana Puspasari")])
    assert [o.status for o in ex.offers] == ["offered"]


def test_relayed_offer_is_reported_marks_an_offer_told_by_sources() -> None:
    m = money_id(GAJI, "Yoga")
    ex = run(GAJI, offers=[offer(m, "Bentala Data", "Yoga Permana")])
    assert [o.status for o in ex.offers] == ["reported"]
    assert changed(ex) == [("relayed_offer_is_reported", "status")]


def test_relayed_offer_is_reported_leaves_other_statuses_and_plain_offers() -> None:
    relayed = money_id(GAJI, "Yoga")
    accepted = run(GAJI, offers=[offer(relayed, "Bentala Data", "Yoga Permana", None, "accepted")])
    assert [o.status for o in accepted.offers] == ["accepted"]
    plain = run(GAJI, offers=[offer(money_id(GAJI, "Arunika Labs menawarkan"), "Arunika Labs")])
    assert [o.status for o in plain.offers] == ["offered"]
    assert accepted.meta.changed == [] and plain.meta.changed == []


# --------------------------------------------------------------------------- switching rules off


TAWARAN = prep(
    """Peneliti Tolak Tawaran Rp 32 Miliar dari Arunika Labs

Arunika Labs menawarkan paket senilai US$2 juta (Rp 32 miliar) kepada Kirana Puspasari, peneliti Cakra Neural.

Kirana Puspasari menolak paket US$2 juta itu, kata juru bicaranya.

Bentala Data juga menawarkan US$2 juta kepada Banyu Samudro bulan lalu.

Arunika Labs menawarkan paket US$2 juta kepada Yoga Permana pekan ini.
"""
)


def test_offer_told_once_keeps_the_body_sentence_of_a_restated_offer() -> None:
    p = TAWARAN
    headline, lead = money_id(p, "Tolak Tawaran"), money_id(p, "menawarkan paket senilai")
    again = money_id(p, "menolak paket")
    ex = run(
        p,
        offers=[
            offer(headline, "Arunika Labs", "Peneliti", status="rejected"),
            offer(lead, "Arunika Labs", "Kirana Puspasari"),
            offer(again, "Arunika Labs", "Kirana Puspasari", status="rejected"),
        ],
    )
    assert [o.evidence.text[:30] for o in ex.offers] == ["Arunika Labs menawarkan paket "]
    assert dropped(ex) == ["offer_told_once", "offer_told_once"]
    # The headline's rupiah is the lead's conversion: the headline names the sentence it restates.
    assert lead in ex.meta.dropped[0].reason and ex.meta.dropped[0].value.startswith(headline)


def test_offer_told_once_reads_a_later_sentence_naming_no_offerer_as_the_same_offer() -> None:
    p = prep(
        """Tawaran Besar

Arunika Labs menawarkan US$5 juta kepada para peneliti robotika pekan lalu.

Rani Kusuma, CEO Bentala Data, menilai tawaran semacam US$5 juta itu tidak adil bagi staf lama.
"""
    )
    first, again = money_id(p, "menawarkan US$5"), money_id(p, "menilai tawaran")
    # The model gives the commenter's company as the offerer of the amount she speaks of.
    ex = run(p, offers=[offer(first, "Arunika Labs"), offer(again, "Cakra Neural")])
    assert [o.offerer for o in ex.offers] == ["Arunika Labs"]
    assert dropped(ex) == ["offer_told_once"]
    # An offerer the later sentence names is another offer of the same amount.
    named = run(p, offers=[offer(first, "Arunika Labs"), offer(again, "Bentala Data")])
    assert [o.offerer for o in named.offers] == ["Arunika Labs", "Bentala Data"]


def test_offer_told_once_keeps_the_same_amount_from_another_offerer_or_to_another_person() -> None:
    p = TAWARAN
    ids = [money_id(p, n) for n in ("menawarkan paket senilai", "Banyu", "Yoga")]
    ex = run(
        p,
        offers=[
            offer(ids[0], "Arunika Labs", "Kirana Puspasari"),
            offer(ids[1], "Bentala Data", "Banyu Samudro"),
            offer(ids[2], "Arunika Labs", "Yoga Permana"),
        ],
    )
    assert [o.recipient for o in ex.offers] == ["Kirana Puspasari", "Banyu Samudro", "Yoga Permana"]
    assert "offer_told_once" not in dropped(ex)
    both = run(p, offers=[offer(ids[0], "Arunika Labs"), offer(ids[2], "Arunika Labs")])
    assert len(both.offers) == 1  # no recipient named twice: one amount, one offerer, one offer
    kept = run(
        p,
        offers=[offer(ids[0], "Arunika Labs"), offer(ids[2], "Arunika Labs")],
        off=["offer_told_once"],
    )
    assert len(kept.offers) == 2


def test_one_record_per_person_lists_a_second_answer_about_the_same_mover() -> None:
    s = sid(KABAR, "Bagas")
    ex = run(
        KABAR,
        [
            dep(s, "Bagas Wirasena", "Cakra Neural", None),
            dep(s, "Bagas Wirasena", "Cakra Neural", "Bentala Data"),
        ],
    )
    assert [(d.person, d.to_org) for d in ex.departures] == [("Bagas Wirasena", "Bentala Data")]
    assert dropped(ex) == ["one_record_per_person"]
    assert ex.meta.dropped[0].value.startswith("Bagas Wirasena")


def test_one_record_per_person_adds_no_destination_that_is_the_origin() -> None:
    p = prep(
        "Karier Panjang\n\nWulan Prameswari keluar dari Cakra Neural bulan ini. Ia dulu pindah"
        " dari Bentala Data ke Cakra Neural pada 2019.\n"
    )
    ex = run(
        p,
        [
            dep(sid(p, "keluar dari"), "Wulan Prameswari", "Cakra Neural", None),
            dep(sid(p, "pindah"), "Wulan Prameswari", "Bentala Data", "Cakra Neural"),
        ],
    )
    # The second answer is an earlier move into the organisation she now leaves: no self-move.
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    assert dropped(ex) == ["one_record_per_person"]
    assert "destination it adds" not in ex.meta.dropped[0].reason


BAYAR = prep(
    """Perebutan Peneliti Bahasa

Kisaran gaji yang diberikan Bentala Data kepada peneliti senior mencapai US$400 ribu per tahun.

Yoga Permana hijrah ke Arunika Labs dengan paket kompensasi lebih dari US$50 juta.

CEO Arunika Labs, Sekar Ayuningtyas, secara pribadi menawarkan bonus US$5 juta kepada Banyu Samudro.

Tawaran gaji sebesar US$3 juta dari Cakra Neural ditolak Kirana Puspasari.

Seorang peneliti disebut menerima gaji US$2 juta per tahun.
"""
)


def test_payer_from_grammar_sets_the_offerer_the_sentence_marks() -> None:
    p = BAYAR
    cases = [
        ("diberikan Bentala", "Cakra Neural", "Bentala Data"),  # passive: "diberikan X"
        ("hijrah ke", "Cakra Neural", "Arunika Labs"),  # joined with pay: "ke X dengan paket"
        ("secara pribadi", "Sekar Ayuningtyas", "Arunika Labs"),  # a head offers for her org
        ("Tawaran gaji", "Arunika Labs", "Cakra Neural"),  # "tawaran ... dari X"
    ]
    for needle, said, payer in cases:
        ex = run(p, offers=[offer(money_id(p, needle), said)])
        assert [o.offerer for o in ex.offers] == [payer], needle
        assert ("payer_from_grammar", "offerer") in changed(ex), needle


def test_payer_from_grammar_keeps_the_offerer_when_no_payer_is_marked() -> None:
    p = BAYAR
    ex = run(p, offers=[offer(money_id(p, "menerima gaji"), "Bentala Data")])
    assert [o.offerer for o in ex.offers] == ["Bentala Data"]
    assert ex.meta.changed == []
    agreed = run(p, offers=[offer(money_id(p, "diberikan Bentala"), "Bentala Data")])
    assert agreed.meta.changed == []
    off = run(p, offers=[offer(money_id(p, "hijrah"), "Cakra Neural")], off=["payer_from_grammar"])
    assert [o.offerer for o in off.offers] == ["Cakra Neural"]


GELOMBANG = prep(
    """Gelombang Keluar di Cakra Neural

Ratusan karyawan Cakra Neural mengancam mundur jika direksi tidak diganti pekan ini.

Dalam surat terbuka, sekitar 300 karyawan itu mengaku bakal pindah ke Bentala Data bila tuntutan mereka tidak dipenuhi.

Di kota lain, Arunika Labs akan PHK 40 karyawan di unit riset bahasa karena anggaran dipotong.

Tiga peneliti Bentala Data memaparkan hasil riset mereka di depan sejumlah mahasiswa.
"""
)


def test_group_moves_proposes_the_unnamed_groups_the_article_tells_leaving() -> None:
    ex = run(GELOMBANG, propose=True)  # no model answer at all
    groups = sorted((d.from_org, d.to_org, d.status) for d in ex.departures)
    assert groups == [
        ("Arunika Labs", None, "announced"),  # "X akan PHK 40 karyawan"
        ("Cakra Neural", "Bentala Data", "threatened"),  # told on over two sentences
    ]
    assert all(d.person is None for d in ex.departures)
    # Each proposed record is listed as the proposer's, so a reader can tell it from the model's.
    assert [c.rule for c in ex.meta.changed if c.field == "record"] == ["group_moves"] * 2
    counts = {d.from_org: d.count for d in ex.departures}
    assert counts["Arunika Labs"] == 40


def test_group_moves_reads_the_hirer_before_an_apposition_that_describes_it() -> None:
    p = prep(
        "Perburuan Talenta\n\nArunika Labs, induk perusahaan Cakra Neural dan Nusa Vision,"
        " berhasil menggaet sejumlah peneliti dari Bentala Data pekan ini.\n"
    )
    ex = run(p, propose=True)
    groups = [(d.from_org, d.to_org) for d in ex.departures if d.person is None]
    # The organisations the apposition names only describe the one before it: Arunika hires.
    assert groups == [("Bentala Data", "Arunika Labs")]
    plain = prep(p.article.text.replace(", induk perusahaan Cakra Neural dan Nusa Vision,", ""))
    assert [(d.from_org, d.to_org) for d in run(plain, propose=True).departures] == groups


@pytest.mark.parametrize(
    "sentence",
    [
        "Empat peneliti Cakra Neural bernama Laras Anindita, Yoga Permana, Sekar Ayuningtyas"
        " dan Tegar Mahendra telah setuju untuk pindah ke Arunika Labs.",
        "Arunika Labs telah merekrut empat pegawai Cakra Neural yang bermarkas di Bandung, yaitu"
        " Laras Anindita, Yoga Permana, Sekar Ayuningtyas, dan Tegar Mahendra.",
    ],
)
def test_group_moves_proposes_the_members_named_right_after_a_group(sentence: str) -> None:
    p = prep(f"Perburuan Talenta\n\nPersaingan makin ketat. {sentence} Cakra Neural diam.\n")
    ex = run(p, propose=True)
    moves = sorted((d.person, d.from_org, d.to_org) for d in ex.departures)
    # The members are the records, each with the group's move; the group itself is none.
    assert moves == [
        (name, "Cakra Neural", "Arunika Labs")
        for name in ("Laras Anindita", "Sekar Ayuningtyas", "Tegar Mahendra", "Yoga Permana")
    ]
    assert [d.person for d in run(p, off=["group_moves"], propose=True).departures] == []


def test_group_moves_reads_a_team_hired_and_a_group_closing_a_list_of_hires() -> None:
    team = prep(
        "Perburuan Talenta\n\nSetelah negosiasi panjang, Arunika Labs akhirnya memboyong tim"
        " inti Bentala Data pekan ini.\n"
    )
    groups = [(d.from_org, d.to_org) for d in run(team, propose=True).departures]
    # "memboyong tim inti X": a team hired with no quantity is a group, like "staf andalan X".
    assert groups == [("Bentala Data", "Arunika Labs")]
    listed = prep(
        "Perburuan Talenta\n\nArunika Labs bergerak cepat dengan merekrut CEO Bentala Data,"
        " Laras Anindita, bersama co-founder Yoga Permana dan sejumlah peneliti inti dari tim"
        " riset Bentala Data.\n"
    )
    ex = run(listed, propose=True)
    # The group closes the list the hiring verb opens: it went where the people went.
    assert [(d.from_org, d.to_org) for d in ex.departures if d.person is None] == [
        ("Bentala Data", "Arunika Labs")
    ]
    # A verb of its own between the list and the group ends the list.
    other = prep(listed.article.text.replace("dan sejumlah", "yang memuji sejumlah"))
    assert not [d for d in run(other, propose=True).departures if d.person is None]


def test_group_moves_reads_staff_possessed_by_the_one_that_brings_them() -> None:
    p = prep(
        "Perburuan Talenta\n\nSelain dua pendirinya, Arunika Labs juga membawa beberapa"
        " karyawannya untuk bekerja di Bentala Data, unit riset milik Cakra Neural.\n"
    )
    groups = [(d.from_org, d.to_org) for d in run(p, propose=True).departures]
    # "X membawa beberapa karyawannya untuk bekerja di Y": X's own staff, taken to Y.
    assert groups == [("Arunika Labs", "Bentala Data")]


def test_group_moves_reads_one_group_from_each_organisation_of_a_list() -> None:
    p = prep(
        "Eksodus Peneliti\n\nBeberapa karyawan dari Cakra Neural dan Bentala Data dilaporkan"
        " pindah ke Arunika Labs bulan ini.\n"
    )
    ex = run(p, propose=True)
    groups = sorted((d.from_org, d.to_org) for d in ex.departures if d.person is None)
    # "dari X dan Y": the one origin mark covers both organisations of the list.
    assert groups == [("Bentala Data", "Arunika Labs"), ("Cakra Neural", "Arunika Labs")]
    assert not any(c.rule == "orgs_from_grammar" for c in ex.meta.changed)


def test_group_moves_reads_a_noun_of_leaving_before_a_group_and_its_listed_members() -> None:
    p = prep(
        "Gelombang Keluar\n\nKeputusan itu menyusul pengunduran sejumlah eksekutif senior di Cakra"
        " Neural, termasuk kepala riset Wulan Prameswari.\n"
    )
    ex = run(p, propose=True)
    moves = sorted((d.person or "", d.from_org or "") for d in ex.departures)
    assert moves == [("", "Cakra Neural"), ("Wulan Prameswari", "Cakra Neural")]
    # No noun of leaving: executives named, no move.
    still = prep(p.clean.text.replace("pengunduran sejumlah", "rapat sejumlah"))
    assert run(still, propose=True).departures == []


def test_move_told_reads_the_one_a_passive_of_leaving_leaves_behind_as_no_mover() -> None:
    p = prep(
        "Ditinggal Penelitinya, Akibat Rani Kusuma Menutup Lab Visi\n\nCakra Neural juga"
        " ditinggal wakil direktur riset, Bayu Aji, bulan lalu.\n"
    )
    ex = run(
        p,
        [
            dep(sid(p, "Akibat"), "Rani Kusuma", "Cakra Neural"),
            dep(sid(p, "wakil direktur"), "Bayu Aji", "Cakra Neural"),
        ],
    )
    # "ditinggal B": B leaves; the one before the passive (or a name after a comma) is left.
    assert [d.person for d in ex.departures] == ["Bayu Aji"]
    assert dropped(ex) == ["move_told"]


def test_move_told_reads_no_move_in_a_quoted_sentence_beside_the_evidence() -> None:
    p = prep(
        "Kabar Cakra Neural\n\nWulan Prameswari, direktur riset di Cakra Neural, bercerita soal"
        " timnya. “Tim kami solid. Banyak yang bertanya cara keluar dari kontrak lama, tetapi kami"
        " bertahan,” tulisnya.\n"
    )
    s = sid(p, "Tim kami solid")
    ex = run(p, [dep(s, "Wulan Prameswari", "Cakra Neural")])
    # "keluar dari" inside her quote is what she wrote of others, not her move.
    assert ex.departures == [] and dropped(ex) == ["move_told"]


def test_group_moves_reads_no_group_that_does_not_leave() -> None:
    # Researchers presenting, students listening: groups, but no move.
    p = prep(
        GELOMBANG.article.text.split("Di kota lain")[0]
        .replace("mengancam mundur", "menggelar rapat")
        .replace("bakal pindah ke", "bertemu")
    )
    assert run(p, propose=True).departures == []
    assert run(GELOMBANG, off=["group_moves"], propose=True).departures == []


DAFTAR = prep(
    """Eksodus dari Cakra Neural

Dalam setahun terakhir Cakra Neural kehilangan belasan peneliti bahasa yang pindah ke perusahaan pesaing di Jakarta dan Bandung.

Beberapa peneliti yang hengkang antara lain:
-
Laras Anindita (Bentala Data)
-
Yoga Permana (Arunika Labs)
-
Sekar Ayuningtyas (perusahaan rintisan)

Perusahaan itu kini membuka lowongan baru untuk tim risetnya yang menyusut.
"""
)


def test_listed_movers_reads_each_item_of_a_list_of_movers() -> None:
    ex = run(DAFTAR, propose=True)
    people = [(d.person, d.from_org, d.to_org) for d in ex.departures if d.person]
    assert people == [
        ("Laras Anindita", "Cakra Neural", "Bentala Data"),
        ("Yoga Permana", "Cakra Neural", "Arunika Labs"),
        ("Sekar Ayuningtyas", "Cakra Neural", None),  # "perusahaan rintisan" is no organisation
    ]
    assert [c.rule for c in ex.meta.changed if c.field == "record" and "Laras" in c.after] == [
        "listed_movers"
    ]
    # An item is a short line, like a byline, but no byline: the model's own answer stands too.
    answered = run(DAFTAR, [dep(sid(DAFTAR, "Laras"), "Laras Anindita", "Cakra Neural")])
    assert [d.person for d in answered.departures] == ["Laras Anindita"]


def test_listed_movers_needs_an_intro_that_tells_a_move() -> None:
    text = DAFTAR.article.text.replace("yang hengkang antara lain", "yang hadir antara lain")
    assert [d.person for d in run(prep(text), propose=True).departures if d.person] == []
    off = run(DAFTAR, off=["listed_movers"], propose=True)
    assert [d.person for d in off.departures if d.person] == []


BERTAHAP = prep(
    """Kepergian di Bentala Data

Wulan Prameswari keluar dari Bentala Data pada Juli setelah tiga tahun memimpin tim data.

Kepergian itu mengejutkan banyak pihak di kantor pusat perusahaan.

Beberapa hari kemudian, Prameswari dilaporkan telah direkrut oleh Arunika Labs.

Sementara itu, Banyu Samudro bergabung dengan Cakra Neural pekan lalu.
"""
)


def test_destination_told_nearby_reads_where_the_mover_went_a_few_sentences_on() -> None:
    ex = run(BERTAHAP, [dep(sid(BERTAHAP, "keluar dari"), "Wulan Prameswari", "Bentala Data")])
    assert [(d.person, d.to_org) for d in ex.departures] == [("Wulan Prameswari", "Arunika Labs")]
    assert ("destination_told_nearby", "to_org") in changed(ex)


def test_destination_told_nearby_takes_no_one_elses_destination() -> None:
    text = BERTAHAP.article.text.replace("Prameswari dilaporkan telah direkrut oleh", "ia bertemu")
    p = prep(text)
    ex = run(p, [dep(sid(p, "keluar dari"), "Wulan Prameswari", "Bentala Data")])
    # Cakra Neural is where Banyu went, in his own sentence: not Wulan's destination.
    assert [(d.person, d.to_org) for d in ex.departures] == [("Wulan Prameswari", None)]


def test_a_move_word_starting_a_sentence_is_no_part_of_a_name() -> None:
    p = prep(
        """Kabar dari Cakra Neural

Kepergian Banyu Samudro dari Cakra Neural dikonfirmasi perusahaan pada Senin pagi kemarin.

Ia kini bekerja di tempat lain dan belum memberi komentar apa pun.
"""
    )
    names = {m.name for m in p.candidates.persons.mentions}
    assert "Banyu Samudro" in names and "Kepergian Banyu Samudro" not in names


def test_leader_stays_unless_leaving_reads_a_leaving_far_after_the_name() -> None:
    p = prep(
        """Pimpinan Bentala Data Pamit

Hendra Kusuma, CEO Bentala Data, mengumumkan pada Rabu bahwa dia telah memutuskan untuk meninggalkan perusahaan setelah enam tahun.

CEO Bentala Data, Hendra Kusuma, juga memuji tim yang membangun model bahasa itu bersama para peneliti yang bergabung tahun ini.
"""
    )
    ex = run(p, [dep(sid(p, "mengumumkan"), "Hendra Kusuma", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Hendra Kusuma"] and ex.meta.dropped == []
    # Far after the name, only a verb of leaving counts: the head who praises stays.
    q = prep(p.article.text.replace("memutuskan untuk meninggalkan", "memutuskan untuk memperluas"))
    praised = run(q, [dep(sid(q, "mengumumkan"), "Hendra Kusuma", "Bentala Data")])
    assert dropped(praised) == ["leader_stays_unless_leaving"]


def test_successor_not_mover_reads_an_appointee_named_in_the_sentence_before() -> None:
    p = prep(
        """Perombakan di Bentala Data

Kepala bisnis Sekar Ayuningtyas naik sebagai CEO sementara setelah para pendiri pergi.

Para pendiri dan peneliti kunci berangkat ke Arunika Labs, meninggalkan karyawan lain di kantor lama.
"""
    )
    ex = run(p, [dep(sid(p, "berangkat"), "Sekar Ayuningtyas", "Bentala Data", "Arunika Labs")])
    assert ex.departures == [] and dropped(ex) == ["successor_not_mover"]


def test_move_told_reads_no_move_of_a_person_in_the_noun_of_a_wave() -> None:
    p = prep(
        """Bentala Data Bersiap

Para petinggi Bentala Data, termasuk CEO Hendra Kusuma, menyiapkan strategi untuk mencegah eksodus lebih lanjut ke perusahaan lain.

Kepergian Wulan Prameswari dari Bentala Data pekan lalu memicu kekhawatiran di kantor.
"""
    )
    ex = run(p, [dep(sid(p, "mencegah"), "Hendra Kusuma", "Bentala Data")])
    assert ex.departures == [] and dropped(ex) == ["move_told"]
    # Right before a name, the noun tells that person's move.
    left = run(p, [dep(sid(p, "Kepergian"), "Wulan Prameswari", "Bentala Data")])
    assert [d.person for d in left.departures] == ["Wulan Prameswari"]


def test_pay_not_investment_reads_the_word_nearest_the_amount() -> None:
    p = prep(
        """Kesepakatan Besar

Arunika Labs menawarkan investasi US$40 juta ke Bentala Data dengan imbalan CEO-nya bergabung.

Arunika Labs membayar biaya lisensi sebesar US$15 juta kepada Cakra Neural tahun lalu.

Arunika Labs menawarkan gaji US$2 juta kepada Banyu Samudro di tengah gelombang investasi baru.
"""
    )
    ids = [money_id(p, n) for n in ("investasi US$40", "lisensi", "gaji US$2")]
    ex = run(p, offers=[offer(i, "Arunika Labs") for i in ids])
    assert [o.amount.max for o in ex.offers if o.amount] == [2_000_000]
    assert dropped(ex) == ["pay_not_investment", "pay_not_investment"]


def test_destination_near_move_keeps_the_destination_of_the_sentence_the_model_read() -> None:
    p = prep(
        """Empat Peneliti Pindah

Empat peneliti senior dari Cakra Neural memutuskan untuk bergabung dengan Arunika Labs bulan ini.

Keempatnya dikenal sebagai perancang model bahasa yang tekun dan disegani.

Tim mereka membangun sistem penerjemah yang kini dipakai banyak kantor.

Di antara mereka, Laras Anindita yang bergabung dengan Cakra Neural pada 2019 paling menonjol.
"""
    )
    # Cited at the lead; the evidence moves to the sentence naming Laras, far from Arunika Labs.
    ex = run(p, [dep(sid(p, "Empat peneliti"), "Laras Anindita", "Cakra Neural", "Arunika Labs")])
    assert [(d.person, d.to_org) for d in ex.departures] == [("Laras Anindita", "Arunika Labs")]
    assert ("mover_named_near", "sentence") in changed(ex)
    assert "destination_near_move" not in [r for r, _ in changed(ex)]


def test_destination_near_move_reads_an_alias_of_the_destination() -> None:
    p = prep(
        """Bagas Pindah

Bagas Wirasena, mantan peneliti Cakra Neural, kini memimpin riset di Bentala, kantornya di Medan.
"""
    )
    ex = run(p, [dep(sid(p, "Bagas"), "Bagas Wirasena", "Cakra Neural", "Bentala Data")])
    assert [d.to_org for d in ex.departures] == ["Bentala Data"]


KELANJUTAN = prep(
    """Bagas Pindah Kantor

Bagas Wirasena, kepala riset Lab Visi, memutuskan hengkang dari Cakra Neural.

Menurut rekan kerjanya, Bagas baru saja dipromosikan bulan lalu.

Namun, ia memilih meninggalkan kantor itu dan bergabung dengan Arunika Labs.

Yoga Permana, mantan insinyur Bentala Data, juga keluar dari Cakra Neural pada Mei.

Laras Anindita kini bergabung dengan Bentala Data sebagai peneliti.
"""
)


def test_destination_near_move_keeps_a_destination_told_with_ia_two_sentences_on() -> None:
    ex = run(
        KELANJUTAN,
        [dep(sid(KELANJUTAN, "hengkang dari"), "Bagas Wirasena", "Cakra Neural", "Arunika Labs")],
    )
    assert [(d.person, d.to_org) for d in ex.departures] == [("Bagas Wirasena", "Arunika Labs")]
    assert "destination_near_move" not in [r for r, _ in changed(ex)]


def test_destination_near_move_clears_a_former_employer_and_anothers_destination() -> None:
    s = sid(KELANJUTAN, "Yoga")
    # "mantan insinyur Bentala Data" is where Yoga came from; the next sentence is Laras's move.
    ex = run(
        KELANJUTAN,
        [dep(s, "Yoga Permana", "Cakra Neural", "Bentala Data")],
        off=["orgs_from_grammar"],
    )
    assert [(d.person, d.to_org) for d in ex.departures] == [("Yoga Permana", None)]
    assert changed(ex) == [("destination_near_move", "to_org")]


def test_destination_near_move_clears_a_backer_named_beside_the_mover() -> None:
    p = prep(
        """Kepergian di Cakra Neural

Sekar Ayuningtyas dikabarkan keluar dari Cakra Neural, perusahaan yang didukung Bentala Data, pekan ini.
"""
    )
    ex = run(p, [dep(sid(p, "Sekar"), "Sekar Ayuningtyas", "Cakra Neural", "Bentala Data")])
    assert [d.to_org for d in ex.departures] == [None]
    plain = p.article.text.replace(
        "perusahaan yang didukung Bentala Data", "lalu bergabung dengan Bentala Data"
    )
    kept = run(
        prep(plain),
        [dep(sid(prep(plain), "Sekar"), "Sekar Ayuningtyas", "Cakra Neural", "Bentala Data")],
    )
    assert [d.to_org for d in kept.departures] == ["Bentala Data"]


def test_move_told_reads_the_noun_of_a_move_with_its_possessive() -> None:
    p = prep(
        """Pamit dari Bentala Data

Laras Anindita, salah satu pendiri Bentala Data, mengumumkan kepergiannya pada hari Selasa lewat unggahan panjang.
"""
    )
    ex = run(p, [dep(sid(p, "Laras"), "Laras Anindita", "Bentala Data")])
    assert [d.person for d in ex.departures] == ["Laras Anindita"]
    bare = prep(p.article.text.replace("mengumumkan kepergiannya", "mengumumkan rencananya"))
    assert run(bare, [dep(sid(bare, "Laras"), "Laras Anindita", "Bentala Data")]).departures == []


def test_move_told_reads_a_noun_of_leaving_the_subject_possesses() -> None:
    p = prep(
        """Dua Pendiri Pamit

Pendiri Bentala Data Laras Anindita dan Yoga Permana mengkonfirmasi kepergian mereka pekan ini.
"""
    )
    cited = sid(p, "mengkonfirmasi")
    ex = run(p, [dep(cited, n, "Bentala Data") for n in ("Laras Anindita", "Yoga Permana")])
    assert [d.person for d in ex.departures] == ["Laras Anindita", "Yoga Permana"]
    # Someone else's leaving ("kepergian itu") or a hire ("perekrutan mereka") is no move of theirs.
    for other in ("kepergian itu", "perekrutan mereka"):
        q = prep(p.article.text.replace("kepergian mereka", other))
        assert (
            run(q, [dep(sid(q, "mengkonfirmasi"), "Laras Anindita", "Bentala Data")]).departures
            == []
        )


DAFTAR_KALIMAT = prep(
    """Gelombang Pamit di Cakra Neural

Sejak Juli sedikitnya tujuh orang resmi keluar dari Cakra Neural.

Sejumlah nama besar yang mundur antara lain:
-
Laras Anindita – Bergabung 2021, keluar Agustus lalu untuk pindah ke Bentala Data.
-
Yoga Permana – Setelah sembilan tahun di kantor itu, kini menulis buku.

Perusahaan itu kini membuka lowongan baru.
"""
)


def test_listed_movers_reads_items_that_tell_the_move_in_a_clause() -> None:
    ex = run(DAFTAR_KALIMAT, propose=True)
    people = [(d.person, d.from_org, d.to_org) for d in ex.departures if d.person]
    assert people == [
        ("Laras Anindita", "Cakra Neural", "Bentala Data"),
        ("Yoga Permana", "Cakra Neural", None),
    ]
    # Without a move word in the intro the lines are no list of movers.
    quiet = prep(DAFTAR_KALIMAT.article.text.replace("yang mundur", "yang hadir"))
    assert [d.person for d in run(quiet, propose=True).departures if d.person] == []


SAMBIL_LALU = prep(
    """Gelombang Pamit di Cakra Neural

Laras Anindita mengumumkan pengunduran dirinya dari Cakra Neural pada Jumat.

Ia menyusul Yoga Permana dan Sekar Ayuningtyas, yang juga keluar dari Cakra Neural tahun ini.

Baik Laras maupun Yoga dikenal sebagai peneliti yang tekun.

Lewat akun media sosial milik Hendra Kusuma, ia menceritakan keputusannya untuk mundur dari Cakra Neural.

Perusahaan milik Rina Hapsari keluar dari Bentala Data.

Tegar Mahendra, peneliti tamu di kampus itu, mengancam akan keluar dari Bentala Data.

Dimas Hartawan bertemu mahasiswa di Bandung.
"""
)


def test_told_moves_reads_people_whose_leaving_is_told_in_passing() -> None:
    # The model answered only Laras; code reads Yoga and Sekar, and Tegar's threat.
    ex = run(
        SAMBIL_LALU,
        [dep(sid(SAMBIL_LALU, "Laras Anindita"), "Laras Anindita", "Cakra Neural")],
        propose=True,
    )
    people = {(d.person, d.from_org, d.status) for d in ex.departures}
    assert ("Laras Anindita", "Cakra Neural", "completed") in people
    assert ("Yoga Permana", "Cakra Neural", "completed") in people
    assert ("Sekar Ayuningtyas", "Cakra Neural", "completed") in people
    assert ("Tegar Mahendra", "Bentala Data", "threatened") in people
    assert "Dimas Hartawan" not in {p for p, _, _ in people}
    # Someone else's leaving ("..., ia ... mundur") and an owner ("milik X") tell no move of theirs.
    assert not {"Hendra Kusuma", "Rina Hapsari"} & {p for p, _, _ in people}
    assert [c.after for c in ex.meta.changed if c.rule == "told_moves"] != []
    # "Baik Laras maupun Yoga": "Baik" opens the phrase, it is no one's first name.
    assert not any((d.person or "").startswith("Baik") for d in ex.departures)


def test_told_moves_needs_one_organisation_left() -> None:
    off = run(SAMBIL_LALU, off=["told_moves"], propose=True)
    assert [d.person for d in off.departures if d.person] == []
    # Two organisations marked as left ("mantan peneliti X", "keluar dari Y"): unclear which.
    two = prep(
        SAMBIL_LALU.article.text.replace(
            "Yoga Permana dan Sekar Ayuningtyas, yang juga keluar",
            "Yoga Permana, mantan peneliti Bentala Data, yang juga keluar",
        )
    )
    assert "Yoga Permana" not in [d.person for d in run(two, propose=True).departures]


@pytest.mark.parametrize(
    ("sentence", "move"),
    [
        # No mark names the organisation left; the title beside the name does.
        ("CEO Bentala Data Banyu Samudro mengundurkan diri pada Senin.", ("Bentala Data", None)),
        (
            "Kepala riset Bentala Data Banyu Samudro hengkang ke Arunika Labs.",
            ("Bentala Data", "Arunika Labs"),
        ),
        (
            "Banyu Samudro, salah satu manajer riset Bentala Data, keluar pekan lalu untuk"
            " bergabung dengan Arunika Labs.",
            ("Bentala Data", "Arunika Labs"),
        ),
        ("CEO Bentala Data Banyu Samudro menyatakan mundur pada Senin.", ("Bentala Data", None)),
        # A leaving told after a verb of speech is what they said, not their move.
        ("Juru bicara Bentala Data Banyu Samudro mengatakan tidak ada yang keluar.", None),
        # The title names two organisations: unclear which was left.
        ("Banyu Samudro, CEO Bentala Data dan Arunika Labs, mengundurkan diri.", None),
    ],
)
def test_told_moves_reads_the_organisation_of_the_title_beside_the_name(
    sentence: str, move: tuple[str, str | None] | None
) -> None:
    ex = run(prep(f"Kabar Industri\n\n{sentence}\n"), propose=True)
    found = [(d.from_org, d.to_org) for d in ex.departures if d.person == "Banyu Samudro"]
    assert found == ([move] if move else [])


@pytest.mark.parametrize(
    ("sentence", "move"),
    [
        (
            "Sebelum bergabung dengan Arunika Labs, Banyu Samudro lama bekerja di Bentala Data.",
            ("Bentala Data", "Arunika Labs"),
        ),
        (
            "Sebelum bergabung dengan Arunika Labs, Banyu Samudro menjabat CEO Bentala Data selama"
            " lima tahun.",
            ("Bentala Data", "Arunika Labs"),
        ),
        # An organisation the person's clause does not place them at is no origin.
        (
            "Sebelum bergabung dengan Arunika Labs, Banyu Samudro sempat menolak tawaran Bentala"
            " Data.",
            None,
        ),
    ],
)
def test_joined_after_post_reads_the_post_held_before_a_join(
    sentence: str, move: tuple[str, str] | None
) -> None:
    ex = run(prep(f"Kabar Industri\n\n{sentence}\n"), propose=True)
    found = [(d.from_org, d.to_org) for d in ex.departures if d.person == "Banyu Samudro"]
    assert found == ([move] if move else [])
    if move:
        assert ("joined_after_post", "record") in changed(ex)


def test_a_career_link_code_reads_is_kept_beside_the_models_record() -> None:
    p = prep(
        "Kabar Industri\n\nBanyu Samudro kini hengkang dari Arunika Labs ke Cakra Neural.\n\n"
        "Sebelum bergabung dengan Arunika Labs pada 2019, Banyu Samudro bekerja di Bentala Data.\n"
    )
    s = sid(p, "hengkang")
    ex = run(p, [dep(s, "Banyu Samudro", "Arunika Labs", "Cakra Neural")], propose=True)
    moves = {(d.from_org, d.to_org) for d in ex.departures if d.person == "Banyu Samudro"}
    # The earlier link ends where the model's record starts: a move of its own.
    assert moves == {("Arunika Labs", "Cakra Neural"), ("Bentala Data", "Arunika Labs")}
    # A second model answer about the same person is still one record.
    twice = run(
        p,
        [
            dep(s, "Banyu Samudro", "Arunika Labs", "Cakra Neural"),
            dep(sid(p, "Sebelum"), "Banyu Samudro", "Bentala Data", "Arunika Labs"),
        ],
        off=["joined_after_post"],
        propose=True,
    )
    assert [d.person for d in twice.departures].count("Banyu Samudro") == 1
    assert "one_record_per_person" in dropped(twice)


@pytest.mark.parametrize(
    ("sentence", "move"),
    [
        # A past join in a relative clause is the move from the organisation marked as left.
        (
            "Banyu Samudro, yang bergabung dengan Arunika Labs dari Bentala Data tiga tahun lalu,"
            " kini menulis buku.",
            ("Bentala Data", "Arunika Labs"),
        ),
        (
            "Banyu Samudro, mantan peneliti Bentala Data, yang bergabung dengan Arunika Labs tiga"
            " tahun lalu, kini menulis buku.",
            ("Bentala Data", "Arunika Labs"),
        ),
        # With a later move told, the past join is where they left from.
        (
            "Banyu Samudro, yang bergabung dengan Arunika Labs pada 2019, kini keluar dari Arunika"
            " Labs.",
            ("Arunika Labs", None),
        ),
    ],
)
def test_read_move_takes_a_past_join_as_the_destination_of_the_origin_told(
    sentence: str, move: tuple[str, str | None]
) -> None:
    p = prep(f"Kabar Industri\n\n{sentence}\n")
    ex = run(p, [dep(sid(p, "Banyu"), "Banyu Samudro", move[0])])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [move]


def test_told_moves_gives_two_titled_subjects_their_shared_verb() -> None:
    # "A dan <title> B keluar": the capitalised title between joins one list, as "dan" does.
    text = (
        "Kabar Industri\n\nDirektur Bentala Data Banyu Samudro dan Wakil Presiden Sekar"
        " Ayuningtyas keluar dari Bentala Data pada Rabu.\n"
    )
    people = {d.person for d in run(prep(text), propose=True).departures}
    assert people == {"Banyu Samudro", "Sekar Ayuningtyas"}
    # A title in lowercase words stays as it was read: a list too.
    lower = prep(text.replace("Wakil Presiden Sekar", "wakil presiden Sekar"))
    assert {d.person for d in run(lower, propose=True).departures} == people


@pytest.mark.parametrize(
    ("sentence", "move"),
    [
        (
            "Banyu Samudro, manajer riset Bentala Data, pergi untuk bergabung dengan Arunika Labs.",
            ("Bentala Data", "Arunika Labs"),
        ),
        ("Banyu Samudro pergi dari Bentala Data setelah lima tahun.", ("Bentala Data", None)),
        # "pergi" alone may be a trip, not a move.
        ("Banyu Samudro, manajer riset Bentala Data, pergi ke Jepang pekan lalu.", None),
    ],
)
def test_told_moves_reads_going_only_in_its_leaving_phrases(
    sentence: str, move: tuple[str, str | None] | None
) -> None:
    ex = run(prep(f"Kabar Industri\n\n{sentence}\n"), propose=True)
    found = [(d.from_org, d.to_org) for d in ex.departures if d.person == "Banyu Samudro"]
    assert found == ([move] if move else [])


ANGGOTA = prep(
    """Pindah Bersama

Laras Anindita hanyalah satu dari beberapa peneliti Cakra Neural yang pindah ke Bentala Data tahun ini.

Di antaranya ada Yoga Permana (mantan kepala riset), Sekar Ayuningtyas, dan Tegar Mahendra.

Kantor itu kini membuka lowongan baru.
"""
)


BERGABUNG = prep(
    """Gelombang Kepindahan Peneliti Kecerdasan Buatan

Enam insinyur muda meninggalkan Cakra Neural dan bergabung dengan tim riset baru Bentala Data.

Keberhasilan Arunika Labs dalam menarik sejumlah insinyur dari Bentala Data mengejutkan pasar.

Pekan ini, sedikitnya lima insinyur Arunika Labs dikabarkan ikut bergabung ke Cakra Neural.
"""
)


def test_group_moves_reads_the_verb_and_the_unit_around_a_group() -> None:
    ex = run(BERGABUNG, propose=True)
    groups = {(d.from_org, d.to_org, d.status) for d in ex.departures if d.person is None}
    assert groups == {
        # "meninggalkan X" marks the origin; "tim riset baru Y" is Y's unit.
        ("Cakra Neural", "Bentala Data", "completed"),
        # A verb of attracting right before the group: hired by the sentence's subject.
        ("Bentala Data", "Arunika Labs", "completed"),
        # Staff of one organisation joining another left theirs; relayed, so reported.
        ("Arunika Labs", "Cakra Neural", "reported"),
    }
    # "dua peneliti muda, A dan B": the members named are the records, not the group.
    named = prep(
        "Kepindahan Peneliti Kecerdasan Buatan\n\nPekan lalu dua peneliti muda, Yoga Permana dan"
        " Sekar Ayuningtyas, juga meninggalkan Arunika Labs.\n"
    )
    assert [d for d in run(named, propose=True).departures if d.person is None] == []
    # "menarik" is no hiring verb without a group right after it.
    plain = prep(
        BERGABUNG.article.text.replace("menarik sejumlah insinyur", "menarik minat investor")
    )
    assert ("Bentala Data", "Arunika Labs") not in {
        (d.from_org, d.to_org) for d in run(plain, propose=True).departures
    }


def test_group_moves_reads_keduanya_adalah_and_a_group_gone_pergi() -> None:
    text = (
        "Perombakan Kecerdasan Buatan\n\nSebelum itu, dua pimpinan di Cakra Neural telah lebih"
        " dulu pergi. Keduanya adalah Yoga Permana, kepala riset Cakra Neural, dan Sekar"
        " Ayuningtyas, VP produk.\n"
    )
    ex = run(prep(text), propose=True)
    moves = {(d.person, d.from_org, d.to_org) for d in ex.departures}
    # "pergi" tells a group's move, though no one's alone; the members follow its move, a
    # head of the organisation among them.
    assert moves == {
        (None, "Cakra Neural", None),
        ("Yoga Permana", "Cakra Neural", None),
        ("Sekar Ayuningtyas", "Cakra Neural", None),
    }
    # Without the member intro the two are only named: no move of theirs.
    plain = prep(text.replace("Keduanya adalah", "Kemarin hadir"))
    assert {d.person for d in run(plain, propose=True).departures} == {None}


def test_member_joins_hirer_gives_a_hired_groups_members_the_hirer() -> None:
    text = (
        "Perburuan Talenta Kecerdasan Buatan\n\nCEO Bentala Data Hendra Kusuma bergerak cepat."
        " Dalam sebulan, ia membajak beberapa tokoh andal dari perusahaan pesaing. Mereka"
        " adalah Yoga Permana, ilmuwan Cakra Neural; dan Sekar Ayuningtyas, peneliti Arunika"
        " Labs.\n"
    )
    p = prep(text)
    answers = [
        dep(sid(p, "Mereka adalah"), "Yoga Permana", "Cakra Neural"),
        dep(sid(p, "Mereka adalah"), "Sekar Ayuningtyas", "Arunika Labs"),
    ]
    ex = run(p, answers)
    moves = {(d.person, d.from_org, d.to_org) for d in ex.departures}
    # "ia" is Hendra Kusuma, whom the article titles CEO of Bentala Data: the members' hirer.
    assert moves == {
        ("Yoga Permana", "Cakra Neural", "Bentala Data"),
        ("Sekar Ayuningtyas", "Arunika Labs", "Bentala Data"),
    }
    assert {c.rule for c in ex.meta.changed if c.field == "to_org"} == {"member_joins_hirer"}
    off = run(p, answers, off=["member_joins_hirer"])
    assert {d.to_org for d in off.departures} == {None}
    # A group that was not hired ("bertemu") has no hirer to give.
    met = prep(text.replace("ia membajak", "ia bertemu"))
    ex2 = run(met, [dep(sid(met, "Mereka adalah"), "Yoga Permana", "Cakra Neural")])
    assert {d.to_org for d in ex2.departures} <= {None}


MEREKA_ANTARA_LAIN = """Perburuan Talenta Kecerdasan Buatan

Arus keluar dari Cakra Neural belum berhenti. Sejak Maret, sedikitnya lima insinyur Cakra Neural juga berpindah ke Bentala Data. Mereka antara lain:
-
Yoga Permana
-
Sekar Ayuningtyas
-
Tegar Mahendra
Ketiganya dulu bertugas di kantor Cakra Neural di Medan.
"""


def test_listed_movers_reads_a_member_intro_after_a_groups_move() -> None:
    ex = run(prep(MEREKA_ANTARA_LAIN), propose=True)
    people = {(d.person, d.from_org, d.to_org) for d in ex.departures if d.person}
    # "Mereka antara lain:" lists the group the sentence before tells: its two ends are theirs.
    assert people == {
        (name, "Cakra Neural", "Bentala Data")
        for name in ("Yoga Permana", "Sekar Ayuningtyas", "Tegar Mahendra")
    }
    # A line that only names people after a sentence with no group's move lists no movers.
    still = prep(MEREKA_ANTARA_LAIN.replace("juga berpindah ke", "juga bertemu tim"))
    assert {d.person for d in run(still, propose=True).departures if d.person} == set()


def test_group_moves_gives_a_group_in_a_sentence_naming_no_organisation_the_storys_one() -> None:
    text = (
        "Eksodus Kecerdasan Buatan di Cakra Neural\n\nCakra Neural membangun lab baru tahun ini,"
        " dan Cakra Neural merekrut banyak orang.\n\nPekan ini, sedikitnya empat insinyur AI"
        " memilih mundur dari sana.\n"
    )
    moves = {(d.person, d.from_org) for d in run(prep(text), propose=True).departures}
    assert (None, "Cakra Neural") in moves
    # A place named there ("meninggalkan Jakarta") says where they left: no organisation.
    moved = prep(text.replace("memilih mundur dari sana", "memilih meninggalkan Jakarta"))
    assert (None, "Cakra Neural") not in {
        (d.person, d.from_org) for d in run(moved, propose=True).departures
    }


def test_orgs_from_grammar_reads_a_short_stay_as_the_organisation_left() -> None:
    text = (
        "Peneliti Kecerdasan Buatan Kembali\n\nLaras Anindita turut kembali ke Bentala Data"
        " setelah cuma sebentar di Cakra Neural.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "sebentar"), "Laras Anindita", "Bentala Data")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Bentala Data")]


def test_group_moves_gives_the_members_named_after_a_group_its_move() -> None:
    ex = run(ANGGOTA, propose=True)
    people = {(d.person, d.from_org, d.to_org) for d in ex.departures if d.person}
    for name in ("Yoga Permana", "Sekar Ayuningtyas", "Tegar Mahendra"):
        assert (name, "Cakra Neural", "Bentala Data") in people
    # Without a member intro the next sentence's names are no members.
    plain = prep(ANGGOTA.article.text.replace("Di antaranya ada", "Kemarin bertemu"))
    assert not {d.person for d in run(plain, propose=True).departures} & {"Yoga Permana"}


CUTI_TEXT = """Perombakan di Cakra Neural

Presiden Cakra Neural Laras Anindita mengambil cuti panjang setelah enam tahun bekerja di perusahaan itu.

Yoga Permana, yang dulu memimpin riset, kini beralih ke posisi kepala arsitek di Cakra Neural.

Setelah cuti panjang, Sekar Ayuningtyas akhirnya mengundurkan diri dari Cakra Neural.

Kabar hengkangnya Anindita lebih dulu diberitakan media setempat.
"""


def test_leave_is_no_departure_drops_someone_on_leave() -> None:
    p = prep(CUTI_TEXT)  # prepared here: the invented org table is set for the tests only
    s = sid(p, "hengkangnya")
    ex = run(p, [dep(s, "Laras Anindita", "Cakra Neural")])
    assert ex.departures == [] and dropped(ex) == ["leave_is_no_departure"]
    # A leave and then a leaving verb in the same part is a departure.
    left = run(p, [dep(sid(p, "Sekar"), "Sekar Ayuningtyas", "Cakra Neural")])
    assert [d.person for d in left.departures] == ["Sekar Ayuningtyas"]
    off = run(p, [dep(s, "Laras Anindita", "Cakra Neural")], off=["leave_is_no_departure"])
    assert [d.person for d in off.departures] == ["Laras Anindita"]


def test_new_post_is_no_departure_drops_a_new_post_inside_the_organisation() -> None:
    p = prep(CUTI_TEXT)
    ex = run(p, [dep(sid(p, "Yoga"), "Yoga Permana", "Cakra Neural")])
    assert ex.departures == [] and dropped(ex) == ["new_post_is_no_departure"]
    moved = prep(
        CUTI_TEXT.replace(
            "kini beralih ke posisi kepala arsitek di Cakra Neural",
            "keluar dari Cakra Neural dan kini beralih ke posisi kepala arsitek di Bentala Data",
        )
    )
    kept = run(moved, [dep(sid(moved, "Yoga"), "Yoga Permana", "Cakra Neural", "Bentala Data")])
    assert [(d.person, d.to_org) for d in kept.departures] == [("Yoga Permana", "Bentala Data")]


SALIN = """Eksodus di Cakra Neural

Cakra Neural kehilangan dua pendiri dalam sepekan, dan Cakra Neural belum memberi tanggapan.

Laras Anindita, seorang dosen dari Universitas Tanjung Biru, mengumumkan pengunduran dirinya pada Selasa.

Ia dikenal sebagai perancang model bahasa yang tekun.

Kantor pusatnya berada di Bandung sejak 2019.

Perusahaan itu juga ditinggalkan Yoga Permana dan Sekar Ayuningtyas bulan lalu.

Menurut Cakra Neural, tim riset tetap berjalan.
"""


def test_origin_told_of_mover_drops_an_origin_copied_from_another_persons_sentence() -> None:
    p = prep(SALIN)
    s = sid(p, "ditinggalkan")
    ex = run(
        p,
        [
            dep(s, "Yoga Permana", "Universitas Tanjung Biru"),
            dep(s, "Sekar Ayuningtyas", "Cakra Neural"),
        ],
    )
    # The university is told of Laras only; the lab the story is about is told of everyone.
    assert [(d.person, d.from_org) for d in ex.departures] == [
        ("Sekar Ayuningtyas", "Cakra Neural")
    ]
    assert "origin_told_of_mover" in dropped(ex)
    own = run(p, [dep(sid(p, "dosen"), "Laras Anindita", "Universitas Tanjung Biru")])
    assert [d.person for d in own.departures] == ["Laras Anindita"]


def test_every_rule_has_a_test_here() -> None:
    source = Path(__file__).read_text("utf-8")
    missing = [n for n in R.rule_names() if f"def test_{n}_" not in source]
    assert missing == []


def test_a_rule_switched_off_changes_the_outcome() -> None:
    answer = dep(sid(KABAR, "Tegar"), "Tegar Mahendra", "Cakra Neural")
    assert run(KABAR, [answer]).departures == []
    # Two rules drop the recruiter (move_told first): off together, he is kept.
    assert dropped(run(KABAR, [answer], off=["move_told"])) == ["recruiter_not_mover"]
    kept = run(KABAR, [answer], off=["move_told", "recruiter_not_mover"])
    assert [d.person for d in kept.departures] == ["Tegar Mahendra"]
    assert kept.meta.dropped == []
    m = money_id(GAJI, "menolak")
    status_kept = run(GAJI, offers=[offer(m, "Bentala Data")], off=["refusal_is_rejected"])
    assert [o.status for o in status_kept.offers] == ["offered"]


def test_rules_off_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENT_EXTRACT_RULES_OFF", "move_told, recruiter_not_mover")
    assert R.disabled_rules() == {"move_told", "recruiter_not_mover"}
    assert R.disabled_rules([]) == frozenset()  # an explicit value wins over the environment
    monkeypatch.setenv("TALENT_EXTRACT_RULES_OFF", "")
    assert R.disabled_rules() == frozenset()


def test_an_unknown_rule_name_raises() -> None:
    with pytest.raises(ValueError, match=r"unknown rule\(s\) \['recruiter_not_mvoer'\]"):
        R.disabled_rules(["recruiter_not_mvoer"])
    # Through extract it is a configuration error, before any backend is looked at.
    with pytest.raises(ConfigurationError, match="unknown rule"):
        extract(KABAR.article, rules_off=["no_such_rule"], gate=False)


def test_rules_run_in_order_and_stop_at_the_first_drop() -> None:
    names = R.rule_names()
    assert len(names) == len(set(names))
    checks = [r.name for r in R.RULES if r.stage == "record"]
    assert checks.index("evidence_sentence") == 0  # later rules index the cited sentence
    # An organisation cited with an unknown id: the first rule drops it, no other is consulted.
    ex = run(KABAR, [dep("S99", "Cakra Neural", "Cakra Neural")])
    assert dropped(ex) == ["evidence_sentence"] and ex.meta.changed == []


# --------------------------------------------------------------------------- RULES_VERSION


def _package_copy(tmp_path: Path) -> Path:
    root = Path(talent_extract.__file__).parent
    copy = tmp_path / "talent_extract"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _flip_one_byte(path: Path, needle: bytes) -> None:
    data = path.read_bytes()
    at = data.index(needle)
    path.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :])


def test_rules_version_is_the_hash_of_the_installed_rules(tmp_path: Path) -> None:
    assert re.fullmatch(r"[0-9a-f]{12}", R.RULES_VERSION)
    assert R._rules_version() == R.RULES_VERSION
    assert R._rules_version(_package_copy(tmp_path)) == R.RULES_VERSION
    assert run(KABAR).meta.rules_version == R.RULES_VERSION


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("ground/departure_rules.py", b"gap=40"),  # a rule's code
        ("find/candidates.py", b"def find_candidates"),  # code the rules read through
        ("data/cues_id.json", b'"hengkang"'),  # a word list
        ("data/orgs.json", b'"prefixes"'),
    ],
)
def test_rules_version_changes_with_one_byte_of_a_rule_or_a_data_file(
    tmp_path: Path, path: str, needle: bytes
) -> None:
    copy = _package_copy(tmp_path)
    _flip_one_byte(copy / path, needle)
    assert R._rules_version(copy) != R.RULES_VERSION


def test_rules_version_ignores_files_outside_the_rules(tmp_path: Path) -> None:
    copy = _package_copy(tmp_path)
    (copy / "ground" / "notes.txt").write_text("not code")  # neither .py nor .json
    _flip_one_byte(copy / "cli.py", b"def ")  # outside ground/, find/ and data/
    assert R._rules_version(copy) == R.RULES_VERSION


def test_the_cli_lists_every_rule_in_order_and_the_readme_names_each() -> None:
    from typer.testing import CliRunner

    from talent_extract.cli import app

    out = CliRunner().invoke(app, ["rules"]).stdout
    listed = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert listed[:-1] == R.rule_names() and listed[-1] == "rules"
    # A proposer and a set rule say their stage: they add records, or compare them.
    assert "group_moves  [departure, propose]" in out and "offer_told_once  [offer, set]" in out
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert [n for n in R.rule_names() if f"`{n}`" not in readme] == []


TERSEBUT = """Bentala Data Kehilangan Peneliti

Bentala Data didirikan Bagas Wirasena pada 2019 dan kini mempekerjakan dua ratus orang.

Sekar Ayuningtyas dari Arunika Labs memuji tim riset yang dipimpin Dimas Saputra sejak 2021.

Dimas Saputra juga telah meninggalkan perusahaan kecerdasan buatan milik Bagas tersebut pekan lalu.

Sekar Ayuningtyas meninggalkan perusahaan sepanjang tahun ini untuk mengajar.
"""


def test_origin_by_description_reads_the_company_named_before() -> None:
    p = prep(TERSEBUT)
    s = sid(p, "milik Bagas")
    ex = run(p, [dep(s, "Dimas Saputra", "Arunika Labs")])
    # "perusahaan ... milik Bagas tersebut" stands for the lab the article is about, named in
    # the sentences before; the owner's name inside the description is part of the mover's
    # predicate, not a new subject.
    assert [(d.person, d.from_org) for d in ex.departures] == [("Dimas Saputra", "Bentala Data")]
    assert ("origin_by_description", "from_org") in changed(ex)
    # "sepanjang tahun ini": the demonstrative closes a time phrase, not a description.
    t = sid(p, "sepanjang")
    plain = run(p, [dep(t, "Sekar Ayuningtyas", "Arunika Labs")])
    assert ("origin_by_description", "from_org") not in changed(plain)


MILIK = """Peneliti Cakra Neural Pindah

Peneliti Cakra Neural, Bagas Wirasena, dikabarkan akan bergabung dengan lab riset baru milik Bentala Data.

Laras Anindita bergabung dengan Arunika Labs milik Bentala Data bulan lalu.
"""


def test_orgs_from_grammar_reads_the_owner_of_a_joined_unit_as_the_destination() -> None:
    p = prep(MILIK)
    ex = run(p, [dep(sid(p, "lab riset"), "Bagas Wirasena", "Cakra Neural")])
    # A unit written in lowercase words, then "milik X": they joined X.
    assert [(d.person, d.to_org) for d in ex.departures] == [("Bagas Wirasena", "Bentala Data")]
    assert ("orgs_from_grammar", "to_org") in changed(ex)
    # A named organisation before "milik" is itself the destination; its owner is not.
    named = run(p, [dep(sid(p, "Laras"), "Laras Anindita", "Cakra Neural", "Bentala Data")])
    assert [d.to_org for d in named.departures] == ["Arunika Labs"]


def test_told_moves_reads_a_tenure_as_the_organisation_left() -> None:
    p = prep(
        "Veteran Cakra Neural Pindah\n\n"
        "Salah satu veteran, Yudha Prasetya, memutuskan hengkang setelah 12 tahun di Cakra Neural "
        "untuk bergabung dengan Arunika Labs.\n\n"
        "Laras Anindita tetap bekerja di Bentala Data setelah lima tahun di sana.\n"
    )
    ex = run(p, propose=True)
    # "setelah 12 tahun di X" is where they were: with a leaving verb, X is the origin.
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Yudha Prasetya", "Cakra Neural", "Arunika Labs")
    ]


SELAIN = """Arunika Labs Rekrut Tiga Insinyur

Arunika Labs telah merekrut tiga insinyur, termasuk Bagas Wirasena, mantan kepala riset di Cakra Neural, untuk tim barunya.

Selain Bagas, ada Laras Anindita (mantan insinyur Bentala Data) dan Yudha Prasetya (mantan peneliti Cakra Neural).

Sekar Ayuningtyas, yang memuji Bagas, tetap di Bentala Data.
"""


def test_destination_near_move_keeps_the_destination_of_members_listed_besides_a_mover() -> None:
    p = prep(SELAIN)
    s = sid(p, "Selain Bagas")
    ex = run(
        p,
        [
            dep(s, "Laras Anindita", "Bentala Data", "Arunika Labs"),
            dep(s, "Yudha Prasetya", "Cakra Neural", "Arunika Labs"),
        ],
    )
    # "Selain A, ada B (...) dan C (...)": B and C share A's move, told the sentence before.
    assert [(d.person, d.to_org) for d in ex.departures] == [
        ("Laras Anindita", "Arunika Labs"),
        ("Yudha Prasetya", "Arunika Labs"),
    ]
    # Someone who is not listed besides the mover gets no destination from it.
    other = run(p, [dep(sid(p, "Sekar"), "Sekar Ayuningtyas", "Bentala Data", "Arunika Labs")])
    assert [d.to_org for d in other.departures] in ([None], [])


PENDIRI = """Arunika Labs Rekrut Peneliti Bentala Data

Arunika Labs merekrut kembali dua peneliti senior dari Bentala Data, termasuk startup yang didirikan oleh Laras Anindita.

Kesempatan ini bisa menjadi momentum bagi Laras untuk mengonstruksikan kembali strategi bisnis.

Cakra Neural, yang didirikan oleh Bagas Wirasena, mantan kepala riset Bentala Data, tumbuh pesat.
"""


def test_owner_is_no_mover_drops_a_founder_named_beside_a_hire() -> None:
    p = prep(PENDIRI)
    ex = run(
        p, [dep(sid(p, "didirikan oleh Laras"), "Laras Anindita", "Bentala Data", "Arunika Labs")]
    )
    # Named only as the founder of the lab that lost people ("kembali" after a verb is
    # "again", not a return): not a mover.
    assert ex.departures == []
    assert "owner_is_no_mover" in dropped(ex)
    # A founder named with a past role ("didirikan oleh A, mantan kepala riset X") left X.
    founder = run(
        p, [dep(sid(p, "Cakra Neural, yang"), "Bagas Wirasena", "Bentala Data", "Cakra Neural")]
    )
    assert [d.person for d in founder.departures] == ["Bagas Wirasena"]


def test_recruiter_not_mover_reads_past_adverbs_before_the_verb() -> None:
    p = prep(
        "Arunika Labs Memburu Peneliti\n\n"
        "Sekar Ayuningtyas sedang berusaha keras merekrut peneliti terbaik untuk Arunika Labs.\n"
    )
    ex = run(
        p,
        [dep(sid(p, "berusaha keras"), "Sekar Ayuningtyas", "Cakra Neural", "Arunika Labs")],
        off=["move_told"],  # which drops her first: the verb after her name is no move of hers
    )
    # "X sedang berusaha keras merekrut ...": X hires; the adverbs do not make X a mover.
    assert ex.departures == []
    assert "recruiter_not_mover" in dropped(ex)


DAFTAR_NAMA = """Arunika Labs Menarik Peneliti

Tak hanya Bagas, Arunika Labs juga berhasil menarik beberapa mantan peneliti Cakra Neural seperti:

Laras Anindita

Yudha Prasetya

Sekar Ayuningtyas

Para peneliti itu mulai bekerja bulan depan.
"""


def test_listed_movers_reads_bare_names_under_a_past_role_intro() -> None:
    p = prep(DAFTAR_NAMA)
    ex = run(p, propose=True)
    # "berhasil menarik beberapa mantan peneliti X seperti:" then one name per line: each left
    # X for the one that drew them, as the intro tells.
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Laras Anindita", "Cakra Neural", "Arunika Labs"),
        ("Yudha Prasetya", "Cakra Neural", "Arunika Labs"),
        ("Sekar Ayuningtyas", "Cakra Neural", "Arunika Labs"),
    ]


def test_group_moves_proposes_the_members_a_group_sentence_lists_further_on() -> None:
    p = prep(
        "Arunika Labs Memboyong Peneliti\n\n"
        "Arunika Labs berhasil merekrut sekitar lima hingga enam insinyur Cakra Neural, "
        "termasuk nama-nama besar seperti Laras Anindita, Yudha Prasetya, dan Sekar Ayuningtyas.\n"
    )
    ex = run(p, propose=True)
    # A range is one quantity; the names after "termasuk ... seperti" share the group's move.
    moves = {(d.person, d.from_org, d.to_org) for d in ex.departures}
    assert {
        ("Laras Anindita", "Cakra Neural", "Arunika Labs"),
        ("Yudha Prasetya", "Cakra Neural", "Arunika Labs"),
        ("Sekar Ayuningtyas", "Cakra Neural", "Arunika Labs"),
    } <= moves


def test_hired_moves_reads_the_object_of_a_hiring_verb_with_an_org_the_article_introduces() -> None:
    # "Lentera" is in no org table: the article introduces it ("startup AI Lentera", "CEO
    # Lentera"), so the grammar around it is read while this article is grounded.
    text = (
        "Arunika Labs Rekrut CEO Lentera\n\n"
        "Arunika Labs merekrut CEO Lentera, Yudha Prasetya, untuk memimpin tim barunya.\n\n"
        "Yudha Prasetya mendirikan startup AI Lentera pada 2021.\n\n"
        "Sekar Ayuningtyas tetap bekerja di Bentala Data.\n"
    )
    p = prep(text)
    ex = run(p, propose=True)
    assert ("Yudha Prasetya", "Lentera", "Arunika Labs") in {
        (d.person, d.from_org, d.to_org) for d in ex.departures
    }
    # Without the introduced organisation the title's organisation is unseen: no proposal.
    once = text.replace("Rekrut CEO Lentera", "Rekrut Peneliti")
    plain = prep(once.replace("mendirikan startup AI Lentera", "mendirikan perusahaannya"))
    assert "Yudha Prasetya" not in {d.person for d in run(plain, propose=True).departures}


def test_introduced_orgs_reads_new_companies_and_skips_people_products_and_known_words() -> None:
    from talent_extract.find.orgs import ARTICLE_ORGS, default_org_table
    from talent_extract.ground.new_orgs import article_orgs, introduced_orgs

    text = (
        "Startup AI Lentera dan perusahaan rintisan Nimbara kembali jadi sorotan. "
        "CEO Laras Anindita memimpin Lentera, sementara Nimbara dipimpin Bagas Wirasena. "
        "Startup ChatGPT disebut sekali saja, seperti CEO Bentala Data."
    )
    persons = prep(text).candidates.persons
    table = default_org_table()
    names = introduced_orgs(text, persons, table)
    # Each new company is written at least twice; the person after "CEO", a product of a known
    # maker and an organisation the table knows are not new companies.
    assert names == ("Lentera", "Nimbara")
    with article_orgs(names):
        assert [o.org for o in table.find("Bagas keluar dari Lentera.")] == ["Lentera"]
    assert ARTICLE_ORGS.get() == ()
    assert table.find("Bagas keluar dari Lentera.") == []


def test_introduced_orgs_reads_universities_and_institutes_named_once() -> None:
    from talent_extract.find.orgs import default_org_table
    from talent_extract.ground.new_orgs import introduced_orgs

    text = (
        "Banyu Samudro meninggalkan Bentala Data dan pindah ke University of Borneo Raya"
        " sebagai dosen tamu. Ia lulusan Institut Teknologi Cakrawala dan Nusa Raya"
        " Institute of Technology. Rekannya mengajar di Universitas Mahakam."
    )
    names = introduced_orgs(text, prep(text).candidates.persons, default_org_table())
    assert names == (
        "University of Borneo Raya",
        "Institut Teknologi Cakrawala",
        "Nusa Raya Institute of Technology",
        "Universitas Mahakam",
    )
    # The move is read to the institution joined.
    ex = run(prep(f"Kabar Kampus\n\n{text}\n"), propose=True)
    assert ("Banyu Samudro", "Bentala Data", "University of Borneo Raya") in {
        (d.person, d.from_org, d.to_org) for d in ex.departures
    }


def test_successor_not_mover_reads_the_origin_in_the_successors_own_clause() -> None:
    p = prep(
        "Cakra Neural Ditinggal Timnya\n\n"
        "Perekrutan massal ini meninggalkan Cakra Neural sebagai bayangan dirinya, dengan kepala "
        "bisnis Laras Anindita naik sebagai CEO sementara.\n"
    )
    ex = run(p, [dep(sid(p, "naik sebagai"), "Laras Anindita", "Cakra Neural", "Arunika Labs")])
    # The hiring wave left Cakra Neural; Laras only took the post over.
    assert ex.departures == []
    assert "successor_not_mover" in dropped(ex)


def test_told_moves_gives_a_leaving_that_names_no_organisation_the_storys_one() -> None:
    text = (
        "Eksodus di Cakra Neural\n\n"
        "Cakra Neural kehilangan banyak orang tahun ini, dan Cakra Neural belum menanggapi.\n\n"
        "Laras Anindita memimpin riset Cakra Neural selama lima tahun.\n\n"
        "Bagas Wirasena, kepala riset, dan Yudha Prasetya, wakil presiden, sama-sama mengajukan "
        "pengunduran diri mereka pekan lalu.\n"
    )
    ex = run(prep(text), propose=True)
    # The sentence names no organisation; the story's one (named three times) is what they left.
    moves = {(d.person, d.from_org) for d in ex.departures}
    assert ("Yudha Prasetya", "Cakra Neural") in moves
    # Named only twice, an organisation does not stand for the story.
    thin = text.replace(", dan Cakra Neural belum menanggapi", "").replace("di Cakra Neural", "")
    assert "Yudha Prasetya" not in {d.person for d in run(prep(thin), propose=True).departures}
    # A country left ("meninggalkan AS") names where they lived: no organisation is told.
    abroad = text.replace("pengunduran diri mereka pekan lalu", "rencana meninggalkan AS tahun ini")
    assert "Yudha Prasetya" not in {d.person for d in run(prep(abroad), propose=True).departures}


def test_leader_stays_unless_leaving_reads_no_leaving_of_one_who_owns_the_request() -> None:
    p = prep(
        "Arunika Labs Mendekati Peneliti\n\n"
        "CEO Arunika Labs Sekar Ayuningtyas terus mendekati Yudha Prasetya.\n\n"
        "Awalnya, Yudha menolak permintaan Sekar agar ia bergabung dengan timnya.\n"
    )
    ex = run(p, [dep(sid(p, "permintaan"), "Sekar Ayuningtyas", "Arunika Labs", "Cakra Neural")])
    # "permintaan Sekar agar ia bergabung": Sekar asks; the one asked would join.
    assert ex.departures == []
    assert "leader_stays_unless_leaving" in dropped(ex)


def test_pay_not_investment_reads_a_share_sale_as_company_money() -> None:
    p = prep(
        "Karyawan Cakra Neural Khawatir\n\n"
        "Karyawan Cakra Neural khawatir penjualan saham senilai 86 miliar dolar AS yang akan "
        "datang terganggu oleh guncangan manajemen.\n"
    )
    ex = run(p, offers=[offer(money_id(p, "penjualan saham"), "Cakra Neural")])
    # A share sale's amount is money for the company, not pay offered to someone.
    assert ex.offers == []
    assert "pay_not_investment" in dropped(ex)


GAET = """Arunika Labs Menggaet Tokoh AI

Sebelumnya, Arunika Labs juga menggaet beberapa tokoh AI berpengaruh, termasuk Laras Anindita dari Cakra Neural, Sekar Ayuningtyas (pendiri startup), mantan CEO Bentala Data Yudha Prasetya, serta sejumlah peneliti lain.
"""


def test_hired_moves_reads_each_person_of_a_list_a_hiring_verb_opens() -> None:
    p = prep(GAET)
    # The model named Laras but cited no move: the proposal from the list stands in for it.
    ex = run(
        p, [dep(sid(p, "Arunika Labs Menggaet"), "Laras Anindita", "Cakra Neural")], propose=True
    )
    moves = {(d.person, d.from_org, d.to_org) for d in ex.departures}
    assert ("Laras Anindita", "Cakra Neural", "Arunika Labs") in moves
    assert ("Yudha Prasetya", "Bentala Data", "Arunika Labs") in moves
    # An item that marks no organisation left gives no record.
    assert "Sekar Ayuningtyas" not in {d.person for d in ex.departures}


def test_to_org_in_article_takes_no_place_and_from_org_in_article_no_datelines_outlet() -> None:
    p = prep(
        "KabarTekno.com – Laras Anindita keluar dari Cakra Neural dan pindah ke Mountain View.\n\n"
        "Ia kini tinggal di Mountain View bersama keluarganya.\n"
    )
    s = sid(p, "keluar dari")
    ex = run(p, [dep(s, "Laras Anindita", "KabarTekno.com", "Mountain View")])
    # The dateline's outlet published the story, the place is where she lives: neither is an
    # organisation she left or joined; the grammar gives the one she left.
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Laras Anindita", "Cakra Neural", None)
    ]


def test_to_org_in_article_takes_no_name_a_place_noun_stands_before() -> None:
    p = prep(
        "Pusat Riset Kecerdasan Buatan Baru\n\nLaras Anindita baru bergabung dengan Cakra Neural"
        " dan memimpin pusat riset barunya.\n\nPusat riset itu terletak di daerah Kemang,"
        " Jakarta.\n"
    )
    ex = run(p, [dep(sid(p, "bergabung"), "Laras Anindita", "Kemang", "Cakra Neural")])
    # "daerah Kemang": a neighbourhood, no organisation she left; with none, no departure.
    assert ex.departures == []
    assert "from_org_in_article" in [c.rule for c in ex.meta.changed]
    # Named once without the place noun, it may be an organisation.
    named = prep(p.article.text.replace("daerah Kemang, Jakarta", "gedung milik Kemang"))
    ex2 = run(named, [dep(sid(named, "bergabung"), "Laras Anindita", "Kemang", "Cakra Neural")])
    assert "Kemang" in [d.from_org for d in ex2.departures]


def test_a_platform_named_only_as_where_a_post_was_is_no_employer() -> None:
    text = (
        "Peneliti Kecerdasan Buatan Pamit\n\nLaras Anindita mengumumkan kepergiannya dari Cakra"
        " Neural melalui unggahan di X pada Senin.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "melalui"), "Laras Anindita", "Cakra Neural", "X")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", None)]
    # Joined, not posted on: the platform's company is where she went.
    joined = prep(text.replace("melalui unggahan di X pada Senin", "dan bergabung dengan X"))
    ex2 = run(joined, [dep(sid(joined, "bergabung"), "Laras Anindita", "Cakra Neural", "X")])
    assert [(d.from_org, d.to_org) for d in ex2.departures] == [("Cakra Neural", "X")]


def test_orgs_from_grammar_reads_no_destination_a_move_only_tried() -> None:
    text = (
        "Peneliti Kecerdasan Buatan Pindah\n\nUsai negosiasi dua hari guna mengajak Laras"
        " Anindita kembali ke Cakra Neural, Bentala Data mengumumkan bahwa Laras Anindita akan"
        " bergabung dengan Bentala Data.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "negosiasi"), "Laras Anindita", "Cakra Neural", "Bentala Data")])
    # "negosiasi guna mengajak A kembali ke X" tries a return; it tells no one joined X.
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Bentala Data")]
    told = prep(text.replace("Usai negosiasi dua hari guna mengajak", "Pekan lalu, kabar"))
    ex2 = run(told, [dep(sid(told, "kabar"), "Laras Anindita", "Cakra Neural", "Bentala Data")])
    assert [(d.from_org, d.to_org) for d in ex2.departures] != [("Cakra Neural", "Bentala Data")]


def test_a_common_misspelling_of_a_hiring_verb_still_hires() -> None:
    text = (
        "Peneliti Kecerdasan Buatan Pindah\n\nBentala Data dikabarkan telah memperkerjakan"
        " mantan peneliti Cakra Neural Laras Anindita.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "memperkerjakan"), "Laras Anindita", "Cakra Neural")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Bentala Data")]


def test_move_told_reads_a_hire_told_as_a_recruit_noun() -> None:
    text = (
        "Tim Kecerdasan Buatan Baru\n\nDalam memo internal, Laras Anindita dari Cakra Neural"
        " termasuk rekrutan terbaru Bentala Data.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "rekrutan"), "Laras Anindita", "Cakra Neural", "Bentala Data")])
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Bentala Data")]
    # Named as a colleague, not a recruit: no move is told of her.
    plain = prep(text.replace("termasuk rekrutan terbaru", "termasuk mitra terbaru"))
    answer = dep(sid(plain, "mitra"), "Laras Anindita", "Cakra Neural", "Bentala Data")
    assert run(plain, [answer]).departures == []


def test_leader_stays_unless_leaving_reads_a_title_with_its_abbreviation() -> None:
    text = (
        "Tawaran untuk Peneliti Kecerdasan Buatan\n\nChief Operating Officer (COO) Cakra Neural,"
        " Laras Anindita mengumumkan rencana timnya.\n\nBelum jelas berapa banyak peneliti yang"
        " akan dipekerjakan.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "dipekerjakan"), "Laras Anindita", "Cakra Neural")])
    # The one presented as Cakra Neural's CTO is its voice, not someone who left it.
    assert ex.departures == [] and dropped(ex) == ["leader_stays_unless_leaving"]


def test_move_told_reads_a_predicate_shared_by_names_joined_with_a_role_between() -> None:
    text = (
        "Kecerdasan Buatan: Dua Petinggi Pamit\n\nPekan ini, kepala riset Cakra Neural Yoga"
        " Permana dan direktur riset Sekar Ayuningtyas sama-sama mengajukan pengunduran diri"
        " mereka dari perusahaan.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "Pekan ini"), "Yoga Permana", "Cakra Neural")])
    # "A dan <role> B ... mengajukan pengunduran diri": the predicate is both of theirs.
    assert [d.person for d in ex.departures] == ["Yoga Permana"]
    # A verb between the two names ends A's part: "A menyambut <role> B" tells no move of A.
    met = prep(text.replace("Permana dan direktur", "Permana menyambut direktur"))
    assert run(met, [dep(sid(met, "Pekan ini"), "Yoga Permana", "Cakra Neural")]).departures == []


def test_funds_poured_into_a_company_are_no_pay_candidate() -> None:
    p = prep(
        "Arunika Labs Masuk Bentala Data\n\n"
        "Arunika Labs menawarkan gaji US$2 juta kepada Laras Anindita.\n\n"
        "Beberapa pekan setelah Arunika Labs menggelontorkan dana sebesar US$2 miliar ke Bentala "
        "Data, startup itu memangkas timnya.\n"
    )
    # "menggelontorkan dana ... ke X" is money for a company (cues_id.json investment): the
    # model is not even asked about it; the salary beside it still is.
    texts = [o.sentence.text for o in p.candidates.offers]
    assert any("gaji" in t for t in texts)
    assert not any("menggelontorkan" in t for t in texts)


def test_destination_near_move_reads_a_founded_company_named_after_bernama() -> None:
    p = prep(
        "Dua Peneliti Cakra Neural Hengkang\n\n"
        "Laras Anindita dan Yudha Prasetya, dua karyawan Cakra Neural, dikabarkan segera "
        "meninggalkan perusahaan untuk mendirikan sebuah startup Artificial Intelligence (AI) "
        "bernama Lentera di Bandung.\n"
    )
    s = sid(p, "bernama")
    ex = run(p, [dep(s, "Laras Anindita", "Cakra Neural", "Lentera")])
    # "Artificial Intelligence" is no person; "startup ... baru bernama Lentera" introduces the
    # company once, and founding it is where she went.
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Laras Anindita", "Cakra Neural", "Lentera")
    ]
    assert "Artificial Intelligence" not in p.candidates.persons.names()
    from talent_extract.find.orgs import default_org_table
    from talent_extract.ground.move_grammar import read_move
    from talent_extract.ground.new_orgs import article_orgs, introduced_orgs

    persons = p.candidates.persons
    with article_orgs(introduced_orgs(p.clean.text, persons, default_org_table())):
        move = read_move(p.candidates.sentences[1], "Laras Anindita", persons)
    assert move.destinations == ("Lentera",)


RENCANA = """Eksekutif Cakra Neural Pamit

Daftar rencana kepergian para eksekutif Cakra Neural yang baru saja diumumkan, di antaranya sebagai berikut:

- Laras Anindita, Wakil Presiden bagian keberlanjutan dan hubungan warga, (pensiun 2026)

- Yudha Prasetya, General Counsel (bergabung dengan Arunika Labs sebagai kepala hukum)

Cakra Neural belum menunjuk pengganti keduanya.
"""


def test_listed_movers_reads_items_with_a_role_under_an_intro_that_names_the_leaving() -> None:
    p = prep(RENCANA)
    ex = run(p, propose=True)
    # "Daftar rencana kepergian para eksekutif X:" — the noun of the leaving and the one
    # organisation it names; each item may carry a role (with commas) before its bracket.
    assert {(d.person, d.from_org, d.to_org) for d in ex.departures} >= {
        ("Laras Anindita", "Cakra Neural", None),
        ("Yudha Prasetya", "Cakra Neural", "Arunika Labs"),
    }


def test_hired_moves_reads_a_title_with_nya_as_the_organisation_named_before() -> None:
    p = prep(
        "Arunika Labs Masuk Cakra Neural\n\n"
        "Beberapa pekan setelah Arunika Labs membeli saham Cakra Neural dan merekrut pendirinya, "
        "Laras Anindita, startup itu memangkas timnya.\n"
    )
    ex = run(p, propose=True)
    # "pendirinya" is Cakra Neural's founder: she left it for the one that hired her.
    assert ("Laras Anindita", "Cakra Neural", "Arunika Labs") in {
        (d.person, d.from_org, d.to_org) for d in ex.departures
    }


def test_origin_not_joined_drops_an_origin_the_evidence_tells_joined() -> None:
    p = prep(
        "Peneliti Muda Pilih Arunika Labs\n\n"
        "Laras Anindita dikenal sebagai peneliti muda yang tekun.\n\n"
        "Laras Anindita akhirnya bergabung dengan Arunika Labs setelah tawaran kedua.\n"
    )
    # Cited where no move is told, the record moves to the sentence that tells one — where
    # Arunika Labs is the organisation she joined, not one she left.
    ex = run(p, [dep(sid(p, "dikenal"), "Laras Anindita", "Arunika Labs")])
    assert ex.departures == []
    assert "origin_not_joined" in dropped(ex)


RETURN = (
    "Ilmuwan yang Pulang\n\nRaka Wibisono meninggalkan Cakra Neural pada 2021 untuk mendirikan"
    " Arunika Labs. Pekan lalu, Cakra Neural menyiapkan dana jumbo demi merekrut kembali"
    " Raka Wibisono.\n"
)


def test_return_moves_adds_the_return_of_one_recorded_leaving_an_organisation() -> None:
    p = prep(RETURN)
    answers = [dep(sid(p, "meninggalkan"), "Raka Wibisono", "Cakra Neural", "Arunika Labs")]
    ex = run(p, answers, propose=True)
    moves = {(d.person, d.from_org, d.to_org) for d in ex.departures}
    assert moves == {
        ("Raka Wibisono", "Cakra Neural", "Arunika Labs"),
        ("Raka Wibisono", "Arunika Labs", "Cakra Neural"),
    }
    back = next(d for d in ex.departures if d.from_org == "Arunika Labs")
    assert "merekrut kembali" in back.evidence.text  # the return sentence is the evidence
    assert ("return_moves", "record") in changed(ex)
    off = run(p, answers, off=["return_moves"], propose=True)
    assert {(d.from_org, d.to_org) for d in off.departures} == {("Cakra Neural", "Arunika Labs")}


@pytest.mark.parametrize(
    ("sentence", "returns"),
    [
        ("Pekan lalu, Raka Wibisono kembali ke Cakra Neural sebagai kepala riset.", True),
        ("Pekan lalu, Raka Wibisono bergabung kembali dengan Cakra Neural.", True),
        # The organisation gone back to must be the one left.
        ("Pekan lalu, Raka Wibisono kembali ke Bentala Data sebagai kepala riset.", False),
        # Only tried: "negosiasi untuk membawa A kembali ke X".
        ("Negosiasi untuk membawa Raka Wibisono kembali ke Cakra Neural gagal pekan lalu.", False),
        # "kembali" before the verb is "again": Cakra Neural hired someone else.
        ("Pekan lalu, Cakra Neural kembali merekrut Dimas Saputra dari Bentala Data.", False),
    ],
)
def test_return_moves_reads_a_return_only_to_the_organisation_left(
    sentence: str, returns: bool
) -> None:
    text = (
        "Ilmuwan yang Pulang\n\nRaka Wibisono meninggalkan Cakra Neural pada 2021 untuk"
        f" mendirikan Arunika Labs. {sentence}\n"
    )
    p = prep(text)
    answers = [dep(sid(p, "meninggalkan"), "Raka Wibisono", "Cakra Neural", "Arunika Labs")]
    ex = run(p, answers, propose=True)
    back = [d for d in ex.departures if d.person == "Raka Wibisono" and d.to_org == "Cakra Neural"]
    assert bool(back) is returns


def test_hired_moves_reads_a_verb_that_takes_a_former_member_back() -> None:
    # "memulangkan", "menghadirkan kembali": hiring verbs (move_grammar_id.json "hiring_verbs").
    text = (
        "Kabar Riset\n\nPekan lalu, Cakra Neural memulangkan mantan peneliti utama Arunika"
        " Labs, Raka Wibisono, dengan kontrak baru.\n"
    )
    ex = run(prep(text), propose=True)
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Raka Wibisono", "Arunika Labs", "Cakra Neural")
    ]
    assert ("hired_moves", "record") in changed(ex)
    # The one hired back is no return of the hirer's: one record, not a second move.
    assert "return_moves" not in {c.rule for c in ex.meta.changed}


@pytest.mark.parametrize(
    ("sentence", "moves"),
    [
        (
            "Rapat itu dihadiri Raka Wibisono, mantan kepala riset Cakra Neural yang kini"
            " memimpin tim model bahasa di Bentala Data.",
            {("Raka Wibisono", "Cakra Neural", "Bentala Data")},
        ),
        (
            "Arunika Labs, unit riset yang dipimpin oleh Raka Wibisono (mantan CEO Cakra"
            " Neural) dan Dimas Saputra (mantan CTO Bentala Data), mulai merekrut.",
            {
                ("Raka Wibisono", "Cakra Neural", "Arunika Labs"),
                ("Dimas Saputra", "Bentala Data", "Arunika Labs"),
            },
        ),
        # A past post alone tells no move: where they are now is not said.
        ("Raka Wibisono, mantan kepala riset Cakra Neural, hadir di Bentala Data.", set()),
        # A present post at no organisation tells no destination.
        (
            "Raka Wibisono, mantan peneliti Cakra Neural yang kini mengajar di kampus, memuji"
            " Bentala Data.",
            set(),
        ),
    ],
)
def test_former_now_at_reads_a_career_told_in_a_description(
    sentence: str, moves: set[tuple[str, str, str]]
) -> None:
    p = prep(f"Kabar Riset\n\nPekan lalu ada kabar baru. {sentence}\n")
    ex = run(p, propose=True)
    assert {(d.person, d.from_org, d.to_org) for d in ex.departures} == moves
    assert all(c.rule == "former_now_at" for c in ex.meta.changed if c.field == "record")
    off = run(p, off=["former_now_at"], propose=True)
    assert not off.departures


def test_speaker_not_mover_keeps_a_speaker_introduced_by_a_move() -> None:
    text = (
        "Kabar Riset\n\nMenurut Raka Wibisono, mantan peneliti Cakra Neural yang kini memimpin"
        " Arunika Labs, persaingan makin ketat.\n"
    )
    p = prep(text)
    answers = [dep(sid(p, "Menurut"), "Raka Wibisono", "Cakra Neural", "Arunika Labs")]
    ex = run(p, answers)
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Raka Wibisono", "Cakra Neural", "Arunika Labs")
    ]
    # Without the career, the speaker only comments.
    bare = prep(text.replace(", mantan peneliti Cakra Neural yang kini memimpin Arunika Labs", ""))
    bare_answer = dep(sid(bare, "Menurut"), "Raka Wibisono", "Cakra Neural", "Arunika Labs")
    gone = run(bare, [bare_answer], off=["move_told", "origin_told_of_mover"])
    assert not gone.departures and "speaker_not_mover" in dropped(gone)


def test_pay_of_another_drops_someone_elses_pay_told_for_comparison() -> None:
    p = prep(
        "Gaji Fantastis\n\nArunika Labs menawarkan paket US$ 90 juta kepada Banyu Samudro."
        " Sebagai pembanding, Sutan Mahendra, pilot pertama maskapai itu, cuma digaji sekitar"
        " US$ 20.000 setahun. Atau setara dengan gaji US$ 150.000 setahun saat ini.\n"
    )
    answers = [
        offer(money_at(p, m), "Arunika Labs", "Banyu Samudro")
        for m in ("US$ 90", "sekitar US$ 20.000", "US$ 150.000")
    ]
    ex = run(p, offers=answers)
    assert [o.amount.max for o in ex.offers if o.amount] == [90_000_000]
    assert dropped(ex) == ["pay_of_another", "pay_of_another"]
    # The one paid is the recipient: their own pay stands.
    own = run(p, offers=[offer(money_at(p, "sekitar"), None, "Sutan Mahendra")])
    assert len(own.offers) == 1
    off = run(p, offers=answers, off=["pay_of_another"])
    assert "pay_of_another" not in dropped(off)


def test_told_moves_reads_one_left_behind_as_no_mover() -> None:
    # "A juga ditinggal B": A is the one left (loss_words), not one who leaves.
    p = prep(
        "Kabar Riset\n\nCakra Neural terus merugi. Setelah kehilangan Dimas Saputra, Raka"
        " Wibisono juga ditinggal Sekar Ayuningtyas. Cakra Neural belum berkomentar. Cakra"
        " Neural kini mencari pengganti.\n"
    )
    ex = run(p, propose=True)
    assert "Raka Wibisono" not in {d.person for d in ex.departures}


@pytest.mark.parametrize(
    ("clause", "mover"),
    [
        # A clause after "bahwa" with a subject of its own tells what the one before says or
        # implies, whatever the verb: neither the writer nor the team's chief is a mover.
        ("Banyu Samudro menduga bahwa saya meninggalkan Bentala Data karena gaji.", False),
        ("Banyu Samudro menyadari bahwa tim risetnya keluar dari Bentala Data.", False),
        # No subject of its own before the verb, or "dirinya": the clause is about Banyu.
        ("Banyu Samudro memastikan bahwa akan mundur dari Bentala Data.", True),
        ("Banyu Samudro memastikan bahwa dirinya keluar dari Bentala Data.", True),
    ],
)
def test_told_moves_reads_a_clause_after_bahwa_as_its_own_subjects(
    clause: str, mover: bool
) -> None:
    p = prep(f"Kabar Riset\n\n{clause} Bentala Data belum berkomentar.\n")
    ex = run(p, propose=True)
    assert ("Banyu Samudro" in {d.person for d in ex.departures}) is mover


def test_hired_by_leader_gives_the_organisation_the_hiring_person_heads() -> None:
    text = (
        "Perburuan Talenta\n\nCEO Bentala Data Hendra Kusuma tak tinggal diam. Hendra Kusuma"
        " juga merekrut Dr. Raka Wibisono dari Cakra Neural pekan lalu.\n"
    )
    p = prep(text)
    answers = [dep(sid(p, "juga merekrut"), "Raka Wibisono", "Cakra Neural")]
    ex = run(p, answers)
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Raka Wibisono", "Cakra Neural", "Bentala Data")
    ]
    assert ("hired_by_leader", "to_org") in changed(ex)
    off = run(p, answers, off=["hired_by_leader"])
    assert [d.to_org for d in off.departures] == [None]
    # One the article does not title head of an organisation gives none.
    plain = prep(text.replace("CEO Bentala Data Hendra Kusuma", "Hendra Kusuma"))
    ex2 = run(plain, [dep(sid(plain, "juga merekrut"), "Raka Wibisono", "Cakra Neural")])
    assert [d.to_org for d in ex2.departures] == [None]


def test_destination_near_move_keeps_a_destination_a_career_description_tells() -> None:
    text = (
        "Kabar Riset\n\nDimas Saputra memuji Arunika Labs, unit riset yang dipimpin oleh Raka"
        " Wibisono, mantan CEO Cakra Neural.\n"
    )
    p = prep(text)
    answers = [dep(sid(p, "dipimpin"), "Raka Wibisono", "Cakra Neural", "Arunika Labs")]
    ex = run(p, answers)
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Arunika Labs")]
    assert "destination_near_move" not in {c.rule for c in ex.meta.changed}


def test_hired_moves_reads_the_hirer_past_an_organisation_named_as_an_object() -> None:
    # "kepada staf Y": Y is whom the offer went to; X, the subject, hires.
    text = (
        "Kabar\n\nBentala Data pekan ini mengajukan tawaran gaji kepada sejumlah staf"
        " Arunika Labs dan merekrut pendiri Cakra Neural, Raka Wibisono.\n"
    )
    ex = run(prep(text), propose=True)
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [
        ("Raka Wibisono", "Cakra Neural", "Bentala Data")
    ]


def test_group_moves_gives_listed_members_their_own_past_post() -> None:
    text = (
        "Kabar\n\nDi luar Dimas Saputra, sejumlah nama besar turut bergabung ke Bentala Data,"
        " termasuk mantan CEO Cakra Neural, Raka Wibisono, dan mantan bos Arunika Labs, Sekar"
        " Ayuningtyas.\n"
    )
    ex = run(prep(text), propose=True)
    moves = {(d.person, d.from_org, d.to_org) for d in ex.departures}
    assert ("Raka Wibisono", "Cakra Neural", "Bentala Data") in moves
    assert ("Sekar Ayuningtyas", "Arunika Labs", "Bentala Data") in moves
    # Each past post is the member's own: none given to a neighbour.
    assert not any(p == "Dimas Saputra" and f == "Cakra Neural" for p, f, _ in moves)
    off = run(prep(text), off=["group_moves"], propose=True)
    assert "Sekar Ayuningtyas" not in {d.person for d in off.departures}


def test_yardstick_not_offer_drops_the_pay_an_offer_is_compared_with() -> None:
    p = prep(
        "Gaji Jumbo\n\nArunika Labs menawarkan gaji US$ 2 juta per tahun kepada Banyu Samudro."
        " Angka itu lebih besar daripada rata-rata gaji insinyur di kota itu, yakni US$ 90 ribu"
        " dan di ibu kota sebesar US$ 150 ribu. Tawaran lain bahkan melampaui US$ 3 juta.\n"
    )
    answers = [
        offer(money_at(p, m), "Arunika Labs", "Banyu Samudro")
        for m in ("US$ 2", "US$ 90", "US$ 150", "melampaui US$ 3")
    ]
    ex = run(p, offers=answers)
    # "melampaui US$ 3 juta" bounds an offer of its own: no comparison with other pay.
    assert sorted(o.amount.min or o.amount.max for o in ex.offers if o.amount) == [
        2_000_000,
        3_000_000,
    ]
    assert dropped(ex) == ["yardstick_not_offer", "yardstick_not_offer"]
    off = run(p, offers=answers, off=["yardstick_not_offer"])
    assert "yardstick_not_offer" not in dropped(off)


def test_pay_not_investment_reads_funds_raised_and_shares_valued() -> None:
    p = prep(
        "Kabar Startup\n\nArunika Labs mengumpulkan US$ 1 miliar tahun lalu demi memburu talenta."
        " Bentala Data menghargai saham milik Banyu Samudro senilai US$ 4 miliar.\n"
    )
    ids = [o.id for o in p.candidates.offers]
    ex = run(p, offers=[offer(i, "Arunika Labs", "Banyu Samudro") for i in ids])
    # Money raised is no candidate at all; a valuation the model calls pay is dropped.
    assert [o.mention.money.text for o in p.candidates.offers] == ["US$ 4 miliar"]
    assert ex.offers == [] and dropped(ex) == ["pay_not_investment"]


def test_a_company_named_with_bernama_is_an_organisation_even_when_it_reads_like_a_name() -> None:
    from talent_extract.find.orgs import default_org_table
    from talent_extract.ground.new_orgs import article_orgs, introduced_orgs
    from talent_extract.ground.vocabulary import _is_org

    text = (
        "Kabar Desain\n\nRaka Wibisono terlibat dalam proyek perangkat keras melalui firma desain"
        " bernama Sekar Wangi, yang turut dimiliki Dimas Saputra. Menurut Sekar Wangi, proyek"
        " itu berjalan."
    )
    persons = prep(text).candidates.persons
    names = introduced_orgs(text, persons, default_org_table())
    assert names == ("Sekar Wangi",)
    with article_orgs(names):
        assert _is_org("Sekar Wangi") and not _is_org("Raka Wibisono")


def test_conversion_told_apart_drops_an_amount_converted_without_brackets() -> None:
    p = prep(
        "Gaji Jumbo\n\nArunika Labs menawarkan gaji 100 juta yen setahun atau sekitar"
        " US$ 650.000 atau Rp 10,5 miliar kepada tujuh ahli. Bentala Data menawarkan Rp 2 miliar"
        " kepada Banyu Samudro.\n"
    )
    ids = [o.id for o in p.candidates.offers]
    ex = run(p, offers=[offer(i, "Arunika Labs", "tujuh ahli") for i in ids])
    currencies = [o.amount.currency for o in ex.offers if o.amount]
    # One offer in yen; its rupiah is a conversion. The other sentence's rupiah stands.
    assert currencies.count("JPY") == 1 and "conversion_told_apart" in dropped(ex)
    assert any(o.amount and o.amount.max == 2_000_000_000 for o in ex.offers)
    off = run(
        p,
        offers=[offer(i, "Arunika Labs", "tujuh ahli") for i in ids],
        off=["conversion_told_apart"],
    )
    assert "conversion_told_apart" not in dropped(off)


@pytest.mark.parametrize(
    ("text", "move"),
    [
        # A lay-off naming its object after a link: "PHK X menyasar puluhan pegawai".
        (
            "Kabar\n\nPHK Cakra Neural menyasar puluhan pegawai yang mengurus asisten"
            " virtual.\nTindakan itu bagian dari efisiensi.\n",
            (None, "Cakra Neural", None),
        ),
        # A group fired "dari kantor tersebut": the story's own organisation, a place named or not.
        (
            "Kabar Cakra Neural\n\nCakra Neural terus berbenah. Menurut dinas tenaga kerja Jawa"
            " Barat, 180 pegawai diberhentikan dari kantor tersebut. Cakra Neural menolak berkomentar. Cakra"
            " Neural juga menutup kantornya.\n",
            (None, "Cakra Neural", None),
        ),
    ],
)
def test_group_moves_reads_lay_offs_told_with_a_link_or_a_fired_group(
    text: str, move: tuple[None, str, None]
) -> None:
    ex = run(prep(text), propose=True)
    assert [(d.person, d.from_org, d.to_org) for d in ex.departures] == [move]
    assert ("group_moves", "record") in changed(ex)


def test_range_told_apart_joins_a_lower_bound_and_its_upper_end_past_a_conversion() -> None:
    p = prep(
        "Tawaran Jumbo\n\nArunika Labs menyodorkan paket gaji mulai dari US$ 150 juta"
        " (sekitar Rp 2,4 triliun) hingga US$ 400 juta kepada para ahli Bentala Data.\n"
    )
    ids = [o.id for o in p.candidates.offers if o.mention.money.currency == "USD"]
    ex = run(p, offers=[offer(i, "Arunika Labs", "para ahli Bentala Data") for i in ids])
    ((o,),) = [ex.offers]
    assert o.amount is not None
    assert (o.amount.min, o.amount.max) == (150e6, 400e6)
    assert dropped(ex) == ["range_told_apart"]


def test_hired_one_is_paid_turns_a_hired_offerer_into_the_recipient() -> None:
    p = prep(
        "Perburuan Talenta\n\nCEO Bentala Data Hendra Kusuma tak tinggal diam. Hendra Kusuma"
        " juga merekrut Dr. Raka Wibisono dari Cakra Neural dengan kompensasi US$ 50 juta.\n"
    )
    answers = [offer(money_at(p, "US$ 50"), "Raka Wibisono", "Cakra Neural")]
    ex = run(p, offers=answers)
    assert [(o.offerer, o.recipient) for o in ex.offers] == [("Bentala Data", "Raka Wibisono")]
    assert ("hired_one_is_paid", "offerer") in changed(ex)
    off = run(p, offers=answers, off=["hired_one_is_paid"])
    assert [o.offerer for o in off.offers] != ["Bentala Data"]


def test_leader_stays_unless_leaving_reads_the_noun_of_a_removal_before_a_title() -> None:
    text = (
        "Guncangan di Cakra Neural\n\nPekan lalu publik dikejutkan oleh dicopotnya CEO dan"
        " salah satu pendiri Cakra Neural, Laras Anindita, dalam rapat dewan yang singkat.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "dicopotnya"), "Laras Anindita", "Cakra Neural")])
    # "-nya" makes the passive a noun ("dicopotnya X"): her removal, told before her title.
    assert [(d.person, d.from_org) for d in ex.departures] == [("Laras Anindita", "Cakra Neural")]
    # A statement of hers is no removal: the head of the company stays its voice.
    said = prep(text.replace("dicopotnya", "pernyataan"))
    assert (
        run(said, [dep(sid(said, "pernyataan"), "Laras Anindita", "Cakra Neural")]).departures == []
    )


def test_move_told_reads_the_founder_hired_after_money_put_into_the_company() -> None:
    text = (
        "Perburuan Talenta Kecerdasan Buatan\n\nYoga Permana menanamkan dana ke perusahaan"
        " Cakra Neural lalu memboyong pendirinya, Laras Anindita, sebagai kepala riset di Bentala"
        " Data.\n"
    )
    p = prep(text)
    answer = dep(sid(p, "pendirinya"), "Laras Anindita", "Cakra Neural", "Bentala Data")
    # The name set beside "pendirinya" is the one hired, and "-nya" is the company the money
    # went to: the hire is told of her, from there (not to there).
    assert [(d.from_org, d.to_org) for d in run(p, [answer]).departures] == [
        ("Cakra Neural", "Bentala Data")
    ]
    # Beside a comma with no noun of hers before it, the hire is someone else's.
    other = prep(text.replace("memboyong pendirinya, Laras", "memboyong Sekar Ayu. Laras"))
    moved = dep(sid(other, "Laras"), "Laras Anindita", "Cakra Neural", "Bentala Data")
    assert run(other, [moved]).departures == []


def test_move_told_moves_the_evidence_to_the_member_intro_that_names_the_mover() -> None:
    text = (
        "Eksodus dari Cakra Neural\n\nSejumlah insinyur Cakra Neural hengkang ke Bentala Data"
        " bulan lalu. Salah satunya adalah Laras Anindita.\n\nLaras Anindita dikenal sebagai"
        " ahli visi komputer.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "dikenal"), "Laras Anindita", "Cakra Neural", "Bentala Data")])
    # "Salah satunya adalah A" names a member of the group the sentence before moves.
    assert [d.person for d in ex.departures] == ["Laras Anindita"]
    assert ("move_told", "sentence") in changed(ex)
    # After a group that only met, the same intro names no mover.
    met = prep(text.replace("hengkang ke", "bertemu dengan"))
    assert run(met, [dep(sid(met, "dikenal"), "Laras Anindita", "Cakra Neural")]).departures == []


def test_move_told_reads_a_follower_told_with_a_verb_of_following() -> None:
    text = (
        "Bentala Data Menambah Tim\n\nPeneliti Cakra Neural, Laras Anindita, sudah pasti pindah"
        " ke Bentala Data, sedangkan koleganya, Yoga Permana, diperkirakan segera menyusul.\n"
    )
    p = prep(text)
    answer = dep(sid(p, "menyusul"), "Yoga Permana", "Cakra Neural", "Bentala Data", "reported")
    # "segera menyusul" said of him: he makes the move of the one named with him.
    assert [d.person for d in run(p, [answer]).departures] == ["Yoga Permana"]
    stays = prep(text.replace("segera menyusul", "tetap bertahan"))
    kept = dep(sid(stays, "bertahan"), "Yoga Permana", "Cakra Neural", "Bentala Data")
    assert run(stays, [kept]).departures == []


def test_move_told_reads_a_hiring_verb_said_of_the_one_hired() -> None:
    text = (
        "Bentala Data Menambah Tim\n\nBentala Data, perusahaan pesaing, berhasil menarik Laras"
        " Anindita, peneliti senior dari Cakra Neural.\n"
    )
    p = prep(text)
    answer = dep(sid(p, "berhasil"), "Laras Anindita", "Cakra Neural", "Bentala Data")
    assert [(d.from_org, d.to_org) for d in run(p, [answer]).departures] == [
        ("Cakra Neural", "Bentala Data")
    ]
    met = prep(text.replace("berhasil menarik", "berhasil menemui"))
    kept = dep(sid(met, "berhasil"), "Laras Anindita", "Cakra Neural", "Bentala Data")
    assert run(met, [kept]).departures == []


def test_hired_moves_reads_a_long_past_title_closed_by_di() -> None:
    text = (
        "Bentala Data Menambah Tim\n\nLangkah lain adalah keberhasilan Bentala Data merekrut"
        " Laras Anindita, mantan Head of Vision Models di Cakra Neural, pekan lalu.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    # "mantan <a title of five words> di X": X is where she came from.
    assert ("Laras Anindita", "Cakra Neural", "Bentala Data") in moves
    # A title that long with no "di" to close it marks nothing.
    plain = prep(text.replace("Models di Cakra", "Models and Data Cakra"))
    assert not {d.person for d in run(plain, propose=True).departures} & {"Laras Anindita"}


def test_orgs_from_grammar_reads_past_the_one_a_mover_follows() -> None:
    text = (
        "Mereka yang Pergi dari Cakra Neural\n\nSetelah dua tahun di Cakra Neural, Laras"
        " Anindita mengikuti langkah Yoga Permana, kembali ke Bentala Data.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "mengikuti"), "Laras Anindita", "Cakra Neural")])
    # The name after "mengikuti langkah" is whom she follows: the rest of the clause is hers.
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Bentala Data")]
    met = prep(text.replace("mengikuti langkah", "hengkang lalu menemui"))
    answer = dep(sid(met, "menemui"), "Laras Anindita", "Cakra Neural")
    # After a name she only met, the return is told in his part of the sentence, not hers.
    assert [d.to_org for d in run(met, [answer]).departures] == [None]


def test_hired_by_leader_reads_the_head_named_after_a_passive_hiring_verb() -> None:
    text = (
        "Bentala Data Memperkuat Tim\n\nCEO Bentala Data Budi Wiratama sedang membangun lab"
        " baru.\n\nLaras Anindita, pendiri Cakra Neural, baru direkrut Budi Wiratama pekan"
        " lalu.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "direkrut"), "Laras Anindita", "Cakra Neural")])
    # "direkrut W": W hires, and the article titles W head of Bentala Data.
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Bentala Data")]
    met = prep(text.replace("baru direkrut", "baru hengkang dan ditemui"))
    assert [
        d.to_org
        for d in run(met, [dep(sid(met, "ditemui"), "Laras Anindita", "Cakra Neural")]).departures
    ] == [None]


def test_orgs_from_grammar_reads_no_hire_of_one_named_after_the_one_appointed() -> None:
    from talent_extract.ground.move_grammar import read_move

    text = (
        "Pergantian di Bentala Data\n\nBentala Data menunjuk Laras Anindita sebagai ketua untuk"
        " menggantikan Yoga Permana pekan lalu.\n"
    )
    p = prep(text)
    s, persons = p.candidates.sentences[1], p.candidates.persons
    # "X menunjuk A ... menggantikan B": X appoints A; B, after a verb of his own, is not hired.
    assert read_move(s, "Laras Anindita", persons).destinations == ("Bentala Data",)
    assert read_move(s, "Yoga Permana", persons).destinations == ()
    # Names in a list after the verb are all hired: "X merekrut A, mantan CEO Y B".
    hired = prep(text.replace("sebagai ketua untuk menggantikan", "dan mantan CEO Cakra Neural"))
    s = hired.candidates.sentences[1]
    assert read_move(s, "Yoga Permana", hired.candidates.persons).destinations == ("Bentala Data",)


def test_move_told_reads_no_move_in_a_hiring_verb_after_the_name() -> None:
    text = (
        "Perburuan Talenta di Bentala Data\n\nDengan arahan langsung dari CEO Budi Wiratama,"
        " perusahaan itu siap memakai anggaran besar untuk merekrut lebih banyak insinyur.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "arahan"), "Budi Wiratama", "Bentala Data")])
    # After his name "merekrut" is said of whoever hires: no move of his is told.
    assert ex.departures == [] and dropped(ex) == ["move_told"]
    # Before the name it tells his hire.
    hired = prep(text.replace("Dengan arahan langsung dari CEO", "Cakra Neural merekrut"))
    answer = dep(sid(hired, "merekrut"), "Budi Wiratama", "Bentala Data", "Cakra Neural")
    assert [d.person for d in run(hired, [answer]).departures] == ["Budi Wiratama"]


def test_move_told_reads_no_move_in_a_counted_noun_of_leaving() -> None:
    text = (
        "Perombakan di Cakra Neural\n\nCEO Budi Wiratama mengumumkan tiga pengunduran diri sekaligus"
        " di Cakra Neural pada hari Rabu.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "mengumumkan"), "Budi Wiratama", "Cakra Neural")])
    # "tiga pengunduran diri" are three others' resignations, not his.
    assert ex.departures == [] and dropped(ex) == ["move_told"]
    own = prep(text.replace("tiga pengunduran diri sekaligus", "pengunduran dirinya"))
    kept = run(own, [dep(sid(own, "mengumumkan"), "Budi Wiratama", "Cakra Neural")])
    assert [d.person for d in kept.departures] == ["Budi Wiratama"]


def test_move_told_reads_counted_leavings_that_a_colon_lists() -> None:
    text = (
        "Perombakan di Cakra Neural\n\nSetelah itu, dua pengunduran diri lainnya diumumkan:"
        " Budi Wiratama, kepala riset, dan Laras Anindita.\n"
    )
    p = prep(text)
    answers = [
        dep(sid(p, "diumumkan"), n, "Cakra Neural") for n in ("Budi Wiratama", "Laras Anindita")
    ]
    # The colon opens the list of the two who left: each is one of them.
    assert {d.person for d in run(p, answers).departures} == {"Budi Wiratama", "Laras Anindita"}
    # Without the colon, the count is of others' leaving told beside the names.
    plain = prep(text.replace("diumumkan:", "diumumkan oleh"))
    answers = [dep(sid(plain, "diumumkan"), "Budi Wiratama", "Cakra Neural")]
    assert run(plain, answers).departures == []


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # The one spoken to is not the one who may leave.
        ("Laras Anindita bercerita kepada CEO Budi Wiratama tentang niatnya keluar.", False),
        # What someone says of others is not their move; of themselves it is.
        (
            "Budi Wiratama menyebut bahwa sejumlah staf lain sudah diberhentikan bulan lalu.",
            False,
        ),
        ("Budi Wiratama mengatakan kepada wartawan bahwa ia ingin mundur dari perusahaan.", True),
        # An offer made "kepada A, mantan peneliti X" still tells A's past post.
        (
            "Arunika Labs menawarkan gaji besar kepada Budi Wiratama, mantan peneliti Cakra Neural.",
            True,
        ),
    ],
)
def test_move_told_reads_no_move_of_one_spoken_to_or_of_what_one_says(
    sentence: str, kept: bool
) -> None:
    p = prep(f"Kabar Cakra Neural\n\n{sentence}\n")
    ex = run(p, [dep(sid(p, "Budi"), "Budi Wiratama", "Cakra Neural")])
    assert ("Budi Wiratama" in {d.person for d in ex.departures}) is kept


def test_move_told_reads_no_move_in_a_past_post_that_names_no_organisation() -> None:
    text = (
        "Perombakan di Cakra Neural\n\nLaras Anindita, mantan Kepala Keamanan Siber, akan menjadi"
        " Kepala Keamanan Cakra Neural mulai bulan depan.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "mantan"), "Laras Anindita", "Cakra Neural")])
    # A past post with no organisation after the name is a post, not a place she left.
    assert ex.departures == [] and dropped(ex) == ["move_told"]
    named = prep(text.replace("Keamanan Siber,", "Keamanan Bentala Data,"))
    answer = dep(sid(named, "mantan"), "Laras Anindita", "Bentala Data", "Cakra Neural")
    assert [d.from_org for d in run(named, [answer]).departures] == ["Bentala Data"]


def test_group_moves_reads_a_group_brought_from_one_organisation_to_another() -> None:
    text = (
        "Cakra Neural Menambah Tim\n\nTransaksi itu turut membawa sejumlah staf senior dari"
        " Bentala Data ke Cakra Neural.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    # "membawa <group> dari X ke Y": brought from X, to Y.
    assert (None, "Bentala Data", "Cakra Neural") in moves
    kept = prep(text.replace("membawa", "mempertahankan"))
    assert not run(kept, propose=True).departures


def test_group_moves_reads_an_adjective_with_ter_inside_the_groups_noun_phrase() -> None:
    text = (
        "Cakra Neural Menambah Tim\n\nCakra Neural menyambut belasan talenta terkemuka asal tim"
        " Bentala Data pekan ini.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    # "terkemuka" describes the talents: the noun phrase goes on to their organisation.
    assert (None, "Bentala Data", "Cakra Neural") in moves
    spoke = prep(text.replace("talenta terkemuka asal tim", "talenta, kata juru bicara tim"))
    assert (None, "Bentala Data", "Cakra Neural") not in {
        (d.person, d.from_org, d.to_org) for d in run(spoke, propose=True).departures
    }


def test_group_moves_reads_a_lay_off_written_with_its_abbreviation_in_brackets() -> None:
    text = (
        "PHK di Cakra Neural\n\nCakra Neural tiba-tiba menjalankan pemutusan hubungan kerja (PHK)"
        " terhadap hampir 300 pegawai bagian data.\n"
    )
    moves = {(d.person, d.from_org) for d in run(prep(text), propose=True).departures}
    assert (None, "Cakra Neural") in moves
    # A bracket holding more than an abbreviation is an aside, not the lay-off's name.
    aside = prep(text.replace("(PHK)", "(yang dibantah perusahaan)"))
    assert (None, "Cakra Neural") not in {
        (d.person, d.from_org) for d in run(aside, propose=True).departures
    }


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        # Words between the lay-off and its group: "PHK lagi", "PHK massal kepada".
        ("Bentala Data pada Kamis PHK lagi sekitar 200 orang di bagian data.", 200),
        ("Bentala Data melakukan PHK massal kepada 3 ribu karyawannya.", 3_000),
        # A possessed staff noun is the group of the one that fires it.
        ("Bentala Data memecat 40 karyawannya pekan ini.", 40),
        # A group told as struck by a lay-off left its own organisation.
        ("Ratusan karyawan Bentala Data terdampak PHK akibat efisiensi.", None),
        ("Sebanyak 120 pekerja Bentala Data dirumahkan bulan lalu.", 120),
    ],
)
def test_group_moves_reads_lay_offs_with_words_between_possessed_groups_and_passives(
    sentence: str, count: int | None
) -> None:
    ex = run(prep(f"Kabar Industri\n\n{sentence}\n"), propose=True)
    assert [(d.person, d.from_org, d.to_org, d.count) for d in ex.departures] == [
        (None, "Bentala Data", None, count)
    ]


def test_group_moves_reads_a_share_of_a_counted_group_and_its_members() -> None:
    text = (
        "Kabar Industri\n\nBentala Data menggaet sebagian besar dari 45 peneliti Arunika Labs,"
        " termasuk para pendiri Banyu Samudro dan Sekar Ayuningtyas.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    assert moves == {
        (None, "Arunika Labs", "Bentala Data"),
        ("Banyu Samudro", "Arunika Labs", "Bentala Data"),
        ("Sekar Ayuningtyas", "Arunika Labs", "Bentala Data"),
    }


@pytest.mark.parametrize(
    "told",
    [
        "meninggalkan perusahaan demi bergabung dengan Arunika Labs",
        "meninggalkan perusahaan tersebut dan bergabung dengan Arunika Labs",
    ],
)
def test_group_moves_reads_the_company_left_as_the_storys_one(told: str) -> None:
    text = (
        "Kabar Bentala Data\n\nBentala Data merilis model baru. Bentala Data membuka kantor."
        f" Bentala Data menambah server.\n\nSedikitnya tiga puluh staf pemasaran sudah {told}.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    assert moves == {(None, "Bentala Data", "Arunika Labs")}
    # A company named after the noun is that company, not the story's.
    named = prep(text.replace(" perusahaan ", " perusahaan Cakra Neural ").replace("tersebut ", ""))
    assert (None, "Bentala Data", "Arunika Labs") not in {
        (d.person, d.from_org, d.to_org) for d in run(named, propose=True).departures
    }


def test_group_moves_needs_a_lay_off_word_for_a_possessed_group() -> None:
    # The same group with a verb of growth is no move.
    ex = run(
        prep("Kabar Industri\n\nBentala Data menambah 40 karyawannya pekan ini.\n"), propose=True
    )
    assert ex.departures == []


def test_group_moves_gives_a_lay_off_by_a_description_to_the_storys_organisation() -> None:
    text = (
        "PHK di Cakra Neural\n\nCakra Neural menambah tim riset. Cakra Neural membuka kantor"
        " baru.\n\nBeberapa pekan setelah Bentala Data menanam dana ke Cakra Neural, startup"
        " asal Bandung itu mengumumkan PHK yang menyasar 150 staf tetapnya.\n"
    )
    moves = {(d.person, d.from_org) for d in run(prep(text), propose=True).departures}
    # "startup ... itu" is the company the story is about, not the investor named first.
    assert (None, "Cakra Neural") in moves and (None, "Bentala Data") not in moves
    plain = prep(text.replace("startup asal Bandung itu mengumumkan", "Bentala Data mengumumkan"))
    assert (None, "Bentala Data") in {
        (d.person, d.from_org) for d in run(plain, propose=True).departures
    }


def test_money_to_hire_people_is_a_pay_candidate() -> None:
    p = prep(
        "Perburuan Talenta Kecerdasan Buatan\n\n"
        "Tak ada yang lebih ramai dibicarakan selain sebuah penawaran kerja bernilai US$50 juta"
        " dari Bentala Data.\n\n"
        "Cakra Neural rela menyiapkan US$20 juta demi menggaet peneliti andal.\n\n"
        "Cakra Neural juga menggelontorkan US$2 miliar untuk pusat data baru.\n"
    )
    texts = [o.sentence.text for o in p.candidates.offers]
    # A job offer ("penawaran kerja") and money spent to hire ("untuk menggaet") are pay.
    assert any("penawaran kerja" in t for t in texts)
    assert any("menggaet" in t for t in texts)
    # Money poured into a data centre is not.
    assert not any("pusat data" in t for t in texts)


def test_followers_share_move_gives_a_follower_the_destination_of_the_move_followed() -> None:
    text = (
        "Eksodus dari Bentala Data\n\nCakra Neural merekrut Laras Anindita dari Bentala Data"
        " bulan lalu.\n\nNama-nama lain seperti Yoga Permana dan Sekar Ayuningtyas dari Bentala"
        " Data juga mengikuti jejak serupa.\n"
    )
    p = prep(text)
    answers = [
        dep(sid(p, "merekrut"), "Laras Anindita", "Bentala Data", "Cakra Neural"),
        dep(sid(p, "jejak"), "Yoga Permana", "Bentala Data"),
    ]
    moves = {(d.person, d.from_org, d.to_org) for d in run(p, answers, propose=True).departures}
    # "juga mengikuti jejak serupa": he went where the move he follows went.
    assert ("Yoga Permana", "Bentala Data", "Cakra Neural") in moves
    assert ("Yoga Permana", "Bentala Data", None) not in moves
    # Told leaving on his own, he follows no one: no destination is given to him.
    own = prep(text.replace("juga mengikuti jejak serupa", "juga keluar pekan ini"))
    answers = [
        dep(sid(own, "merekrut"), "Laras Anindita", "Bentala Data", "Cakra Neural"),
        dep(sid(own, "keluar"), "Yoga Permana", "Bentala Data"),
    ]
    moves = {(d.person, d.from_org, d.to_org) for d in run(own, answers, propose=True).departures}
    assert ("Yoga Permana", "Bentala Data", None) in moves


def test_move_told_reads_no_move_in_an_appointment() -> None:
    text = (
        "Dewan Cakra Neural Berbenah\n\nPemegang saham mendesak perusahaan agar mengangkat dua"
        " komisaris anyar, yaitu Laras Anindita dan Yoga Permana.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "mengangkat"), "Laras Anindita", "Cakra Neural")])
    # Appointing ("menunjuk", "mengangkat") gives a post; it tells no move by itself.
    assert ex.departures == [] and dropped(ex) == ["move_told"]
    hired = prep(
        text.replace("agar mengangkat dua komisaris", "merekrut dua komisaris Bentala Data")
    )
    kept = run(
        hired, [dep(sid(hired, "merekrut"), "Laras Anindita", "Bentala Data", "Cakra Neural")]
    )
    assert [d.person for d in kept.departures] == ["Laras Anindita"]


def test_move_told_reads_the_clause_before_a_list_of_members() -> None:
    text = (
        "Bentala Data Menambah Tim\n\nKabar dari Yoga Permana memastikan sejumlah peneliti Cakra Neural yang"
        " siap pindah ke Bentala Data, antara lain Laras Anindita dan Sekar Ayuningtyas.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "antara lain"), "Laras Anindita", "Cakra Neural", "Bentala Data")])
    # "..., antara lain A dan B": the list names those the clause before it moves.
    assert [(d.person, d.to_org) for d in ex.departures] == [("Laras Anindita", "Bentala Data")]
    met = prep(text.replace(", antara lain", ". Ia menemui"))
    answer = dep(sid(met, "menemui"), "Laras Anindita", "Cakra Neural", "Bentala Data")
    assert run(met, [answer]).departures == []


def test_hired_moves_reads_the_title_set_after_the_name_hired() -> None:
    text = (
        "Bentala Data Menambah Tim\n\nSebelumnya, Bentala Data sudah merekrut Laras Anindita, CEO"
        " Cakra Neural.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    # "merekrut A, CEO X": the title after her name says where she came from.
    assert ("Laras Anindita", "Cakra Neural", "Bentala Data") in moves
    # A post she is hired into is no origin: "merekrut A, untuk memimpin X".
    post = prep(text.replace("Anindita, CEO Cakra", "Anindita, untuk memimpin Cakra"))
    assert ("Laras Anindita", "Cakra Neural", "Bentala Data") not in {
        (d.person, d.from_org, d.to_org) for d in run(post, propose=True).departures
    }


def test_former_now_at_reads_a_second_leader_after_an_appositive() -> None:
    text = (
        "Kabar Industri\n\nLab baru milik Arunika Labs dipimpin oleh Banyu Samudro, mantan CEO"
        " Bentala Data, bersama Sekar Ayuningtyas, mantan CEO Cakra Neural.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    assert moves == {
        ("Banyu Samudro", "Bentala Data", "Arunika Labs"),
        ("Sekar Ayuningtyas", "Cakra Neural", "Arunika Labs"),
    }


def test_former_now_at_reads_a_unit_under_the_command_of_a_former_head() -> None:
    text = (
        "Cakra Neural Berbenah\n\nCakra Neural membentuk tiga tim riset baru di bawah komando"
        " Laras Anindita, mantan kepala Bentala Data.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    # "Y ... di bawah komando A, mantan kepala X": A leads at Y now, after X.
    assert ("Laras Anindita", "Bentala Data", "Cakra Neural") in moves
    near = prep(text.replace("di bawah komando", "di dekat kantor"))
    assert ("Laras Anindita", "Bentala Data", "Cakra Neural") not in {
        (d.person, d.from_org, d.to_org) for d in run(near, propose=True).departures
    }


def test_former_now_at_reads_a_unit_pointed_back_to_and_a_former_title_before_the_name() -> None:
    text = (
        "Kabar Industri\n\nCakra Neural membentuk divisi riset baru pekan ini."
        " Divisi ini dipimpin oleh mantan CTO Bentala Data, Laras Anindita, mulai bulan depan.\n"
    )
    moves = {(d.person, d.from_org, d.to_org) for d in run(prep(text), propose=True).departures}
    # "Divisi ini" stands for the organisation the sentence before names; "oleh mantan CTO X,
    # A" puts the former title before the name.
    assert ("Laras Anindita", "Bentala Data", "Cakra Neural") in moves
    # No unit pointed back to: no organisation joined is told.
    plain = prep(text.replace("Divisi ini dipimpin oleh", "Hal itu disambut"))
    assert not [d for d in run(plain, propose=True).departures if d.person == "Laras Anindita"]
    # An organisation of a clause before the unit is not where the leader is.
    clause = (
        "Kabar Industri\n\nCakra Neural mengajak peneliti dari Bentala Data agar bersatu dalam"
        " tim baru yang diketuai oleh mantan CEO Arunika Labs, Laras Anindita.\n"
    )
    assert ("Laras Anindita", "Arunika Labs", "Bentala Data") not in {
        (d.person, d.from_org, d.to_org) for d in run(prep(clause), propose=True).departures
    }


def test_move_told_reads_the_clause_of_the_title_a_name_is_set_beside() -> None:
    text = (
        "Kabar dari Cakra Neural\n\nKepergian Yoga Permana diumumkan setelah mundurnya kepala"
        " hukum Cakra Neural, Laras Anindita, pekan lalu.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "mundurnya"), "Laras Anindita", "Cakra Neural")])
    # "mundurnya <title> X, A": the name set beside the title shares its clause.
    assert [d.person for d in ex.departures] == ["Laras Anindita"]
    said = prep(text.replace("mundurnya", "pernyataan"))
    assert (
        run(said, [dep(sid(said, "pernyataan"), "Laras Anindita", "Cakra Neural")]).departures == []
    )


def test_leader_stays_unless_leaving_reads_the_leaving_in_any_sentence_naming_the_leader() -> None:
    from talent_extract.ground import departure_rules as D

    p = prep(
        "Kabar dari Cakra Neural\n\nLaras Anindita, Kepala Komunikasi Cakra Neural, hadir di"
        " acara itu.\n\nCakra Neural merilis model baru.\n\nLaras Anindita telah menyampaikan"
        " bahwa dirinya segera keluar dari perusahaan bulan depan.\n"
    )
    c = p.candidates
    ctx = R.Context(p.clean.text, c.sentences, c.persons, p.clean.title)
    draft = R.DepartureDraft("Laras Anindita", "Cakra Neural", None, "completed", sentence=1)
    # The sentence cited presents her as the head; two sentences on, her leaving is told: the
    # evidence moves there.
    verdict = D.leader_stays_unless_leaving(draft, ctx)
    assert isinstance(verdict, R.Change) and verdict.draft.sentence == 3
    stays = prep(
        p.clean.text.replace("segera keluar dari perusahaan", "segera memimpin peluncuran")
    )
    c = stays.candidates
    ctx = R.Context(stays.clean.text, c.sentences, c.persons, stays.clean.title)
    assert isinstance(D.leader_stays_unless_leaving(draft, ctx), R.Drop)


def test_pay_not_investment_drops_shares_sold_and_a_stake_in_percent_words() -> None:
    for sentence in (
        "Usai mendapat tawaran kerja baru dari Arunika Labs, Banyu Samudro melepas saham"
        " senilai US$ 3 juta.",
        "Arunika Labs menawarkan US$ 2 miliar untuk empat puluh persen saham Bentala Data.",
        "Arunika Labs rela menawarkan US$ 2 miliar untuk 40% saham Bentala Data.",
    ):
        p = prep(f"Kabar Arunika Labs\n\n{sentence}\n")
        ex = run(p, offers=[offer(money_id(p, "US$"), "Arunika Labs", "Banyu Samudro")])
        # Shares sold ("melepas saham") and a stake ("persen saham") are no pay.
        assert ex.offers == [] and dropped(ex) == ["pay_not_investment"]


def test_pay_not_investment_drops_usage_rights_and_a_settlement() -> None:
    for sentence in (
        "Arunika Labs membayar US$ 60 juta atas hak penggunaan teknologi Bentala Data.",
        "Arunika Labs juga membayar US$ 3 juta agar terhindar dari tuntutan hukum Bentala Data.",
    ):
        p = prep(
            f"Kabar Arunika Labs\n\nArunika Labs merekrut para pendiri Bentala Data. {sentence}\n"
        )
        ex = run(p, offers=[offer(money_id(p, "US$"), "Arunika Labs", "Bentala Data")])
        # Paying to use a company's models, or to settle its claims, is no pay for a person.
        assert ex.offers == [] and dropped(ex) == ["pay_not_investment"]


def test_speaker_not_mover_reads_no_speaker_after_an_active_speech_verb() -> None:
    text = (
        "Bentala Data Menambah Tim\n\nLaporan sebuah harian yang dikutip kantor berita menyatakan"
        " dua peneliti Cakra Neural bernama Laras Anindita dan Yoga Permana telah sepakat untuk"
        " pindah ke Bentala Data.\n"
    )
    p = prep(text)
    answer = dep(sid(p, "menyatakan"), "Laras Anindita", "Cakra Neural", "Bentala Data")
    # "X menyatakan ... A": X speaks, A is what is said.
    assert [d.person for d in run(p, [answer]).departures] == ["Laras Anindita"]
    # "menurut ... A", "kata A": A speaks.
    assert vocabulary._spoke(
        "Menurut peneliti senior Laras Anindita, pasar sedang ramai.", "Laras Anindita"
    )
    assert not vocabulary._spoke("Harian itu menyatakan Laras Anindita pindah.", "Laras Anindita")


def test_leader_stays_unless_leaving_reads_a_hired_group_as_the_object_not_the_leader() -> None:
    text = (
        "Perang Talenta\n\nCEO Cakra Neural Budi Wiratama memimpin rapat.\n\nWalau Bentala Data"
        " berhasil merekrut belasan peneliti AI sejauh ini, Budi Wiratama, CEO Cakra Neural,"
        " menilai mereka bukan yang terbaik.\n"
    )
    p = prep(text)
    answer = dep(sid(p, "belasan"), "Budi Wiratama", "Cakra Neural", "Bentala Data")
    # "merekrut belasan peneliti ...": the group is hired, not the head named after it.
    assert run(p, [answer]).departures == []
    hired = prep(text.replace("belasan peneliti AI sejauh ini,", "tokoh senior"))
    kept = run(
        hired, [dep(sid(hired, "tokoh senior"), "Budi Wiratama", "Cakra Neural", "Bentala Data")]
    )
    assert [d.person for d in kept.departures] == ["Budi Wiratama"]


def test_move_told_reads_no_move_in_a_threat_word_alone() -> None:
    text = (
        "Kabar dari Cakra Neural\n\nDewan Cakra Neural terdiri dari Laras Anindita dan Yoga"
        " Permana.\n\nGejolak internal mengancam stabilitas Cakra Neural.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "Dewan"), "Laras Anindita", "Cakra Neural")])
    # "mengancam stabilitas X" in the next sentence threatens a company, no one's leaving.
    assert ex.departures == [] and dropped(ex) == ["move_told"]
    quit = prep(
        text.replace("Gejolak internal mengancam stabilitas", "Keduanya mengancam mundur dari")
    )
    kept = run(quit, [dep(sid(quit, "Dewan"), "Laras Anindita", "Cakra Neural")])
    assert [d.person for d in kept.departures] == ["Laras Anindita"]


def test_destination_told_nearby_reads_any_sentence_about_the_mover() -> None:
    filler = "Pasar talenta AI sedang ramai. Gaji naik cepat. Banyak lab membuka kantor. Investor senang."
    text = (
        "Kabar dari Cakra Neural\n\nLaras Anindita keluar dari Cakra Neural pada Januari. "
        f"{filler}\n\nPekan ini Laras Anindita resmi bergabung dengan Bentala Data.\n"
    )
    p = prep(text)
    ex = run(p, [dep(sid(p, "keluar"), "Laras Anindita", "Cakra Neural")])
    # Five sentences on, a sentence about her tells where she went.
    assert [(d.from_org, d.to_org) for d in ex.departures] == [("Cakra Neural", "Bentala Data")]
    met = prep(text.replace("resmi bergabung dengan", "bertemu tim"))
    kept = run(met, [dep(sid(met, "keluar"), "Laras Anindita", "Cakra Neural")])
    assert [d.to_org for d in kept.departures] == [None]


# Offers of pay told with no figure (proposer offer_without_amount).


def unpriced(text: str, **kw: object) -> list[tuple[str | None, str | None, object]]:
    ex = run(prep(text), propose=True, **kw)  # type: ignore[arg-type]
    return [(o.offerer, o.recipient, o.amount) for o in ex.offers]


def test_offer_without_amount_reads_pay_offered_with_no_figure() -> None:
    text = """Persaingan Talenta

Cakra Neural menyodorkan remunerasi ekstra kepada para peneliti seniornya yang hendak pindah.
"""
    ex = run(prep(text), propose=True)
    assert [(o.offerer, o.recipient, o.amount) for o in ex.offers] == [
        ("Cakra Neural", "para peneliti seniornya", None)
    ]
    assert ex.offers[0].evidence.text.startswith("Cakra Neural menyodorkan")
    assert ("offer_without_amount", "record") in changed(ex)
    # Switched off, the article gives no offer: no money expression is there to ask about.
    assert unpriced(text, off=["offer_without_amount"]) == []


def test_offer_without_amount_none_when_negated_or_told_as_a_means() -> None:
    assert (
        unpriced("""Persaingan

Bentala Data tidak menjanjikan insentif apa pun musim ini. Arunika Labs merekrut tiga insinyur dengan tawaran bonus melimpah.
""")
        == []
    )


def test_offer_without_amount_payer_not_in_a_phrase_of_its_own_unless_relative() -> None:
    # "insinyur dari Bentala Data, lalu menjanjikan": Bentala Data is where the staff came from;
    # "pindah ke Cakra Neural yang menjanjikan": the relative clause is Cakra Neural's.
    got = unpriced("""Gaji

Arunika Labs membajak insinyur dari Bentala Data, lalu menjanjikan bonus berlipat. Dua peneliti kemudian pindah ke Cakra Neural yang menjanjikan insentif lebih tinggi.
""")
    assert [o[0] for o in got] == ["Cakra Neural"]


def test_offer_without_amount_each_listed_payer_and_a_payer_after_dari() -> None:
    assert sorted(
        o[0] or ""
        for o in unpriced("""Gaji

Cakra Neural dan Bentala Data sama-sama menjanjikan insentif tinggi demi memikat peneliti.
""")
    ) == ["Bentala Data", "Cakra Neural"]
    assert [
        o[0]
        for o in unpriced("""Tawaran

Banyu Samudro menerima tawaran remunerasi yang amat besar dari Arunika Labs.
""")
    ] == ["Arunika Labs"]


def test_offer_without_amount_bare_company_noun_is_the_story_org_not_after_a_quantifier() -> None:
    story = "Arunika Labs kehilangan dua peneliti. Arunika Labs kini gencar merekrut. "
    assert unpriced(f"""Arunika Labs

{story}Para peneliti Arunika Labs menyebut perusahaan sempat menyodorkan insentif khusus kepada tim inti.
""") == [("Arunika Labs", "tim inti", None)]
    assert (
        unpriced(f"""Arunika Labs

{story}Beberapa perusahaan menjanjikan bonus tinggi bagi para programer.
""")
        == []
    )


def test_offer_without_amount_none_for_a_payer_given_a_figure() -> None:
    p = prep("""Gaji

Cakra Neural menawarkan gaji Rp 9 miliar kepada Banyu Samudro. Cakra Neural juga menawarkan bonus besar kepada timnya.
""")
    ex = run(p, offers=[offer(money_id(p, "Banyu"), "Cakra Neural", "Banyu Samudro")], propose=True)
    assert [(o.offerer, o.amount.max if o.amount else None) for o in ex.offers] == [
        ("Cakra Neural", 9_000_000_000)
    ]


def test_payer_from_grammar_keeps_an_offerer_listed_with_the_marked_payer() -> None:
    # The grammar marks the last of "X dan Y menawarkan"; X pays as well.
    p = prep("""Gaji

Cakra Neural dan Bentala Data menawarkan gaji Rp 5 miliar kepada Banyu Samudro.
""")
    ex = run(p, offers=[offer(money_id(p, "Banyu"), "Cakra Neural", "Banyu Samudro")])
    assert [o.offerer for o in ex.offers] == ["Cakra Neural"]
    ex = run(p, offers=[offer(money_id(p, "Banyu"), "Arunika Labs", "Banyu Samudro")])
    assert [o.offerer for o in ex.offers] == ["Bentala Data"]


def test_head_pays_for_organisation_gives_the_offer_to_the_organisation_a_person_heads() -> None:
    # The grammar marks no payer here; the model named the head who spoke.
    p = prep("""Tawaran Bentala Data

Gaji Rp 5 miliar per tahun itu disiapkan untuk Sekar Ayu, kata CEO Bentala Data Banyu Samudro.
""")
    answer = offer(money_id(p, "Sekar"), "Banyu Samudro", "Sekar Ayu")
    ex = run(p, offers=[answer])
    assert [o.offerer for o in ex.offers] == ["Bentala Data"]
    assert ("head_pays_for_organisation", "offerer") in changed(ex)
    off = run(p, offers=[answer], off=["head_pays_for_organisation"])
    assert [o.offerer for o in off.offers] == ["Banyu Samudro"]


def test_head_pays_for_organisation_reads_heads_json_for_an_organisation_the_article_names() -> (
    None
):
    # No title in the article: data/heads.json lists who heads what. A head listed with two
    # organisations stands for neither when the article names both.
    one = prep("""Nvidia Memburu Peneliti

Nvidia sedang merekrut. Gaji US$ 5 juta itu disiapkan untuk Sekar Ayu, ujar Jensen Huang.
""")
    ex = run(one, offers=[offer(money_id(one, "Sekar"), "Jensen Huang", "Sekar Ayu")])
    assert [o.offerer for o in ex.offers] == ["Nvidia"]
    both = prep("""xAI dan Tesla

xAI dan Tesla sedang merekrut. Gaji US$ 5 juta itu disiapkan untuk Sekar Ayu, ujar Elon Musk.
""")
    ex = run(both, offers=[offer(money_id(both, "Sekar"), "Elon Musk", "Sekar Ayu")])
    assert [o.offerer for o in ex.offers] == ["Elon Musk"]


def test_move_told_reads_accepting_an_offer_from_an_organisation_as_joining_it() -> None:
    # "menerima tawaran dari X" (move_grammar_id.json accepting_offers): a move to X, shared
    # by the names of a list; a refusal of the same offer tells no move.
    p = prep("""Kabar Riset Terbaru

Tiga peneliti Bentala Data, yaitu Sekar Ayu, Raka Pratama, dan Banyu Samudro, kabarnya sudah menerima tawaran kerja dari Cakra Neural. Dita Lestari tidak menerima tawaran dari Cakra Neural.
""")
    s = sid(p, "Sekar")
    answers = [
        dep(s, name, "Bentala Data", "Cakra Neural", "reported")
        for name in ("Sekar Ayu", "Raka Pratama", "Banyu Samudro")
    ]
    ex = run(p, answers)
    assert [(d.person, d.to_org) for d in ex.departures] == [
        ("Sekar Ayu", "Cakra Neural"),
        ("Raka Pratama", "Cakra Neural"),
        ("Banyu Samudro", "Cakra Neural"),
    ]
    refused = run(p, [dep(sid(p, "Dita"), "Dita Lestari", "Bentala Data", "Cakra Neural")])
    assert refused.departures == []
    agreed = prep(p.article.text.replace("sudah menerima tawaran", "sudah menyetujui tawaran"))
    agreed_answer = dep(sid(agreed, "Sekar"), "Sekar Ayu", "Bentala Data", "Cakra Neural")
    assert len(run(agreed, [agreed_answer]).departures) == 1
    # Said of others a relative clause names, it is no move of the one who speaks with them.
    q = prep("""Kabar Riset Terbaru

Raka Pratama dari Bentala Data rutin menemui tiap orang yang menerima tawaran kerja dari Cakra Neural untuk membujuknya.
""")
    talker = run(q, [dep(sid(q, "Raka"), "Raka Pratama", "Bentala Data", "Cakra Neural")])
    assert talker.departures == []


def test_group_moves_reads_a_layoff_by_a_description_and_a_protest_at_the_story_org() -> None:
    story = "Cakra Neural kembali menjadi sorotan. Cakra Neural juga merugi tahun ini. "
    cut = prep(f"""Kabar Cakra Neural

{story}Pekan lalu, startup yang didirikan Banyu Samudro tersebut memangkas sedikitnya 450 pegawai di unit risetnya.
""")
    assert [(d.person, d.from_org, d.count) for d in run(cut, propose=True).departures] == [
        (None, "Cakra Neural", 450)
    ]
    protest = prep(f"""Kabar Cakra Neural

{story}Kabarnya, kira-kira sepuluh staf memutuskan keluar untuk memprotes kontrak Cakra Neural dengan militer.
""")
    assert [(d.person, d.from_org) for d in run(protest, propose=True).departures] == [
        (None, "Cakra Neural")
    ]
    # Another organisation named there: the grammar marks no origin, so no group is read.
    other = prep(f"""Kabar Cakra Neural

{story}Kabarnya, kira-kira sepuluh staf memutuskan keluar untuk memprotes kontrak Bentala Data dengan militer.
""")
    assert run(other, propose=True).departures == []


def test_group_moves_reads_parting_with_a_group_as_a_layoff() -> None:
    p = prep("""Restrukturisasi

Banyu Samudro mengumumkan bahwa Cakra Neural akan berpisah dengan sejumlah pegawai pada kuartal depan.
""")
    assert [(d.person, d.from_org) for d in run(p, propose=True).departures] == [
        (None, "Cakra Neural")
    ]


def test_byline_not_mover_reads_a_byline_with_its_dateline() -> None:
    # A byline with its dateline: the date's figures are no words.
    p = prep("""Peneliti Cakra Neural Keluar

Sekar Ayu, Selasa, 11 Maret 2025 09.15 | Waktu baca 3 menit

Seorang peneliti senior Cakra Neural keluar pekan ini. Kepergian itu mengejutkan banyak orang.
""")
    ex = run(p, [dep(sid(p, "senior"), "Sekar Ayu", "Cakra Neural")])
    assert ex.departures == [] and dropped(ex) == ["byline_not_mover"]


def test_remaining_not_mover_drops_the_ones_told_remaining() -> None:
    p = prep("""Pendiri Cakra Neural

Dari sembilan pendiri Cakra Neural, tujuh telah keluar dan cuma dua yang tersisa di sana: Raka Pratama dan Dita Lestari. Banyu Samudro masih bertahan di Bentala Data, sementara Sekar Ayu memilih pamit dan keluar.
""")
    stay = run(p, [dep(sid(p, "Raka"), "Raka Pratama", "Cakra Neural")])
    assert stay.departures == [] and dropped(stay) == ["remaining_not_mover"]
    kept = run(
        p, [dep(sid(p, "Raka"), "Raka Pratama", "Cakra Neural")], off=["remaining_not_mover"]
    )
    assert [d.person for d in kept.departures] == ["Raka Pratama"]
    # Told leaving in a part of her own, after another's stay: a mover.
    left = run(p, [dep(sid(p, "Sekar"), "Sekar Ayu", "Bentala Data")])
    assert [d.person for d in left.departures] == ["Sekar Ayu"]


def test_group_moves_reads_unquantified_staff_right_after_hiring() -> None:
    p = prep("""Cakra Neural Memborong

Cakra Neural menggelontorkan Rp 5 triliun demi merekrut staf andalan Bentala Data, termasuk CEO-nya.
""")
    assert [(d.person, d.from_org, d.to_org) for d in run(p, propose=True).departures] == [
        (None, "Bentala Data", "Cakra Neural")
    ]
    # One named person, a hiring only tried, or staff of no organisation: no group.
    for sentence in (
        "Cakra Neural merekrut peneliti utama Bentala Data, Sekar Ayu, pekan lalu.",
        "Cakra Neural kabarnya berupaya menggaet pakar andalan dari Bentala Data.",
        "Cakra Neural masih menggaet pekerja unggulan sepanjang musim ini.",
    ):
        ex = run(prep(f"Cakra Neural Memborong\n\n{sentence}\n"), propose=True)
        assert [d for d in ex.departures if d.person is None] == [], sentence


def test_headline_told_in_body_moves_a_section_line_offer_to_the_body() -> None:
    # The model called only the section line's rupiah an offer; the body tells it in dollars.
    p = prep("""Kabar Cakra Neural

Cakra Neural sedang merekrut peneliti. Kabarnya Cakra Neural menyiapkan paket untuk Sekar Ayu yang mencapai US$50 juta atau sekitar Rp 800 miliar.

Paket Besar: Bayaran sampai Rp 800 Miliar

Sekar Ayu belum menjawab tawaran itu.
""")
    line = next(c.id for c in p.candidates.offers if c.sentence.text.startswith("Paket Besar"))
    ex = run(p, offers=[offer(line, "Cakra Neural", "Sekar Ayu")])
    assert [(o.amount.max, o.amount.currency) for o in ex.offers if o.amount] == [
        (50_000_000, "USD")
    ]
    assert ex.offers[0].evidence.text.startswith("Kabarnya Cakra Neural")
    assert ("headline_told_in_body", "amount") in changed(ex)
    off = run(p, offers=[offer(line, "Cakra Neural", "Sekar Ayu")], off=["headline_told_in_body"])
    assert [(o.amount.max, o.amount.currency) for o in off.offers if o.amount] == [
        (800_000_000_000, "IDR")
    ]


def test_worth_not_pay_drops_what_a_company_is_worth_not_what_an_offer_is() -> None:
    p = prep("""Arunika Labs Merekrut

Menurut catatan bursa, Arunika Labs bernilai sekitar US$ 2 miliar, dan kini merekrut dengan gaji besar.
""")
    m = money_id(p, "bursa")
    ex = run(p, offers=[offer(m, "Arunika Labs")])
    assert ex.offers == [] and dropped(ex) == ["worth_not_pay"]
    assert len(run(p, offers=[offer(m, "Arunika Labs")], off=["worth_not_pay"]).offers) == 1
    # The worth of an offer, not of the company: "tawaran Arunika Labs bernilai ...".
    q = prep("""Arunika Labs Merekrut

Tawaran gaji Arunika Labs bernilai US$ 5 juta untuk Sekar Ayu.
""")
    kept = run(q, offers=[offer(money_id(q, "Sekar"), "Arunika Labs", "Sekar Ayu")])
    assert [o.offerer for o in kept.offers] == ["Arunika Labs"]


def test_budget_not_offer_drops_a_companys_budget_for_the_pay_of_all_its_staff() -> None:
    p = prep("""Arunika Labs Mengganti Gaji Tunai

Tahun ini Arunika Labs menargetkan sekitar US$ 3 miliar dari kompensasi saham untuk seluruh pegawai.
Arunika Labs juga menawarkan gaji US$ 4 juta kepada Sekar Ayu.
""")
    budget, pay = money_id(p, "menargetkan"), money_id(p, "Sekar")
    answers = [offer(budget, "Arunika Labs"), offer(pay, "Arunika Labs", "Sekar Ayu")]
    ex = run(p, offers=answers)
    assert [o.recipient for o in ex.offers] == ["Sekar Ayu"]
    assert dropped(ex) == ["budget_not_offer"]
    assert len(run(p, offers=answers, off=["budget_not_offer"]).offers) == 2
    # The same words before money offered to someone: an offer, kept.
    named = run(p, offers=[offer(budget, "Arunika Labs", "Sekar Ayu")])
    assert [o.recipient for o in named.offers] == ["Sekar Ayu"]


def test_deal_told_again_drops_a_hire_price_the_article_then_tells_as_a_deals() -> None:
    p = prep("""Bentala Data Memanggil Pulang Pendirinya

Bentala Data disebut siap memberi imbalan hingga US$ 2 miliar supaya Sekar Ayu pulang.
Laporan pasar menyebut Bentala Data membayar kira-kira US$ 2 miliar demi lisensi model Arunika Labs, termasuk memboyong Sekar Ayu.
Bentala Data juga menawarkan gaji US$ 5 juta kepada Dimas Pratama.
""")
    hire, pay = money_id(p, "supaya"), money_id(p, "Dimas")
    answers = [
        offer(hire, "Bentala Data", "Sekar Ayu"),
        offer(pay, "Bentala Data", "Dimas Pratama"),
    ]
    ex = run(p, offers=answers)
    assert [o.recipient for o in ex.offers] == ["Dimas Pratama"]
    assert dropped(ex) == ["deal_told_again"]
    assert len(run(p, offers=answers, off=["deal_told_again"]).offers) == 2
    # Told again as pay ("gaji"), the same amount stays an offer.
    q = prep(p.clean.text.replace("demi lisensi model Arunika Labs", "sebagai gaji"))
    kept = run(q, offers=[offer(money_id(q, "supaya"), "Bentala Data", "Sekar Ayu")])
    assert [o.recipient for o in kept.offers] == ["Sekar Ayu"]


def test_offerer_where_recipient_went_names_the_payer_a_passive_offer_leaves_out() -> None:
    text = """Laras Pindah

Laras Anindita resmi pindah dari Cakra Neural ke Arunika Labs pekan ini.
Sebelumnya, Laras dikabarkan ditawari paket gaji hingga US$ 5 juta.
"""
    p = prep(text)
    move = dep(sid(p, "resmi pindah"), "Laras Anindita", "Cakra Neural", "Arunika Labs")
    answer = offer(money_id(p, "ditawari"), "Cakra Neural", "Laras Anindita")
    ex = run(p, [move], offers=[answer])
    # No payer in the money's sentence: the pay came from where she went.
    assert [o.offerer for o in ex.offers] == ["Arunika Labs"]
    assert ("offerer_where_recipient_went", "offerer") in changed(ex)
    assert [
        o.offerer for o in run(p, [move], [answer], off=["offerer_where_recipient_went"]).offers
    ] == ["Cakra Neural"]
    # An offer made to keep her is her old employer's.
    kept = prep(
        text.replace("paket gaji hingga US$ 5 juta.", "bonus retensi US$ 5 juta agar bertahan.")
    )
    again = offer(money_id(kept, "ditawari"), "Cakra Neural", "Laras Anindita")
    move2 = dep(sid(kept, "resmi pindah"), "Laras Anindita", "Cakra Neural", "Arunika Labs")
    assert [o.offerer for o in run(kept, [move2], offers=[again]).offers] == ["Cakra Neural"]
    # Nor is one the article titles head of the organisation she went to (her own company).
    head = prep(text + "CEO Arunika Labs, Laras Anindita, menolak berkomentar.\n")
    move3 = dep(sid(head, "resmi pindah"), "Laras Anindita", "Cakra Neural", "Arunika Labs")
    third = offer(money_id(head, "ditawari"), "Cakra Neural", "Laras Anindita")
    assert [o.offerer for o in run(head, [move3], offers=[third]).offers] == ["Cakra Neural"]


def test_market_pay_not_offer_drops_what_a_kind_of_worker_earns() -> None:
    p = prep(
        "Pasar Talenta\n\nMenurut survei tahunan Bentala Group, insinyur robotika di Surabaya"
        " memperoleh bayaran hingga US$ 210 ribu per tahun. Arunika Labs menawarkan gaji US$ 2"
        " juta per tahun. Insinyur yang menerima tawaran itu memperoleh bayaran US$ 400 ribu."
        " Seorang insinyur robotika disebut memperoleh bayaran US$ 900 ribu.\n"
    )
    answers = [
        offer(money_at(p, m), "Arunika Labs", "insinyur robotika")
        for m in ("hingga US$ 210", "US$ 2", "US$ 400", "US$ 900")
    ]
    ex = run(p, offers=answers)
    # A sentence that names an offer ("tawaran"), or one person's pay ("Seorang insinyur"), is
    # left to the other rules.
    assert sorted(o.amount.min or o.amount.max for o in ex.offers if o.amount) == [
        400_000,
        900_000,
        2_000_000,
    ]
    assert dropped(ex) == ["market_pay_not_offer"]
    off = run(p, offers=answers, off=["market_pay_not_offer"])
    assert "market_pay_not_offer" not in dropped(off)
    assert len(off.offers) == 4
