"""Small internal types shared by the deterministic stages (candidates, names, grounding)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person named in the text: ``text[start:end] == surface``; ``name`` is the canonical full
    name that mention resolves to within the article (``"Zhao"`` -> ``"Shengjia Zhao"``)."""

    start: int
    end: int
    surface: str
    name: str
