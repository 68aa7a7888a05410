"""Checks over extracted reports: progress against time, arithmetic, consistency.

Pure functions over model objects: `run_checks(reports)` needs no ledger, so it runs
on pipeline output as well as on reports loaded from a store (`check_store`).

- progress: a fact that says how much of a year's target or plan is done, against
  the share of the year the report covers (时间过半、任务过半).
- arithmetic: a share or rate stated beside the part and the whole it comes from
  (…265个…落地144个,占比54.3%), and totals split into parts and "the rest"
  (24个问题已整改到位20项、其余4项), recomputed.
- consistency: the same indicator (metric, subject, period, role, unit) stated twice
  with different values, in one report or across reports. Only facts whose subject
  the text names (全市, 市属企业) take part: a report moves between city, districts
  and zones, so an unnamed subject is no evidence of the same indicator.

Every rule leans towards saying nothing: a check speaks only when the wording links
the numbers. Language knowledge is in `rules/checks.yaml`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from duban import rules as rules_data
from duban.analyse.similarity import jaccard, similarity
from duban.model import Approx, ExtractedReport, Fact, Finding, Report, Role, SectionKind
from duban.rules import Rules, ordinal_value

if TYPE_CHECKING:
    from duban.store.base import Store

CLAUSE_BREAKS = frozenset(",,;;。::!!??")
SEGMENT_BREAKS = frozenset(";;。!!??")
PERCENT_UNITS = frozenset({"%", "百分点"})


def rules() -> Rules:
    """The checks' language data (`rules/checks.yaml`), parsed once."""
    return rules_data.checks()


@cache
def _regex(name: str) -> re.Pattern[str]:
    return re.compile(rules()[name])


def status_name(status: str) -> str:
    """落后 / 正常 / 超前 / 相符 / 不符 / 冲突 for a finding's status."""
    return rules_data.labels()["finding_statuses"].get(status, status)


def kind_name(kind: str) -> str:
    """进度 / 算术 / 一致性 for a finding's kind."""
    return rules_data.labels()["finding_kinds"].get(kind, kind)


# ---------------------------------------------------------------- the entry points


def run_checks(reports: Sequence[ExtractedReport]) -> list[Finding]:
    """All findings for these reports: progress and arithmetic per report (in text
    order), then consistency within and across them."""
    findings: list[Finding] = []
    for extracted in reports:
        findings.extend(check_progress(extracted))
        findings.extend(check_arithmetic(extracted))
    findings.extend(check_consistency(reports))
    return findings


def check_store(store: Store) -> list[Finding]:
    """`run_checks` over the whole ledger."""
    return run_checks(store.load_all())


# ---------------------------------------------------------------- shared helpers


@dataclass(frozen=True, slots=True)
class Located:
    """A fact with its quantity's offsets inside its sentence's text."""

    fact: Fact
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.fact.sentence.text


def locate(fact: Fact) -> Located:
    sentence = fact.sentence
    start = fact.quantity.span.start - sentence.span.start
    end = start + len(fact.quantity.text)
    if sentence.text[start:end] != fact.quantity.text:
        found = sentence.text.find(fact.quantity.text)
        if found >= 0:
            start, end = found, found + len(fact.quantity.text)
    return Located(fact, max(start, 0), max(end, 0))


def facts_by_sentence(facts: Iterable[Fact]) -> list[list[Located]]:
    """Facts grouped by sentence, each group in text order."""
    groups: dict[tuple[str, int], list[Located]] = defaultdict(list)
    for fact in facts:
        groups[(fact.sentence.report_id, fact.sentence.index)].append(locate(fact))
    return [sorted(group, key=lambda loc: loc.start) for group in groups.values()]


def _break_before(text: str, pos: int, breaks: frozenset[str]) -> int:
    """Start of the clause (or segment) holding position `pos`."""
    for i in range(min(pos, len(text)) - 1, -1, -1):
        if text[i] in breaks:
            return i + 1
    return 0


def clause_prefix(loc: Located) -> str:
    """The words between the start of the fact's clause and the fact."""
    return loc.text[_break_before(loc.text, loc.start, CLAUSE_BREAKS) : loc.start]


def _breaks_between(loc_a: Located, loc_b: Located) -> int:
    return sum(ch in CLAUSE_BREAKS for ch in loc_a.text[loc_a.end : loc_b.start])


