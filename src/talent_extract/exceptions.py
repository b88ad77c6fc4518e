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
    """Rate limits, 5xx, timeouts or connection errors that outlasted the retry budget."""


class ModelOutputError(BackendError):
    """The model's answers could not be parsed into the schema, even after re-asks."""


class ParseError(TalentExtractError, ValueError):
    """A normaliser (money, date) was given text it cannot read."""
