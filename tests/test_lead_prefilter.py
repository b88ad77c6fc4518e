"""``_may_lead`` (the cheap test before the title patterns are compiled) never hides a match.

The texts are invented from a few words, titles, organisations, commas and odd whitespace, so
every way the two patterns of ``_lead_patterns`` can match (title first, surname first, with or
without a comma, several spaces, overlapping surnames) turns up.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from talent_extract.find.candidates import load_cues
from talent_extract.ground.vocabulary import (
    _lead_patterns,
    _leads,
    _may_lead,
    _role_titles,
)

ORGS = ["Nusantara AI", "Lab Garuda", "ana"]
SURNAMES = ["Wirawan", "ana", "Lubis,"]
WORDS = ["CEO", "kepala", "riset", "mantan", "Andi", "ana", "anana", ",", "dan", "peneliti"]
PIECES = st.sampled_from([*WORDS, *ORGS, *SURNAMES, " ", "  ", "\n", ", ", "\u00a0"])


def _matches(text: str, titles: str, org: str, last: str) -> bool:
    before, after = _lead_patterns(titles, org, last)
    return before.search(text) is not None or after.search(text) is not None


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(PIECES, max_size=14),
    org=st.sampled_from(ORGS),
    last=st.sampled_from(SURNAMES),
    role=st.booleans(),
)
def test_may_lead_is_true_whenever_a_pattern_matches(
    pieces: list[str], org: str, last: str, role: bool
) -> None:
    titles = _role_titles() if role else load_cues().leader_titles.pattern
    text = " ".join(pieces)
    if _matches(text, titles, org, last):
        assert _may_lead(text, titles, org, last)


def test_the_written_forms_still_lead_and_others_do_not() -> None:
    leader = load_cues().leader_titles.pattern
    assert _leads("Kata CEO Nusantara AI Budi Wirawan kemarin.", "Budi Wirawan", "Nusantara AI")
    assert _leads("Budi Wirawan, CEO Nusantara AI, berkata.", "Budi Wirawan", "Nusantara AI")
    assert not _leads("Budi Wirawan keluar dari Nusantara AI.", "Budi Wirawan", "Nusantara AI")
    moved = "Budi Wirawan keluar dari Nusantara AI."
    assert not _may_lead(moved, leader, "Nusantara AI", "Wirawan")
