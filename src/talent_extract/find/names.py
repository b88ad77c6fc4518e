"""The names that :mod:`talent_extract.find.candidates` and :mod:`talent_extract.pipeline`
import from here, now in :mod:`talent_extract.find.orgs` (organisations) and
:mod:`talent_extract.find.people` (people).

Kept only while those two modules are rewritten (issue #13); new code imports the two modules
directly, and this one goes when nothing imports it.
"""

from __future__ import annotations

from talent_extract.find.orgs import (
    OrgMention,
    OrgRef,
    canonical_org,
    default_org_table,
    find_orgs,
)
from talent_extract.find.people import PersonIndex

__all__ = [
    "OrgMention",
    "OrgRef",
    "PersonIndex",
    "canonical_org",
    "default_org_table",
    "find_orgs",
]
