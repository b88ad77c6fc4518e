"""The packaged data files: each JSON file read once and validated into a typed structure.

One loader per file (``names()`` reads ``names_id.json``, ``titles()`` reads ``titles_id.json``
...). Keys starting with ``_`` are documentation and are dropped before validation; any other key
that is not declared here, or a value of the wrong type, is a
:class:`~talent_extract.exceptions.ConfigurationError` naming the file, so a typo in a data file
fails loudly at first use instead of silently matching nothing. The structures are the file's
content only: compiling patterns and word sets is left to the module that uses them.

User extension files (``$TALENT_EXTRACT_ORGS``, ``$TALENT_EXTRACT_PRICES``, extra boilerplate
rules) are read by the module they extend, which reports their errors itself.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from talent_extract.exceptions import ConfigurationError

__all__ = [
    "BoilerplateData",
    "CuesData",
    "CurrenciesData",
    "DatesData",
    "EvalAliasesData",
    "GateData",
    "LanguageData",
    "MoveGrammarData",
    "NamesData",
    "OrgsData",
    "PayGrammarData",
    "PricesData",
    "ProductsData",
    "QuotesData",
    "SentencesData",
    "TitlesData",
    "boilerplate",
    "cues",
    "currencies",
    "dates",
    "eval_aliases",
    "gate",
    "language",
    "move_grammar",
    "names",
    "orgs",
    "pay_grammar",
    "prices",
    "products",
    "quotes",
    "read",
    "sentences",
    "titles",
]

M = TypeVar("M", bound=BaseModel)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _undocumented(value: Any) -> Any:
    """``value`` without the ``_``-keys (documentation) of its objects, at any depth."""
    if isinstance(value, dict):
        return {k: _undocumented(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_undocumented(v) for v in value]
    return value


def read(filename: str, model: type[M]) -> M:
    """``data/<filename>`` validated as ``model`` (not cached: the loaders below are)."""
    try:
        raw = resources.files("talent_extract").joinpath("data", filename).read_text("utf-8")
        return model.model_validate(_undocumented(json.loads(raw)))
    except (OSError, ValueError, ValidationError) as exc:
        raise ConfigurationError(
            f"talent_extract data file {filename} is malformed: {exc}"
        ) from exc


# ----------------------------------------------------------------------------- sentences


class SentencesData(_File):
    """``sentences_id.json``: what ends a sentence (:mod:`talent_extract.text.sentences`)."""

    abbreviations: list[str]


@functools.cache
def sentences() -> SentencesData:
    """``data/sentences_id.json``, loaded once."""
    return read("sentences_id.json", SentencesData)


# ----------------------------------------------------------------------------- titles


class TitlesData(_File):
    """``titles_id.json``: job titles and honorifics (people finder and quote roles)."""

    job_titles: list[str]
    honorifics: list[str]
    modifiers: list[str]


@functools.cache
def titles() -> TitlesData:
    """``data/titles_id.json``, loaded once."""
    return read("titles_id.json", TitlesData)


# ----------------------------------------------------------------------------- names, orgs


class NamesData(_File):
    """``names_id.json``: the people finder's word lists (:mod:`talent_extract.find.people`)."""

    non_names: list[str]
    sentence_starters: list[str]
    products: list[str]
    org_words: list[str]
    places: list[str]
    particles: list[str]
    name_prefixes: list[str]
    function_words: list[str]
    related_link_prefixes: list[str]
    credit_labels: list[str]
    place_nouns: list[str]


@functools.cache
def names() -> NamesData:
    """``data/names_id.json``, loaded once."""
    return read("names_id.json", NamesData)


class OrgEntryData(_File):
    """One organisation of ``orgs.json``."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    units: dict[str, list[str]] = Field(default_factory=dict)
    parent: str | None = None


class OrgsData(_File):
    """``orgs.json``: the organisation table (:mod:`talent_extract.find.orgs`)."""

    prefixes: list[str]
    suffixes: list[str]
    generic: list[str]
    orgs: list[OrgEntryData]


@functools.cache
def orgs() -> OrgsData:
    """``data/orgs.json``, loaded once."""
    return read("orgs.json", OrgsData)


# ----------------------------------------------------------------------------- quotes


class ChannelData(_File):
    channel: str
    words: list[str]


class QuotesData(_File):
    """``quotes_id.json``: quote attribution's vocabulary (:mod:`talent_extract.find.quotes`)."""

    after_verbs: list[str]
    before_verbs: list[str]
    pronouns: list[str]
    anonymous_heads: list[str]
    indefinite_heads: list[str]
    appositive_markers: list[str]
    document_nouns: dict[str, str]
    indefinite_articles: list[str]
    demonstratives: list[str]
    channels: list[ChannelData]
    channel_prepositions: list[str]
    description_stops: list[str]
    connectors: list[str]
    shared_subject_words: list[str]
    prepositions: list[str]
    list_markers: list[str]
    list_joins: list[str]
    role_lead_words: list[str]
    naming_words: list[str]
    naming_verbs: list[str]
    imagined_frames: list[str]


