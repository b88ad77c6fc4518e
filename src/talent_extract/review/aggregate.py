"""Across articles: one event per departure or offer, however many articles report it, and flows.

:func:`aggregate` merges the departures and offers of many results into :class:`Event` objects,
each with every :class:`EventSource` (article, record, evidence) that reports it.
:func:`flows` counts departure events per (from organisation, to organisation).

**Merge rule.** Records are taken in input order (article by article, departures then offers, in
each article's order); each record joins the *first* existing event of its kind that it is
compatible with, else starts a new one. A departure is compatible with an event when

* the person is the same: names compared by :func:`~talent_extract.text.normalise.name_key`
  (case, accents and punctuation ignored; "Sam Altman" ≠ "Altman"). A departure without a named
  person (an unnamed group) never merges;
* the organisations do not conflict: ``from_org`` equal or missing on one side, and the same for
  ``to_org``; organisations are compared by their canonical name (``data/orgs.json``: "Facebook"
  is Meta), and a generic one ("pesaing", "perusahaan lain") counts as missing;
* the dates are close: when both the record and a source of the event carry a ``date``, the two
  (as intervals: "2024" is the whole year, "2024-05" the month) are at most ``max_days`` apart
  (default :data:`DEFAULT_MAX_DAYS`) for every dated source of the event; a missing date is
  compatible with any. Publication dates are *not* compared for departures: the same move is
  reported for years.

An offer is compatible with an event when the recipient is the same person (or both are unnamed
and the amounts are both given and overlap), the offerer and the recipient's organisation do not
conflict (as above), the amounts do not conflict (same currency and overlapping ranges, or one
missing), and the articles' publication dates are at most ``max_days`` apart when both are known
(offers carry no date of their own).

The merged event takes each field from the first source that has it (so a later article can fill
in a destination the first did not name), its ``date`` is the most precise source date (the
earliest among equally precise ones), and its ``status`` the most definite one reported
(departures: completed, announced, threatened, reported; offers: accepted, rejected, offered,
denied, reported). Each source keeps its own status, date and evidence.

**Flows** count departure events, not records: a person reported by three articles counts once.
Events with status ``threatened`` are left out by default (nobody moved). A missing organisation
stays ``None`` (shown as "not stated"), so "who left OpenAI" includes moves to an unnamed
destination.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talent_extract.exceptions import InputError
from talent_extract.find.orgs import org_name
from talent_extract.records import Departure, Money, Offer, Span
from talent_extract.review.results import ResultItem, entries
from talent_extract.text.normalise import name_key

__all__ = [
    "DEFAULT_MAX_DAYS",
    "FLOW_STATUSES",
    "Event",
    "EventSource",
    "Events",
    "FlowRow",
    "Flows",
    "aggregate",
    "flows",
]

DEFAULT_MAX_DAYS = 30
"""Two dated reports of one person's move are the same event when at most this many days apart."""

FLOW_STATUSES: tuple[str, ...] = ("completed", "announced", "reported")
"""Departure statuses counted by :func:`flows` by default (``threatened`` is not a move)."""

_DEPARTURE_RANK = ("completed", "announced", "threatened", "reported")
_OFFER_RANK = ("accepted", "rejected", "offered", "denied", "reported")
_RESOLUTION_RANK = {"day": 0, "month": 1, "year": 2}


class EventSource(BaseModel):
    """One record that reports an event: which article, which record, and its evidence."""

    model_config = ConfigDict(extra="forbid")

    article: str = Field(description="The article's label (its id) in the results.")
    record: str = Field(description="'dep-N' or 'off-N': the record's index in that article.")
    status: str
    date: str | None = Field(default=None, description="The record's own date, if any.")
    published: dt.date | None = Field(default=None, description="The article's date.")
    evidence: Span


