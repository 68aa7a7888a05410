"""Consistency: the same indicator (metric, subject, period, role, unit) stated twice with
different values, in one report or across reports. Only facts whose subject the text names
(全市, 市属企业) take part: a report moves between city, districts and zones, so an unnamed
subject is no evidence of the same indicator."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

from duban.analyse.checks.common import (
    Located,
    facts_by_sentence,
    half_unit,
    normalise_metric,
    regex,
    rules,
    say,
)
from duban.model import Approx, ExtractedReport, Fact, Finding, FindingKind, FindingStatus, Report, Role


def normalise_period(period: str | None, report: Report) -> tuple[str, str]:
    """(year, part of year) for a fact: its own period, else its report's."""
    text = re.sub(r"\s", "", period or report.period or "")
    year_match = re.search(r"(\d{4})年", text) or re.search(r"(\d{4})年", report.period or "")
    year = year_match.group(1) if year_match else (str(report.date.year) if report.date else "")
    rest = re.sub(r"\d{4}年", "", text).replace("今年", "").replace("本年", "")
    for canonical, forms in rules()["period_synonyms"].items():
        if rest in forms:
            return year, canonical
    return year, rest


def change_basis(loc: Located) -> str:
    """The last basis word (同比, 两年平均, 年均 …) before a change in its sentence; of words
    ending at the same place the longest (两年平均, not 平均)."""
    before = loc.text[: loc.start]
    best, best_end = "", (-1, 0)
    for word in rules()["change_basis"]:
        at = before.rfind(word)
        end = (at + len(word), len(word)) if at >= 0 else (-1, 0)
        if end > best_end:
            best, best_end = word, end
    return best


def report_place(report: Report) -> str:
    """The place a report's body belongs to (烟台市商务局 → 烟台市), "" when unnamed."""
    for text in (report.department or "", report.title):
        found = regex("place_pattern").match(text)
        if found:
            return found.group("place")
    return ""


def qualified_subject(subject: str, report: Report) -> str:
    """A subject as one name: synonyms mapped (我市 → 全市), and a whole-area subject
    (全市, 全省) tied to its report's place, so Yantai's 全市 is not Qingdao's."""
    subject = rules()["subject_synonyms"].get(subject, subject)
    if subject in rules()["area_subjects"]:
        place = report_place(report)
        return f"{place}·{subject}" if place else subject
    return subject


def _consistency_key(loc: Located, report: Report) -> tuple[str, ...] | None:
    fact = loc.fact
    metric = normalise_metric(fact.metric)
    if len(metric) < int(rules()["min_metric_length"]) or metric in rules()["generic_metrics"]:
        return None
    if not fact.subject:
        return None  # whose number it is is unknown: no claim that two numbers are one indicator
    subject = qualified_subject(fact.subject, report)
    year, part = normalise_period(fact.period, report)
    basis = change_basis(loc) if fact.role in (Role.CHANGE, Role.DIFF) else ""
    return (metric, subject, year, part, str(fact.role), fact.quantity.unit, basis)


def _differ(a: Fact, b: Fact) -> bool:
    """Two statements of one indicator disagree beyond rounding and approximation."""
    tol = max(half_unit(a), half_unit(b)) + 1e-9 * max(abs(a.value), abs(b.value))
    approx_a, approx_b = a.quantity.approx, b.quantity.approx
    if approx_a and approx_b:
        return False
    if approx_a or approx_b:
        bound, exact = (a, b) if approx_a else (b, a)
        if bound.quantity.approx is Approx.OVER:
            return exact.value < bound.value - tol
        if bound.quantity.approx is Approx.UNDER:
            return exact.value > bound.value + tol
        return False
    return abs(a.value - b.value) > tol


def check_consistency(reports: Sequence[ExtractedReport]) -> Iterator[Finding]:
    """The same indicator told twice with different values. Only a fact that stands alone
    for its key in its sentence takes part (two numbers of one key in a sentence are a list,
    分别, or a level and its total), and never two statements in the same words (a report
    ingested twice)."""
    return conflicts(
        (key, loc, extracted.report) for extracted in reports for key, loc in statements(extracted)
    )


Key = tuple[str, ...]


def statements(extracted: ExtractedReport) -> list[tuple[Key, Located]]:
    """The facts of one report that take part in `check_consistency`, with their keys, in order:
    what a ledger can keep per report (`duban.analyse.findings`)."""
    taking_part: list[tuple[Key, Located]] = []
    for group in facts_by_sentence(extracted.facts):
        keyed = [(loc, _consistency_key(loc, extracted.report)) for loc in group]
        per_key = Counter(key for _, key in keyed if key is not None)
        for loc, key in keyed:
            if key is not None and per_key[key] == 1:
                taking_part.append((key, loc))
    return taking_part


def conflicts(stated: Iterable[tuple[Key, Located, Report]]) -> Iterator[Finding]:
    """Each statement that disagrees with the first of its key, statements in ledger order."""
    groups: dict[Key, list[tuple[Located, Report]]] = defaultdict(list)
    for key, loc, report in stated:
        groups[key].append((loc, report))
    for said in groups.values():
        first, first_report = said[0]
        for loc, report in said[1:]:
            found = conflict(first, first_report, loc, report)
            if found is not None:
                yield found


def conflict(first: Located, first_report: Report, loc: Located, report: Report) -> Finding | None:
    """The finding when a later statement disagrees with the first of its key, else None."""
    same_words = loc.fact.sentence.text == first.fact.sentence.text
    if not same_words and _differ(first.fact, loc.fact):
        return _conflict(first, first_report, loc, report)
    return None


def _conflict(first: Located, first_report: Report, later: Located, later_report: Report) -> Finding:
    fact = later.fact
    if first_report.id == later_report.id:
        where = say("same_report")
    else:
        where = say("other_report", title=first_report.title)
    message = say(
        "conflict", metric=fact.metric, here=fact.quantity.text, where=where, there=first.fact.quantity.text
    )
    facts = (first.fact, fact)
    return Finding(
        FindingKind.CONSISTENCY, FindingStatus.CONFLICT, later_report.id, fact.sentence, message, facts
    )
