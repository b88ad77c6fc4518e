"""The passes behind :meth:`talent_extract.find.people.PersonIndex.from_text`.

Lines are read one by one (headlines, "read also" lines and bylines apart), split into runs of
capitalised words at titles, orgs, places and sentence-opening words, and the runs settled into
full names; then every shorter mention (a surname, a first name, a nickname) is resolved to the
full name given earlier. See :mod:`talent_extract.find.people` for the rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

from talent_extract.find.orgs import OrgTable
from talent_extract.find.person_tokens import (
    GAP_RE,
    MAX_NAME_TOKENS,
    NICK_RE,
    QUOTE_PAIRS,
    LineKind,
    Person,
    Token,
    count_caps,
    lexicon,
    line_kind,
    name_key_of,
    signature,
    tokens_of,
    trim,
)
from talent_extract.text.normalise import name_key
from talent_extract.text.spans import PersonMention

__all__ = ["Builder"]

_WORD_RE = re.compile(r"(?<![^\W_])[^\W\d_]+")

# Indonesian nouns made with ke-...-an and pe(N)-/per-...-an ("Keputusan", "Kepergian",
# "Pengunduran", "Perekrutan") open sentences before a name ("Keputusan Murati ..."): a common
# noun, never a given name. Eight letters at least, so short names ("Kenan") are untouched.
_NOMINAL = re.compile(r"(?:ke|per|pe|pen|pem|peng|peny)[a-z]{3,}an(?:nya)?")


def nominal(word: str) -> bool:
    """Whether ``word`` (case-folded) has the shape of a ke-an / pe-an noun of 8+ letters."""
    return len(word) >= 8 and _NOMINAL.fullmatch(word) is not None


class Builder:
    """The passes behind :meth:`PersonIndex.from_text`."""

    def __init__(self, text: str, orgs: OrgTable, *, include_credits: bool) -> None:
        self.text = text
        self.lex = lexicon()
        self.include_credits = include_credits
        self.blocked = bytearray(len(text))
        spans = [(m.start, m.end) for m in orgs.find(text)]
        spans += [(m.start(), m.end()) for m in self.lex.places_pattern.finditer(text)]
        for start, end in spans:
            self.blocked[start:end] = b"\x01" * (end - start)
        self.lowercase_words = frozenset(
            w.casefold() for w in _WORD_RE.findall(text) if w[0].islower()
        )
        self.persons: list[Person] = []
        self.owners: dict[str, list[Person]] = {}

    # ---- helpers -----------------------------------------------------------------------------

    def _is_blocked(self, start: int, end: int) -> bool:
        return any(self.blocked[start:end])

    def _near_digit(self, tok: Token) -> bool:
        after = self.text[tok.end : tok.end + 3].lstrip(" ,")
        before = self.text[max(0, tok.start - 3) : tok.start].rstrip(" ,")
        return after[:1].isdigit() or before[-1:].isdigit()

    def _is_breaker(self, tok: Token) -> bool:
        folded = tok.surface.casefold()
        if folded in self.lex.titles_cf or folded in self.lex.non_names_cf:
            return True
        if folded in self.lex.products_cf:
            return True
        if folded in self.lex.months_cf and self._near_digit(tok):
            return True
        if folded in self.lex.starters_cf and (tok.initial or tok.line == "headline"):
            return True
        if tok.initial and nominal(folded):
            return True
        if tok.initial and self._clitic_word(folded):
            return True
        return self._is_blocked(tok.start, tok.end)

    def _clitic_word(self, folded: str) -> bool:
        """A common word with the clitic "-nya" opening a sentence ("Kembalinya A ke X",
        "Kepergiannya"): its stem, four letters or more, is a function word or one the article
        writes in lowercase. Names ending so ("Sonya", "Vanya") have no such stem."""
        stem = folded.removesuffix("nya")
        if stem == folded or len(stem) < 4:
            return False
        return stem in self.lex.function_words_cf or stem in self.lowercase_words

    # ---- passes ------------------------------------------------------------------------------

    def _lines(self) -> Iterable[tuple[int, int, LineKind]]:
        for match in re.finditer(r"[^\r\n]+", self.text):
            yield match.start(), match.end(), line_kind(match.group(), self.lex)

    def _nicknames(self, start: int, end: int, line: LineKind) -> list[tuple[list[Token], str]]:
        """``First “Nick” Last`` on one line -> (tokens of First and Last, nickname)."""
        found: list[tuple[list[Token], str]] = []
        for match in NICK_RE.finditer(self.text, start, end):
            if QUOTE_PAIRS.get(match.group("open")) != match.group("close"):
                continue
            first = tokens_of(self.text, match.start("first"), match.end("first"), line, self.lex)
            nick = tokens_of(self.text, match.start("nick"), match.end("nick"), line, self.lex)
            last = tokens_of(self.text, match.start("last"), match.end("last"), line, self.lex)
            taken: list[Token] = []
            for tok in last:
                if tok.kind != "cap" or self._is_breaker(tok):
                    break
                taken.append(tok)
            parts = [*first, *nick, *taken]
            if len(first) != 1 or len(nick) != 1 or not taken:
                continue
            if any(t.kind != "cap" or self._is_breaker(t) for t in (*first, *nick)):
                continue
            if any(t.surface.casefold() in self.lex.org_words_cf for t in parts):
                continue
            found.append(([first[0], *taken], nick[0].surface))
        return found

    def _runs(
        self, start: int, end: int, line: LineKind, skip: list[tuple[int, int]]
    ) -> list[list[Token]]:
        """Sub-runs of name-like tokens on one line, split at breakers."""
        runs: list[list[Token]] = []
        current: list[Token] = []
        prev: Token | None = None
        promote_next = False
        for tok in tokens_of(self.text, start, end, line, self.lex):
            if any(s <= tok.start < e for s, e in skip):
                prev, promote_next = None, False
                if current:
                    runs.append(current)
                current = []
                continue
            adjacent = prev is not None and GAP_RE.fullmatch(self.text, prev.end, tok.start)
            if promote_next and adjacent:
                tok.initial = True
            promote_next = False
            if tok.kind == "other" or (tok.kind == "cap" and self._is_breaker(tok)):
                if (
                    tok.kind == "cap"
                    and (
                        tok.surface.casefold() in self.lex.starters_cf
                        or nominal(tok.surface.casefold())
                    )
                    and tok.initial
                ):
                    promote_next = True
                if current:
                    runs.append(current)
                current = []
            elif adjacent and current:
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = [tok]
            prev = tok
        if current:
            runs.append(current)
        trimmed = (trim(r) for r in runs)
        return [r for r in trimmed if r]

    def _after_org_words(self, run: list[Token]) -> list[Token]:
        """Drop an institution or place from a run: the last org word ("Universitas", "Gedung"),
        the word after it and everything before it ("Gedung Putih Karoline Leavitt" ->
        "Karoline Leavitt"; "Universitas Stanford" -> nothing)."""
        last = -1
        for i, tok in enumerate(run):
            if tok.surface.casefold() in self.lex.org_words_cf:
                last = i
        if last < 0:
            return run
        return trim(run[last + 2 :])

    def build(self) -> tuple[list[Person], list[PersonMention]]:
        candidates: list[list[Token]] = []
        ambiguous: list[list[Token]] = []
        probes: list[list[Token]] = []
        nick_full: list[tuple[list[Token], str]] = []
        for start, end, line in self._lines():
            if line == "skip" or (line == "credit" and not self.include_credits):
                continue
            nicks = self._nicknames(start, end, line)
            nick_full.extend(nicks)
            skip = [(toks[0].start, toks[-1].end) for toks, _ in nicks]
            for run in self._runs(start, end, line, skip):
                run = self._after_org_words(run)
                if not run:
                    continue
                after_slash = self.text[max(0, run[0].start - 1) : run[0].start] == "/"
                if after_slash and not self.include_credits:
                    continue
                caps = count_caps(run)
                common = all(t.norm in self.lowercase_words for t in run if t.kind == "cap")
                if line == "headline" or not 2 <= caps <= MAX_NAME_TOKENS or common:
                    probes.append(run)
                elif run[0].initial:
                    ambiguous.append(run)
                else:
                    candidates.append(run)
        candidates, extra = self._settle(candidates, ambiguous, nick_full)
        probes.extend(extra)
        return self._register(candidates, nick_full, probes)

    def _settle(
        self,
        candidates: list[list[Token]],
        ambiguous: list[list[Token]],
        nick_full: list[tuple[list[Token], str]],
    ) -> tuple[list[list[Token]], list[list[Token]]]:
        """Decide sentence-opening words and over-long runs using the clear full names."""
        clear = [*candidates, *(toks for toks, _ in nick_full)]
        keys = Counter(name_key_of(c) for c in clear)
        first_words = {c[0].norm for c in clear} | {name_key(n) for _, n in nick_full}
        settled: list[list[Token]] = list(candidates)
        extra: list[list[Token]] = []
        for run in ambiguous:
            head, rest = run[0], trim(run[1:])
            if name_key_of(run) in keys:
                settled.append(run)
                continue
            drop = head.norm in self.lowercase_words
            if count_caps(rest) >= 2 and name_key_of(rest) in keys:
                drop = True
            if count_caps(rest) == 1 and rest[0].norm in first_words:
                drop = True
            if not drop:
                settled.append(run)
            elif count_caps(rest) >= 2:
                settled.append(rest)
            elif rest:
                extra.append(rest)
        all_keys = Counter(name_key_of(c) for c in settled) + Counter(
            name_key_of(t) for t, _ in nick_full
        )
        final: list[list[Token]] = []
        for run in settled:
            window = self._known_window(run, all_keys) if count_caps(run) >= 3 else None
            if window is not None and window[0] > 0 and self._particle(run[window[0]]):
                window = None  # "Daniel De Freitas" is whole; "De Freitas" is its own tail
            if window is None:
                final.append(run)
                continue
            i, j = window
            final.append(run[i:j])
            if run[:i]:
                extra.append(run[:i])
            if run[j:]:
                extra.append(run[j:])
        return final, extra

    @staticmethod
    def _known_window(run: list[Token], keys: Counter[str]) -> tuple[int, int] | None:
        n = len(run)
        for size in range(n - 1, 1, -1):
            for i in range(0, n - size + 1):
                window = run[i : i + size]
                if (
                    window[0].kind == "cap"
                    and window[-1].kind == "cap"
                    and keys[name_key_of(window)] > 0
                ):
                    return i, i + size
        return None

    def _particle(self, tok: Token) -> bool:
        """A capitalised name particle ("De", "Van"): a surname may start with it."""
        return tok.surface.casefold() in self.lex.particles

    def _person_for(self, tokens: Sequence[Token]) -> Person | None:
        key, sig = name_key_of(tokens), signature(tokens)
        for person in self.persons:
            if person.key == key:
                return person
        if tokens and self._particle(tokens[0]):
            # "Mr. De Freitas" after "Daniel De Freitas": the surname of a known full name.
            for person in self.persons:
                if person.key.endswith(" " + key):
                    return person
        if count_caps(tokens) >= 2:
            for person in self.persons:
                if person.sig == sig:
                    return person
        return None

    def _new_person(self, tokens: Sequence[Token], nickname: str | None = None) -> Person:
        canonical = " ".join(t.surface for t in tokens)
        person = Person(
            pid=len(self.persons),
            canonical=canonical,
            key=name_key_of(tokens),
            sig=signature(tokens),
            tokens={t.norm for t in tokens if t.kind == "cap" and len(t.norm) > 1},
        )
        self.persons.append(person)
        return person

    def _register(
        self,
        candidates: list[list[Token]],
        nick_full: list[tuple[list[Token], str]],
        probes: list[list[Token]],
    ) -> tuple[list[Person], list[PersonMention]]:
        fixed: list[tuple[int, int, Person]] = []
        items: list[tuple[list[Token], str | None]] = [(c, None) for c in candidates]
        items += [(toks, nick) for toks, nick in nick_full]
        items.sort(key=lambda item: item[0][0].start)
        for tokens, nick in items:
            person = self._person_for(tokens) or self._new_person(tokens)
            if nick:
                person.tokens.add(name_key(nick))
            # a nicknamed mention spans the nickname too: `Andrew “Boz” Bosworth`
            fixed.append((tokens[0].start, tokens[-1].end, person))
        shorts: list[tuple[int, int, list[Person]]] = []
        self.owners = {}
        for person in self.persons:
            for word in person.tokens:
                self.owners.setdefault(word, []).append(person)
        for probe in probes:
            self._scan_probe(probe, fixed, shorts)
        return self.persons, self._resolve(fixed, shorts)

    def _scan_probe(
        self,
        probe: list[Token],
        fixed: list[tuple[int, int, Person]],
        shorts: list[tuple[int, int, list[Person]]],
    ) -> None:
        i, n = 0, len(probe)
        while i < n:
            matched = False
            for j in range(min(n, i + MAX_NAME_TOKENS + 2), i + 1, -1):
                window = probe[i:j]
                if window[0].kind != "cap" or window[-1].kind != "cap" or count_caps(window) < 2:
                    continue
                if not all(
                    GAP_RE.fullmatch(self.text, a.end, b.start) for a, b in pairwise(window)
                ):
                    continue
                person = self._person_for(window)
                if person is not None:
                    fixed.append((window[0].start, window[-1].end, person))
                    i, matched = j, True
                    break
            if matched:
                continue
            tok = probe[i]
            i += 1
            if tok.kind != "cap" or len(tok.norm) < 2:
                continue
            folded = tok.surface.casefold()
            if (tok.initial or tok.line == "headline") and (
                tok.norm in self.lowercase_words or folded in self.lex.starters_cf
            ):
                continue
            owners = self.owners.get(tok.norm)
            if owners:
                shorts.append((tok.start, tok.end, owners))

    def _resolve(
        self, fixed: list[tuple[int, int, Person]], shorts: list[tuple[int, int, list[Person]]]
    ) -> list[PersonMention]:
        events: list[tuple[int, int, list[Person]]] = [(s, e, [p]) for s, e, p in fixed]
        events += shorts
        events.sort(key=lambda ev: (ev[0], ev[1]))
        last_seen: dict[int, int] = {}
        mentions: list[PersonMention] = []
        for start, end, owners in events:
            if len(owners) == 1:
                person = owners[0]
            else:
                seen = [p for p in owners if p.pid in last_seen]
                if seen:
                    person = max(seen, key=lambda p: last_seen[p.pid])
                else:
                    person = min(owners, key=lambda p: self._first_start(fixed, p))
            last_seen[person.pid] = end
            mentions.append(PersonMention(start, end, self.text[start:end], person.canonical))
        return mentions

    @staticmethod
    def _first_start(fixed: list[tuple[int, int, Person]], person: Person) -> int:
        return min((s for s, _, p in fixed if p is person), default=1 << 62)
