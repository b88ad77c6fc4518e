"""talent_extract: grounded departures, offers and quotes from Indonesian AI-talent news."""

from talent_extract._models import (
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

__all__ = [
    "Article",
    "Departure",
    "Dropped",
    "Extraction",
    "ExtractionMeta",
    "Money",
    "Offer",
    "Quote",
    "Span",
    "Usage",
]
