"""iter_articles: files, folders, JSON/JSONL, local feeds and stdin. No network."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from talent_extract import Article
from talent_extract.batch.sources import SourceError, iter_articles
from tests.fakes import BUDI, FEEDS


def _split(items: list[Article | SourceError]) -> tuple[list[Article], list[SourceError]]:
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, SourceError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of every kind, with BUDI's text under three sources; cwd is tmp_path."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(BUDI, encoding="utf-8")
    (root / "sub" / "b.html").write_text("<html><body><p>Halo</p></body></html>", "utf-8")
    (root / "list.json").write_text(
        json.dumps(
            [
                {
                    "url": "https://x.example/1",
                    "text": BUDI,
                    "title": "Budi",
                    "published": "2025-07-01",
                },
                {"content": "Tanpa id, pakai posisi."},
                {"id": "no-text"},
            ]
        ),
        "utf-8",
    )
    (root / "lines.jsonl").write_text(
        '{"guid": "g-1", "body": "Satu.", "published": "2025-07-03T23:30:00+07:00"}\n'
        "\n"
        '{"id": "g-2", "text": "Dua." \n'
        '{"id": "g-3", "title": "tanpa teks"}\n'
        '{"id": 4, "text": "Empat.", "source": "kompas.com"}\n',
        "utf-8",
    )
    (root / "notes.md").write_text("ignored: not an article suffix", "utf-8")
    (root / ".hidden.txt").write_text("ignored: hidden", "utf-8")
    shutil.copy(FEEDS / "kabar.rss", root / "kabar.rss")
    return root


def test_folder_yields_every_kind_sorted_with_stable_ids(folder: Path) -> None:
    articles, errors = _split(list(iter_articles(["in"])))
    ids = [a.id for a in articles]
    assert ids == [
        "in/a.txt",
        "https://kabar.example/2025/07/peneliti-pindah",
        "kabar-0004",
        "g-1",
        "4",
        "https://x.example/1",
        "in/list.json#2",
        "in/sub/b.html",
    ]
    by_id = {a.id: a for a in articles}
    assert by_id["in/a.txt"].text == BUDI and by_id["in/a.txt"].source == "in/a.txt"
    assert by_id["in/sub/b.html"].text.startswith("<html>")  # raw HTML: the pipeline cleans it
    assert by_id["https://x.example/1"].published == dt.date(2025, 7, 1)
    assert by_id["https://x.example/1"].title == "Budi"
    assert by_id["g-1"].text == "Satu." and by_id["g-1"].published == dt.date(2025, 7, 3)
    assert by_id["4"].source == "kompas.com"
    assert by_id["in/list.json#2"].text == "Tanpa id, pakai posisi."
    # The same text under three sources: three articles, one text (the batch extracts it once).
    same = [a.id for a in articles if a.text == BUDI]
    assert same == [
        "in/a.txt",
        "https://kabar.example/2025/07/peneliti-pindah",
        "https://x.example/1",
    ]
    assert [(e.source, e.message.split(":")[0]) for e in errors] == [
        ("in/kabar.rss#2", "entry has no link or id"),
        ("in/kabar.rss#3", "entry has no content or summary"),
        ("in/lines.jsonl:3", "not JSON"),
        ("in/lines.jsonl:4", "no text"),
        ("in/list.json#3", "no text"),
    ]


def test_files_are_read_lazily_in_the_order_given(folder: Path) -> None:
    stream = iter_articles(["in/a.txt", "missing.txt", "in/notes.md", "in/a.txt"])
    first = next(stream)
    assert isinstance(first, Article) and first.id == "in/a.txt"
    rest = list(stream)
    assert rest[0] == SourceError("missing.txt", "no such file or folder")
    assert isinstance(rest[1], SourceError) and "unsupported file type '.md'" in rest[1].message
    assert isinstance(rest[2], Article) and rest[2].id == "in/a.txt"


def test_ids_outside_the_cwd_are_the_path_as_given(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Teks.", "utf-8")
    (article,) = iter_articles([str(path)])
    assert isinstance(article, Article) and article.id == path.as_posix()


def test_non_utf8_is_an_error_not_a_guess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("cp1252.txt").write_bytes("Café “kutipan”".encode("cp1252"))
    Path("bom.txt").write_bytes("\ufeffDengan BOM.".encode())
    Path("bad.jsonl").write_bytes(b'{"text": "\xff"}\n')
    items = list(iter_articles(["cp1252.txt", "bom.txt", "bad.jsonl"]))
    assert isinstance(items[0], SourceError) and items[0].source == "cp1252.txt"
    assert "not UTF-8" in items[0].message
    assert isinstance(items[1], Article) and items[1].text == "Dengan BOM."
    assert isinstance(items[2], SourceError) and "not UTF-8" in items[2].message


def test_json_errors_name_the_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.json").write_text('[\n{"text": "a"},\n{oops}\n]', "utf-8")
    Path("scalar.json").write_text("42", "utf-8")
    Path("one.json").write_text('{"text": "Satu objek.", "published": "kemarin"}', "utf-8")
    Path("mixed.jsonl").write_text('"teks saja"\n{"text": 5}\n{"id": [1], "text": "x"}\n', "utf-8")
    errors = list(iter_articles(["broken.json", "scalar.json", "one.json", "mixed.jsonl"]))
    assert all(isinstance(e, SourceError) for e in errors)
    assert [(e.source, e.message) for e in errors if isinstance(e, SourceError)] == [
        ("broken.json:3", "not JSON: Expecting property name enclosed in double quotes"),
        ("scalar.json", "expected an object or a list of objects, not int"),
        ("one.json", "published is not an ISO date: 'kemarin'"),
        ("mixed.jsonl:1", "expected an object, not a string"),
        ("mixed.jsonl:2", "no text: needs a non-empty string 'text', 'content' or 'body'"),
        ("mixed.jsonl:3", "id must be a string or a number, not a list"),
    ]


def test_rss_feed_entries_and_broken_entries() -> None:
    items = list(iter_articles([str(FEEDS / "kabar.rss")]))
    articles, errors = _split(items)
    first = articles[0]
    assert first.id == first.url == "https://kabar.example/2025/07/peneliti-pindah"
    assert first.text == BUDI and first.title == "Peneliti Lintas AI pindah ke Meta"
    assert first.published == dt.date(2025, 7, 1)
    assert first.source is not None and first.source.endswith("kabar.rss")
    guid_only = articles[1]
    assert guid_only.id == "kabar-0004" and guid_only.url is None
    assert [e.source.rsplit("/", 1)[-1] for e in errors] == ["kabar.rss#2", "kabar.rss#3"]


def test_atom_content_is_preferred_and_keeps_its_local_date() -> None:
    (entry,) = iter_articles([str(FEEDS / "warta.atom")])
    assert isinstance(entry, Article)
    assert entry.id == "https://warta.example/42"
    assert entry.text == '<p>"Saya pamit," kata Rina.</p>'
    # 01:15 +07:00 is still 1 July in UTC; the article's own date is 2 July.
    assert entry.published == dt.date(2025, 7, 2)


def test_malformed_feed_uses_the_entries_and_reports_once() -> None:
    items = list(iter_articles([str(FEEDS / "rusak.xml")]))
    articles, errors = _split(items)
    assert [a.id for a in articles] == ["https://rusak.example/1", "https://rusak.example/2"]
    (error,) = errors
    assert error.source.endswith("rusak.xml")
    assert "malformed feed, 2 entries recovered" in error.message


def test_unreadable_feed_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.xml"
    path.write_text("<<< bukan feed", "utf-8")
    (error,) = iter_articles([str(path)])
    assert isinstance(error, SourceError) and "not a readable feed" in error.message


def test_stdin_jsonl_counts_lines_from_the_top() -> None:
    stdin = io.StringIO('\n{"id": "s1", "text": "Satu."}\nbukan json\n{"text": "Tanpa id."}\n')
    items = list(iter_articles(["-"], stdin=stdin))
    assert isinstance(items[0], Article) and items[0].id == "s1"
    assert items[1] == SourceError("<stdin>:3", "not JSON: Expecting value")
    assert isinstance(items[2], Article) and items[2].id == "<stdin>:4"


def test_stdin_plain_text_is_one_article() -> None:
    text = "\n  Budi pamit.\n{bukan json}\n"
    (article,) = iter_articles(["-"], stdin=io.StringIO(text))
    assert isinstance(article, Article)
    assert (article.id, article.text, article.source) == ("stdin", text, "-")


def test_empty_stdin_is_an_error() -> None:
    assert list(iter_articles(["-"], stdin=io.StringIO("\n \n"))) == [
        SourceError("-", "stdin is empty")
    ]


def test_a_source_error_is_a_talent_extract_error_yielded_not_raised() -> None:
    from talent_extract import TalentExtractError

    (item,) = iter_articles(["missing.txt"])
    assert isinstance(item, SourceError) and isinstance(item, TalentExtractError)
    assert (item.source, item.message) == ("missing.txt", "no such file or folder")
    assert str(item) == "missing.txt: no such file or folder"
    with pytest.raises(TalentExtractError, match=r"missing\.txt"):
        raise item
