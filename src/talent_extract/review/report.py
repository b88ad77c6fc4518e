"""HTML for reviewing extractions: one article in a notebook, or a self-contained report file.

Everything that comes from an article or from the model (text, names, organisations, amounts,
labels, failure messages) enters the HTML through :func:`html.escape` only; chart data goes
through plotly's JSON encoder, which escapes ``<``, ``>`` and ``/``. A ``<script>`` in an article
is therefore shown as text and never runs.

Highlighting: every record's evidence becomes exactly one ``<mark data-record="ID">`` element.
Spans nest when one contains another (a quote inside a departure sentence; several departures
citing the same sentence). When two spans cross, the one still open is closed at the crossing
and continued by a ``<mark data-cont="ID">`` element, so the HTML stays well-formed and the
count of ``mark[data-record]`` still equals the number of records.

The report (:func:`report_html`) has, per article, the highlighted text beside tables of its
departures, offers and quotes (hover or click a row or a highlight to see the other), and across
articles the talent flows (a Sankey chart and a table), a timeline of dated events and the merged
events (:mod:`talent_extract.review.aggregate`), with filters by organisation and record type in
plain
inline JavaScript. Charts use plotly when it is installed (the ``report`` extra), with
``plotly.js`` embedded in the file, so the file opens offline and references no external
resource; without plotly the report has the same tables and no charts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from talent_extract.find.names import canonical_org, find_orgs
from talent_extract.records import Departure, Extraction, Money, Offer, Quote
from talent_extract.review.aggregate import (
    DEFAULT_MAX_DAYS,
    Event,
    FlowRow,
    aggregate,
    date_interval,
    flows,
)
from talent_extract.review.results import Entry, ResultItem, entries

if TYPE_CHECKING:
    from talent_extract.batch.runner import BatchResult

__all__ = [
    "extraction_html",
    "report_html",
    "results_table_html",
    "write_report",
]

Kind = Literal["departure", "offer", "quote"]
_KINDS: tuple[Kind, ...] = ("departure", "offer", "quote")
_PREFIX: dict[Kind, str] = {"departure": "dep", "offer": "off", "quote": "quo"}
_PLURAL: dict[Kind, str] = {"departure": "departures", "offer": "offers", "quote": "quotes"}
NOT_STATED = "not stated"
PLOTLY_HINT = "pip install 'talent_extract[report]'"


def _e(value: object) -> str:
    """Escape anything for HTML text or a double-quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


# ---------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class _Rec:
    """One record prepared for display."""

    id: str  # unique in the page, e.g. "a0-dep-3"
    kind: Kind
    start: int
    end: int
    located: bool  # evidence.text is at its offsets in the text
    summary: str  # plain text, for a tooltip
    orgs: tuple[str, ...]  # canonical organisation keys (casefolded)
    order: int
    index: int  # position in the extraction's list of this kind


def _org_name(name: str | None) -> str | None:
    if not name or not name.strip():
        return None
    ref = canonical_org(name)
    return ref.org if ref else None


def _org_keys(*names: str | None) -> tuple[str, ...]:
    out = []
    for name in names:
        org = _org_name(name)
        if org:
            out.append(org.casefold())
    return tuple(dict.fromkeys(out))


def _quote_orgs(q: Quote) -> tuple[str, ...]:
    found = [m.org for field in (q.speaker_role, q.speaker) if field for m in find_orgs(field)]
    return tuple(dict.fromkeys(o.casefold() for o in found))


def format_money(money: Money | None) -> str:
    """``"US$ up to 100,000,000"``-style plain text for an amount (empty for None)."""
    if money is None:
        return ""
    cur = money.currency or ""

    def num(x: float) -> str:
        return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"

    if money.min is not None and money.max is not None:
        core = num(money.min) if money.min == money.max else f"{num(money.min)}–{num(money.max)}"
    elif money.max is not None:
        core = f"up to {num(money.max)}"
    elif money.min is not None:
        core = f"over {num(money.min)}"
    else:
        core = money.text
    text = f"{'~' if money.approximate else ''}{core} {cur}".strip()
    return text


def _person(d: Departure) -> str:
    if d.person:
        return d.person
    return f"group of {d.count}" if d.count else "unnamed group"


