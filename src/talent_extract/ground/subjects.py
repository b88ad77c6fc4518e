"""The organisation that acts in a sentence: the subject before a verb of hiring or lay-off.

Indonesian puts the acting organisation before its verb ("Meta menggaet tiga peneliti OpenAI",
"Apple akan PHK 600 karyawan"). The nearest organisation before the verb is that subject, except
one after a preposition ("Meta berinvestasi di Scale AI dan kehilangan ...": Meta) or one named
inside an apposition that describes another: news sets a description between commas right after
an organisation's name — "Y, induk perusahaan P, Q, dan R, berhasil menggaet
...", "OpenAI, pembuat ChatGPT, kehilangan ..." — and the organisations inside it
(``move_grammar_id.json`` "parent_descriptions" opens it) only describe the one before the
comma. The apposition closes at the first comma followed by a word in lowercase other than
"dan"/"serta" (a list of names goes on; the predicate begins).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from talent_extract import data
from talent_extract.find.orgs import OrgMention
from talent_extract.text.patterns import phrases

__all__ = ["acting_org", "apposed_spans"]

_PREPOSITION = re.compile(r"(?<![\w-])(?:di|ke|dari|pada|dengan|untuk|oleh|milik|atas)\s+$", re.I)
# The comma that closes an apposition: the predicate after it starts in lowercase.
_CLOSE = re.compile(r",\s*(?!(?:dan|serta)\s)(?=[a-z])")


@lru_cache(maxsize=1)
def _opening() -> re.Pattern[str]:
    words = phrases(data.move_grammar().parent_descriptions)
    return re.compile(rf",\s*(?:sang\s+)?(?:{words})(?:\s+dari)?\s+(?=[A-Z])", re.IGNORECASE)


def apposed_spans(text: str, end: int) -> list[tuple[int, int]]:
    """Where, before offset ``end`` of ``text``, appositions describing an organisation stand
    (from the comma that opens each to the one that closes it, or ``end``)."""
    spans = []
    for m in _opening().finditer(text, 0, end):
        close = _CLOSE.search(text, m.end(), end)
        spans.append((m.start(), close.start() if close else end))
    return spans


def acting_org(text: str, orgs: Sequence[OrgMention], end: int) -> OrgMention | None:
    """The organisation that acts before offset ``end``: the nearest one neither after a
    preposition nor inside an apposition that describes another."""
    apposed = apposed_spans(text, end)
    for o in reversed([o for o in orgs if o.end <= end]):
        if _PREPOSITION.search(text[: o.start]) or any(a <= o.start < b for a, b in apposed):
            continue
        return o
    return None
