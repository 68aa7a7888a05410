"""The compare page's charts as Plotly figure specs (plain dicts the page hands to the
Plotly served by the app): growth rates across bodies, and the progress board."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from duban.analyse.checks import elapsed_share
from duban.model import Finding
from duban.store.base import Store, StoredFact

CANDIDATES_PER_PLACE = 10  # names tried for each place in the compare list


def plain(text: str) -> str:
    """Text for a chart: Plotly renders a subset of HTML in labels and hover text, so
    < > & from a document are escaped and shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _growth_rates(store: Store, metric: str | None = None) -> list[StoredFact]:
    """Growth rates (role change, unit %), optionally only those whose metric holds `metric`."""
    return [s for s in store.facts(metric=metric, role="change") if s.fact.quantity.unit == "%"]


def compare_metrics(store: Store, limit: int = 30) -> list[tuple[str, int]]:
    """Metric words worth comparing: names that occur, whole or inside longer names, in the
    growth rates of most facts; best first, with how many rates each gathers. Only the
    names most often stated whole are tried inside the others (not every pair of names)."""
    rates = Counter(_norm_metric(s.fact.metric) for s in _growth_rates(store))
    named = sorted(
        ((m, n) for m, n in rates.items() if len(m) >= 2), key=lambda mn: (-mn[1], -len(mn[0]), mn[0])
    )
    candidates = [m for m, _ in named[: limit * CANDIDATES_PER_PLACE]]
    counts = {name: sum(n for m, n in rates.items() if name in m) for name in candidates}
    ranked = sorted(counts.items(), key=lambda nc: (-nc[1], -len(nc[0]), nc[0]))
    return ranked[:limit]


def _norm_metric(metric: str) -> str:
    return metric.strip('“”"《》 ')


def _body(stored: StoredFact, departments: dict[str, str]) -> str:
    body = departments.get(stored.report_id) or stored.report_title
    subject = stored.fact.subject
    return f"{body}·{subject}" if subject and subject not in body else body


def change_chart(store: Store, metric: str) -> dict[str, Any]:
    """Horizontal bars of the growth rates whose metric holds `metric`, one per fact, labelled
    with the body and the metric as stated."""
    departments = {s.report.id: _short_department(s.report) for s in store.reports()}
    rows = _growth_rates(store, metric)
    labels = [plain(f"{k}. {_body(s, departments)}·{s.fact.metric[:14]}") for k, s in enumerate(rows, 1)]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": [s.fact.value for s in rows],
                "text": [plain(s.fact.quantity.text) for s in rows],
                "hovertext": [plain(f"{s.report_title}:{s.fact.sentence.text[:70]}") for s in rows],
                "marker": {"color": ["#2a7" if s.fact.value >= 0 else "#c33" for s in rows]},
            }
        ],
        "layout": {
            "title": {"text": plain(f"「{metric}」增速比较(%)")},
            "xaxis": {"title": {"text": "%"}, "zeroline": True},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "height": max(300, 26 * len(rows) + 120),
        },
    }


def _short_department(report: Any) -> str:
    """青岛市商务局 → 商务局: the body without its place, for chart labels."""
    department = report.department or report.title
    return re.sub(r"^.{1,6}?[省市区县](?=.{2,})", "", department)


def _said_before(stored: StoredFact, width: int = 16) -> str:
    """The words just before a quantity in its sentence, for a label."""
    fact = stored.fact
    start = fact.quantity.span.start - fact.sentence.span.start
    head = fact.sentence.text[max(0, start - width) : max(0, start)]
    return ("…" if start > width else "") + head + fact.quantity.text


def progress_chart(store: Store, findings: Sequence[Finding]) -> dict[str, Any]:
    """The progress board: every progress fact in % against the time elapsed in its report;
    coloured by the progress check's status, grey where the check leaves it alone."""
    status = {
        (f.report_id, x.quantity.span.start): f.status
        for f in findings
        if f.kind == "progress"
        for x in f.facts
        if str(x.role) == "progress"
    }
    reports = {s.report.id: s.report for s in store.reports()}
    colors = {"behind": "#c33", "on_track": "#2a7", "ahead": "#27c"}
    rows = [s for s in store.facts(role="progress") if s.fact.quantity.unit == "%"]
    labels, values, elapsed, marker, hover = [], [], [], [], []
    for k, stored in enumerate(rows, 1):
        fact = stored.fact
        report = reports.get(stored.report_id)
        share = elapsed_share(report, fact) if report else None
        body = _short_department(report) if report else stored.report_title
        labels.append(plain(f"{k}. {body}:{_said_before(stored)}"))
        values.append(fact.value)
        elapsed.append(round(share * 100, 1) if share is not None else None)
        marker.append(colors.get(status.get((stored.report_id, fact.quantity.span.start), ""), "#999"))
        hover.append(plain(f"{stored.report_title}:{fact.sentence.text[:70]}"))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "完成进度",
                "y": labels,
                "x": values,
                "marker": {"color": marker},
                "hovertext": hover,
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": "时间进度",
                "y": labels,
                "x": elapsed,
                "marker": {"symbol": "line-ns-open", "size": 18, "color": "#000", "line": {"width": 2}},
            },
        ],
        "layout": {
            "title": {"text": "任务进度与时间进度"},
            "xaxis": {"title": {"text": "%"}, "range": [0, max([100, *values]) + 5]},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "height": max(300, 28 * len(rows) + 120),
            "legend": {"orientation": "h", "y": -0.15},
        },
    }