def _arrow(a: str | None, b: str | None) -> str:
    return f"{a or NOT_STATED} → {b or NOT_STATED}"


def _records(ex: Extraction, prefix: str) -> list[_Rec]:
    text = ex.text
    out: list[_Rec] = []
    order = 0

    def add(kind: Kind, i: int, record: Departure | Offer | Quote, summary: str, orgs: Any) -> None:
        nonlocal order
        ev = record.evidence
        located = text[ev.start : ev.end] == ev.text
        rid = f"{prefix}{_PREFIX[kind]}-{i}"
        out.append(_Rec(rid, kind, ev.start, ev.end, located, summary, orgs, order, i))
        order += 1

    for i, d in enumerate(ex.departures):
        s = f"Departure: {_person(d)}, {_arrow(d.from_org, d.to_org)} ({d.status})"
        add("departure", i, d, s, _org_keys(d.from_org, d.to_org))
    for i, o in enumerate(ex.offers):
        s = f"Offer: {o.offerer or '?'} to {o.recipient or o.recipient_org or '?'}"
        if o.amount:
            s += f", {format_money(o.amount)}"
        add("offer", i, o, s + f" ({o.status})", _org_keys(o.offerer, o.recipient_org))
    for i, q in enumerate(ex.quotes):
        add("quote", i, q, f"Quote: {q.speaker or 'unknown speaker'}", _quote_orgs(q))
    return out


# ---------------------------------------------------------------------------------- highlighting


def _open(rec: _Rec, *, cont: bool) -> str:
    attr = "data-cont" if cont else "data-record"
    cls = f"te-m te-{rec.kind}" + (" te-cont" if cont else "")
    return (
        f'<mark class="{cls}" {attr}="{_e(rec.id)}" data-type="{rec.kind}" '
        f'title="{_e(rec.summary)}">'
    )


def highlight(text: str, recs: Sequence[_Rec]) -> str:
    """``text`` escaped, with one ``<mark data-record>`` per located record (module docstring)."""
    marks = sorted((r for r in recs if r.located), key=lambda r: (r.start, -r.end, r.order))
    starts: dict[int, list[_Rec]] = {}
    for r in marks:
        starts.setdefault(r.start, []).append(r)
    bounds = sorted({0, len(text)} | {r.start for r in marks} | {r.end for r in marks})
    out: list[str] = []
    stack: list[_Rec] = []
    pos = 0
    for p in bounds:
        out.append(_e(text[pos:p]))
        pos = p
        ending = [i for i, r in enumerate(stack) if r.end == p]
        if ending:
            # Close down to the outermost mark that ends here; reopen the others as continuations.
            cut = ending[0]
            reopen = [r for r in stack[cut:] if r.end != p]
            out.append("</mark>" * (len(stack) - cut))
            del stack[cut:]
            for r in reopen:
                out.append(_open(r, cont=True))
                stack.append(r)
        for r in starts.get(p, []):
            out.append(_open(r, cont=False))
            if r.end == r.start:
                out.append("</mark>")
            else:
                stack.append(r)
    out.append(_e(text[pos:]))
    out.append("</mark>" * len(stack))
    return "".join(out)


# ---------------------------------------------------------------------------------- tables


def _row(rec: _Rec, cells: Sequence[str], *, anchor: bool) -> str:
    ident = f' id="row-{_e(rec.id)}"' if anchor else ""
    warn = (
        ""
        if rec.located
        else ' <span class="te-warn" title="evidence is not at its offsets">not located</span>'
    )
    tds = "".join(f"<td>{c}</td>" for c in cells)
    return (
        f'<tr{ident} tabindex="0" class="te-rec te-{rec.kind}" data-record="{_e(rec.id)}" '
        f'data-type="{rec.kind}" data-orgs="|{_e("|".join(rec.orgs))}|">'
        f'<td class="te-key"><span class="te-dot te-{rec.kind}"></span>'
        f"{_PREFIX[rec.kind]}&nbsp;{rec.index}{warn}</td>{tds}</tr>"
    )


