"""A two-column PDF of paragraphs (reportlab platypus: two frames a page)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

FONT = "STSong-Light"


def write_two_column_pdf(path: Path, paragraphs: list[str]) -> Path:
    """Body in two columns of justified CJK text with first-line indents; titles centred in
    their column; numbered pages. The contents page flows across the columns too."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    common = {"fontName": FONT, "wordWrap": "CJK"}
    justified = {"alignment": TA_JUSTIFY, **common}
    body = ParagraphStyle("body", fontSize=10.5, leading=17, firstLineIndent=21, **justified)
    title = ParagraphStyle("title", fontSize=14, leading=22, alignment=TA_CENTER, **common)

    def style(text: str) -> ParagraphStyle:
        return title if re.search(r"(总结|报告|情况|打算)$", text) and len(text) < 60 else body

    def number(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"— {document.page} —")

    width, height = A4
    margin, gutter = 56, 24
    column = (width - 2 * margin - gutter) / 2
    frames = [
        Frame(margin, margin, column, height - 2 * margin, id="left"),
        Frame(margin + column + gutter, margin, column, height - 2 * margin, id="right"),
    ]
    document = BaseDocTemplate(str(path), pagesize=A4)
    document.addPageTemplates([PageTemplate(id="two", frames=frames, onPage=number)])
    document.build([Paragraph(escape(text), style(text)) for text in paragraphs])
    return path