class Event(BaseModel):
    """A departure or an offer, merged over every article that reports it (module docstring)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="'D1', 'D2'... for departures, 'O1'... for offers.")
    kind: Literal["departure", "offer"]
    person: str | None = Field(
        default=None, description="Departure: who left. Offer: the recipient."
    )
    count: int | None = Field(default=None, description="Size of an unnamed group.")
    from_org: str | None = None
    to_org: str | None = None
    role_before: str | None = None
    role_after: str | None = None
    offerer: str | None = None
    recipient_org: str | None = None
    amount: Money | None = None
    period: str | None = None
    status: str
    date: str | None = Field(default=None, description="ISO date, YYYY-MM-DD, YYYY-MM or YYYY.")
    date_resolution: Literal["day", "month", "year"] | None = None
    first_reported: dt.date | None = Field(
        default=None, description="The earliest publication date among the sources."
    )
    sources: list[EventSource]

    @property
    def articles(self) -> list[str]:
        """The distinct articles reporting this event, in order."""
        return list(dict.fromkeys(s.article for s in self.sources))


class FlowRow(BaseModel):
    """Departure events from one organisation to another."""

    model_config = ConfigDict(extra="forbid")

    from_org: str | None
    to_org: str | None
    count: int = Field(description="Departure events (a named person or an unnamed group each).")
    people: list[str] = Field(description="The named people, sorted.")
    unnamed: int = Field(default=0, description="How many of the events are unnamed groups.")
    articles: list[str] = Field(description="Articles reporting these moves.")


_EVENT_COLUMNS = (
    "id",
    "kind",
    "person",
    "count",
    "from_org",
    "to_org",
    "role_before",
    "role_after",
    "offerer",
    "recipient_org",
    "amount_min",
    "amount_max",
    "currency",
    "period",
    "status",
    "date",
    "first_reported",
    "sources",
    "articles",
)
_FLOW_COLUMNS = ("from_org", "to_org", "count", "people", "unnamed", "articles")
# The event columns taken from the model as they are; the others are derived in Events.rows.
_DUMPED = set(_EVENT_COLUMNS) - {"amount_min", "amount_max", "currency", "sources", "articles"}


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise ImportError("to_pandas needs pandas: pip install pandas") from None


class Events(list[Event]):
    """The list :func:`aggregate` returns: a table in a notebook, a DataFrame on request."""

    def rows(self) -> list[dict[str, object]]:
        """One flat dict per event (columns of :meth:`to_pandas`); articles joined by '; '."""
        out: list[dict[str, object]] = []
        for e in self:
            out.append(
                {
                    **e.model_dump(include=_DUMPED),
                    "amount_min": e.amount.min if e.amount else None,
                    "amount_max": e.amount.max if e.amount else None,
                    "currency": e.amount.currency if e.amount else None,
                    "sources": len(e.sources),
                    "articles": "; ".join(e.articles),
                }
            )
        return [{c: r[c] for c in _EVENT_COLUMNS} for r in out]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per event (needs pandas)."""
        return _pandas().DataFrame.from_records(self.rows(), columns=list(_EVENT_COLUMNS))

    def __repr__(self) -> str:
        # The default would print every source's evidence.
        deps = sum(1 for e in self if e.kind == "departure")
        return f"Events({len(self)} events: {deps} departures, {len(self) - deps} offers)"


class Flows(list[FlowRow]):
    """The list :func:`flows` returns: exports to CSV and pandas, a table in a notebook."""

    def rows(self) -> list[dict[str, object]]:
        """One flat dict per flow; ``people`` and ``articles`` joined by '; '."""
        return [
            {
                "from_org": r.from_org,
                "to_org": r.to_org,
                "count": r.count,
                "people": "; ".join(r.people),
                "unnamed": r.unnamed,
                "articles": "; ".join(r.articles),
            }
            for r in self
        ]

    def to_csv(self, path: str | Path) -> Path:
        """Write the flows as CSV (UTF-8, header ``from_org,to_org,count,people,unnamed,articles``;
        a missing organisation is an empty cell)."""
        target = Path(path)
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(_FLOW_COLUMNS))
            writer.writeheader()
            writer.writerows(self.rows())
        return target

    def to_pandas(self) -> Any:
        """A DataFrame with one row per flow (needs pandas)."""
        return _pandas().DataFrame.from_records(self.rows(), columns=list(_FLOW_COLUMNS))


# ---------------------------------------------------------------------------------- dates


