"""Secrets never leave in text: API keys and bearer tokens are masked in error details, dropped
values and the log records of openai, instructor and httpx."""

from __future__ import annotations

import logging
import re
import traceback

_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_*.-]{4,}")
PLACEHOLDER_KEY = "not-needed"


def redact(text: str, secret: str | None = None) -> str:
    """``text`` with ``secret``, bearer tokens and ``sk-`` style keys replaced.

    Applied to everything built from what a server sent back (error bodies, answers that failed
    validation), because a misconfigured proxy or server may echo the request's headers.
    """
    if secret and len(secret) >= 8 and secret != PLACEHOLDER_KEY:
        text = text.replace(secret, "***")
    text = _BEARER.sub(r"\1 [redacted]", text)
    return _KEY_LIKE.sub("sk-[redacted]", text)


# Keys of every backend configured in this process, for the log filter below.
_SECRETS: set[str] = set()
# Libraries whose log records may quote what a server sent back: openai logs request options
# (re-asks quote the refused answer) at DEBUG, instructor logs validation errors at DEBUG and
# ERROR.
_LOGGER_PREFIXES = ("openai", "instructor", "httpx", "httpcore")


class _RedactingFilter(logging.Filter):
    """Takes keys and bearer tokens out of a log record's message and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logging module's to report
            return True
        clean = _redact_known(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            clean = _redact_known(text)
            if clean != text:
                # Handlers format exc_text when set; the live exception would print the key.
                record.exc_text, record.exc_info = clean, None
        return True


_FILTER = _RedactingFilter()
_FILTERED: set[str] = set()


def _redact_known(text: str) -> str:
    for secret in _SECRETS:
        text = redact(text, secret)
    return redact(text)


def protect_logs(secret: str | None) -> None:
    """Register ``secret`` and filter it out of the logs of openai, instructor and httpx.

    A logger's filters only see records logged on that logger, so the filter goes on every
    logger of those libraries that exists (they are made at import, before any call).
    """
    if secret and len(secret) >= 8 and secret != PLACEHOLDER_KEY:
        _SECRETS.add(secret)
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        # A PlaceHolder (a parent no module asked for yet) is looked at again next time.
        if name in _FILTERED or not isinstance(logger, logging.Logger):
            continue
        if name.split(".")[0].rstrip("2") in _LOGGER_PREFIXES:
            logger.addFilter(_FILTER)
        _FILTERED.add(name)
