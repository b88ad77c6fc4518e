"""Tempting articles, replayed from real recordings: the articles of ``tests/data/reask`` (written
for the project) name organisations only by periphrasis ("pembuat iPhone", "pembuat ChatGPT"),
which tempts a small model to answer with a product or a place the text does not make an
organisation. What the model answered is whatever ``cassettes/reask`` holds; these tests check
*our* behaviour on it: every record is grounded, every name in a record is in the article, and
every drop or change the rules made is logged under a rule's name.

(Before the named rules, a validator re-asked the model on such answers; grounding now decides
after the answer, with no extra call, so an article costs at most its planned calls.)
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from talent_extract import Article, BackendConfig, Extraction, data, extract
from talent_extract.ground.locate import contains_name
from talent_extract.ground.rules import rule_names
from talent_extract.model.prompts import split_people
from tests.recording import CASSETTES, REASK_ARTICLES, make_vcr

STEMS = sorted(p.stem for p in REASK_ARTICLES.glob("*.txt"))
# Rule names of the log that are not switchable rules: the evidence could not be mapped back to
# the source, a recipient not found in the article, or re-asks ran out on an unusable answer.
NON_RULE_LOG = {"evidence_mappable", "recipient_in_article", "reask", "one_record_per_person"}


def article_text(stem: str) -> str:
    return (REASK_ARTICLES / f"{stem}.txt").read_text("utf-8")


def interactions(stem: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASSETTES / "reask" / f"{stem}.yaml").read_text("utf-8"))
    return list(data["interactions"])


def answers(stem: str) -> list[dict[str, Any]]:
    """The JSON objects the model answered in this recording (JSON-schema mode: in content)."""
    out = []
    for item in interactions(stem):
        body = json.loads(item["response"]["body"]["string"])
        message = body["choices"][0]["message"]
        raw = message.get("content")
        if message.get("tool_calls"):
            raw = message["tool_calls"][0]["function"]["arguments"]
        out.append(json.loads(raw))
    return out


@pytest.fixture(scope="module")
def results(replay_config: BackendConfig) -> dict[str, Extraction]:
    out = {}
    for stem in STEMS:
        with make_vcr("none").use_cassette(f"reask/{stem}.yaml"):
            out[stem] = extract(Article(text=article_text(stem), id=stem), config=replay_config)
    return out


def test_there_are_tempting_articles() -> None:
    assert len(STEMS) >= 5
    for stem in STEMS:
        assert (CASSETTES / "reask" / f"{stem}.yaml").is_file(), stem


@pytest.mark.parametrize("stem", STEMS)
def test_calls_match_the_recording(stem: str, results: dict[str, Extraction]) -> None:
    meta = results[stem].meta
    assert meta.calls == len(interactions(stem)) <= 2
    assert meta.reasks == 0


@pytest.mark.parametrize("stem", STEMS)
def test_every_name_in_a_record_is_in_the_article(
    stem: str, results: dict[str, Extraction]
) -> None:
    result, article = results[stem], article_text(stem)
    for record in [*result.departures, *result.offers, *result.quotes]:
        assert article[record.evidence.start : record.evidence.end] == record.evidence.text
    products = data.products().makers
    for d in result.departures:
        assert d.person is None or contains_name(article, d.person), (stem, d.person)
        for org in (d.from_org, d.to_org):
            # Named, or named by one of its products ("pembuat ChatGPT" is OpenAI).
            by_product = [p for p, maker in products.items() if maker == org]
            assert org is None or any(contains_name(article, n) for n in [org, *by_product]), (
                stem,
                org,
            )
    for o in result.offers:
        for name in (o.offerer, o.recipient):
            assert name is None or contains_name(article, name), (stem, name)


@pytest.mark.parametrize("stem", STEMS)
def test_what_the_model_said_is_kept_or_logged(stem: str, results: dict[str, Extraction]) -> None:
    """Each person the model proposed as a mover is a record or a logged drop (never lost)."""
    result = results[stem]
    kept = {d.person for d in result.departures}
    logged = " ".join(d.value for d in result.meta.dropped)
    for answer in answers(stem):
        for item in answer.get("departures") or []:
            for person in split_people([item.get("person") or ""]):
                full = [k for k in kept if k and person.split()[-1] in k]
                assert full or person in logged, (stem, person)


@pytest.mark.parametrize("stem", STEMS)
def test_every_drop_and_change_names_its_rule(stem: str, results: dict[str, Extraction]) -> None:
    meta = results[stem].meta
    known = set(rule_names()) | NON_RULE_LOG
    for entry in [*meta.dropped, *meta.changed]:
        assert entry.rule in known, entry


def test_a_product_never_stands_as_an_organisation(results: dict[str, Extraction]) -> None:
    """The periphrases of these articles ("pembuat ChatGPT") name products: a record that keeps a
    product as its organisation would tell the reader a product employs people."""
    products = {"chatgpt", "claude", "iphone", "gemini", "llama", "grok"}
    for stem, result in results.items():
        for d in result.departures:
            for org in (d.from_org, d.to_org):
                assert org is None or org.casefold() not in products, (stem, org)


def test_split_people_keeps_no_part_without_a_letter_or_digit() -> None:
    # Found by the fuzz test: a control character as the "person" crashed the rules that read a
    # surname; it names no one, like "none" or an empty string.
    assert split_people(["\x1f", "Wulan Prameswari; Hendra Kusuma", "none", " . "]) == [
        "Wulan Prameswari",
        "Hendra Kusuma",
    ]
