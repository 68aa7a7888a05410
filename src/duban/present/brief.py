"""The 综合简报: a briefing on the whole ledger, body by body, every number sourced.

`build_brief(reports, findings)` chooses what to say (a `Brief` of model-free
lines, each with its source sentence); `render_markdown` and `write_docx` only lay
it out. `brief_markdown(store, path)` / `brief_docx(store, path)` are the one-call
versions over a ledger.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban.analyse.checks import (
    CLAUSE_BREAKS,
    Located,
    facts_by_sentence,
    locate,
    run_checks,
    status_name,
)
from duban.analyse.track import Tracked, track
from duban.model import ExtractedReport, Finding, Item, ItemKind, Role, SectionKind
from duban.present.export import FIXED_STAMP, atomic_file, fix_zip_times, ledger_reports, stamp_of
from duban.present.labels import status_label
from duban.present.targets import STATUS_ORDER, TargetRow, board

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.styles.style import BaseStyle
    from docx.text.run import Run

    from duban.store.base import Store

MAX_INDICATORS = 8
MAX_ITEMS = 6
ITEM_CHARS = 80
CLAUSE_CHARS = 50
QUOTE_CHARS = 120
MAX_TARGETS = 24
SUMMARY_CHARS = 40
MONEY_UNITS = frozenset({"元", "美元", "欧元", "港元", "日元"})
BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TITLE_FONT = "仿宋", "黑体", "楷体", "方正小标宋简体"
A4 = (210, 297)  # mm
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


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


# ---------------------------------------------------------------- choosing


def _joined(text: str) -> str:
    return "".join(text.split())


def _trim(text: str, limit: int) -> str:
    text = _joined(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between ,;。 marks) that holds text[start:end]."""
    left = max((i for i in range(start) if text[i] in CLAUSE_BREAKS), default=-1) + 1
    right = next((i for i in range(end, len(text)) if text[i] in CLAUSE_BREAKS), len(text))
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
    progress = Counter(f.status for f in findings if f.kind == "progress")
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


def _source(line: Line) -> str:
    return f"《{line.source_title}》:“{line.source_sentence}”"


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown, every sourced line with a footnote quoting its sentence."""
    out = [f"# {brief.title}", "", f"所涉时期:{brief.period};报告日期:{brief.date_range}。", ""]
    out += [*(f"{p}" for p in brief.summary), ""] if brief.summary else []
    counter = [0]

    def listed(lines: Sequence[Line], notes: dict[str, int]) -> list[str]:
        written = []
        for line in lines:
            if line.source_sentence:
                source = _source(line)
                if source not in notes:
                    counter[0] += 1
                    notes[source] = counter[0]
                written.append(f"- {line.text}[^{notes[source]}]")
            else:
                written.append(f"- {line.text}")
        return written

    if brief.targets is not None:
        notes: dict[str, int] = {}
        counts = "、".join(f"{label}{n}个" for label, n in brief.targets.counts)
        out += ["## 目标对账", "", f"共{sum(n for _, n in brief.targets.counts)}个目标:{counts}。", ""]
        out += [*listed(brief.targets.lines, notes), ""]
        out += [*(f"[^{n}]: {source}" for source, n in notes.items()), ""] if notes else []
    for body in brief.bodies:
        out += [f"## {body.name}", "", _report_line(body), ""]
        notes = {}
        for attribute, heading in SECTIONS:
            lines: list[Line] = getattr(body, attribute)
            if not lines:
                continue
            out += [f"### {heading}", "", *listed(lines, notes), ""]
        out += [*(f"[^{n}]: {source}" for source, n in notes.items()), ""] if notes else []
    return "\n".join(out).rstrip("\n") + "\n"


def write_markdown(brief: Brief, path: str | Path) -> Path:
    target = Path(path)
    with atomic_file(target, ".md") as tmp:
        tmp.write_text(render_markdown(brief), encoding="utf-8")
    return target


# ---------------------------------------------------------------- Word


def _set_font(style_or_run: BaseStyle | Run, name: str, size: float | None = None) -> None:
    """Latin and East Asian font names (python-docx sets only the Latin one), no theme fonts."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _document() -> WordDocument:
    """An A4 document after the 党政机关公文格式 (GB/T 9704): margins 37/35/28/26 mm, 标题 二号
    小标宋 (黑体 where it is missing), 一级标题 三号黑体, 二级标题 三号楷体, 正文 三号仿宋 at a
    fixed 28-point line, black text, no theme colours."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(A4[0]), Mm(A4[1])
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    fonts = (("Normal", BODY_FONT, 16), ("Title", TITLE_FONT, 22), ("Heading 1", HEADING_FONT, 16),
             ("Heading 2", SUBHEADING_FONT, 16), ("Heading 3", SUBHEADING_FONT, 16),
             ("List Bullet", BODY_FONT, 16))  # fmt: skip
    for name, font, size in fonts:
        style = doc.styles[name]
        _set_font(style, font, size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = name == "Heading 1" or name == "Title"
        fmt = style.paragraph_format
        fmt.line_spacing = Pt(28) if name != "Title" else Pt(36)
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    doc.styles["Normal"].paragraph_format.first_line_indent = Pt(32)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        doc.styles[name].paragraph_format.first_line_indent = Pt(0)
    doc.styles["Title"].paragraph_format.alignment = 1  # centred
    title = doc.styles["Title"].element.pPr
    for border in title.findall(qn("w:pBdr")) if title is not None else []:
        title.remove(border)
    _alternative_font(doc, TITLE_FONT, HEADING_FONT)
    return doc


def _alternative_font(doc: WordDocument, name: str, alternative: str) -> None:
    """Tell Word to use `alternative` where the font `name` is not installed (fontTable altName)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    table.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                           '<w:charset w:val="86"/><w:family w:val="script"/></w:font>'))  # fmt: skip
    part._blob = etree_bytes(table)


