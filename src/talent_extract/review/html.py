"""HTML fragments for reviewing extractions: one article, a list of results, events, flows.

These are what a notebook shows (:mod:`talent_extract.review.display` registers them with
IPython) and the building blocks of the report page (:mod:`talent_extract.review.report`).

Everything that comes from an article or from the model (text, names, organisations, amounts,
labels, failure messages) enters the HTML through :func:`html.escape` only (:func:`esc`), so a
``<script>`` in an article is shown as text and never runs.

Highlighting: every record's evidence becomes exactly one ``<mark data-record="ID">`` element.
Spans nest when one contains another (a quote inside a departure sentence; several departures
citing the same sentence). When two spans cross, the one still open is closed at the crossing
and continued by a ``<mark data-cont="ID">`` element, so the HTML stays well-formed and the
count of ``mark[data-record]`` still equals the number of records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any, Literal

from talent_extract.batch.runner import BatchResult
from talent_extract.find.orgs import find_orgs, org_name
from talent_extract.records import Departure, Extraction, Money, Offer, Quote
from talent_extract.review.aggregate import Event, FlowRow
from talent_extract.review.results import ResultItem, entries

__all__ = [
    "batch_result_html",
    "events_table_html",
    "extraction_html",
    "flows_table_html",
    "format_money",
    "highlight",
    "results_table_html",
]

Kind = Literal["departure", "offer", "quote"]
KINDS: tuple[Kind, ...] = ("departure", "offer", "quote")
_PREFIX: dict[Kind, str] = {"departure": "dep", "offer": "off", "quote": "quo"}
PLURAL: dict[Kind, str] = {"departure": "departures", "offer": "offers", "quote": "quotes"}
NOT_STATED = "not stated"


def esc(value: object) -> str:
    """Escape anything for HTML text or a double-quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


def asset(name: str) -> str:
    """A file of ``talent_extract/assets`` (the review's CSS and JavaScript)."""
    return resources.files("talent_extract").joinpath("assets", name).read_text(encoding="utf-8")


REVIEW_CSS = asset("review.css")
"""The stylesheet every fragment carries (and the report page starts with)."""


# ---------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class RecordView:
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


def _org_keys(*names: str | None) -> tuple[str, ...]:
    out = []
    for name in names:
        org = org_name(name)
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


def person_label(d: Departure) -> str:
    if d.person:
        return d.person
    return f"group of {d.count}" if d.count else "unnamed group"


def arrow(a: str | None, b: str | None) -> str:
    return f"{a or NOT_STATED} → {b or NOT_STATED}"


def record_views(ex: Extraction, prefix: str) -> list[RecordView]:
    text = ex.text
    out: list[RecordView] = []
    order = 0

    def add(kind: Kind, i: int, record: Departure | Offer | Quote, summary: str, orgs: Any) -> None:
        nonlocal order
        ev = record.evidence
        located = text[ev.start : ev.end] == ev.text
        rid = f"{prefix}{_PREFIX[kind]}-{i}"
        out.append(RecordView(rid, kind, ev.start, ev.end, located, summary, orgs, order, i))
        order += 1

    for i, d in enumerate(ex.departures):
        s = f"Departure: {person_label(d)}, {arrow(d.from_org, d.to_org)} ({d.status})"
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


def _open(rec: RecordView, *, cont: bool) -> str:
    attr = "data-cont" if cont else "data-record"
    cls = f"te-m te-{rec.kind}" + (" te-cont" if cont else "")
    return (
        f'<mark class="{cls}" {attr}="{esc(rec.id)}" data-type="{rec.kind}" '
        f'title="{esc(rec.summary)}">'
    )


