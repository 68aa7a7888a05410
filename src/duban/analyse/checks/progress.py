"""Progress against time (时间过半、任务过半): a fact that says how much of a year's target or
plan is done, against the share of the year the report covers; and, when the level done is
said just before it, the annual target the two imply beside the one the report states."""

from __future__ import annotations

import re
from collections.abc import Iterator

from duban import rules as rules_data
from duban.analyse.checks.common import (
    PERCENT_UNITS,
    Located,
    break_before,
    breaks_between,
    clause_prefix,
    facts_by_sentence,
    fmt,
    half_unit,
    metric_similarity,
    regex,
    rules,
    say,
)
from duban.model import (
    Approx,
    ExtractedReport,
    Fact,
    Finding,
    FindingKind,
    FindingStatus,
    Report,
    Role,
    SectionKind,
)
from duban.rules import lexicon, ordinal_value


def _month_number(raw: str) -> int | None:
    return ordinal_value(raw) or None


def period_share(period: str) -> float | None:
    """The share of the year (0–1] a period covers: 上半年 → 0.5, 1-9月 → 0.75, 2024年 → 1."""
    for rule in rules()["elapsed"]:
        match = re.search(rule["pattern"], period)
        if not match:
            continue
        if "share" in rule:
            return float(rule["share"])
        month = _month_number(match.group(rule["month"]))
        if month and 1 <= month <= 12:
            return month / 12
    return None


def elapsed_share(report: Report, fact: Fact | None = None) -> float | None:
    """The time elapsed for a progress fact: the fact's own period when it names part
    of a year (截至6月末), else the report's period, else its title."""
    if fact is not None and fact.period:
        share = period_share(fact.period)
        if share is not None and share < 1.0:
            return share
    for source in (report.period, report.title):
        if source:
            share = period_share(source)
            if share is not None:
                return share
    return None


def progress_status(percent: float, elapsed: float, approx: Approx | None = None) -> FindingStatus:
    """behind / on_track / ahead for `percent` done when `elapsed` % of the year is gone."""
    if percent < elapsed or (approx is Approx.UNDER and percent <= elapsed):
        return FindingStatus.BEHIND
    if percent >= elapsed + float(rules()["ahead_margin"]):
        return FindingStatus.AHEAD
    return FindingStatus.ON_TRACK


def is_annual_progress(loc: Located) -> bool:
    """A percentage whose clause names a target or plan for the year. Its role may
    read `share` (分别完成年度投资计划的77%): the wording decides, not the label."""
    fact = loc.fact
    return (
        fact.role in (Role.PROGRESS, Role.SHARE)
        and fact.quantity.unit == "%"
        and regex("annual_plan_cue").search(clause_prefix(loc)) is not None
    )


def check_progress(extracted: ExtractedReport) -> Iterator[Finding]:
    """Progress against annual targets or plans, compared with the time elapsed.

    Rates that are progress by nature but not of a year's plan (开工率93.1%, 三年行动
    完成率超过50%) are left alone: the time elapsed says nothing about them.
    """
    targets = stated_targets(extracted)
    for group in facts_by_sentence(extracted.facts):
        for i, loc in enumerate(group):
            if not is_annual_progress(loc):
                continue
            elapsed = elapsed_share(extracted.report, loc.fact)
            if elapsed is None:
                continue
            yield _progress_finding(extracted, group, i, elapsed * 100, targets)


def _progress_finding(
    extracted: ExtractedReport, group: list[Located], i: int, elapsed: float, targets: list[Fact]
) -> Finding:
    loc = group[i]
    fact = loc.fact
    status = progress_status(fact.value, elapsed, fact.quantity.approx)
    said = loc.text[break_before(loc.text, loc.start, lexicon().clause_breaks) : loc.end]
    gap = fact.value - elapsed
    if status is FindingStatus.BEHIND:
        verdict = say("behind_by", gap=fmt(-gap)) if gap < 0 else say("behind")
    elif status is FindingStatus.AHEAD:
        verdict = say("ahead_by", gap=fmt(gap))
    else:
        verdict = say("on_track")
    message = say("progress", said=said, elapsed=fmt(elapsed), verdict=verdict)
    if len(re.findall(r"\d%", said)) > 1:
        message = say("progress_of", quantity=fact.quantity.text, message=message)
    facts: tuple[Fact, ...] = (fact,)
    level = _level_for(group, i)
    if level is not None:
        note, used = _inferred_target_note(level, fact, targets)
        message = say("with_target", message=message, note=note)
        facts = (level.fact, fact, *used)
    return Finding(FindingKind.PROGRESS, status, extracted.report.id, fact.sentence, message, facts)


