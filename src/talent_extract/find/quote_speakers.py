"""The article as quote attribution reads it: paragraphs, people, roles, speaker phrases.

:class:`QuoteContext` holds one article's paragraphs and the person mentions usable as speakers
(a mention inside a quote never is one), and parses the phrases around a quote: a speaker after a
speech verb, a subject before one, a role next to a name, a channel. The rules that use it are in
:mod:`talent_extract.find.quotes`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from talent_extract.find.person_tokens import near_spelling
from talent_extract.find.quote_lexicon import (
    APPOSITIVE,
    WORD,
    Tok,
    clause_end,
    is_capitalised,
    lexicon,
    match_words,
    paragraphs,
    sentence_start,
    tokens,
)
from talent_extract.find.quote_marks import QuoteCandidate
from talent_extract.text.spans import PersonMention

__all__ = ["MAX_CANDIDATES", "QuoteContext", "Speaker", "named_inside"]

# How many paragraphs a pronoun's person is looked for before the pronoun's paragraph.
_ANTECEDENT_PARAGRAPHS = 3

MAX_CANDIDATES = 4
"""At most this many names are offered to the model for a quote whose speaker is unsure."""


_VERB_PREFIXES = ("me", "ber", "di", "ter")
_LAST_SENTENCE = re.compile(r"[^.!?…\n]*[.!?…]?\s*$")
_VIA = re.compile(r"(?<!\w)(?:melalui|lewat|via|di|dalam)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A parsed speaker phrase."""

    kind: Literal["person", "pronoun", "document", "anonymous", "as_written"]
    speaker: str | None
    start: int
    end: int
    role: str | None = None
    channel: str | None = None
    confident: bool = True