def half_unit(fact: Fact) -> float:
    """Half the last written digit of a quantity, in the fact's value units: the
    rounding a stated number allows (54.3% → 0.05; 3975.2亿元 → 5e6)."""
    match = re.search(r"\d+(?:\.(\d+))?", fact.quantity.text)
    if not match:
        return 0.0
    written = float(match.group(0))
    if written == 0:
        return 0.0
    decimals = len(match.group(1) or "")
    magnitude = abs(fact.quantity.value) / written
    return 0.5 * 10.0 ** (-decimals) * magnitude


def fmt(number: float) -> str:
    """A number for a message: at most two decimals, no trailing zeros."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def normalise_metric(metric: str) -> str:
    return re.sub(r"[\s“”\"‘’'《》〈〉「」]", "", metric)


def metric_similarity(a: str, b: str) -> float:
    """1.0 for the same metric; 0.5–1 when one contains the other (the more of the
    longer it covers, the higher); else character-bigram Jaccard."""
    return similarity(normalise_metric(a), normalise_metric(b), contained=(0.5, 0.5), overlap=jaccard)


def units_pair(unit_a: str, unit_b: str) -> bool:
    """Two counts can be part and whole: equal units, or `个` with a count unit."""
    if not unit_a or not unit_b or unit_a in PERCENT_UNITS or unit_b in PERCENT_UNITS:
        return False
    if unit_a == unit_b:
        return True
    generic, counts = rules()["generic_count_unit"], set(rules()["count_units"])
    return (unit_a == generic and unit_b in counts) or (unit_b == generic and unit_a in counts)


# ---------------------------------------------------------------- progress


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


def progress_status(percent: float, elapsed: float, approx: Approx | None = None) -> str:
    """behind / on_track / ahead for `percent` done when `elapsed` % of the year is gone."""
    if percent < elapsed or (approx is Approx.UNDER and percent <= elapsed):
        return "behind"
    if percent >= elapsed + float(rules()["ahead_margin"]):
        return "ahead"
    return "on_track"


def is_annual_progress(loc: Located) -> bool:
    """A percentage whose clause names a target or plan for the year. Its role may
    read `share` (分别完成年度投资计划的77%): the wording decides, not the label."""
    fact = loc.fact
    return (
        fact.role in (Role.PROGRESS, Role.SHARE)
        and fact.quantity.unit == "%"
        and _regex("annual_plan_cue").search(clause_prefix(loc)) is not None
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
    said = loc.text[_break_before(loc.text, loc.start, CLAUSE_BREAKS) : loc.end]
    gap = fact.value - elapsed
    if status == "behind":
        verdict = f"落后时间进度{fmt(-gap)}个百分点" if gap < 0 else "未达时间进度"
    elif status == "ahead":
        verdict = f"超前时间进度{fmt(gap)}个百分点"
    else:
        verdict = "与时间进度基本同步"
    several = len(re.findall(r"\d%", said)) > 1
    message = (f"{fact.quantity.text}:" if several else "") + f"“{said}”,时间进度{fmt(elapsed)}%,{verdict}"
    facts: tuple[Fact, ...] = (fact,)
    level = _level_for(group, i)
    if level is not None:
        note, used = _inferred_target_note(level, fact, targets)
        message += f";{note}"
        facts = (level.fact, fact, *used)
    return Finding("progress", status, extracted.report.id, fact.sentence, message, facts)


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
        or _breaks_between(prev, loc) > 1
        or "分别" in between
        or any(ch in SEGMENT_BREAKS for ch in between)
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
    text = f"据{q.text}推算年度目标约{_as_written(level.fact, inferred)}"
    stated = _matching_target(level.fact, targets)
    if stated is None:
        return text, []
    slack = half_unit(stated)
    agrees = lo - slack <= stated.value <= hi + slack
    where = "计划所列目标" if stated.role is Role.TARGET else "文中所列数"
    verdict = "一致" if agrees else "不一致"
    return f"{text},与{where}“{_with_approx(stated)}”{verdict}", [stated]


def _with_approx(fact: Fact) -> str:
    """A stated number with its approximation: 50个以上, 约2.4亿元."""
    approx = fact.quantity.approx
    if approx is Approx.OVER:
        return f"{fact.quantity.text}以上"
    if approx is Approx.UNDER:
        return f"不到{fact.quantity.text}"
    if approx is Approx.ABOUT:
        return f"约{fact.quantity.text}"
    return fact.quantity.text


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


# ---------------------------------------------------------------- arithmetic


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
    if _regex("ratio_prefix").search(prefix):
        return "share"
    match = _regex("rate_prefix").search(prefix)
    if match:
        return "rate:" + match.group("stem")
    return None


def _ratio_finding(extracted: ExtractedReport, group: list[Located], i: int) -> Finding | None:
    loc = group[i]
    if not _is_ratio(loc) or i == 0:
        return None
    link = _ratio_link(loc)
    part = group[i - 1]
    if link is None or part.fact.quantity.unit in PERCENT_UNITS or _breaks_between(part, loc) > 1:
        return None
    if any(ch in SEGMENT_BREAKS for ch in loc.text[part.end : loc.start]):
        return None
    if link.startswith("rate:"):
        part_clause = part.text[_break_before(part.text, part.start, CLAUSE_BREAKS) : part.end + 4]
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
        status = "ok"
    elif len(results) == 1:
        whole, computed = results[0]
        status = "mismatch"
    else:
        return None
    return _arith_finding(extracted, loc, part, whole, computed, status)


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


def _arith_finding(
    extracted: ExtractedReport,
    ratio: Located,
    part: Located,
    whole: list[Located],
    computed: float,
    status: str,
) -> Finding:
    whole_text = "+".join(w.fact.quantity.text for w in whole)
    if len(whole) > 1:
        whole_text = f"({whole_text})"
    stated = ratio.fact.quantity.text
    verdict = "相符" if status == "ok" else "不符"
    message = f"{part.fact.quantity.text}÷{whole_text}={fmt(computed)}%,与所述{stated}{verdict}"
    facts = (*(w.fact for w in whole), part.fact, ratio.fact)
    return Finding("arithmetic", status, extracted.report.id, ratio.fact.sentence, message, facts)


def _remainder_finding(extracted: ExtractedReport, group: list[Located], i: int) -> Finding | None:
    """A total split into parts and "the rest": 24个问题已整改到位20项、其余4项."""
    rest = group[i]
    if rest.fact.quantity.unit in PERCENT_UNITS or not _regex("remainder_cue").search(clause_prefix(rest)):
        return None
    segment_start = _break_before(rest.text, rest.start, SEGMENT_BREAKS)
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
            return _sum_finding(extracted, earlier[j], parts, total, "ok")
    whole, part = earlier[-2], earlier[-1]
    if _breaks_between(whole, part) <= 1 and _breaks_between(part, rest) <= 1:
        parts = [part, rest]
        return _sum_finding(extracted, whole, parts, sum(p.fact.value for p in parts), "mismatch")
    return None


def _sum_finding(
    extracted: ExtractedReport, whole: Located, parts: list[Located], total: float, status: str
) -> Finding:
    summed = "+".join(p.fact.quantity.text for p in parts)
    verdict = "相符" if status == "ok" else "不符"
    message = f"{summed}={fmt(total)},与总数{whole.fact.quantity.text}{verdict}"
    facts = (whole.fact, *(p.fact for p in parts))
    return Finding("arithmetic", status, extracted.report.id, parts[-1].fact.sentence, message, facts)


# ---------------------------------------------------------------- consistency


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
        found = _regex("place_pattern").match(text)
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
    groups: dict[tuple[str, ...], list[tuple[Located, Report]]] = defaultdict(list)
    for extracted in reports:
        for group in facts_by_sentence(extracted.facts):
            keyed = [(loc, _consistency_key(loc, extracted.report)) for loc in group]
            per_key = Counter(key for _, key in keyed if key is not None)
            for loc, key in keyed:
                if key is not None and per_key[key] == 1:
                    groups[key].append((loc, extracted.report))
    for statements in groups.values():
        first, first_report = statements[0]
        for loc, report in statements[1:]:
            same_words = loc.fact.sentence.text == first.fact.sentence.text
            if not same_words and _differ(first.fact, loc.fact):
                yield _conflict(first, first_report, loc, report)


def _conflict(first: Located, first_report: Report, later: Located, later_report: Report) -> Finding:
    fact = later.fact
    where = "本报告前文" if first_report.id == later_report.id else f"《{first_report.title}》"
    message = (
        f"“{fact.metric}”此处为{fact.quantity.text},{where}为{first.fact.quantity.text},同一指标数值不一致"
    )
    return Finding("consistency", "conflict", later_report.id, fact.sentence, message, (first.fact, fact))
