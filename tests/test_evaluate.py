"""Tests for talent_extract.review.evaluate: the gold matching rules, scores, traps and reports."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from talent_extract import Departure, Extraction, Money, Offer, Quote, Span
from talent_extract.exceptions import InputError
from talent_extract.records import ExtractionMeta
from talent_extract.review.evaluate import (
    EvalReport,
    amounts_close,
    describes_group,
    evaluate,
    load_gold,
    names_match,
    orgs_match,
    quote_overlap,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOLD_DIR = EXAMPLES / "gold"
A000 = "000_5915d190da626961"
A001 = "001_364c1b17055b048f"
A002 = "002_774bce11c9a805ac"
A004 = "004_7dc78da48f78b2fc"
UNSEEN = "003_18d9ac60c7d8b034"
EVIDENCE = {"start": 0, "end": 0, "text": ""}

# Totals in examples/gold: 7+4+0+1 departures, 1+0+3+0 offers, 1+2+4+2 quotes.
N_DEP, N_OFF, N_QUO = 12, 4, 9
N_ALL = N_DEP + N_OFF + N_QUO


# ---------------------------------------------------------------------------------------------
# helpers: gold records -> prediction dicts in the model_dump(mode="json") form
# ---------------------------------------------------------------------------------------------


def departure(
    person: str | None,
    from_org: str | None,
    to_org: str | None,
    status: str = "completed",
    count: int | None = None,
) -> dict[str, Any]:
    return {
        "person": person,
        "count": count,
        "from_org": from_org,
        "from_unit": None,
        "to_org": to_org,
        "to_unit": None,
        "role_before": None,
        "role_after": None,
        "status": status,
        "date": None,
        "date_resolution": None,
        "evidence": dict(EVIDENCE),
    }


def offer(
    offerer: str | None,
    low: float | None,
    high: float | None,
    currency: str | None = "USD",
    status: str = "reported",
) -> dict[str, Any]:
    amount = None
    if low is not None or high is not None:
        amount = {
            "min": low,
            "max": high,
            "currency": currency,
            "approximate": False,
            "text": "",
            "conversion": None,
        }
    return {
        "offerer": offerer,
        "recipient": None,
        "recipient_org": None,
        "amount": amount,
        "period": None,
        "status": status,
        "evidence": dict(EVIDENCE),
    }


def quote(
    speaker: str | None, text: str, channel: str | None = None, anonymous: bool = False
) -> dict[str, Any]:
    return {
        "speaker": speaker,
        "speaker_role": None,
        "anonymous": anonymous,
        "text": text,
        "channel": channel,
        "evidence": dict(EVIDENCE),
    }


def from_gold(stem: str, doc: dict[str, Any]) -> dict[str, Any]:
    """A prediction line that says exactly what the gold says (required records only)."""
    deps = []
    for d in doc["departures"]:
        rec = departure(d["person"], d["from_org"], d["to_org"], d["status"], d.get("count"))
        rec.update(role_before=d.get("role_before"), role_after=d.get("role_after"))
        deps.append(rec)
    offers = []
    for o in doc["offers"]:
        rec = offer(o["offerer"], o["amount_min"], o["amount_max"], o["currency"], o["status"])
        rec.update(recipient=o.get("recipient"), recipient_org=o.get("recipient_org"))
        offers.append(rec)
    quotes = [
        quote(q["speaker"], q["text"], q.get("channel"), q.get("speaker_anonymous", False))
        for q in doc["quotes"]
    ]
    return {"article": stem, "departures": deps, "offers": offers, "quotes": quotes}


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, Any]]:
    return load_gold(GOLD_DIR)


@pytest.fixture
def preds(gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Perfect predictions, keyed by stem; tests mutate their own copy."""
    return {stem: from_gold(stem, copy.deepcopy(doc)) for stem, doc in gold.items()}


def run(preds: dict[str, dict[str, Any]]) -> EvalReport:
    return evaluate(GOLD_DIR, list(preds.values()))


def article(report: EvalReport, stem: str) -> Any:
    return next(a for a in report.articles if a.article == stem)


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------


def test_load_gold_keys_are_stems(gold: dict[str, dict[str, Any]]) -> None:
    assert sorted(gold) == [A000, A001, A002, A004]
    assert gold[A004]["article"] == f"{A004}.txt"


