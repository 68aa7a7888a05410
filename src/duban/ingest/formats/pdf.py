"""PDF: the text layer of every page (pypdfium2), paragraphs rebuilt.

Lines are rebuilt from character boxes; a wrapped line (one that reaches the
right margin) is joined to the next unless the next one starts a paragraph (it
is indented); page numbers and running heads in the top and bottom margins are
dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING

from duban.errors import IngestError

if TYPE_CHECKING:
    from pypdfium2 import PdfPage, PdfTextPage

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a PDF page.

    box is (left, bottom, right, top), None when unknown; head_width is the
    width of its first unbreakable chunk (a run of digits and Latin letters, or
    one character with the punctuation that may not leave it).
    """

    text: str
    box: tuple[float, float, float, float] | None
    head_width: float = 0.0


@dataclass(frozen=True, slots=True)
class _Page:
    height: float
    lines: list[_Line]


_PDFIUM_PROBLEMS = {
    3: "PDF is damaged or truncated (its structure cannot be read)",
    4: "PDF is password-protected; remove the password and try again",
    5: "PDF uses an unsupported security handler; save it without protection",
}
"""PDFium's FPDF_ERR_* codes as problems a user can act on."""
_PAGE_NUMBER = re.compile(
    r"^[-—–－_·•\s]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?"
    r"(?:\s*(?:/|of|共)\s*[0-9０-９]{1,4}\s*页?)?[-—–－_·•\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_MARGIN_BAND = 0.1
"""Share of the page height at the top and bottom where running heads and page numbers live."""
_SENTENCE_END = tuple("。！？；：!?;:")
_CLOSING = "，。、；：？！）》」』”’,;:)"
_HEAD_CHUNK = re.compile(rf"[0-9A-Za-z０-９.．%％+\-/:]+[{_CLOSING}]*|.[{_CLOSING}]*")
"""A line's first unbreakable chunk: the piece a typesetter would not split from its start."""


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
    body = _drop_page_artefacts(pages)
    if not any(body):
        raise IngestError(path, "PDF has no text layer (scanned?); OCR is needed")
    return _join_lines(body)


def _page_lines(page: PdfPage) -> _Page:
    """The page's lines as PDFium breaks them, each with the box of its visible characters."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        if len(text) == count:
            lines = _lines_with_boxes(text, textpage)
        else:  # characters beyond the BMP: indices do not line up, so no geometry
            lines = [_Line(t, None) for t in re.split(r"\r\n|\r|\n", text)]
        return _Page(float(page.get_height()), [line for line in lines if line.text.strip()])
    finally:
        textpage.close()
        page.close()


def _lines_with_boxes(text: str, textpage: PdfTextPage) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n|$", text):
        indices = [i for i in range(start, match.start()) if not text[i].isspace()]
        boxes = [textpage.get_charbox(i, loose=True) for i in indices]
        line = text[start : match.start()]
        head = _HEAD_CHUNK.match(line.lstrip())
        head_boxes = boxes[: len(head.group()) if head else 1]
        head_width = head_boxes[-1][2] - head_boxes[0][0] if head_boxes else 0.0
        lines.append(_Line(line, _union(boxes), head_width))
        start = match.end()
    return lines


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float] | None:
    if not boxes:
        return None
    lefts, bottoms, rights, tops = zip(*boxes, strict=True)
    return min(lefts), min(bottoms), max(rights), max(tops)


def _drop_page_artefacts(pages: list[_Page]) -> list[_Line]:
    """The body lines of all pages: page numbers and running heads or feet dropped.

    An artefact is one of the first or last two lines of a page, in the top or
    bottom margin band, that is a page number or whose text (digits aside)
    recurs there on at least half the pages.
    """
    repeated = _repeated_margin_texts(pages)
    body: list[_Line] = []
    for page in pages:
        for line in page.lines:
            in_margin = _in_margin(line, page)
            if in_margin and (_PAGE_NUMBER.match(line.text.strip()) or _artefact_key(line.text) in repeated):
                continue
            body.append(line)
    return body


def _in_margin(line: _Line, page: _Page) -> bool:
    """Whether a line is among the first or last two of its page and in a margin band."""
    lines = page.lines
    k = next(i for i, ln in enumerate(lines) if ln is line)
    if 2 <= k < len(lines) - 2 or line.box is None or page.height <= 0:
        return False
    _, bottom, _, top = line.box
    return top <= page.height * _MARGIN_BAND or bottom >= page.height * (1 - _MARGIN_BAND)


def _artefact_key(text: str) -> str:
    """A running head's text with its page number left out ("" when nothing but digits is left)."""
    key = re.sub(r"\s+|\d+", "", text)
    return key if sum(ch.isalpha() for ch in key) >= 2 else ""


def _repeated_margin_texts(pages: list[_Page]) -> set[str]:
    """Margin texts (digits ignored) that recur on at least half the pages, and on three or more."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_artefact_key(ln.text) for ln in page.lines if _in_margin(ln, page)})
    need = max(3, (len(pages) + 1) // 2)
    return {key for key, n in seen.items() if n >= need and key}


@dataclass(frozen=True, slots=True)
class _Margins:
    left: float
    right: float
    em: float
    indent_style: bool


def _margins(lines: list[_Line]) -> _Margins | None:
    boxes = [ln.box for ln in lines if ln.box is not None]
    if len(boxes) < 2:
        return None
    lefts = sorted(b[0] for b in boxes)
    rights = sorted(b[2] for b in boxes)
    left = lefts[int(0.05 * (len(lefts) - 1))]
    right = rights[int(0.95 * (len(rights) - 1))]
    em = median(b[3] - b[1] for b in boxes)
    margins = _Margins(left, right, em, indent_style=False)
    starts = [b for a, b in pairwise(lines) if not _full_width(a, margins)]
    indented = sum(1 for ln in starts if _indented(ln, margins))
    return _Margins(left, right, em, indent_style=bool(starts) and indented >= len(starts) / 2)


def _full_width(line: _Line, margins: _Margins) -> bool:
    return line.box is not None and line.box[2] >= margins.right - margins.em


def _indented(line: _Line, margins: _Margins) -> bool:
    return line.box is not None and line.box[0] >= margins.left + 0.8 * margins.em


def _continues(line: _Line, following: _Line, margins: _Margins | None) -> bool:
    """Whether `following` continues the paragraph that `line` wraps."""
    if margins is None or line.box is None or following.box is None:
        return False
    if _wrapped_title(line, following, margins):
        return True
    if _indented(following, margins) or not _same_size(line, following):
        return False
    if following.text.lstrip().startswith(tuple(_CLOSING)):
        return True  # no paragraph starts with closing punctuation
    if not (_full_width(line, margins) or _no_room_for(following, line, margins)):
        return False
    return margins.indent_style or not line.text.rstrip().endswith(_SENTENCE_END)


def _wrapped_title(line: _Line, following: _Line, margins: _Margins) -> bool:
    """A long centred line in a large font followed by another in the same font: one title."""
    assert line.box is not None
    wide = line.box[2] - line.box[0] >= 0.8 * (margins.right - margins.left)
    return (
        _height(line) > 1.2 * margins.em
        and _same_size(line, following)
        and wide
        and _centred(line, margins)
        and _centred(following, margins)
    )


def _height(line: _Line) -> float:
    return line.box[3] - line.box[1] if line.box else 0.0


def _same_size(line: _Line, following: _Line) -> bool:
    """Whether two lines are set in one font size (their boxes are as high, within 12%)."""
    return abs(_height(line) - _height(following)) <= 0.12 * max(_height(line), _height(following))


def _centred(line: _Line, margins: _Margins) -> bool:
    assert line.box is not None
    return abs((line.box[0] - margins.left) - (margins.right - line.box[2])) < margins.em


def _no_room_for(following: _Line, line: _Line, margins: _Margins) -> bool:
    """Whether the first chunk of `following` would not have fitted at the end of `line`."""
    assert line.box is not None
    return line.box[2] + following.head_width > margins.right - 0.1 * margins.em


def _join_lines(lines: list[_Line]) -> str:
    """One paragraph a line: each wrapped line joined to the line that continues it."""
    margins = _margins(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if i and _continues(lines[i - 1], line, margins):
            glue = " " if _latin_letter(out[-1][-1:]) and _latin_letter(text[:1]) else ""
            out[-1] += glue + text
        else:
            out.append(text)
    return "\n".join(out)


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()
