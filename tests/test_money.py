"""Tests for the Indonesian money normaliser (:mod:`talent_extract.find.money`)."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from talent_extract.find.money import PERIOD_BEFORE_WINDOW, MoneyMention, find_money, parse_money

CASES = Path(__file__).parent / "data" / "money_cases.tsv"
PROPERTY = settings(max_examples=200, deadline=None)


# --------------------------------------------------------------------------- regression table


@dataclass(frozen=True)
class Case:
    line: int
    input: str
    min: float | None
    max: float | None
    currency: str | None
    approximate: bool
    period: str | None
    note: str


def _num(cell: str) -> float | None:
    return float(cell) if cell else None


def _load_cases() -> list[Case]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        Case(
            line=n,
            input=row["input"],
            min=_num(row["min"]),
            max=_num(row["max"]),
            currency=row["currency"] or None,
            approximate=row["approximate"] == "1",
            period=row["period"] or None,
            note=row["note"],
        )
        for n, row in enumerate(rows, start=2)
    ]


TABLE = _load_cases()


def _case_id(case: Case) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (case.note or case.input).lower()).strip("-")[:40]
    return f"L{case.line}-{slug}"


def test_table_is_large_and_well_formed() -> None:
    assert len(TABLE) >= 160
    assert sum(c.currency is None for c in TABLE) >= 20, "need enough negative rows"
    for case in TABLE:
        if case.currency is None:
            assert case.min is None and case.max is None and case.period is None


@pytest.mark.parametrize("case", TABLE, ids=_case_id)
def test_table(case: Case) -> None:
    mentions = find_money(case.input)
    money = parse_money(case.input)
    if case.currency is None:
        assert mentions == [], f"expected no money in {case.input!r}"
        assert money is None
        return
    assert mentions, f"no money found in {case.input!r}"
    first = mentions[0]
    assert money == first.money
    assert (first.money.min, first.money.max) == (case.min, case.max)
    assert first.money.currency == case.currency
    assert first.money.approximate is case.approximate
    assert first.period == case.period
    assert case.input[first.start : first.end] == first.money.text


# --------------------------------------------------------------------------- currency data file


def _currency_table() -> dict[str, dict[str, list[str]]]:
    raw = resources.files("talent_extract").joinpath("data/currencies.json").read_text("utf-8")
    data: dict[str, dict[str, list[str]]] = json.loads(raw)["currencies"]
    return data


MARKERS = [
    (code, side, marker)
    for code, entry in _currency_table().items()
    for side in ("before", "after")
    for marker in entry.get(side, [])
]


def test_markers_are_unique_per_side() -> None:
    for side in ("before", "after"):
        seen = [m.lower() for _, s, m in MARKERS if s == side]
        assert len(seen) == len(set(seen)), f"duplicate {side} marker"


@pytest.mark.parametrize(("code", "side", "marker"), MARKERS, ids=lambda v: str(v))
def test_every_marker_in_the_data_file_reads(code: str, side: str, marker: str) -> None:
    text = (
        f"Nilainya {marker} 5 juta kemarin." if side == "before" else f"Nilainya 5 juta {marker}."
    )
    money = parse_money(text)
    assert money is not None
    assert (money.currency, money.min, money.max) == (code, 5e6, 5e6)
    assert marker in money.text


# --------------------------------------------------------------------------- conversions


def test_bracketed_conversion_is_attached_not_a_second_mention() -> None:
    text = "Paket gaji hingga mencapai US$100 juta (sekitar Rp 1,6 triliun) bagi peneliti AI."
    mentions = find_money(text)
    assert len(mentions) == 1
    m = mentions[0]
    assert m.money.text == "hingga mencapai US$100 juta"
    assert (m.money.min, m.money.max, m.money.currency) == (None, 1e8, "USD")
    conv = m.money.conversion
    assert conv is not None
    assert conv.text == "sekitar Rp 1,6 triliun"
    assert (conv.min, conv.max, conv.currency, conv.approximate) == (1.6e12, 1.6e12, "IDR", True)
    assert m.conversion_start is not None and m.conversion_end is not None
    assert text[m.conversion_start : m.conversion_end] == conv.text
    assert m.conversion_start > m.end  # the span covers the main amount only


def test_setara_conversion() -> None:
    text = "Ia ditawari US$100 juta atau setara Rp1,6 triliun per tahun."
    (m,) = find_money(text)
    assert m.money.text == "US$100 juta"
    assert m.money.conversion is not None
    assert m.money.conversion.text == "Rp1,6 triliun"
    assert m.money.conversion.approximate is False
    assert m.money.conversion.min == 1.6e12
    assert m.period == "per tahun"


@pytest.mark.parametrize(
    ("text", "conv_text"),
    [
        ("Dana €5 juta setara dengan Rp 85 miliar.", "Rp 85 miliar"),
        ("Dana US$10 juta, atau sekitar Rp160 miliar, dibayar.", "sekitar Rp160 miliar"),
        ("Nilai Rp 1,6 triliun (US$ 100 juta) itu.", "US$ 100 juta"),
        ("Gaji US$ 20 ribu per bulan (sekitar Rp 320 juta).", "sekitar Rp 320 juta"),
        ("Dana US$ 1-2 miliar (Rp 16-32 triliun) disiapkan.", "Rp 16-32 triliun"),
        # The bracket may close after the currency's country.
        ("Gaji US$2 juta (sekitar 2,8 miliar won Korea) per tahun.", "sekitar 2,8 miliar won"),
    ],
)
def test_conversion_forms(text: str, conv_text: str) -> None:
    mentions = find_money(text)
    assert len(mentions) == 1
    conv = mentions[0].money.conversion
    assert conv is not None and conv.text == conv_text
    assert conv.currency != mentions[0].money.currency


def test_range_conversion_values() -> None:
    (m,) = find_money("Dana US$ 1-2 miliar (Rp 16-32 triliun) disiapkan.")
    assert m.money.conversion is not None
    assert (m.money.conversion.min, m.money.conversion.max) == (1.6e13, 3.2e13)


@pytest.mark.parametrize(
    ("text", "lo", "hi", "period"),
    [
        (
            "Tawarannya US$3 juta (Rp 48 miliar) hingga US$9 juta (Rp 144 miliar) per tahun.",
            3e6,
            9e6,
            "per tahun",
        ),
        ("Paket senilai US$40 juta (sekitar Rp 640 miliar)-US$70 juta ditawarkan.", 4e7, 7e7, None),
        ("Bayarannya $150 ribu (Rp 2,4 miliar) sampai dengan $210 ribu.", 1.5e5, 2.1e5, None),
    ],
)
def test_range_with_a_conversion_after_each_end_is_one_range(
    text: str, lo: float, hi: float, period: str | None
) -> None:
    (m,) = find_money(text)
    assert (m.money.min, m.money.max, m.money.currency) == (lo, hi, "USD")
    assert text[m.start : m.end] == m.money.text
    assert m.period == period
    assert m.money.conversion is None  # two conversions are not one text


@pytest.mark.parametrize(
    "text",
    [
        "Dana US$5 juta (Rp 80 miliar) - US$2 juta lainnya dari investor.",  # second is smaller
        "Gaji US$1 juta (Rp 16 miliar) dan US$2 juta untuk yang lain.",  # "dan" without "antara"
        "Nilai US$10 juta (Rp 160 miliar) hingga Rp 200 miliar.",  # another currency
    ],
)
def test_amounts_after_a_conversion_that_are_no_range_stay_apart(text: str) -> None:
    assert len(find_money(text)) == 2


def test_same_currency_alternative_is_not_a_conversion() -> None:
    mentions = find_money("Gajinya Rp5 juta atau Rp10 juta, tergantung posisi.")
    assert [m.money.text for m in mentions] == ["Rp5 juta", "Rp10 juta"]
    assert all(m.money.conversion is None for m in mentions)


def test_unclosed_bracket_is_not_a_conversion() -> None:
    mentions = find_money("Nilainya US$ 100 juta (Rp 1,6 triliun dengan kurs lama).")
    assert [m.money.currency for m in mentions] == ["USD", "IDR"]
    assert mentions[0].money.conversion is None


# --------------------------------------------------------------------------- periods


ARTICLE = (
    "Salah satu tawaran bernilai lebih dari $3 miliar dalam jangka waktu beberapa tahun. "
    "Sisanya berkisar $200-500 juta dalam empat tahun, kata sumber. "
    "Di tahun pertama saja, beberapa staf dijamin mendapat $50-100 juta, kata sumber itu."
)


def test_periods_in_a_paragraph() -> None:
    mentions = find_money(ARTICLE)
    assert [m.money.text for m in mentions] == [
        "lebih dari $3 miliar",
        "berkisar $200-500 juta",
        "$50-100 juta",
    ]
    assert [m.period for m in mentions] == ["beberapa tahun", "empat tahun", "tahun pertama"]
    for m in mentions:
        assert m.period_start is not None and m.period_end is not None
        assert ARTICLE[m.period_start : m.period_end] == m.period
    # the first two follow their amount, the last one precedes it
    assert mentions[0].period_start is not None and mentions[0].period_start > mentions[0].end
    assert mentions[2].period_end is not None and mentions[2].period_end < mentions[2].start
    assert [(m.money.min, m.money.max) for m in mentions] == [
        (3e9, None),
        (2e8, 5e8),
        (5e7, 1e8),
    ]


def test_period_before_must_be_within_window() -> None:
    filler = "x" * (PERIOD_BEFORE_WINDOW + 5)
    (far,) = find_money(f"Di tahun pertama {filler} mendapat $5 juta.")
    assert far.period is None
    (near,) = find_money("Di tahun pertama mereka mendapat $5 juta.")
    assert near.period == "tahun pertama"


def test_period_before_stops_at_sentence_end() -> None:
    (m,) = find_money("Selama tiga tahun ia bekerja. Ia dibayar US$ 9 juta.")
    assert m.period is None


def test_period_after_wins_over_period_before() -> None:
    (m,) = find_money("Di tahun pertama ia mendapat $5 juta per bulan.")
    assert m.period == "per bulan"


def test_period_is_not_reused_by_the_next_mention() -> None:
    mentions = find_money("Gaji US$ 1 juta selama dua tahun dan bonus US$ 2 juta.")
    assert [m.period for m in mentions] == ["dua tahun", None]


def test_setahun_lalu_is_not_a_period() -> None:
    (m,) = find_money("Ia menerima Rp 5 juta setahun lalu.")
    assert m.period is None


# --------------------------------------------------------------------------- misc units


def test_values_are_exact_and_integral() -> None:
    money = parse_money("Investor menuangkan US$6,6 miliar.")
    assert money is not None and money.min is not None
    assert money.min == 6_600_000_000.0 and money.min.is_integer()
    money = parse_money("Rp 0,3 triliun")
    assert money is not None and money.max == 300_000_000_000.0


def test_parse_money_reads_the_first_expression() -> None:
    money = parse_money("Pada 2021 ada 100 juta pengguna; kemudian Rp 5 juta dan US$ 7 juta.")
    assert money is not None and money.text == "Rp 5 juta"


def test_mention_is_frozen() -> None:
    (m,) = find_money("Rp 5 juta")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 3  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", " ", "Rp", "$", "Rp -", "US$ .", "(", "juta dolar"])
def test_degenerate_inputs(text: str) -> None:
    assert find_money(text) == []
    assert parse_money(text) is None


def test_huge_numbers_do_not_explode() -> None:
    assert find_money("Rp " + "9" * 500 + " triliun") == []
    money = parse_money("Rp " + "9" * 30)
    assert money is not None and money.currency == "IDR"


# --------------------------------------------------------------------------- invariants


def assert_invariants(text: str, mentions: list[MoneyMention]) -> None:
    """Offsets hold, mentions are ordered and non-overlapping, values are sane."""
    reach = 0
    for m in mentions:
        assert 0 <= reach <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.money.text
        money = m.money
        assert money.currency is not None and re.fullmatch(r"[A-Z]{3}", money.currency)
        assert money.min is not None or money.max is not None
        if money.min is not None and money.max is not None:
            assert money.min <= money.max
        if money.approximate and money.min is not None and money.max is not None:
            pass  # ranges may be approximate too
        end = m.end
        if money.conversion is not None:
            assert m.conversion_start is not None and m.conversion_end is not None
            assert m.end <= m.conversion_start < m.conversion_end <= len(text)
            assert text[m.conversion_start : m.conversion_end] == money.conversion.text
            assert money.conversion.currency != money.currency
            end = m.conversion_end
        else:
            assert m.conversion_start is None and m.conversion_end is None
        if m.period is not None:
            assert m.period_start is not None and m.period_end is not None
            assert text[m.period_start : m.period_end] == m.period
            assert m.period_start >= reach
            assert m.period_end <= m.start or m.period_start >= m.end
            end = max(end, m.period_end)
        else:
            assert m.period_start is None and m.period_end is None
        reach = end


@PROPERTY
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_invariants(text, find_money(text))
    parse_money(text)


TOKENS = [
    " ", " ", " ", ",", ".", "-", "–", "(", ")", "/", "\n", "±",
    "0", "1", "5", "12", "200", "1.500", "3,5", "2021", "1.000.000", "2,500,000", "1.5",
    "Rp", "Rp.", "US$", "$", "USD", "IDR", "€", "S$", "RM", "¥",
    "juta", "miliar", "triliun", "ribu", "jt", "rb", "M", "T", "K", "billion",
    "dolar", "dolar AS", "rupiah", "euro", "yen",
    "hingga", "sampai", "antara", "dan", "atau", "setara", "sekitar", "lebih dari",
    "kurang lebih", "di atas", "mencapai", "tak lebih dari",
    "per", "tahun", "bulan", "per tahun", "setahun", "dalam", "selama", "empat", "beberapa",
    "di tahun pertama", "persen", "orang", "GPT-4", "Llama",
]  # fmt: skip


@PROPERTY
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_token_soup_keeps_invariants(text: str) -> None:
    assert_invariants(text, find_money(text))


@PROPERTY
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join))
def test_spaced_token_soup_keeps_invariants(text: str) -> None:
    assert_invariants(text, find_money(text))


NOUNS = ["pengguna", "orang", "persen", "%", "unit", "karyawan", "unduhan", "token", "parameter"]


@PROPERTY
@given(
    st.integers(0, 10**9),
    st.sampled_from(["", " ribu", " juta", " miliar", " triliun", ",5 juta"]),
    st.sampled_from(NOUNS),
    st.sampled_from(["Sebanyak ", "Ada ", "Sekitar ", "Lebih dari ", "Hingga ", ""]),
)
def test_counts_without_currency_are_not_money(n: int, scale: str, noun: str, lead: str) -> None:
    text = f"{lead}{_dots(n)}{scale} {noun} tercatat pada {1900 + n % 200} (GPT-{n % 9})."
    assert find_money(text) == []


# --------------------------------------------------------------------------- round trips

CUR = _currency_table()
ID_SCALES = {
    "ribu": 10**3,
    "rb": 10**3,
    "juta": 10**6,
    "jt": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
    "kuadriliun": 10**15,
}
EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
RUPIAH_SCALES = {"M": 10**9, "T": 10**12}
MIN_WORDS = ["lebih dari", "di atas", "setidaknya", "sedikitnya", "minimal", "paling sedikit"]
MAX_WORDS = [
    "hingga",
    "sampai",
    "mencapai",
    "di bawah",
    "kurang dari",
    "maksimal",
    "paling banyak",
    "tak lebih dari",
    "hingga mencapai",
    "tembus",
    "menembus",
]
APPROX_WORDS = [
    "sekitar",
    "kurang lebih",
    "hampir",
    "kira-kira",
    "lebih kurang",
    "±",
    "sekira",
    "di kisaran",
]


def _dots(n: int, sep: str = ".") -> str:
    return f"{n:,}".replace(",", sep)


@dataclass(frozen=True)
class Written:
    """An amount written out, with the value it must read back as."""

    text: str
    value: Decimal
    scale: str | None


@st.composite
def indonesian_number(draw: st.DrawFn, *, scaled: bool) -> tuple[str, Decimal]:
    """A mantissa written the Indonesian way: thousands dots, decimal comma."""
    whole = draw(st.integers(1, 9_999) if scaled else st.integers(1, 10**12))
    ndec = draw(st.integers(0, 3 if scaled else 2))
    digits = draw(st.integers(0, 10**ndec - 1)) if ndec else 0
    frac = f"{digits:0{ndec}d}" if ndec else ""
    text = _dots(whole) + (f",{frac}" if frac else "")
    return text, Decimal(f"{whole}.{frac}" if frac else str(whole))


@st.composite
def english_number(draw: st.DrawFn, *, scaled: bool) -> tuple[str, Decimal]:
    """A mantissa written the English way: thousands commas, decimal dot."""
    whole = draw(st.integers(1, 999) if scaled else st.integers(1, 10**12))
    ndec = draw(st.integers(0, 2))
    digits = draw(st.integers(0, 10**ndec - 1)) if ndec else 0
    frac = f"{digits:0{ndec}d}" if ndec else ""
    if not scaled and whole < 1000:
        frac = ""  # "$1.25" alone is fine, but keep plain amounts integral and unambiguous
    text = _dots(whole, ",") + (f".{frac}" if frac else "")
    return text, Decimal(f"{whole}.{frac}" if frac else str(whole))


@st.composite
def written_amount(draw: st.DrawFn, currency: str) -> Written:
    """One amount: mantissa plus an optional scale word, in Indonesian or English style."""
    style = draw(st.sampled_from(["id", "id", "id", "en"]))
    scales = dict(ID_SCALES if style == "id" else EN_SCALES)
    if style == "id" and currency == "IDR":
        scales |= RUPIAH_SCALES
    scale = draw(st.none() | st.sampled_from(sorted(scales)))
    maker = indonesian_number if style == "id" else english_number
    mantissa, value = draw(maker(scaled=scale is not None))
    if scale is None:
        return Written(mantissa, value, None)
    word = scale if scale in RUPIAH_SCALES else draw(st.sampled_from([scale, scale.title()]))
    gap = draw(st.sampled_from([" ", " ", ""]))
    return Written(f"{mantissa}{gap}{word}", value * scales[scale], scale)


@st.composite
def marked(draw: st.DrawFn, currency: str, amount: str) -> str:
    """``amount`` with a currency marker from the data file, before or after it."""
    sides = [s for s in ("before", "after") if CUR[currency].get(s)]
    side = draw(st.sampled_from(sides))
    marker = draw(st.sampled_from(CUR[currency][side]))
    if side == "before":
        return f"{marker}{draw(st.sampled_from(['', ' ']))}{amount}"
    return f"{amount} {marker}"


CODES = sorted(CUR)


@st.composite
def single_expression(draw: st.DrawFn) -> tuple[str, float | None, float | None, str, bool]:
    currency = draw(st.sampled_from(["IDR", "IDR", "USD", "USD", *CODES]))
    amount = draw(written_amount(currency))
    expr = draw(marked(currency, amount.text))
    value = float(amount.value)
    kind = draw(st.sampled_from(["exact", "min", "max", "approx", "max+approx"]))
    lo: float | None = value
    hi: float | None = value
    if kind == "min":
        expr = f"{draw(st.sampled_from(MIN_WORDS))} {expr}"
        hi = None
    elif kind in ("max", "max+approx"):
        if kind == "max+approx":
            expr = f"{draw(st.sampled_from(APPROX_WORDS))} {expr}"
        expr = f"{draw(st.sampled_from(MAX_WORDS))} {expr}"
        lo = None
    elif kind == "approx":
        expr = f"{draw(st.sampled_from(APPROX_WORDS))} {expr}"
    return expr, lo, hi, currency, kind in ("approx", "max+approx")


@PROPERTY
@given(single_expression(), st.sampled_from(["", "Perusahaan itu menawarkan ", "Gajinya "]))
def test_round_trip_single(
    case: tuple[str, float | None, float | None, str, bool], lead: str
) -> None:
    expr, lo, hi, currency, approx = case
    text = f"{lead}{expr} kepada para peneliti."
    mentions = find_money(text)
    assert len(mentions) == 1, (text, mentions)
    money = mentions[0].money
    assert money.text == expr
    assert (money.min, money.max, money.currency, money.approximate) == (lo, hi, currency, approx)
    assert parse_money(text) == money


@st.composite
def range_expression(draw: st.DrawFn) -> tuple[str, float, float, str]:
    currency = draw(st.sampled_from(["IDR", "USD", *CODES]))
    scale = draw(st.sampled_from(sorted(ID_SCALES)))
    a_text, a = draw(indonesian_number(scaled=True))
    b_text, b = draw(indonesian_number(scaled=True))
    if a > b:
        a_text, b_text, a, b = b_text, a_text, b, a
    conn = draw(st.sampled_from(["-", "–", "—", " - ", " hingga ", " sampai ", " s.d. "]))
    body = f"{a_text}{conn}{b_text} {scale}"
    expr = draw(marked(currency, body))
    if draw(st.booleans()):
        expr = f"{draw(st.sampled_from(APPROX_WORDS))} {expr}"
    mult = ID_SCALES[scale]
    return expr, float(a * mult), float(b * mult), currency


@PROPERTY
@given(range_expression())
def test_round_trip_range(case: tuple[str, float, float, str]) -> None:
    expr, lo, hi, currency = case
    text = f"Tawarannya {expr} dalam empat tahun."
    (m,) = find_money(text)
    assert m.money.text == expr
    assert (m.money.min, m.money.max, m.money.currency) == (lo, hi, currency)
    assert m.period == "empat tahun"


@PROPERTY
@given(st.data())
def test_round_trip_antara_range(data: st.DataObject) -> None:
    currency = data.draw(st.sampled_from(["IDR", "USD", "EUR"]))
    first = data.draw(written_amount(currency))
    second = data.draw(written_amount(currency))
    if first.value > second.value:
        first, second = second, first
    assume(first.scale is not None or second.scale is None)  # "Rp 1 dan Rp 5 juta" is ambiguous
    a = data.draw(marked(currency, first.text))
    b = data.draw(marked(currency, second.text))
    joiner = data.draw(st.sampled_from(["dan", "hingga", "sampai"]))
    expr = f"antara {a} {joiner} {b}"
    (m,) = find_money(f"Nilainya {expr}.")
    assert m.money.text == expr
    assert (m.money.min, m.money.max) == (float(first.value), float(second.value))


@PROPERTY
@given(st.lists(single_expression(), min_size=1, max_size=5))
def test_several_expressions_in_order(
    cases: list[tuple[str, float | None, float | None, str, bool]],
) -> None:
    text = " Lalu, kata sumber, ".join(c[0] for c in cases) + "."
    mentions = find_money(text)
    assert_invariants(text, mentions)
    assert [m.money.text for m in mentions] == [c[0] for c in cases]
    assert [(m.money.min, m.money.max) for m in mentions] == [(c[1], c[2]) for c in cases]


def test_a_conversion_after_atau_di_kisaran_is_the_main_amounts() -> None:
    text = "Bonusnya lebih dari US$150 juta atau di kisaran Rp 2,4 triliun bagi setiap peneliti."
    (m,) = find_money(text)
    # "atau di kisaran Rp ..." converts the dollars: one amount, its bound kept.
    assert (m.money.min, m.money.max, m.money.currency) == (150_000_000, None, "USD")
    assert m.money.conversion is not None and m.money.conversion.currency == "IDR"
