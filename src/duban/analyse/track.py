"""目标对账: every target set against the outcome that a later (or the same) report states
for the same indicator, place and period, with a status:

- `met` / `missed`: an outcome of the period is stated, judged by the target's kind;
- `pending`: the period is not over, or no report after it is in the ledger yet (a half-year
  report's 完成年度目标的44% is shown as the outcome so far);
- `unclear`: the ledger states the indicator for that period, but not comparably (another
  unit, a level where a growth rate was set).

How a target is judged: its own words first — 以上/不低于 a floor, 以内/不超过/控制在 a
ceiling, two ends a range (met at or above the lower end; for an indicator where lower is
better, at or below the upper end); else the catalogue's kind for the indicator (CPI and
unemployment are ceilings, growth a floor), else a floor. A target said with 左右 is met within
a tolerance on the wrong side: `TOLERANCE_POINTS` percentage points for rates, `TOLERANCE_RELATIVE`
of the target for amounts and counts; a point target (左右 of an indicator with no better
side) is met within the tolerance either way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from duban import rules
from duban.analyse.series import canonical_indicator
from duban.lineup import by_name
from duban.lineup.indicator import Better, TargetKind
from duban.lineup.periods import bounds, within
from duban.model import Approx, Report, Role
from duban.store.base import Lineup, Store, StoredFact

Key = tuple[str, str | None, str | None]  # indicator, place, period
TOLERANCE_POINTS = 0.2  # a rate said with 左右 may miss by this many percentage points
TOLERANCE_RELATIVE = 0.02  # an amount or count said with 左右 may miss by 2 %
RATE_UNITS = frozenset({"%", "百分点"})


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    PENDING = "pending"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class Target:
    """A target: one fact, or the two ends of a range (6%—6.5%). An `implied` target is a
    year's target that no sentence states but a progress figure implies (引进集聚人才11.02万人,
    完成年度目标的44.08%): `low` is then the amount done so far, its value the target inferred
    from the two (about 25万人), or None when no amount is said."""

    low: StoredFact
    high: StoredFact | None = None
    implied: StoredFact | None = None  # the progress figure that implies the target

    @property
    def value(self) -> float | None:
        if self.implied is None:
            return self.low.fact.value
        share = self.implied.fact.value
        if self.low is self.implied or not share:
            return None
        return self.low.fact.value * 100 / share

    @property
    def unit(self) -> str:
        return self.low.fact.quantity.unit

    @property
    def indicator(self) -> str:
        return self.low.fact.indicator or self.low.fact.metric

    @property
    def where(self) -> str | None:
        return self.low.fact.where

    @property
    def when(self) -> str | None:
        when = self.low.fact.when
        return when[:4] if self.implied is not None and when else when  # the year the figure is of


@dataclass(frozen=True, slots=True)
class Tracked:
    """A target with its outcome (or the outcome so far) and status."""

    target: Target
    kind: TargetKind
    status: Status
    outcome: StoredFact | None = None
    so_far: StoredFact | None = None  # a progress figure of the period (完成年度目标的44%)


def track(
    store: Store,
    indicator: str | None = None,
    where: str | None = None,
    when: str | None = None,
    body: str | None = None,
    *,
    walked: Walk | None = None,
) -> list[Tracked]:
    """Every target of the ledger (of one indicator, place, period or body when given) with
    its outcome and status, in ledger order. `walked`: what an earlier call walked of the same
    target facts and judged against the same candidates (lists that only grow at their end, as
    `analyse.tracked` keeps them): judged on from there."""
    name = canonical_indicator(indicator) if indicator else None
    wanted = Lineup(indicator=name, where=where, when=when, body=body)
    facts = store.facts(role=str(Role.TARGET), lineup=wanted)
    reports = {s.report.id: s.report for s in store.reports()}
    walk = walked if walked is not None else Walk()
    targets = distinct_targets(facts, walk)
    tracked: list[Tracked | None] = [None] * len(targets)
    for key, indexes in walk.groups.items():  # each indicator and place once, in ledger order
        candidates = store.facts(lineup=Lineup(indicator=key[0], where=key[1]))
        kept = walk.judged.get(key)
        if kept is None or kept.candidates is not candidates:
            kept = walk.judged[key] = _Judged(candidates)
        if kept.judged != len(candidates) or len(kept.judgings) != len(indexes):
            kept.judgings += [Judging.of(targets[i]) for i in indexes[len(kept.judgings) :]]
            kept.found = [judging.over(candidates, reports) for judging in kept.judgings]
            kept.judged = len(candidates)
        for i, item in zip(indexes, kept.found, strict=True):
            tracked[i] = item
    done = [item for item in tracked if item is not None]
    return done + _implied_targets(store, wanted, set(walk.stated), walk)


@dataclass(slots=True)
class _Judged:
    """The targets of one indicator and place judged against its candidates: how many of the
    candidates, each target's judging (to go on from when the list grows) and what it found."""

    candidates: Sequence[StoredFact]
    judged: int = -1
    judgings: list[Judging] = field(default_factory=list)
    found: list[Tracked] = field(default_factory=list)


