"""Re-asks, replayed from real recordings: every cassette (the samples in ``cassettes/samples`` and
the articles of ``tests/data/reask``, written to tempt a small model into answers the article does
not contain). What the model did after a failed validation — fixed it or not — is whatever the
recording holds; these tests check *our* behaviour on it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from talent_extract import Article, BackendConfig, Extraction, extract
from talent_extract.ground.locate import locate
from tests.recording import ARTICLES, CASSETTES, REASK_ARTICLES, make_vcr

SOURCES = {p.stem: ("samples", p) for p in ARTICLES.glob("*.txt")} | {
    p.stem: ("reask", p) for p in REASK_ARTICLES.glob("*.txt")
}
STEMS = sorted(SOURCES)


def article_text(stem: str) -> str:
    return SOURCES[stem][1].read_text("utf-8")


def interactions(stem: str) -> list[dict[str, Any]]:
    folder = SOURCES[stem][0]
    data = yaml.safe_load((CASSETTES / folder / f"{stem}.yaml").read_text("utf-8"))
    return list(data["interactions"])


@pytest.fixture(scope="module")
def results(replay_config: BackendConfig) -> dict[str, Extraction]:
    out = {}
    for stem in STEMS:
        with make_vcr("none").use_cassette(f"{SOURCES[stem][0]}/{stem}.yaml"):
            out[stem] = extract(Article(text=article_text(stem), id=stem), config=replay_config)
    return out


def reask_messages(stem: str) -> list[str]:
    """The validation feedback instructor sent back to the model in this recording."""
    found = []
    for item in interactions(stem):
        body = json.loads(item["request"]["body"])
        for message in body["messages"]:
            content = message.get("content")
            if isinstance(content, str) and "Validation Error" in content:
                found.append(content)
    return found


def test_the_recordings_hold_at_least_one_reask(results: dict[str, Extraction]) -> None:
    reasked = [s for s, r in results.items() if r.meta.reasks > 0]
    assert reasked, "no recorded re-ask: re-record with python scripts/record.py --only reask"
    for stem in reasked:
        assert reask_messages(stem), stem


@pytest.mark.parametrize("stem", STEMS)
def test_calls_match_the_recording(stem: str, results: dict[str, Extraction]) -> None:
    meta = results[stem].meta
    assert meta.calls == len(interactions(stem))
    # With one re-ask allowed, each re-ask request carries exactly one feedback message.
    assert meta.reasks == len(reask_messages(stem))


@pytest.mark.parametrize("stem", STEMS)
def test_the_reask_names_text_that_is_really_absent(stem: str) -> None:
    article = article_text(stem)
    for message in reask_messages(stem):
        absent = re.findall(r"the (?:organisation|person) '([^']+)' is not in the article", message)
        cited = re.findall(r"the person '([^']+)' is not named in (S\d+) \('([^']*)'", message)
        assert absent or cited, message[:300]
        for text in absent:
            assert locate(text, article) is None, text
        for person, _, sentence in cited:
            # The sentence quoted back really is the article's, and really lacks the person.
            assert locate(sentence.rstrip("'"), article) is not None
            assert person.split()[-1] not in sentence


@pytest.mark.parametrize("stem", STEMS)
def test_nothing_ungrounded_survives(stem: str, results: dict[str, Extraction]) -> None:
    result = results[stem]
    article = article_text(stem)
    for record in [*result.departures, *result.offers, *result.quotes]:
        assert article[record.evidence.start : record.evidence.end] == record.evidence.text
    for d in result.departures:
        assert d.role_before is None or d.role_before in article  # the article's own characters
    # A person the re-ask said is not in the cited sentence never comes back with that evidence.
    for message in reask_messages(stem):
        for person, sid in re.findall(r"the person '([^']+)' is not named in (S\d+)", message):
            cited = re.search(rf"\[{sid}\] ([^\n]*)", interactions(stem)[0]["request"]["body"])
            for d in result.departures:
                if d.person == person and cited:
                    assert d.evidence.text not in cited.group(1)
