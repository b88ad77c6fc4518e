"""A self-contained HTML page reviewing many extractions: :func:`report_html`, :func:`write_report`.

The page has, per article, the highlighted text beside tables of its departures, offers and
quotes (hover or click a row or a highlight to see the other; see
:mod:`talent_extract.review.html`), and across articles the talent flows (a Sankey chart and a
table), a timeline of dated events and the merged events (:mod:`talent_extract.review.aggregate`),
with filters by organisation and record type in plain inline JavaScript. Charts
(:mod:`talent_extract.review.charts`) use plotly when it is installed (the ``report`` extra), with
``plotly.js`` embedded in the file, so the file opens offline and references no external
resource; without plotly the report has the same tables and no charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from talent_extract.find.orgs import find_orgs, org_name
from talent_extract.records import Extraction
from talent_extract.review.aggregate import DEFAULT_MAX_DAYS, Event, aggregate, flows
from talent_extract.review.charts import (
    event_label,
    figure_html,
    plotly_graph_objects,
    plotly_js,
    sankey,
    timeline,
    timeline_points,
)
from talent_extract.review.html import (
    KINDS,
    PLURAL,
    REVIEW_CSS,
    Kind,
    article_html,
    asset,
    counts_html,
    esc,
    event_orgs_attr,
    events_table_html,
    flows_table_html,
    record_views,
)
from talent_extract.review.results import Entry, ResultItem, entries

__all__ = ["report_html", "write_report"]

PLOTLY_HINT = "pip install 'talent_extract[report]'"


def _filters(orgs: dict[str, str], counts: dict[Kind, int]) -> str:
    options = "".join(
        f'<option value="{esc(key)}">{esc(name)}</option>'
        for key, name in sorted(orgs.items(), key=lambda kv: kv[1].casefold())
    )
    boxes = "".join(
        f'<label class="te-pill te-{k}"><input type="checkbox" data-filter-type '
        f'value="{k}" checked> {PLURAL[k]} ({counts[k]})</label>'
        for k in KINDS
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
            f'<tr class="te-ev" data-type="{ev.kind}" data-orgs="{esc(event_orgs_attr(ev))}">'
            f"<td>{esc(when)}</td>"
            f'<td class="te-key"><span class="te-dot te-{ev.kind}"></span>{esc(ev.id)}</td>'
            f"<td>{esc(event_label(ev))}</td><td>{esc(ev.status)}</td></tr>"
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
        for r in record_views(ex, prefix):
            counts[r.kind] += 1
        for name in _all_orgs(ex):
            orgs.setdefault(name.casefold(), name)
        sections.append(
            f'<section class="te-article" id="art-{n.index}">'
            f'<div class="te-head"><h3>{esc(n.label)}</h3> {counts_html(ex)}'
            f'<span class="te-faint">'
            + (f" · published {esc(ex.published.isoformat())}" if ex.published else "")
            + (" · cached" if n.cached else "")
            + f" · {esc(ex.meta.model)}</span></div>"
            f"{article_html(ex, prefix, anchor=True)}</section>"
        )
    failures = [n for n in items if n.failure is not None]

    go = plotly_graph_objects() if charts else None
    points = timeline_points(events)
    charts_note = ""
    sankey_html = timeline_html = ""
    if go is not None:
        if flow_rows:
            sankey_html = figure_html(sankey(go, flow_rows), "te-sankey")
        if points:
            timeline_html = figure_html(timeline(go, points), "te-timeline")
    elif charts:
        charts_note = (
            f'<p class="te-faint">Charts need plotly ({esc(PLOTLY_HINT)}); the tables hold the '
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
        f'<li><a href="#art-{n.index}">{esc(n.label)}</a> {counts_html(ex)}</li>' for n, ex in ok
    )
    fail_html = ""
    if failures:
        frows = "".join(
            f"<tr><td>{esc(n.label)}</td><td>{esc(n.failure.type)}</td>"
            f"<td>{esc(n.failure.message)}</td></tr>"
            for n in failures
            if n.failure is not None
        )
        fail_html = (
            f'<section class="te-card" id="te-failures"><h2>Failures ({len(failures)})</h2>'
            '<table class="te-table"><thead><tr><th>article</th><th>type</th><th>message</th>'
            f"</tr></thead><tbody>{frows}</tbody></table></section>"
        )
    plotly_script = f"<script>{plotly_js()}</script>" if (sankey_html or timeline_html) else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{REVIEW_CSS}{_REPORT_CSS}</style>{plotly_script}</head>"
        f'<body><div class="te te-report" id="te-report">'
        f'<header class="te-top"><h1>{esc(title)}</h1><p class="te-faint">{esc(summary)}</p>'
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
    out = [org for org in (org_name(n) for n in names) if org]
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


_REPORT_CSS = asset("report.css")
_JS = asset("report.js")