def _table(kind: Kind, headers: Sequence[str], rows: Sequence[str]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{_e(h)}</th>" for h in ("#", *headers))
    return (
        f'<div class="te-block" data-block="{kind}"><h4>{_e(_PLURAL[kind].capitalize())} '
        f'<span class="te-n">{len(rows)}</span></h4>'
        f'<table class="te-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
        "</tbody></table></div>"
    )


def _opt(value: str | None, *, faint: str = "") -> str:
    if value:
        return _e(value)
    return f'<span class="te-faint">{_e(faint)}</span>' if faint else ""


def _record_tables(ex: Extraction, recs: Sequence[_Rec], *, anchor: bool) -> str:
    by_kind = {(r.kind, r.index): r for r in recs}

    def rec(kind: Kind, i: int) -> _Rec:
        return by_kind[kind, i]

    dep_rows = []
    for i, d in enumerate(ex.departures):
        who = _e(d.person) if d.person else f'<span class="te-faint">{_e(_person(d))}</span>'
        role = " / ".join(r for r in (d.role_before, d.role_after) if r)
        cells = [
            who,
            f"{_opt(d.from_org, faint='?')} → {_opt(d.to_org, faint=NOT_STATED)}",
            _opt(role),
            f'<span class="te-status">{_e(d.status)}</span>',
            _opt(d.date),
        ]
        dep_rows.append(_row(rec("departure", i), cells, anchor=anchor))
    off_rows = []
    for i, o in enumerate(ex.offers):
        to = o.recipient or ""
        if o.recipient_org:
            to = f"{to} ({o.recipient_org})" if to else o.recipient_org
        cells = [
            _opt(o.offerer, faint="?"),
            _opt(to, faint="?"),
            _e(format_money(o.amount)) or '<span class="te-faint">no amount</span>',
            _opt(o.period),
            f'<span class="te-status">{_e(o.status)}</span>',
        ]
        off_rows.append(_row(rec("offer", i), cells, anchor=anchor))
    quo_rows = []
    for i, q in enumerate(ex.quotes):
        who = _opt(q.speaker, faint="unknown")
        if q.anonymous:
            who += ' <span class="te-tag">anonymous</span>'
        if q.speaker_role:
            who += f'<div class="te-faint">{_e(q.speaker_role)}</div>'
        short = q.text if len(q.text) <= 140 else q.text[:137].rstrip() + "…"
        cells = [who, f'<span class="te-qtext">“{_e(short)}”</span>', _opt(q.channel)]
        quo_rows.append(_row(rec("quote", i), cells, anchor=anchor))
    return (
        _table("departure", ("person", "from → to", "role", "status", "date"), dep_rows)
        + _table("offer", ("offerer", "to", "amount", "period", "status"), off_rows)
        + _table("quote", ("speaker", "quote", "channel"), quo_rows)
    )


# ---------------------------------------------------------------------------------- one article


def _counts(ex: Extraction) -> str:
    numbers: tuple[tuple[Kind, int], ...] = (
        ("departure", len(ex.departures)),
        ("offer", len(ex.offers)),
        ("quote", len(ex.quotes)),
    )
    parts = [
        f'<span class="te-pill te-{k}">{n} {_e(_PLURAL[k] if n != 1 else k)}</span>'
        for k, n in numbers
    ]
    return " ".join(parts)


def _article_body(ex: Extraction, prefix: str, *, anchor: bool) -> str:
    recs = _records(ex, prefix)
    tables = _record_tables(ex, recs, anchor=anchor)
    if not tables:
        tables = '<p class="te-faint">No records in this article.</p>'
    return (
        '<div class="te-cols">'
        f'<div class="te-text">{highlight(ex.text, recs)}</div>'
        f'<div class="te-side">{tables}</div>'
        "</div>"
    )


def _hover_css(scope: str, recs: Sequence[_Rec]) -> str:
    """Per-record rules so hovering or focusing a row (or a highlight) shows the other, with CSS
    only: notebook viewers often do not run scripts."""
    rules = []
    for r in recs:
        rid = r.id
        rules.append(
            f'#{scope}:has(tr[data-record="{rid}"]:is(:hover,:focus)) '
            f':is(mark[data-record="{rid}"],mark[data-cont="{rid}"]),'
            f'#{scope}:has(mark[data-record="{rid}"]:hover) tr[data-record="{rid}"]'
            "{outline:2px solid #111;background-color:var(--te-strong)}"
        )
    return "\n".join(rules)


def extraction_html(ex: Extraction) -> str:
    """One extraction as an HTML fragment for a notebook (:meth:`Extraction._repr_html_`)."""
    digest = hashlib.sha256(ex.model_dump_json().encode("utf-8")).hexdigest()[:10]
    scope = f"te-{digest}"
    recs = _records(ex, "")
    meta = ex.meta
    head = (
        f'<div class="te-head"><b>{_e(ex.article_id or "Extraction")}</b> {_counts(ex)}'
        f'<span class="te-faint"> · {_e(meta.model)} · {meta.calls} calls · '
        f"{meta.usage.total_tokens} tokens"
        + (f" · published {_e(ex.published.isoformat())}" if ex.published else "")
        + "</span></div>"
    )
    dropped = ""
    if meta.dropped:
        items = "".join(
            f"<li>{_e(d.kind)}: {_e(d.value)} — <i>{_e(d.reason)}</i></li>" for d in meta.dropped
        )
        dropped = (
            f'<details class="te-dropped"><summary>{len(meta.dropped)} dropped by grounding'
            f"</summary><ul>{items}</ul></details>"
        )
    return (
        f'<div class="te" id="{scope}"><style>{_CSS}\n{_hover_css(scope, recs)}</style>'
        f"{head}{_article_body(ex, '', anchor=False)}{dropped}</div>"
    )


def batch_result_html(result: BatchResult) -> str:
    """A :class:`~talent_extract.BatchResult` in a notebook: its extraction, or its failure."""
    if result.extraction is not None:
        return extraction_html(result.extraction)
    failure = result.failure
    assert failure is not None
    return (
        f'<div class="te"><style>{_CSS}</style><div class="te-head"><b>'
        f"{_e(result.article_id or result.text_hash[:16])}</b> "
        f'<span class="te-pill te-fail">failed</span></div>'
        f"<p><b>{_e(failure.type)}</b>: {_e(failure.message)}</p></div>"
    )


# ---------------------------------------------------------------------------------- lists


def results_table_html(results: Iterable[ResultItem]) -> str:
    """A compact table, one row per result (:meth:`Results._repr_html_`)."""
    rows = []
    totals = [0, 0, 0]
    items = entries(results)
    for n in items:
        ex = n.extraction
        if ex is None:
            failure = n.failure
            assert failure is not None
            rows.append(
                f"<tr><td>{n.index}</td><td>{_e(n.label)}</td>"
                f'<td><span class="te-pill te-fail">{_e(failure.type)}</span></td>'
                f'<td colspan="5">{_e(failure.message)}</td></tr>'
            )
            continue
        counts = (len(ex.departures), len(ex.offers), len(ex.quotes))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        people = list(dict.fromkeys(d.person for d in ex.departures if d.person))
        shown = ", ".join(people[:4]) + (f" +{len(people) - 4}" if len(people) > 4 else "")
        status = "cached" if n.cached else "ok"
        rows.append(
            f"<tr><td>{n.index}</td><td>{_e(n.label)}</td>"
            f'<td><span class="te-pill te-ok">{status}</span></td>'
            + "".join(f'<td class="te-num">{c}</td>' for c in counts)
            + f"<td>{_e(shown)}</td><td>{_e(ex.meta.model)}</td></tr>"
        )
    failed = sum(1 for n in items if n.extraction is None)
    caption = (
        f"{len(items)} articles, {failed} failed · {totals[0]} departures, {totals[1]} offers, "
        f"{totals[2]} quotes"
    )
    return (
        f'<div class="te"><style>{_CSS}</style><table class="te-table te-list">'
        f"<caption>{_e(caption)}</caption><thead><tr><th>#</th><th>article</th><th>status</th>"
        "<th>departures</th><th>offers</th><th>quotes</th><th>people who left</th><th>model</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _sources_html(event: Event, anchors: dict[str, str] | None) -> str:
    links = []
    for s in event.sources:
        label = f"{s.article} · {s.record}"
        target = anchors.get(s.article) if anchors else None
        if target is not None:
            href = f"#row-{target}{s.record}"
            links.append(f'<a class="te-src" href="{_e(href)}">{_e(label)}</a>')
        else:
            links.append(f'<span class="te-src">{_e(label)}</span>')
    return " ".join(links)


def _event_orgs(event: Event) -> str:
    keys = [o.casefold() for o in (event.from_org, event.to_org, event.offerer) if o]
    keys += [event.recipient_org.casefold()] if event.recipient_org else []
    return "|" + "|".join(dict.fromkeys(keys)) + "|"


def _event_rows(events: Sequence[Event], anchors: dict[str, str] | None) -> list[str]:
    rows = []
    for ev in events:
        if ev.kind == "departure":
            who = ev.person or (f"group of {ev.count}" if ev.count else "unnamed group")
            what = _e(_arrow(ev.from_org, ev.to_org))
        else:
            who = ev.person or ev.recipient_org or "?"
            what = _e(f"{ev.offerer or '?'} offers {format_money(ev.amount) or 'no amount'}")
            if ev.period:
                what += f" <span class='te-faint'>{_e(ev.period)}</span>"
        date = ev.date or (f"reported {ev.first_reported.isoformat()}" if ev.first_reported else "")
        n_art = len(ev.articles)
        rows.append(
            f'<tr class="te-ev" data-type="{ev.kind}" data-orgs="{_e(_event_orgs(ev))}">'
            f'<td class="te-key"><span class="te-dot te-{ev.kind}"></span>{_e(ev.id)}</td>'
            f"<td>{_e(who)}</td><td>{what}</td>"
            f'<td><span class="te-status">{_e(ev.status)}</span></td><td>{_e(date)}</td>'
            f'<td class="te-num">{n_art}</td><td>{_sources_html(ev, anchors)}</td></tr>'
        )
    return rows


def events_table_html(events: Sequence[Event], anchors: dict[str, str] | None = None) -> str:
    """Merged events as a table (:meth:`Events._repr_html_` and the report)."""
    head = "".join(
        f"<th>{h}</th>"
        for h in ("event", "person", "what", "status", "date", "articles", "sources")
    )
    body = "".join(_event_rows(events, anchors))
    table = (
        f'<table class="te-table te-events"><thead><tr>{head}</tr></thead><tbody>{body}'
        "</tbody></table>"
    )
    return table if anchors is not None else f'<div class="te"><style>{_CSS}</style>{table}</div>'


def _flow_rows(rows: Sequence[FlowRow]) -> list[str]:
    out = []
    for r in rows:
        keys = [o.casefold() for o in (r.from_org, r.to_org) if o]
        people = ", ".join(r.people)
        if r.unnamed:
            people += (
                (", " if people else "")
                + f"{r.unnamed} unnamed group"
                + ("s" if r.unnamed > 1 else "")
            )
        out.append(
            f'<tr class="te-flow" data-type="departure" data-orgs="|{_e("|".join(keys))}|">'
            f"<td>{_opt(r.from_org, faint=NOT_STATED)}</td><td>{_opt(r.to_org, faint=NOT_STATED)}"
            f'</td><td class="te-num">{r.count}</td><td>{_e(people)}</td>'
            f'<td class="te-faint">{_e(", ".join(r.articles))}</td></tr>'
        )
    return out


def flows_table_html(rows: Sequence[FlowRow], *, bare: bool = False) -> str:
    """Flow rows as a table (:meth:`Flows._repr_html_` and the report)."""
    table = (
        '<table class="te-table te-flows"><thead><tr><th>from</th><th>to</th><th>count</th>'
        f"<th>people</th><th>articles</th></tr></thead><tbody>{''.join(_flow_rows(rows))}"
        "</tbody></table>"
    )
    return table if bare else f'<div class="te"><style>{_CSS}</style>{table}</div>'


# ---------------------------------------------------------------------------------- charts


def _plotly() -> Any:
    """plotly's graph_objects, or None when the ``report`` extra is not installed."""
    try:
        return importlib.import_module("plotly.graph_objects")
    except ImportError:
        return None


_PLOT_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
_COLORS: dict[str, str] = {"departure": "#2563eb", "offer": "#15803d", "quote": "#b45309"}


def _sankey(go: Any, rows: Sequence[FlowRow]) -> Any:
    lefts = list(dict.fromkeys(r.from_org or NOT_STATED for r in rows))
    rights = list(dict.fromkeys(r.to_org or NOT_STATED for r in rows))
    out_n = {x: sum(r.count for r in rows if (r.from_org or NOT_STATED) == x) for x in lefts}
    in_n = {x: sum(r.count for r in rows if (r.to_org or NOT_STATED) == x) for x in rights}
    labels = [f"{_e(x)} ({out_n[x]})" for x in lefts] + [f"{_e(x)} ({in_n[x]})" for x in rights]
    colors = ["#93c5fd" if x != NOT_STATED else "#d1d5db" for x in lefts] + [
        "#fcd34d" if x != NOT_STATED else "#d1d5db" for x in rights
    ]
    source = [lefts.index(r.from_org or NOT_STATED) for r in rows]
    target = [len(lefts) + rights.index(r.to_org or NOT_STATED) for r in rows]
    people = []
    for r in rows:
        names = list(r.people) + ([f"{r.unnamed} unnamed"] if r.unnamed else [])
        people.append("<br>".join(_e(n) for n in names))
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": labels,
                "pad": 18,
                "thickness": 16,
                "color": colors,
                "line": {"width": 0},
            },
            link={
                "source": source,
                "target": target,
                "value": [r.count for r in rows],
                "customdata": people,
                "color": "rgba(37,99,235,0.25)",
                "hovertemplate": "%{source.label} → %{target.label}: %{value}<br>"
                "%{customdata}<extra></extra>",
            },
        )
    )
    height = max(260, 36 * max(len(lefts), len(rights)) + 80)
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": 13},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def _timeline_points(events: Sequence[Event]) -> list[tuple[dt.date, bool, Event]]:
    """(date, is the event's own date, event) for every event with a date or a report date."""
    points = []
    for ev in events:
        interval = date_interval(ev.date)
        if interval is not None:
            lo, hi = interval
            points.append((lo + (hi - lo) / 2, True, ev))
        elif ev.first_reported is not None:
            points.append((ev.first_reported, False, ev))
    points.sort(key=lambda p: (p[0], p[2].id))
    return points


