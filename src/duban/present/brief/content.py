"""What the 综合简报 says: `build_brief(reports, findings, tracked=…)` chooses it, a `Brief` of
model-free lines (`Line`), each with its source sentence: the opening summary, the 目标对账,
and for each body its key indicators, progress behind, data issues, problems and plans.

Also what both renderings lay out alike: the sections of a body (`SECTIONS`), the report
line under its heading and the words a footnote cites (`source_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from duban.analyse.checks import (
    Located,
    facts_by_sentence,
    locate,
    run_checks,
    status_name,
)
from duban.analyse.track import Tracked
from duban.model import ExtractedReport, Finding, Item, ItemKind, Role, SectionKind
from duban.present.export.files import FIXED_STAMP, stamp_of
from duban.present.labels import status_label
from duban.present.targets import STATUS_ORDER, TargetRow, board
from duban.rules import lexicon

MAX_INDICATORS = 8
MAX_ITEMS = 6
ITEM_CHARS = 80
CLAUSE_CHARS = 50
QUOTE_CHARS = 120
MAX_TARGETS = 24
SUMMARY_CHARS = 40
MONEY_UNITS = frozenset({"元", "美元", "欧元", "港元", "日元"})


@dataclass(frozen=True, slots=True)
class Line:
    """One statement of the brief and where it was said."""

    text: str
    source_title: str = ""
    source_sentence: str = ""


@dataclass(slots=True)
class BodyBrief:
    """What the brief says about one report (one department or body)."""

    name: str
    title: str
    period: str
    indicators: list[Line] = field(default_factory=list)
    behind: list[Line] = field(default_factory=list)
    issues: list[Line] = field(default_factory=list)
    problems: list[Line] = field(default_factory=list)
    plans: list[Line] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TargetBrief:
    """The 目标对账 of the brief: how many targets by status, and the lines worth reading."""

    counts: tuple[tuple[str, int], ...]  # (status label, how many), every status
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    date_range: str  # the dates the reports were given
    bodies: list[BodyBrief]
    stamp: dt.datetime = FIXED_STAMP  # written into the Word file: the latest report date
    period: str = ""  # the period the reports cover (2021年上半年; 2016年至2026年)
    summary: tuple[str, ...] = ()  # the opening: bodies, targets, progress, main problems
    targets: TargetBrief | None = None


def _joined(text: str) -> str:
    return "".join(text.split())


def _trim(text: str, limit: int) -> str:
    text = _joined(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between ,;。 marks) that holds text[start:end]."""
    breaks = lexicon().clause_breaks
    left = max((i for i in range(start) if text[i] in breaks), default=-1) + 1
    right = next((i for i in range(end, len(text)) if text[i] in breaks), len(text))
    return left, right


def _whole_clause(loc: Located) -> str:
    left, right = _clause_span(loc.text, loc.start, loc.end)
    return _joined(loc.text[left:right]).lstrip("、")


def quote(sentence: str, start: int, end: int) -> str:
    """The sentence as a quote; a long one cut to the words around text[start:end]."""
    if len(_joined(sentence)) <= QUOTE_CHARS:
        return _joined(sentence)
    half = QUOTE_CHARS // 2
    left, right = max(start - half, 0), min(end + half, len(sentence))
    cut = _joined(sentence[left:right])
    return ("…" if left > 0 else "") + cut + ("…" if right < len(sentence) else "")


def _indicator_text(level: Located, change: Located | None) -> str:
    """What a level says in the report's own words: the clause that holds it, and the
    clause of its change (全市生产总值实现6539.21亿元,同比增长13.8%)."""
    fact = level.fact
    said = _whole_clause(level)
    if len(said) > CLAUSE_CHARS:
        said = f"{fact.subject or ''}{fact.metric}{fact.quantity.text}"
    if change is None:
        return said
    changed = _whole_clause(change)
    if changed == said or changed in said:
        return said
    if len(changed) > CLAUSE_CHARS:
        changed = f"变化{change.fact.quantity.text}"
    return f"{said},{changed}"


def _follow_change(group: list[Located], i: int) -> Located | None:
    """The change said of the level at `i`: the next fact that is not a rank."""
    for loc in group[i + 1 :]:
        if loc.fact.role is Role.RANK:
            continue
        between = loc.text[group[i].end : loc.start]
        return loc if loc.fact.role is Role.CHANGE and "分别" not in between else None
    return None