@functools.cache
def quotes() -> QuotesData:
    """``data/quotes_id.json``, loaded once."""
    return read("quotes_id.json", QuotesData)


# ----------------------------------------------------------------------------- dates, money


class MonthData(_File):
    month: int = Field(ge=1, le=12)
    names: list[str]
    abbreviations: list[str]
    english: list[str] = Field(default_factory=list)


class WeekdayData(_File):
    weekday: int = Field(ge=0, le=6)
    names: list[str]
    english: list[str] = Field(default_factory=list)


class DatesData(_File):
    """``dates_id.json``: month and weekday names and the date-rule words."""

    months: list[MonthData]
    weekdays: list[WeekdayData]
    ambiguous_weekdays: list[str]
    number_words: dict[str, int]
    vague_quantifiers: list[str]
    times_of_day: list[str]
    week_words: list[str]
    future_words: list[str]
    weekday_triggers: list[str]
    year_triggers: list[str]
    count_nouns: list[str]
    publish_markers: list[str]
    update_markers: list[str]
    timezones: list[str]


@functools.cache
def dates() -> DatesData:
    """``data/dates_id.json``, loaded once."""
    return read("dates_id.json", DatesData)


class CurrencyData(_File):
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)


class CurrenciesData(_File):
    """``currencies.json``: currency markers by ISO 4217 code (:mod:`talent_extract.find.money`)."""

    currencies: dict[str, CurrencyData]


@functools.cache
def currencies() -> CurrenciesData:
    """``data/currencies.json``, loaded once."""
    return read("currencies.json", CurrenciesData)


# ----------------------------------------------------------------------------- candidates


class CuesData(_File):
    """``cues_id.json``: the cue vocabulary of :mod:`talent_extract.find.candidates`."""

    departure: list[str]
    group_nouns: list[str]
    compensation: list[str]
    investment: list[str]
    number_words: dict[str, int | None]
    leader_titles: list[str]
    head_titles: list[str]
    leaving: list[str]
    leaving_nouns: list[str]
    fired: list[str]
    joining: list[str]
    former: list[str]
    now: list[str]
    recruiting: list[str]
    refusal: list[str]
    pay: list[str]
    speech: list[str]
    speech_leads: list[str]
    sources: list[str]


@functools.cache
def cues() -> CuesData:
    """``data/cues_id.json``, loaded once."""
    return read("cues_id.json", CuesData)


class MoveGrammarData(_File):
    """``move_grammar_id.json``: how the two ends of a move are marked
    (:mod:`talent_extract.ground.move_grammar`)."""

    origin_marks: list[str]
    former_marks: list[str]
    destination_marks: list[str]
    passive_hired: list[str]
    to_verbs: list[str]
    hiring_verbs: list[str]
    successor_before: list[str]
    successor_after: list[str]
    firing_verbs: list[str]
    relative_marks: list[str]
    verb_fillers: list[str]
    group_quantifiers: list[str]
    group_leaving: list[str]
    threat_words: list[str]
    layoff_words: list[str]
    layoff_fillers: list[str]
    before_joining: list[str]
    group_shares: list[str]
    institution_words: list[str]
    going_phrases: list[str]
    telling_verbs: list[str]
    loss_words: list[str]
    group_hiring_verbs: list[str]
    attempt_words: list[str]
    quit_verbs: list[str]
    wave_nouns: list[str]
    possessed_leaving: list[str]
    possessive_pronouns: list[str]
    parent_descriptions: list[str]
    unit_words: list[str]
    member_marks: list[str]
    person_pronouns: list[str]
    owner_marks: list[str]
    addressee_marks: list[str]
    member_intros: list[str]
    leave_words: list[str]
    post_moves: list[str]
    company_nouns: list[str]
    demonstratives: list[str]
    not_in_description: list[str]
    possession_marks: list[str]
    tenure_after: list[str]
    tenure_units: list[str]
    tenure_verbs: list[str]
    tenure_at: list[str]
    besides_marks: list[str]
    founder_marks: list[str]
    org_introducers: list[str]
    org_title_introducers: list[str]
    return_marks: list[str]
    rehire_verbs: list[str]
    former_titles: list[str]
    present_marks: list[str]
    led_by: list[str]
    follow_verbs: list[str]
    event_counters: list[str]
    appointing_verbs: list[str]
    accepting_offers: list[str] = Field(default_factory=list)
    stay_words: list[str] = Field(default_factory=list)
    hired_group_modifiers: list[str] = Field(default_factory=list)


@functools.cache
def move_grammar() -> MoveGrammarData:
    """``data/move_grammar_id.json``, loaded once."""
    return read("move_grammar_id.json", MoveGrammarData)


