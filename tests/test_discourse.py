"""Which sentences go on about a person (``ground/discourse.py``) and the list reading of
``move_grammar`` that a bracketed aside must not break; invented text only."""

# ruff: noqa: E501  (invented articles keep each paragraph on one line, as pages do)

from __future__ import annotations

import datetime as dt

from talent_extract import Article
from talent_extract.ground.discourse import sentences_about
from talent_extract.ground.framework import Context
from talent_extract.ground.move_grammar import part_about
from talent_extract.pipeline import prepare


def ctx(text: str) -> Context:
    p = prepare(Article(text=text, published=dt.date(2025, 3, 10)))
    c = p.candidates
    return Context(p.clean.text, c.sentences, c.persons, p.clean.title)


STORY = ctx(
    """Kabar dari Kantor Riset

Wulan Prameswari mengundurkan diri dari lembaga riset itu pekan lalu setelah enam tahun bekerja.

Rekan-rekannya menyebut keputusan itu mengejutkan banyak pihak di kantor.

Ia kini menyiapkan perusahaan rintisan di bidang pangan.

Hendra Kusuma dan Wulan Prameswari sempat memimpin satu tim yang sama.

Dia menolak berkomentar soal rencana itu.
"""
)


def _index(c: Context, needle: str) -> int:
    return next(s.index for s in c.sentences if needle in s.text)


def test_a_pronoun_sentence_goes_on_about_the_one_person_named_before_it() -> None:
    about = sentences_about(STORY, "Wulan Prameswari")
    assert _index(STORY, "Ia kini") in about
    # Named together with someone else: "Dia" after that is not read as hers.
    assert _index(STORY, "Dia menolak") not in about
    assert _index(STORY, "Hendra Kusuma dan") in about  # named there
    assert _index(STORY, "Ia kini") not in sentences_about(STORY, "Hendra Kusuma")


def test_a_pronoun_three_sentences_after_the_name_is_no_longer_about_them() -> None:
    far = ctx(
        """Kabar dari Kantor Riset

Wulan Prameswari mengundurkan diri dari lembaga riset itu pekan lalu.

Kantor itu sudah berdiri sejak 1998 di Bandung.

Gedungnya baru direnovasi tahun ini.

Ia kini menyiapkan perusahaan rintisan di bidang pangan.
"""
    )
    assert _index(far, "Ia kini") not in sentences_about(far, "Wulan Prameswari")


def test_a_bracketed_aside_inside_a_list_of_names_keeps_the_shared_predicate() -> None:
    c = ctx(
        """Dua Nama

Nama lain seperti Wulan Prameswari (mantan peneliti lembaga itu) dan Hendra Kusuma telah lebih dahulu pindah ke kantor baru.
"""
    )
    s = c.sentences[_index(c, "Nama lain")]
    part = part_about(s, "Wulan Prameswari", c.persons)
    assert part is not None and "pindah ke kantor baru" in part


def test_every_name_of_a_plain_list_shares_its_predicate() -> None:
    c = ctx(
        """Empat Pindah

Empat peneliti lembaga itu—Wulan Prameswari, Hendra Kusuma, Rina Hapsari, dan Galih Pranata—telah pindah ke kantor baru.
"""
    )
    s = c.sentences[_index(c, "Empat peneliti")]
    for name in ("Wulan Prameswari", "Hendra Kusuma", "Rina Hapsari", "Galih Pranata"):
        part = part_about(s, name, c.persons)
        assert part is not None and "pindah ke kantor baru" in part, name
    # An aside with words still closes the first person's part ("A, yang ... bersama B, mundur").
    aside = ctx(
        """Dua Nama

Wulan Prameswari, yang mendirikan lembaga itu bersama Hendra Kusuma, mundur pekan lalu.
"""
    )
    s = aside.sentences[_index(aside, "Wulan")]
    assert "mundur" in (part_about(s, "Wulan Prameswari", aside.persons) or "")


def test_an_offer_from_an_organisation_is_not_where_someone_came_from() -> None:
    from talent_extract.ground.move_grammar import read_move

    c = ctx(
        """Tawaran Diterima

Wulan Prameswari telah menyetujui tawaran kerja dari Meta pekan lalu.

Hendra Kusuma keluar dari Meta pekan lalu.
"""
    )
    offered = c.sentences[_index(c, "Wulan")]
    assert read_move(offered, "Wulan Prameswari", c.persons).origins == ()
    left = c.sentences[_index(c, "Hendra")]
    assert read_move(left, "Hendra Kusuma", c.persons).origins == ("Meta",)


def test_a_founders_new_company_after_a_word_of_purpose_is_where_they_went() -> None:
    from talent_extract.ground.move_grammar import read_move

    c = ctx(
        """Mendirikan Sendiri

Wulan Prameswari keluar dari Meta untuk mendirikan Anthropic bersama dua rekannya.

Hendra Kusuma, yang ikut mendirikan Meta, tetap di sana.
"""
    )
    went = read_move(c.sentences[_index(c, "Wulan")], "Wulan Prameswari", c.persons)
    assert (went.origins, went.destinations) == (("Meta",), ("Anthropic",))
    stayed = read_move(c.sentences[_index(c, "Hendra")], "Hendra Kusuma", c.persons)
    assert stayed.destinations == ()  # "yang ikut mendirikan X" is the past, no move


def test_a_name_in_a_bracketed_clause_has_only_the_aside_as_its_part() -> None:
    c = ctx(
        """Perekrutan Besar

Bentala Data (di mana Wulan Prameswari adalah anggota dewan) telah merekrut sebagian besar karyawan lembaga itu.

Tim baru itu dipimpin Hendra Kusuma (mantan peneliti) yang keluar dari lembaga itu.
"""
    )
    s = c.sentences[_index(c, "anggota dewan")]
    assert (
        part_about(s, "Wulan Prameswari", c.persons)
        == "di mana Wulan Prameswari adalah anggota dewan"
    )
    # A short bracket after a name is an aside about them, not a clause around them.
    t = c.sentences[_index(c, "Tim baru")]
    assert "keluar dari" in (part_about(t, "Hendra Kusuma", c.persons) or "")
