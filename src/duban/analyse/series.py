"""An indicator over time: the values the ledger's reports state for one indicator, one row
per place, period, role, basis and unit, each with its sources; a row whose reports state
different values is flagged.

`series(store, "国内生产总值")` reads the facts of the catalogue entry the name resolves to
(any of its names or aliases), or of the indicator stored under that very name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from duban.lineup import by_name
from duban.lineup.periods import bounds
from duban.model import Fact, Role
from duban.store.base import Lineup, Store, StoredFact

RELATIVE_AGREEMENT = 0.005  # two values within 0.5 % of each other state the same figure
POINTS_AGREEMENT = 0.05  # rates and points: within 0.05 of a point


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """One indicator at one place and period, in one role, basis and unit."""

    indicator: str
    where: str | None
    when: str
    role: str
    basis: str | None
    unit: str
    facts: tuple[StoredFact, ...]  # its sources, in ledger order

    @property
    def value(self) -> float:
        """The value the first source states."""
        return self.facts[0].fact.value

    @property
    def conflict(self) -> bool:
        """Whether two reports state values that do not agree (approximations allowing)."""
        return any(not agree(a.fact, b.fact) for a, b in _pairs(self.facts) if a.report_id != b.report_id)


def canonical_indicator(name: str) -> str:
    """The name facts are stored under for `name`: the catalogue entry's, else `name` itself."""
    entry = by_name(name)
    return entry.name if entry else name


def series(
    store: Store, indicator: str, where: str | None = None, role: str | None = None
) -> list[SeriesRow]:
    """The rows of `indicator` in order of place and period (targets included, as role target)."""
    found = store.facts(role=role, lineup=Lineup(indicator=canonical_indicator(indicator), where=where))
    return rows_of(found)


def rows_of(found: Iterable[StoredFact]) -> list[SeriesRow]:
    """Facts grouped into rows; facts without a period are left out."""
    groups: dict[tuple[str, str | None, str, str, str | None, str], list[StoredFact]] = {}
    for stored in found:
        f = stored.fact
        if f.when is None or f.indicator is None:
            continue
        key = (f.indicator, f.where, f.when, str(f.role), f.basis, f.quantity.unit)
        groups.setdefault(key, []).append(stored)
    rows = [SeriesRow(*key, facts=tuple(facts)) for key, facts in groups.items()]
    rows.sort(key=lambda r: (r.where or "", bounds(r.when), r.role, r.basis or "", r.unit))
    return rows


def agree(a: Fact, b: Fact) -> bool:
    """Whether two statements of one figure agree: equal within rounding, or one approximate
    (约, 超过, 近) and on its side of the other."""
    if a.quantity.approx or b.quantity.approx:
        return _within(a.value, b.value, 0.05) or _approx_side(a, b) or _approx_side(b, a)
    if a.quantity.unit in ("%", "百分点") or a.role is Role.RANK:
        return abs(a.value - b.value) <= POINTS_AGREEMENT
    return _within(a.value, b.value, RELATIVE_AGREEMENT)


def _within(x: float, y: float, relative: float) -> bool:
    return abs(x - y) <= relative * max(abs(x), abs(y), 1e-9)


def _approx_side(approx: Fact, exact: Fact) -> bool:
    """超过90万亿元 agrees with 90.03万亿元; 近70万亿元 with 69.9万亿元."""
    kind = approx.quantity.approx
    if kind is None:
        return False
    if str(kind) == "over":
        return exact.value >= approx.value
    if str(kind) == "under":
        return exact.value <= approx.value
    return _within(approx.value, exact.value, 0.05)


def _pairs(items: Sequence[StoredFact]) -> Iterable[tuple[StoredFact, StoredFact]]:
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            yield a, b
