"""News pages: when a feed entry is only a teaser, and the story of a fetched page.

A feed entry whose text is shorter than :func:`teaser_chars` visible characters (default 1,000,
``TALENT_EXTRACT_TEASER_CHARS``) is a teaser: Indonesian outlets' feeds carry one or two
sentences (150-400 characters), their stories run 1,500-5,000. Its page is fetched and the story
extracted with trafilatura (:func:`story_article`), keeping the entry's title and date.
``TALENT_EXTRACT_TEASER_CHARS=0`` never fetches a page (the entry's own text is extracted).

The page's bytes are decoded by the charset its ``Content-Type`` declares, else a byte-order mark,
else a ``<meta charset>`` in its head, else UTF-8; bytes that do not decode with the declared
charset are a :class:`FetchError`, never a guess (:func:`decode_page`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import os
import re
from collections.abc import Mapping

from talent_extract.exceptions import ConfigurationError, EncodingError, FetchError, NoStoryError
from talent_extract.feeds.fetch import Fetched
from talent_extract.records import Article
from talent_extract.text.check import decode_text

__all__ = ["TEASER_ENV", "decode_page", "is_teaser", "story_article", "teaser_chars", "visible"]

TEASER_ENV = "TALENT_EXTRACT_TEASER_CHARS"
DEFAULT_TEASER_CHARS = 1000
_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def teaser_chars(value: int | None = None, env: Mapping[str, str] | None = None) -> int:
    """``value``, else ``TALENT_EXTRACT_TEASER_CHARS``, else 1,000 (0: never fetch a page)."""
    if value is not None:
        return value
    raw = (os.environ if env is None else env).get(TEASER_ENV, "").strip()
    if not raw:
        return DEFAULT_TEASER_CHARS
    if not raw.isdigit():
        raise ConfigurationError(f"{TEASER_ENV} must be a whole number of characters, not {raw!r}")
    return int(raw)


def visible(text: str) -> str:
    """The text a reader sees in an entry's (possibly HTML) text: tags dropped, entities
    resolved, runs of whitespace made one space."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


def is_teaser(text: str, threshold: int) -> bool:
    """True when ``text`` has fewer than ``threshold`` visible characters."""
    return len(visible(text)) < threshold


def decode_page(fetched: Fetched) -> str:
    """The page's text by its declared charset (see the module docstring); :class:`FetchError`
    when the bytes do not decode."""
    body = fetched.body
    charset = fetched.charset
    if charset is None and not body.startswith(_BOMS):
        found = _META_CHARSET.search(body[:4096])
        if found is not None:
            charset = found.group(1).decode("ascii").lower()
            try:
                codecs.lookup(charset)
            except LookupError:
                raise FetchError(
                    fetched.url, f"unknown charset {charset!r} in the page's <meta>", status=200
                ) from None
    if charset is None or charset.replace("-", "").replace("_", "") == "utf8":
        try:
            return decode_text(body)  # UTF-8 (or a byte-order mark), strictly
        except EncodingError as exc:
            said = f"the page declares charset {charset}" if charset else "no charset declared"
            reason = f"{said} but it is not UTF-8: {exc}"
            raise FetchError(fetched.url, reason, status=200) from None
    try:
        return body.decode(charset)
    except UnicodeDecodeError as exc:
        bad = body[exc.start : exc.start + 1]
        raise FetchError(
            fetched.url,
            f"the page declares charset {charset} but byte 0x{bad.hex()} at byte {exc.start} "
            f"is not {charset} ({exc.reason})",
            status=200,
        ) from None


def _story(page: str) -> tuple[str, str | None, dt.date | None]:
    """The story text trafilatura finds in ``page``, its metadata title and date."""
    import trafilatura

    try:
        text = trafilatura.extract(
            page, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura/lxml errors on odd markup: bad input, not a crash
        raise NoStoryError(f"no story text found in the HTML page ({exc})") from exc
    if not isinstance(text, str) or not text.strip():
        raise NoStoryError(
            "no story text found in the HTML page (only navigation, scripts or markup)"
        )
    title: str | None = None
    published: dt.date | None = None
    try:
        meta = trafilatura.extract_metadata(page)
    except Exception:  # metadata is optional
        meta = None
    found = getattr(meta, "title", None)
    if isinstance(found, str) and found.strip():
        title = found.strip()
    day = getattr(meta, "date", None)
    if isinstance(day, str):
        try:
            published = dt.date.fromisoformat(day[:10])
        except ValueError:
            published = None
    return text.strip(), title, published


def story_article(
    page: str,
    *,
    article_id: str,
    url: str,
    title: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
) -> Article:
    """The story of an HTML ``page`` as an :class:`Article`.

    The text is the headline (the entry's ``title``, else the page's) on its own line, then the
    story trafilatura extracts; ``published`` is the entry's date, else the page's. Raises
    :class:`~talent_extract.exceptions.NoStoryError` when the page has no story text.
    """
    story, page_title, page_date = _story(page)
    headline = (title or page_title or "").strip()
    text = story
    if headline and not story.startswith(headline):
        text = f"{headline}\n\n{story}"
    return Article(
        text=text + "\n",
        id=article_id,
        title=headline or None,
        url=url,
        source=source or url,
        published=published or page_date,
    )
