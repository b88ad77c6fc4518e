"""Entry checks: what an article must be before any work is spent on it.

Every check raises a subclass of :class:`~talent_extract.exceptions.InputError` that says what was
wrong, and every one runs before the model is called (see :func:`talent_extract.pipeline.prepare`
for the order: size first, so nothing reads a huge text; then encoding, emptiness, binary data and
boilerplate in the cleaner; then the language of the cleaned story).

Size
    ``max_chars`` (argument, else ``TALENT_EXTRACT_MAX_CHARS``, else :data:`DEFAULT_MAX_CHARS`)
    bounds the article text; an HTML page may carry :data:`HTML_FACTOR` times as many characters
    of markup, and the text extracted from it is held to ``max_chars`` again.

Encoding
    :func:`decode_text` turns bytes into text: a UTF-8, UTF-16 or UTF-32 byte-order mark decides
    the encoding; without one the bytes must be UTF-8. Nothing is guessed: cp1252 or latin-1 bytes
    are an :class:`EncodingError` naming the first bad byte and its offset, never a silent decode
    that might be wrong. :func:`check_encoding` refuses text that was decoded wrongly before it
    reached us: lone surrogates, UTF-16 read one byte at a time, UTF-8 read as cp1252/latin-1
    ("â€œ" for "“") and U+FFFD replacement characters (:data:`MAX_REPLACEMENT_CHARS` or more).

Language
    :func:`check_language` is a cheap word count against ``data/language_id.json`` (documented
    there). Skip it with ``check_language=False`` or ``TALENT_EXTRACT_CHECK_LANGUAGE=0``.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from talent_extract import data
from talent_extract.exceptions import (
    ConfigurationError,
    EncodingError,
    InputTooLargeError,
    LanguageError,
)

__all__ = [
    "CHECK_LANGUAGE_ENV",
    "DEFAULT_MAX_CHARS",
    "HTML_FACTOR",
    "MAX_CHARS_ENV",
    "check_encoding",
    "check_language",
    "check_size",
    "decode_text",
    "lone_surrogate",
    "printable",
    "resolve_check_language",
    "resolve_max_chars",
]

DEFAULT_MAX_CHARS = 200_000
"""About 30,000 words: forty times a long news article, and still prepared in about a second."""
HTML_FACTOR = 10
"""An HTML page may be this many times ``max_chars``: markup, scripts and styles are not story."""
MAX_CHARS_ENV = "TALENT_EXTRACT_MAX_CHARS"
CHECK_LANGUAGE_ENV = "TALENT_EXTRACT_CHECK_LANGUAGE"
MAX_REPLACEMENT_CHARS = 3
"""This many U+FFFD characters mean the text was decoded with ``errors="replace"``; fewer are
tolerated as stray scraping debris."""

_OFF = {"0", "false", "no", "off"}
_ON = {"1", "true", "yes", "on"}

# ---------------------------------------------------------------------------------- settings


def resolve_max_chars(value: int | None, env: Mapping[str, str] | None = None) -> int:
    """``value``, else ``$TALENT_EXTRACT_MAX_CHARS``, else :data:`DEFAULT_MAX_CHARS`."""
    if value is None:
        raw = (os.environ if env is None else env).get(MAX_CHARS_ENV, "").strip()
        if not raw:
            return DEFAULT_MAX_CHARS
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            raise ConfigurationError(
                f"{MAX_CHARS_ENV} must be a positive whole number of characters, not {raw!r}"
            ) from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"max_chars must be a positive whole number, not {value!r}")
    return value


def resolve_check_language(value: bool | None, env: Mapping[str, str] | None = None) -> bool:
    """``value``, else ``$TALENT_EXTRACT_CHECK_LANGUAGE`` (``0``/``false``/``no``/``off``
    disable it), else True."""
    if value is not None:
        return bool(value)
    raw = (os.environ if env is None else env).get(CHECK_LANGUAGE_ENV, "").strip().lower()
    if not raw or raw in _ON:
        return True
    if raw in _OFF:
        return False
    raise ConfigurationError(f"{CHECK_LANGUAGE_ENV} must be 1 or 0 (true/false), not {raw!r}")


# ---------------------------------------------------------------------------------- size


def check_size(
    text: str,
    limit: int,
    *,
    is_html: Callable[[str], bool] | None = None,
    what: str = "article",
) -> None:
    """Raise :class:`InputTooLargeError` when ``text`` is over ``limit`` characters.

    With ``is_html``, a text over the limit that ``is_html`` calls an HTML page may have up to
    :data:`HTML_FACTOR` times ``limit``; ``is_html`` is only asked when that decides, and never
    about a text over the page limit, so a huge input costs a ``len()``.
    """
    size = len(text)
    if size <= limit:
        return
    page_limit = limit * HTML_FACTOR
    if is_html is not None and size <= page_limit and is_html(text):
        return
    html_note = (
        f" (an HTML page may have {page_limit:,} with its markup)" if is_html is not None else ""
    )
    raise InputTooLargeError(
        f"{what} is too large: {size:,} characters, the limit is {limit:,}{html_note}; "
        f"raise it with max_chars=... or {MAX_CHARS_ENV}",
        size=size,
        limit=limit,
    )


# ---------------------------------------------------------------------------------- bytes

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_order(zero: list[bool]) -> str | None:
    """ "UTF-16-LE"/"UTF-16-BE" when every other unit is mostly zero (ASCII-heavy UTF-16)."""
    pairs = len(zero) // 2
    if pairs < 4:
        return None
    even = sum(zero[0 : pairs * 2 : 2])
    odd = sum(zero[1 : pairs * 2 : 2])
    if odd >= 0.6 * pairs and even <= 0.1 * pairs:
        return "UTF-16-LE"
    if even >= 0.6 * pairs and odd <= 0.1 * pairs:
        return "UTF-16-BE"
    return None


def decode_text(data: bytes) -> str:
    """Decode an article's bytes: by its byte-order mark (UTF-8, UTF-16, UTF-32), else as UTF-8.

    The mark is not part of the text. Raises :class:`EncodingError` (with the byte ``offset``)
    for bytes that do not decode, and for UTF-16 without a mark; the encoding is never guessed.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode_text needs bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"not valid {codec.upper().replace('-SIG', '')} although it starts with that "
                    f"byte-order mark ({exc.reason} at byte {exc.start})",
                    offset=exc.start,
                ) from None
    guess = _utf16_order([b == 0 for b in data[:4096]])
    if guess is not None:
        raise EncodingError(
            f"not UTF-8: looks like {guess} without a byte-order mark (every other byte is NUL); "
            "save it as UTF-8, or with a byte-order mark",
            offset=0,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise EncodingError(
            f"not UTF-8 text: byte 0x{bad:02x} at byte {exc.start} ({exc.reason}); if the text is "
            "cp1252 or latin-1, convert it to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)",
            offset=exc.start,
        ) from None


# ---------------------------------------------------------------------------------- text


def _continuation_chars() -> str:
    # Characters that cp1252 or latin-1 produce from a UTF-8 continuation byte (0x80-0xBF).
    chars = {chr(b) for b in range(0x80, 0xC0)}  # latin-1
    # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252; latin-1 covers them.
    chars |= {bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0)} - {""}
    return "".join(sorted(chars))


