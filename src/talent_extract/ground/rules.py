"""The grounding rules: named, documented, switchable checks of what the model proposed.

Every record the model proposes passes through the rules of its kind, in order. A rule looks at one
draft record and the article and either keeps it, changes a field (the change is listed in
``meta.changed`` with the rule's name and the value before and after) or drops it (listed in
``meta.dropped`` with the rule's name). Nothing the model said disappears silently.

Each rule encodes one convention of Indonesian news writing, stated in its docstring, and holds for
any article: the word lists it reads are in ``data/cues_id.json`` and ``data/orgs.json``. A rule can
be switched off alone (``extract(..., rules_off={"name"})`` or ``TALENT_EXTRACT_RULES_OFF=a,b``);
``benchmarks/realnews.py --ablate`` prints each rule's effect on the real-news set.

:data:`RULES_VERSION` is a hash of this package's rule code and data files: results stored by a
batch are keyed on it, so a changed rule can never serve a stale result.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

# The rule modules register their rules on import, departures first: the order they run in.
from talent_extract.ground import (
    careers,
    departure_rules,
    followers,
    groups,
    hirers,
    named_moves,
    offer_rules,
    origins,
    payers,
    prices,
    returns,
    stays,
    unpriced,
)
from talent_extract.ground.framework import (
    KEEP,
    RULES,
    Change,
    Context,
    DepartureDraft,
    Draft,
    Drop,
    Keep,
    Kind,
    OfferDraft,
    Outcome,
    Rule,
    Verdict,
    apply_rules,
    disabled_rules,
    proposals,
    proposer,
    rule,
    rule_names,
)

__all__ = [
    "KEEP",
    "RULES",
    "RULES_VERSION",
    "Change",
    "Context",
    "DepartureDraft",
    "Draft",
    "Drop",
    "Keep",
    "Kind",
    "OfferDraft",
    "Outcome",
    "Rule",
    "Verdict",
    "apply_rules",
    "careers",
    "departure_rules",
    "disabled_rules",
    "followers",
    "groups",
    "hirers",
    "named_moves",
    "offer_rules",
    "origins",
    "payers",
    "prices",
    "proposals",
    "proposer",
    "returns",
    "rule",
    "rule_names",
    "stays",
    "unpriced",
]


def _rules_version(root: Path | None = None) -> str:
    """The hash of the ``.py`` and ``.json`` files under ``ground/``, ``find/`` and ``data/`` of
    the package at ``root`` (default: the installed ``talent_extract``)."""
    digest = hashlib.sha256()
    pkg = root if root is not None else Path(str(resources.files("talent_extract")))
    for part in ("ground", "find", "data"):
        folder = pkg / part
        for file in sorted(folder.rglob("*")):
            if file.suffix in (".py", ".json") and file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


RULES_VERSION = _rules_version()
"""A hash of the grounding, finding and data code: it changes whenever a rule or a word list
does, and result stores key on it."""