def _event_label(ev: Event) -> str:
    if ev.kind == "departure":
        who = ev.person or (f"group of {ev.count}" if ev.count else "unnamed group")
        return f"{who}: {_arrow(ev.from_org, ev.to_org)}"
    who = ev.person or ev.recipient_org or "?"
    return f"{ev.offerer or '?'} → {who}: {format_money(ev.amount) or 'offer'}"


def _timeline(go: Any, points: Sequence[tuple[dt.date, bool, Event]]) -> Any:
    fig = go.Figure()
    for kind in ("departure", "offer"):
        for own in (True, False):
            pts = [p for p in points if p[2].kind == kind and p[1] == own]
            if not pts:
                continue
            name = f"{kind}s" + ("" if own else " (date of report)")
            fig.add_trace(
                go.Scatter(
                    x=[p[0].isoformat() for p in pts],
                    y=[_e(_event_label(p[2])) for p in pts],
                    mode="markers",
                    name=name,
                    marker={
                        "size": 12,
                        "color": _COLORS[kind],
                        "symbol": "circle" if own else "circle-open",
                        "line": {"width": 2, "color": _COLORS[kind]},
                    },
                    customdata=[
                        [_e(p[2].id), _e(p[2].date or "reported"), len(p[2].articles)] for p in pts
                    ],
                    hovertemplate="%{customdata[0]} · %{y}<br>%{customdata[1]} · "
                    "%{customdata[2]} article(s)<extra></extra>",
                )
            )
    fig.update_layout(
        height=max(220, 34 * len(points) + 110),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.25},
        xaxis={"type": "date", "gridcolor": "#e5e7eb"},
        yaxis={"automargin": True, "gridcolor": "#f1f5f9"},
        plot_bgcolor="white",
        paper_bgcolor="rgba(0,0,0,0)",
        font={"size": 13},
    )
    return fig