def etree_bytes(element: object) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


class Footnotes:
    """Real Word footnotes (python-docx has none): a footnotes part with its two separators,
    and a reference run for each note, the same source cited once per document."""

    def __init__(self, doc: WordDocument) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self.doc = doc
        self.element = parse_xml(
            f"<w:footnotes {nsdecls('w')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:footnote></w:footnotes>"
        )
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, self.element, doc.part.package
        )
        doc.part.relate_to(self.part, RT.FOOTNOTES)
        self.count = 0
        self.ids: dict[str, int] = {}

    def cite(self, paragraph: Any, text: str) -> None:
        """A superscript reference at the end of `paragraph` to the note holding `text`."""
        from xml.sax.saxutils import escape

        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        if text not in self.ids:
            self.count += 1
            self.ids[text] = self.count
            self.element.append(
                parse_xml(
                    f'<w:footnote {nsdecls("w")} w:id="{self.count}"><w:p><w:pPr><w:spacing w:line="240" '
                    'w:lineRule="auto"/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                    f"{_fonts_xml(BODY_FONT, 18)}</w:rPr><w:footnoteRef/></w:r><w:r><w:rPr>"
                    f"{_fonts_xml(BODY_FONT, 18)}</w:rPr>"
                    f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
                    "</w:p></w:footnote>"
                )
            )
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{self.ids[text]}"/>'))
        run.font.superscript = True


def _fonts_xml(name: str, half_points: int) -> str:
    return (f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')  # fmt: skip


def write_docx(brief: Brief, path: str | Path) -> Path:
    """The brief as a Word document: A4 after the 公文 conventions, an opening summary and
    the period covered, headings by body, every sourced line footnoted with its sentence."""
    doc = _document()
    notes = Footnotes(doc)
    doc.core_properties.created = doc.core_properties.modified = brief.stamp
    doc.core_properties.title = brief.title
    doc.add_heading(brief.title, level=0)
    doc.add_paragraph(f"所涉时期:{brief.period};报告日期:{brief.date_range}。")
    for said in brief.summary:
        doc.add_paragraph(said)

    def listed(lines: Sequence[Line]) -> None:
        for line in lines:
            para = doc.add_paragraph(line.text, style="List Bullet")
            if line.source_sentence:
                notes.cite(para, _source(line))

    if brief.targets is not None:
        doc.add_heading("目标对账", level=1)
        counts = "、".join(f"{label}{n}个" for label, n in brief.targets.counts)
        doc.add_paragraph(f"共{sum(n for _, n in brief.targets.counts)}个目标:{counts}。")
        listed(brief.targets.lines)
    for body in brief.bodies:
        doc.add_heading(body.name, level=1)
        doc.add_paragraph(_report_line(body))
        for attribute, heading in SECTIONS:
            lines: list[Line] = getattr(body, attribute)
            if not lines:
                continue
            doc.add_heading(heading, level=2)
            listed(lines)
    target = Path(path)
    with atomic_file(target, ".docx") as tmp:
        doc.save(str(tmp))
        fix_zip_times(tmp, brief.stamp)
    return target


# ---------------------------------------------------------------- over a ledger


def ledger_brief(store: Store) -> Brief:
    """The whole ledger's brief, with its 目标对账."""
    return build_brief(ledger_reports(store), tracked=track(store))


def brief_markdown(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as Markdown."""
    return write_markdown(ledger_brief(store), path)


def brief_docx(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as a Word document."""
    return write_docx(ledger_brief(store), path)
