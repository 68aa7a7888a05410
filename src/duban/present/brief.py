"""The 综合简报: a briefing on the whole ledger, body by body, every number sourced.

`build_brief(reports, findings)` chooses what to say (a `Brief` of model-free
lines, each with its source sentence); `render_markdown` and `write_docx` only lay
it out. `brief_markdown(store, path)` / `brief_docx(store, path)` are the one-call
versions over a ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duban.analyse.checks import (
    CLAUSE_BREAKS,
    Located,
    facts_by_sentence,
    run_checks,
    status_name,
)
from duban.model import ExtractedReport, Finding, ItemKind, Role, SectionKind
from duban.present.export import atomic_file, ledger_reports

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.styles.style import BaseStyle
    from docx.text.run import Run

    from duban.store.base import Store

MAX_INDICATORS = 8
MAX_ITEMS = 6
ITEM_CHARS = 80
CLAUSE_CHARS = 40
BODY_FONT, HEADING_FONT = "仿宋", "黑体"


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
class Brief:
    title: str
    date_range: str
    bodies: list[BodyBrief]


# ---------------------------------------------------------------- choosing


def _joined(text: str) -> str:
    return "".join(text.split())


def _trim(text: str, limit: int) -> str:
    text = _joined(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clause(loc: Located, after: int = 0) -> str:
    """The clause holding a fact, from its start (or `after`) to the fact's end."""
    start = after
    for i in range(loc.start - 1, after - 1, -1):
        if loc.text[i] in CLAUSE_BREAKS:
            start = i + 1
            break
    return _joined(loc.text[start : loc.end]).lstrip("、")


def _indicator_text(level: Located, change: Located | None) -> str:
    fact = level.fact
    said = _clause(level)
    if len(said) > CLAUSE_CHARS or fact.metric not in said:
        said = f"{fact.subject or ''}{fact.metric}{fact.quantity.text}"
    if change is None:
        return said
    changed = _clause(change, after=level.end)
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


def key_indicators(extracted: ExtractedReport) -> list[Line]:
    """Levels from the report's achievements, those with a change first."""
    outside = {s.path for s in extracted.sections if s.kind in (SectionKind.PROBLEMS, SectionKind.PLANS)}
    paired, single = [], []
    for group in facts_by_sentence(extracted.facts):
        for i, loc in enumerate(group):
            fact = loc.fact
            path = fact.sentence.section_path
            if fact.role is not Role.LEVEL or any(path[: len(p)] == p for p in outside):
                continue
            change = _follow_change(group, i)
            line = Line(_indicator_text(loc, change), extracted.report.title, _joined(fact.sentence.text))
            (paired if change else single).append(line)
    return (paired + single)[:MAX_INDICATORS]


def _finding_line(finding: Finding, title: str) -> Line:
    label = status_name(finding.status)
    return Line(f"【{label}】{finding.message}", title, _joined(finding.sentence.text))


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
        problems=[Line(_trim(i.text, ITEM_CHARS)) for i in items[ItemKind.PROBLEM][:MAX_ITEMS]],
        plans=[Line(_trim(i.text, ITEM_CHARS)) for i in items[ItemKind.PLAN][:MAX_ITEMS]],
    )


def _date_range(reports: Sequence[ExtractedReport]) -> str:
    dates = sorted(er.report.date for er in reports if er.report.date)
    if dates:
        first, last = dates[0].isoformat(), dates[-1].isoformat()
        return first if first == last else f"{first} 至 {last}"
    periods = sorted({er.report.period for er in reports if er.report.period})
    return "、".join(periods) if periods else "未注明日期"


def build_brief(
    reports: Sequence[ExtractedReport], findings: Sequence[Finding] | None = None, title: str = "综合简报"
) -> Brief:
    if findings is None:
        findings = run_checks(reports)
    return Brief(title, _date_range(reports), [body_brief(er, findings) for er in reports])


# ---------------------------------------------------------------- Markdown

SECTIONS = (
    ("indicators", "主要指标"),
    ("behind", "进度滞后"),
    ("issues", "数据核查"),
    ("problems", "存在问题"),
    ("plans", "下步打算"),
)


def _report_line(body: BodyBrief) -> str:
    return f"报告:《{body.title}》" + (f"({body.period})" if body.period else "")


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown, every sourced line with a footnote quoting its sentence."""
    out = [f"# {brief.title}", "", f"时间范围:{brief.date_range};共{len(brief.bodies)}份报告。", ""]
    note = 0
    for body in brief.bodies:
        out += [f"## {body.name}", "", _report_line(body), ""]
        notes: list[str] = []
        for attribute, heading in SECTIONS:
            lines: list[Line] = getattr(body, attribute)
            if not lines:
                continue
            out += [f"### {heading}", ""]
            for line in lines:
                if line.source_sentence:
                    note += 1
                    out.append(f"- {line.text}[^{note}]")
                    notes.append(f"[^{note}]: 《{line.source_title}》:“{line.source_sentence}”")
                else:
                    out.append(f"- {line.text}")
            out.append("")
        out += [*notes, ""] if notes else []
    return "\n".join(out).rstrip("\n") + "\n"


def write_markdown(brief: Brief, path: str | Path) -> Path:
    target = Path(path)
    with atomic_file(target, ".md") as tmp:
        tmp.write_text(render_markdown(brief), encoding="utf-8")
    return target


# ---------------------------------------------------------------- Word


def _set_font(style_or_run: BaseStyle | Run, name: str, size: float | None = None) -> None:
    """Latin and East Asian font names (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    rpr = style_or_run.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _document() -> WordDocument:
    from docx import Document

    doc = Document()
    _set_font(doc.styles["Normal"], BODY_FONT, 12)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _set_font(doc.styles[name], HEADING_FONT)
    return doc


def _source_paragraph(doc: WordDocument, line: Line) -> None:
    from docx.shared import Pt, RGBColor

    para = doc.add_paragraph()
    para.paragraph_format.left_indent = Pt(18)
    run = para.add_run(f"来源:《{line.source_title}》:“{line.source_sentence}”")
    _set_font(run, BODY_FONT, 9)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def write_docx(brief: Brief, path: str | Path) -> Path:
    """The brief as a Word document: headings by body, a source under every number."""
    doc = _document()
    doc.add_heading(brief.title, level=0)
    doc.add_paragraph(f"时间范围:{brief.date_range};共{len(brief.bodies)}份报告。")
    for body in brief.bodies:
        doc.add_heading(body.name, level=1)
        doc.add_paragraph(_report_line(body))
        for attribute, heading in SECTIONS:
            lines: list[Line] = getattr(body, attribute)
            if not lines:
                continue
            doc.add_heading(heading, level=2)
            for line in lines:
                doc.add_paragraph(line.text, style="List Bullet")
                if line.source_sentence:
                    _source_paragraph(doc, line)
    target = Path(path)
    with atomic_file(target, ".docx") as tmp:
        doc.save(str(tmp))
    return target


# ---------------------------------------------------------------- over a ledger


def brief_markdown(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as Markdown."""
    return write_markdown(build_brief(ledger_reports(store)), path)


def brief_docx(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as a Word document."""
    return write_docx(build_brief(ledger_reports(store)), path)
