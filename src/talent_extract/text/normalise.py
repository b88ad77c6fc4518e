"""The one text normaliser: keys for comparing words, names and lines, never text to show.

Offsets always refer to the article's own characters; nothing here changes the text that records
cite. What it gives is a *key* under which two spellings of the same thing compare equal:

* :func:`match_key` -- for looking a word, phrase or line up in a word list: Unicode NFKC
  (full-width and compatibility forms), every apostrophe and quote mark as ``'`` or ``"``, every
  dash and hyphen as ``-``, runs of whitespace as one space, trimmed, case-folded.
  ``"Jum’at"`` -> ``"jum'at"``; ``"Baca  Juga："`` -> ``"baca juga:"``.
* :func:`fold` -- :func:`match_key` without its accents (NFKD, combining marks dropped):
  ``"José Núñez"`` -> ``"jose nunez"``.
* :func:`name_key` -- a person's or organisation's name for comparison: :func:`fold`, then
  punctuation and symbols as spaces. ``"Andrew “Boz” Bosworth"`` -> ``"andrew boz bosworth"``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "match_key", "name_key"]

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb`\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_TABLE = str.maketrans(
    {**dict.fromkeys(_SINGLE_QUOTES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, '"')}
    | dict.fromkeys(_DASHES, "-")
)
_NON_WORD = re.compile(r"[\W_]+")


def match_key(text: str) -> str:
    """``text`` as a look-up key: NFKC, quotes and dashes unified, spaces collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_TABLE).split()).casefold()


def fold(text: str) -> str:
    """:func:`match_key` with accents removed (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", match_key(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """A name for comparison: :func:`fold`, punctuation as spaces, single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(name)).split())
