"""Tests for talent_extract.text.clean: boilerplate removal and exact offset mapping."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talent_extract.exceptions import InputError
from talent_extract.text.clean import CleanArticle, clean_article, load_rules, visible_and_control

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"
EXPECTATIONS = json.loads(
    (Path(__file__).parent / "data" / "clean_expectations.json").read_text("utf-8")
)
SAMPLES = sorted(name for name in EXPECTATIONS if not name.startswith("_"))


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def _lines(text: str) -> list[str]:
    return [n for n in (_norm(line) for line in text.splitlines()) if n]


def _read(name: str) -> str:
    return (ARTICLES / name).read_text("utf-8")


def assert_invariants(clean: CleanArticle, *, spans: int = 200, seed: int = 0) -> None:
    """Segments tile the cleaned text, match the source, and with ``removed`` tile the source."""
    source, text = clean.source, clean.text
    assert (
        "".join(source[s.source_start : s.source_start + s.length] for s in clean.segments) == text
    )
    pos = 0
    for seg in clean.segments:
        assert seg.length > 0
        assert seg.clean_start == pos
        assert (
            text[pos : pos + seg.length] == source[seg.source_start : seg.source_start + seg.length]
        )
        pos += seg.length
    assert pos == len(text)
    pieces = sorted(
        [(s.source_start, s.source_start + s.length) for s in clean.segments]
        + [(r.start, r.end) for r in clean.removed]
    )
    cursor = 0
    for start, end in pieces:
        assert start == cursor and end > start
        cursor = end
    assert cursor == len(source)
    rng = random.Random(seed)
    for _ in range(spans):
        a = rng.randint(0, len(text))
        b = rng.randint(a, min(len(text), a + 300))
        mapped = clean.to_source(a, b)
        if mapped is not None:
            s, e = mapped
            assert source[s:e] == text[a:b]
            assert clean.to_clean(s, e) == (a, b)


# ----------------------------------------------------------------------------- the sample articles


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_boilerplate_removed_and_story_kept(name: str) -> None:
    raw = _read(name)
    expected = EXPECTATIONS[name]
    clean = clean_article(raw)
    raw_lines = Counter(_lines(raw))
    boilerplate = Counter(expected["boilerplate"])
    # Every listed line really is in the article (guards against a stale expectations file).
    assert not boilerplate - raw_lines, "expectation lists a line the article does not have"
    kept = Counter(_lines(clean.text))
    story = raw_lines - boilerplate
    lost = story - kept
    leaked = kept - story
    assert not lost, f"story lines lost: {list(lost)}"
    assert not leaked, f"boilerplate lines kept: {list(leaked)}"
    assert clean.title == expected["title"]
    assert clean.is_html is False
    assert clean.source == raw


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_offsets(name: str) -> None:
    clean = clean_article(_read(name))
    assert_invariants(clean, spans=500, seed=len(name))
    # Spans bridging two segments cross removed text and must not map.
    for left, right in zip(clean.segments, clean.segments[1:], strict=False):
        boundary = right.clean_start
        assert clean.to_source(boundary - 1, boundary + 1) is None
        assert left.clean_start + left.length == boundary
    # Removed text has no place in the cleaned text.
    for removal in clean.removed:
        assert clean.to_clean(removal.start, removal.end) is None


def test_sample_quote_maps_back() -> None:
    raw = _read(SAMPLES[-1])
    clean = clean_article(raw)
    quote = "Selama beberapa bulan terakhir tim saya berlayar melawan angin."
    start = clean.text.index(quote)
    mapped = clean.to_source(start, start + len(quote))
    assert mapped is not None
    assert raw[mapped[0] : mapped[1]] == quote
    assert mapped[0] == raw.index(quote)


def test_out_of_range_spans() -> None:
    clean = clean_article(_read(SAMPLES[0]))
    assert clean.to_source(-1, 3) is None
    assert clean.to_source(5, 2) is None
    assert clean.to_source(0, len(clean.text) + 1) is None
    last = clean.segments[-1]
    end = last.source_start + last.length
    assert clean.to_source(len(clean.text), len(clean.text)) == (end, end)
    assert clean.to_clean(0, len(clean.source) + 10) is None


# ---------------------------------------------------------------------------------- conservatism

STORY = (
    "Peneliti senior itu meninggalkan perusahaan pada pekan lalu dan bergabung dengan pesaing "
    "utamanya di San Francisco, menurut dua sumber yang mengetahui hal tersebut."
)


def _clean_lines(*lines: str) -> list[str]:
    return _lines(clean_article("\n\n".join(lines)).text)


def test_story_sentences_that_look_like_rules_are_kept() -> None:
    tricky = [
        "Hak cipta atas karya yang dihasilkan AI masih diperdebatkan di pengadilan.",
        "Membaca laporan itu, para investor menilai perusahaan kehilangan banyak peneliti kunci.",
        "Topik ini menjadi pembicaraan hangat di kalangan peneliti.",
        "Komentar itu disampaikan Altman lewat akun X miliknya pada Senin malam.",
        "Survei itu dilakukan oleh Reuters/Ipsos pada bulan lalu.",
        "Penanganan Buruk",
    ]
    kept = _clean_lines("Judul Berita", STORY, *tricky, STORY)
    for line in tricky:
        assert line in kept


def test_caption_needs_a_credit_cue() -> None:
    long_no_cue = (
        "Presiden direktur perusahaan itu berbicara kepada wartawan di kantornya di Jakarta "
        "pada hari Senin, 20 Mei 2024."
    )
    # Right after a credit but without a positional cue: kept.
    assert long_no_cue in _clean_lines("Judul", "Foto: Antara/Budi", long_no_cue, STORY)
    # With a positional cue next to a credit (before or after it): a caption.
    caption = "Menteri itu (kiri) berbincang dengan pimpinan perusahaan di Jakarta, Senin (20/5)."
    assert caption not in _clean_lines("Judul", "Foto: Antara/Budi", caption, STORY)
    assert caption not in _clean_lines("Judul", caption, "Foto: Antara/Budi", STORY)
    # A positional cue without any credit nearby is not enough.
    assert caption in _clean_lines("Judul", STORY, caption, STORY)
    # Inline credits.
    inline = "Suasana kantor perusahaan di San Francisco. (Foto: Reuters)"
    assert inline not in _clean_lines("Judul", STORY, inline, STORY)
    agency = "Logo perusahaan terlihat di layar ponsel. REUTERS/Nama Fotografer"
    assert agency not in _clean_lines("Judul", STORY, agency, STORY)


def test_end_markers() -> None:
    # A weak marker followed by more story is only that line; the story after it stays.
    kept = _clean_lines("Judul", STORY, "Komentar", STORY.replace("pekan", "bulan"))
    assert "Komentar" not in kept
    assert STORY.replace("pekan", "bulan") in kept
    # A strong marker before any story is not an end.
    kept = _clean_lines("Judul", "Leave a Reply", STORY)
    assert STORY in kept
    # A strong marker after the story cuts everything after it, long lines too.
    comment = "Menurut saya ini adalah keputusan yang sangat buruk bagi masa depan perusahaan itu."
    kept = _clean_lines("Judul", STORY, "Tinggalkan Balasan", comment, "Kirim")
    assert kept == ["Judul", STORY]


def test_rules_list_from_the_brief() -> None:
    boilerplate = [
        "BACA JUGA: Harga Emas Hari Ini Naik Lagi",
        "Baca juga - Harga Emas Hari Ini Naik Lagi",
        "Artikel terkait: Harga Emas Hari Ini Naik Lagi",
        "Lihat juga: Video Banjir di Jakarta",
        "ADVERTISEMENT",
        "Advertisement",
        "SCROLL TO CONTINUE WITH CONTENT",
        "Iklan",
        "rb-2",
        "Ukuran Font",
        "Tags: AI, OpenAI, Meta",
        "Editor: Siti Aminah",
        "Reporter : Budi",
        "Foto: Antara/Muhammad Adimaja",
        "Copyright © 2024 Media Contoh",
        "© 2024 PT Media Contoh. All rights reserved.",
        "Hak Cipta Dilindungi Undang-Undang",
        "Home | Nasional | Ekonomi | Teknologi | Olahraga",
    ]
    kept = _clean_lines("Judul Berita Utama Hari Ini", STORY, *boilerplate, STORY)
    assert kept == ["Judul Berita Utama Hari Ini", STORY, STORY]


def test_more_page_furniture() -> None:
    boilerplate = [
        "[Gambas:Video 20detik]",
        'Simak Video "Robot AI Pertama di Jakarta"',
        "Pilihan Editor: Harga Emas Hari Ini Naik Lagi",
        "Dapatkan update berita pilihan dan breaking news setiap hari. Mari bergabung di grup.",
        "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan tanpa izin.",
        "Halaman 1 2 3 Selanjutnya",
        "(fsd/fsd)",
    ]
    kept = _clean_lines("Judul Berita Utama Hari Ini", STORY, *boilerplate, STORY)
    assert kept == ["Judul Berita Utama Hari Ini", STORY, STORY]
    illustration = "Ilustrasi kantor perusahaan kecerdasan buatan di San Francisco."
    assert illustration not in _clean_lines("Judul", "Foto: Dok. Istimewa", illustration, STORY)
    assert illustration in _clean_lines("Judul", STORY, illustration, STORY)


def test_header_section_label_and_duplicate_title() -> None:
    title = "Peneliti AI Hengkang ke Pesaing"
    clean = clean_article("\n".join(["Tekno", title, "Tekno", title, "", STORY, "Tekno"]))
    assert clean.title == title
    # The label after the story is not in the header: kept (it is not a known footer line).
    assert _lines(clean.text) == [title, STORY, "Tekno"]


def test_title_absent_when_article_starts_with_story() -> None:
    clean = clean_article(STORY + "\n\n" + STORY)
    assert clean.title is None
    assert clean.text == STORY + "\n\n" + STORY


def test_plain_text_without_boilerplate_is_unchanged() -> None:
    text = "Judul\r\n\r\n" + STORY + "\r\n\r\n" + STORY
    clean = clean_article(text)
    assert clean.text == text
    assert clean.removed == ()
    assert clean.segments == ((0, 0, len(text)),)


def test_load_rules_extends_defaults(tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps({"prefix_rules": [{"rule": "promo", "phrases": ["Simak videonya"]}]}),
        encoding="utf-8",
    )
    text = "Judul\n\n" + STORY + "\n\nSimak videonya: Banjir Jakarta\n\nBaca juga: X"
    assert "Simak videonya: Banjir Jakarta" in clean_article(text).text
    clean = clean_article(text, rules=load_rules(extra))
    assert "Simak videonya" not in clean.text
    assert "Baca juga" not in clean.text
    assert {r.rule for r in clean.removed} >= {"promo", "related"}


# ------------------------------------------------------------------------------------------ HTML

HTML_PAGE = """<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>Peneliti AI Hengkang dari OpenAI ke Meta</title></head>
<body>
<nav><ul>
  <li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li>
  <li><a href="/ekonomi">Ekonomi</a></li><li><a href="/tekno">Teknologi</a></li>
