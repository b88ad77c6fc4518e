"""Tests for talent_extract.find.dates: Indonesian date phrases and page publication dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dateparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talent_extract.find.dates import (
    ResolvedDate,
    find_dates,
    find_published_date,
    resolve_date,
)

TUE = dt.date(2023, 11, 21)  # a Tuesday
MON = dt.date(2024, 5, 20)  # a Monday
SUN = dt.date(2023, 11, 26)  # a Sunday
JAN = dt.date(2024, 1, 5)  # a Friday early in the year

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"

Expected = list[tuple[str, str, str]]  # (value, resolution, text)

CASES: list[tuple[str, dt.date | None, Expected]] = [
    # --- absolute, day/month/year with month names
    ("20 Mei 2024", TUE, [("2024-05-20", "day", "20 Mei 2024")]),
    ("6 November 2023", TUE, [("2023-11-06", "day", "6 November 2023")]),
    (
        "di acara DevDay pada 6 November 2023 di San Francisco",
        TUE,
        [("2023-11-06", "day", "6 November 2023")],
    ),
    ("Selasa, 21 Nov 2023", None, [("2023-11-21", "day", "Selasa, 21 Nov 2023")]),
    ("20 Agt 2023", None, [("2023-08-20", "day", "20 Agt 2023")]),
    ("3 Agu 2023", None, [("2023-08-03", "day", "3 Agu 2023")]),
    ("1 Agust 2023", None, [("2023-08-01", "day", "1 Agust 2023")]),
    ("5 Nop 2023", None, [("2023-11-05", "day", "5 Nop 2023")]),
    ("1 Okt. 2023", None, [("2023-10-01", "day", "1 Okt. 2023")]),
    ("24 Des 2023", None, [("2023-12-24", "day", "24 Des 2023")]),
    ("2 Jan 2024", None, [("2024-01-02", "day", "2 Jan 2024")]),
    ("14 Pebruari 2023", None, [("2023-02-14", "day", "14 Pebruari 2023")]),
    ("20 MEI 2024", None, [("2024-05-20", "day", "20 MEI 2024")]),
    # --- absolute, month and year
    ("Mei 2024", None, [("2024-05", "month", "Mei 2024")]),
    ("pada Nopember 2023", TUE, [("2023-11", "month", "Nopember 2023")]),
    ("sejak Agu 2022", TUE, [("2022-08", "month", "Agu 2022")]),
    # an impossible day keeps only the month and year it names
    ("31 Februari 2024", None, [("2024-02", "month", "Februari 2024")]),
    # --- absolute, numeric
    ("18/11/2023", None, [("2023-11-18", "day", "18/11/2023")]),
    ("20-05-2024", None, [("2024-05-20", "day", "20-05-2024")]),
    ("20.05.2024", None, [("2024-05-20", "day", "20.05.2024")]),
    ("05/20/2024", None, [("2024-05-20", "day", "05/20/2024")]),  # only m/d/y is possible
    ("2023-11-18", None, [("2023-11-18", "day", "2023-11-18")]),
    ("2024-05-20T08:00:00+07:00", None, [("2024-05-20", "day", "2024-05-20")]),
    ("Jumat (18/11/2023)", None, [("2023-11-18", "day", "Jumat (18/11/2023)")]),
    # --- day/month with the year from the publication date
    ("(18/11)", TUE, [("2023-11-18", "day", "(18/11)")]),
    ("Jumat (18/11)", TUE, [("2023-11-18", "day", "Jumat (18/11)")]),
    ("pada hari Jumat (18/11), kini", TUE, [("2023-11-18", "day", "Jumat (18/11)")]),
    ("Minggu (19/11)", TUE, [("2023-11-19", "day", "Minggu (19/11)")]),
    ("(21/11)", TUE, [("2023-11-21", "day", "(21/11)")]),  # the publication day itself
    ("(28/12)", JAN, [("2023-12-28", "day", "(28/12)")]),  # year rollover
    ("(28/12)", TUE, [("2022-12-28", "day", "(28/12)")]),  # would be after publication
    ("20 Mei", MON, [("2024-05-20", "day", "20 Mei")]),
    ("21 Mei", MON, [("2023-05-21", "day", "21 Mei")]),
    (
        "Jumat (18/11) dan Senin (20/11)",
        TUE,
        [("2023-11-18", "day", "Jumat (18/11)"), ("2023-11-20", "day", "Senin (20/11)")],
    ),
    # --- relative days
    ("kemarin", TUE, [("2023-11-20", "day", "kemarin")]),
    ("Kemarin", MON, [("2024-05-19", "day", "Kemarin")]),
    ("kemarin lusa", TUE, [("2023-11-19", "day", "kemarin lusa")]),
    ("hari ini", TUE, [("2023-11-21", "day", "hari ini")]),
    ("besok", TUE, [("2023-11-22", "day", "besok")]),
    ("lusa", TUE, [("2023-11-23", "day", "lusa")]),
    ("3 hari lalu", TUE, [("2023-11-18", "day", "3 hari lalu")]),
    ("tiga hari yang lalu", TUE, [("2023-11-18", "day", "tiga hari yang lalu")]),
    # --- weeks: P-7 at day resolution
    ("minggu lalu", TUE, [("2023-11-14", "day", "minggu lalu")]),
    ("Minggu lalu, OpenAI", TUE, [("2023-11-14", "day", "Minggu lalu")]),
    ("pekan lalu", MON, [("2024-05-13", "day", "pekan lalu")]),
    ("pekan yang lalu", MON, [("2024-05-13", "day", "pekan yang lalu")]),
    ("pada minggu lalu", TUE, [("2023-11-14", "day", "minggu lalu")]),
    ("sepekan lalu", TUE, [("2023-11-14", "day", "sepekan lalu")]),
    ("seminggu lalu", TUE, [("2023-11-14", "day", "seminggu lalu")]),
    ("dua pekan lalu", TUE, [("2023-11-07", "day", "dua pekan lalu")]),
    ("3 minggu lalu", TUE, [("2023-10-31", "day", "3 minggu lalu")]),
    ("akhir pekan lalu", TUE, [("2023-11-18", "day", "akhir pekan lalu")]),
    ("akhir pekan lalu", MON, [("2024-05-18", "day", "akhir pekan lalu")]),
    ("akhir minggu lalu", SUN, [("2023-11-18", "day", "akhir minggu lalu")]),
    ("Jumat pekan lalu", TUE, [("2023-11-17", "day", "Jumat pekan lalu")]),
    ("Senin pekan lalu", MON, [("2024-05-13", "day", "Senin pekan lalu")]),
    # --- months and years
    ("bulan lalu", TUE, [("2023-10", "month", "bulan lalu")]),
    ("bulan lalu", JAN, [("2023-12", "month", "bulan lalu")]),
    ("bulan ini", TUE, [("2023-11", "month", "bulan ini")]),
    ("2 bulan lalu", TUE, [("2023-09", "month", "2 bulan lalu")]),
    ("tahun lalu", TUE, [("2022", "year", "tahun lalu")]),
    ("akhir tahun lalu", TUE, [("2022", "year", "tahun lalu")]),
    ("tahun ini", MON, [("2024", "year", "tahun ini")]),
    ("lima tahun lalu", TUE, [("2018", "year", "lima tahun lalu")]),
    ("Agustus lalu", TUE, [("2023-08", "month", "Agustus lalu")]),
    ("Agustus lalu", MON, [("2023-08", "month", "Agustus lalu")]),
    ("Mei lalu", MON, [("2023-05", "month", "Mei lalu")]),  # strictly before May 2024
    ("April lalu", MON, [("2024-04", "month", "April lalu")]),
    ("November lalu", TUE, [("2022-11", "month", "November lalu")]),
    ("bulan Agustus lalu", TUE, [("2023-08", "month", "bulan Agustus lalu")]),
    ("Agustus tahun lalu", TUE, [("2022-08", "month", "Agustus tahun lalu")]),
    ("Februari tahun ini", MON, [("2024-02", "month", "Februari tahun ini")]),
    # --- weekdays
    ("Selasa lalu", TUE, [("2023-11-14", "day", "Selasa lalu")]),  # strictly before
    ("Senin lalu", TUE, [("2023-11-20", "day", "Senin lalu")]),
    ("Senin lalu", MON, [("2024-05-13", "day", "Senin lalu")]),
    ("Kamis yang lalu", MON, [("2024-05-16", "day", "Kamis yang lalu")]),
    ("pada Selasa", TUE, [("2023-11-21", "day", "Selasa")]),  # on or before
    ("hari Rabu", TUE, [("2023-11-15", "day", "hari Rabu")]),
    ("pada hari Kamis, ia", MON, [("2024-05-16", "day", "hari Kamis")]),
    ("pada Jumat", TUE, [("2023-11-17", "day", "Jumat")]),
    ("pada Jum'at", TUE, [("2023-11-17", "day", "Jum'at")]),
    ("hari Jum’at", TUE, [("2023-11-17", "day", "hari Jum’at")]),
    ("pada Jum‘at", TUE, [("2023-11-17", "day", "Jum‘at")]),
    ("JUM'AT lalu", MON, [("2024-05-17", "day", "JUM'AT lalu")]),
    ("pada Sabtu", MON, [("2024-05-18", "day", "Sabtu")]),
    ("kata dia, Kamis.", TUE, [("2023-11-16", "day", "Kamis")]),
    ("hari Minggu", TUE, [("2023-11-19", "day", "hari Minggu")]),
    ("pada Minggu, dewan", TUE, [("2023-11-19", "day", "Minggu")]),
    ("Minggu malam", MON, [("2024-05-19", "day", "Minggu")]),
    ("Minggu pagi", TUE, [("2023-11-19", "day", "Minggu")]),
    ("hari Minggu lalu", SUN, [("2023-11-19", "day", "hari Minggu lalu")]),
    ("pada Ahad", TUE, [("2023-11-19", "day", "Ahad")]),
    # --- years
    ("pada 2021", TUE, [("2021", "year", "2021")]),
    ("tahun 2021", TUE, [("2021", "year", "2021")]),
    ("sejak 2019", TUE, [("2019", "year", "2019")]),
    ("Pada tahun 2020, ia", TUE, [("2020", "year", "2020")]),
    ("awal 2024", TUE, [("2024", "year", "2024")]),  # published.year + 1 is allowed
    ("pada 2021", None, [("2021", "year", "2021")]),
    # --- not dates
    ("4,4 persen", TUE, []),
    ("Llama 4", TUE, []),
    ("770 orang", TUE, []),
    ("GPT-4 dan GPT-4o", TUE, []),
    ("pukul 00:00 WIB", TUE, []),
    ("layanan (50/50)", TUE, []),
    ("Jan Leike mundur", TUE, []),
    ("beberapa minggu terakhir", TUE, []),
    ("beberapa minggu lalu", TUE, []),
    ("beberapa tahun lalu", TUE, []),
    ("pada minggu pertama", TUE, []),
    ("pada minggu ini", TUE, []),
    ("pada 2000 karyawan", TUE, []),
    ("pada 2030", TUE, []),  # after published.year + 1
    ("hingga 1850", TUE, []),
    ("setiap Senin", TUE, []),
    ("pada Senin depan", TUE, []),
    ("Senin-Jumat", TUE, []),
    # --- relative forms need a publication date
    ("kemarin", None, []),
    ("pekan lalu", None, []),
    ("Agustus lalu", None, []),
    ("Selasa lalu", None, []),
    ("(18/11)", None, []),
]


def _triples(found: list[ResolvedDate]) -> Expected:
    return [(r.value, r.resolution, r.text) for r in found]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_find_dates_table(text: str, published: dt.date | None, expected: Expected) -> None:
    found = find_dates(text, published)
    assert _triples(found) == expected
    for r in found:
        assert text[r.start : r.end] == r.text


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60


def test_offsets_inside_a_sentence() -> None:
    text = "Altman dipecat pada Jumat (17/11) dan direkrut Microsoft dua hari kemudian."
    (r,) = find_dates(text, TUE)
    assert r == ResolvedDate("2023-11-17", "day", "Jumat (17/11)", 20, 33)


def test_resolve_date_returns_first() -> None:
    assert resolve_date("kemarin dan minggu lalu", TUE) == ResolvedDate(
        "2023-11-20", "day", "kemarin", 0, 7
    )
    assert resolve_date("tanpa tanggal", TUE) is None


def test_datetime_publication_is_accepted() -> None:
    assert _triples(find_dates("kemarin", dt.datetime(2023, 11, 21, 23, 59))) == [
        ("2023-11-20", "day", "kemarin")
    ]


def test_extreme_publication_dates_do_not_raise() -> None:
    text = "kemarin, (28/12), bulan lalu, 10 tahun lalu, Selasa lalu, besok, lusa, Agustus lalu"
    # What would fall outside the calendar is skipped; everything else still resolves.
    assert [(r.value, r.text) for r in find_dates(text, dt.date.min)] == [
        ("0001-01-02", "besok"),
        ("0001-01-03", "lusa"),
    ]
    assert [(r.value, r.text) for r in find_dates(text, dt.date.max)] == [
        ("9999-12-30", "kemarin"),
        ("9999-12-28", "(28/12)"),
        ("9999-11", "bulan lalu"),
        ("9989", "10 tahun lalu"),
        ("9999-12-28", "Selasa lalu"),
        ("9999-08", "Agustus lalu"),
    ]


# --------------------------------------------------------------------------- dateparser


# Phrases dateparser 1.5 (languages=["id"]) gets wrong or leaves unparsed; we assert our value
# and only show dateparser's answer in the failure message.
DATEPARSER_GAPS: list[tuple[str, dt.date, str]] = [
    ("minggu lalu", TUE, "2023-11-14"),
    ("pekan lalu", TUE, "2023-11-14"),
    ("sepekan lalu", TUE, "2023-11-14"),
    ("dua minggu lalu", TUE, "2023-11-07"),
    ("tiga bulan lalu", TUE, "2023-08"),
    ("Agustus lalu", TUE, "2023-08"),
    ("Selasa lalu", TUE, "2023-11-14"),
    ("pada Jum'at", TUE, "2023-11-17"),
    ("hari Jum’at", TUE, "2023-11-17"),
    ("akhir pekan lalu", TUE, "2023-11-18"),
    ("lusa", TUE, "2023-11-23"),
    ("1 Agust 2023", TUE, "2023-08-01"),
]


def _dateparser(phrase: str, published: dt.date) -> dt.datetime | None:
    base = dt.datetime.combine(published, dt.time(12))
    result: dt.datetime | None = dateparser.parse(
        phrase,
        languages=["id"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
    )
    return result


@pytest.mark.parametrize(("phrase", "published", "value"), DATEPARSER_GAPS)
def test_where_dateparser_alone_falls_short(phrase: str, published: dt.date, value: str) -> None:
    ours = resolve_date(phrase, published)
    theirs = _dateparser(phrase, published)
    assert ours is not None, f"dateparser alone gives {theirs!r}"
    assert ours.value == value, f"dateparser alone gives {theirs!r}"


@pytest.mark.parametrize(
    "phrase",
    ["20 Mei 2024", "6 November 2023", "18/11/2023", "2023-11-18", "Mei 2024", "3 hari lalu"],
)
def test_agrees_with_dateparser_where_it_answers(phrase: str) -> None:
    """The measurement behind using regexes for absolute dates: same values, known offsets."""
    ours = resolve_date(phrase, TUE)
    assert ours is not None and ours.text == phrase
    theirs = _dateparser(phrase, TUE)
    if theirs is not None:
        assert theirs.date().isoformat().startswith(ours.value)


# --------------------------------------------------------------------------- hypothesis

FRAGMENTS = [
    "kemarin",
    "kemarin lusa",
    "lusa",
    "hari ini",
    "minggu lalu",
    "Minggu",
    "pekan yang lalu",
    "akhir pekan lalu",
    "bulan lalu",
    "tahun lalu",
    "Agustus lalu",
    "Januari tahun lalu",
    "Selasa lalu",
    "Jum'at lalu",
    "Jum’at",
    "hari",
    "pada",
    "Jumat pekan lalu",
    "(18/11)",
    "(29/02)",
    "(31/04)",
    "20 Mei 2024",
    "31 Februari 2024",
    "Mei 2024",
    "18/11/2023",
    "2023-11-18",
    "pada 2021",
    "sejak 9999",
    "4,4 persen",
    "GPT-4",
    "99 tahun lalu",
    "9999 hari lalu",
    "sepuluh tahun lalu",
    "dua belas bulan lalu",
    ",",
    ".",
    "(",
    "/",
    "-",
    "malam",
    "Senin",
    "\n",
]

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=12).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(text=texts, published=st.one_of(st.none(), st.dates()))
def test_find_dates_never_raises_and_spans_match(text: str, published: dt.date | None) -> None:
    found = find_dates(text, published)
    previous_end = 0
    for r in found:
        assert text[r.start : r.end] == r.text
        assert r.start >= previous_end  # sorted, non-overlapping
        previous_end = r.end
        assert len(r.value) == {"day": 10, "month": 7, "year": 4}[r.resolution]


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map(" ".join),
    published=st.dates(),
)
def test_past_forms_never_after_publication(text: str, published: dt.date) -> None:
    for r in find_dates(text, published):
        lowered = r.text.lower()
        if "lalu" in lowered or "kemarin" in lowered:
            assert r.value <= published.isoformat()[: len(r.value)], r


@settings(max_examples=200, deadline=None)
@given(text=texts, default_year=st.one_of(st.none(), st.integers(-5, 10_000)))
def test_find_published_date_never_raises(text: str, default_year: int | None) -> None:
    result = find_published_date(text, default_year=default_year)
    assert result is None or isinstance(result, dt.date)


# --------------------------------------------------------------------------- published dates

BODY = (
    "Perusahaan kecerdasan buatan itu kehilangan sejumlah peneliti senior dalam beberapa bulan "
    "terakhir, termasuk dua pemimpin tim yang mundur pada 6 November 2023 setelah rapat dewan."
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Senin, 20 Mei 2024 | 00:00 WIB", dt.date(2024, 5, 20)),
        ("Senin, 20/05/2024 14:30 WIB", dt.date(2024, 5, 20)),
        ("20 Mei 2024, 10:15 WIB", dt.date(2024, 5, 20)),
        ("Selasa, 21 Nov 2023 07:00 WIB", dt.date(2023, 11, 21)),
        ("Rabu, 22 November 2023 | 09:41 WITA", dt.date(2023, 11, 22)),
        ("Kamis, 23 Nov 2023 - 18:05 WIT", dt.date(2023, 11, 23)),
        ("Diterbitkan 3 Januari 2024", dt.date(2024, 1, 3)),
        ("Dipublikasikan: Jum'at, 17 November 2023", dt.date(2023, 11, 17)),
        ("Published: 2024-05-20T08:00:00+07:00", dt.date(2024, 5, 20)),
        ("Jakarta, 21/11/2023", dt.date(2023, 11, 21)),
        ("Senin, 20 Mei 2024", dt.date(2024, 5, 20)),
    ],
)
def test_find_published_date_headers(header: str, expected: dt.date) -> None:
    page = f"Peneliti AI Ramai-ramai Pindah ke Pesaing\n\nTeknologi\n\n{header}\n\n{BODY}\n"
    assert find_published_date(page) == expected


def test_find_published_date_day_month_needs_a_year() -> None:
    page = f"Eksodus Peneliti AI\nSenin (20/11)\n\n{BODY}"
    assert find_published_date(page) is None
    assert find_published_date(page, default_year=2023) == dt.date(2023, 11, 20)


def test_find_published_date_ignores_body_dates() -> None:
    page = f"Peneliti AI Ramai-ramai Pindah ke Pesaing\n\n{BODY}\n\n{BODY}"
    assert find_published_date(page) is None
    long_wib = (
        "Dewan direksi memecat sang CEO pada Jumat, 17 November 2023 pukul 15.00 WIB, sebuah "
        "keputusan yang mengejutkan karyawan dan investor di seluruh dunia."
    )
    assert find_published_date(f"Judul Berita\n\n{long_wib}") is None


def test_find_published_date_prefers_header_over_body() -> None:
    page = (
        "Peneliti AI Ramai-ramai Pindah ke Pesaing\nOleh Redaksi\n"
        f"Kamis, 16 Mei 2024 | 10:00 WIB\n\n{BODY}"
    )
    assert find_published_date(page) == dt.date(2024, 5, 16)


def test_find_published_date_prefers_published_over_updated() -> None:
    page = "Judul Berita\nDiperbarui 5 Januari 2024\nDiterbitkan 3 Januari 2024\n\nIsi berita."
    assert find_published_date(page) == dt.date(2024, 1, 3)
    assert find_published_date("Judul\nDiperbarui 5 Januari 2024, 08:00\n") == dt.date(2024, 1, 5)


def test_find_published_date_only_reads_the_head() -> None:
    page = "Judul Berita\n" + (BODY + "\n") * 5 + "Senin, 20 Mei 2024 | 00:00 WIB\n"
    assert page.index("Senin, 20 Mei") > 600
    assert find_published_date(page) is None


def test_find_published_date_example_article() -> None:
    (path,) = EXAMPLES.glob("004_*.txt")
    text = path.read_text(encoding="utf-8")
    assert find_published_date(text) == dt.date(2024, 5, 20)


def test_example_article_body_dates_are_not_a_publication_date() -> None:
    (path,) = EXAMPLES.glob("003_*.txt")
    text = path.read_text(encoding="utf-8")
    assert find_published_date(text) is None
    found = {r.text: r.value for r in find_dates(text, dt.date(2023, 11, 21))}
    assert found["Senin (20/11)"] == "2023-11-20"
    assert found["Jumat (18/11)"] == "2023-11-18"
    assert found["6 November 2023"] == "2023-11-06"


def test_find_published_date_ignores_dates_in_long_story_lines() -> None:
    story = "Kabar ini dikonfirmasi pada Senin, 20 Mei 2024, oleh dua orang " + "x" * 80 + "."
    assert len(story) > 120
    assert find_published_date(f"Judul Berita\n{story}\n") is None
    assert find_published_date(f"Judul Berita\nSenin, 20 Mei 2024\n{story}\n") == dt.date(
        2024, 5, 20
    )
