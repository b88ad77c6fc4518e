"""Bad input through the three doors: ``extract``, ``extract_many`` and ``talent-extract run``.

Every bad input below gets a typed error before any model call (``extract``), one recorded
:class:`~talent_extract.Failure` that says what was wrong while the rest of the batch is
unaffected (``extract_many``), and a counted failure row while the run finishes
(``talent-extract run``). The good control article in the batches is a sample article replayed
from its real recording (``cassettes/samples``); nothing else may reach the model: a request
without a recording fails the test.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from talent_extract import (
    Article,
    BackendConfig,
    ConfigurationError,
    EncodingError,
    InputError,
    InputTooLargeError,
    LanguageError,
    NoStoryError,
    Store,
    decode_text,
    extract,
    extract_many,
    iter_articles,
)
from talent_extract.batch.sources import SourceError
from talent_extract.cli import app
from talent_extract.pipeline import prepare
from talent_extract.text.check import DEFAULT_MAX_CHARS, check_language, printable
from tests.conftest import no_backend
from tests.recording import ARTICLES, REASK_ARTICLES, RECORDED_BASE_URL, RECORDED_MODEL, make_vcr

GOOD_STEM = "004_7dc78da48f78b2fc"
GOOD = (ARTICLES / f"{GOOD_STEM}.txt").read_text("utf-8")
CASSETTE = f"samples/{GOOD_STEM}.yaml"

# Made-up Indonesian text (no names from the sample articles), with curly quotes and a dash.
KABAR = (
    "Budi Santoso, kepala riset Lintas AI, resmi keluar dari perusahaan itu dan bergabung dengan "
    "Garuda Labs pada pekan lalu. “Saya ingin membangun sesuatu yang baru,” kata Budi kepada "
    "wartawan di Jakarta – sehari setelah pengumuman itu."
)
KABAR2 = (
    "Garuda Labs menawarkan gaji hingga Rp 5 miliar per tahun kepada peneliti yang pindah, "
    "menurut dua sumber yang mengetahui tawaran tersebut."
)
LATIN1 = "Menurut José Müller, tim itu kehilangan tiga peneliti senior dalam sebulan terakhir."
ENGLISH = (
    "OpenAI researcher Budi Santoso has left the company to join a rival lab, according to "
    "people familiar with the matter. The lab offered pay packages worth up to one hundred "
    "million dollars to attract top talent, and several researchers accepted the offers."
)
CHINESE = (
    "研究人员离开了公司，加入了竞争对手的新实验室。知情人士透露，该实验室提供了高达一亿美元的薪酬。"
)
NAV_ONLY = (
    "<!doctype html><html><head><title>Kabar Teknologi</title></head><body>"
    "<nav><ul><li><a href='/'>Beranda</a></li><li><a href='/tekno'>Tekno</a></li>"
    "<li><a href='/bisnis'>Bisnis</a></li></ul></nav>"
    "<footer><p>© 2025 Kabar Teknologi. Hak cipta dilindungi.</p>"
    "<a href='/kontak'>Kontak</a> | <a href='/privasi'>Privasi</a></footer></body></html>"
)
BOILERPLATE = "Baca juga: Harga Emas Naik Lagi\n\nADVERTISEMENT\n"
FIVE_MB = 5_000_000
BIG = ((KABAR + "\n\n") * (FIVE_MB // len(KABAR) + 1))[:FIVE_MB]
BIG_HTML = ("<html><body>" + f"<p>{KABAR}</p>" * (FIVE_MB // len(KABAR)))[:FIVE_MB]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"


@dataclass(frozen=True)
class Bad:
    """One bad input as a str (for extract / extract_many) and the answer expected."""

    name: str
    text: str
    error: type[InputError]
    says: str  # a regex the message must match


CASES = [
    Bad("empty", "", InputError, r"^article text is empty$"),
    Bad("whitespace only", " \n\t\u00a0\u200b \r\n", InputError, r"^article text is empty$"),
    Bad("binary (PNG read as latin-1)", PNG.decode("latin-1"), InputError, r"binary data"),
    Bad("NUL bytes", "Judul\x00\x00berita\x00", InputError, r"binary data"),
    Bad(
        "UTF-16 read one byte at a time",
        KABAR.encode("utf-16-le").decode("latin-1"),
        EncodingError,
        r"UTF-16 decoded one byte at a time",
    ),
    Bad(
        "cp1252 bytes decoded as UTF-8 with errors=replace",
        KABAR.encode("cp1252").decode("utf-8", errors="replace"),
        EncodingError,
        r"3 replacement characters \(U\+FFFD\), the first at offset 121",
    ),
    Bad(
        "UTF-8 decoded as cp1252 (mojibake)",
        KABAR.encode("utf-8").decode("cp1252", errors="replace"),
        EncodingError,
        r"UTF-8 decoded as cp1252/latin-1 \(mojibake 'â€œ' at offset 121 stands for '“'\)",
    ),
    Bad(
        "UTF-8 decoded as latin-1 (mojibake)",
        LATIN1.encode("utf-8").decode("latin-1"),
        EncodingError,
        r"mojibake 'Ã©' at offset 11 stands for 'é'",
    ),
    Bad(
        "lone surrogate (surrogateescape)",
        LATIN1.encode("latin-1").decode("utf-8", errors="surrogateescape"),
        EncodingError,
        r"lone surrogate U\+DCE9 at offset 11",
    ),
    Bad(
        "5 MB article",
        BIG,
        InputTooLargeError,
        r"article is too large: 5,000,000 characters, the limit is 200,000 .*"
        r"TALENT_EXTRACT_MAX_CHARS",
    ),
    Bad(
        "5 MB HTML page",
        BIG_HTML,
        InputTooLargeError,
        r"5,000,000 characters, the limit is 200,000 \(an HTML page may have 2,000,000",
    ),
    Bad(
        "HTML with no story",
        NAV_ONLY,
        NoStoryError,
        r"^no story text found in the HTML page \(only navigation",
    ),
    Bad(
        "nothing but boilerplate",
        BOILERPLATE,
        NoStoryError,
        r"^no story text found after removing boilerplate$",
    ),
    Bad(
        "English",
        ENGLISH,
        LanguageError,
        r"does not look Indonesian: 0 of 42 words \(0%\) are common Indonesian words .*"
        r"check_language=False",
    ),
    Bad(
        "Chinese", CHINESE, LanguageError, r"does not look Indonesian: 100% of its letters are CJK"
    ),
]
IDS = [c.name for c in CASES]


# --------------------------------------------------------------------------- door 1: extract()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_extract_raises_the_typed_error_before_any_backend(
    case: Bad, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No backend at all: were the check after backend resolution, this would be a
    # ConfigurationError; were it after the model step, a model call.
    no_backend(monkeypatch)
    with pytest.raises(InputError) as caught:
        extract(case.text)
    assert type(caught.value) is case.error
    assert re.search(case.says, str(caught.value)), str(caught.value)


def test_typed_errors_carry_what_was_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    no_backend(monkeypatch)
    with pytest.raises(InputTooLargeError) as big:
        extract(BIG)
    assert (big.value.size, big.value.limit) == (FIVE_MB, DEFAULT_MAX_CHARS)
    with pytest.raises(EncodingError) as enc:
        extract(LATIN1.encode("latin-1").decode("utf-8", errors="surrogateescape"))
    assert enc.value.offset == 11
    with pytest.raises(LanguageError) as lang:
        extract(ENGLISH)
    assert lang.value.score == 0.0 and lang.value.threshold == 0.1


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (
            b"Budi keluar.",
            r"not bytes \(decode bytes first, e\.g\. with talent_extract.decode_text",
        ),
        (42, r"^article must be str or Article, not int$"),
        (None, r"^article must be str or Article, not NoneType$"),
    ],
)
def test_extract_refuses_what_is_not_text(
    value: Any, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_backend(monkeypatch)
    with pytest.raises(InputError, match=says):
        extract(value)


# --------------------------------------------------------------------------- door 2: batches


def test_extract_many_records_one_failure_each_and_the_rest_is_unaffected(
    replay_config: BackendConfig, sample_rows: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    items: list[Any] = [Article(text=GOOD, id="good-1")]
    items += [Article(text=c.text, id=c.name) for c in CASES]
    items += [b"bytes, not text", 42, Article(text=GOOD, id="good-2")]
    with (
        make_vcr("none").use_cassette(CASSETTE, allow_playback_repeats=True),
        Store(tmp_path / "store.sqlite3") as store,
    ):
        results = list(extract_many(items, config=replay_config, store=store, concurrency=3))
        failed = store.count()["failed"]
    assert len(results) == len(items)
    by_id = {r.article_id: r for r in results if r.article_id is not None}
    for case in CASES:
        failure = by_id[case.name].failure
        assert failure is not None, case.name
        assert failure.type == case.error.__name__, (case.name, failure)
        assert re.search(case.says, failure.message), (case.name, failure.message)
        assert failure.attempts in (0, 1)
    # The lone surrogate never reaches the store (it cannot be written); every other one does.
    assert failed == len(CASES) - 1
    anonymous = [r.failure for r in results if r.article_id is None]
    assert sorted((f.type, f.message) for f in anonymous if f is not None) == [
        ("InputError", "article must be str or Article, not bytes"),
        ("InputError", "article must be str or Article, not int"),
    ]
    # The good article, before and after the bad ones, is extracted as recorded.
    good = [by_id["good-1"], by_id["good-2"]]
    assert all(r.extraction is not None for r in good)
    assert sorted(r.cached for r in good) == [False, True]
    expected = sample_rows[GOOD_STEM]
    for r in good:
        assert r.extraction is not None
        records = r.extraction.records_jsonable()
        assert all(records[k] == expected[k] for k in ("departures", "offers", "quotes"))


def test_a_lone_surrogate_in_an_id_is_a_failure_not_a_crash(
    replay_config: BackendConfig,
) -> None:
    # Regression: the store raised UnicodeEncodeError on such an id and the whole batch died.
    bad_id = "berita-\udce9"
    results = list(
        extract_many([Article(text="Budi keluar.", id=bad_id), "Budi \ud800"], config=replay_config)
    )
    assert [(r.article_id, r.failure and r.failure.type) for r in results] == [
        (printable(bad_id), "EncodingError"),
        (None, "EncodingError"),
    ]
    assert printable(bad_id) == "berita-\\udce9"


# --------------------------------------------------------------------------- door 3: the CLI


@dataclass(frozen=True)
class BadFile:
    """A file in the folder given to ``talent-extract run`` and the failure row expected."""

    name: str
    data: bytes
    type: str
    says: str


def _feed(items: list[str]) -> bytes:
    body = "".join(f"<item>{i}</item>" for i in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Campur</title>'
        f"<link>https://campur.example/</link>{body}</channel></rss>"
    ).encode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FEED = _feed(
    [
        # A good entry: the control article again, under the feed's link.
        f"<link>https://campur.example/baik</link><description>{_escape(GOOD)}</description>",
        "<title>Tanpa tautan</title><description>Budi keluar dari Lintas AI.</description>",
        "<link>https://campur.example/kosong</link><title>Tanpa isi</title>",
        f"<link>https://campur.example/inggris</link><description>{ENGLISH}</description>",
        f"<link>https://campur.example/menu</link><description>{_escape(NAV_ONLY)}</description>",
    ]
)

FILES = [
    BadFile("empty.txt", b"", "InputError", r"^article text is empty$"),
    BadFile("blank.txt", b" \n\t \r\n", "InputError", r"^article text is empty$"),
    BadFile("image.txt", PNG, "SourceError", r"^not UTF-8 text: byte 0x89 at byte 0 "),
    BadFile("nul.txt", b"Judul\x00\x00berita\x00\x01\x02", "InputError", r"binary data"),
    BadFile(
        "cp1252.txt",
        KABAR.encode("cp1252"),
        "SourceError",
        r"^not UTF-8 text: byte 0x93 at byte 121 \(invalid start byte\); if the text is cp1252",
    ),
    BadFile(
        "latin1.txt",
        LATIN1.encode("latin-1"),
        "SourceError",
        r"^not UTF-8 text: byte 0xe9 at byte 11 \(invalid continuation byte\)",
    ),
    BadFile(
        "utf16-no-bom.txt",
        KABAR.encode("utf-16-le"),
        "SourceError",
        r"^not UTF-8: looks like UTF-16-LE without a byte-order mark",
    ),
    BadFile(
        "mojibake.txt",
        KABAR.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
        "EncodingError",
        r"mojibake 'â€œ' at offset 121",
    ),
    BadFile(
        "surrogate.jsonl",
        b'{"id": "rusak", "text": "Budi keluar \\udce9 dari Lintas AI."}\n',
        "SourceError",
        r"^text has a lone surrogate U\+DCE9 at offset 12",
    ),
    BadFile("big.txt", BIG.encode(), "InputTooLargeError", r"5,000,000 characters, the limit"),
    BadFile("nav.html", NAV_ONLY.encode(), "NoStoryError", r"^no story text found in the HTML"),
    BadFile("english.txt", ENGLISH.encode(), "LanguageError", r"does not look Indonesian"),
    BadFile("chinese.txt", CHINESE.encode(), "LanguageError", r"letters are CJK script"),
]
# Rows of the feed file, by label.
FEED_ROWS = {
    "in/campur.rss#2": ("SourceError", r"^entry has no link or id$"),
    "in/campur.rss#3": ("SourceError", r"^entry has no content or summary$"),
    "https://campur.example/inggris": ("LanguageError", r"does not look Indonesian"),
    "https://campur.example/menu": ("NoStoryError", r"^no story text found in the HTML page"),
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_run_over_a_folder_of_bad_files_finishes_and_counts_each_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_rows: dict[str, dict[str, Any]]
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    for bad in FILES:
        (folder / bad.name).write_bytes(bad.data)
    (folder / "campur.rss").write_bytes(FEED)
    # Good controls: the sample article as UTF-8, UTF-8 with a BOM and UTF-16 with a BOM.
    (folder / "good.txt").write_text(GOOD, "utf-8")
    (folder / "good-bom8.txt").write_bytes(codecs.BOM_UTF8 + GOOD.encode())
    (folder / "good-bom16.txt").write_bytes(GOOD.encode("utf-16"))  # writes a BOM
    args = ["run", "in", "--out", "out", "--store", "store.sqlite3", "-q"]
    args += ["--base-url", RECORDED_BASE_URL, "--model", RECORDED_MODEL, "--api-key", "unused"]
    with make_vcr("none").use_cassette(CASSETTE, allow_playback_repeats=True):
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    # 13 bad files + 5 feed entries (1 good) + 3 good files; source errors: 5 files, 2 entries.
    # Cached: three copies of the good text, and the feed's English entry, which has the same
    # text as english.txt and so shares its failure.
    assert (
        "articles 21  ok 4  failed 17 (source errors 7)  cached 4  model calls 2" in result.stdout
    )
    failures = {row["article"]: row for row in _rows(tmp_path / "out" / "failures.csv")}
    expected = {f"in/{b.name}": (b.type, b.says) for b in FILES} | FEED_ROWS
    # A JSONL record's failure is labelled by its line.
    expected["in/surrogate.jsonl:1"] = expected.pop("in/surrogate.jsonl")
    assert sorted(failures) == sorted(expected)
    for label, (kind, says) in expected.items():
        row = failures[label]
        assert row["type"] == kind, (label, row)
        assert re.search(says, row["message"]), (label, row["message"])
    # Each good control decoded to exactly the sample text: one extraction, three cached copies.
    rows = [json.loads(x) for x in (tmp_path / "out" / "results.jsonl").read_text().splitlines()]
    ok = {r["article"]: r for r in rows if "failure" not in r}
    assert sorted(ok) == [
        "https://campur.example/baik",
        "in/good-bom16.txt",
        "in/good-bom8.txt",
        "in/good.txt",
    ]
    assert len({r["text_hash"] for r in ok.values()}) == 1
    for row in ok.values():
        assert row["quotes"] == sample_rows[GOOD_STEM]["quotes"]


# --------------------------------------------------------------------------- the checks alone


def test_decode_text_uses_the_byte_order_mark_and_never_guesses() -> None:
    for codec in ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"):
        data = KABAR.encode(codec)
        if codec in ("utf-16-le", "utf-16-be", "utf-32-be"):
            data = "\ufeff".encode(codec) + data  # the mark written by hand
        assert decode_text(data) == KABAR, codec
    assert decode_text(KABAR.encode()) == KABAR
    with pytest.raises(EncodingError, match="byte 0x93 at byte 121") as cp:
        decode_text(KABAR.encode("cp1252"))
    assert cp.value.offset == 121
    with pytest.raises(EncodingError, match="UTF-16-BE without a byte-order mark"):
        decode_text(KABAR.encode("utf-16-be"))
    with pytest.raises(EncodingError, match="not valid UTF-16 although it starts with that"):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone high surrogate


def test_the_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    no_backend(monkeypatch)
    page = f"<html><body><article><p>{KABAR}</p><p>{KABAR2}</p></article></body></html>"
    # Under max_chars: the checks pass and the missing backend is the next thing to fail.
    with pytest.raises(ConfigurationError):
        extract(KABAR, max_chars=len(KABAR))
    with pytest.raises(InputTooLargeError, match=r"too large: 200 characters, the limit is 199"):
        extract("x" * 200, max_chars=199)
    # An HTML page may carry ten times the limit in markup; the story extracted from it may not
    # exceed the limit itself.
    assert len(page) < 10 * len(KABAR)
    with pytest.raises(InputTooLargeError, match="text extracted from the HTML page is too large"):
        extract(page, max_chars=len(KABAR))
    with pytest.raises(ConfigurationError):
        extract(page, max_chars=len(KABAR) + len(KABAR2) + 10)
    monkeypatch.setenv("TALENT_EXTRACT_MAX_CHARS", "100")
    with pytest.raises(InputTooLargeError, match="the limit is 100"):
        extract(KABAR)
    monkeypatch.setenv("TALENT_EXTRACT_MAX_CHARS", "banyak")
    with pytest.raises(ConfigurationError, match="TALENT_EXTRACT_MAX_CHARS must be a positive"):
        extract(KABAR)
    with pytest.raises(ConfigurationError, match="max_chars must be a positive"):
        extract(KABAR, max_chars=0)


def test_the_language_check_can_be_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    no_backend(monkeypatch)
    with pytest.raises(ConfigurationError):  # past every input check
        extract(ENGLISH, check_language=False)
    monkeypatch.setenv("TALENT_EXTRACT_CHECK_LANGUAGE", "0")
    with pytest.raises(ConfigurationError):
        extract(ENGLISH)
    with pytest.raises(LanguageError):  # the argument wins over the environment
        extract(ENGLISH, check_language=True)
    monkeypatch.setenv("TALENT_EXTRACT_CHECK_LANGUAGE", "mungkin")
    with pytest.raises(ConfigurationError, match="TALENT_EXTRACT_CHECK_LANGUAGE must be 1 or 0"):
        extract(KABAR)


INDONESIAN_WITH_ENGLISH = [
    # Short texts heavy with English names and job titles.
    "Budi Santoso keluar dari Lintas AI dan bergabung dengan Meta.",
    "Garuda Labs hire lagi: Chief AI Officer baru dari Google DeepMind.",
    "CEO Lintas AI Budi Santoso mengatakan Garuda Labs menawarkan signing bonus US$100 juta "
    "kepada top researcher. Machine learning engineer, research scientist, dan product manager "
    "dari Google DeepMind, Anthropic, dan xAI juga di-approach oleh recruiter Meta "
    "Superintelligence Labs.",
    "Startup AI asal Jakarta, Garuda Labs, meluncurkan large language model open-source "
    "bernama Nusantara-7B yang di-train dengan dataset berbahasa Indonesia, Jawa, dan Sunda, "
    "kata founder dan CEO-nya, Sari Dewi, dalam sebuah press release pada Senin.",
]


@pytest.mark.parametrize("text", INDONESIAN_WITH_ENGLISH)
def test_indonesian_with_many_english_terms_passes(text: str) -> None:
    check_language(text)
    prepare(text)  # the whole entry, checks included


def test_every_sample_and_test_article_passes_the_checks() -> None:
    paths = sorted(ARTICLES.glob("*.txt")) + sorted(REASK_ARTICLES.glob("*.txt"))
    assert len(paths) >= 10
    for path in paths:
        prepare(path.read_text("utf-8"))


def test_iter_articles_turns_a_broken_feed_into_errors_and_articles(tmp_path: Path) -> None:
    path = tmp_path / "campur.rss"
    path.write_bytes(FEED)
    items = list(iter_articles([str(path)]))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in articles] == [
        "https://campur.example/baik",
        "https://campur.example/inggris",
        "https://campur.example/menu",
    ]
    assert articles[0].text == GOOD
    assert len(items) - len(articles) == 2


def _stdin(data: bytes) -> io.TextIOWrapper:
    """A text stream over bytes, as sys.stdin is (with its binary ``buffer``)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def test_stdin_is_read_as_bytes_and_decoded_per_line() -> None:
    lines = [
        json.dumps({"id": "s1", "text": KABAR}).encode(),
        json.dumps({"id": "s2", "text": LATIN1}, ensure_ascii=False).encode("latin-1"),
        b'{"id": "s3", "text": "Budi \\udce9 keluar."}',
        json.dumps({"id": "s4", "text": KABAR2}).encode(),
    ]
    items = list(iter_articles(["-"], stdin=_stdin(b"\n".join(lines) + b"\n")))
    assert [getattr(i, "id", None) or getattr(i, "source", None) for i in items] == [
        "s1",
        "<stdin>:2",
        "<stdin>:3",
        "s4",
    ]
    assert "not UTF-8 text: byte 0xe9 at byte 33 (invalid continuation byte)" in str(items[1])
    assert "lone surrogate U+DCE9" in str(items[2])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (KABAR.encode("utf-16"), KABAR),  # a BOM decides
        (codecs.BOM_UTF8 + KABAR.encode(), KABAR),
        (KABAR.encode("cp1252"), "not UTF-8 text: byte 0x93 at byte 121"),
    ],
)
def test_stdin_plain_text_is_decoded_like_a_file(data: bytes, expected: str) -> None:
    (item,) = iter_articles(["-"], stdin=_stdin(data))
    if isinstance(item, Article):
        assert item.text == expected
    else:
        assert item.source == "-" and expected in item.message


