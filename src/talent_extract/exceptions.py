"""Every exception talent_extract raises on purpose derives from :class:`TalentExtractError`."""

from __future__ import annotations

from typing import Any


def _restore(cls: type[TalentExtractError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class TalentExtractError(Exception):
    """Base class of all talent_extract errors.

    Every one pickles with its attributes (``attempts``, ``size``, ``score`` …), so errors cross
    process pools intact.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The default reduce calls cls(*args), which keyword-only attributes would break.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class InputError(TalentExtractError, ValueError):
    """The article cannot be processed: empty, binary, undecodable, or no story in the page.

    Raised before any model call. The subclasses below name the commoner causes; an empty text,
    binary data or an argument of the wrong type is a plain ``InputError``.
    """


class InputTooLargeError(InputError):
    """The article is longer than the size limit (``max_chars``, ``TALENT_EXTRACT_MAX_CHARS``).

    ``size`` and ``limit`` are in characters.
    """

    def __init__(self, message: str, *, size: int, limit: int) -> None:
        super().__init__(message)
        self.size = size
        self.limit = limit


class EncodingError(InputError):
    """Bytes that are not UTF-8 (nor UTF-16/32 with a byte-order mark), or a text that was decoded
    with the wrong encoding: mojibake ("â€œ"), replacement characters, lone surrogates, UTF-16 read
    as single bytes. ``offset`` is where the problem starts (a byte offset for bytes, a character
    offset for text), or None."""

    def __init__(self, message: str, *, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


class NoStoryError(InputError):
    """An HTML page with no story text, or a text that is nothing but boilerplate."""


class LanguageError(InputError):
    """The text does not look Indonesian (see ``data/language_id.json``).

    ``score`` is the share of common Indonesian words (or of letters in a non-Latin script when
    that is the reason), ``threshold`` the share it was compared with. Skip the check with
    ``check_language=False`` or ``TALENT_EXTRACT_CHECK_LANGUAGE=0``.
    """

    def __init__(self, message: str, *, score: float, threshold: float) -> None:
        super().__init__(message)
        self.score = score
        self.threshold = threshold


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
    """The model gave no usable answer: truncated (``finish_reason=length``), an answer
    that is not JSON or not the schema's shape even after re-asks, or an empty ``choices``.
    The message names the call ("the departures call") and what was wrong."""


class ParseError(TalentExtractError, ValueError):
    """A normaliser (money, date) was given text it cannot read."""


class FetchError(TalentExtractError):
    """A page or feed could not be fetched: an HTTP error status, a network error or timeout, a
    refusal by ``robots.txt``, too many redirects, a body over the size cap, or a content type or
    charset that cannot be an article.

    ``url`` is what was asked for, ``status`` the HTTP status when there was an answer (None for
    a network error, a timeout or a robots.txt refusal), ``reason`` what went wrong, and
    ``transient`` whether trying again later may succeed (a network error, a timeout, 408, 429 or
    a 5xx; not a 404, a refusal or a wrong content type). In a batch it is that article's
    recorded failure, never a crash.
    """

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, transient: bool | None = None
    ) -> None:
        where = f"HTTP {status}: " if status is not None else ""
        super().__init__(f"{url}: {where}{reason}")
        self.url = url
        self.reason = reason
        self.status = status
        if transient is None:
            transient = status is None or status in (408, 429) or status >= 500
        self.transient = transient


class SourceError(TalentExtractError):
    """Something in a source that could not become an article.

    ``source`` says where (``file``, ``file:line``, ``file#n`` for the n-th object of a JSON list
    or entry of a feed, counting from 1, ``<stdin>:line``, ``-``), ``message`` what was wrong.
    :func:`~talent_extract.iter_articles` *yields* it rather than raising it, so a batch records
    the source as a failure (of type ``SourceError``) and goes on; it is an exception so that a
    caller may raise it, and catches it with every other :class:`TalentExtractError`. Two compare
    equal when source and message do.
    """

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceError):
            return NotImplemented
        return (self.source, self.message) == (other.source, other.message)

    def __hash__(self) -> int:
        return hash((self.source, self.message))

    def __repr__(self) -> str:
        return f"SourceError(source={self.source!r}, message={self.message!r})"


class WorkerError(TalentExtractError):
    """A worker process of a batch crashed or died: not a per-article failure (those are
    results), so the batch stops; what the workers committed stays in the store."""


class BatchAPIError(BackendError):
    """One article's request in an OpenAI Batch API job got no answer.

    ``kind`` says why: ``failed`` (the line's error, or an HTTP error status, from the job's
    error file), ``expired`` (not done within the 24 h window), ``cancelled`` (the job was
    cancelled before it ran the line), ``missing`` (the finished job has the line in neither
    file), ``job_failed`` (the whole job was refused, e.g. a malformed input file). Recorded as
    that article's failure, retried by the next run.
    """

    def __init__(self, message: str, *, kind: str, attempts: int = 1) -> None:
        super().__init__(message, attempts=attempts)
        self.kind = kind