def _in_sections(path: tuple[int, ...], roots: set[tuple[int, ...]]) -> bool:
    return any(path[: len(root)] == root for root in roots)


def key_indicators(extracted: ExtractedReport) -> list[Line]:
    """Levels from the report's achievements: those with a change first, then
    amounts of money, then other counts; each line once."""
    kinds = (SectionKind.PROBLEMS, SectionKind.PLANS)
    outside = {s.path for s in extracted.sections if s.kind in kinds}
    ranked: list[tuple[int, int, Line]] = []
    for group in facts_by_sentence(extracted.facts):
        for i, loc in enumerate(group):
            fact = loc.fact
            if fact.role is not Role.LEVEL or _in_sections(fact.sentence.section_path, outside):
                continue
            change = _follow_change(group, i)
            end = change.end if change else loc.end
            line = Line(_indicator_text(loc, change), extracted.report.title, quote(loc.text, loc.start, end))
            rank = 0 if change else (1 if fact.quantity.unit in MONEY_UNITS else 2)
            ranked.append((rank, len(ranked), line))
    lines, seen = [], set()
    for _, _, line in sorted(ranked, key=lambda r: r[:2]):
        if line.text not in seen:
            seen.add(line.text)
            lines.append(line)
    return lines[:MAX_INDICATORS]


def _finding_line(finding: Finding, title: str) -> Line:
    label = status_name(finding.status)
    loc = locate(finding.facts[-1]) if finding.facts else None
    sentence = finding.sentence.text
    source = quote(sentence, loc.start, loc.end) if loc else quote(sentence, 0, 0)
    return Line(f"【{label}】{finding.message}", title, source)


def body_brief(extracted: ExtractedReport, findings: Sequence[Finding]) -> BodyBrief:
    report = extracted.report
    mine = [f for f in findings if f.report_id == report.id]
    items = {kind: [i for i in extracted.items if i.kind is kind] for kind in ItemKind}
    return BodyBrief(
        name=report.department or report.title,
        title=report.title,
        period=report.period or "",
        indicators=key_indicators(extracted),
        behind=[_finding_line(f, report.title) for f in mine if f.status == "behind"],
        issues=[_finding_line(f, report.title) for f in mine if f.status in ("mismatch", "conflict")],
        problems=_item_lines(items[ItemKind.PROBLEM], report.title),
        plans=_item_lines(items[ItemKind.PLAN], report.title),
    )


FRAGMENT_STARTS = ")）”」』》〉、,，;；:：。!！?？"


def _item_lines(items: Sequence[Item], title: str) -> list[Line]:
    """Items as lines, each cut at a clause's end where it is long and sourced to its report;
    a piece that starts inside a sentence or a bracket (被选入省重点工程)“中国…) is left out."""
    lines = []
    for item in items:
        text = _joined(item.text)
        if not text or text[0] in FRAGMENT_STARTS or _unbalanced(text):
            continue
        lines.append(Line(_clause_cut(text, ITEM_CHARS), title, _trim(text, QUOTE_CHARS)))
        if len(lines) == MAX_ITEMS:
            break
    return lines


def _unbalanced(text: str) -> bool:
    return any(text.count(a) < text.count(b) for a, b in ("()", "()", "“”", "《》"))