def test_load_gold_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_gold(tmp_path / "nope")


# ---------------------------------------------------------------------------------------------
# scores
# ---------------------------------------------------------------------------------------------


def test_gold_as_predictions_is_perfect(preds: dict[str, dict[str, Any]]) -> None:
    report = run(preds)
    for name, n in (
        ("departures", N_DEP),
        ("offers", N_OFF),
        ("quotes", N_QUO),
        ("overall", N_ALL),
    ):
        score = getattr(report, name)
        assert (score.tp, score.fp, score.fn) == (n, 0, 0), name
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), name
    assert report.trap_violations == []
    assert report.verbatim_quote_share == 1.0
    assert report.unscored == [] and report.unpredicted == []
    assert {k: (v.correct, v.total) for k, v in report.fields.items()} == {
        "departure.to_org": (12, 12),
        "departure.status": (12, 12),
        "offer.amount": (4, 4),
        "offer.status": (4, 4),
        "quote.speaker": (6, 6),  # 3 anonymous gold quotes are skipped
        "quote.channel": (2, 2),  # only two gold quotes give a channel
    }


def test_removing_one_departure_lowers_recall_exactly(preds: dict[str, dict[str, Any]]) -> None:
    removed = preds[A004]["departures"].pop()
    report = run(preds)
    d = report.departures
    assert (d.tp, d.fp, d.fn) == (11, 0, 1)
    assert d.precision == 1.0
    assert d.recall == pytest.approx(11 / 12)
    assert d.f1 == pytest.approx(2 * (11 / 12) / (1 + 11 / 12))
    assert report.overall.recall == pytest.approx(24 / 25)
    assert report.overall.precision == 1.0
    assert article(report, A004).departures.missed[0]["person"] == removed["person"] == "Jan Leike"


def test_spurious_record_lowers_precision_exactly(preds: dict[str, dict[str, Any]]) -> None:
    preds[A002]["departures"].append(departure("Andrew Tulloch", "Thinking Machines Lab", "Meta"))
    report = run(preds)
    d = report.departures
    assert (d.tp, d.fp, d.fn) == (12, 1, 0)
    assert d.precision == pytest.approx(12 / 13)
    assert d.recall == 1.0
    assert report.overall.precision == pytest.approx(25 / 26)
    assert article(report, A002).departures.spurious[0]["person"] == "Andrew Tulloch"


def test_optional_record_costs_nothing_but_only_once(preds: dict[str, dict[str, Any]]) -> None:
    preds[A000]["departures"].append(departure("tujuh pegawai OpenAI", "OpenAI", "Meta", count=7))
    report = run(preds)
    assert (report.departures.tp, report.departures.fp, report.departures.fn) == (12, 0, 0)
    assert len(article(report, A000).departures.optional) == 1

    # The same optional record cannot absorb a second prediction.
    preds[A000]["departures"].append(departure(None, "OpenAI", "Meta"))
    report = run(preds)
    assert (report.departures.tp, report.departures.fp, report.departures.fn) == (12, 1, 0)


def test_optional_named_departure(preds: dict[str, dict[str, Any]]) -> None:
    # 002's optional Mira Murati -> Thinking Machines Lab, predicted with the short alias.
    preds[A002]["departures"].append(departure("Murati", "OpenAI", "TML"))
    report = run(preds)
    assert report.departures.fp == 0
    assert article(report, A002).departures.optional[0].predicted["person"] == "Murati"


def test_missing_article_is_all_missed_and_unknown_article_unscored(
    preds: dict[str, dict[str, Any]],
) -> None:
    del preds[A004]
    preds[UNSEEN] = {"article": f"{UNSEEN}.txt", "departures": [departure("X", "Y", "Z")]}
    report = run(preds)
    assert report.unpredicted == [A004]
    assert report.unscored == [UNSEEN]
    assert (report.departures.tp, report.departures.fp, report.departures.fn) == (11, 0, 1)
    assert (report.quotes.tp, report.quotes.fn) == (7, 2)
    assert report.overall.recall == pytest.approx(22 / 25)
    assert not article(report, A004).predicted