class QuoteContext:
    """The article, its paragraphs, quotes and the person mentions usable as speakers."""

    def __init__(
        self, text: str, quotes: Sequence[QuoteCandidate], persons: Sequence[PersonMention]
    ) -> None:
        self.text = text
        self.lex = lexicon()
        self.paragraphs = paragraphs(text)
        self.para_starts = [s for s, _ in self.paragraphs]
        # A mention inside a quote is never its speaker. "Inside some quote" is asked per
        # mention against the running maximum end of the quotes starting before it (a scan of
        # every quote per mention was quadratic on long texts).
        inside = sorted((q.start, q.end) for q in quotes)
        quote_starts = [s for s, _ in inside]
        reach = list(itertools.accumulate((e for _, e in inside), max))

        def quoted(p: PersonMention) -> bool:
            i = bisect.bisect_right(quote_starts, p.start) - 1
            return i >= 0 and reach[i] >= p.end

        self.persons = sorted(
            (p for p in persons if 0 <= p.start < p.end <= len(text) and not quoted(p)),
            key=lambda p: (p.start, p.end),
        )
        self.person_starts = [p.start for p in self.persons]

    # -- paragraphs -------------------------------------------------------------------------

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def para_span(self, pos: int) -> tuple[int, int]:
        if not self.paragraphs:
            return (0, len(self.text))
        return self.paragraphs[self.para_of(pos)]

    def previous_paragraph(self, index: int) -> int | None:
        """The paragraph before ``index`` that is not boilerplate or a stray fragment."""
        for k in range(index - 1, -1, -1):
            s, e = self.paragraphs[k]
            body = self.text[s:e]
            low = body.casefold()
            if len(WORD.findall(body)) < 4 or low.startswith(self.lex.skip_paragraph_prefixes):
                continue
            return k
        return None

    # -- persons ----------------------------------------------------------------------------

    def nearby_persons(self, pos: int, end: int) -> list[PersonMention]:
        """Persons in the previous (non-boilerplate) paragraph and in the paragraph of ``pos``
        up to ``end``."""
        ps, _ = self.para_span(pos)
        pool = self.persons_in(ps, end)
        prev = self.previous_paragraph(self.para_of(pos))
        if prev is not None and self.paragraphs[prev][0] < ps:
            pool = self.persons_in(*self.paragraphs[prev]) + pool
        return pool

    def persons_in(self, start: int, end: int) -> list[PersonMention]:
        lo = bisect.bisect_left(self.person_starts, start)
        hi = bisect.bisect_left(self.person_starts, end, lo)  # p.end <= end needs p.start < end
        return [p for p in self.persons[lo:hi] if p.end <= end]

    def after_preposition(self, m: PersonMention) -> bool:
        prev = tokens(self.text, max(0, m.start - 30), m.start)
        return bool(prev) and prev[-1].low in self.lex.prepositions

    def inverted_cue(self, q: QuoteCandidate, limit: int) -> tuple[int, int] | None:
        """The subject of ``“…,” dia menjelaskan`` / ``“…,” Budi menambahkan``: a quote ending in a
        comma, then a pronoun or up to three capitalised words and a speech verb
        (``before_verbs``); the subject's span, else None."""
        if not q.inner.rstrip().endswith(","):
            return None
        m = self.lex.inverted_re.match(self.text, q.close_end, limit)
        return None if m is None else (m.start("subj"), m.end("subj"))

    def candidates(self, q: QuoteCandidate) -> list[str]:
        """Persons near ``q`` (this and the previous paragraph), nearest first, at most four;
        not one the quote itself names, unless no one else is near."""
        pool = self.nearby_persons(q.open_start, self.para_span(q.open_start)[1])
        if not pool:
            pool = [p for p in self.persons if p.end <= q.open_start]

        def distance(p: PersonMention) -> int:
            return q.open_start - p.end if p.end <= q.open_start else p.start - q.close_end

        names: list[str] = []
        for p in sorted(pool, key=distance):
            if p.name not in names:
                names.append(p.name)
        # A speaker does not name themselves: one the quote names or addresses ("Mustafa,
        # kamu ...", "... terhadap OpenAI dan Sam") is no candidate while someone else is.
        others = [n for n in names if not named_inside(q.inner, n)]
        return (others or names)[:MAX_CANDIDATES]

    # -- channels and roles -----------------------------------------------------------------

    def channel(self, start: int, end: int) -> str | None:
        best: tuple[int, str] | None = None
        for pattern, channel in self.lex.channels:
            m = pattern.search(self.text, start, end)
            if m is not None and (best is None or m.start() < best[0]):
                best = (m.start(), channel)
        return best[1] if best else None

    def channel_before(self, pos: int) -> str | None:
        """The channel named in the sentence right before ``pos`` ("Melalui akun X, ia
        menceritakan ... “…,” tulisnya."): a '-nya' quote continues what that sentence
        introduced."""
        lo = max(0, pos - 300)
        window = self.text[lo:pos].rstrip()
        body = window[:-1] if window.endswith((".", ":")) else window
        m = _LAST_SENTENCE.search(body)
        if m is None or not _VIA.search(m.group(0)):
            return None
        return self.channel(lo + m.start(), lo + len(body))

    def handle_owner(self, tag: str) -> PersonMention | None:
        """The article's person whose surname (four letters or more) the account handle
        ``tag`` holds ("@karpathy" for "Andrej Karpathy"), or None."""
        folded = re.sub(r"[^a-z]", "", tag.casefold())
        known = [p for p in self.persons if len(p.name.split()[-1]) >= 4]
        return next((p for p in known if p.name.split()[-1].casefold() in folded), None)

    def has_role_head(self, toks: Sequence[Tok]) -> bool:
        return any(t.low in self.lex.role_heads for t in toks)

    def appositive_role(self, m: PersonMention, limit: int) -> str | None:
        """``Name, <role>`` up to the next comma or ``limit``, when it contains a job title."""
        app = APPOSITIVE.match(self.text, m.end, max(m.end, limit))
        if app is None:
            return None
        toks = tokens(self.text, app.start("app"), app.end("app"))
        if not toks or toks[0].low == "yang" or not self.has_role_head(toks):
            return None
        return app.group("app")

    def role_before(self, m: PersonMention, lo: int) -> str | None:
        """A job title right before a mention: ``CEO Meta Mark``, ``Direktur X, Andy Stone``."""
        seg_end = m.start
        while seg_end > lo and self.text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end > lo and self.text[seg_end - 1] == ",":
            # appositive 'Direktur komunikasi Meta, Andy Stone,': the name is set off on both
            # sides; 'Dalam memonya kepada staf, Altman menulis' is not an appositive
            after = self.text[m.end : m.end + 3].lstrip()
            if after[:1] not in (",", ".", "!", "?", ")", ""):
                return None
            seg_end -= 1
        cut = max(self.text.rfind(c, lo, seg_end) for c in ",(;:")
        seg_start = max(lo, cut + 1)
        toks = tokens(self.text, seg_start, seg_end)
        head: int | None = None
        for k in range(len(toks) - 1, max(-1, len(toks) - 7), -1):
            low = toks[k].low
            if low == "yang" or low in self.lex.prepositions:
                break
            if low in self.lex.role_heads:
                head = k
        if head is None:
            return None
        while head > 0 and (
            toks[head - 1].low in self.lex.role_modifiers
            or toks[head - 1].low in self.lex.role_heads
        ):
            head -= 1
        if toks[head].low == "seorang":
            head += 1
        return self.text[toks[head].start : toks[-1].end] if head < len(toks) else None

    def role_of(self, m: PersonMention) -> str | None:
        """The role given next to a mention anywhere in its sentence (before, else after)."""
        ps, pe = self.para_span(m.start)
        lo = sentence_start(self.text, m.start, ps)
        return self.role_before(m, lo) or self.appositive_role(m, clause_end(self.text, m.end, pe))

    # -- speaker phrases --------------------------------------------------------------------

    def description_end(self, start: int, limit: int) -> int:
        """Where an anonymous description that starts at ``start`` ends (see module docstring)."""
        lex = self.lex
        items = list(re.finditer(r"\w[\w\-]*|[,;:()]", self.text[start:limit]))
        end = start
        for k, it in enumerate(items):
            tok = it.group()
            if tok in ",;:(":
                nxt = items[k + 1].group().casefold() if k + 1 < len(items) else ""
                if tok == "," and nxt == "yang":
                    continue
                break
            if tok == ")":
                continue
            low = tok.casefold()
            if k > 0 and low in lex.description_stops:
                break
            if k > 0 and low in lex.channel_prepositions:
                ahead_end = items[min(len(items) - 1, k + 4)].end() + start
                if self.channel(start + it.end(), ahead_end) is not None:
                    break
            end = start + it.end()
        return end

    def named_ok(self, start: int, m: PersonMention) -> bool:
        """Whether the words between a speech verb and a mention make it the speaker."""
        toks = tokens(self.text, start, m.start)
        if not toks:
            return True
        lows = [t.low for t in toks]
        if len(toks) > 8 or "yang" in lows or lows[-1] in self.lex.prepositions:
            return False
        appositive = self.text[start : m.start].rstrip().endswith(",") or (
            lows[-1] in self.lex.appositive_markers
        )
        return appositive or not match_words(toks, 0, self.lex.indefinite_heads)

    def document_at(self, toks: Sequence[Tok], i: int) -> tuple[int, int, str] | None:
        """A document noun phrase at ``toks[i]`` ('sebuah' skipped, a demonstrative kept):
        (index of the noun's first token, index past the phrase, channel)."""
        if i < len(toks) and toks[i].low in self.lex.indefinite_articles:
            i += 1
        for phrase, channel in self.lex.document_nouns:
            n = len(phrase)
            if i + n <= len(toks) and tuple(t.low for t in toks[i : i + n]) == phrase:
                if i + n < len(toks) and toks[i + n].low in self.lex.demonstratives:
                    n += 1
                return i, i + n, channel
        return None

    def parse_speaker(self, start: int, limit: int, *, sentence_initial: bool) -> Speaker | None:
        """Parse the speaker phrase in ``text[start:limit]`` (after a verb, or a subject)."""
        text, lex = self.text, self.lex
        while start < limit and (text[start].isspace() or text[start] in ",:"):
            start = start + 1
        toks = tokens(text, start, limit)
        if not toks:
            return None
        first = toks[0]
        if first.low in lex.pronouns:
            return Speaker("pronoun", None, first.start, first.end)
        lo = bisect.bisect_left(self.person_starts, start)
        hi = bisect.bisect_left(self.person_starts, limit)
        mentions = self.persons[lo:hi]
        if mentions and self.named_ok(start, mentions[0]):
            m = mentions[0]
            role = text[start : m.start].strip().rstrip(",").strip()
            # "juru bicara Awan Digital, Maya Lestari": after a role, a name-like run followed by
            # ", Name" is the role's organisation; the speaker is the name after the comma.
            if role and len(mentions) > 1 and text[m.end : mentions[1].start].strip() == ",":
                role = text[start : m.end].strip()
                m = mentions[1]
            marker = tokens(text, start, m.start)
            if marker and marker[-1].low in lex.appositive_markers:
                role = text[start : marker[-1].start].strip().rstrip(",").strip()
            if not role:
                role = self.appositive_role(m, limit) or ""
            return Speaker("person", m.name, m.start, m.end, role=role or None)
        doc = self.document_at(toks, 0)
        if doc is not None:
            first_noun, past, channel = doc
            s, e = toks[first_noun].start, toks[past - 1].end
            after = [t.low for t in toks[past : past + 2]]
            if len(after) == 2 and after[0] == "yang" and after[1].endswith("nya"):
                # "bunyi pernyataan yang dikirimkannya": the document of the one "-nya" is.
                return Speaker("pronoun", None, s, e, channel=channel)
            return Speaker("document", text[s:e], s, e, channel=channel)
        if match_words(toks, 0, lex.anonymous_heads) or not is_capitalised(first.word):
            end = self.description_end(start, limit)
            inside_name = bool(self.persons_in(start, end))
            known = bool(match_words(toks, 0, lex.anonymous_heads))
            if not known and self.points_back(tokens(text, start, end)):
                return Speaker("pronoun", None, start, end)
            return Speaker(
                "anonymous",
                text[start:end],
                start,
                end,
                confident=known and not inside_name,
            )
        k = 0
        while k + 1 < len(toks) and is_capitalised(toks[k + 1].word):
            if text[toks[k].end : toks[k + 1].start].strip():
                break
            k += 1
        s, e = first.start, toks[k].end
        word = text[s:e]
        typo_of = self.misspelt_surname(word) if k == 0 else None
        if typo_of is not None:
            return Speaker("person", typo_of, s, e)
        holder = self.role_holder(word) if k > 0 and first.low in self.lex.role_heads else None
        if holder is not None:
            return Speaker("person", holder, s, e, role=word)
        if not sentence_initial and self.points_back(toks[: k + 2]):
            # after a verb only: a sentence's capitalised opening ("Kepergian itu ...") is a topic
            return Speaker("pronoun", None, s, toks[k + 1].end)
        distinctive = (
            k > 0
            or any(c.isupper() for c in word[1:])
            or not sentence_initial
            or self.proper_elsewhere(word)
        )
        return Speaker("as_written", word, s, e, confident=distinctive)

    def points_back(self, toks: Sequence[Tok]) -> bool:
        """Whether a speaker phrase is a description pointed back with a demonstrative
        ("kata Pekerja Microsoft itu", "ujar mantan menteri ini", "kata pendiri dana
        tersebut"): it stands for a person named before, like a pronoun. At most four words
        before the demonstrative and none a preposition ("kata xAI dalam gugatan tersebut"
        names its speaker); an anonymous source ("sumber itu") is not one."""
        lex = self.lex
        return (
            2 <= len(toks) <= 5
            and toks[-1].low in lex.demonstratives
            and not any(c.isupper() for c in toks[0].word[1:])
            and not any(
                t.low in lex.prepositions or t.low in lex.channel_prepositions for t in toks[:-1]
            )
        )

    def role_holder(self, role: str) -> str | None:
        """The one person the article names with ``role`` beside their name ("Mark Zuckerberg,
        CEO Meta, ..." or "CEO Meta Mark Zuckerberg"), for a speaker written as the role alone
        ("papar CEO Meta tersebut"), else None."""
        pattern = re.escape(role)
        names = {
            p.name
            for p in self.persons
            if re.match(rf"\s*,?\s*{pattern}(?![\w-])", self.text[p.end : p.end + len(role) + 4])
            or re.search(
                rf"(?<![\w-]){pattern}\s*,?\s*$",
                self.text[max(p.start - len(role) - 4, 0) : p.start],
            )
        }
        return names.pop() if len(names) == 1 else None

    def misspelt_surname(self, word: str) -> str | None:
        """The one person whose surname ``word`` misspells ("tulis Murtai" after "Mira Murati"),
        or None. A single capitalised word after a speech verb that names no one the article
        introduced is a typo of a surname when it is one slip away from exactly one person's
        last name (:func:`~talent_extract.find.person_tokens.near_spelling`)."""
        names = {p.name for p in self.persons if near_spelling(word, p.name.split()[-1])}
        return names.pop() if len(names) == 1 else None

    def proper_elsewhere(self, word: str) -> bool:
        """``word`` is written capitalised after a lower-case word somewhere (a proper noun)."""
        pattern = r"[a-z,]\s+" + re.escape(word) + r"(?!\w)"
        return re.search(pattern, self.text) is not None

    def resolve_back(self, q: QuoteCandidate) -> tuple[PersonMention | None, bool]:
        """The person a '-nya' verb or pronoun refers to, and whether that is certain: the
        passage (this paragraph and the one before) names only them, or this paragraph names
        no one else before the quote (not counting one the quote itself names)."""
        pool = self.nearby_persons(q.open_start, q.open_start)
        if not pool:
            # "Namun dia pernah menyatakan …" before the quote names no one: the pronoun's
            # person is named in a paragraph before it; else the last one named (as a subject,
            # not as an owner: "keputusan Altman dipecat").
            back = self.pronoun_antecedent(q.open_start)
            if back is not None:
                return back
            earlier = [p for p in self.persons if p.end <= q.open_start]
            subjects = [p for p in earlier if not self.owner(p) and not self.after_preposition(p)]
            return ((subjects or earlier)[-1] if earlier else None), False
        names = {p.name for p in pool}
        # "Ia"/"-nya" points to the one the passage is about: not a person after a preposition,
        # nor one listed after "termasuk"/"yakni", nor an owner ("tawaran Musk").
        preferred = [
            p
            for p in pool
            if not self.after_preposition(p) and not self.listed(p) and not self.owner(p)
        ]
        # Nor one the quote speaks of by name ("“Sam dikenal suka melebih-lebihkan ...,”
        # tambahnya" after "B menyebut Sam Altman ..."): a speaker does not name themselves.
        spoken = [p for p in preferred if named_inside(q.inner, p.name)]
        if spoken and len(spoken) < len(preferred):
            preferred = [p for p in preferred if p not in spoken]
        if not preferred:
            # "Dia juga menuding bahwa tawaran B …" between the quote and its speaker: the
            # pronoun's person, named before that paragraph, speaks; B only owns a noun.
            back = self.pronoun_antecedent(q.open_start)
            if back is not None:
                return back
        chosen = self.subject_of_last(preferred) if preferred else pool[-1]
        # Certain when the passage names one person, or the quote's own paragraph names only
        # the chosen one before it (others named in the paragraph before are not speaking here).
        ps, _ = self.para_span(q.open_start)
        here = {p.name for p in pool if p.start >= ps and not named_inside(q.inner, p.name)}
        return chosen, len(names) == 1 or here == {chosen.name}

    def pronoun_antecedent(self, pos: int) -> tuple[PersonMention, bool] | None:
        """When the paragraph before ``pos`` opens with a person pronoun ("Dia juga …"), the
        person it stands for: the last one named (not as an owner, after a preposition or in
        a list) in the nearest paragraph before it that names one — certain when that
        paragraph names only them."""
        prev = self.previous_paragraph(self.para_of(pos))
        if prev is None:
            return None
        s, e = self.paragraphs[prev]
        head = tokens(self.text, s, e)[:6]
        skip = match_words(head, 0, self.lex.connectors) if head else 0  # "Namun dia …"
        if len(head) <= skip or head[skip].low not in self.lex.pronouns:
            return None
        k: int | None = prev
        for _ in range(_ANTECEDENT_PARAGRAPHS):
            k = self.previous_paragraph(k) if k is not None else None
            if k is None:
                return None
            named = [
                p
                for p in self.persons_in(*self.paragraphs[k])
                if not self.after_preposition(p) and not self.listed(p) and not self.owner(p)
            ]
            if named:
                return named[-1], len({p.name for p in named}) == 1
        return None

    def subject_of_last(self, named: Sequence[PersonMention]) -> PersonMention:
        """Of the persons ``named`` (in text order), the one a '-nya' after them points back to:
        the last, unless the sentence of the last opens with another as its subject ("Murati
        sebelumnya ..., dan ia sempat memimpin saat dewan bergulat dengan nasib CEO Sam Altman.
        “…,” tulisnya" is Murati's). Not when the last is the speaker of that sentence ("…, kata
        Altman"), nor when the first stands in an opening clause ("Setelah A pergi, B juga …")."""
        last = named[-1]
        cut = max(self.text.rfind(c, 0, last.start) for c in ".!?\n")
        begin = max(cut + 1, self.para_span(last.start)[0])
        first = next(p for p in named if p.start >= begin)
        if first is last or self.speaks(last) or not self.opens(begin, first):
            return last
        between = tokens(self.text, first.end, last.start)
        if all(t.low in self.lex.list_joins for t in between):
            return last  # "A dan B bergabung …": one subject of two; neither is preferred
        return first

    def opens(self, begin: int, m: PersonMention) -> bool:
        """``m`` opens the sentence starting at ``begin``: after a connective ("Namun") at most,
        and a title with its organisation ("CEO OpenAI", "Kepala teknologi X,")."""
        toks = tokens(self.text, begin, m.start)
        i = match_words(toks, 0, self.lex.connectors) if toks else 0
        rest = toks[i:]
        return not rest or (
            rest[0].low in self.lex.role_heads
            and all(t.word[:1].isupper() or t.low in self.lex.role_modifiers for t in rest[1:2])
        )

    def speaks(self, m: PersonMention) -> bool:
        """``m`` follows a speech verb ("…, kata Altman", "ujar CEO X A")."""
        toks = tokens(self.text, max(0, m.start - 40), m.start)
        k = len(toks) - 1
        while k >= 0 and (toks[k].word[:1].isupper() or toks[k].low in self.lex.role_heads):
            k -= 1
        return k >= 0 and self.lex.after_re.fullmatch(" " + toks[k].low) is not None

    def listed(self, m: PersonMention) -> bool:
        """``m`` is a member of a list ("termasuk dirinya dan CEO Sam Altman", "yakni X")."""
        before = self.text[max(0, m.start - 60) : m.start]
        before = re.split(r"[.;:!?]", before)[-1]
        for tok in reversed(tokens(before, 0, len(before))):
            if tok.low in self.lex.list_markers:
                return True
            if (
                tok.low in self.lex.list_joins
                or tok.low in self.lex.role_heads
                or tok.word[:1].isupper()
            ):
                continue
            return False
        return False

    def owner(self, m: PersonMention) -> bool:
        """``m`` owns the noun before it ("tawaran Musk", "perusahaan Altman", "keputusan
        Altman"): an Indonesian noun in -an right before a name, no verb (me-, ber-, di-, ter-;
        ke-…-an is a noun, "kepergian", unless a connective such as "kemudian")."""
        prev = tokens(self.text, max(0, m.start - 30), m.start)
        if not prev:
            return False
        w = prev[-1].word
        if not (w.islower() and len(w) > 5 and w.endswith("an")):
            return False
        if w.startswith("ke"):
            return (w,) not in self.lex.connectors
        return not w.startswith(_VERB_PREFIXES)


def named_inside(inner: str, name: str) -> bool:
    """Whether a word of ``name`` (three letters or more) stands capitalised in ``inner``."""
    return any(
        len(w) >= 3 and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", inner) is not None
        for w in name.split()
    )
