"""What the indicator pages and the comparison show, built from the lineup of facts (when,
where, basis, body, indicator): the list of indicators in the ledger, one indicator over time
(`indicator_view`: its measures, the chosen measure's rows and targets), and bodies side by
side on one indicator (`compare_view`). Plain dataclasses; the web draws them, the charts
module turns them into Plotly figures.

A *measure* is what one chart may show without mixing: one role (a level, a change, a
share …), one basis (同比, 两年平均 …) and one unit. A target is drawn on the measure it sets:
a growth target (增长6%) on the year-on-year change (the average change for a span of years,
十三五 年均6.5%), a level target (90万亿元, 失业率5.5%) on the level in its unit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from duban.analyse.series import SeriesRow, canonical_indicator, rows_of
from duban.analyse.track import Tracked, sets_growth
from duban.lineup import by_name
from duban.lineup.periods import bounds, is_span
from duban.model import Role
from duban.present.labels import basis_label, readable, role_label
from duban.store.base import Lineup, Store, StoredFact

CHANGE = str(Role.CHANGE)
TARGET = str(Role.TARGET)


def fact_anchor(stored: StoredFact) -> str:
    """The reader page's anchor of a fact: /reports/{id}#f-{offset of its number}."""
    return f"f-{stored.fact.quantity.span.start}"


def fact_link(stored: StoredFact) -> str:
    return f"/reports/{stored.report_id}#{fact_anchor(stored)}"


def display_name(indicator: str, where: str | None = None) -> str:
    """The name a reader expects: 国内生产总值 for 地区生产总值 of 全国."""
    entry = by_name(indicator)
    return entry.name_for(where) if entry else indicator


@dataclass(frozen=True, slots=True)
class Measure:
    """One role, basis and unit of an indicator: what one chart shows."""

    role: str
    basis: str | None
    unit: str

    @property
    def key(self) -> str:
        """As a query value: change.yoy.%, level..元."""
        return f"{self.role}.{self.basis or ''}.{self.unit}"

    @property
    def label(self) -> str:
        """变化 · 同比(%), 水平(亿元 …)."""
        basis = basis_label(self.basis)
        if self.role == CHANGE and not basis:
            basis = "未注明比较基准"
        head = role_label(self.role) + (f" · {basis}" if basis else "")
        return f"{head}({self.unit})" if self.unit else head


def measure_of_row(row: SeriesRow) -> Measure:
    return Measure(row.role, row.basis if row.role == CHANGE else None, row.unit)


def measure_of_target(item: Tracked) -> Measure:
    """The measure a target is drawn on (see the module's text)."""
    target = item.target
    if sets_growth(target):
        when = target.when or ""
        return Measure(CHANGE, "avg" if is_span(when) else "yoy", target.unit)
    role = str(Role.SHARE) if target.unit in ("%", "‰") else str(Role.LEVEL)
    return Measure(role, None, target.unit)


# ---------------------------------------------------------------- the list of indicators


@dataclass(frozen=True, slots=True)
class IndicatorEntry:
    name: str  # as stored (the catalogue's name, else the metric's own words)
    shown: str  # as a reader expects it for its places (国内生产总值 for 全国 alone)
    catalogued: bool
    facts: int
    targets: int
    places: tuple[str, ...]
    first: str  # the earliest and latest period
    last: str


def indicator_index(store: Store) -> list[IndicatorEntry]:
    """Every indicator with a period in the ledger: catalogued ones first, most facts first."""
    groups: dict[str, list[StoredFact]] = defaultdict(list)
    for stored in store.facts():
        if stored.fact.indicator and stored.fact.when:
            groups[stored.fact.indicator].append(stored)
    entries = []
    for name, found in groups.items():
        places = tuple(sorted({s.fact.where for s in found if s.fact.where}))
        whens = sorted({s.fact.when for s in found if s.fact.when}, key=bounds)
        shown = display_name(name, places[0]) if len(places) == 1 else name
        entries.append(
            IndicatorEntry(
                name=name,
                shown=shown,
                catalogued=by_name(name) is not None,
                facts=len(found),
                targets=sum(1 for s in found if s.fact.role is Role.TARGET),
                places=places,
                first=whens[0],
                last=whens[-1],
            )
        )
    entries.sort(key=lambda e: (not e.catalogued, -e.facts, e.name))
    return entries