@dataclass(slots=True)
class Walk:
    """What `distinct_targets` walked of one list of target facts: how many of its facts, the
    targets found and what they say, the targets of each indicator and place (`groups`: their
    places in `targets`) and their judgements with the candidates judged against; and what
    `_implied_targets` walked of one list of progress figures: how many, those of a year's
    target, and the target each implies. A list that only grows at its end (a kept answer, new
    reports' facts appended) is walked on from there: no range crosses a report's end."""

    facts: Sequence[StoredFact] = ()
    done: int = 0
    targets: list[Target] = field(default_factory=list)
    seen: set[tuple[object, ...]] = field(default_factory=set)
    stated: set[Key] = field(default_factory=set)
    groups: dict[tuple[str, str | None], list[int]] = field(default_factory=dict)
    judged: dict[tuple[str, str | None], _Judged] = field(default_factory=dict)
    progress: Sequence[StoredFact] = ()
    progress_done: int = 0
    annual: list[StoredFact] = field(default_factory=list)
    implied: dict[int, Tracked] = field(default_factory=dict)  # by place in `annual`


def distinct_targets(facts: Sequence[StoredFact], walked: Walk | None = None) -> list[Target]:
    """The targets of `facts` with a period, each once (one target restated, 经济增长预期目标
    6.5%-7%,考虑了…: one row). `walked` is brought up to `facts` (walked anew when it is of
    another list) and keeps them for the next call."""
    walk = walked if walked is not None else Walk(facts)
    if walk.facts is not facts:
        walk.facts, walk.done, walk.targets, walk.seen = facts, 0, [], set()
        walk.stated, walk.groups, walk.judged = set(), {}, {}
    for target in targets_of(facts[walk.done :]):
        if target.when is None:
            continue
        same = (target.indicator, target.where, target.when, target.unit, target.value, _high(target))
        if same not in walk.seen:
            walk.seen.add(same)
            walk.groups.setdefault((same[0], same[1]), []).append(len(walk.targets))
            walk.stated.add((same[0], same[1], same[2]))
            walk.targets.append(target)
    walk.done = len(facts)
    return list(walk.targets)


