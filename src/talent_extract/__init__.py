"""talent_extract: grounded departures, offers and quotes from Indonesian AI-talent news.

>>> from talent_extract import extract
>>> result = extract(open("article.txt").read())          # doctest: +SKIP
>>> [(d.person, d.from_org, d.to_org) for d in result.departures]  # doctest: +SKIP

Every record carries ``evidence``: offsets into ``result.text`` with
``result.text[e.start:e.end] == e.text``. Quote ``text`` is always the article's own characters.

What this module exports (everything else lives in documented submodules; ARCHITECTURE.md maps
them):

Extracting
    :func:`extract` / :func:`aextract` -- one article (text, HTML or :class:`Article`) to an
    :class:`Extraction`. :func:`extract_many` / :func:`aextract_many` -- many, with bounded
    concurrency, a :class:`Store` that survives a kill, and a :class:`BatchResult` per article.
    :class:`BackendConfig` -- which model to call (built from arguments and the environment by
    :func:`~talent_extract.model.backend.resolve_backend`).
Input
    :class:`Article` -- text with optional metadata. :func:`iter_articles` -- files, folders,
    JSON/JSONL, feeds and stdin as articles (a :class:`SourceError` for what cannot be one).
    :func:`decode_text` -- an article's bytes as text, never guessing the encoding.
Records
    :class:`Extraction` (the result for one article), :class:`Departure`, :class:`Offer`,
    :class:`Quote`, :class:`Span` (evidence) and :class:`Money`; the metadata types are in
    :mod:`talent_extract.records`.
Reviewing
    :func:`read_results` -- results back from JSONL; :func:`aggregate` -- the same event merged
    across articles; :func:`flows` -- departures counted per (from, to) organisation;
    :func:`report_html` / :func:`write_report` -- a self-contained HTML review;
    :func:`evaluate` -- scores against hand-written gold. In a notebook, extractions and results
    display as HTML (:mod:`talent_extract.review.display`).
Errors
    :class:`TalentExtractError` is the base of every error raised on purpose:
    :class:`InputError` (:class:`InputTooLargeError`, :class:`EncodingError`,
    :class:`NoStoryError`, :class:`LanguageError`) before any model call;
    :class:`ConfigurationError`; :class:`BackendError` (:class:`AuthenticationError`,
    :class:`BadRequestError`, :class:`TransientBackendError`, :class:`ModelOutputError`);
    :class:`SourceError` for a source that yields no article; :class:`FetchError` for a page or
    feed that could not be fetched (:mod:`talent_extract.feeds`).
"""

from talent_extract.batch.runner import BatchResult, aextract_many, extract_many
from talent_extract.batch.sources import iter_articles
from talent_extract.batch.store import Store
from talent_extract.exceptions import (
    AuthenticationError,
    BackendError,
    BadRequestError,
    ConfigurationError,
    EncodingError,
    FetchError,
    InputError,
    InputTooLargeError,
    LanguageError,
    ModelOutputError,
    NoStoryError,
    SourceError,
    TalentExtractError,
    TransientBackendError,
)
from talent_extract.model.backend import BackendConfig
from talent_extract.pipeline import aextract, extract
from talent_extract.records import Article, Departure, Extraction, Money, Offer, Quote, Span
from talent_extract.review import display as _display
from talent_extract.review.aggregate import aggregate, flows
from talent_extract.review.evaluate import evaluate
from talent_extract.review.report import report_html, write_report
from talent_extract.review.results import read_results
from talent_extract.text.check import decode_text

__version__ = "0.1.0"

# Inside a running IPython/Jupyter kernel, extractions and results display as HTML.
_display.register()

__all__ = [
    "Article",
    "AuthenticationError",
    "BackendConfig",
    "BackendError",
    "BadRequestError",
    "BatchResult",
    "ConfigurationError",
    "Departure",
    "EncodingError",
    "Extraction",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "LanguageError",
    "ModelOutputError",
    "Money",
    "NoStoryError",
    "Offer",
    "Quote",
    "SourceError",
    "Span",
    "Store",
    "TalentExtractError",
    "TransientBackendError",
    "aextract",
    "aextract_many",
    "aggregate",
    "decode_text",
    "evaluate",
    "extract",
    "extract_many",
    "flows",
    "iter_articles",
    "read_results",
    "report_html",
    "write_report",
]