_CONT = "[" + re.escape(_continuation_chars()) + "]"
# A UTF-8 lead byte (as cp1252/latin-1 shows it) followed by as many continuation bytes as it needs.
_MOJIBAKE = re.compile(
    rf"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _as_byte(ch: str) -> int:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch)  # latin-1 (< 256 by construction of _MOJIBAKE)


def _mojibake(text: str) -> tuple[int, str, str] | None:
    """The first stretch that is UTF-8 read as cp1252/latin-1: (offset, as shown, meant)."""
    for m in _MOJIBAKE.finditer(text):
        raw = bytes(_as_byte(ch) for ch in m.group())
        try:
            meant = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # an overlong form or a surrogate: not something an encoder wrote
        if _plausible(ord(meant)):
            return m.start(), m.group(), meant
    return None


def _plausible(code: int) -> bool:
    # What news text in Latin script really contains: accented letters, punctuation (“ ” – …),
    # currency and letterlike signs (€ ™), emoji. "“CAFÉ”…" also reads as UTF-8 for U+0254 or a
    # CJK character; those are not what an encoder wrote, so they are not counted as mojibake.
    return 0xA0 <= code <= 0x24F or 0x2000 <= code <= 0x22FF or code >= 0x1F000


def check_encoding(text: str) -> None:
    """Raise :class:`EncodingError` when ``text`` was decoded with the wrong encoding.

    Refused: a lone surrogate (from ``errors="surrogateescape"`` or a broken ``\\ud83d`` JSON
    escape; it cannot be written as UTF-8 anywhere), UTF-16 decoded one byte at a time (NUL
    between the letters), UTF-8 decoded as cp1252/latin-1 ("â€œ" for "“"), and
    :data:`MAX_REPLACEMENT_CHARS` or more U+FFFD replacement characters. Runs in linear time.
    """
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        code = ord(surrogate.group())
        raise EncodingError(
            f"text has a lone surrogate U+{code:04X} at offset {surrogate.start()} (bytes decoded "
            "with errors='surrogateescape', or a broken \\u escape); decode the original bytes "
            "as UTF-8",
            offset=surrogate.start(),
        )
    if "\x00" in text[:4096] and _utf16_order([ch == "\x00" for ch in text[:4096]]):
        raise EncodingError(
            "text looks like UTF-16 decoded one byte at a time (NUL between the letters); "
            "decode the original bytes as UTF-16",
            offset=text.find("\x00"),
        )
    found = _mojibake(text)
    if found is not None:
        at, shown, meant = found
        raise EncodingError(
            f"text looks like UTF-8 decoded as cp1252/latin-1 (mojibake {shown!r} at offset {at} "
            f"stands for {meant!r}); decode the original bytes as UTF-8",
            offset=at,
        )
    replaced = text.count("\ufffd")
    if replaced >= MAX_REPLACEMENT_CHARS:
        raise EncodingError(
            f"text has {replaced} replacement characters (U+FFFD), the first at offset "
            f"{text.find(chr(0xFFFD))}: it was decoded from a non-UTF-8 encoding with "
            "errors='replace' and characters are lost; decode the original bytes correctly",
            offset=text.find("\ufffd"),
        )


def lone_surrogate(**fields: str | None) -> str | None:
    """Why these strings cannot be stored or written (a lone surrogate), or None.

    SQLite, JSON and CSV all need strings that encode as UTF-8; a lone surrogate does not.
    """
    for name, value in fields.items():
        found = _SURROGATE.search(value) if value else None
        if found is not None:
            return (
                f"{name} has a lone surrogate U+{ord(found.group()):04X} at offset "
                f"{found.start()} (bytes decoded with errors='surrogateescape', or a broken \\u "
                "escape); decode the original bytes as UTF-8"
            )
    return None


def printable(value: str | None) -> str | None:
    """``value`` with lone surrogates shown as ``\\udcxx`` escapes, so it can be written."""
    if value is None or _SURROGATE.search(value) is None:
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


# ---------------------------------------------------------------------------------- language


@dataclass(frozen=True)
class _LanguageData:
    words: frozenset[str]
    threshold: float
    min_words: int
    min_letters: int
    non_latin_share: float


@functools.cache
def _language_data() -> _LanguageData:
    raw = data.language()
    return _LanguageData(
        words=frozenset(w.lower() for w in raw.function_words),
        threshold=raw.threshold,
        min_words=raw.min_words,
        min_letters=raw.min_letters,
        non_latin_share=raw.non_latin_share,
    )


_WORD = re.compile(r"[^\W\d_]+")
# Latin letters: Basic Latin, Latin-1, Extended-A/B, IPA, Latin Extended Additional.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u02af\u1e00-\u1eff]")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else "unknown"


def check_language(text: str) -> None:
    """Raise :class:`LanguageError` when ``text`` does not look Indonesian.

    Two tests, both cheap: a text with enough letters whose letters are mostly in a non-Latin
    script is refused; a text of at least ``min_words`` words is refused when fewer than
    ``threshold`` of them are common Indonesian words. Thresholds and words:
    ``data/language_id.json``.
    """
    data = _language_data()
    words = _WORD.findall(text.lower())
    letters = sum(map(len, words))
    if letters >= data.min_letters:
        non_latin = _NON_LATIN_LETTER.findall(text)
        share = len(non_latin) / letters
        if share >= data.non_latin_share:
            script, _ = Counter(_script(ch) for ch in non_latin[:2000]).most_common(1)[0]
            raise LanguageError(
                f"the text does not look Indonesian: {share:.0%} of its letters are {script} "
                f"script, not Latin; pass check_language=False or set {CHECK_LANGUAGE_ENV}=0 "
                "to extract anyway",
                score=share,
                threshold=data.non_latin_share,
            )
    if len(words) < data.min_words:
        return
    hits = sum(map(data.words.__contains__, words))
    score = hits / len(words)
    if score < data.threshold:
        raise LanguageError(
            f"the text does not look Indonesian: {hits} of {len(words)} words ({score:.0%}) are "
            f"common Indonesian words (data/language_id.json), below the {data.threshold:.0%} "
            f"threshold; pass check_language=False or set {CHECK_LANGUAGE_ENV}=0 to extract anyway",
            score=score,
            threshold=data.threshold,
        )


def not_text_hint(value: object) -> str:
    """The hint for a non-str article: bytes should be decoded first (with :func:`decode_text`)."""
    if isinstance(value, bytes | bytearray):
        return " (decode bytes first, e.g. with talent_extract.decode_text)"
    return ""
