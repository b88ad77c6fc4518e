"""The organisation a story is about: read by rules of several modules (no import cycle)."""

from __future__ import annotations

from collections import Counter

from talent_extract.find.names import default_org_table
from talent_extract.ground.framework import Context

__all__ = ["story_org"]


def story_org(ctx: Context, at_least: int = 1) -> str | None:
    """The organisation the article names most often — the one the story is about — if it
    names it at least ``at_least`` times. Kept per article."""

    def count() -> tuple[str, int] | None:
        counts = Counter(o.org for o in default_org_table().find(ctx.text))
        return counts.most_common(1)[0] if counts else None

    top = ctx.persons.memo(("story_org", ctx.text), count)
    return top[0] if top is not None and top[1] >= at_least else None