# ---------------------------------------------------------------- one indicator over time


@dataclass(frozen=True, slots=True)
class Point:
    """One value of a line: a series row as drawn and tabled."""

    line: str  # the place (or body) the line is of
    row: SeriesRow

    @property
    def when(self) -> str:
        return self.row.when

    @property
    def shown(self) -> str:
        return readable(self.row.value, self.row.unit)


@dataclass(frozen=True, slots=True)
class IndicatorView:
    name: str  # as stored
    shown: str
    measures: tuple[tuple[Measure, int], ...]  # every measure with how many rows and targets
    measure: Measure | None  # the one shown
    points: tuple[Point, ...]  # of the measure shown, by line and period
    targets: tuple[Tracked, ...]  # drawn on the measure shown
    places: tuple[str, ...]
    where: str | None
    other_rows: int  # rows of other measures (not drawn)

    @property
    def periods(self) -> list[str]:
        whens = {p.when for p in self.points} | {t.target.when for t in self.targets if t.target.when}
        return sorted(whens, key=bounds)

    @property
    def conflicts(self) -> int:
        return sum(1 for p in self.points if p.row.conflict)


def indicator_view(
    store: Store,
    name: str,
    tracked: Sequence[Tracked],
    measure_key: str = "",
    where: str | None = None,
) -> IndicatorView:
    """The indicator `name` (any of its names) with the measure `measure_key` chosen (by
    default the year-on-year change, else the measure with the most rows); `tracked` is the
    ledger's 目标对账, of which this indicator's targets are drawn."""
    stored_name = canonical_indicator(name)
    found = store.facts(lineup=Lineup(indicator=stored_name))
    all_rows = [r for r in rows_of(found) if r.role != TARGET]
    places = tuple(sorted({r.where for r in all_rows if r.where} | _target_places(tracked, stored_name)))
    rows = [r for r in all_rows if where is None or r.where == where]
    targets = [  # a target only implied with no amount said (完成年度目标的52%) has no point to draw
        t
        for t in tracked
        if t.target.indicator == stored_name
        and (where is None or t.target.where == where)
        and t.target.value is not None
    ]
    counts: Counter[Measure] = Counter(measure_of_row(r) for r in rows)
    counts.update(measure_of_target(t) for t in targets)
    measures = tuple(sorted(counts.items(), key=lambda mc: _measure_order(mc[0], mc[1])))
    chosen = next((m for m, _ in measures if m.key == measure_key), None) or _default(counts)
    points = tuple(
        Point(r.where or "", r) for r in rows if chosen is not None and measure_of_row(r) == chosen
    )
    drawn = tuple(t for t in targets if chosen is not None and measure_of_target(t) == chosen)
    return IndicatorView(
        name=stored_name,
        shown=display_name(stored_name, where or (places[0] if len(places) == 1 else None)),
        measures=measures,
        measure=chosen,
        points=points,
        targets=drawn,
        places=places,
        where=where,
        other_rows=len(rows) - len(points),
    )


def _target_places(tracked: Sequence[Tracked], name: str) -> set[str]:
    return {t.target.where for t in tracked if t.target.indicator == name and t.target.where}


def _measure_order(measure: Measure, count: int) -> tuple[int, int, str]:
    preferred = {("change", "yoy"): 0, ("level", None): 1}
    return (preferred.get((measure.role, measure.basis), 2), -count, measure.key)


def _default(counts: Counter[Measure]) -> Measure | None:
    if not counts:
        return None
    return min(counts, key=lambda m: _measure_order(m, counts[m]))


