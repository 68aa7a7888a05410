"""PDF: the text layer of every page (pypdfium2), paragraphs rebuilt (see `layout`).

A page without a text layer (a scan, in a scanned or a mixed PDF) is rendered and read
by OCR (see `ocr`), at most MAX_OCR_PAGES of them per file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from duban.errors import IngestError
from duban.ingest.formats import OcrProgress
from duban.ingest.formats.layout import (
    HEAD_CHUNK,
    PIECE_GAP,
    Line,
    Page,
    drop_page_artefacts,
    in_columns,
    join_lines,
    union,
)
from duban.ingest.formats.ocr import MAX_OCR_PAGES, MAX_OCR_SIDE, OCR_DPI, is_blank, read_page

if TYPE_CHECKING:
    from pypdfium2 import PdfPage, PdfTextPage

Box = tuple[float, float, float, float]

_PDFIUM_PROBLEMS = {
    3: "PDF is damaged or truncated (its structure cannot be read)",
    4: "PDF is password-protected; remove the password and try again",
    5: "PDF uses an unsupported security handler; save it without protection",
}
"""PDFium's FPDF_ERR_* codes as problems a user can act on."""


def pdf_text(path: str, data: bytes, *, ocr: bool = True, progress: OcrProgress | None = None) -> str:
    """The text of a PDF, paragraphs rebuilt: its text layer, and OCR on pages that have none.

    With `ocr` off, a page without a text layer is refused. IngestError for every problem.
    """
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
        pages = [in_columns(_page_lines(pdf[i])) for i in range(len(pdf))]
        scanned = [i for i, page in enumerate(pages) if not page.lines]
        if scanned:
            _check_ocr(path, ocr, len(scanned), len(pages))
            if progress:
                progress(0, len(scanned))
            for done, i in enumerate(scanned, 1):
                pages[i] = in_columns(_ocr_page(path, pdf[i]))
                if progress:
                    progress(done, len(scanned))
    finally:
        pdf.close()
    body = drop_page_artefacts(pages)
    if not any(body):
        raise IngestError(path, "PDF has no text layer, and OCR found no text on its pages")
    return join_lines(body)


def _check_ocr(path: str, ocr: bool, scanned: int, pages: int) -> None:
    where = "no page" if scanned == pages else f"{scanned} of its {pages} pages"
    if not ocr:
        raise IngestError(path, f"PDF has no text layer on {where} (scanned?) and OCR is off (--no-ocr)")
    if scanned > MAX_OCR_PAGES:
        raise IngestError(
            path, f"PDF has no text layer on {where}: over the {MAX_OCR_PAGES}-page OCR limit; split it"
        )


def _ocr_page(path: str, page: PdfPage) -> Page:
    """The lines OCR reads on a page rendered at OCR_DPI (less for a huge page)."""
    try:
        width, height = float(page.get_width()), float(page.get_height())
        scale = min(OCR_DPI / 72, MAX_OCR_SIDE / max(width, height, 1.0))
        image = page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()
    if is_blank(image):
        return Page(height, [])
    return Page(height, read_page(path, image, 1 / scale, height))


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
        lines.append(Line(line, union(boxes), _head_width(line, boxes), _pieces(text, indices, boxes)))
        start = match.end()
    return lines


def _head_width(line: str, boxes: list[tuple[float, float, float, float]]) -> float:
    head = HEAD_CHUNK.match(line.lstrip())
    head_boxes = boxes[: len(head.group()) if head else 1]
    return head_boxes[-1][2] - head_boxes[0][0] if head_boxes else 0.0


def _pieces(
    text: str, indices: list[int], boxes: list[tuple[float, float, float, float]]
) -> tuple[Line, ...]:
    """A line cut where its characters jump back or across a gap (two columns on one baseline);
    () when it holds no such cut."""
    cuts = [0]
    for k in range(1, len(boxes)):
        before, box = boxes[k - 1], boxes[k]
        em = max(before[3] - before[1], box[3] - box[1], 1.0)
        if box[0] < before[2] - em or box[0] > before[2] + PIECE_GAP * em or abs(box[1] - before[1]) > em / 2:
            cuts.append(k)
    if len(cuts) == 1:
        return ()
    pieces = []
    for a, b in zip(cuts, [*cuts[1:], len(boxes)], strict=True):
        piece = text[indices[a] : indices[b - 1] + 1]
        pieces.append(Line(piece, union(boxes[a:b]), _head_width(piece, boxes[a:b])))
    return tuple(pieces)
