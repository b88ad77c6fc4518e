"""Every exception talent_extract raises on purpose derives from :class:`TalentExtractError`."""

from __future__ import annotations


class TalentExtractError(Exception):
    """Base class of all talent_extract errors."""


class InputError(TalentExtractError, ValueError):
    """The article cannot be processed: empty, binary, undecodable, or no story in the page."""


class ConfigurationError(TalentExtractError):
    """No usable backend, or contradictory settings. The message names the ways to configure one."""


class BackendError(TalentExtractError):
    """The model backend failed. ``attempts`` counts the HTTP calls made before giving up."""

    def __init__(self, message: str, *, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts


class AuthenticationError(BackendError):
    """The backend refused the credentials (HTTP 401/403). Never retried."""


class BadRequestError(BackendError):
    """The backend refused the request itself (HTTP 400/404/422). Never retried."""


class TransientBackendError(BackendError):
    """Rate limits, 5xx, timeouts, connection errors, or 200 bodies that are not a JSON chat
    completion, that outlasted the transport retries (4 attempts per call, 6 retries per article).
    """


class ModelOutputError(BackendError):
    """The model gave no usable answer: truncated (``finish_reason=length``), tool-call arguments
    that are not JSON or not the schema's shape even after re-asks, or an empty ``choices``.
    The message names the call ("the departures call") and what was wrong."""


class ParseError(TalentExtractError, ValueError):
    """A normaliser (money, date) was given text it cannot read."""