def _figure_html(fig: Any, div_id: str) -> str:
    html: str = fig.to_html(
        full_html=False, include_plotlyjs=False, config=_PLOT_CONFIG, div_id=div_id
    )
    return html


def _plotly_js() -> str:
    offline: Any = importlib.import_module("plotly.offline")
    js: str = offline.get_plotlyjs()
    # plotly.js as shipped holds no "</script"; this guarantees it cannot end the element early.
    return js.replace("</script", "<\\/script")


# ---------------------------------------------------------------------------------- report


def _filters(orgs: dict[str, str], counts: dict[Kind, int]) -> str:
    options = "".join(
        f'<option value="{_e(key)}">{_e(name)}</option>'
        for key, name in sorted(orgs.items(), key=lambda kv: kv[1].casefold())
    )
    boxes = "".join(
        f'<label class="te-pill te-{k}"><input type="checkbox" data-filter-type '
        f'value="{k}" checked> {_PLURAL[k]} ({counts[k]})</label>'
        for k in _KINDS
    )
    return (
        '<div class="te-filters" id="te-filters"><label>Organisation '
        f'<select id="te-org"><option value="">all organisations</option>{options}</select>'
        f'</label><span class="te-types">{boxes}</span>'
        '<button type="button" id="te-reset">reset</button>'
        '<span id="te-status" class="te-faint"></span></div>'
    )


