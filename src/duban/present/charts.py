"""Charts as Plotly figure specs (plain dicts the page hands to the Plotly served by the app):
an indicator over time with its targets, bodies side by side on one indicator, the progress
board. Every value is drawn in the unit people read (亿元, 万人), labelled at a readable
size, every colour named in the legend, every point linked to its sentence (`customdata`,
opened on click by static/charts.js). A chart with nothing to draw is None: the page says so
in words instead of drawing bare axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duban.analyse.checks import elapsed_share
from duban.model import Finding
from duban.present.indicators import CompareView, IndicatorView, fact_link
from duban.present.labels import (
    basis_label,
    finding_status_label,
    readable,
    role_label,
    scale,
    status_label,
    target_kind_label,
)
from duban.present.targets import target_text
from duban.store.base import Store, StoredFact

FONT_SIZE = 14
LINE_COLOURS = ("#1f4e9c", "#c0392b", "#1e8449", "#8e44ad", "#d35400", "#117a8b", "#7d6608", "#555")
STATUS_COLOURS = {
    "met": "#1e8449",
    "missed": "#c0392b",
    "pending": "#7f8c8d",
    "unclear": "#d68910",
    "behind": "#c0392b",
    "on_track": "#1e8449",
    "ahead": "#1f4e9c",
}
UNCHECKED_COLOUR = "#95a5a6"
TARGET_SYMBOLS = {"floor": "triangle-up", "ceiling": "triangle-down", "point": "diamond", "range": "square"}


def plain(text: str) -> str:
    """Text for a chart: Plotly renders a subset of HTML in labels and hover text, so
    < > & from a document are escaped and shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lines(*texts: str) -> str:
    """Hover text: each piece escaped, one per line."""
    return "<br>".join(plain(t) for t in texts)


def _cut(text: str, limit: int = 60) -> str:
    text = "".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": {"size": FONT_SIZE},
        "margin": {"l": 10, "r": 30, "t": 60, "b": 10},
        "legend": {"orientation": "h", "y": -0.18, "font": {"size": FONT_SIZE}},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
    }
    layout.update(extra)
    return layout


# ---------------------------------------------------------------- an indicator over time


def indicator_chart(view: IndicatorView) -> dict[str, Any] | None:
    """One line per place over the periods, the targets of the same measure as markers
    (a triangle up for 以上, down for 以内, a diamond for 左右) or bands (a range), coloured
    by their status; a ring marks a value reports disagree on."""
    measure = view.measure
    if measure is None or not (view.points or view.targets):
        return None
    values = [p.row.value for p in view.points] + [t.target.value for t in view.targets]
    divisor, axis_unit = scale(values, measure.unit)
    periods = view.periods
    data: list[dict[str, Any]] = []
    lines: dict[str, list[Any]] = {}
    for point in view.points:
        lines.setdefault(point.line, []).append(point)
    for k, (line, points) in enumerate(sorted(lines.items())):
        shown = sorted(points, key=lambda p: periods.index(p.when))
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text" if len(lines) == 1 else "lines+markers",
                "name": plain(line or "未注明地区"),
                "x": [p.when for p in shown],
                "y": [p.row.value / divisor for p in shown],
                "text": [p.shown for p in shown],
                "textposition": "top center",
                "textfont": {"size": FONT_SIZE - 1},
                "customdata": [fact_link(p.row.facts[0]) for p in shown],
                "hovertext": [
                    _lines(
                        f"{line} {p.when}:{p.shown}",
                        p.row.facts[0].report_title,
                        _cut(p.row.facts[0].fact.sentence.text),
                    )
                    for p in shown
                ],
                "hoverinfo": "text",
                "line": {"color": LINE_COLOURS[k % len(LINE_COLOURS)], "width": 3},
                "marker": {"size": 9},
            }
        )
    data += _target_traces(view, divisor)
    conflicts = [p for p in view.points if p.row.conflict]
    if conflicts:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "各报告数值不一致",
                "x": [p.when for p in conflicts],
                "y": [p.row.value / divisor for p in conflicts],
                "customdata": [fact_link(p.row.facts[0]) for p in conflicts],
                "hovertext": [
                    plain(f"{p.line} {p.when}:" + "、".join(_read(s) for s in p.row.facts)) for p in conflicts
                ],
                "hoverinfo": "text",
                "marker": {"symbol": "circle-open", "size": 20, "color": "#c0392b", "line": {"width": 3}},
            }
        )
    title = f"{view.shown} · {measure.label}"
    return {
        "data": data,
        "layout": _layout(
            title={"text": plain(title)},
            xaxis={"type": "category", "categoryorder": "array", "categoryarray": periods},
            yaxis={"title": {"text": plain(axis_unit or "数值")}, "zeroline": True, "automargin": True},
            barmode="overlay",
            height=460,
        ),
    }


