"""Direct quotes in an article: the text between paired quote marks, quoted terms apart.

Quote marks
-----------
Recognised pairs: “…” (also written “…“ or ”…”), „…“ / „…”, «…», "…", ‘…’, typed apostrophes
'…' and typewriter doubles ''…'' (two apostrophes each side, read like "…"); a curly and a
straight double mark left unpaired by their own kind pair up too (“…" or "…”, typed by mixed
hands). A single-mark quote ‘…’ or '…' counts only when it spans at least four words (‘ is too
often an apostrophe or a scare quote), and '…' only when it ends in a sentence's punctuation or a
speech verb follows it (typed apostrophes set off phrases: melakukan 'investasi besar').
Marks pair up within one paragraph (paragraphs are separated by blank lines). An opening mark
must follow a space, the start of the text or a bracket/dash and be followed by a non-space; a
closing mark must follow a non-space (or a typed space after the quote's own comma or stop, when
a space follows the mark too: "… pergi, ” kata X"). Pairing uses a stack per kind of mark, so
nested marks of the same kind match (“a “b” c” is one quote) and an unclosed mark before a real
quote does not swallow it ("“tidak ada lagi. Lalu “Kami siap,” kata Budi" yields “Kami siap,”).
A mark with no partner in its paragraph is ignored, with one exception, the journalistic
convention for a quote that runs over several paragraphs: a paragraph that *starts* with an
opening mark and has no closing mark, followed by a paragraph that also starts with an opening
mark. Each paragraph's part is then its own :class:`QuoteCandidate`; the open part has
``open_ended=True`` (and ``close_end`` is the end of its paragraph), and the next part has
``continues_previous=True``. No candidate ever crosses a paragraph break, and candidates never
overlap (a nested quote is part of its outer quote).

Terms
-----
A quoted term or name is not a quote: any single word; up to three words that are all
capitalised (a name: “Meta Superintelligence Labs”); a title in title case of up to eight words
(“Pembelajaran Mesin untuk Naskah Jawa Kuno”); fewer than four words naming a currency
(an amount: “ratusan juta rupiah”); fewer than four words without sentence
punctuation (``.``, ``!``, ``?``, ``…``), unless the closing mark is followed by a speech verb
(“Kami siap bertarung,” kata Budi is a quote). Set inside a sentence, right after a word in
lowercase, a stop or comma at the end inside the closing mark does not count (disebut “tebing
hak saham.” is a term; after a colon the same words are a quote). A phrase of up to six words
quoted right after a naming word is a nickname, a title or a term (“yang dijuluki “…””, “dikenal
dengan “…””, “apa yang disebut X sebagai “…””; ``quotes_id.json`` "naming_words", "naming_verbs"),
unless a comma or colon stands before the mark or a speech verb follows it.
:func:`find_quotes` drops them; :func:`find_terms` returns them (``is_term=True``) for callers
that want them, e.g. to reject a model's "quote" that is only a term.

:func:`find_quotes` gives the quotes, :func:`find_terms` the terms it leaves out; who said a
quote is decided by :func:`talent_extract.find.quotes.attribute_quotes`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from talent_extract import data
from talent_extract.find.quote_lexicon import WORD, is_capitalised, lexicon
from talent_extract.find.quote_lexicon import paragraphs as paragraph_spans
from talent_extract.text.patterns import phrases, word_pattern
from talent_extract.text.sentences import sentence_start

__all__ = [
    "MAX_QUOTE_CHARS",
    "MIN_QUOTE_WORDS",
    "MIN_SINGLE_QUOTE_WORDS",
    "QuoteCandidate",
    "find_quotes",
    "find_terms",
]

MAX_QUOTE_CHARS = 6000
"""A pair of marks further apart than this (within one paragraph) is not a quote."""
MIN_SINGLE_QUOTE_WORDS = 4
MIN_QUOTE_WORDS = 4
MAX_NAMED_WORDS = 6
"""A phrase quoted right after a naming word ('dijuluki “...”') is a term up to this length."""
# An opening mark right after a word in lowercase: the quote is set inside a sentence.
_AFTER_WORD = re.compile(r"[a-z\u00c0-\u024f]\s+$")
_SENT_PUNCT = frozenset(".!?…")
_SINGLE = frozenset("‘'")
_OPEN_PREV_OK = frozenset('([{/—–-“„«‘"”')


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """One direct quote, or one paragraph's part of a multi-paragraph quote.

    ``text[start:end] == inner`` (the characters between the marks, trailing comma or period
    included); ``text[open_start:close_end]`` includes the marks. For an ``open_ended`` part (no
    closing mark in its paragraph) ``close_end == end`` is the end of the paragraph.

    Attributes:
        paragraph: index of the paragraph (blank-line separated, empty ones not counted).
        is_term: a quoted term or name; only :func:`find_terms` returns these.
        continues_previous: the previous paragraph's part was ``open_ended``; same quote.
        open_ended: no closing mark; the quote continues in the next paragraph.
        imagined: its sentence pictures a scene before it ("Bayangkan seseorang berkata, “…”";
            ``quotes_id.json`` "imagined_frames"): no one's words; :func:`find_quotes` drops it.
    """

    start: int
    end: int
    inner: str
    open_start: int
    close_end: int
    paragraph: int
    is_term: bool = False
    continues_previous: bool = False
    open_ended: bool = False
    imagined: bool = False


def _opening_ok(text: str, i: int) -> bool:
    """``text[i]`` can open a quote: preceded by a boundary, followed by a non-space."""
    if i + 1 >= len(text) or text[i + 1].isspace():
        return False
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN_PREV_OK


def _closing_ok(text: str, k: int, strict: bool) -> bool:
    """``text[k]`` can close a quote: preceded by a non-space, or by one space after the
    quote's own punctuation when the mark could open nothing ("… adalah pergi, ” kata X": a
    typo's space); when ``strict`` (marks that double as apostrophes or openers) also not
    followed by a letter or digit."""
    if k == 0 or (text[k - 1].isspace() and not _spaced_closer(text, k)):
        return False
    return not (strict and k + 1 < len(text) and text[k + 1].isalnum())


def _spaced_closer(text: str, k: int) -> bool:
    """A double mark set off by a typed space after a comma, stop or question mark, with a
    space (or the end) after it too: it opens nothing, so it closes the quote before it."""
    return (
        text[k] in _DOUBLE
        and k >= 2
        and text[k - 1] == " "
        and text[k - 2] in ",.!?"
        and (k + 1 >= len(text) or text[k + 1].isspace())
    )


# opener -> closers; a closer listed in _STRICT_CLOSERS[opener] must pass the strict check.
_CLOSERS: dict[str, str] = {
    "“": "”“",
    "„": "“”",
    "«": "»",
    "‘": "’",
    '"': '"',
    "”": "”",
    "'": "'",
}
_STRICT_CLOSERS: dict[str, str] = {
    "“": "“",
    "„": "",
    "«": "",
    "‘": "’",
    '"': "",
    "”": "",
    "'": "'",
}
_OPENERS = frozenset(_CLOSERS)


_MARK = re.compile("[“”„«»‘’\"']")


def _pair_marks(text: str, start: int, end: int) -> dict[int, int]:
    """Opening-mark offset -> closing-mark offset for the marks in one paragraph.

    One left-to-right pass per kind of opening mark with a stack, so nested pairs of the same
    kind match (“a “b” c”): a mark in closing position closes the innermost open mark of its
    kind; otherwise a mark of that kind in opening position opens. Linear in the number of marks.
    """
    marks = [m.start() for m in _MARK.finditer(text, start, end)]
    pairs: dict[int, int] = {}
    for opener, closers in _CLOSERS.items():
        strict = _STRICT_CLOSERS[opener]
        stack: list[int] = []
        for k in marks:
            c = text[k]
            if stack and c in closers and _closing_ok(text, k, c in strict):
                pairs[stack.pop()] = k
            elif c == opener and _opening_ok(text, k):
                stack.append(k)
    _pair_mixed(text, marks, pairs)
    return pairs


_DOUBLE = frozenset('“”"')


def _pair_mixed(text: str, marks: list[int], pairs: dict[int, int]) -> None:
    """Pair a curly and a straight double mark typed by mixed hands (“…" or "…”): two marks
    left unpaired by their own kind, next to each other among the paragraph's double marks,
    the first in opening and the second in closing position."""
    used = set(pairs) | set(pairs.values())
    doubles = [k for k in marks if text[k] in _DOUBLE]
    for a, b in itertools.pairwise(doubles):
        if a in used or b in used or (text[a] == '"') == (text[b] == '"'):
            continue
        if (
            text[a] in '“"'
            and text[b] in '”"'
            and _opening_ok(text, a)
            and _closing_ok(text, b, False)
        ):
            pairs[a] = b
            used.update((a, b))


def _is_term(
    inner: str, opener: str, *, said: bool, embedded: bool = False, named: bool = False
) -> bool:
    """A quoted term or name rather than a quote (see the module docstring). ``said``: the
    closing mark is followed by a speech verb ('“Kami siap bertarung,” kata X'), which makes a
    short quote a quote. ``embedded``: the opening mark follows a word of the sentence
    ('disebut "vesting cliff."'), where a full stop or comma inside the closing mark ends the
    sentence around the phrase, not a sentence of speech. ``named``: the opening mark follows a
    naming word (:func:`_naming_re`)."""
    words = WORD.findall(inner)
    if len(words) <= 1:
        return True
    if named and not said and len(words) <= MAX_NAMED_WORDS:
        return True
    if opener in _SINGLE and len(words) < MIN_SINGLE_QUOTE_WORDS:
        return True
    if opener == "'" and not said and inner.rstrip()[-1:] not in _SENT_PUNCT:
        return True  # a typed apostrophe pair sets off phrases; speech ends in a stop or a verb
    if all(is_capitalised(w) for w in words) and len(words) <= 3:
        return True
    if not said and _title(words, inner):
        return True
    if (
        len(words) < MIN_QUOTE_WORDS
        and not said
        and _amount_words() & {w.casefold() for w in words}
    ):
        return True  # a quoted amount ('bernilai “ratusan juta rupiah.”') is emphasis, not speech
    body = inner.rstrip().rstrip(".,;:") if embedded else inner
    # A gloss in brackets ("‘vesting cliff (masa tunggu)’") adds no words of speech.
    spoken = WORD.findall(_BRACKETED.sub(" ", inner))
    return len(spoken) < MIN_QUOTE_WORDS and not said and not any(c in _SENT_PUNCT for c in body)


_BRACKETED = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=1)
def _naming_re() -> re.Pattern[str]:
    """The end of the text before an opening mark that names what follows (``quotes_id.json``
    "naming_words", "naming_verbs"): 'yang dijuluki “', 'dikenal dengan “', 'apa yang disebut X
    sebagai “', 'menyebutnya sebagai “'. No comma or colon may stand between: 'disebut, “...”'
    introduces speech."""
    words = data.quotes()
    naming = phrases(words.naming_words)
    verbs = phrases([*words.naming_words, *words.naming_verbs])
    return re.compile(
        rf"(?<![\w-])(?:(?:{naming})(?:\s+(?:sebagai|dengan))?"
        rf"|(?:{verbs})(?:\s+[^\s,.:;!?“”\"«»„‘’]+){{0,3}}?\s+sebagai)\s+$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _imagined_re() -> re.Pattern[str]:
    """A word that makes the rest of its sentence imagined (``quotes_id.json``)."""
    return word_pattern(data.quotes().imagined_frames)


@lru_cache(maxsize=1)
def _amount_words() -> frozenset[str]:
    """The one-word currency markers written after a number (``currencies.json`` "after":
    "dolar", "rupiah", "yen"): a short quoted phrase holding one names an amount."""
    return frozenset(
        m.casefold() for c in data.currencies().currencies.values() for m in c.after if m.isalpha()
    )


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in data.names().function_words)


def _title(words: list[str], inner: str) -> bool:
    """A title in title case ("Pembelajaran Mendalam untuk Sastra Jepang Klasik"): up to eight
    words, every one capitalised but the small words a title-case headline keeps lower
    (``names_id.json`` "function_words"), no sentence punctuation. Book, paper, programme and
    team names are quoted so; speech is written in sentence case."""
    if len(words) > 8 or any(c in _SENT_PUNCT for c in inner):
        return False
    small = _title_words()
    return (
        all(is_capitalised(w) or w.casefold() in small for w in words)
        and sum(is_capitalised(w) for w in words) >= 3
    )


def _scan(text: str) -> list[QuoteCandidate]:
    """All quote-mark pairs, terms included, in text order."""
    paragraphs = paragraph_spans(text)
    after_re = lexicon().after_re
    out: list[QuoteCandidate] = []
    prev_open_ended = False
    for pi, (ps, pe) in enumerate(paragraphs):
        pairs = _pair_marks(text, ps, pe)
        resume = ps
        first_kept = True
        this_open_ended = False
        for m in _MARK.finditer(text, ps, pe):
            i = m.start()
            if i < resume or text[i] not in _OPENERS or not _opening_ok(text, i):
                continue
            opener = text[i]
            j = pairs.get(i)
            if j is not None and j - i <= MAX_QUOTE_CHARS:
                start, close = i + 1, j + 1
                if opener == "'" and text[i + 1 : i + 2] == "'" and text[j + 1 : j + 2] == "'":
                    start, close, opener = i + 2, j + 2, '"'  # typewriter doubles: ''...''
                inner = text[start:j]
                if inner.strip():
                    said = after_re.match(text, close, pe) is not None
                    embedded = _AFTER_WORD.search(text, ps, i) is not None
                    named = embedded and _naming_re().search(text, max(ps, i - 80), i) is not None
                    term = _is_term(inner, opener, said=said, embedded=embedded, named=named)
                    imagined = _imagined_re().search(text, sentence_start(text, i, ps), i)
                    out.append(
                        QuoteCandidate(
                            start=start,
                            end=j,
                            inner=inner,
                            open_start=i,
                            close_end=close,
                            paragraph=pi,
                            is_term=term,
                            continues_previous=prev_open_ended and first_kept and i == ps,
                            imagined=imagined is not None,
                        )
                    )
                    if not term:
                        first_kept = False
                resume = close
                continue
            nxt = paragraphs[pi + 1][0] if pi + 1 < len(paragraphs) else None
            if i == ps and nxt is not None and text[nxt] in _OPENERS and _opening_ok(text, nxt):
                inner = text[i + 1 : pe]
                term = _is_term(inner, opener, said=False)
                out.append(
                    QuoteCandidate(
                        start=i + 1,
                        end=pe,
                        inner=inner,
                        open_start=i,
                        close_end=pe,
                        paragraph=pi,
                        is_term=term,
                        continues_previous=prev_open_ended,
                        open_ended=True,
                    )
                )
                this_open_ended = not term
                break
        prev_open_ended = this_open_ended
    return out


def find_quotes(text: str) -> list[QuoteCandidate]:
    """Every direct quote in ``text`` (no terms, quoted names or imagined lines), in order.

    ``text[c.start:c.end] == c.inner`` for every candidate; candidates never overlap and never
    cross a paragraph break.
    """
    return [c for c in _scan(text) if not c.is_term and not c.imagined]


def find_terms(text: str) -> list[QuoteCandidate]:
    """The quoted terms and names that :func:`find_quotes` leaves out (``is_term=True``)."""
    return [c for c in _scan(text) if c.is_term]