# ---------------------------------------------------------------- bodies side by side


@dataclass(frozen=True, slots=True)
class Bar:
    body: str  # the reporting body's full name
    fact: StoredFact
    others: int  # further facts of this body for the same measure and period (not drawn)

    @property
    def shown(self) -> str:
        return readable(self.fact.fact.value, self.fact.fact.quantity.unit)


@dataclass(frozen=True, slots=True)
class CompareView:
    indicators: tuple[tuple[str, int], ...]  # indicators stated by more than one body, with how many
    indicator: str
    shown: str
    measures: tuple[Measure, ...]
    measure: Measure | None
    periods: tuple[str, ...]
    when: str | None
    bars: tuple[Bar, ...] = field(default=())


def _body(stored: StoredFact) -> str:
    return stored.fact.body or stored.report_title


def comparable_indicators(store: Store) -> list[tuple[str, int]]:
    """Indicators that more than one body states for one measure and period, with the most
    bodies any such period has; most first."""
    bodies: dict[tuple[str, Measure, str], set[str]] = defaultdict(set)
    for stored in store.facts():
        f = stored.fact
        if f.indicator and f.when and f.role is not Role.TARGET:
            measure = Measure(str(f.role), f.basis if f.role is Role.CHANGE else None, f.quantity.unit)
            bodies[(f.indicator, measure, f.when)].add(_body(stored))
    best: dict[str, int] = {}
    for (name, _, _), names in bodies.items():
        if len(names) > 1:
            best[name] = max(best.get(name, 0), len(names))
    return sorted(best.items(), key=lambda nc: (-nc[1], nc[0]))


def compare_view(
    store: Store,
    indicators: Sequence[tuple[str, int]],
    indicator: str = "",
    measure_key: str = "",
    when: str = "",
) -> CompareView:
    """One bar per body for `indicator` (by default the one most bodies state), one measure
    (role, basis, unit) and one period (by default the latest that most bodies state)."""
    name = canonical_indicator(indicator) if indicator else (indicators[0][0] if indicators else "")
    stated = store.facts(lineup=Lineup(indicator=name)) if name else []
    found = [s for s in stated if s.fact.when and s.fact.role is not Role.TARGET]
    by_measure: dict[Measure, dict[str, dict[str, list[StoredFact]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for s in found:
        f = s.fact
        measure = Measure(str(f.role), f.basis if f.role is Role.CHANGE else None, f.quantity.unit)
        by_measure[measure][f.when or ""][_body(s)].append(s)

    def spread(m: Measure) -> tuple[int, int, int, str]:
        most = max(len(b) for b in by_measure[m].values())
        return (-most, _measure_order(m, 0)[0], -len(by_measure[m]), m.key)

    measures = tuple(sorted(by_measure, key=spread))
    chosen = next((m for m in measures if m.key == measure_key), measures[0] if measures else None)
    periods: tuple[str, ...] = ()
    period: str | None = None
    bars: tuple[Bar, ...] = ()
    if chosen is not None:
        of_measure = by_measure[chosen]
        periods = tuple(sorted(of_measure, key=bounds))
        period = when if when in of_measure else max(periods, key=lambda p: (len(of_measure[p]), bounds(p)))
        bars = tuple(_bar(body, facts) for body, facts in sorted(of_measure[period].items()))
    places = sorted({s.fact.where for s in found if s.fact.where})
    return CompareView(
        indicators=tuple(indicators),
        indicator=name,
        shown=display_name(name, places[0]) if len(places) == 1 else name,
        measures=measures,
        measure=chosen,
        periods=periods,
        when=period,
        bars=bars,
    )


def _bar(body: str, facts: list[StoredFact]) -> Bar:
    """A body's bar: its figure said of itself (no narrower subject) where it has one."""
    own = [s for s in facts if not s.fact.subject] or facts
    return Bar(body, own[0], len(facts) - 1)