def _read(stored: StoredFact) -> str:
    return readable(stored.fact.value, stored.fact.quantity.unit)


def _target_traces(view: IndicatorView, divisor: float) -> list[dict[str, Any]]:
    traces: list[dict[str, Any]] = []
    by_status: dict[str, list[Any]] = {}
    for item in view.targets:
        by_status.setdefault(str(item.status), []).append(item)
    for status, items in by_status.items():
        colour = STATUS_COLOURS.get(status, UNCHECKED_COLOUR)
        name = f"目标 · {status_label(status)}"
        ranges = [t for t in items if t.target.high is not None]
        marks = [t for t in items if t.target.high is None]
        if ranges:
            lows = [min(t.target.value, t.target.high.fact.value) / divisor for t in ranges]  # type: ignore[union-attr]
            highs = [max(t.target.value, t.target.high.fact.value) / divisor for t in ranges]  # type: ignore[union-attr]
            traces.append(
                {
                    "type": "bar",
                    "name": name + "(区间)",
                    "legendgroup": status,
                    "x": [t.target.when for t in ranges],
                    "base": lows,
                    "y": [h - lo for h, lo in zip(highs, lows, strict=True)],
                    "width": 0.5,
                    "marker": {"color": colour, "opacity": 0.35, "line": {"color": colour, "width": 2}},
                    "customdata": [fact_link(t.target.low) for t in ranges],
                    "hovertext": [_target_hover(t) for t in ranges],
                    "hoverinfo": "text",
                }
            )
        if marks:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": name,
                    "legendgroup": status,
                    "x": [t.target.when for t in marks],
                    "y": [t.target.value / divisor for t in marks],
                    "customdata": [fact_link(t.target.low) for t in marks],
                    "hovertext": [_target_hover(t) for t in marks],
                    "hoverinfo": "text",
                    "marker": {
                        "symbol": [TARGET_SYMBOLS.get(str(t.kind), "diamond") for t in marks],
                        "size": 15,
                        "color": colour,
                        "line": {"color": "#fff", "width": 1},
                    },
                }
            )
    return traces


def _target_hover(item: Any) -> str:
    target = item.target
    outcome = item.outcome or item.so_far
    pieces = [
        f"{target.where or ''} {target.when} 目标:{target_text(item)}({target_kind_label(str(item.kind))})",
        f"状态:{status_label(str(item.status))}",
    ]
    if outcome is not None:
        pieces.append(f"实际:{readable(outcome.fact.value, outcome.fact.quantity.unit)}")
    return _lines(*pieces, target.low.report_title)


# ---------------------------------------------------------------- bodies side by side