def _clause_cut(text: str, limit: int) -> str:
    """`text` when short, else cut after its last clause mark before `limit` (…)."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = max(head.rfind(mark) for mark in ",,;;。")
    return (head[:cut] if cut >= limit // 2 else head) + "…"


def _date_range(reports: Sequence[ExtractedReport]) -> str:
    dates = sorted(er.report.date for er in reports if er.report.date)
    if dates:
        first, last = dates[0].isoformat(), dates[-1].isoformat()
        return first if first == last else f"{first} 至 {last}"
    periods = sorted({er.report.period for er in reports if er.report.period})
    return "、".join(periods) if periods else "未注明日期"


def period_covered(reports: Sequence[ExtractedReport]) -> str:
    """The period the reports cover, as their own words say it: 2021年上半年; 2016年至2026年."""
    periods = {er.report.period for er in reports if er.report.period}
    if not periods:
        return "未注明"
    if len(periods) == 1:
        return next(iter(periods))
    ordered = sorted(periods, key=lambda p: (re.findall(r"\d{4}", p) or ["9999"])[0] + p)
    return f"{ordered[0]}至{ordered[-1]}"


def target_brief(tracked: Sequence[Tracked]) -> TargetBrief | None:
    """Counts by status and the lines: every target missed or unclear, then met, then pending
    with progress so far (at most MAX_TARGETS in all)."""
    if not tracked:
        return None
    rows = board(tracked).rows
    counts = tuple((status_label(str(s)), sum(1 for r in rows if r.status == str(s))) for s in STATUS_ORDER)
    order = {"missed": 0, "unclear": 1, "met": 2, "pending": 3}
    chosen = sorted(
        (r for r in rows if r.status != "pending" or r.so_far), key=lambda r: (order[r.status], r.when)
    )
    lines = tuple(_target_line(r) for r in chosen[:MAX_TARGETS])
    return TargetBrief(counts, lines)


def _target_line(row: TargetRow) -> Line:
    place = f"{row.where}" if row.where else ""
    said = f"{row.shown}({place}{row.when}):目标{row.target}"
    if row.outcome:
        said += f",{'年中进度' if row.so_far else '实际'}{row.outcome.removeprefix('进度 ')}"
    said += f"。【{row.status_label}】"
    source = row.outcome_source if row.outcome_source is not None and not row.so_far else row.target_source
    fact = source.fact
    start = fact.quantity.span.start - fact.sentence.span.start
    cited = quote(fact.sentence.text, start, start + len(fact.quantity.text))
    return Line(said, source.report_title, cited)


def opening(
    bodies: Sequence[BodyBrief], targets: TargetBrief | None, findings: Sequence[Finding]
) -> tuple[str, ...]:
    """The opening summary: how many bodies, the targets by status, progress behind and
    ahead, the checks that disagree, the main problems."""
    names = list(dict.fromkeys(b.name for b in bodies))
    said = [f"本简报汇总{len(names)}个单位的{len(bodies)}份报告。"]
    if targets is not None:
        total = sum(n for _, n in targets.counts)
        parts = "、".join(f"{label}{n}个" for label, n in targets.counts if n)
        said.append(f"目标对账:共{total}个目标,其中{parts}。")
    progress = Counter(str(f.status) for f in findings if f.kind == "progress")
    if progress:
        words = [(status_name(k), progress[k]) for k in ("behind", "on_track", "ahead") if progress[k]]
        said.append("进度核查:" + "、".join(f"{w}{n}项" for w, n in words) + "(与时间进度相比)。")
    behind = [b.name for b in bodies if b.behind]
    if behind:
        said.append("进度落后的单位:" + "、".join(dict.fromkeys(behind)) + "。")
    issues = sum(len(b.issues) for b in bodies)
    if issues:
        said.append(f"数据核查发现{issues}处数字不符或前后不一致,详见各单位部分。")
    problems = [_clause_cut(b.problems[0].text, SUMMARY_CHARS) for b in bodies if b.problems][:3]
    if problems:
        said.append("主要问题:" + ";".join(p.rstrip("。;,…") for p in problems) + "。")
    return tuple(said)


def build_brief(
    reports: Sequence[ExtractedReport],
    findings: Sequence[Finding] | None = None,
    title: str = "综合简报",
    tracked: Sequence[Tracked] = (),
) -> Brief:
    """The brief of `reports`; `tracked` (the ledger's 目标对账) gives its target section."""
    if findings is None:
        findings = run_checks(reports)
    bodies = [body_brief(er, findings) for er in reports]
    targets = target_brief(tracked)
    return Brief(
        title,
        _date_range(reports),
        bodies,
        stamp_of(reports),
        period=period_covered(reports),
        summary=opening(bodies, targets, findings),
        targets=targets,
    )


# ---------------------------------------------------------------- laid out alike in Markdown and Word

SECTIONS = (
    ("indicators", "主要指标"),
    ("behind", "进度滞后"),
    ("issues", "数据核查"),
    ("problems", "存在问题"),
    ("plans", "下步打算"),
)


def report_line(body: BodyBrief) -> str:
    return f"报告:《{body.title}》" + (f"({body.period})" if body.period else "")


def source_text(line: Line) -> str:
    return f"《{line.source_title}》:“{line.source_sentence}”"