def _timeline_table(points: Sequence[tuple[dt.date, bool, Event]]) -> str:
    rows = []
    for day, own, ev in points:
        when = ev.date if own and ev.date else f"{day.isoformat()} (reported)"
        rows.append(
            f'<tr class="te-ev" data-type="{ev.kind}" data-orgs="{_e(_event_orgs(ev))}">'
            f"<td>{_e(when)}</td>"
            f'<td class="te-key"><span class="te-dot te-{ev.kind}"></span>{_e(ev.id)}</td>'
            f"<td>{_e(_event_label(ev))}</td><td>{_e(ev.status)}</td></tr>"
        )
    return (
        '<table class="te-table te-timeline"><thead><tr><th>date</th><th>event</th><th>what</th>'
        f"<th>status</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def report_html(
    results: Iterable[ResultItem],
    *,
    title: str = "talent_extract review",
    charts: bool = True,
    max_days: int = DEFAULT_MAX_DAYS,
) -> str:
    """One self-contained HTML page reviewing ``results`` (module docstring).

    ``results``: :class:`~talent_extract.Extraction` or :class:`~talent_extract.BatchResult`
    objects (failures are listed). ``charts=False``, or plotly not installed, gives the same
    report without charts (and without the ~4.8 MB of embedded plotly.js). ``max_days`` is the
    date window of :func:`~talent_extract.aggregate`.
    """
    listed = list(results)
    items = entries(listed)
    ok: list[tuple[Entry, Extraction]] = [(n, n.extraction) for n in items if n.extraction]
    # aggregate() labels the same list the same way, so its sources name these entries.
    events = aggregate(listed, max_days=max_days)
    anchors = {n.label: f"a{n.index}-" for n, _ in ok}
    flow_rows = flows(events)

    orgs: dict[str, str] = {}
    counts: dict[Kind, int] = {"departure": 0, "offer": 0, "quote": 0}
    sections = []
    for n, ex in ok:
        prefix = f"a{n.index}-"
        for r in _records(ex, prefix):
            counts[r.kind] += 1
        for name in _all_orgs(ex):
            orgs.setdefault(name.casefold(), name)
        sections.append(
            f'<section class="te-article" id="art-{n.index}">'
            f'<div class="te-head"><h3>{_e(n.label)}</h3> {_counts(ex)}'
            f'<span class="te-faint">'
            + (f" · published {_e(ex.published.isoformat())}" if ex.published else "")
            + (" · cached" if n.cached else "")
            + f" · {_e(ex.meta.model)}</span></div>"
            f"{_article_body(ex, prefix, anchor=True)}</section>"
        )
    failures = [n for n in items if n.failure is not None]

    go = _plotly() if charts else None
    points = _timeline_points(events)
    charts_note = ""
    sankey_html = timeline_html = ""
    if go is not None:
        if flow_rows:
            sankey_html = _figure_html(_sankey(go, flow_rows), "te-sankey")
        if points:
            timeline_html = _figure_html(_timeline(go, points), "te-timeline")
    elif charts:
        charts_note = (
            f'<p class="te-faint">Charts need plotly ({_e(PLOTLY_HINT)}); the tables hold the '
            "same data.</p>"
        )
    undated = len(events) - len(points)
    n_records = sum(counts.values())
    summary = (
        f"{len(items)} articles ({len(failures)} failed) · {n_records} records: "
        f"{counts['departure']} departures, {counts['offer']} offers, {counts['quote']} quotes · "
        f"{len(events)} events after merging · {len(flow_rows)} flows"
    )
    toc = "".join(
        f'<li><a href="#art-{n.index}">{_e(n.label)}</a> {_counts(ex)}</li>' for n, ex in ok
    )
    fail_html = ""
    if failures:
        frows = "".join(
            f"<tr><td>{_e(n.label)}</td><td>{_e(n.failure.type)}</td>"
            f"<td>{_e(n.failure.message)}</td></tr>"
            for n in failures
            if n.failure is not None
        )
        fail_html = (
            f'<section class="te-card" id="te-failures"><h2>Failures ({len(failures)})</h2>'
            '<table class="te-table"><thead><tr><th>article</th><th>type</th><th>message</th>'
            f"</tr></thead><tbody>{frows}</tbody></table></section>"
        )
    plotly_script = f"<script>{_plotly_js()}</script>" if (sankey_html or timeline_html) else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}{_REPORT_CSS}</style>{plotly_script}</head>"
        f'<body><div class="te te-report" id="te-report">'
        f'<header class="te-top"><h1>{_e(title)}</h1><p class="te-faint">{_e(summary)}</p>'
        f"{_filters(orgs, counts)}</header>"
        '<section class="te-card" id="te-flows"><h2>Talent flows</h2>'
        '<p class="te-faint">Departure events merged across articles (one person counts once '
        "however many articles report the move); threatened departures are left out.</p>"
        f"{charts_note}{sankey_html}{flows_table_html(flow_rows, bare=True)}</section>"
        '<section class="te-card" id="te-timeline-card"><h2>Timeline</h2>'
        f'<p class="te-faint">{len(points)} dated events; {undated} without any date are listed '
        "under Events only. Open markers: no event date, placed at the article's publication "
        f"date.</p>{timeline_html}{_timeline_table(points)}</section>"
        '<section class="te-card" id="te-events"><h2>Events</h2>'
        '<p class="te-faint">Departures and offers merged across articles: same person, '
        f"organisations that do not conflict, dates within {max_days} days.</p>"
        f"{events_table_html(events, anchors)}</section>"
        f"{fail_html}"
        f'<section class="te-card"><h2>Articles</h2><ul class="te-toc">{toc}</ul></section>'
        f"{''.join(sections)}"
        f"</div><script>{_JS}</script></body></html>\n"
    )


def _all_orgs(ex: Extraction) -> list[str]:
    names = [
        *(n for d in ex.departures for n in (d.from_org, d.to_org)),
        *(n for o in ex.offers for n in (o.offerer, o.recipient_org)),
    ]
    out = [org for org in (_org_name(n) for n in names) if org]
    for q in ex.quotes:
        out += [m.org for f in (q.speaker_role, q.speaker) if f for m in find_orgs(f)]
    return out


def write_report(
    results: Iterable[ResultItem],
    path: str | Path,
    *,
    title: str = "talent_extract review",
    charts: bool = True,
    max_days: int = DEFAULT_MAX_DAYS,
) -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(
        report_html(results, title=title, charts=charts, max_days=max_days), encoding="utf-8"
    )
    return target


# ---------------------------------------------------------------------------------- assets


def _asset(name: str) -> str:
    return resources.files("talent_extract").joinpath("assets", name).read_text(encoding="utf-8")


_CSS = _asset("review.css")
_REPORT_CSS = _asset("report.css")
_JS = _asset("report.js")
