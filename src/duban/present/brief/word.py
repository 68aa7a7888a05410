"""The brief as a Word document: `write_docx`, A4 after the 党政机关公文格式 (GB/T 9704), with
real footnotes (python-docx has none) citing each line's sentence. python-docx is imported
only when a document is written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban.present.brief.content import SECTIONS, Brief, Line, report_line, source_text
from duban.present.export.files import atomic_file, fix_zip_times

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.styles.style import CharacterStyle
    from docx.text.run import Run

BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TITLE_FONT = "仿宋", "黑体", "楷体", "方正小标宋简体"
A4 = (210, 297)  # mm
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _set_font(style_or_run: CharacterStyle | Run, name: str, size: float | None = None) -> None:
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
                notes.cite(para, source_text(line))

    if brief.targets is not None:
        doc.add_heading("目标对账", level=1)
        counts = "、".join(f"{label}{n}个" for label, n in brief.targets.counts)
        doc.add_paragraph(f"共{sum(n for _, n in brief.targets.counts)}个目标:{counts}。")
        listed(brief.targets.lines)
    for body in brief.bodies:
        doc.add_heading(body.name, level=1)
        doc.add_paragraph(report_line(body))
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