def highlight(text: str, recs: Sequence[RecordView]) -> str:
    """``text`` escaped, with one ``<mark data-record>`` per located record (module docstring)."""
    marks = sorted((r for r in recs if r.located), key=lambda r: (r.start, -r.end, r.order))
    starts: dict[int, list[RecordView]] = {}
    for r in marks:
        starts.setdefault(r.start, []).append(r)
    bounds = sorted({0, len(text)} | {r.start for r in marks} | {r.end for r in marks})
    out: list[str] = []
    stack: list[RecordView] = []
    pos = 0
    for p in bounds:
        out.append(esc(text[pos:p]))
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
    out.append(esc(text[pos:]))
    out.append("</mark>" * len(stack))
    return "".join(out)


# ---------------------------------------------------------------------------------- tables


def _row(rec: RecordView, cells: Sequence[str], *, anchor: bool) -> str:
    ident = f' id="row-{esc(rec.id)}"' if anchor else ""
    warn = (
        ""
        if rec.located
        else ' <span class="te-warn" title="evidence is not at its offsets">not located</span>'
    )
    tds = "".join(f"<td>{c}</td>" for c in cells)
    return (
        f'<tr{ident} tabindex="0" class="te-rec te-{rec.kind}" data-record="{esc(rec.id)}" '
        f'data-type="{rec.kind}" data-orgs="|{esc("|".join(rec.orgs))}|">'
        f'<td class="te-key"><span class="te-dot te-{rec.kind}"></span>'
        f"{_PREFIX[rec.kind]}&nbsp;{rec.index}{warn}</td>{tds}</tr>"
    )


