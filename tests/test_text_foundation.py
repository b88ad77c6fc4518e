"""The text foundation: one sentence splitter, one normaliser, one regex builder, typed data."""

from __future__ import annotations

import json
import re
from importlib import resources
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talent_extract import data
from talent_extract.exceptions import ConfigurationError
from talent_extract.text.normalise import fold, match_key, name_key
from talent_extract.text.patterns import NEVER, alternation
from talent_extract.text.sentences import (
    is_abbreviation,
    sentence_ends,
    sentence_start,
    split_sentences,
)


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


# ---------------------------------------------------------------------------------- sentences


def test_as_ends_a_sentence_before_a_capitalised_word() -> None:
    assert texts("Dia pindah ke AS. Dia bekerja di sana.") == [
        "Dia pindah ke AS.",
        "Dia bekerja di sana.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Menurut dr. Budi, itu benar.",
        "Prof. Ani Lestari setuju.",
        "Kantornya di Jl. Sudirman No. 5 Jakarta.",
        "PT Maju Tbk. Menjadi pemimpin pasar.",
        "J. Robert Oppenheimer datang.",
        "Tentara U.S. Army datang.",
    ],
)
def test_abbreviations_and_initials_end_no_sentence(text: str) -> None:
    assert texts(text) == [text]


def test_a_lowercase_word_after_a_full_stop_continues_the_sentence() -> None:
    assert texts("Kata dia. lalu pergi.") == ["Kata dia. lalu pergi."]


def test_closing_quotes_belong_to_their_sentence_and_line_breaks_end_one() -> None:
    text = "“Saya keluar.” Lalu dia pergi!\nBaris baru tanpa titik"
    found = split_sentences(text)
    assert [s.text for s in found] == [
        "“Saya keluar.”",
        "Lalu dia pergi!",
        "Baris baru tanpa titik",
    ]
    assert all(text[s.start : s.end] == s.text for s in found)
    assert [s.index for s in found] == [0, 1, 2]


def test_ends_and_starts_inside_a_stretch() -> None:
    text = "Satu. Dua dr. Tiga. Empat"
    assert sentence_ends(text) == [(4, 5), (18, 19)]
    assert sentence_ends(text, 6, 18) == []  # "dr." is no end; the full stop at 18 is outside
    assert sentence_start(text, 22) == 20
    assert sentence_start(text, 22, lo=21) == 21


def test_the_abbreviation_list_is_the_data_file() -> None:
    listed = data.sentences().abbreviations
    assert "dr" in listed and "as" not in [w.casefold() for w in listed]
    assert is_abbreviation("Prof") and is_abbreviation("J") and not is_abbreviation("AS")


@given(st.text(alphabet="Ab .!?\n“”dr", max_size=60))
def test_sentences_are_exact_disjoint_slices(text: str) -> None:
    found = split_sentences(text)
    for s in found:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
    assert all(a.end <= b.start for a, b in pairwise(found))


# ---------------------------------------------------------------------------------- normalise


def test_match_key_unifies_forms_quotes_dashes_space_and_case() -> None:
    assert match_key("Jum’at") == match_key("JUM'AT") == "jum'at"
    assert match_key("  Baca\u00a0 Juga：") == "baca juga:"
    assert match_key("kurang–lebih") == "kurang-lebih"
    assert match_key("Ｍｅｔａ") == "meta"


def test_fold_and_name_key() -> None:
    assert fold("José Núñez") == "jose nunez"
    assert name_key("Andrew “Boz” Bosworth") == "andrew boz bosworth"
    assert name_key("Conan O’Brien") == name_key("conan o'brien") == "conan o brien"


# ---------------------------------------------------------------------------------- patterns


def test_alternation_prefers_the_longest_phrase_and_its_spaces() -> None:
    body = alternation(["dolar", "dolar AS", "US$"], space=r"\s+", ignorecase=True)
    found = [m.group() for m in re.finditer(body, "1 Dolar  AS, 2 dolar, 3 us$", re.IGNORECASE)]
    assert found == ["Dolar  AS", "dolar", "us$"]


def test_alternation_of_nothing_never_matches() -> None:
    assert alternation([]) == NEVER == alternation(["", "  "], space=r"\s+")
    assert re.search(NEVER, "x") is None


# ---------------------------------------------------------------------------------- data files


def _data_files() -> list[str]:
    folder = resources.files("talent_extract").joinpath("data")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))


LOADERS = {
    "boilerplate_id.json": data.boilerplate,
    "cues_id.json": data.cues,
    "currencies.json": data.currencies,
    "dates_id.json": data.dates,
    "eval_org_aliases.json": data.eval_aliases,
    "gate_id.json": data.gate,
    "heads.json": data.heads,
    "language_id.json": data.language,
    "names_id.json": data.names,
    "move_grammar_id.json": data.move_grammar,
    "orgs.json": data.orgs,
    "pay_grammar_id.json": data.pay_grammar,
    "prices.json": data.prices,
    "products_id.json": data.products,
    "quotes_id.json": data.quotes,
    "sentences_id.json": data.sentences,
    "titles_id.json": data.titles,
}


def test_every_data_file_has_one_typed_loader() -> None:
    assert sorted(LOADERS) == _data_files()
    for loader in LOADERS.values():
        assert loader() is loader()  # read once


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_key_of_a_data_file_is_read(name: str) -> None:
    """A key that no structure declares would be rejected; a declared key must be in the file."""
    raw = json.loads(resources.files("talent_extract").joinpath("data", name).read_text("utf-8"))
    model = LOADERS[name]()
    declared = set(type(model).model_fields)
    present = {k for k in raw if not k.startswith("_")}
    assert present <= declared
    required = {k for k, f in type(model).model_fields.items() if f.is_required()}
    assert required <= present


def test_a_malformed_data_file_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match=r"sentences_id\.json"):
        data.read("sentences_id.json", data.TitlesData)  # the wrong shape for that file


def test_one_title_list_serves_names_and_quote_roles() -> None:
    from talent_extract.find.person_tokens import lexicon as people_words
    from talent_extract.find.quote_lexicon import lexicon as quote_words

    titles = data.titles()
    jobs = {t.casefold() for t in titles.job_titles}
    assert quote_words().role_heads == jobs
    assert jobs | {h.casefold() for h in titles.honorifics} <= people_words().titles_cf
    assert not {h.casefold() for h in titles.honorifics} & quote_words().role_heads


def test_word_pattern_matches_a_phrase_opening_with_a_sign_after_a_number() -> None:
    from talent_extract.text.patterns import word_pattern

    pattern = word_pattern(["% saham", "gaji"])
    # "49% saham": a sign-led phrase follows the number; a word still needs its boundary.
    assert pattern.search("membeli 49% saham startup itu") is not None
    assert pattern.search("para penggajian") is None and pattern.search("gaji pokok") is not None