class PayGrammarData(_File):
    """``pay_grammar_id.json``: how the one who pays is marked around their name
    (:mod:`talent_extract.ground.pay_grammar`)."""

    payer_after: list[str]
    paying_verbs: list[str]
    fillers: list[str]
    offer_nouns: list[str]
    join_marks: list[str]
    with_pay: list[str]
    paid_verbs: list[str]
    earning_verbs: list[str]
    restating_openers: list[str]
    pay_nouns: list[str]
    comparison_marks: list[str]
    average_marks: list[str]
    unpriced_offering: list[str]
    unpriced_pay: list[str]
    unpriced_negation: list[str]
    recipient_marks: list[str]
    not_payer_after: list[str]
    manner_marks: list[str]
    worth_verbs: list[str] = Field(default_factory=list)
    budget_marks: list[str] = Field(default_factory=list)
    retention_words: list[str] = Field(default_factory=list)


@functools.cache
def pay_grammar() -> PayGrammarData:
    """``data/pay_grammar_id.json``, loaded once."""
    return read("pay_grammar_id.json", PayGrammarData)


class GateData(_File):
    """``gate_id.json``: the relevance gate (:mod:`talent_extract.find.gate`)."""

    ai_terms: list[str]
    ai_orgs: list[str]
    weak_cues: list[str] = Field(default_factory=list)
    talent_nouns: list[str] = Field(default_factory=list)


@functools.cache
def gate() -> GateData:
    """``data/gate_id.json``, loaded once."""
    return read("gate_id.json", GateData)


class ProductsData(_File):
    """``products_id.json``: AI products and their makers (rule ``product_is_its_maker``)."""

    makers: dict[str, str]


@functools.cache
def products() -> ProductsData:
    """``data/products_id.json``, loaded once."""
    return read("products_id.json", ProductsData)


class HeadsData(_File):
    """``heads.json``: people who head a well-known organisation (the offerer of their offers)."""

    heads: dict[str, list[str]]


@functools.cache
def heads() -> HeadsData:
    """``data/heads.json``, loaded once."""
    return read("heads.json", HeadsData)


# ----------------------------------------------------------------------------- checks, cleaning


class LanguageData(_File):
    """``language_id.json``: the language check (:mod:`talent_extract.text.check`)."""

    threshold: float
    min_words: int
    min_letters: int
    non_latin_share: float
    function_words: list[str]


@functools.cache
def language() -> LanguageData:
    """``data/language_id.json``, loaded once."""
    return read("language_id.json", LanguageData)


class PrefixRuleData(_File):
    rule: str
    phrases: list[str]
    colon: Literal["required", "optional"] = "required"
    hard: bool = False


class PatternRuleData(_File):
    rule: str
    regex: str
    hard: bool = False


class EndMarkersData(_File):
    strong: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)


class BoilerplateData(_File):
    """``boilerplate_id.json`` (and user rule files of its shape): the cleaner's rules."""

    story_min_words: int = 12
    prefix_rules: list[PrefixRuleData] = Field(default_factory=list)
    patterns: list[PatternRuleData] = Field(default_factory=list)
    exact_lines: dict[str, list[str]] = Field(default_factory=dict)
    end_markers: EndMarkersData = Field(default_factory=EndMarkersData)
    nav_min_tokens: int = 8
    nav_min_hits: int = 4
    nav_min_ratio: float = 0.3
    section_names: list[str] = Field(default_factory=list)
    photo_agencies: list[str] = Field(default_factory=list)
    photo_credit_words: list[str] = Field(default_factory=list)
    caption_start_cues: list[str] = Field(default_factory=list)
    caption_position_cues: list[str] = Field(default_factory=list)
    dateline_patterns: list[str] = Field(default_factory=list)
    title_max_words: int = 25
    title_max_chars: int = 250


@functools.cache
def boilerplate() -> BoilerplateData:
    """``data/boilerplate_id.json``, loaded once."""
    return read("boilerplate_id.json", BoilerplateData)


# ----------------------------------------------------------------------------- review, batch


class EvalAliasesData(_File):
    """``eval_org_aliases.json``: organisation alias groups used only by evaluation."""

    description: str
    groups: list[list[str]]


@functools.cache
def eval_aliases() -> EvalAliasesData:
    """``data/eval_org_aliases.json``, loaded once."""
    return read("eval_org_aliases.json", EvalAliasesData)


class ModelPriceData(_File):
    input_per_mtok: float = Field(ge=0)
    output_per_mtok: float = Field(ge=0)
    # The OpenAI Batch API's prices (half the list price when written); absent: no batch price.
    batch_input_per_mtok: float | None = Field(default=None, ge=0)
    batch_output_per_mtok: float | None = Field(default=None, ge=0)


class PricesData(_File):
    """``prices.json``: dollars per million tokens by model (:mod:`talent_extract.batch.cost`)."""

    models: dict[str, ModelPriceData]


@functools.cache
def prices() -> PricesData:
    """``data/prices.json``, loaded once."""
    return read("prices.json", PricesData)