def test_empty_predictions_score_zero() -> None:
    report = evaluate(GOLD_DIR, [])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 0, N_ALL)
    # 0/0 precision is defined as 0.0, not 1.0.
    assert (report.overall.precision, report.overall.recall, report.overall.f1) == (0.0, 0.0, 0.0)
    assert report.verbatim_quote_share is None
    assert report.fields["departure.status"].accuracy is None


def test_duplicate_article_rejected(preds: dict[str, dict[str, Any]]) -> None:
    with pytest.raises(InputError, match="two prediction entries"):
        evaluate(GOLD_DIR, [*preds.values(), preds[A000]])


# ---------------------------------------------------------------------------------------------
# matching rules
# ---------------------------------------------------------------------------------------------


def test_person_rule() -> None:
    assert names_match("Zhao", "Shengjia Zhao")
    assert names_match("Shengjia Zhao", "S. Zhao")  # equal last names
    assert names_match("shengjia ZHAO", "Shengjia Zhao")
    assert names_match("José Núñez", "Jose Nunez")  # accents ignored
    assert not names_match("Shengjia Wang", "Shengjia Zhao")
    assert not names_match(None, "Shengjia Zhao")
    assert not names_match("", "")


def test_person_rule_in_evaluation(preds: dict[str, dict[str, Any]]) -> None:
    preds[A000]["departures"][0]["person"] = "Zhao"
    preds[A004]["quotes"][0]["speaker"] = "Leike"
    report = run(preds)
    assert report.departures.tp == N_DEP and report.quotes.tp == N_QUO

    preds[A000]["departures"][0]["person"] = "Shengjia Wang"
    report = run(preds)
    assert (report.departures.tp, report.departures.fp, report.departures.fn) == (11, 1, 1)


def test_org_alias_rule() -> None:
    assert orgs_match("TML", "Thinking Machines Lab")
    assert orgs_match("Thinking Machines", "TML")
    assert orgs_match("Meta", "Superintelligence Lab")
    assert orgs_match("Meta Superintelligence Labs", "Superintelligence Labs")
    assert orgs_match("DeepMind", "Google DeepMind")
    assert orgs_match("openai", "OpenAI Inc.")  # containment, case-insensitive
    assert orgs_match("Thinking Machines Lab (TML)", "Thinking Machines Lab")
    assert orgs_match(None, None)
    assert not orgs_match("OpenAI", "Meta")
    assert not orgs_match("X", "xAI")  # whole words only
    assert not orgs_match(None, "Meta")
    assert not orgs_match("Meta", "")


def test_alias_orgs_in_evaluation(preds: dict[str, dict[str, Any]]) -> None:
    preds[A001]["departures"][3]["to_org"] = "DeepMind"  # gold: Google DeepMind
    for o in preds[A002]["offers"]:
        o["offerer"] = "Meta Superintelligence Labs"
    preds[A000]["departures"][1]["to_org"] = "Superintelligence Lab"
    report = run(preds)
    assert report.departures.tp == N_DEP and report.offers.tp == N_OFF


def test_gold_null_to_org_needs_null_prediction(preds: dict[str, dict[str, Any]]) -> None:
    preds[A001]["departures"][0]["to_org"] = "Thinking Machines Lab"  # gold: Mira Murati -> null
    report = run(preds)
    assert (report.departures.tp, report.departures.fp, report.departures.fn) == (11, 1, 1)
    # Found by person and from_org, wrong to_org: shows in the field accuracy.
    assert (report.fields["departure.to_org"].correct, report.fields["departure.to_org"].total) == (
        11,
        12,
    )


def test_gold_to_org_with_null_prediction_mismatches(preds: dict[str, dict[str, Any]]) -> None:
    preds[A000]["departures"][0]["to_org"] = None  # gold: Meta
    report = run(preds)
    assert (report.departures.tp, report.departures.fn) == (11, 1)


def test_describes_group() -> None:
    assert describes_group(None)
    assert describes_group("  ")
    assert describes_group("tujuh pegawai OpenAI")
    assert describes_group("770 karyawan")
    assert describes_group("Beberapa peneliti")
    assert describes_group("tim keselamatan")
    assert describes_group("Jan Leike", count=3)
    assert not describes_group("Tim Brooks")
    assert not describes_group("Jan Leike")