def _implied_targets(
    store: Store, wanted: Lineup, stated: set[Key], walked: Walk | None = None
) -> list[Tracked]:
    """A year's target implied by a progress figure of part of the year (完成年度目标的44.08%)
    where no target of that indicator, place and year is stated: the amount done so far
    before it in the sentence, or the figure alone; pending, the figure its outcome so far."""
    found: list[Tracked] = []
    scope = Lineup(indicator=wanted.indicator, where=wanted.where, body=wanted.body)
    walk = walked or Walk()
    for at, stored in enumerate(_annual_progress(store.facts(role=str(Role.PROGRESS), lineup=scope), walk)):
        fact = stored.fact
        assert fact.when is not None and fact.indicator is not None
        year = fact.when[:4]
        if (wanted.when and wanted.when != year) or (fact.indicator, fact.where, year) in stated:
            continue
        if at not in walk.implied:  # what its own report says before it: read once
            same = Lineup(indicator=fact.indicator, where=fact.where, when=fact.when)
            done = [
                s
                for s in store.facts(report=stored.report_id, role=str(Role.LEVEL), lineup=same)
                if s.fact.sentence.index == fact.sentence.index
                and s.fact.quantity.span.end <= fact.quantity.span.start
            ]
            target = Target(done[-1] if done else stored, implied=stored)
            walk.implied[at] = Tracked(target, TargetKind.FLOOR, Status.PENDING, so_far=stored)
        found.append(walk.implied[at])
        stated.add((fact.indicator, fact.where, year))
    return found


def _annual_progress(progress: Sequence[StoredFact], walk: Walk) -> list[StoredFact]:
    """The progress figures of a year's target (年度, 全年 in their clause) with a period and an
    indicator, in order; `walk` is brought up to `progress` (anew when it is of another list)."""
    if walk.progress is not progress:
        walk.progress, walk.progress_done, walk.annual, walk.implied = progress, 0, [], {}
    walk.annual.extend(
        s
        for s in progress[walk.progress_done :]
        if s.fact.when and s.fact.indicator and _ANNUAL.search(_clause_of(s))
    )
    walk.progress_done = len(progress)
    return walk.annual


def _clause_of(stored: StoredFact) -> str:
    fact = stored.fact
    start = fact.quantity.span.start - fact.sentence.span.start
    return rules.clause_break().split(fact.sentence.text[:start])[-1]


_ANNUAL = re.compile(r"(?:年度|全年)")


def _high(target: Target) -> float | None:
    return target.high.fact.value if target.high else None


def targets_of(facts: Sequence[StoredFact]) -> list[Target]:
    """Targets, the two ends of a range joined into one."""
    found: list[Target] = []
    i = 0
    while i < len(facts):
        low = facts[i]
        nxt = facts[i + 1] if i + 1 < len(facts) else None
        if nxt is not None and _range_ends(low, nxt):
            found.append(Target(low, nxt))
            i += 2
        else:
            found.append(Target(low))
            i += 1
    return found


def _range_ends(a: StoredFact, b: StoredFact) -> bool:
    """6%－6.5%: two values of one sentence and metric joined by a range mark."""
    fa, fb = a.fact, b.fact
    if fa.sentence != fb.sentence or fa.metric != fb.metric or fa.quantity.unit != fb.quantity.unit:
        return False
    start = fa.sentence.span.start
    between = fa.sentence.text[fa.quantity.span.end - start : fb.quantity.span.start - start]
    return bool(re.fullmatch(r"[-—－~～至到]{1,2}", between))