def date_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    """``"2024"`` → the whole year, ``"2024-05"`` the month, ``"2024-05-20"`` the day; None for
    a missing or unreadable date."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        if len(parts) == 3:
            day = dt.date(parts[0], parts[1], parts[2])
            return day, day
    except ValueError:
        return None
    return None


def _gap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


# ---------------------------------------------------------------------------------- merging


def _key(org: str | None) -> str | None:
    return org.casefold() if org else None


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _amount_range(money: Money | None) -> tuple[float, float, str | None] | None:
    if money is None or (money.min is None and money.max is None):
        return None
    lo = money.min if money.min is not None else float("-inf")
    hi = money.max if money.max is not None else float("inf")
    return lo, hi, money.currency


def _amounts_overlap(a: Money | None, b: Money | None) -> bool:
    ra, rb = _amount_range(a), _amount_range(b)
    if ra is None or rb is None:
        return False
    return ra[2] == rb[2] and ra[0] <= rb[1] and rb[0] <= ra[1]


def _amounts_compatible(a: Money | None, b: Money | None) -> bool:
    if _amount_range(a) is None or _amount_range(b) is None:
        return True
    return _amounts_overlap(a, b)


@dataclass
class _Draft:
    """An event being built, with the comparison keys of what has joined it."""

    kind: Literal["departure", "offer"]
    person_key: str | None
    fields: dict[str, Any]
    org_keys: dict[str, str | None]
    dates: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    published: list[dt.date] = field(default_factory=list)
    sources: list[EventSource] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    source_dates: list[tuple[str, str | None]] = field(default_factory=list)

    def dates_close(self, interval: tuple[dt.date, dt.date] | None, max_days: int) -> bool:
        return interval is None or all(_gap_days(interval, d) <= max_days for d in self.dates)

    def published_close(self, day: dt.date | None, max_days: int) -> bool:
        return day is None or all(abs((day - p).days) <= max_days for p in self.published)

    def orgs_compatible(self, keys: dict[str, str | None]) -> bool:
        return all(_compatible(self.org_keys[k], v) for k, v in keys.items())

    def add(
        self,
        source: EventSource,
        values: dict[str, Any],
        keys: dict[str, str | None],
        resolution: str | None,
    ) -> None:
        for name, value in values.items():
            if self.fields.get(name) is None and value is not None:
                self.fields[name] = value
        for name, key in keys.items():
            if self.org_keys[name] is None:
                self.org_keys[name] = key
        interval = date_interval(source.date)
        if interval is not None:
            self.dates.append(interval)
            self.source_dates.append((source.date or "", resolution))
        if source.published is not None:
            self.published.append(source.published)
        self.statuses.append(source.status)
        self.sources.append(source)


def _departure_values(d: Departure) -> tuple[dict[str, Any], dict[str, str | None]]:
    from_org, to_org = org_name(d.from_org), org_name(d.to_org)
    values = {
        "person": d.person,
        "count": d.count,
        "from_org": from_org,
        "to_org": to_org,
        "role_before": d.role_before,
        "role_after": d.role_after,
    }
    return values, {"from_org": _key(from_org), "to_org": _key(to_org)}


def _offer_values(o: Offer) -> tuple[dict[str, Any], dict[str, str | None]]:
    offerer, recipient_org = org_name(o.offerer), org_name(o.recipient_org)
    values = {
        "person": o.recipient,
        "offerer": offerer,
        "recipient_org": recipient_org,
        "amount": o.amount,
        "period": o.period,
    }
    return values, {"offerer": _key(offerer), "recipient_org": _key(recipient_org)}


def _person_key(name: str | None) -> str | None:
    key = name_key(name) if name else ""
    return key or None


def aggregate(results: Iterable[ResultItem], *, max_days: int = DEFAULT_MAX_DAYS) -> Events:
    """Merge the departures and offers of ``results`` into events (rule: module docstring).

    ``results`` are :class:`~talent_extract.Extraction` or :class:`~talent_extract.BatchResult`
    objects (failures are skipped). Departure events come first (``D1``, ``D2``...), then offers
    (``O1``...), each in order of first report.
    """
    if max_days < 0:
        raise InputError("max_days must be >= 0")
    departures: list[_Draft] = []
    offers: list[_Draft] = []
    for entry in entries(results):
        ex = entry.extraction
        if ex is None:
            continue
        for i, d in enumerate(ex.departures):
            values, keys = _departure_values(d)
            source = EventSource(
                article=entry.label,
                record=f"dep-{i}",
                status=d.status,
                date=d.date,
                published=ex.published,
                evidence=d.evidence,
            )
            person = _person_key(d.person)
            interval = date_interval(d.date)
            target = None
            if person is not None:
                target = next(
                    (
                        e
                        for e in departures
                        if e.person_key == person
                        and e.orgs_compatible(keys)
                        and e.dates_close(interval, max_days)
                    ),
                    None,
                )
            if target is None:
                target = _Draft("departure", person, {}, {"from_org": None, "to_org": None})
                departures.append(target)
            target.add(source, values, keys, d.date_resolution)
        for i, o in enumerate(ex.offers):
            values, keys = _offer_values(o)
            source = EventSource(
                article=entry.label,
                record=f"off-{i}",
                status=o.status,
                published=ex.published,
                evidence=o.evidence,
            )
            person = _person_key(o.recipient)
            target = next(
                (
                    e
                    for e in offers
                    if _offer_matches(e, person, o.amount, keys)
                    and e.published_close(ex.published, max_days)
                ),
                None,
            )
            if target is None:
                target = _Draft("offer", person, {}, {"offerer": None, "recipient_org": None})
                offers.append(target)
            target.add(source, values, keys, None)
    out = Events()
    out.extend(_finish(d, f"D{n}", _DEPARTURE_RANK) for n, d in enumerate(departures, 1))
    out.extend(_finish(o, f"O{n}", _OFFER_RANK) for n, o in enumerate(offers, 1))
    return out


def _offer_matches(
    draft: _Draft, person: str | None, amount: Money | None, keys: dict[str, str | None]
) -> bool:
    if draft.person_key != person or not draft.orgs_compatible(keys):
        return False
    first = draft.fields.get("amount")
    if person is None:  # unnamed recipients: only the same stated amount makes them one offer
        return _amounts_overlap(first, amount)
    return _amounts_compatible(first, amount)


def _finish(draft: _Draft, ident: str, rank: Sequence[str]) -> Event:
    status = min(draft.statuses, key=lambda s: rank.index(s) if s in rank else len(rank))
    date = resolution = None
    if draft.source_dates:
        date, resolution = min(
            draft.source_dates,
            key=lambda d: (_RESOLUTION_RANK.get(d[1] or "", 3), d[0]),
        )
        if resolution is None:
            resolution = {1: "year", 2: "month", 3: "day"}.get(len(date.split("-")))
    return Event(
        id=ident,
        kind=draft.kind,
        status=status,
        date=date,
        date_resolution=resolution,
        first_reported=min(draft.published) if draft.published else None,
        sources=draft.sources,
        **draft.fields,
    )


def flows(
    items: Iterable[ResultItem] | Iterable[Event],
    *,
    statuses: Sequence[str] = FLOW_STATUSES,
    max_days: int = DEFAULT_MAX_DAYS,
) -> Flows:
    """Departure events per (from_org, to_org): count, the people, the unnamed groups, articles.

    ``items`` are results (aggregated first with ``max_days``) or the events of
    :func:`aggregate`. Only events whose status is in ``statuses`` count. Rows are sorted by
    count (largest first), then by organisation names.
    """
    listed = list(items)
    events = (
        [e for e in listed if isinstance(e, Event)]
        if listed and all(isinstance(e, Event) for e in listed)
        else aggregate(listed, max_days=max_days)  # type: ignore[arg-type]
    )
    groups: dict[tuple[str | None, str | None], list[Event]] = {}
    for event in events:
        if event.kind == "departure" and event.status in statuses:
            groups.setdefault((event.from_org, event.to_org), []).append(event)
    out = Flows()
    for (from_org, to_org), group in groups.items():
        people = sorted({e.person for e in group if e.person})
        articles = list(dict.fromkeys(a for e in group for a in e.articles))
        out.append(
            FlowRow(
                from_org=from_org,
                to_org=to_org,
                count=len(group),
                people=people,
                unnamed=sum(1 for e in group if not e.person),
                articles=articles,
            )
        )
    out.sort(key=lambda r: (-r.count, r.from_org or "\uffff", r.to_org or "\uffff"))
    return out