def _table(kind: Kind, headers: Sequence[str], rows: Sequence[str]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{esc(h)}</th>" for h in ("#", *headers))
    return (
        f'<div class="te-block" data-block="{kind}"><h4>{esc(PLURAL[kind].capitalize())} '
        f'<span class="te-n">{len(rows)}</span></h4>'
        f'<table class="te-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
        "</tbody></table></div>"
    )


def _opt(value: str | None, *, faint: str = "") -> str:
    if value:
        return esc(value)
    return f'<span class="te-faint">{esc(faint)}</span>' if faint else ""


def _record_tables(ex: Extraction, recs: Sequence[RecordView], *, anchor: bool) -> str:
    by_kind = {(r.kind, r.index): r for r in recs}

    def rec(kind: Kind, i: int) -> RecordView:
        return by_kind[kind, i]

    dep_rows = []
    for i, d in enumerate(ex.departures):
        who = esc(d.person) if d.person else f'<span class="te-faint">{esc(person_label(d))}</span>'
        role = " / ".join(r for r in (d.role_before, d.role_after) if r)
        cells = [
            who,
            f"{_opt(d.from_org, faint='?')} → {_opt(d.to_org, faint=NOT_STATED)}",
            _opt(role),
            f'<span class="te-status">{esc(d.status)}</span>',
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
            esc(format_money(o.amount)) or '<span class="te-faint">no amount</span>',
            _opt(o.period),
            f'<span class="te-status">{esc(o.status)}</span>',
        ]
        off_rows.append(_row(rec("offer", i), cells, anchor=anchor))
    quo_rows = []
    for i, q in enumerate(ex.quotes):
        who = _opt(q.speaker, faint="unknown")
        if q.anonymous:
            who += ' <span class="te-tag">anonymous</span>'
        if q.speaker_role:
            who += f'<div class="te-faint">{esc(q.speaker_role)}</div>'
        short = q.text if len(q.text) <= 140 else q.text[:137].rstrip() + "…"
        cells = [who, f'<span class="te-qtext">“{esc(short)}”</span>', _opt(q.channel)]
        quo_rows.append(_row(rec("quote", i), cells, anchor=anchor))
    return (
        _table("departure", ("person", "from → to", "role", "status", "date"), dep_rows)
        + _table("offer", ("offerer", "to", "amount", "period", "status"), off_rows)
        + _table("quote", ("speaker", "quote", "channel"), quo_rows)
    )


# ---------------------------------------------------------------------------------- one article


def counts_html(ex: Extraction) -> str:
    numbers: tuple[tuple[Kind, int], ...] = (
        ("departure", len(ex.departures)),
        ("offer", len(ex.offers)),
        ("quote", len(ex.quotes)),
    )
    parts = [
        f'<span class="te-pill te-{k}">{n} {esc(PLURAL[k] if n != 1 else k)}</span>'
        for k, n in numbers
    ]
    return " ".join(parts)


def article_html(ex: Extraction, prefix: str, *, anchor: bool) -> str:
    recs = record_views(ex, prefix)
    tables = _record_tables(ex, recs, anchor=anchor)
    if not tables:
        tables = '<p class="te-faint">No records in this article.</p>'
    return (
        '<div class="te-cols">'
        f'<div class="te-text">{highlight(ex.text, recs)}</div>'
        f'<div class="te-side">{tables}</div>'
        "</div>"
    )


def _hover_css(scope: str, recs: Sequence[RecordView]) -> str:
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
    """One extraction as an HTML fragment: the article with each record's evidence highlighted,
    beside tables of its records (what a notebook shows for an :class:`Extraction`)."""
    digest = hashlib.sha256(ex.model_dump_json().encode("utf-8")).hexdigest()[:10]
    scope = f"te-{digest}"
    recs = record_views(ex, "")
    meta = ex.meta
    head = (
        f'<div class="te-head"><b>{esc(ex.article_id or "Extraction")}</b> {counts_html(ex)}'
        f'<span class="te-faint"> · {esc(meta.model)} · {meta.calls} calls · '
        f"{meta.usage.total_tokens} tokens"
        + (f" · published {esc(ex.published.isoformat())}" if ex.published else "")
        + "</span></div>"
    )
    dropped = ""
    if meta.dropped:
        items = "".join(
            f"<li>{esc(d.kind)}: {esc(d.value)} — <i>{esc(d.reason)}</i></li>" for d in meta.dropped
        )
        dropped = (
            f'<details class="te-dropped"><summary>{len(meta.dropped)} dropped by grounding'
            f"</summary><ul>{items}</ul></details>"
        )
    return (
        f'<div class="te" id="{scope}"><style>{REVIEW_CSS}\n{_hover_css(scope, recs)}</style>'
        f"{head}{article_html(ex, '', anchor=False)}{dropped}</div>"
    )


def batch_result_html(result: BatchResult) -> str:
    """A :class:`~talent_extract.BatchResult` in a notebook: its extraction, or its failure."""
    if result.extraction is not None:
        return extraction_html(result.extraction)
    failure = result.failure
    assert failure is not None
    return (
        f'<div class="te"><style>{REVIEW_CSS}</style><div class="te-head"><b>'
        f"{esc(result.article_id or result.text_hash[:16])}</b> "
        f'<span class="te-pill te-fail">failed</span></div>'
        f"<p><b>{esc(failure.type)}</b>: {esc(failure.message)}</p></div>"
    )


# ---------------------------------------------------------------------------------- lists


def results_table_html(results: Iterable[ResultItem]) -> str:
    """A compact table, one row per result (what a notebook shows for :class:`Results`)."""
    rows = []
    totals = [0, 0, 0]
    items = entries(results)
    for n in items:
        ex = n.extraction
        if ex is None:
            failure = n.failure
            assert failure is not None
            rows.append(
                f"<tr><td>{n.index}</td><td>{esc(n.label)}</td>"
                f'<td><span class="te-pill te-fail">{esc(failure.type)}</span></td>'
                f'<td colspan="5">{esc(failure.message)}</td></tr>'
            )
            continue
        counts = (len(ex.departures), len(ex.offers), len(ex.quotes))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        people = list(dict.fromkeys(d.person for d in ex.departures if d.person))
        shown = ", ".join(people[:4]) + (f" +{len(people) - 4}" if len(people) > 4 else "")
        status = "cached" if n.cached else "ok"
        rows.append(
            f"<tr><td>{n.index}</td><td>{esc(n.label)}</td>"
            f'<td><span class="te-pill te-ok">{status}</span></td>'
            + "".join(f'<td class="te-num">{c}</td>' for c in counts)
            + f"<td>{esc(shown)}</td><td>{esc(ex.meta.model)}</td></tr>"
        )
    failed = sum(1 for n in items if n.extraction is None)
    caption = (
        f"{len(items)} articles, {failed} failed · {totals[0]} departures, {totals[1]} offers, "
        f"{totals[2]} quotes"
    )
    return (
        f'<div class="te"><style>{REVIEW_CSS}</style><table class="te-table te-list">'
        f"<caption>{esc(caption)}</caption><thead><tr><th>#</th><th>article</th><th>status</th>"
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
            links.append(f'<a class="te-src" href="{esc(href)}">{esc(label)}</a>')
        else:
            links.append(f'<span class="te-src">{esc(label)}</span>')
    return " ".join(links)


def event_orgs_attr(event: Event) -> str:
    keys = [o.casefold() for o in (event.from_org, event.to_org, event.offerer) if o]
    keys += [event.recipient_org.casefold()] if event.recipient_org else []
    return "|" + "|".join(dict.fromkeys(keys)) + "|"


def _event_rows(events: Sequence[Event], anchors: dict[str, str] | None) -> list[str]:
    rows = []
    for ev in events:
        if ev.kind == "departure":
            who = ev.person or (f"group of {ev.count}" if ev.count else "unnamed group")
            what = esc(arrow(ev.from_org, ev.to_org))
        else:
            who = ev.person or ev.recipient_org or "?"
            what = esc(f"{ev.offerer or '?'} offers {format_money(ev.amount) or 'no amount'}")
            if ev.period:
                what += f" <span class='te-faint'>{esc(ev.period)}</span>"
        date = ev.date or (f"reported {ev.first_reported.isoformat()}" if ev.first_reported else "")
        n_art = len(ev.articles)
        rows.append(
            f'<tr class="te-ev" data-type="{ev.kind}" data-orgs="{esc(event_orgs_attr(ev))}">'
            f'<td class="te-key"><span class="te-dot te-{ev.kind}"></span>{esc(ev.id)}</td>'
            f"<td>{esc(who)}</td><td>{what}</td>"
            f'<td><span class="te-status">{esc(ev.status)}</span></td><td>{esc(date)}</td>'
            f'<td class="te-num">{n_art}</td><td>{_sources_html(ev, anchors)}</td></tr>'
        )
    return rows


def events_table_html(events: Sequence[Event], anchors: dict[str, str] | None = None) -> str:
    """Merged events as a table (a notebook's display of :class:`Events`, and the report)."""
    head = "".join(
        f"<th>{h}</th>"
        for h in ("event", "person", "what", "status", "date", "articles", "sources")
    )
    body = "".join(_event_rows(events, anchors))
    table = (
        f'<table class="te-table te-events"><thead><tr>{head}</tr></thead><tbody>{body}'
        "</tbody></table>"
    )
    return (
        table
        if anchors is not None
        else f'<div class="te"><style>{REVIEW_CSS}</style>{table}</div>'
    )


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
            f'<tr class="te-flow" data-type="departure" data-orgs="|{esc("|".join(keys))}|">'
            f"<td>{_opt(r.from_org, faint=NOT_STATED)}</td><td>{_opt(r.to_org, faint=NOT_STATED)}"
            f'</td><td class="te-num">{r.count}</td><td>{esc(people)}</td>'
            f'<td class="te-faint">{esc(", ".join(r.articles))}</td></tr>'
        )
    return out


def flows_table_html(rows: Sequence[FlowRow], *, bare: bool = False) -> str:
    """Flow rows as a table (a notebook's display of :class:`Flows`, and the report)."""
    table = (
        '<table class="te-table te-flows"><thead><tr><th>from</th><th>to</th><th>count</th>'
        f"<th>people</th><th>articles</th></tr></thead><tbody>{''.join(_flow_rows(rows))}"
        "</tbody></table>"
    )
    return table if bare else f'<div class="te"><style>{REVIEW_CSS}</style>{table}</div>'