</ul></nav>
<article>
<h1>Peneliti AI Hengkang dari OpenAI ke Meta</h1>
<p>JAKARTA - Seorang peneliti senior kecerdasan buatan meninggalkan OpenAI pekan lalu dan
bergabung dengan Meta, menurut sumber yang mengetahui perpindahan tersebut.</p>
<p>Baca juga: <a href="/ekonomi/cabai">Harga Cabai Naik Menjelang Lebaran di Pasar</a></p>
<p>Meta dikabarkan menawarkan paket kompensasi bernilai puluhan juta dolar AS untuk menarik para
peneliti dari pesaingnya selama beberapa bulan terakhir.</p>
<p>"Kami ingin membangun tim terbaik di dunia," kata juru bicara perusahaan itu kepada wartawan di
Menlo Park pada hari Senin.</p>
<p>Tag: AI, OpenAI, Meta</p>
<p>Penulis: Budi Santoso</p>
</article>
<footer><p>Copyright © 2024 Media Contoh. Hak Cipta Dilindungi.</p>
<a href="/tentang">Tentang Kami</a> <a href="/kontak">Kontak</a></footer>
</body></html>
"""


def test_html_page() -> None:
    clean = clean_article(HTML_PAGE)
    assert clean.is_html
    assert clean.title == "Peneliti AI Hengkang dari OpenAI ke Meta"
    assert "<" not in clean.source
    text = _norm(clean.text)
    for story in (
        "Seorang peneliti senior kecerdasan buatan meninggalkan OpenAI pekan lalu",
        "Meta dikabarkan menawarkan paket kompensasi",
        '"Kami ingin membangun tim terbaik di dunia," kata juru bicara',
    ):
        assert story in text
    for junk in ("Baca juga", "Harga Cabai", "Beranda", "Tag:", "Penulis", "Copyright", "Kontak"):
        assert junk not in text
    assert_invariants(clean)
    start = clean.text.index("Meta dikabarkan")
    mapped = clean.to_source(start, start + 15)
    assert mapped is not None
    assert clean.source[mapped[0] : mapped[1]] == "Meta dikabarkan"


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Beranda</a></nav><footer>Copyright</footer></body></html>",
        "<html><body></body></html>",
        "<div></div><p></p>",
    ],
)
def test_html_without_story(page: str) -> None:
    with pytest.raises(InputError, match="no story text found in the HTML page"):
        clean_article(page)


# ---------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t \r\n", "\u00a0\u200b"])
def test_empty_input(raw: str) -> None:
    with pytest.raises(InputError, match="article text is empty"):
        clean_article(raw)


@pytest.mark.parametrize("raw", ["Judul\x00\x00berita", "\x01\x02\x03\x04\x05 abc \x06\x07\x08"])
def test_binary_input(raw: str) -> None:
    with pytest.raises(InputError, match="binary"):
        clean_article(raw)


def test_only_boilerplate() -> None:
    with pytest.raises(InputError, match="no story text"):
        clean_article("Baca juga: Harga Emas Naik\n\nADVERTISEMENT\n")


def test_bytes_input() -> None:
    with pytest.raises(InputError, match="must be a str"):
        clean_article(b"Judul berita")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ properties

_PIECES = [
    "Baca juga: Judul Lain",
    "MEMBACA  Judul Lain",
    "Foto : AFP",
    "Ia (kanan) tersenyum.",
    "Komentar",
    "()",
    "Top",
    "Teknologi",
    "rb-1",
    "Leave a Reply",
    "More From Author",
    STORY,
    "Subjudul Pendek",
    "Nasional Ekonomi Olahraga Teknologi Wisata Foto Video Infografis",
    "<p>halo</p>",
    "",
    " ",
]

_line_text = st.one_of(st.sampled_from(_PIECES), st.text(max_size=80))
_documents = st.one_of(
    st.text(max_size=400),
    st.lists(
        st.tuples(_line_text, st.sampled_from(["\n", "\r\n", "\n\n", "\r", "\u2028", ""])),
        max_size=25,
    ).map(lambda parts: "".join(a + b for a, b in parts)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents)
def test_any_text_cleans_or_raises_input_error(raw: str) -> None:
    try:
        clean = clean_article(raw)
    except InputError:
        return
    assert clean.text.strip()
    assert_invariants(clean, spans=20)


def _visible_and_control_reference(text: str) -> tuple[int, int]:
    visible = control = 0
    for ch in text:
        if ch in "\t\n\r\f\v ":
            continue
        category = unicodedata.category(ch)
        if category[0] == "Z" or category == "Cf":
            continue
        visible += 1
        if category[0] == "C" or ch == "\ufffd":
            control += 1
    return visible, control


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.text(max_size=60))
def test_visible_and_control_counts_like_the_per_character_definition(text: str) -> None:
    assert visible_and_control(text) == _visible_and_control_reference(text)
