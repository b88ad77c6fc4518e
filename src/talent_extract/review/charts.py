"""The report's charts: a Sankey diagram of the talent flows and a timeline of dated events.

They use plotly when it is installed (the ``report`` extra), and :func:`plotly_graph_objects`
is None without it: the report then has the same tables and no charts. Labels go through
:func:`~talent_extract.review.html.esc` and chart data through plotly's JSON encoder, which
escapes ``<``, ``>`` and ``/``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from typing import Any

from talent_extract.review.aggregate import Event, FlowRow, date_interval
from talent_extract.review.html import NOT_STATED, arrow, esc, format_money

__all__ = [
    "event_label",
    "figure_html",
    "plotly_graph_objects",
    "plotly_js",
    "sankey",
    "timeline",
    "timeline_points",
]


def plotly_graph_objects() -> Any:
    """plotly's graph_objects, or None when the ``report`` extra is not installed."""
    try:
        return importlib.import_module("plotly.graph_objects")
    except ImportError:
        return None


_PLOT_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
_COLORS: dict[str, str] = {"departure": "#2563eb", "offer": "#15803d", "quote": "#b45309"}


def sankey(go: Any, rows: Sequence[FlowRow]) -> Any:
    lefts = list(dict.fromkeys(r.from_org or NOT_STATED for r in rows))
    rights = list(dict.fromkeys(r.to_org or NOT_STATED for r in rows))
    out_n = {x: sum(r.count for r in rows if (r.from_org or NOT_STATED) == x) for x in lefts}
    in_n = {x: sum(r.count for r in rows if (r.to_org or NOT_STATED) == x) for x in rights}
    labels = [f"{esc(x)} ({out_n[x]})" for x in lefts] + [f"{esc(x)} ({in_n[x]})" for x in rights]
    colors = ["#93c5fd" if x != NOT_STATED else "#d1d5db" for x in lefts] + [
        "#fcd34d" if x != NOT_STATED else "#d1d5db" for x in rights
    ]
    source = [lefts.index(r.from_org or NOT_STATED) for r in rows]
    target = [len(lefts) + rights.index(r.to_org or NOT_STATED) for r in rows]
    people = []
    for r in rows:
        names = list(r.people) + ([f"{r.unnamed} unnamed"] if r.unnamed else [])
        people.append("<br>".join(esc(n) for n in names))
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


def timeline_points(events: Sequence[Event]) -> list[tuple[dt.date, bool, Event]]:
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


def event_label(ev: Event) -> str:
    if ev.kind == "departure":
        who = ev.person or (f"group of {ev.count}" if ev.count else "unnamed group")
        return f"{who}: {arrow(ev.from_org, ev.to_org)}"
    who = ev.person or ev.recipient_org or "?"
    return f"{ev.offerer or '?'} → {who}: {format_money(ev.amount) or 'offer'}"


def timeline(go: Any, points: Sequence[tuple[dt.date, bool, Event]]) -> Any:
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
                    y=[esc(event_label(p[2])) for p in pts],
                    mode="markers",
                    name=name,
                    marker={
                        "size": 12,
                        "color": _COLORS[kind],
                        "symbol": "circle" if own else "circle-open",
                        "line": {"width": 2, "color": _COLORS[kind]},
                    },
                    customdata=[
                        [esc(p[2].id), esc(p[2].date or "reported"), len(p[2].articles)]
                        for p in pts
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


def figure_html(fig: Any, div_id: str) -> str:
    html: str = fig.to_html(
        full_html=False, include_plotlyjs=False, config=_PLOT_CONFIG, div_id=div_id
    )
    return html


def plotly_js() -> str:
    offline: Any = importlib.import_module("plotly.offline")
    js: str = offline.get_plotlyjs()
    # plotly.js as shipped holds no "</script"; this guarantees it cannot end the element early.
    return js.replace("</script", "<\\/script")
