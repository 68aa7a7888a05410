"""Arithmetic: a share or rate stated beside the part and the whole it comes from
(…265个…落地144个,占比54.3%), and totals split into parts and "the rest" (24个问题已整改
到位20项、其余4项), recomputed."""

from __future__ import annotations

from collections.abc import Iterator

from duban.analyse.checks.common import (
    PERCENT_UNITS,
    Located,
    break_before,
    breaks_between,
    clause_prefix,
    facts_by_sentence,
    fmt,
    half_unit,
    regex,
    say,
    status_name,
    units_pair,
)
from duban.model import Approx, ExtractedReport, Finding, FindingKind, FindingStatus, Role
from duban.rules import lexicon


def check_arithmetic(extracted: ExtractedReport) -> Iterator[Finding]:
    """Stated shares/rates recomputed from their part and whole; totals from their parts."""
    for group in facts_by_sentence(extracted.facts):
        for i in range(len(group)):
            finding = _ratio_finding(extracted, group, i) or _remainder_finding(extracted, group, i)
            if finding is not None:
                yield finding


def _is_ratio(loc: Located) -> bool:
    fact = loc.fact
    return fact.quantity.unit == "%" and fact.role not in (Role.CHANGE, Role.DIFF, Role.TARGET)


def _ratio_link(loc: Located) -> str | None:
    """'share' when the percentage is 占比… of what was just said, 'rate:<stem>' for a
    named rate, None when the wording does not link it to the numbers before it."""
    prefix = clause_prefix(loc)
    if "分别" in prefix:
        return None
    if regex("ratio_prefix").search(prefix):
        return "share"
    match = regex("rate_prefix").search(prefix)
    if match:
        return "rate:" + match.group("stem")
    return None


def _ratio_finding(extracted: ExtractedReport, group: list[Located], i: int) -> Finding | None:
    loc = group[i]
    if not _is_ratio(loc) or i == 0:
        return None
    link = _ratio_link(loc)
    part = group[i - 1]
    if link is None or part.fact.quantity.unit in PERCENT_UNITS or breaks_between(part, loc) > 1:
        return None
    if any(ch in lexicon().segment_breaks for ch in loc.text[part.end : loc.start]):
        return None
    if link.startswith("rate:"):
        part_clause = part.text[break_before(part.text, part.start, lexicon().clause_breaks) : part.end + 4]
        if link[5:] not in part_clause:
            return None
    wholes = _whole_candidates(group, i - 1)
    if not wholes:
        return None
    stated, tol = loc.fact.value, half_unit(loc.fact) + 0.01
    results = [(whole, part.fact.value / whole_value * 100) for whole, whole_value in wholes]
    agreeing = [(w, c) for w, c in results if _agrees(c, stated, tol, loc.fact.quantity.approx)]
    if agreeing:
        whole, computed = agreeing[0]
        status = FindingStatus.OK
    elif len(results) == 1:
        whole, computed = results[0]
        status = FindingStatus.MISMATCH
    else:
        return None
    return _ratio_checked(extracted, loc, part, whole, computed, status)


def _whole_candidates(group: list[Located], part_index: int) -> list[tuple[list[Located], float]]:
    """Possible wholes for the part at `part_index`: the nearest earlier count of a
    matching unit, and — when several precede it — their sum (20所幼儿园、30所中小学…
    开工建设44所). Each must be at least the part."""
    part = group[part_index]
    earlier = [
        g
        for g in group[:part_index]
        if units_pair(g.fact.quantity.unit, part.fact.quantity.unit) and g.fact.role is not Role.CHANGE
    ]
    if not earlier:
        return []
    candidates = [([earlier[-1]], earlier[-1].fact.value)]
    if len(earlier) > 1:
        candidates.append((earlier, sum(g.fact.value for g in earlier)))
    return [(w, v) for w, v in candidates if v > 0 and v >= part.fact.value]


def _agrees(computed: float, stated: float, tol: float, approx: Approx | None) -> bool:
    if approx is Approx.OVER:
        return computed >= stated - tol
    if approx is Approx.UNDER:
        return computed <= stated + tol
    if approx is Approx.ABOUT:
        return abs(computed - stated) <= tol + 1.0
    return abs(computed - stated) <= tol


def _ratio_checked(
    extracted: ExtractedReport,
    ratio: Located,
    part: Located,
    whole: list[Located],
    computed: float,
    status: FindingStatus,
) -> Finding:
    whole_text = "+".join(w.fact.quantity.text for w in whole)
    if len(whole) > 1:
        whole_text = f"({whole_text})"
    message = say(
        "ratio",
        part=part.fact.quantity.text,
        whole=whole_text,
        computed=fmt(computed),
        stated=ratio.fact.quantity.text,
        verdict=status_name(status),
    )
    facts = (*(w.fact for w in whole), part.fact, ratio.fact)
    return Finding(FindingKind.ARITHMETIC, status, extracted.report.id, ratio.fact.sentence, message, facts)


def _remainder_finding(extracted: ExtractedReport, group: list[Located], i: int) -> Finding | None:
    """A total split into parts and "the rest": 24个问题已整改到位20项、其余4项."""
    rest = group[i]
    if rest.fact.quantity.unit in PERCENT_UNITS or not regex("remainder_cue").search(clause_prefix(rest)):
        return None
    segment_start = break_before(rest.text, rest.start, lexicon().segment_breaks)
    earlier = [
        g
        for g in group[:i]
        if g.start >= segment_start
        and units_pair(g.fact.quantity.unit, rest.fact.quantity.unit)
        and g.fact.role is Role.LEVEL
    ]
    if len(earlier) < 2:
        return None
    for j in range(len(earlier) - 2, -1, -1):
        parts = [*earlier[j + 1 :], rest]
        total = sum(p.fact.value for p in parts)
        tol = sum(half_unit(p.fact) for p in parts) + half_unit(earlier[j].fact) + 1e-9
        if abs(earlier[j].fact.value - total) <= tol:
            return _sum_checked(extracted, earlier[j], parts, total, FindingStatus.OK)
    whole, part = earlier[-2], earlier[-1]
    if breaks_between(whole, part) <= 1 and breaks_between(part, rest) <= 1:
        parts = [part, rest]
        total = sum(p.fact.value for p in parts)
        return _sum_checked(extracted, whole, parts, total, FindingStatus.MISMATCH)
    return None


def _sum_checked(
    extracted: ExtractedReport, whole: Located, parts: list[Located], total: float, status: FindingStatus
) -> Finding:
    message = say(
        "total",
        parts="+".join(p.fact.quantity.text for p in parts),
        total=fmt(total),
        whole=whole.fact.quantity.text,
        verdict=status_name(status),
    )
    facts = (whole.fact, *(p.fact for p in parts))
    return Finding(
        FindingKind.ARITHMETIC, status, extracted.report.id, parts[-1].fact.sentence, message, facts
    )
