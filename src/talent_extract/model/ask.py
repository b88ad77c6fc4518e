"""One logical model call: instructor's create with its re-asks, and what to do when the answers
stay unusable (a typed failure) or only partly usable (the items that hold are salvaged).

Only the model layer talks to instructor; the pipeline calls :func:`ask` with a response model and
messages and gets the answer (or what was salvaged, and why re-asks ran out).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

import instructor
import openai
from instructor.core import Hooks
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from pydantic import BaseModel, ValidationError

from talent_extract.exceptions import BackendError, ModelOutputError
from talent_extract.model.backend import BackendConfig
from talent_extract.model.redact import redact

M = TypeVar("M", bound=BaseModel)


TRUNCATED_REASK = (
    "Your previous answer was cut off at the length limit (finish_reason=length) and cannot be "
    "read. Answer again, shorter: each listed id at most once, nothing "
    "repeated, only the fields asked for."
)


async def ask(
    client: instructor.AsyncInstructor,
    config: BackendConfig,
    response_model: type[M],
    messages: list[dict[str, Any]],
    context: dict[str, Any],
) -> tuple[M | None, str | None]:
    """One logical call with re-asks. Returns the answer, or what was salvaged and why re-asks
    ran out.

    Raises :class:`ModelOutputError` when no attempt gave a usable answer at all — truncated,
    not JSON, not the schema's shape — so such an article is a failure (retried by the next
    batch run), never an empty result that looks like "the article says nothing". Answers of
    the right shape whose items the article does not support are the grounding's business:
    the valid items are kept and the rest listed in ``meta.dropped``.

    A truncated answer (``finish_reason=length``) is re-asked too — instructor would give up at
    once — with a request to answer shorter; it shares the ``max_reasks`` budget with the
    validation re-asks, so a logical call still makes at most ``1 + max_reasks`` completions.
    """
    call = f"the {response_model.__name__.lower()} call"
    answered = 0  # completions received in this logical call, truncated ones included

    def count(response: Any) -> None:
        nonlocal answered
        answered += 1

    hooks = Hooks()
    hooks.on("completion:response", count)
    asked = messages
    # No context goes to instructor: the schemas check ids by enum, grounding checks the rest
    # after the answer, and instructor would render every message as a Jinja template.
    while True:
        try:
            # The patched create itself: AsyncInstructor.create only repeats its checks.
            result = await client.create_fn(
                model=config.model,
                response_model=response_model,
                messages=asked,
                max_retries=max(config.max_reasks - answered, 0),
                temperature=config.temperature,
                seed=config.seed,
                hooks=hooks,
            )
            return result, None
        except IncompleteOutputException:
            if answered > config.max_reasks:
                raise ModelOutputError(
                    f"{call}: the model's answer was truncated (finish_reason=length) "
                    f"after {answered} attempt{'s' if answered != 1 else ''}",
                    attempts=answered,
                ) from None
            # The cut-off answer is not sent back: it may be long, and it cannot be parsed.
            asked = [*messages, {"role": "user", "content": TRUNCATED_REASK}]
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, BackendError):
                raise cause from None
            if isinstance(cause, openai.OpenAIError):
                raise BackendError(
                    redact(f"{type(cause).__name__}: {cause}", config.api_key)
                ) from None
            # Re-asks ran out. Small models often answer a re-ask with only the item they were
            # told about, dropping the rest; so every item of every attempt is validated on its
            # own and the ones that hold are kept.
            completions = [a.completion for a in getattr(exc, "failed_attempts", None) or []]
            if not completions and exc.last_completion is not None:
                completions = [exc.last_completion]
            salvaged = salvage_items(response_model, completions, context)
            if salvaged is None and not any(well_formed(response_model, c) for c in completions):
                n = max(answered, 1)
                raise ModelOutputError(
                    f"{call}: no usable answer in {n} attempt{'s' if n != 1 else ''}: "
                    f"{describe_unusable(cause or exc)}",
                    attempts=n,
                ) from None
            # The validation error quotes the answer: a server echoing headers must not leak.
            return salvaged, redact(str(cause or exc), config.api_key)[:300]


def well_formed(response_model: type[BaseModel], completion: Any) -> bool:
    """True when the completion's arguments are JSON of the schema's shape and types.

    Checked without the validation context, so the grounding validators (is this name in the
    article?) do not run: this asks only whether the model answered in the right form.
    """
    data = _arguments(completion)
    if data is None:
        return False
    try:
        response_model.model_validate(data)
    except ValidationError:
        return False
    return True


def describe_unusable(error: BaseException) -> str:
    """What was wrong with an answer, in words: not JSON, no tool call, or the schema part."""
    if isinstance(error, ValidationError):
        errors = error.errors(include_url=False)
        if errors and errors[0]["type"] == "json_invalid":
            return "the answer (JSON content or tool-call arguments) is not valid JSON"
        first = errors[0] if errors else None
        where = ".".join(str(p) for p in first["loc"]) if first else ""
        detail = f" ({where}: {first['msg']})" if first else ""
        return f"the answer does not match the schema{detail}"
    if isinstance(error, json.JSONDecodeError):
        return "the answer (JSON content or tool-call arguments) is not valid JSON"
    if isinstance(error, ResponseParsingError):
        return f"the answer could not be parsed: {str(error)[:200]}"
    return f"{type(error).__name__}: {str(error)[:200]}"


def _arguments(completion: Any) -> dict[str, Any] | None:
    try:
        message = completion.choices[0].message
        raw = message.tool_calls[0].function.arguments if message.tool_calls else message.content
        data = json.loads(raw)
    except (AttributeError, IndexError, TypeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def salvage_items(
    response_model: type[M], completions: Sequence[Any], context: dict[str, Any]
) -> M | None:
    """The items of ``completions`` that pass validation one by one, first occurrence kept."""
    kept: dict[str, list[Any]] = {}
    seen: set[str] = set()
    for completion in completions:
        data = _arguments(completion)
        if data is None:
            continue
        for name, field_info in response_model.model_fields.items():
            item_model = _list_item_model(field_info.annotation)
            if item_model is None:
                continue
            for item in data.get(name) or []:
                key = f"{name}:{json.dumps(item, sort_keys=True, default=str)}"
                if key in seen:
                    continue
                seen.add(key)
                try:
                    valid = item_model.model_validate(item, context=context)
                except ValidationError:
                    continue
                kept.setdefault(name, []).append(valid)
    if not kept:
        return None
    values: dict[str, Any] = {n: kept.get(n, []) for n in response_model.model_fields}
    return response_model.model_construct(None, **values)


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is list and args:
        item = args[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None