def test_group_departure_matching() -> None:
    gold = {
        "x.txt": {
            "article": "x.txt",
            "departures": [
                {
                    "person": None,
                    "from_org": "OpenAI",
                    "to_org": "Anthropic",
                    "status": "completed",
                },
                {"person": None, "from_org": "OpenAI", "to_org": None, "status": "completed"},
            ],
            "offers": [],
            "quotes": [],
        }
    }
    predictions = [
        {
            "article": "x",
            "departures": [
                departure("Tim Brooks", "OpenAI", "Anthropic"),  # a name, not a group
                departure("beberapa peneliti", "OpenAI", "Anthropic"),  # group: matches #1
                departure("tujuh staf", "OpenAI", "Meta"),  # group, wrong to_org
                departure(None, "OpenAI", None),  # empty person: matches #2
            ],
        }
    ]
    report = evaluate(gold, predictions)
    assert (report.departures.tp, report.departures.fp, report.departures.fn) == (2, 2, 0)
    matched = [p.predicted["person"] for p in report.articles[0].departures.matched]
    assert matched == ["beberapa peneliti", None]
    spurious = [p["person"] for p in report.articles[0].departures.spurious]
    assert spurious == ["Tim Brooks", "tujuh staf"]


def test_amount_tolerance() -> None:
    assert amounts_close(200_000_000, 203_000_000)  # 1.5%
    assert amounts_close(200_000_000, 204_000_000)  # exactly 2%: inclusive
    assert not amounts_close(200_000_000, 206_000_000)  # 3%
    assert amounts_close(None, None)
    assert not amounts_close(None, 1.0)


@pytest.mark.parametrize(
    ("factor", "tp"),
    [(1.015, N_OFF), (0.985, N_OFF), (1.03, N_OFF - 1), (0.97, N_OFF - 1)],
)
def test_amount_within_two_percent_in_evaluation(
    preds: dict[str, dict[str, Any]], factor: float, tp: int
) -> None:
    amount = preds[A002]["offers"][1]["amount"]  # gold: 200M-500M USD
    amount["min"] *= factor
    report = run(preds)
    assert report.offers.tp == tp
    assert report.offers.fp == N_OFF - tp


def test_amount_bounds_currency_and_absence(preds: dict[str, dict[str, Any]]) -> None:
    # Gold "hingga US$100 juta" has an open lower bound: a closed one does not match.
    preds[A000]["offers"][0]["amount"]["min"] = 0
    # Same numbers, other currency.
    preds[A002]["offers"][0]["amount"]["currency"] = "IDR"
    report = run(preds)
    assert (report.offers.tp, report.offers.fp, report.offers.fn) == (2, 2, 2)
    # Found by offerer, wrong amount: shows in the field accuracy.
    acc = report.fields["offer.amount"]
    assert (acc.correct, acc.total) == (2, 4)

    # Gold without amount needs a prediction without amount.
    gold = {"y": {"offers": [{"offerer": "Meta", "amount_min": None, "amount_max": None}]}}
    assert evaluate(gold, [{"article": "y", "offers": [offer("Meta", None, None)]}]).offers.tp == 1
    assert evaluate(gold, [{"article": "y", "offers": [offer("Meta", 1e6, 1e6)]}]).offers.tp == 0


def test_quote_overlap_and_paraphrase(preds: dict[str, dict[str, Any]]) -> None:
    original = preds[A004]["quotes"][1]["text"]
    paraphrase = (
        "Beberapa bulan terakhir ini tim saya seperti berlayar melawan angin, kami kekurangan "
        "komputasi dan penelitian penting ini makin sulit diselesaikan,"
    )
    g_share, p_share = quote_overlap(original, paraphrase)
    assert g_share < 0.8 and p_share < 0.8
    assert quote_overlap(original, original) == (1.0, 1.0)
    assert quote_overlap("a b c d e", "a b c d") == (0.8, 1.0)

    preds[A004]["quotes"][1]["text"] = paraphrase
    report = run(preds)
    assert (report.quotes.tp, report.quotes.fp, report.quotes.fn) == (8, 1, 1)

    # Dropping the trailing comma and quote marks keeps it a match.
    preds[A004]["quotes"][1]["text"] = "“" + original.rstrip(",") + "”"
    assert run(preds).quotes.tp == N_QUO