@dataclass(slots=True)
class Judging:
    """One target's outcome among its candidates (facts of its indicator and place) and status,
    going through them in order: what the first `done` gave, so that a list that only grows at
    its end (a kept answer) is judged on from there.

    Of the candidates of the target's period, stated once it was over (not targets, not
    progress): the outcome is the comparable one of the earliest report (the first of those,
    in list order); for a rate with no comparable one, the one comparable the other way
    (设定为6%以上: a rate with no verb of its own); with none, the first is `unclear`. Else the
    target is pending, with the last progress figure of part of its period."""

    target: Target
    kind: TargetKind
    when: str
    growth: bool
    end: str
    done: int = 0
    first: StoredFact | None = None
    best: tuple[str, StoredFact] | None = None
    best_other_way: tuple[str, StoredFact] | None = None
    so_far: StoredFact | None = None
    last: Tracked | None = None

    @classmethod
    def of(cls, target: Target) -> Judging:
        kind = target_kind(target)
        when = target.when
        assert when is not None
        return cls(target, kind, when, sets_growth(target), bounds(when)[1])

    def over(self, candidates: Sequence[StoredFact], reports: dict[str, Report]) -> Tracked:
        if self.last is not None and self.done == len(candidates):
            return self.last
        target, when = self.target, self.when
        rate = target.unit in RATE_UNITS
        for c in candidates[self.done :]:
            f = c.fact
            if f.role is Role.PROGRESS:
                if f.when and f.when != when and within(f.when, when):
                    self.so_far = c
                continue
            if f.when != when or f.role is Role.TARGET or not _after(c, self.end, reports):
                continue
            if self.first is None:
                self.first = c
            if _comparable(c, target, self.growth):
                self.best = _earlier(self.best, c, reports)
            elif rate and _comparable(c, target, not self.growth):
                self.best_other_way = _earlier(self.best_other_way, c, reports)
        self.done = len(candidates)
        self.last = self._found()
        return self.last

    def _found(self) -> Tracked:
        best = self.best or self.best_other_way
        if best is not None:
            met = is_met(self.target, self.kind, best[1].fact.value)
            return Tracked(self.target, self.kind, Status.MET if met else Status.MISSED, best[1])
        if self.first is not None:
            return Tracked(self.target, self.kind, Status.UNCLEAR, self.first)
        return Tracked(self.target, self.kind, Status.PENDING, so_far=self.so_far)


def _earlier(
    best: tuple[str, StoredFact] | None, candidate: StoredFact, reports: dict[str, Report]
) -> tuple[str, StoredFact]:
    """The candidate of the earlier report, the one met first when both are of one time."""
    time = _report_time(reports.get(candidate.report_id))
    return (time, candidate) if best is None or time < best[0] else best


def target_kind(target: Target) -> TargetKind:
    """How the target is judged: by its words, else by the catalogue, else a floor."""
    if target.high is not None:
        return TargetKind.RANGE
    approx = target.low.fact.quantity.approx
    if approx is Approx.OVER:
        return TargetKind.FLOOR
    if approx is Approx.UNDER or _says_ceiling(target):
        return TargetKind.CEILING
    entry = by_name(target.indicator)
    if entry is None:
        return TargetKind.FLOOR
    if entry.target is TargetKind.POINT and approx is not Approx.ABOUT:
        return TargetKind.FLOOR if entry.better is Better.HIGHER else entry.target
    return entry.target


def _says_ceiling(target: Target) -> bool:
    """控制在3%左右, 不超过: the words before the number bound it from above."""
    fact = target.low.fact
    before = fact.sentence.text[: fact.quantity.span.start - fact.sentence.span.start]
    return bool(_cues()["ceiling"].search(before[-8:]))


def sets_growth(target: Target) -> bool:
    """Whether a rate target sets a change (增长6%, 下降2.5%) rather than a level (失业率5.5%)."""
    fact = target.low.fact
    if fact.quantity.unit not in RATE_UNITS:
        return False
    before = fact.sentence.text[: fact.quantity.span.start - fact.sentence.span.start]
    clause = rules.clause_break().split(before)[-1]
    return bool(_cues()["growth"].search(clause))


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    data = rules.lineup()["track"]
    return {"growth": re.compile(data["growth_cue"]), "ceiling": re.compile(data["ceiling_cue"])}


def _comparable(outcome: StoredFact, target: Target, growth: bool) -> bool:
    f = outcome.fact
    if f.quantity.unit != target.unit:
        return False
    if growth:
        return f.role is Role.CHANGE and f.basis in (None, "yoy", "avg")
    return f.role is not Role.CHANGE