def _level_for(group: list[Located], i: int) -> Located | None:
    """The level a progress fact measures, when it is said just before it:
    引进…项目26个,完成年度指标的52%."""
    if i == 0:
        return None
    prev, loc = group[i - 1], group[i]
    between = loc.text[prev.end : loc.start]
    if (
        prev.fact.role is not Role.LEVEL
        or prev.fact.quantity.unit in PERCENT_UNITS
        or breaks_between(prev, loc) > 1
        or "分别" in between
        or any(ch in lexicon().segment_breaks for ch in between)
    ):
        return None
    return prev


def stated_targets(extracted: ExtractedReport) -> list[Fact]:
    """Targets the report states (in its plans, or anywhere as a target)."""
    plans = {s.path for s in extracted.sections if s.kind is SectionKind.PLANS}
    return [
        f
        for f in extracted.facts
        if f.role is Role.TARGET
        or (f.role is Role.LEVEL and any(f.sentence.section_path[: len(p)] == p for p in plans))
    ]


def _inferred_target_note(level: Located, progress: Fact, targets: list[Fact]) -> tuple[str, list[Fact]]:
    """The annual target implied by level ÷ progress, and whether a stated target agrees."""
    q = level.fact.quantity
    pct, tol = progress.value, half_unit(progress)
    inferred = level.fact.value / (pct / 100)
    hi = level.fact.value / max(pct - tol, 1e-9) * 100
    lo = level.fact.value / (pct + tol) * 100
    text = say("inferred_target", level=q.text, target=_as_written(level.fact, inferred))
    stated = _matching_target(level.fact, targets)
    if stated is None:
        return text, []
    slack = half_unit(stated)
    agrees = lo - slack <= stated.value <= hi + slack
    where = say("plan_target") if stated.role is Role.TARGET else say("text_number")
    verdict = say("agrees") if agrees else say("disagrees")
    stated_text = _with_approx(stated)
    compared = say("compared_target", inferred=text, where=where, stated=stated_text, verdict=verdict)
    return compared, [stated]


def _with_approx(fact: Fact) -> str:
    """A stated number with its approximation: 50个以上, 约2.4亿元 (labels.yaml `approx`)."""
    q = fact.quantity
    if q.approx is None:
        return q.text
    return str(rules_data.labels()["approx_stated"][str(q.approx)]).format(text=q.text)


def _as_written(fact: Fact, value: float) -> str:
    """`value` in the magnitude and unit the fact was written in (11.02万人 → 25万人)."""
    q = fact.quantity
    match = re.search(r"\d+(?:\.\d+)?", q.text)
    if match and float(match.group(0)) and fact.value:
        scale = float(match.group(0)) / abs(fact.value)
        return f"{fmt(value * scale)}{q.text[match.end() :].strip()}"
    return f"{fmt(value)}{q.unit}"


def _matching_target(level: Fact, targets: list[Fact]) -> Fact | None:
    """The one stated target for the same metric and unit, if there is exactly one best."""
    threshold = float(rules()["metric_similarity"])
    scored = [
        (metric_similarity(level.metric, t.metric), t)
        for t in targets
        if t.quantity.unit == level.quantity.unit and t.sentence.index != level.sentence.index
    ]
    scored = [(s, t) for s, t in scored if s >= threshold]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    winners = {t.value for s, t in scored if s == best}
    if len(winners) != 1:
        return None
    return next(t for s, t in scored if s == best)
