"""The 综合简报: a briefing on the whole ledger, body by body, every number sourced.

`build_brief(reports, findings)` chooses what to say (a `Brief` of model-free
lines, each with its source sentence); `render_markdown` and `write_docx` only lay
it out. `brief_markdown(store, path)` / `brief_docx(store, path)` are the one-call
versions over a ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from duban.analyse.checks import (
    Located,
    facts_by_sentence,
    locate,
    run_checks,
    status_name,
)
from duban.model import ExtractedReport, Finding, ItemKind, Role, SectionKind
from duban.present.export import FIXED_STAMP, atomic_file, fix_zip_times, ledger_reports, stamp_of
from duban.rules import lexicon

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.styles.style import CharacterStyle
    from docx.text.run import Run

    from duban.store.base import Store

MAX_INDICATORS = 8
MAX_ITEMS = 6
ITEM_CHARS = 80
CLAUSE_CHARS = 50
QUOTE_CHARS = 120
MONEY_UNITS = frozenset({"元", "美元", "欧元", "港元", "日元"})
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
    stamp: dt.datetime = FIXED_STAMP  # written into the Word file: the latest report date


# ---------------------------------------------------------------- choosing


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
    bodies = [body_brief(er, findings) for er in reports]
    return Brief(title, _date_range(reports), bodies, stamp_of(reports))


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
        notes: dict[str, int] = {}
        for attribute, heading in SECTIONS:
            lines: list[Line] = getattr(body, attribute)
            if not lines:
                continue
            out += [f"### {heading}", ""]
            for line in lines:
                if line.source_sentence:
                    source = f"《{line.source_title}》:“{line.source_sentence}”"
                    if source not in notes:
                        notes[source] = note = note + 1
                    out.append(f"- {line.text}[^{notes[source]}]")
                else:
                    out.append(f"- {line.text}")
            out.append("")
        out += [*(f"[^{n}]: {source}" for source, n in notes.items()), ""] if notes else []
    return "\n".join(out).rstrip("\n") + "\n"


def write_markdown(brief: Brief, path: str | Path) -> Path:
    target = Path(path)
    with atomic_file(target, ".md") as tmp:
        tmp.write_text(render_markdown(brief), encoding="utf-8")
    return target


# ---------------------------------------------------------------- Word


def _set_font(style_or_run: CharacterStyle | Run, name: str, size: float | None = None) -> None:
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
    _set_font(cast("CharacterStyle", doc.styles["Normal"]), BODY_FONT, 12)  # paragraph styles all
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _set_font(cast("CharacterStyle", doc.styles[name]), HEADING_FONT)
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
    doc.core_properties.created = doc.core_properties.modified = brief.stamp
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
        fix_zip_times(tmp, brief.stamp)
    return target


# ---------------------------------------------------------------- over a ledger


def brief_markdown(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as Markdown."""
    return write_markdown(build_brief(ledger_reports(store)), path)


def brief_docx(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as a Word document."""
    return write_docx(build_brief(ledger_reports(store)), path)
