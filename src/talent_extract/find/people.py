"""People named in an article: :class:`PersonIndex`.

:class:`PersonIndex` finds the people an article names (runs of two to four capitalised words
that are not orgs, places, titles or page furniture; word lists in ``data/names_id.json`` and
``data/titles_id.json``) and resolves later short mentions ("Zhao", "Shengjia", a nickname "Boz")
to the full name given earlier. The passes that do it are in
:mod:`talent_extract.find.person_runs`, its words in :mod:`talent_extract.find.person_tokens`.

Everything here is pure: no I/O beyond reading the data files, no network, no model.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, TypeVar

from rapidfuzz import fuzz

from talent_extract.find.orgs import OrgTable, default_org_table
from talent_extract.find.person_runs import Builder
from talent_extract.find.person_tokens import (
    FUZZY_NAME_THRESHOLD,
    Person,
    first_item,
    lexicon,
    near_spelling,
    tokens_of,
)
from talent_extract.text.spans import PersonMention

__all__ = ["PersonIndex", "PersonMention"]

T = TypeVar("T")

# Answers kept per index (per article) by :meth:`PersonIndex.memo`: enough for every sentence
# and person several rules ask about, bounded against a pathological text.
MEMO_LIMIT = 4096


@dataclass
class PersonIndex:
    """The people one article names, and every place it names them.

    Build it with :meth:`from_text`. ``mentions`` holds every occurrence (full names, surnames,
    first names, nicknames) sorted by start, each with ``name`` = the canonical full name (the
    first way the article wrote it in full, nicknames left out: ``Andrew “Boz” Bosworth`` is
    ``"Andrew Bosworth"``).
    """

    text: str
    mentions: list[PersonMention]
    _persons: list[Person] = field(default_factory=list, repr=False)
    _by_name: dict[str, Person] = field(default_factory=dict, repr=False)
    _orgs: OrgTable | None = field(default=None, repr=False)

    # ---- construction ------------------------------------------------------------------------

    @classmethod
    def from_text(
        cls, text: str, orgs: OrgTable | None = None, *, include_credits: bool = False
    ) -> PersonIndex:
        """Find the people named in ``text``.

        A new full name is two to four capitalised words (particles such as "bin", "van", "de"
        and initials such as "H." allowed inside) in running text, after titles ("CEO",
        "Direktur"), orgs, places, weekdays and sentence-opening function words have been split
        off. Headlines, "Baca juga" lines and bylines never introduce a new name (names already
        found are still recognised in headlines); with ``include_credits`` bylines and photo
        credits count. A single capitalised word is a mention only when it is a word of a full
        name (or a nickname) the article gives.
        """
        table = orgs or default_org_table()
        persons, mentions = Builder(text, table, include_credits=include_credits).build()
        return cls(
            text=text,
            mentions=mentions,
            _persons=persons,
            _by_name={p.canonical: p for p in persons},
            _orgs=table,
        )

    # ---- queries ------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Canonical names, in order of first mention."""
        return list(dict.fromkeys(m.name for m in self.mentions))

    def before(self, offset: int) -> list[PersonMention]:
        """Mentions ending at or before ``offset``."""
        return [m for m in self.mentions if m.end <= offset]

    def mentions_in(self, start: int, end: int) -> list[PersonMention]:
        """Mentions lying wholly inside ``text[start:end]``."""
        starts = self._sorted_starts()
        if starts is None:
            return [m for m in self.mentions if m.start >= start and m.end <= end]
        # Bisect, not a scan: callers ask once per sentence, which was quadratic on long texts.
        out = []
        for i in range(bisect.bisect_left(starts, start), len(starts)):
            m = self.mentions[i]
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept under ``key`` for as long as this index (one article) lives.

        The grounding rules ask the same questions of one article many times (who a sentence
        names, which sentences go on about a person); the answers are pure functions of the
        article's text and mentions, so they are kept here and freed with the article. A change
        to ``mentions`` clears them; at most :data:`MEMO_LIMIT` answers are kept. Callers must
        not mutate what they get.
        """
        cached = self.__dict__.get("_memo")
        if cached is None or cached[0] is not self.mentions or cached[1] != len(self.mentions):
            cached = (self.mentions, len(self.mentions), {})
            self.__dict__["_memo"] = cached
        answers: dict[Hashable, Any] = cached[2]
        if key in answers:
            return answers[key]  # type: ignore[no-any-return]
        value = compute()
        if len(answers) < MEMO_LIMIT:
            answers[key] = value
        return value

    def _sorted_starts(self) -> list[int] | None:
        """The mentions' starts when sorted (as built), else None; recomputed if they change."""
        cached = self.__dict__.get("_starts_cache")
        if cached is not None and cached[0] is self.mentions and cached[1] == len(self.mentions):
            return cached[2]  # type: ignore[no-any-return]
        starts = [m.start for m in self.mentions]
        kept = starts if all(a <= b for a, b in pairwise(starts)) else None
        self.__dict__["_starts_cache"] = (self.mentions, len(self.mentions), kept)
        return kept

    def resolve(self, mention: str, before: int | None = None) -> str | None:
        """The canonical name a free-text person mention refers to, or None if the article never
        names such a person.

        Titles, orgs, bracketed asides, initials and lowercase words ("kepala teknologi") are
        dropped first (``"CEO Meta Mark Zuckerberg"`` -> Mark Zuckerberg); a multi-word mention
        matches a name holding all its words in any order, or failing that a near spelling
        ("Bob McGrew" for "Bob McCrew"); a single word ("Zhao", "Shengjia", "Boz") matches a word
        of a name, or one typo away from it ("Murtai" for "Murati"). When several people share
        the word, the one mentioned last before ``before`` wins; without ``before``, the one
        mentioned most often.
        """
        if not self._persons:
            return None
        words = self._mention_words(mention)
        if not words:
            return None
        key = " ".join(words)
        sig = (words[0], words[-1])
        exact = [p for p in self._persons if p.key == key or (len(words) > 1 and p.sig == sig)]
        if exact:
            return self._pick(exact, before).canonical
        if len(words) > 1:
            subset = [p for p in self._persons if set(words) <= p.tokens]
            if subset:
                return self._pick(subset, before).canonical
            score, best = max(((fuzz.ratio(key, p.key), p) for p in self._persons), key=first_item)
            return best.canonical if score >= FUZZY_NAME_THRESHOLD else None
        owners = [p for p in self._persons if words[0] in p.tokens]
        if not owners and len(words[0]) >= 5:
            owners = [
                p
                for p in self._persons
                if any(
                    fuzz.ratio(words[0], t) >= FUZZY_NAME_THRESHOLD or near_spelling(words[0], t)
                    for t in p.tokens
                )
            ]
        return self._pick(owners, before).canonical if owners else None

    def _mention_words(self, mention: str) -> list[str]:
        """Normalised name words of a free-text mention (see :meth:`resolve`)."""
        lex = lexicon()
        phrase = " ".join(re.sub(r"\([^)]*\)", " ", mention).split())
        known = set().union(*(p.tokens for p in self._persons))
        table = self._orgs or default_org_table()
        org_chars = bytearray(len(phrase))
        for org in table.find(phrase, strict=False):
            org_chars[org.start : org.end] = b"\x01" * (org.end - org.start)
        words: list[str] = []
        for tok in tokens_of(phrase, 0, len(phrase), "body", lex):
            norm = tok.norm
            if not norm or tok.kind == "initial":
                continue
            if norm in known:
                words.append(norm)
                continue
            folded = tok.surface.casefold()
            if any(org_chars[tok.start : tok.end]) or not tok.surface[0].isupper():
                continue
            if folded in lex.titles_cf or folded in lex.non_names_cf:
                continue
            if tok.surface.isupper() and len(tok.surface) <= 3:  # acronyms: AI, CEO, AS
                continue
            words.append(norm)
        return words

    def _pick(self, persons: Sequence[Person], before: int | None) -> Person:
        if len(persons) == 1:
            return persons[0]
        names = {p.canonical for p in persons}
        if before is not None:
            earlier = [m for m in self.mentions if m.end <= before and m.name in names]
            if earlier:
                return self._by_name[earlier[-1].name]
            return min(persons, key=lambda p: p.pid)
        counts = Counter(m.name for m in self.mentions if m.name in names)
        return max(persons, key=lambda p: (counts[p.canonical], -p.pid))
