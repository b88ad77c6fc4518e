"""TEST DOUBLE, NOT A MODEL: healthy answers built from what our prompts list.

Shared by the loopback servers ``tests/fault_server.py`` (fault injector) and
``benchmarks/loopback_server.py`` (load generator). Nothing here reads an article for meaning; it
echoes the ids and names the prompt lists, so a successful extraction has records and a silently
empty result is visible:

* **departures call**: the first listed sentence (after the one repeating the ``TITLE:``) that
  holds a person-looking name (:func:`person_looking_name`: two capitalised words in a row) gives
  one departure ``{person, from_org, to_org: null, status: "completed", sentence}``, its
  sentence id one the schema allows; ``from_org`` is the run of capitalised words after the
  sentence's first "dari" (:func:`origin_looking_name`), else null;
* **review call**: every listed money expression ``[M1] … (in S4)`` is an offer with nothing else
  known; every listed quote ``[Q1] “…” in S7; candidates: A; B`` gets its first candidate (none
  for ``none named``).

It answers in both of instructor's modes we use: a tool call when the request has ``tools``
(TOOLS), JSON in ``message.content`` when it has ``response_format`` (JSON_SCHEMA).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from typing import Any

_SENTENCE = re.compile(r"^\[(S\d+)\] (.*)$")
_MONEY = re.compile(r"^\[(M\d+)\] ")
_QUOTE = re.compile(r"^\[(Q\d+)\] .*; candidates: (.*)$")
_CAPITALISED = re.compile(r"^[A-Z][a-z]+$")


def user_message(body: dict[str, Any]) -> str:
    """The content of the request's last user message ('' when there is none): the article and
    the task. The messages before it are the fixed prefix (system prompt, worked example) and, on
    a re-ask, the answer that failed."""
    article = ""
    for message in body.get("messages") or []:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            text = content if isinstance(content, str) else json.dumps(content)
            if "ARTICLE:" in text or not article:
                article = text
    return article


def requested(body: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """``(tool name, JSON schema)`` for a TOOLS request, ``(None, schema)`` for JSON_SCHEMA, and
    ``(None, {})`` when the request asks for neither."""
    choice = body.get("tool_choice")
    name = None
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
    for tool in body.get("tools") or []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and (name is None or function.get("name") == name):
            schema = function.get("parameters")
            return function.get("name"), schema if isinstance(schema, dict) else {}
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and isinstance(fmt.get("json_schema"), dict):
        schema = fmt["json_schema"].get("schema")
        return None, schema if isinstance(schema, dict) else {}
    return name, {}


def _allowed(schema: dict[str, Any], field: str) -> set[str] | None:
    """The enum of ``field`` in the schema's item definitions, or None when it is free text."""
    for definition in (schema.get("$defs") or {}).values():
        prop = (
            (definition.get("properties") or {}).get(field)
            if isinstance(definition, dict)
            else None
        )
        if isinstance(prop, dict) and isinstance(prop.get("enum"), list):
            return {str(v) for v in prop["enum"]}
    return None


def person_looking_name(sentence: str) -> str | None:
    """The first run of two or more capitalised words, as its first two words; a run of three or
    more that opens the sentence loses its first word ("Peneliti Raka Pradipta" -> "Raka Pradipta",
    "Raka Pradipta keluar" -> "Raka Pradipta")."""
    words = [w.strip(",.;:()“”\"'") for w in sentence.split()]
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and _CAPITALISED.match(words[j]):
            j += 1
        if j - i >= 2:
            start = i + 1 if i == 0 and j - i >= 3 else i
            return f"{words[start]} {words[start + 1]}"
        i = j + 1
    return None


def origin_looking_name(sentence: str) -> str | None:
    """The capitalised words right after the first "dari" ("dari Garuda Robotika keluar" ->
    "Garuda Robotika"), else None: a departure needs the organisation left."""
    words = [w.strip(",.;:()“”\"'") for w in sentence.split()]
    if "dari" not in words:
        return None
    run = list(itertools.takewhile(_CAPITALISED.match, words[words.index("dari") + 1 :]))
    return " ".join(run) or None


def echo_arguments(body: dict[str, Any]) -> dict[str, Any]:
    """A healthy answer for the request's schema, built from what its prompt lists."""
    _, schema = requested(body)
    properties = set(schema.get("properties") or {})
    lines = user_message(body).splitlines()
    if "departures" in properties:
        title = next((ln[len("TITLE:") :].strip() for ln in lines if ln.startswith("TITLE:")), None)
        allowed = _allowed(schema, "sentence")
        for line in lines:
            m = _SENTENCE.match(line)
            if m is None or m.group(2).strip() == title:
                continue
            sid, person = m.group(1), person_looking_name(m.group(2))
            if person and (allowed is None or sid in allowed):
                item = {
                    "person": person,
                    "from_org": origin_looking_name(m.group(2)),
                    "to_org": None,
                    "status": "completed",
                    "sentence": sid,
                }
                return {"departures": [item]}
        return {"departures": []}
    answer: dict[str, Any] = {}
    if "offers" in properties:
        allowed = _allowed(schema, "money_id")
        answer["offers"] = [
            {
                "money_id": m.group(1),
                "is_offer": True,
                "offerer": None,
                "recipient": None,
                "recipient_org": None,
                "status": "offered",
            }
            for line in lines
            if (m := _MONEY.match(line)) and (allowed is None or m.group(1) in allowed)
        ]
    if "speakers" in properties:
        speakers = []
        for line in lines:
            q = _QUOTE.match(line)
            if q is None:
                continue
            first = q.group(2).split(";")[0].strip()
            speakers.append(
                {"quote_id": q.group(1), "speaker": None if first == "none named" else first}
            )
        answer["speakers"] = speakers
    return answer


def completion(
    body: dict[str, Any],
    n: int,
    arguments: str,
    *,
    truncated: bool = False,
    prefix: str = "chatcmpl-echo",
    usage: dict[str, int] | None = None,
) -> dict[str, Any]:
    """A chat.completion carrying ``arguments``: as a call of the requested tool (TOOLS), else as
    the message content (JSON_SCHEMA). ``truncated`` sets ``finish_reason="length"``."""
    name, _ = requested(body)
    if name is not None:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{n}",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        }
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": arguments}
        finish = "stop"
    return {
        "id": f"{prefix}-{n}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or "echo",
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "length" if truncated else finish,
                "logprobs": None,
            }
        ],
        "usage": usage or {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    }