def is_met(target: Target, kind: TargetKind, value: float) -> bool:
    """Whether `value` meets the target (see the module's text for the tolerance). A cut
    (下降3.4%以上, a negative target) bounds the size of the fall: 以上 is at least that fall."""
    low = target.value
    assert low is not None
    tolerance = _tolerance(target) if target.low.fact.quantity.approx is Approx.ABOUT else 0.0
    entry = by_name(target.indicator)
    lower_better = entry is not None and entry.better is Better.LOWER
    bound = target.low.fact.quantity.approx in (Approx.OVER, Approx.UNDER)  # 以上, 以内: said in words
    if low < 0 and bound and kind in (TargetKind.FLOOR, TargetKind.CEILING):
        kind = TargetKind.CEILING if kind is TargetKind.FLOOR else TargetKind.FLOOR  # a fall of at least
    match kind:
        case TargetKind.RANGE:
            high = target.high.fact.value if target.high else low
            return value <= max(low, high) if lower_better else value >= min(low, high)
        case TargetKind.CEILING:
            return value <= low + tolerance
        case TargetKind.POINT:
            return abs(value - low) <= max(tolerance, _tolerance(target))
    return value >= low - tolerance


def _tolerance(target: Target) -> float:
    if target.unit in RATE_UNITS:
        return TOLERANCE_POINTS
    return TOLERANCE_RELATIVE * abs(target.value or 0.0)


def _after(outcome: StoredFact, period_end: str, reports: dict[str, Report]) -> bool:
    """Whether the outcome's report was given once the period was over."""
    return _report_time(reports.get(outcome.report_id)) >= period_end


def _report_time(report: Report | None) -> str:
    """When a report was given: its date, else the end of its own period (a 政府工作报告 of Y
    without a date: early in Y)."""
    if report is None:
        return ""
    if report.date:
        return report.date.isoformat()
    m = re.search(r"((?:19|20)\d\d)年", report.period or report.title or "")
    if m is None:
        return ""
    year = int(m.group(1))
    if "政府工作报告" in report.title:
        return dt.date(year, 3, 1).isoformat()
    if report.period and "上半年" in report.period:
        return dt.date(year, 6, 30).isoformat()
    return dt.date(year, 12, 31).isoformat()


def tracked_json(item: Tracked) -> dict[str, object]:
    """The object `duban track --json` prints (one per target)."""
    target = item.target
    low = target.low
    payload: dict[str, object] = {
        "value": target.value,
        "unit": target.unit,
        "approx": str(low.fact.quantity.approx) if low.fact.quantity.approx else None,
        "text": low.fact.quantity.text if target.high is None else _range_text(target),
        "doc": low.report_title,
        "sentence": low.fact.sentence.text,
    }
    if target.high is not None:
        payload["high"] = target.high.fact.value
    if target.implied is not None:  # no sentence states it: inferred from the progress so far
        payload.update(implied=True, approx="about", text=_implied_text(target), unit=target.unit)
    return {
        "indicator": target.indicator,
        "where": target.where,
        "when": target.when,
        "kind": str(item.kind),
        "target": payload,
        "outcome": _outcome_json(item.outcome),
        "so_far": _outcome_json(item.so_far),
        "status": str(item.status),
    }


def _implied_text(target: Target) -> str:
    """年度目标(据11.02万人、完成44.08%推算), or with the progress figure's words alone."""
    implied = target.implied
    assert implied is not None
    if target.value is None or target.low is implied:
        return f"年度目标(已完成{implied.fact.quantity.text})"
    return f"年度目标(据{target.low.fact.quantity.text}、完成{implied.fact.quantity.text}推算)"


def _range_text(target: Target) -> str:
    low, high = target.low.fact, target.high.fact if target.high else None
    if high is None:
        return low.quantity.text
    start = low.sentence.span.start
    return low.sentence.text[low.quantity.span.start - start : high.quantity.span.end - start]


def _outcome_json(stored: StoredFact | None) -> dict[str, object] | None:
    if stored is None:
        return None
    f = stored.fact
    return {
        "value": f.value,
        "unit": f.quantity.unit,
        "role": str(f.role),
        "basis": f.basis,
        "when": f.when,
        "text": f.quantity.text,
        "doc": stored.report_title,
        "sentence": f.sentence.text,
    }
