"""The relevance gate: can this article hold an AI-talent record at all? Decided by code, before
any model call.

An article is read by the model only when it names the AI field or an AI organisation **and**
speaks of a move or of pay (the vocabulary is in ``data/gate_id.json`` and ``data/cues_id.json``).
Words that business and product news uses as often ("menawarkan" a product, "saham" on a
market, "membayar" a subscription: ``weak_cues``) count only in a sentence naming working people
(``talent_nouns``: researchers, engineers, executives).
Everything else is skipped with its reason in ``meta.skipped`` and costs 0 calls: an article with
no AI term at all (a football transfer, a minister reshuffled, a bank's profit) has no record; an
AI article with no move or pay word keeps the quotes code attributes on its own.
``extract(..., gate=False)`` or ``TALENT_EXTRACT_GATE=0`` turns it off.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from talent_extract import data
from talent_extract.text.patterns import word_pattern
from talent_extract.text.sentences import split_sentences


@dataclass(frozen=True)
class Gate:
    """The gate's decision: ``relevant``, and the reason when it is not."""

    relevant: bool
    reason: str | None = None
    about_ai: bool = True  # an AI article without a move or pay word still has its quotes


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern[str], re.Pattern[str]]:
    vocabulary = data.gate()
    # Entries written in capitals ("AI", "LLM") must be capitals in the text too: "ai" is a
    # syllable of many Indonesian words ("pantai", "sampai").
    upper = [t for t in vocabulary.ai_terms if t.upper() == t]
    lower = [t for t in vocabulary.ai_terms if t.upper() != t] + vocabulary.ai_orgs

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return (
        re.compile(rf"(?<![\w-])(?:{alternation(upper)})(?![\w-])"),
        re.compile(rf"(?<![\w-])(?:{alternation(lower)})(?![\w-])", re.IGNORECASE),
    )


def resolve_gate(gate: bool | None) -> bool:
    """``gate``, else ``TALENT_EXTRACT_GATE`` (``0`` turns it off), else on."""
    if gate is not None:
        return gate
    return os.environ.get("TALENT_EXTRACT_GATE", "1").strip().lower() not in ("0", "false", "no")


@lru_cache(maxsize=1)
def _cue_words() -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None]:
    """The move and pay words that count anywhere, the weak ones, and the talent nouns."""
    vocabulary = data.gate()
    cues = data.cues()
    weak = {w.casefold() for w in vocabulary.weak_cues}
    strong = [w for w in [*cues.departure, *cues.compensation] if w.casefold() not in weak]
    return (
        word_pattern(strong),
        word_pattern(vocabulary.weak_cues) if vocabulary.weak_cues else None,
        word_pattern(vocabulary.talent_nouns) if vocabulary.talent_nouns else None,
    )


def _speaks_of_moves_or_pay(text: str) -> bool:
    strong, weak, talent = _cue_words()
    if strong.search(text):
        return True
    if weak is None or talent is None or not weak.search(text):
        return False
    # A weak word ("menawarkan", "saham") counts only beside working people.
    return any(weak.search(s.text) and talent.search(s.text) for s in split_sentences(text))


def relevance(text: str) -> Gate:
    """Whether ``text`` (the cleaned article) can hold an AI-talent record."""
    upper, lower = _vocabulary()
    if not (upper.search(text) or lower.search(text)):
        return Gate(False, "no AI term or AI organisation in the article", about_ai=False)
    if not _speaks_of_moves_or_pay(text):
        return Gate(False, "no move or pay word in the article")
    return Gate(True)