def compare_chart(view: CompareView) -> dict[str, Any] | None:
    """One horizontal bar per body, labelled with its full name and the value as read."""
    if view.measure is None or not view.bars:
        return None
    measure = view.measure
    divisor, axis_unit = scale([b.fact.fact.value for b in view.bars], measure.unit)
    bars = sorted(view.bars, key=lambda b: -b.fact.fact.value)
    title = f"{view.shown} · {measure.label} · {view.when}"
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": plain(measure.label),
                "y": [plain(b.body) for b in bars],
                "x": [b.fact.fact.value / divisor for b in bars],
                "text": [b.shown for b in bars],
                "textposition": "outside",
                "textfont": {"size": FONT_SIZE + 1},
                "cliponaxis": False,
                "customdata": [fact_link(b.fact) for b in bars],
                "hovertext": [
                    _lines(f"{b.body}:{b.shown}", b.fact.report_title, _cut(b.fact.fact.sentence.text))
                    for b in bars
                ],
                "hoverinfo": "text",
                "marker": {"color": ["#1f4e9c" if b.fact.fact.value >= 0 else "#c0392b" for b in bars]},
            }
        ],
        "layout": _layout(
            title={"text": plain(title)},
            xaxis={"title": {"text": plain(axis_unit or "数值")}, "zeroline": True, "automargin": True},
            yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": FONT_SIZE}},
            height=max(260, 56 * len(bars) + 140),
            showlegend=False,
        ),
    }


# ---------------------------------------------------------------- the progress board


def progress_chart(store: Store, findings: Sequence[Finding]) -> dict[str, Any] | None:
    """The progress board: every progress figure in % (one bar, labelled with the body's
    full name and the indicator as stated) against the time elapsed in its report (a black
    tick); coloured and named by the progress check's status."""
    status = {
        (f.report_id, x.quantity.span.start): f.status
        for f in findings
        if f.kind == "progress"
        for x in f.facts
        if str(x.role) == "progress"
    }
    reports = {s.report.id: s.report for s in store.reports()}
    rows = [s for s in store.facts(role="progress") if s.fact.quantity.unit == "%"]
    if not rows:
        return None
    groups: dict[str, dict[str, list[Any]]] = {}
    labels, elapsed = [], []
    for stored in rows:
        fact = stored.fact
        report = reports.get(stored.report_id)
        share = elapsed_share(report, fact) if report else None
        body = fact.body or (report.department if report else None) or stored.report_title
        label = plain(f"{body}:{fact.indicator or fact.metric}")
        while label in labels:  # one body, one indicator twice: keep both bars apart
            label += " "
        labels.append(label)
        elapsed.append(round(share * 100, 1) if share is not None else None)
        key = status.get((stored.report_id, fact.quantity.span.start), "")
        group = groups.setdefault(key, {"y": [], "x": [], "text": [], "link": [], "hover": []})
        group["y"].append(label)
        group["x"].append(fact.value)
        group["text"].append(readable(fact.value, "%"))
        group["link"].append(fact_link(stored))
        group["hover"].append(_lines(stored.report_title, _cut(fact.sentence.text, 80)))
    data: list[dict[str, Any]] = []
    for key in ("behind", "on_track", "ahead", ""):
        if key not in groups:
            continue
        group = groups[key]
        name = f"完成进度 · {finding_status_label(key)}" if key else "完成进度 · 未比对(非年度目标)"
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": group["y"],
                "x": group["x"],
                "text": group["text"],
                "textposition": "outside",
                "textfont": {"size": FONT_SIZE},
                "cliponaxis": False,
                "customdata": group["link"],
                "hovertext": group["hover"],
                "hoverinfo": "text",
                "marker": {"color": STATUS_COLOURS.get(key, UNCHECKED_COLOUR)},
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": "时间进度",
            "y": labels,
            "x": elapsed,
            "hoverinfo": "x",
            "marker": {"symbol": "line-ns-open", "size": 22, "color": "#000", "line": {"width": 3}},
        }
    )
    largest = max([100.0, *(v for g in groups.values() for v in g["x"])])
    return {
        "data": data,
        "layout": _layout(
            title={"text": "任务进度与时间进度(%)"},
            xaxis={"title": {"text": "%"}, "range": [0, largest * 1.15]},
            yaxis={
                "autorange": "reversed",
                "automargin": True,
                "categoryorder": "array",
                "categoryarray": labels,
            },
            height=max(320, 34 * len(rows) + 160),
            barmode="overlay",
        ),
    }


def measure_words(role: str, basis: str | None) -> str:
    """变化 · 同比: a role with its basis, for a heading."""
    basis_words = basis_label(basis)
    return role_label(role) + (f" · {basis_words}" if basis_words else "")
