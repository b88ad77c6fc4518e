"""Grounding edge cases: repeated names, quote-mark variants, paraphrase, whitespace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from talent_extract.ground.locate import (
    FUZZY_THRESHOLD,
    MIN_FUZZY_LEN,
    contains_name,
    locate,
    normalise,
)

ARTICLE = (
    "Budi Santoso keluar dari Lintas AI. Kepala riset, Budi Hartono, tetap bertahan.\n\n"
    "“Kami   akan merindukan Budi,” kata direktur itu.  Pada 2023 Budi Santoso bergabung "
    "dengan Garuda Labs sebagai kepala ilmuwan."
)


def test_exact_match_prefers_occurrence_nearest_the_hint() -> None:
    first = ARTICLE.find("Budi Santoso")
    second = ARTICLE.find("Budi Santoso", first + 1)
    assert locate("Budi Santoso", ARTICLE).start == first  # type: ignore[union-attr]
    near = locate("Budi Santoso", ARTICLE, hint=second - 5)
    assert near is not None and near.start == second and near.method == "exact"


def test_curly_and_straight_quotes_and_whitespace_normalise() -> None:
    found = locate('"Kami akan merindukan Budi," kata direktur itu.', ARTICLE)
    assert found is not None and found.method == "normalised"
    assert ARTICLE[found.start : found.end].startswith("Kami   akan merindukan Budi")
    assert "“" not in ARTICLE[found.start : found.end]  # the marks are stripped, not matched


def test_paraphrase_above_threshold_is_found_and_snapped_to_words() -> None:
    # One word changed ("sebagai" -> "selaku") in a long sentence: close enough.
    found = locate("Budi Santoso bergabung dengan Garuda Labs selaku kepala ilmuwan", ARTICLE)
    assert found is not None and found.method == "fuzzy" and found.score >= FUZZY_THRESHOLD
    text = ARTICLE[found.start : found.end]
    assert text.startswith("Budi Santoso bergabung") and text.endswith("ilmuwan")


def test_paraphrase_below_threshold_and_translation_are_refused() -> None:
    assert locate("Budi Santoso pindah ke perusahaan lain tahun lalu", ARTICLE) is None
    assert locate("We will miss Budi, said the director.", ARTICLE) is None


def test_short_needles_are_never_fuzzy() -> None:
    short = "Budi Snt0so"
    assert len(short) < MIN_FUZZY_LEN
    assert locate(short, ARTICLE) is None


def test_contains_name_needs_every_token_as_a_word() -> None:
    assert contains_name(ARTICLE, "Budi Hartono")
    assert contains_name(ARTICLE, "budi santoso")
    assert not contains_name(ARTICLE, "Budi Gunawan")
    assert not contains_name(ARTICLE, "Lab")  # inside "Labs", not a word


def test_normalise_unifies_marks_and_dashes() -> None:
    assert normalise("“Ya” — ‘tidak’") == "\"ya\" - 'tidak'"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(min_size=1, max_size=60))
def test_any_hit_is_a_true_slice(haystack: str, needle: str) -> None:
    found = locate(needle, haystack)
    if found is not None:
        assert 0 <= found.start < found.end <= len(haystack)
        if found.method == "exact":
            assert (
                haystack[found.start : found.end] == needle.strip(" \t\r\n\"'“”‘’„«».,;:…")
                or haystack[found.start : found.end] == needle.strip()
            )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.integers(0, 199), st.integers(1, 60))
def test_a_slice_of_the_text_is_always_found_exactly(text: str, start: int, length: int) -> None:
    piece = text[start : start + length].strip(" \t\r\n\"'“”‘’„«».,;:…")
    if len(piece) >= 2:
        found = locate(piece, text)
        assert found is not None
        assert text[found.start : found.end] == piece


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*"aZ9 .,\t\n\u00a0\u2009\u3000\x1c\"'`“”‘’„«»–—\u00ad", "İ", "Σ", "é", "ß"]
        ),
        max_size=40,
    )
)
def test_normalise_is_the_mapped_normalisation(text: str) -> None:
    # The ASCII fast path and the per-character loop must agree, or offsets drift.
    from talent_extract.ground.locate import normalise_with_map

    assert normalise.__wrapped__(text) == normalise_with_map(text)[0].strip()
