"""The organisation a person left must be told of them.

A small model answering for several people of one story copies one organisation into every
record ("Ba, seorang profesor dari University of Toronto, ..." gives every co-founder who left
the lab the university as their origin). A destination is checked by ``destination_near_move``;
this is the same check for the other end, run after the departure rules.
"""

from __future__ import annotations

from collections import Counter

from talent_extract.find.names import default_org_table
from talent_extract.ground.discourse import sentences_about
from talent_extract.ground.framework import (
    KEEP,
    Context,
    DepartureDraft,
    Draft,
    Drop,
    Verdict,
    rule,
)
from talent_extract.ground.vocabulary import _org_in_text

__all__ = ["origin_told_of_mover"]


def _main_org(ctx: Context) -> str | None:
    """The organisation the article names most often: the one the story is about."""
    counts = Counter(o.org for o in default_org_table().find(ctx.text))
    return counts.most_common(1)[0][0] if counts else None


@rule("departure")
def origin_told_of_mover(d: Draft, ctx: Context) -> Verdict:
    """The organisation left is told of the mover: named (by any alias) in a sentence about
    them (their full name, surname, or an "ia"/"dia" sentence going on about them), in the
    sentence the model cited, or in the evidence or a sentence beside it. A report on one
    organisation's losses names it once and goes on with "perusahaan itu": the organisation the
    article names most often is told of everyone in it. Any other origin is someone else's,
    and the record goes."""
    assert isinstance(d, DepartureDraft)
    if d.person is None or d.from_org is None:
        return KEEP
    where = set(sentences_about(ctx, d.person))
    if d.cited is not None and 0 <= d.cited < len(ctx.sentences):
        where.add(d.cited)
    # The evidence and the sentences beside it: a move told across two sentences.
    where.update(range(max(d.sentence - 1, 0), min(d.sentence + 2, len(ctx.sentences))))
    if any(_org_in_text(d.from_org, ctx.sentences[i].text) for i in where):
        return KEEP
    if d.from_org == _main_org(ctx):
        return KEEP
    return Drop(f"{d.from_org} is not told of {d.person}")
