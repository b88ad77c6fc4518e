"""Tests for talent_extract.find.quotes: quote candidates and deterministic speaker attribution.

Person mentions are built by hand here (offsets via str.find), so these tests do not depend on
the name index.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talent_extract.find.quotes import (
    Attribution,
    QuoteCandidate,
    attribute_quotes,
    find_quotes,
    find_terms,
)
from talent_extract.text.spans import PersonMention

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def mention(text: str, surface: str, name: str | None = None, nth: int = 0) -> PersonMention:
    """The ``nth`` occurrence of ``surface`` in ``text`` as a PersonMention."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(surface, start + 1)
        assert start >= 0, surface
    return PersonMention(start, start + len(surface), surface, name or surface)


def mentions(text: str, table: dict[str, list[str]]) -> list[PersonMention]:
    """Every whole-word occurrence of each surface (longest first, no overlaps)."""
    pairs = sorted(((s, n) for n, ss in table.items() for s in ss), key=lambda p: -len(p[0]))
    taken: list[tuple[int, int]] = []
    out: list[PersonMention] = []
    for surface, name in pairs:
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            whole = (start == 0 or not text[start - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            )
            if whole and not any(start < e and s < end for s, e in taken):
                taken.append((start, end))
                out.append(PersonMention(start, end, surface, name))
            start = text.find(surface, start + 1)
    return sorted(out, key=lambda p: p.start)


def attribute(text: str, persons: list[PersonMention]) -> list[tuple[str, Attribution]]:
    quotes = find_quotes(text)
    return [
        (q.inner, a) for q, a in zip(quotes, attribute_quotes(text, quotes, persons), strict=True)
    ]


def summary(a: Attribution) -> tuple[str | None, str, bool]:
    return (a.speaker, a.cue, a.confident)


# ---------------------------------------------------------------------------------------------
# find_quotes


def test_offsets_marks_and_trailing_comma() -> None:
    text = "“Kami akan terus berinvestasi pada riset dasar,” kata Sundar Pichai."
    (q,) = find_quotes(text)
    assert q.inner == "Kami akan terus berinvestasi pada riset dasar,"
    assert text[q.start : q.end] == q.inner
    assert (q.open_start, q.close_end) == (0, text.index("”") + 1)
    assert q.paragraph == 0 and not q.is_term and not q.continues_previous and not q.open_ended


def test_curly_and_straight_and_other_marks() -> None:
    text = (
        'Budi berkata "Kami tidak akan pindah ke mana pun." Lalu Ani menjawab, “Saya juga tetap '
        "di sini, setidaknya sampai akhir tahun.” Rekannya menulis „Tawaran itu terlalu bagus "
        "untuk ditolak,“ dan «Kami semua terkejut dengan angkanya». Ia menyebut ‘sesuatu yang "
        "tidak masuk akal sama sekali’ tetapi juga ‘AI winter’."
    )
    inners = [q.inner for q in find_quotes(text)]
    assert inners == [
        "Kami tidak akan pindah ke mana pun.",
        "Saya juga tetap di sini, setidaknya sampai akhir tahun.",
        "Tawaran itu terlalu bagus untuk ditolak,",
        "Kami semua terkejut dengan angkanya",
        "sesuatu yang tidak masuk akal sama sekali",
    ]
    assert [t.inner for t in find_terms(text)] == ["AI winter"]


def test_multi_sentence_quote_is_one_candidate() -> None:
    text = (
        '"Itulah yang terjadi pada hari Jumat. Demikian pula yang terjadi hari ini. Dan kami '
        'yakin hal itu akan terjadi besok," kata Nadella.'
    )
    (q,) = find_quotes(text)
    assert q.inner.startswith("Itulah") and q.inner.endswith("besok,")
    assert q.inner.count(".") == 2


def test_terms_are_not_quotes() -> None:
    text = (
        "Periode itu dikenal sebagai “AI winter” di kalangan peneliti. Kepala teknologi Andrew "
        '“Boz” Bosworth menyebut "deepfake" berbahaya, sementara tim “Superalignment” dan '
        "“Meta Superintelligence Labs” dibubarkan."
    )
    assert find_quotes(text) == []
    terms = find_terms(text)
    assert [t.inner for t in terms] == [
        "AI winter",
        "Boz",
        "deepfake",
        "Superalignment",
        "Meta Superintelligence Labs",
    ]
    assert all(t.is_term for t in terms)
    assert all(text[t.start : t.end] == t.inner for t in terms)


def test_short_quote_with_speech_verb_is_a_quote() -> None:
    text = "“Kami siap bertarung,” kata Budi Santoso. Ia menyebut “tim impian” sebagai target."
    assert [q.inner for q in find_quotes(text)] == ["Kami siap bertarung,"]
    assert [t.inner for t in find_terms(text)] == ["tim impian"]


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = (
        "“Ia bilang ‘kami tidak akan pergi ke mana-mana’ kepada saya,” kata Budi. "
        "“Dia menyebutnya “proyek gila” sejak awal,” tambah Ani."
    )
    quotes = find_quotes(text)
    assert [q.inner for q in quotes] == [
        "Ia bilang ‘kami tidak akan pergi ke mana-mana’ kepada saya,",
        "Dia menyebutnya “proyek gila” sejak awal,",
    ]


def test_unbalanced_marks_do_not_span_paragraphs() -> None:
    text = (
        'Ia menyebut "tim impian ini akan menang.\n\n'
        "Lalu “Kami siap bertarung,” kata Budi Santoso.\n\n"
        "“Ini awal dari sesuatu yang besar. Sejak itu semua berubah.\n\n"
        'Tim itu bubar. Paragraf "lain tanpa penutup.'
    )
    quotes = find_quotes(text)
    assert [q.inner for q in quotes] == ["Kami siap bertarung,"]
    assert quotes[0].paragraph == 1


def test_unclosed_opener_before_a_real_quote_in_same_paragraph() -> None:
    text = "Ia berkata “tidak ada lagi. Lalu “Kami siap bertarung hari ini,” kata Budi."
    assert [q.inner for q in find_quotes(text)] == ["Kami siap bertarung hari ini,"]


def test_a_typed_space_before_the_closing_mark_still_closes_the_quote() -> None:
    text = "“Kami memilih pergi dari proyek itu hari ini, ” kata seorang peneliti yang keluar."
    assert [q.inner for q in find_quotes(text)] == ["Kami memilih pergi dari proyek itu hari ini, "]
    # Only after the quote's own comma or stop: a mark between two spaces elsewhere closes nothing.
    assert find_quotes(text.replace("hari ini, ”", "hari ini ”")) == []


def test_multi_paragraph_quote() -> None:
    text = (
        "“Kami membangun laboratorium ini dari nol. Semua orang di sini bekerja keras.\n\n"
        "“Kami juga tahu banyak perusahaan ingin merekrut mereka.\n\n"
        "“Saya tidak akan pergi ke mana pun,” kata Mira Murati.\n\n"
        "Murati tidak menjawab pertanyaan lain."
    )
    quotes = find_quotes(text)
    assert [q.inner for q in quotes] == [
        "Kami membangun laboratorium ini dari nol. Semua orang di sini bekerja keras.",
        "Kami juga tahu banyak perusahaan ingin merekrut mereka.",
        "Saya tidak akan pergi ke mana pun,",
    ]
    assert [q.paragraph for q in quotes] == [0, 1, 2]
    assert [q.open_ended for q in quotes] == [True, True, False]
    assert [q.continues_previous for q in quotes] == [False, True, True]
    assert quotes[0].close_end == quotes[0].end == text.index("\n\n")

    persons = [mention(text, "Mira Murati"), mention(text, "Murati", "Mira Murati", nth=1)]
    atts = attribute_quotes(text, quotes, persons)
    assert [summary(a) for a in atts] == [
        ("Mira Murati", "continuation", True),
        ("Mira Murati", "continuation", True),
        ("Mira Murati", "after", True),
    ]


def test_paragraph_index_counts_blank_line_separated_paragraphs() -> None:
    text = (
        "Judul\n\nBaris satu\nbaris dua “Satu dua tiga empat lima.”\n \n"
        "Akhir “enam tujuh delapan sembilan.”"
    )
    assert [q.paragraph for q in find_quotes(text)] == [1, 2]


# ---------------------------------------------------------------------------------------------
# attribute_quotes: after-cue


def test_after_cue_with_role_and_interview_channel() -> None:
    text = (
        "“Kami akan terus berinvestasi pada riset dasar,” kata CEO Google Sundar Pichai dalam "
        "wawancara dengan CNBC."
    )
    p = mention(text, "Sundar Pichai")
    ((_, a),) = attribute(text, [p])
    assert a == Attribution(
        speaker="Sundar Pichai",
        speaker_start=p.start,
        speaker_end=p.end,
        speaker_role="CEO Google",
        channel="interview",
        cue="after",
        confident=True,
    )


def test_after_cue_short_surface_resolves_to_canonical_name_and_channel_x() -> None:
    text = (
        "Ilya Sutskever menandatangani surat itu. “Saya sangat menyesali partisipasi saya dalam "
        "tindakan dewan,” kata Sutskever dalam sebuah postingan di X (Twitter)."
    )
    persons = [mention(text, "Ilya Sutskever"), mention(text, "Sutskever", "Ilya Sutskever", 1)]
    ((_, a),) = attribute(text, persons)
    assert (a.speaker, a.channel, a.cue, a.confident) == ("Ilya Sutskever", "X", "after", True)
    assert text[a.speaker_start : a.speaker_end] == "Sutskever"


def test_after_cue_threads_channel_and_mention_inside_quote_ignored() -> None:
    text = (
        "“Shengjia akan menetapkan agenda penelitian untuk laboratorium baru kami,” tulis "
        "Zuckerberg dalam unggahan di Threads."
    )
    persons = [
        mention(text, "Shengjia", "Shengjia Zhao"),
        mention(text, "Zuckerberg", "Mark Zuckerberg"),
    ]
    ((_, a),) = attribute(text, persons)
    assert (a.speaker, a.channel, a.cue, a.confident) == (
        "Mark Zuckerberg",
        "Threads",
        "after",
        True,
    )


def test_after_cue_appositive_role_after_name() -> None:
    text = (
        "“Ini adalah pertunjukan terbaik yang pernah saya lihat,” tambah Miguel Fierro, "
        "Principal Data Scientist Manager raksasa teknologi tersebut."
    )
    ((_, a),) = attribute(text, [mention(text, "Miguel Fierro")])
    assert a.speaker == "Miguel Fierro"
    assert a.speaker_role == "Principal Data Scientist Manager raksasa teknologi tersebut"


def test_after_cue_role_before_appositive_name() -> None:
    text = "“Tim ini luar biasa,” kata salah satu pendiri OpenAI, Ilya Sutskever, kepada wartawan."
    ((_, a),) = attribute(text, [mention(text, "Ilya Sutskever")])
    assert (a.speaker, a.speaker_role, a.cue) == (
        "Ilya Sutskever",
        "salah satu pendiri OpenAI",
        "after",
    )


def test_after_cue_unknown_capitalised_speaker_kept_as_written() -> None:
    text = "“Kami senang sekali,” kata OpenAI dalam sebuah pernyataan."
    ((_, a),) = attribute(text, [])
    assert (a.speaker, a.channel, a.cue, a.confident, a.is_document) == (
        "OpenAI",
        "statement",
        "after",
        True,
        False,
    )


# ---------------------------------------------------------------------------------------------
# anonymous sources


def test_anonymous_description_keeps_relative_clause_stops_at_tetapi() -> None:
    text = (
        "“Orang-orang yang suka melakukan penelitian dipaksa untuk membuat produk,” kata seorang "
        "mantan karyawan yang bekerja di perusahaan AI pesaing tetapi memiliki teman di OpenAI."
    )
    ((_, a),) = attribute(text, [])
    speaker = "seorang mantan karyawan yang bekerja di perusahaan AI pesaing"
    assert a.speaker == speaker
    assert (a.speaker_start, a.speaker_end) == (
        text.index(speaker),
        text.index(speaker) + len(speaker),
    )
    assert (a.anonymous, a.cue, a.confident, a.is_document) == (True, "after", True, False)


def test_anonymous_description_with_comma_relative_clause() -> None:
    text = (
        "“Ini bisa mulai mengubah hal-hal,” kata seorang mantan staf OpenAI, yang sekarang "
        "bekerja di dunia akademis, tentang kehilangan ini."
    )
    ((_, a),) = attribute(text, [])
    assert a.speaker == "seorang mantan staf OpenAI, yang sekarang bekerja di dunia akademis"
    assert a.anonymous


@pytest.mark.parametrize(
    ("tail", "speaker", "channel"),
    [
        ("kata seorang sumber di Meta.", "seorang sumber di Meta", None),
        ("menurut sumber.", "sumber", None),
        ("kata seorang sumber di X.", "seorang sumber", "X"),
        (
            "kata sumber yang dekat dengan perusahaan, namun menolak disebutkan namanya.",
            "sumber yang dekat dengan perusahaan",
            None,
        ),
        (
            "kata seorang peneliti yang mengetahui negosiasi tersebut kepada Reuters.",
            "seorang peneliti yang mengetahui negosiasi tersebut",
            None,
        ),
        (
            "ujar salah satu pejabat perusahaan dalam wawancara telepon.",
            "salah satu pejabat perusahaan",
            "interview",
        ),
    ],
)
def test_anonymous_sources(tail: str, speaker: str, channel: str | None) -> None:
    text = "“Tekanan sudah ada sejak awal tahun ini dan terus meningkat,” " + tail
    ((_, a),) = attribute(text, [])
    assert (a.speaker, a.anonymous, a.channel, a.cue, a.confident) == (
        speaker,
        True,
        channel,
        "after",
        True,
    )


def test_description_naming_a_person_is_anonymous_but_not_confident() -> None:
    text = "Sam Altman dipecat. “Tim ini luar biasa,” kata seorang rekan Altman."
    persons = [mention(text, "Sam Altman"), mention(text, "Altman", "Sam Altman", 1)]
    ((_, a),) = attribute(text, persons)
    assert (a.speaker, a.anonymous, a.confident, a.candidates) == (
        "seorang rekan Altman",
        True,
        False,
        ["Sam Altman"],
    )


# ---------------------------------------------------------------------------------------------
# before-cue


def test_before_cue_mengatakan_with_role() -> None:
    text = (
        "Pendiri Anthropic Dario Amodei mengatakan, “Kami tidak akan mengejar gaji setinggi itu.”"
    )
    ((_, a),) = attribute(text, [mention(text, "Dario Amodei")])
    assert (a.speaker, a.speaker_role, a.cue, a.confident) == (
        "Dario Amodei",
        "Pendiri Anthropic",
        "before",
        True,
    )


def test_before_cue_menulis_di_x_with_colon() -> None:
    text = (
        'Sementara itu, Altman menulis di X: "Kami akan membangun tim yang lebih kuat dari '
        'sebelumnya."'
    )
    ((_, a),) = attribute(text, [mention(text, "Altman", "Sam Altman")])
    assert (a.speaker, a.channel, a.cue, a.confident) == ("Sam Altman", "X", "before", True)


def test_before_cue_menurut_with_appositive_role() -> None:
    text = (
        'Menurut Kepala Riset Apple, Ruoming Pang, "Tim kami tetap solid meski banyak yang pergi."'
    )
    ((_, a),) = attribute(text, [mention(text, "Ruoming Pang")])
    assert (a.speaker, a.speaker_role, a.cue) == ("Ruoming Pang", "Kepala Riset Apple", "before")


def test_before_cue_subject_after_adverbial_and_relative_clause() -> None:
    text = (
        "Dalam wawancara dengan Lex Fridman, Altman, yang dipecat pekan lalu, mengatakan: "
        "“Saya tidak menyesal sama sekali.”"
    )
    persons = [mention(text, "Lex Fridman"), mention(text, "Altman", "Sam Altman")]
    ((_, a),) = attribute(text, persons)
    assert (a.speaker, a.channel, a.cue, a.confident) == ("Sam Altman", "interview", "before", True)


def test_before_cue_pronoun_subject_resolves_back() -> None:
    text = (
        "Ilya Sutskever jarang berbicara kepada media. Ia mengatakan, "
        '"Keselamatan harus didahulukan sebelum produk."'
    )
    ((_, a),) = attribute(text, [mention(text, "Ilya Sutskever")])
    assert summary(a) == ("Ilya Sutskever", "nya", True)


# ---------------------------------------------------------------------------------------------
# -nya verbs


def test_katanya_with_one_person_is_confident_and_takes_appositive_role() -> None:
    text = (
        "Sejauh ini, di Arunika Labs, belum ada satu pun yang menerima tawaran.\n\n"
        "Direktur komunikasi Sinar Data, Hendra Kusuma, menepis kabar itu lewat surel ke redaksi. "
        "“Kami cuma mengajukan tawaran ke beberapa orang di Arunika,” katanya. “Yang jadi soal, "
        "siapa yang menyebarkan cerita ini dan untuk apa.”"
    )
    p = mention(text, "Hendra Kusuma")
    atts = attribute(text, [p])
    assert [summary(a) for _, a in atts] == [
        ("Hendra Kusuma", "nya", True),
        ("Hendra Kusuma", "continuation", True),
    ]
    assert [a.speaker_role for _, a in atts] == ["Direktur komunikasi Sinar Data"] * 2
    assert (atts[0][1].speaker_start, atts[0][1].speaker_end) == (p.start, p.end)
    assert atts[0][1].candidates == []


def test_ujarnya_with_two_persons_asks_the_model() -> None:
    text = (
        "Nat Friedman dan Daniel Gross bergabung dengan Meta pekan lalu.\n\n"
        "“Ini kesempatan yang tidak datang dua kali,” ujarnya."
    )
    persons = [mention(text, "Nat Friedman"), mention(text, "Daniel Gross")]
    ((_, a),) = attribute(text, persons)
    assert summary(a) == ("Daniel Gross", "nya", False)
    assert a.candidates == ["Daniel Gross", "Nat Friedman"]


def test_tulisnya_prefers_subject_over_possessive_but_is_not_confident() -> None:
    text = (
        "Salah satunya adalah Jan Leike. Melalui akun media sosial milik Elon Musk, X, ia "
        "menceritakan keputusannya.\n\n"
        "“Mundur dari pekerjaan ini merupakan salah satu hal yang tersulit,” tulisnya."
    )
    persons = [mention(text, "Jan Leike"), mention(text, "Elon Musk")]
    ((_, a),) = attribute(text, persons)
    assert summary(a) == ("Jan Leike", "nya", False)
    assert a.candidates == ["Elon Musk", "Jan Leike"]


def test_nya_skips_boilerplate_paragraph_and_uses_canonical_name() -> None:
    text = (
        "Leike merasa bahwa permasalahan tersebut sulit untuk teratasi.\n\n"
        "Baca Juga: Sam Altman Umumkan Produk Baru\n\n"
        "“Selama beberapa bulan terakhir tim saya berlayar melawan angin,” jelasnya."
    )
    persons = [mention(text, "Leike", "Jan Leike"), mention(text, "Sam Altman")]
    ((_, a),) = attribute(text, persons)
    assert summary(a) == ("Jan Leike", "nya", True)


def test_kata_dia_without_any_person() -> None:
    text = "“Ini bisa mengubah segalanya dalam industri,” kata dia."
    ((_, a),) = attribute(text, [])
    assert (a.speaker, a.cue, a.confident, a.candidates) == (None, "nya", False, [])


def test_nya_with_nobody_nearby_falls_back_to_earlier_person() -> None:
    text = (
        "Sam Altman kembali ke kantor.\n\n"
        "Dewan tidak berkomentar lebih jauh mengenai keputusan itu.\n\n"
        "Para investor menyambut baik langkah tersebut.\n\n"
        "“Kami akan terus maju bersama tim ini,” katanya."
    )
    ((_, a),) = attribute(text, [mention(text, "Sam Altman")])
    assert (a.speaker, a.cue, a.confident, a.candidates) == (
        "Sam Altman",
        "nya",
        False,
        ["Sam Altman"],
    )


# ---------------------------------------------------------------------------------------------
# documents


def test_document_speaker_and_continuation_in_same_paragraph() -> None:
    text = (
        '"Tindakan Anda menunjukkan bahwa Anda tidak mampu mengawasi OpenAI," kata surat itu. '
        '"Microsoft telah meyakinkan kami bahwa ada posisi untuk seluruh karyawan."'
    )
    atts = attribute(text, [])
    first = atts[0][1]
    assert (first.speaker, first.is_document, first.channel, first.cue, first.confident) == (
        "surat itu",
        True,
        "letter",
        "after",
        True,
    )
    assert text[first.speaker_start : first.speaker_end] == "surat itu"
    second = atts[1][1]
    assert (second.speaker, second.is_document, second.cue) == ("surat itu", True, "continuation")


@pytest.mark.parametrize(
    ("tail", "speaker", "channel"),
    [
        ("bunyi pernyataan tersebut.", "pernyataan tersebut", "statement"),
        ("tulis memo itu kepada karyawan.", "memo itu", "memo"),
    ],
)
def test_document_after_cues(tail: str, speaker: str, channel: str) -> None:
    text = "“Kami menolak seluruh tawaran itu tanpa pengecualian,” " + tail
    ((_, a),) = attribute(text, [])
    assert (a.speaker, a.is_document, a.channel, a.anonymous) == (speaker, True, channel, False)


def test_memo_dengan_mengatakan_named_organisation() -> None:
    text = (
        "Namun OpenAI tetap pada keputusannya dalam sebuah memo yang dikirimkan kepada karyawan "
        'pada Minggu malam, dengan mengatakan "Perilaku Sam dan kurangnya transparansi merusak '
        'kemampuan dewan untuk mengawasi perusahaan."'
    )
    ((_, a),) = attribute(text, [mention(text, "Sam", "Sam Altman")])
    assert (a.speaker, a.is_document, a.channel, a.cue, a.confident) == (
        "OpenAI",
        True,
        "memo",
        "before",
        True,
    )


def test_memo_dengan_mengatakan_without_author() -> None:
    text = (
        "Kepergian itu ditanggapi dalam sebuah memo internal, dengan mengatakan "
        '"Kami menghormati keputusan setiap karyawan yang memilih pergi."'
    )
    ((_, a),) = attribute(text, [])
    assert (a.speaker, a.is_document, a.channel, a.cue) == ("memo", True, "memo", "before")


# ---------------------------------------------------------------------------------------------
# continuation and intro


def test_continuation_in_next_paragraph() -> None:
    text = (
        '"Kami ingin bermitra dengan OpenAI dan dengan Sam," kata CEO Microsoft Satya Nadella '
        "dalam wawancara streaming Bloomberg.\n\n"
        '"Itulah yang terjadi pada hari Jumat. Dan kami yakin hal itu akan terjadi besok."\n\n'
        '"Ini paragraf baru tanpa penanda apa pun dari siapa pun."'
    )
    persons = [mention(text, "Sam", "Sam Altman"), mention(text, "Satya Nadella")]
    atts = attribute(text, persons)
    assert [summary(a) for _, a in atts] == [
        ("Satya Nadella", "after", True),
        ("Satya Nadella", "continuation", True),
        ("Satya Nadella", "continuation", True),
    ]
    assert atts[1][1].channel == "interview"
    assert atts[1][1].speaker_role == "CEO Microsoft"


def test_no_continuation_when_another_sentence_intervenes() -> None:
    text = (
        "“Kami siap bersaing dengan siapa pun,” kata Andy Stone. Meta menolak merinci angka. "
        "Perusahaan itu juga diam soal Murati. “Itu semua hanya rumor yang beredar.”"
    )
    persons = [mention(text, "Andy Stone"), mention(text, "Murati", "Mira Murati")]
    atts = attribute(text, persons)
    assert summary(atts[0][1]) == ("Andy Stone", "after", True)
    assert summary(atts[1][1]) == (None, "none", False)
    assert atts[1][1].candidates == ["Mira Murati", "Andy Stone"]


def test_intro_paragraph_with_colon() -> None:
    text = (
        "Berikut pesan rekrutmen Zuckerberg sebelum lab itu dibentuk:\n\n"
        "“Kami telah mengikuti karya Anda selama bertahun-tahun. Kami ingin menghadirkan "
        "orang-orang terbaik ke Meta.”\n\n"
        "Boz terbuka soal visinya."
    )
    persons = [
        mention(text, "Zuckerberg", "Mark Zuckerberg"),
        mention(text, "Boz", "Andrew Bosworth"),
    ]
    ((_, a),) = attribute(text, persons)
    assert (a.speaker, a.channel, a.cue, a.confident) == (
        "Mark Zuckerberg",
        "message",
        "intro",
        True,
    )


def test_intro_speaker_is_the_one_the_colon_sentence_names() -> None:
    text = (
        "Wulan Prameswari mengatakan bahwa ia yakin timnya akan bertahan. Namun Hendra Kusuma "
        "jauh lebih pesimistis:\n\n"
        "“Beberapa bulan ini kami kehabisan tenaga dan dana untuk riset yang penting.”"
    )
    persons = [mention(text, "Wulan Prameswari"), mention(text, "Hendra Kusuma")]
    ((_, a),) = attribute(text, persons)
    assert (a.speaker, a.cue, a.confident) == ("Hendra Kusuma", "intro", True)


def test_after_cue_names_a_social_media_account() -> None:
    text = (
        "Warganet ramai menanggapi kabar itu.\n\n"
        "“Semua ini soal politik kantor, bukan soal kinerja,” tulis akun @lintangsenja.\n\n"
        "“Saya belum punya rencana lain,” cuit akun @wibisono_r setelah ia mundur."
    )
    got = [summary(a) for _, a in attribute(text, [])]
    assert got[0] == ("@lintangsenja", "after", True)
    # A handle holding the surname of a person of the article is that person.
    text2 = text + " Raka Wibisono sebelumnya memimpin tim riset."
    persons2 = [mention(text2, "Raka Wibisono")]
    got2 = [summary(a) for _, a in attribute(text2, persons2)]
    assert got2[1] == ("Raka Wibisono", "after", True)


def test_intro_paragraph_naming_two_people_is_not_confident() -> None:
    text = (
        "Berikut pesan Zuckerberg kepada Nat Friedman:\n\n"
        "“Kami sedang membangun tim terbaik di dunia dan ingin Anda bergabung.”"
    )
    persons = [mention(text, "Zuckerberg", "Mark Zuckerberg"), mention(text, "Nat Friedman")]
    ((_, a),) = attribute(text, persons)
    assert (a.speaker, a.cue, a.confident) == ("Mark Zuckerberg", "intro", False)
    assert a.candidates == ["Nat Friedman", "Mark Zuckerberg"]


def test_intro_then_multi_paragraph_quote() -> None:
    text = (
        "Dalam memonya kepada staf, Altman menulis:\n\n"
        "“Kami kehilangan beberapa orang terbaik kami minggu ini. Ini menyakitkan.\n\n"
        "“Tetapi misi kami tidak berubah, dan tim yang tersisa akan menyelesaikannya.”"
    )
    atts = attribute(text, [mention(text, "Altman", "Sam Altman")])
    assert [summary(a) for _, a in atts] == [
        ("Sam Altman", "intro", True),
        ("Sam Altman", "continuation", True),
    ]
    assert [a.channel for _, a in atts] == ["memo", "memo"]
    assert atts[0][1].speaker_role is None


def test_no_cue_gives_candidates_nearest_first() -> None:
    text = (
        "Budi dan Ani hadir dalam acara itu bersama Citra.\n\n"
        "Tanpa penanda apa pun, “Tim ini luar biasa dan akan terus tumbuh.” Dedi tersenyum."
    )
    persons = [mention(text, n) for n in ("Budi", "Ani", "Citra", "Dedi")]
    ((_, a),) = attribute(text, persons)
    assert summary(a) == (None, "none", False)
    assert a.candidates == ["Dedi", "Citra", "Ani", "Budi"]


def test_attributions_follow_the_order_of_the_quotes_argument() -> None:
    text = "“Kami siap bersaing di pasar,” kata Andy Stone. “Kami juga siap kalah,” kata Budi."
    persons = [mention(text, "Andy Stone"), mention(text, "Budi")]
    quotes = find_quotes(text)
    atts = attribute_quotes(text, list(reversed(quotes)), persons)
    assert [a.speaker for a in atts] == ["Budi", "Andy Stone"]


# ---------------------------------------------------------------------------------------------
# the sample articles

SAMPLE_PEOPLE: dict[str, dict[str, list[str]]] = {
    "000": {
        "Mark Zuckerberg": ["Mark Zuckerberg", "Zuckerberg"],
        "Shengjia Zhao": ["Shengjia Zhao", "Zhao", "Shengjia"],
        "Alex": ["Alex"],
        "Yann LeCun": ["Yann LeCun"],
        "Jiahui Yu": ["Jiahui Yu"],
        "Lucas Beyer": ["Lucas Beyer"],
    },
    "001": {
        "Mira Murati": ["Mira Murati"],
        "Bob McCrew": ["Bob McCrew"],
        "Barret Zoph": ["Barret Zoph"],
        "Tim Brooks": ["Tim Brooks", "Brooks"],
    },
    "002": {
        "Mark Zuckerberg": ["Mark Zuckerberg", "Zuckerberg"],
        "Mira Murati": ["Mira Murati", "Murati"],
        "Andy Stone": ["Andy Stone"],
        "Andrew Bosworth": ["Andrew “Boz” Bosworth", "Boz"],
    },
    "003": {
        "Satya Nadella": ["Satya Nadella", "Nadella"],
        "Sam Altman": ["Sam Altman", "Altman", "Sam"],
        "Ilya Sutskever": ["Ilya Sutskever", "Sutskever"],
        "Mira Murati": ["Mira Murati"],
        "Emmett Shear": ["Emmett Shear", "Shear"],
        "Greg Brockman": ["Greg Brockman"],
        "Miguel Fierro": ["Miguel Fierro"],
    },
    "004": {
        "Jan Leike": ["Jan Leike", "Leike"],
        "Elon Musk": ["Elon Musk"],
        "Sam Altman": ["Sam Altman"],
    },
}

# (first words of the quote, speaker, cue, confident) for every candidate
SAMPLE_EXPECTED: dict[str, list[tuple[str, str | None, str, bool]]] = {
    "000": [("Shengjia akan menetapkan", "Mark Zuckerberg", "after", True)],
    "001": [
        (
            "Orang-orang yang suka",
            "seorang mantan karyawan yang bekerja di perusahaan AI pesaing",
            "after",
            True,
        ),
        (
            "Ini bisa mulai",
            "seorang mantan staf OpenAI, yang sekarang bekerja di dunia akademis",
            "after",
            True,
        ),
    ],
    "002": [
        ("Kami hanya memberi", "Andy Stone", "nya", True),
        ("Intinya, pertanyaannya adalah", "Andy Stone", "continuation", True),
        ("Kami telah mengikuti", "Mark Zuckerberg", "intro", True),
        ("Tekanan sudah ada", "seorang sumber di Meta", "after", True),
    ],
    "003": [
        ("Kami ingin bermitra", "Satya Nadella", "after", True),
        ("Itulah yang terjadi", "Satya Nadella", "continuation", True),
        ("Tindakan Anda menunjukkan", "surat itu", "after", True),
        ("Microsoft telah meyakinkan", "surat itu", "continuation", True),
        ("Saya sangat menyesali", "Ilya Sutskever", "after", True),
        ("Saya tidak pernah", "Ilya Sutskever", "continuation", True),
        ("Kami semua akan", "Sam Altman", "after", True),
        ("Saya tahu beberapa", "Miguel Fierro", "after", True),
        ("Perilaku Sam dan", "OpenAI", "before", True),
        ("Jelas bahwa proses", "Emmett Shear", "after", True),
    ],
    "004": [
        ("Mundur dari pekerjaan", "Jan Leike", "nya", False),
        ("Selama beberapa bulan", "Jan Leike", "nya", True),
    ],
}


def _article(key: str) -> str:
    (path,) = ARTICLES.glob(f"{key}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(SAMPLE_EXPECTED))
def test_sample_article_candidates(key: str) -> None:
    text = _article(key)
    quotes = find_quotes(text)
    assert len(quotes) == len(SAMPLE_EXPECTED[key])
    for q in quotes:
        assert text[q.start : q.end] == q.inner
        assert len(q.inner.split()) > 1
        assert not q.is_term
    for q, (head, _, _, _) in zip(quotes, SAMPLE_EXPECTED[key], strict=True):
        assert q.inner.startswith(head)


@pytest.mark.parametrize("key", sorted(SAMPLE_EXPECTED))
def test_sample_article_attributions(key: str) -> None:
    text = _article(key)
    quotes = find_quotes(text)
    atts = attribute_quotes(text, quotes, mentions(text, SAMPLE_PEOPLE[key]))
    got = [summary(a) for a in atts]
    assert got == [(s, c, ok) for _, s, c, ok in SAMPLE_EXPECTED[key]]


def test_sample_article_details() -> None:
    text = _article("003")
    atts = attribute_quotes(text, find_quotes(text), mentions(text, SAMPLE_PEOPLE["003"]))
    assert [a.channel for a in atts] == [
        "interview",
        "interview",
        "letter",
        "letter",
        "X",
        "X",
        "X",
        None,
        "memo",
        None,
    ]
    assert atts[0].speaker_role == "CEO Microsoft"
    assert atts[7].speaker_role == "Principal Data Scientist Manager raksasa teknologi tersebut"
    assert [a.is_document for a in atts] == [False, False, True, True] + [False] * 4 + [True, False]
    text = _article("002")
    terms = find_terms(text)
    assert [t.inner for t in terms] == ["Boz"]
    atts = attribute_quotes(text, find_quotes(text), mentions(text, SAMPLE_PEOPLE["002"]))
    assert atts[0].speaker_role == "Direktur komunikasi Meta"
    assert atts[2].channel == "message"
    assert [t.inner for t in find_terms(_article("004"))] == ["Superalignment"]
    assert [t.inner for t in find_terms(_article("003"))] == ["deepfake"]


def test_sample_quotes_match_gold_texts() -> None:
    gold_dir = ARTICLES.parent / "gold"
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (ARTICLES / gold["article"]).read_text(encoding="utf-8")
        inners = [q.inner for q in find_quotes(text)]
        for quote in gold["quotes"]:
            assert quote["text"] in inners


# ---------------------------------------------------------------------------------------------
# data file


def test_data_file_is_documented() -> None:
    raw = resources.files("talent_extract").joinpath("data/quotes_id.json").read_text("utf-8")
    data = json.loads(raw)
    assert "_about" in data
    for key in data:
        if not key.startswith("_"):
            assert f"_{key}" in data, key


# ---------------------------------------------------------------------------------------------
# properties

_ALPHABET = st.sampled_from(
    [*"abc XYZ.,:;!?\n\t", "“", "”", "„", "«", "»", "‘", "’", '"', "kata ", "Budi ", "\n\n"]
)


def _assert_candidates_hold(text: str, quotes: list[QuoteCandidate]) -> None:
    previous_end = -1
    for q in quotes:
        assert text[q.start : q.end] == q.inner
        assert 0 <= q.open_start < q.start <= q.end <= q.close_end <= len(text)
        assert q.open_start >= previous_end
        previous_end = q.close_end
        lines = text[q.open_start : q.close_end].split("\n")
        assert all(line.strip() for line in lines[1:-1])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_find_quotes_properties_on_mark_heavy_text(text: str) -> None:
    quotes = find_quotes(text)
    _assert_candidates_hold(text, quotes)
    _assert_candidates_hold(text, sorted(quotes + find_terms(text), key=lambda q: q.open_start))
    persons = [
        PersonMention(m.start(), m.end(), m.group(), m.group()) for m in re.finditer(r"Budi", text)
    ]
    atts = attribute_quotes(text, quotes, persons)
    assert len(atts) == len(quotes)
    for a in atts:
        if a.speaker_start is not None and a.speaker_end is not None:
            assert 0 <= a.speaker_start <= a.speaker_end <= len(text)
        assert len(a.candidates) <= 4


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_find_quotes_never_raises_on_arbitrary_text(text: str) -> None:
    quotes = find_quotes(text)
    _assert_candidates_hold(text, quotes)
    assert len(attribute_quotes(text, quotes, [])) == len(quotes)


def test_a_pronoun_points_to_the_one_the_passage_is_about_not_a_listed_or_owning_name() -> None:
    text = (
        "Budi Santoso, kepala riset Cakra Neural, menambahkan bahwa para petinggi, termasuk "
        "dirinya dan CEO Rina Wulandari, telah menyiapkan strategi baru. “Kami akan menghitung "
        "kembali gaji para peneliti terbaik,” katanya.\n\n"
        "Rina Wulandari menegaskan bahwa perusahaan tidak akan dijual. Dia juga menuding bahwa "
        "tawaran Joko Prasetyo hanyalah siasat. “Perusahaan ini tidak untuk dijual kepada siapa "
        "pun,” ujarnya."
    )
    persons = mentions(
        text,
        {
            "Budi Santoso": ["Budi Santoso"],
            "Rina Wulandari": ["Rina Wulandari"],
            "Joko Prasetyo": ["Joko Prasetyo"],
        },
    )
    speakers = {inner: a.speaker for inner, a in attribute(text, persons)}
    # Listed after "termasuk": not whom "-nya" points to.
    assert speakers["Kami akan menghitung kembali gaji para peneliti terbaik,"] == "Budi Santoso"
    # The owner of "tawaran Joko Prasetyo" is no speaker either.
    assert speakers["Perusahaan ini tidak untuk dijual kepada siapa pun,"] == "Rina Wulandari"


def test_a_quoted_title_in_title_case_is_a_term_not_a_quote() -> None:
    text = (
        "Ia pernah menulis buku “Pembelajaran Mesin untuk Naskah Jawa Kuno” di Yogyakarta. "
        "“Kami akan terus meneliti naskah lama bersama kampus,” katanya."
    )
    quotes = [q.inner for q in find_quotes(text)]
    assert quotes == ["Kami akan terus meneliti naskah lama bersama kampus,"]
    assert [t.inner for t in find_terms(text)] == ["Pembelajaran Mesin untuk Naskah Jawa Kuno"]


def test_the_owner_of_a_noun_before_the_speech_verb_is_not_the_speaker() -> None:
    text = (
        "Hendra membalas unggahan Wulan di X dengan menulis bahwa “kerja sama kami akan "
        "terus berjalan walau ia pergi.”"
    )
    persons = mentions(text, {"Hendra Kusuma": ["Hendra"], "Wulan Prameswari": ["Wulan"]})
    ((_, a),) = attribute(text, persons)
    assert a.speaker == "Hendra Kusuma"
    alone = "Wulan menulis di X bahwa “kerja sama kami akan terus berjalan walau saya pergi.”"
    ((_, b),) = attribute(alone, mentions(alone, {"Wulan Prameswari": ["Wulan"]}))
    assert b.speaker == "Wulan Prameswari"


def test_a_nya_speaker_is_not_the_person_the_quote_speaks_of() -> None:
    text = (
        "Hendra menyebut Wulan sering melebih-lebihkan sesuatu.\n\n"
        "“Wulan dikenal suka melebih-lebihkan, dan saya tahu persis mengapa dia melakukannya,” "
        "tambahnya."
    )
    persons = mentions(text, {"Hendra Kusuma": ["Hendra"], "Wulan Prameswari": ["Wulan"]})
    ((_, a),) = attribute(text, persons)
    assert a.speaker == "Hendra Kusuma"
    plain = text.replace("“Wulan dikenal", "“Ia dikenal")
    ((_, b),) = attribute(
        plain, mentions(plain, {"Hendra Kusuma": ["Hendra"], "Wulan Prameswari": ["Wulan"]})
    )
    # Without the name inside, the one opening the sentence before: Hendra is its subject
    # ("Hendra menyebut Wulan …"), Wulan only its object.
    assert b.speaker == "Hendra Kusuma"
    later = plain.replace("sesuatu.\n\n", "sesuatu. Wulan belum menjawab.\n\n")
    ((_, c),) = attribute(
        later, mentions(later, {"Hendra Kusuma": ["Hendra"], "Wulan Prameswari": ["Wulan"]})
    )
    assert c.speaker == "Wulan Prameswari"  # the last sentence is about Wulan alone


def test_a_nya_points_to_the_subject_opening_the_sentence_not_a_name_inside_it() -> None:
    table = {"Rina Wulandari": ["Rina Wulandari"], "Bima Santoso": ["Bima Santoso"]}
    quote = "\n\n“Tidak ada saat yang pas untuk pergi dari rumah sendiri,” tulisnya."
    text = (
        "Rina Wulandari sebelumnya memimpin tim riset Cakra Neural, dan ia sempat menjabat "
        "direktur saat dewan berdebat soal nasib CEO Bima Santoso." + quote
    )
    ((_, a),) = attribute(text, mentions(text, table))
    assert (a.speaker, a.cue) == ("Rina Wulandari", "nya")
    # The last one named speaks that sentence: "…, kata B" makes B the one "-nya" means.
    spoken = "Rina Wulandari akan memimpin tim riset mulai Senin, kata Bima Santoso." + quote
    ((_, b),) = attribute(spoken, mentions(spoken, table))
    assert b.speaker == "Bima Santoso"
    # A name in an opening clause is no subject: "Setelah A pergi, …, B juga …" is B's.
    opening = (
        "Setelah Rina Wulandari pergi, Direktur Bentala Data, Bima Santoso juga mengumumkan "
        "cuti panjang." + quote
    )
    ((_, c),) = attribute(opening, mentions(opening, table))
    assert c.speaker == "Bima Santoso"


def test_a_pronoun_paragraph_naming_no_one_points_past_an_owner_to_the_subject() -> None:
    text = (
        "Pendiri Cakra Neural, Dimas Pratama, disebut sebagai pihak di balik keputusan Rina "
        "Wulandari dicopot.\n\n"
        "Namun dia pernah menegaskan bahwa langkah itu tidak dimaksudkan merugikan siapa pun.\n\n"
        "“Saya menyesal atas cara dewan bertindak,” ungkapnya."
    )
    table = {"Dimas Pratama": ["Dimas Pratama"], "Rina Wulandari": ["Rina Wulandari"]}
    ((_, a),) = attribute(text, mentions(text, table))
    # "dia" after "Namun" stands for the one the paragraph before is about; Rina only owns
    # the decision ("keputusan Rina Wulandari").
    assert summary(a) == ("Dimas Pratama", "nya", True)


def test_an_account_named_after_a_quote_that_ends_its_sentence() -> None:
    text = (
        "Bima Santoso pamit dari Bentala Data pekan ini.\n\n"
        "“Saya belum punya rencana berikutnya.” Tambah cuitan dari akun @bimasantoso_ai."
    )
    persons = mentions(text, {"Bima Santoso": ["Bima Santoso"]})
    ((_, a),) = attribute(text, persons)
    assert summary(a) == ("Bima Santoso", "after", True)
    # A handle that holds no one's surname is not taken this way (the quote is not its own).
    other = text.replace("@bimasantoso_ai", "@kabar_teknologi")
    ((_, b),) = attribute(other, mentions(other, {"Bima Santoso": ["Bima Santoso"]}))
    assert b.cue != "after"


def test_one_paragraph_per_line_when_the_page_has_no_blank_lines() -> None:
    # Pages copied as text often put each paragraph on its own line with no blank line between:
    # the "-nya" then looks back one line, not over the whole article.
    text = (
        "Direktur Arunika Labs Wulan Prameswari memuji timnya kemarin.\n"
        "Kepindahan itu juga dikonfirmasi langsung Hendra di akun pribadinya.\n"
        "“Saya senang bergabung dengan tim baru ini,” tulisnya seperti dikutip dari\n"
        "sebuah media, Rabu."
    )
    table = {"Wulan Prameswari": ["Wulan Prameswari"], "Hendra Kusuma": ["Hendra"]}
    ((_, a),) = attribute(text, mentions(text, table))
    assert summary(a) == ("Hendra Kusuma", "nya", True)
    # The same lines in one blank-line block of hard-wrapped prose (most lines stop
    # mid-sentence) stay one paragraph: both people are candidates again.
    wrapped = (
        "Direktur Arunika Labs Wulan Prameswari memuji timnya dan\n"
        "menyebut kepindahan itu dikonfirmasi langsung oleh\n"
        "Hendra di akun pribadinya kemarin pagi dan juga\n"
        "“Saya senang bergabung dengan tim baru ini,” tulisnya."
    )
    ((_, b),) = attribute(wrapped, mentions(wrapped, table))
    assert b.confident is False
    assert set(b.candidates) == {"Wulan Prameswari", "Hendra Kusuma"}


def test_a_nya_right_after_a_quote_goes_on_from_its_speaker() -> None:
    text = (
        "Wulan Prameswari memimpin Sinar Data sejak 2020.\n\n"
        "Hendra Kusuma mengonfirmasi kepindahannya di akun pribadinya.\n\n"
        "“Saya akan memimpin tim riset yang baru,” tulisnya.\n\n"
        "“Kami mulai bekerja bulan depan,” lanjutnya."
    )
    table = {"Wulan Prameswari": ["Wulan Prameswari"], "Hendra Kusuma": ["Hendra Kusuma"]}
    (_, first), (_, second) = attribute(text, mentions(text, table))
    assert summary(first) == ("Hendra Kusuma", "nya", True)
    # The paragraph before the second quote names no one outside quote marks; its "-nya" is
    # the first quote's speaker, as certain as that one.
    assert summary(second) == ("Hendra Kusuma", "nya", True)
    # Someone else named between the two quotes: the "-nya" is open again.
    other = text.replace("\n\n“Kami", "\n\nWulan Prameswari menanggapi kabar itu.\n\n“Kami")
    _, (_, again) = attribute(other, mentions(other, table))
    assert again.cue == "nya"
    assert again.speaker == "Wulan Prameswari"


def test_a_misspelt_surname_after_a_speech_verb_is_the_person_it_misspells() -> None:
    text = (
        "Hendra Kusuma keluar dari Sinar Data pekan lalu.\n\n"
        "“Saya ingin mencoba hal baru,” tulis Kusmua."
    )
    persons = mentions(text, {"Hendra Kusuma": ["Hendra Kusuma"]})
    ((_, a),) = attribute(text, persons)
    assert summary(a) == ("Hendra Kusuma", "after", True)
    # Two slips away ("Kumsau") is no typo of it: the name stays as written.
    far = text.replace("Kusmua", "Kumsau")
    ((_, b),) = attribute(far, mentions(far, {"Hendra Kusuma": ["Hendra Kusuma"]}))
    assert b.speaker == "Kumsau"


def test_a_dengan_speech_clause_has_the_sentence_subject_as_speaker() -> None:
    text = (
        "Kepala riset Sinar Data, Hendra Kusuma, mengundurkan diri pada hari Rabu, dengan "
        "mengatakan bahwa ia menginginkan “waktu untuk mencoba hal baru.”"
    )
    ((_, a),) = attribute(text, mentions(text, {"Hendra Kusuma": ["Hendra Kusuma"]}))
    assert summary(a) == ("Hendra Kusuma", "before", True)
    # Two people before the main verb: whose clause it is stays open.
    two = text.replace("Hendra Kusuma, mengundurkan", "Hendra Kusuma dan Wulan Prameswari, mundur")
    table = {"Hendra Kusuma": ["Hendra Kusuma"], "Wulan Prameswari": ["Wulan Prameswari"]}
    ((_, b),) = attribute(two, mentions(two, table))
    assert b.speaker != "Hendra Kusuma" or not b.confident


def test_a_pronoun_paragraph_between_passes_the_speaker_on_past_an_owner() -> None:
    text = (
        "Hendra Kusuma menegaskan bahwa Sinar Data tidak akan menerima tawaran itu.\n"
        "“Saya tidak punya komentar,” katanya kepada wartawan.\n"
        "Dia juga menuding bahwa tawaran Wulan hanyalah upaya untuk mengganggu perusahaan.\n"
        "“Perusahaan ini tidak untuk dijual,” ujarnya."
    )
    table = {"Hendra Kusuma": ["Hendra Kusuma"], "Wulan Prameswari": ["Wulan"]}
    (_, first), (_, second) = attribute(text, mentions(text, table))
    assert summary(first) == ("Hendra Kusuma", "nya", True)
    # "Dia" goes on about Hendra; Wulan only owns the offer.
    assert summary(second) == ("Hendra Kusuma", "nya", True)
    # Without the pronoun the owner is the only one named, and stays the default.
    plain = text.replace("Dia juga menuding", "Para analis menuding")
    _, (_, other) = attribute(plain, mentions(plain, table))
    assert other.speaker == "Wulan Prameswari"


def test_a_speaker_written_as_a_role_is_the_one_person_named_with_that_role() -> None:
    text = (
        "Hendra Kusuma, CEO Sinar Data, membantah kabar itu pada Rabu.\n\n"
        "“Kami memberi ruang untuk berinovasi,” papar CEO Sinar Data tersebut."
    )
    persons = mentions(text, {"Hendra Kusuma": ["Hendra Kusuma"]})
    ((_, a),) = attribute(text, persons)
    assert summary(a) == ("Hendra Kusuma", "after", True)
    # A role the article gives no one stays as written.
    other = text.replace("papar CEO Sinar Data", "papar CEO Arunika")
    ((_, b),) = attribute(other, mentions(other, {"Hendra Kusuma": ["Hendra Kusuma"]}))
    assert b.speaker != "Hendra Kusuma"


def test_a_speech_verb_after_an_aside_has_the_subject_named_before_it() -> None:
    text = (
        "Kepala riset Sinar Data, Hendra Kusuma, dalam surat yang beredar di kantor, "
        "mengungkapkan kekecewaannya: “Kami kehilangan orang-orang terbaik kami.”"
    )
    table = {"Hendra Kusuma": ["Hendra Kusuma"]}
    ((_, a),) = attribute(text, mentions(text, table))
    assert summary(a) == ("Hendra Kusuma", "before", True)
    # A description of a speaker there is the speaker ("sumber yang mengetahui").
    anon = text.replace("dalam surat yang beredar di kantor", "sumber yang mengetahui hal itu")
    ((_, b),) = attribute(anon, mentions(anon, table))
    assert b.speaker != "Hendra Kusuma"


def test_a_quote_in_the_bahwa_clause_of_a_speech_verb_is_the_subjects() -> None:
    text = (
        "Hendra Kusuma mengatakan kepada staf Sinar Data melalui surel pada hari Jumat malam "
        "bahwa dia mundur dari jabatannya sebagai ketua “karena alasan yang sangat pribadi.”"
    )
    table = {"Hendra Kusuma": ["Hendra Kusuma"], "Wulan Prameswari": ["Wulan Prameswari"]}
    ((_, a),) = attribute(text, mentions(text, table))
    assert summary(a) == ("Hendra Kusuma", "before", True)
    # Someone else named in the clause may be the one quoted: no attribution by the verb.
    other = text.replace("bahwa dia mundur", "bahwa Wulan Prameswari mundur")
    ((_, b),) = attribute(other, mentions(other, table))
    assert not (b.speaker == "Hendra Kusuma" and b.cue == "before")


def test_a_quote_right_after_its_speakers_speech_sentence_goes_on_from_them() -> None:
    text = (
        "Namun begitu, Hendra Kusuma menambahkan kalau perubahan itu tidak datang tiba-tiba. "
        "“Tapi kami memang bukan perusahaan biasa.”"
    )
    table = {"Hendra Kusuma": ["Hendra Kusuma"], "Wulan Prameswari": ["Wulan Prameswari"]}
    ((_, a),) = attribute(text, mentions(text, table))
    assert summary(a) == ("Hendra Kusuma", "before", True)
    # A sentence with no speech verb, or another person after the verb, leaves it open.
    for other in (
        text.replace("menambahkan kalau", "tahu bahwa"),
        text.replace("perubahan itu", "Wulan Prameswari"),
    ):
        ((_, b),) = attribute(other, mentions(other, table))
        assert b.speaker != "Hendra Kusuma" or not b.confident


def test_a_document_the_nya_gave_speaks_for_the_one_it_refers_to() -> None:
    text = (
        "Menurut Hendra Kusuma, keduanya pergi secara baik-baik. “Mereka memilih jalan masing-"
        "masing,” bunyi pernyataan yang dikirimkannya ke seluruh staf."
    )
    ((_, a),) = attribute(text, mentions(text, {"Hendra Kusuma": ["Hendra Kusuma"]}))
    assert (a.speaker, a.cue) == ("Hendra Kusuma", "nya")
    # Without "-nya" the announcement itself is the grammatical speaker.
    plain = text.replace("yang dikirimkannya", "resmi perusahaan")
    ((_, b),) = attribute(plain, mentions(plain, {"Hendra Kusuma": ["Hendra Kusuma"]}))
    assert b.is_document and b.speaker != "Hendra Kusuma"


def test_a_curly_and_a_straight_mark_typed_by_mixed_hands_pair_up() -> None:
    text = (
        '\u201cKami membuka kantor baru di Surabaya tahun depan," kata Hendra Kusuma.\n\n'
        'Ia menambahkan: "Tim kami akan tumbuh dua kali lipat.\u201d Kantor itu dibuka Maret.'
    )
    table = {"Hendra Kusuma": ["Hendra Kusuma"]}
    got = [(inner, a.speaker) for inner, a in attribute(text, mentions(text, table))]
    assert got[0] == ("Kami membuka kantor baru di Surabaya tahun depan,", "Hendra Kusuma")
    assert got[1][0] == "Tim kami akan tumbuh dua kali lipat."
    # Marks of one kind pair with each other first: a straight pair inside stays a pair.
    nested = 'Ia menyebut "strategi baru" itu \u201clangkah yang sangat berani sekali."'
    inners = [q.inner for q in find_quotes(nested)] + [q.inner for q in find_terms(nested)]
    assert "strategi baru" in inners
    assert "langkah yang sangat berani sekali." in inners


def test_a_short_quoted_amount_is_a_term_not_a_quote() -> None:
    text = (
        "Gugatan itu menyebut kerugian bisnis senilai “ratusan juta rupiah.” Pengacaranya"
        " menjawab: “Klien kami tidak pernah mengambil apa pun.”"
    )
    quotes = [q.inner for q in find_quotes(text)]
    # A currency in a phrase of under four words makes it an amount set off for emphasis.
    assert quotes == ["Klien kami tidak pernah mengambil apa pun."]
    assert [t.inner for t in find_terms(text)] == ["ratusan juta rupiah."]
    # The same short phrase without a currency, a sentence of its own, stays a quote.
    said = text.replace("senilai “ratusan juta rupiah.”", "itu. “Dunia sedang bahaya.”")
    assert "Dunia sedang bahaya." in [q.inner for q in find_quotes(said)]


def test_a_short_phrase_set_inside_a_sentence_is_a_term_despite_its_closing_stop() -> None:
    text = (
        "Skema itu disebut “tebing hak saham.” Ia lalu berkata: “Kami akan mengubahnya tahun ini.”"
    )
    # After a word of the sentence, the stop inside the closing mark ends that sentence.
    assert [t.inner for t in find_terms(text)] == ["tebing hak saham."]
    assert [q.inner for q in find_quotes(text)] == ["Kami akan mengubahnya tahun ini."]
    # After a colon it is someone's words, short as they are.
    alone = text.replace("disebut “tebing", "disebut begini: “tebing")
    assert "tebing hak saham." in [q.inner for q in find_quotes(alone)]


def test_a_phrase_quoted_after_a_naming_word_is_a_term_not_a_quote() -> None:
    text = (
        "Rani, yang dijuluki “ratu model bahasa kecil di Asia,” keluar dari Cakra. Timnya"
        " mengerjakan apa yang disebut perusahaan itu sebagai “asisten pintar generasi baru.”"
        " Ia lalu berkata: “Kami akan pindah ke Surabaya tahun depan.”"
    )
    # A nickname (naming word right before the mark) and a term ("sebagai" after a naming verb
    # three words back) are no one's words; the sentence after a colon is.
    assert [t.inner for t in find_terms(text)] == [
        "ratu model bahasa kecil di Asia,",
        "asisten pintar generasi baru.",
    ]
    assert [q.inner for q in find_quotes(text)] == ["Kami akan pindah ke Surabaya tahun depan."]


@pytest.mark.parametrize(
    "variant",
    [
        # A comma or colon after the naming word introduces speech.
        "Dalam memo itu disebut, “ratu model bahasa kecil di Asia,” lanjutnya pelan.",
        # A speech verb after the closing mark makes it someone's words.
        "Rani dijuluki “ratu model bahasa kecil di Asia,” kata Budi.",
        # Longer than a name or a term: a partial quote.
        "Rani dijuluki “ratu model bahasa kecil di seluruh Asia Tenggara,” oleh rekannya.",
        # A speech verb without "sebagai" introduces speech, not a name.
        "Ia menyebut “kami tidak akan pindah ke mana pun.”",
    ],
)
def test_a_naming_word_does_not_make_speech_a_term(variant: str) -> None:
    assert len(find_quotes(variant)) == 1


def test_a_line_a_sentence_asks_the_reader_to_imagine_is_not_a_quote() -> None:
    text = (
        "Coba bayangkan seorang perekrut menelepon dan berkata, “Kami tawarkan gaji dua kali"
        " lipat mulai bulan depan.” Itu yang dialami Rani. Ia berkata, “Saya langsung menolak"
        " tawaran itu tanpa berpikir panjang.”"
    )
    # The picture of a scene is no one's words; the next sentence's speech is a quote.
    assert [q.inner for q in find_quotes(text)] == [
        "Saya langsung menolak tawaran itu tanpa berpikir panjang."
    ]
    # The frame counts only in the quote's own sentence.
    told = text.replace("Coba bayangkan seorang perekrut", "Seorang perekrut")
    assert len(find_quotes(told)) == 2


def test_typed_apostrophes_and_typewriter_doubles_mark_quotes() -> None:
    text = (
        "Juru bicara Cakra Neural menjawab kritik itu dan menyatakan bahwa 'kantor Surabaya akan"
        " dibuka bulan depan.' Mereka juga menyiapkan 'dana besar, ratusan miliar rupiah' untuk"
        " laboratorium data. ''Kami belum memutuskan soal gaji,'' kata Rani."
        " Ma'ruf dan Jum'at bukan tanda kutip."
    )
    # A typed apostrophe pair sets off a phrase unless a sentence ends inside it or a speech
    # verb follows; the doubled marks are left out of the quote, and words keep their apostrophes.
    assert [q.inner for q in find_quotes(text)] == [
        "kantor Surabaya akan dibuka bulan depan.",
        "Kami belum memutuskan soal gaji,",
    ]
    assert [t.inner for t in find_terms(text)] == ["dana besar, ratusan miliar rupiah"]
    doubled = find_quotes(text)[1]
    assert text[doubled.close_end :].startswith(" kata Rani")


def test_a_verb_after_a_joining_word_shares_the_clause_subject() -> None:
    text = (
        "Rani Kusuma memimpin rapat itu.\n\n"
        "“Kantor Surabaya dibuka bulan depan,” ujarnya, seraya menambahkan bahwa"
        " “gaji peneliti baru belum diputuskan.”"
    )
    # "seraya" is no speaker of its own: the second quote goes on from the first one's.
    atts = attribute(text, [mention(text, "Rani Kusuma")])
    assert [(a.speaker, a.cue, a.anonymous) for _, a in atts] == [
        ("Rani Kusuma", "nya", False),
        ("Rani Kusuma", "continuation", False),
    ]
    # A real subject before the verb still speaks for itself.
    other = text.replace("seraya menambahkan", "sementara Bayu Aji menambahkan")
    persons = [mention(other, "Rani Kusuma"), mention(other, "Bayu Aji")]
    assert attribute(other, persons)[1][1].speaker == "Bayu Aji"


def test_a_quoted_term_does_not_cut_a_speech_verb_from_its_quote() -> None:
    text = (
        "Rani Kusuma memimpin tim riset Cakra.\n\n"
        "Ia mengatakan bahwa timnya kini lebih “gesit,” dengan cara “menata ulang gaji dan"
        " mencari peneliti muda di kampus.”"
    )
    ((inner, a),) = attribute(text, [mention(text, "Rani Kusuma")])
    assert inner.startswith("menata ulang gaji")
    assert summary(a) == ("Rani Kusuma", "nya", True)
    # Without the pronoun and verb the quote has no cue at all.
    bare = text.replace("Ia mengatakan bahwa timnya", "Timnya")
    assert summary(attribute(bare, [mention(bare, "Rani Kusuma")])[0][1])[1] == "none"


@pytest.mark.parametrize(
    "speaker",
    ["Pekerja Cakra itu", "perempuan muda tersebut", "bos tim riset ini"],
)
def test_a_description_pointed_back_with_a_demonstrative_is_the_person_named_before(
    speaker: str,
) -> None:
    text = (
        "Insinyur Rani Kusuma berdiri di depan panggung saat Bayu Aji berpidato."
        f" “Bayu, hentikan proyek ini,” kata {speaker}."
    )
    persons = [mention(text, "Rani Kusuma"), mention(text, "Bayu Aji")]
    ((_, a),) = attribute(text, persons)
    # The description stands for the subject named before (not the one addressed in the quote).
    assert (a.speaker, a.cue, a.anonymous) == ("Rani Kusuma", "nya", False)


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [("sumber itu", "sumber itu"), ("Cakra dalam gugatan tersebut", "Cakra")],
)
def test_an_anonymous_source_or_a_named_speaker_with_a_demonstrative_is_not_pointed_back(
    speaker: str, expected: str
) -> None:
    text = f"Rani Kusuma keluar dari Cakra. “Gajinya dipotong separuh,” kata {speaker}."
    ((_, a),) = attribute(text, [mention(text, "Rani Kusuma")])
    assert (a.speaker, a.cue) == (expected, "after")


def test_a_person_the_quote_names_or_addresses_is_no_speaker_candidate() -> None:
    text = (
        "Rani Kusuma, Bayu Aji dan Dewi Lestari hadir di acara itu.\n\n"
        "“Bayu, kamu harus menjelaskan soal gaji ini kepada kami semua.”"
    )
    persons = [mention(text, n) for n in ("Rani Kusuma", "Bayu Aji", "Dewi Lestari")]
    ((_, a),) = attribute(text, persons)
    # "Bayu," is spoken to: the model chooses among the others only.
    assert (a.cue, a.confident) == ("none", False)
    assert sorted(a.candidates) == ["Dewi Lestari", "Rani Kusuma"]
    # With no one else near, the named person stays a candidate rather than none at all.
    alone = "Bayu Aji hadir.\n\n“Bayu, kamu harus menjelaskan soal gaji ini kepada kami semua.”"
    ((_, a),) = attribute(alone, [mention(alone, "Bayu Aji")])
    assert a.candidates == ["Bayu Aji"]


def test_a_quote_after_a_pronoun_speech_sentence_refers_back() -> None:
    text = (
        "Rani Kusuma memimpin rapat staf kemarin.\n\n"
        "“Kantor Surabaya tetap dibuka,” katanya. Namun, ia bersikeras bahwa gaji tidak naik"
        " tahun ini. “Kami harus berhemat dulu.”"
    )
    atts = [a for _, a in attribute(text, [mention(text, "Rani Kusuma")])]
    assert [(a.speaker, a.cue) for a in atts] == [("Rani Kusuma", "nya"), ("Rani Kusuma", "nya")]
    # Without the pronoun sentence the second quote has no cue.
    bare = text.replace(" Namun, ia bersikeras bahwa gaji tidak naik tahun ini.", " Hujan turun.")
    assert attribute(bare, [mention(bare, "Rani Kusuma")])[1][1].cue == "none"


def test_a_nya_is_certain_when_its_own_paragraph_names_only_that_person() -> None:
    text = (
        "Rani Kusuma dan Bayu Aji mendirikan Cakra tiga tahun lalu.\n\n"
        "Setelah Bayu pergi, Rani menjadi CEO. “Kami tetap tumbuh,” katanya."
    )
    table = {"Rani Kusuma": ["Rani Kusuma", "Rani"], "Bayu Aji": ["Bayu Aji", "Bayu"]}
    ((_, a),) = attribute(text, mentions(text, table))
    # Two people in this paragraph: the model chooses.
    assert (a.speaker, a.confident) == ("Rani Kusuma", False)
    alone = text.replace("Setelah Bayu pergi, Rani", "Rani")
    ((_, b),) = attribute(alone, mentions(alone, table))
    # Only Rani named in the quote's own paragraph: certain, though the one before names two.
    assert (b.speaker, b.cue, b.confident, b.candidates) == ("Rani Kusuma", "nya", True, [])


def test_a_subject_and_speech_verb_after_the_quote_attribute_it() -> None:
    text = (
        "Rani Kusuma dan Bayu Aji bertemu di Surabaya.\n\n"
        "“Kantor baru dibuka bulan depan,” Bayu menambahkan.\n\n"
        "“Gaji peneliti belum diputuskan,” dia menjelaskan."
    )
    table = {"Rani Kusuma": ["Rani Kusuma"], "Bayu Aji": ["Bayu Aji", "Bayu"]}
    atts = [a for _, a in attribute(text, mentions(text, table))]
    assert [(a.speaker, a.cue) for a in atts] == [("Bayu Aji", "after"), ("Bayu Aji", "nya")]
    # A quote closed by a full stop starts a new sentence: its subject is no cue of the quote.
    closed = text.replace("bulan depan,” Bayu", "bulan depan.” Bayu")
    assert attribute(closed, mentions(closed, table))[0][1].cue == "none"


def test_a_gloss_in_brackets_adds_no_words_of_speech() -> None:
    text = (
        "Cakra masih memakai sistem ‘masa tunggu(masa tunggu saham)’ yang umum di industri."
        " Rani berkata, “Kami akan menghapus masa tunggu itu tahun depan.”"
    )
    # Two words and their gloss are a term; the sentence of speech stays a quote.
    assert [q.inner for q in find_quotes(text)] == [
        "Kami akan menghapus masa tunggu itu tahun depan."
    ]
    assert [t.inner for t in find_terms(text)] == ["masa tunggu(masa tunggu saham)"]