def test_run_from_stdin_with_undecodable_lines_finishes(tmp_path: Path) -> None:
    data = b'{"id": "a", "text": "Caf\xe9"}\n{"id": "b", "text": "x \\ud800"}\n'
    args = ["run", "-", "--out", str(tmp_path / "o"), "--store", str(tmp_path / "s.sqlite3")]
    args += ["--base-url", RECORDED_BASE_URL, "--api-key", "unused", "-q"]
    result = CliRunner().invoke(app, args, input=data)
    assert result.exit_code == 0, result.output
    assert "articles 2  ok 0  failed 2 (source errors 2)" in result.stdout
    rows = _rows(tmp_path / "o" / "failures.csv")
    assert [(r["article"], r["type"]) for r in rows] == [
        ("<stdin>:1", "SourceError"),
        ("<stdin>:2", "SourceError"),
    ]


def test_a_file_name_that_is_not_utf8_gets_a_writable_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    try:
        with open(os.fsencode(tmp_path / "in") + b"/caf\xe9.txt", "wb") as handle:
            handle.write(KABAR.encode())
    except OSError:  # a file system that refuses such names has nothing to test
        pytest.skip("file system refuses non-UTF-8 names")
    (article,) = iter_articles(["in"])
    assert isinstance(article, Article)
    assert article.id == "in/caf\\xe9.txt" and article.text == KABAR
    article.id.encode("utf-8")  # storable