def test_quote_truncated_below_80_percent_fails(preds: dict[str, dict[str, Any]]) -> None:
    words = preds[A004]["quotes"][0]["text"].split()
    preds[A004]["quotes"][0]["text"] = " ".join(words[: len(words) // 2])
    assert run(preds).quotes.tp == N_QUO - 1


def test_quote_speaker_rule(preds: dict[str, dict[str, Any]]) -> None:
    # Anonymous gold: speaker not checked.
    preds[A001]["quotes"][0]["speaker"] = "sumber anonim"
    # Named gold: wrong speaker fails the match.
    preds[A002]["quotes"][0]["speaker"] = "Mark Zuckerberg"  # gold: Andy Stone
    report = run(preds)
    assert (report.quotes.tp, report.quotes.fp, report.quotes.fn) == (8, 1, 1)
    acc = report.fields["quote.speaker"]
    assert (acc.correct, acc.total) == (5, 6)


def test_pairs_one_to_one_in_order(preds: dict[str, dict[str, Any]]) -> None:
    # Two identical predictions for one gold quote: one tp, one fp.
    preds[A000]["quotes"].append(copy.deepcopy(preds[A000]["quotes"][0]))
    # Offers predicted in reverse order still pair by content.
    preds[A002]["offers"].reverse()
    report = run(preds)
    assert (report.quotes.tp, report.quotes.fp) == (N_QUO, 1)
    assert (report.offers.tp, report.offers.fp) == (N_OFF, 0)


def test_status_and_channel_accuracy(preds: dict[str, dict[str, Any]]) -> None:
    preds[A000]["departures"][2]["status"] = "announced"
    preds[A002]["offers"][0]["status"] = "offered"
    preds[A004]["quotes"][0]["channel"] = "Threads"  # gold: X
    preds[A000]["quotes"][0]["channel"] = "threads"  # case-insensitive
    report = run(preds)
    assert report.overall.f1 == 1.0  # fields outside the match do not affect matching
    f = report.fields
    assert (f["departure.status"].correct, f["departure.status"].total) == (11, 12)
    assert f["departure.status"].accuracy == pytest.approx(11 / 12)
    assert (f["offer.status"].correct, f["offer.status"].total) == (3, 4)
    assert (f["quote.channel"].correct, f["quote.channel"].total) == (1, 2)


# ---------------------------------------------------------------------------------------------
# traps
# ---------------------------------------------------------------------------------------------


def test_trap_violations_each_kind(preds: dict[str, dict[str, Any]]) -> None:
    preds[A000]["departures"].append(departure("Zuckerberg", "Meta", None))
    preds[A001]["offers"].append(offer("investor", 6_550_000_000, 6_550_000_000))  # within 2%
    preds[A002]["offers"].append(offer(None, 3_200_000, 3_200_000, "IDR"))
    preds[A002]["offers"].append(offer(None, 3_200_000, 3_200_000, "USD"))  # other currency
    preds[A004]["quotes"].append(quote("Jan Leike", "“Superalignment”"))
    report = run(preds)
    got = sorted((v.article, v.kind, str(v.trap)) for v in report.trap_violations)
    assert got == [
        (A000, "people_as_departed", "Mark Zuckerberg"),
        (A001, "offer_amounts_usd", "6600000000.0"),
        (A002, "offer_amounts_idr", "3200000.0"),
        (A004, "quote_texts", "Superalignment"),
    ]
    assert article(report, A004).trap_violations[0].record["text"] == "“Superalignment”"
    # The trap records are also plain false positives.
    assert report.overall.fp == 5


def test_trap_not_hit_by_far_amount_or_other_name(preds: dict[str, dict[str, Any]]) -> None:
    preds[A001]["offers"].append(offer("investor", 6_000_000_000, None))  # ~9% off
    preds[A000]["departures"].append(departure("Andrew Bosworth", "Meta", None))
    preds[A004]["quotes"].append(quote("Jan Leike", "Superalignment adalah tim saya"))
    assert run(preds).trap_violations == []


def test_unknown_must_not_key_rejected() -> None:
    gold = {"z": {"must_not": {"people_departed": ["A"]}}}
    with pytest.raises(InputError, match="unknown must_not"):
        evaluate(gold, [])


# ---------------------------------------------------------------------------------------------
# inputs and verbatim share
# ---------------------------------------------------------------------------------------------


def test_jsonl_path_input(preds: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    preds[A004]["departures"].pop()
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in preds.values()) + "\n\n", encoding="utf-8")
    report = evaluate(str(GOLD_DIR), str(path))
    assert (report.departures.tp, report.departures.fn) == (11, 1)


def test_verbatim_share(preds: dict[str, dict[str, Any]]) -> None:
    preds[A004]["quotes"][0]["text"] = preds[A004]["quotes"][0]["text"].upper()
    report = run(preds)
    assert report.verbatim_quote_share == pytest.approx(8 / 9)
    assert len(article(report, A004).non_verbatim_quotes) == 1
    # Gold given as a mapping: no article texts unless told where they are.
    gold = load_gold(GOLD_DIR)
    assert evaluate(gold, list(preds.values())).verbatim_quote_share is None
    with_dir = evaluate(gold, list(preds.values()), articles_dir=EXAMPLES / "articles")
    assert with_dir.verbatim_quote_share == pytest.approx(8 / 9)


def test_extraction_tuples(gold: dict[str, dict[str, Any]]) -> None:
    text = (EXAMPLES / "articles" / f"{A004}.txt").read_text(encoding="utf-8")
    span = Span(start=0, end=0, text="")
    g = gold[A004]
    extraction = Extraction(
        text=text,
        departures=[
            Departure(person="Jan Leike", from_org="OpenAI", status="completed", evidence=span)
        ],
        offers=[
            Offer(
                offerer="Meta",
                amount=Money(min=1e6, max=1e6, currency="USD", text="US$1 juta"),
                evidence=span,
            )
        ],
        quotes=[
            Quote(speaker="Jan Leike", text=g["quotes"][0]["text"], channel="X", evidence=span),
            Quote(speaker="Jan Leike", text="Kalimat yang tidak ada di artikel.", evidence=span),
        ],
        meta=ExtractionMeta(
            model="m", backend="local", mode="json", prompt_version="1", schema_version="1"
        ),
    )
    report = evaluate({A004: g}, [(f"{A004}.txt", extraction)])
    assert (report.departures.tp, report.departures.fp, report.departures.fn) == (1, 0, 0)
    assert (report.offers.tp, report.offers.fp) == (0, 1)
    assert (report.quotes.tp, report.quotes.fp, report.quotes.fn) == (1, 1, 1)
    # The Extraction's own text stands in for the article file.
    assert report.verbatim_quote_share == 0.5


# ---------------------------------------------------------------------------------------------
# reports
# ---------------------------------------------------------------------------------------------


def test_json_and_markdown_reports(preds: dict[str, dict[str, Any]]) -> None:
    preds[A004]["departures"].pop()
    preds[A000]["departures"][0]["status"] = "announced"
    report = run(preds)

    data = json.loads(report.to_json())
    assert data["departures"] == {
        "tp": 11,
        "fp": 0,
        "fn": 1,
        "precision": 1.0,
        "recall": pytest.approx(11 / 12),
        "f1": pytest.approx(22 / 23),
    }
    assert data["overall"]["recall"] == pytest.approx(24 / 25)
    assert data["fields"]["departure.status"] == {
        "correct": 10,
        "total": 11,
        "accuracy": pytest.approx(10 / 11),
    }
    assert data["verbatim_quote_share"] == 1.0
    missed = next(a for a in data["articles"] if a["article"] == A004)["departures"]["missed"]
    assert [m["person"] for m in missed] == ["Jan Leike"]
    assert EvalReport.model_validate(data) == report

    md = report.to_markdown()
    assert "| departures | 11 | 0 | 1 | 1.000 | 0.917 | 0.957 |" in md
    assert "| overall | 24 | 0 | 1 | 1.000 | 0.960 | 0.980 |" in md
    assert "| departure.status | 10 | 11 | 0.909 |" in md
    assert "Verbatim quote share: 1.000 (9/9)" in md
    assert "- missed departure: Jan Leike: OpenAI -> None" in md
