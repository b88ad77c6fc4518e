"""talent_extract: grounded departures, offers and quotes from Indonesian AI-talent news.

>>> from talent_extract import extract
>>> result = extract(open("article.txt").read())          # doctest: +SKIP
>>> [(d.person, d.from_org, d.to_org) for d in result.departures]  # doctest: +SKIP

Every record carries ``evidence``: offsets into ``result.text`` with
``result.text[e.start:e.end] == e.text``. Quote ``text`` is always the article's own characters.
"""

from talent_extract.batch.outputs import OutputWriter, to_pandas
from talent_extract.batch.runner import BatchResult, Failure, aextract_many, extract_many
from talent_extract.batch.sources import SourceError, iter_articles
from talent_extract.batch.store import ResultKey, Store, StoredResult
from talent_extract.exceptions import (
    AuthenticationError,
    BackendError,
    BadRequestError,
    ConfigurationError,
    EncodingError,
    InputError,
    InputTooLargeError,
    LanguageError,
    ModelOutputError,
    NoStoryError,
    ParseError,
    TalentExtractError,
    TransientBackendError,
)
from talent_extract.find.money import MoneyMention, find_money, parse_money
from talent_extract.model.backend import BackendConfig, resolve_backend
from talent_extract.model.prompts import PROMPT_VERSION, SCHEMA_VERSION
from talent_extract.pipeline import aextract, extract
from talent_extract.records import (
    Article,
    Departure,
    Dropped,
    Extraction,
    ExtractionMeta,
    Money,
    Offer,
    Quote,
    Span,
    Usage,
)
from talent_extract.review import display as _display
from talent_extract.review.aggregate import (
    Event,
    Events,
    EventSource,
    FlowRow,
    Flows,
    aggregate,
    flows,
)
from talent_extract.review.evaluate import EvalReport, evaluate
from talent_extract.review.report import report_html, write_report
from talent_extract.review.results import Results, read_results
from talent_extract.text.check import decode_text
from talent_extract.text.clean import CleanArticle, clean_article

__version__ = "0.1.0"

# Inside a running IPython/Jupyter kernel, extractions and results display as HTML.
_display.register()

__all__ = [
    "PROMPT_VERSION",
    "SCHEMA_VERSION",
    "Article",
    "AuthenticationError",
    "BackendConfig",
    "BackendError",
    "BadRequestError",
    "BatchResult",
    "CleanArticle",
    "ConfigurationError",
    "Departure",
    "Dropped",
    "EncodingError",
    "EvalReport",
    "Event",
    "EventSource",
    "Events",
    "Extraction",
    "ExtractionMeta",
    "Failure",
    "FlowRow",
    "Flows",
    "InputError",
    "InputTooLargeError",
    "LanguageError",
    "ModelOutputError",
    "Money",
    "MoneyMention",
    "NoStoryError",
    "Offer",
    "OutputWriter",
    "ParseError",
    "Quote",
    "ResultKey",
    "Results",
    "SourceError",
    "Span",
    "Store",
    "StoredResult",
    "TalentExtractError",
    "TransientBackendError",
    "Usage",
    "__version__",
    "aextract",
    "aextract_many",
    "aggregate",
    "clean_article",
    "decode_text",
    "evaluate",
    "extract",
    "extract_many",
    "find_money",
    "flows",
    "iter_articles",
    "parse_money",
    "read_results",
    "report_html",
    "resolve_backend",
    "to_pandas",
    "write_report",
]
