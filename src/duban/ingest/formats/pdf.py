"""PDF: the text layer of every page (pypdfium2), paragraphs rebuilt (see `layout`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from duban.errors import IngestError
from duban.ingest.formats.layout import HEAD_CHUNK, Line, Page, drop_page_artefacts, join_lines, union

if TYPE_CHECKING:
    from pypdfium2 import PdfPage, PdfTextPage

PDF_MAGIC = b"%PDF-"

_PDFIUM_PROBLEMS = {
    3: "PDF is damaged or truncated (its structure cannot be read)",
    4: "PDF is password-protected; remove the password and try again",
    5: "PDF uses an unsupported security handler; save it without protection",
}
"""PDFium's FPDF_ERR_* codes as problems a user can act on."""


def pdf_text(path: str, data: bytes) -> str:
    """The text layer of a PDF, paragraphs rebuilt; IngestError when there is none."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        problem = _PDFIUM_PROBLEMS.get(getattr(err, "err_code", 0), f"PDF cannot be opened ({err})")
        raise IngestError(path, problem) from None
    try:
        if b"%%EOF" not in data[-2048:]:
            raise IngestError(path, "PDF is truncated (no %%EOF end marker)")
        if len(pdf) == 0:
            raise IngestError(path, "PDF has no pages")
        pages = [_page_lines(pdf[i]) for i in range(len(pdf))]
    finally:
        pdf.close()
    body = drop_page_artefacts(pages)
    if not any(body):
        raise IngestError(path, "PDF has no text layer (scanned?); OCR is needed")
    return join_lines(body)


def _page_lines(page: PdfPage) -> Page:
    """The page's lines as PDFium breaks them, each with the box of its visible characters."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        if len(text) == count:
            lines = _lines_with_boxes(text, textpage)
        else:  # characters beyond the BMP: indices do not line up, so no geometry
            lines = [Line(t, None) for t in re.split(r"\r\n|\r|\n", text)]
        return Page(float(page.get_height()), [line for line in lines if line.text.strip()])
    finally:
        textpage.close()
        page.close()


def _lines_with_boxes(text: str, textpage: PdfTextPage) -> list[Line]:
    lines: list[Line] = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n|$", text):
        indices = [i for i in range(start, match.start()) if not text[i].isspace()]
        boxes = [textpage.get_charbox(i, loose=True) for i in indices]
        line = text[start : match.start()]
        head = HEAD_CHUNK.match(line.lstrip())
        head_boxes = boxes[: len(head.group()) if head else 1]
        head_width = head_boxes[-1][2] - head_boxes[0][0] if head_boxes else 0.0
        lines.append(Line(line, union(boxes), head_width))
        start = match.end()
    return lines