def test_a_huge_file_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open("huge.txt", "wb") as handle:
        handle.truncate(9_000_000)  # sparse: 9 MB of NUL on disk costs nothing
    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    (error,) = iter_articles(["huge.txt"])
    assert read == []
    assert error == SourceError(
        "huge.txt",
        "file is too large: 9,000,000 bytes, more than any article within the limit of 200,000 "
        "characters could take (8,000,000 bytes); raise it with TALENT_EXTRACT_MAX_CHARS",
    )
    monkeypatch.setenv("TALENT_EXTRACT_MAX_CHARS", "1000000")
    (item,) = iter_articles(["huge.txt"])  # under 40 MB now: read, and refused as binary later
    assert isinstance(item, Article) and read == [Path("huge.txt")]


def test_every_error_pickles_with_its_attributes() -> None:
    import inspect
    import pickle

    import talent_extract.exceptions as E

    made = {
        E.TalentExtractError: E.TalentExtractError("t"),
        E.InputError: E.InputError("i"),
        E.InputTooLargeError: E.InputTooLargeError("big", size=5, limit=2),
        E.EncodingError: E.EncodingError("enc", offset=7),
        E.NoStoryError: E.NoStoryError("none"),
        E.LanguageError: E.LanguageError("lang", score=0.01, threshold=0.1),
        E.ConfigurationError: E.ConfigurationError("c"),
        E.ParseError: E.ParseError("p"),
        E.BackendError: E.BackendError("b", attempts=3),
        E.AuthenticationError: E.AuthenticationError("a", attempts=1),
        E.BadRequestError: E.BadRequestError("r", attempts=1),
        E.TransientBackendError: E.TransientBackendError("t", attempts=4),
        E.ModelOutputError: E.ModelOutputError("m", attempts=2),
        E.SourceError: E.SourceError("feed.xml#3", "no link or text"),
        E.FetchError: E.FetchError("https://x.example/a", "Not Found", status=404),
        E.WorkerError: E.WorkerError("w"),
        E.BatchAPIError: E.BatchAPIError("x", kind="expired", attempts=2),
    }
    classes = {c for _, c in inspect.getmembers(E, inspect.isclass) if issubclass(c, Exception)}
    assert set(made) == classes, "a new error class needs an entry here"
    for error in made.values():
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert str(back) == str(error) and vars(back) == vars(error)
    assert pickle.loads(pickle.dumps(made[E.SourceError])) == made[E.SourceError]
