"""Text out of PDF, DOCX and HTML files.

`extract_text` takes the raw bytes of a file that is not plain text and returns
its text with one paragraph (or table row) per line, plus the format's name.
What comes out is raw text: the ingest repair step normalises it further.

- PDF (pypdfium2): the text layer of every page, lines rebuilt from character
  boxes; a wrapped line (one that reaches the right margin) is joined to the
  next unless the next one starts a paragraph (it is indented); page numbers
  and running heads in the top and bottom margins are dropped.
- DOCX (python-docx): body paragraphs and tables in document order, one table
  row per line with its cells separated by tabs.
- HTML (selectolax): the charset from a BOM or `<meta>`, else detected; the
  page chrome (script, style, nav, header, footer, aside and elements whose
  class or id says nav/menu/footer/breadcrumb/share/toolbar) is dropped; the
  main content is the smallest element holding most of the Chinese text;
  block elements become line breaks.

Every problem raises `IngestError(path, problem)`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

from duban.errors import IngestError

if TYPE_CHECKING:
    from pypdfium2 import PdfPage, PdfTextPage
    from selectolax.lexbor import LexborNode

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MAX_DOCX_XML_BYTES = 200 * 1024 * 1024
"""Refuse a DOCX whose document.xml unpacks to more than this (a ZIP bomb)."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def sniff_format(data: bytes) -> str | None:
    """The format the bytes announce: "pdf", "docx", "html", "doc" (old binary Office), else None."""
    if PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        return "docx"
    if data.startswith(OLE_MAGIC):
        return "doc"
    if looks_like_html(data):
        return "html"
    return None


def extract_text(path: str | Path, data: bytes) -> tuple[str, str]:
    """The text of a PDF, DOCX or HTML file, one paragraph a line, and the format's name."""
    name = str(path)
    kind = sniff_format(data)
    if kind == "pdf":
        return pdf_text(name, data), kind
    if kind == "docx":
        return docx_text(name, data), kind
    if kind == "html":
        return html_text(name, data), kind
    if kind == "doc":
        raise IngestError(
            name,
            "an old binary Office file (.doc/.xls) or a password-protected document; "
            "save it as .docx without a password",
        )
    raise IngestError(name, "not a PDF, DOCX or HTML file")


# ---------------------------------------------------------------- PDF


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


# ---------------------------------------------------------------- DOCX


def docx_text(path: str, data: bytes) -> str:
    """Body paragraphs and table rows of a DOCX, in order, one per line."""
    _check_docx_package(path, data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
    except IngestError:
        raise
    except Exception as err:  # python-docx and lxml raise many kinds on a broken package
        raise IngestError(path, f"DOCX is damaged ({type(err).__name__}: {err})") from None
    return "\n".join(line.strip() for line in lines if line.strip())


def _check_docx_package(path: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise IngestError(path, _not_word_problem(names))
            size = archive.getinfo("word/document.xml").file_size
    except zipfile.BadZipFile:
        raise IngestError(path, "DOCX is damaged or truncated (not a readable ZIP archive)") from None
    if size > MAX_DOCX_XML_BYTES:
        raise IngestError(
            path, f"DOCX body unpacks to {size // 2**20} MB, over the {MAX_DOCX_XML_BYTES // 2**20} MB limit"
        )


def _not_word_problem(names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "an Excel workbook, not a Word document (no word/document.xml)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint file, not a Word document (no word/document.xml)"
    return "a ZIP archive, not a Word document (no word/document.xml)"


def _table_rows(table: object) -> Iterator[str]:
    """Each row's cells separated by tabs; a merged cell counted once."""
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            yield "\t".join(cells)


# ---------------------------------------------------------------- HTML

_HTML_PROLOGUE = rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
_HTML_DOCUMENT = re.compile(_HTML_PROLOGUE + rb"<(?:!doctype\s+html|html)\b", re.I | re.S)
_HTML_FRAGMENT = re.compile(
    _HTML_PROLOGUE + rb"<(?:head|body|meta|title|div|p|table|article|section|span|h[1-6])\b", re.I | re.S
)
_HTML_CLOSE = re.compile(rb"</[a-z][a-z0-9]*\s*>|/>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "iframe", "form", "button", "select", "svg", "canvas", "object", "embed",
)  # fmt: skip
_CHROME = re.compile(
    r"nav|menu|footer|foot\b|breadcrumb|crumb|share|toolbar|sidebar|topbar|copyright|related|recommend|comment",
    re.I,
)
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "br", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html",
    "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
})  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_DOMINANT = 0.85
"""Descend into a child that holds at least this share of its parent's Chinese text."""
_LINK_LIST_TAGS = frozenset({"div", "ul", "ol", "dl", "table", "section", "td", "p"})
_LINK_DENSITY = 0.6
"""A block whose text is mostly link text (a menu, a list of related articles) is chrome."""
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019"
_WIDE_SEGMENT_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_WIDE}])")
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


def looks_like_html(data: bytes) -> bool:
    """Whether bytes start like an HTML document (after a BOM, blanks and comments)."""
    head = data[:4096]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, "ignore").encode("ascii", "ignore")
            break
    if _HTML_DOCUMENT.match(head):
        return True
    return bool(_HTML_FRAGMENT.match(head)) and bool(_HTML_CLOSE.search(head))


def decode_html(path: str, data: bytes) -> str:
    """Decode HTML bytes: BOM, then a declared charset that decodes cleanly, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    head = data[:4096]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(_CHARSET_ALIASES.get(name, name))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError(path, "cannot tell the text encoding of this HTML file")
    name = best.encoding.lower()
    return data.decode(_CHARSET_ALIASES.get(name, name), "replace")


def html_text(path: str, data: bytes) -> str:
    """The main content of an HTML page as text, one block per line."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(decode_html(path, data))
    body = tree.body or tree.root
    if body is None:
        raise IngestError(path, "HTML page has no body")
    for tag in _DROP_TAGS:
        for node in body.css(tag):
            node.decompose()
    total = _han_count(body)
    _drop_chrome(body, total)
    main = _main_content(body)
    lines = _block_lines(main)
    title = _outside_title(body, main)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(path, "HTML page has no text content")
    return text


def _han_count(node: LexborNode) -> int:
    return len(_HAN.findall(node.text(deep=True)))


def _drop_chrome(body: LexborNode, total: int) -> None:
    """Drop page chrome: elements whose class, id or role names it, and link lists.

    An element holding half the page's Chinese text or more is never chrome,
    whatever its class says.
    """
    doomed: dict[int, LexborNode] = {}
    for node in body.traverse():
        if node.mem_id == body.mem_id or _has_ancestor_in(node, doomed):
            continue
        names = " ".join(v for k, v in node.attributes.items() if k in {"class", "id", "role"} and v)
        is_chrome = bool(names and _CHROME.search(names)) or _is_link_list(node)
        if is_chrome and _han_count(node) < total / 2:
            doomed[node.mem_id] = node
    for node in doomed.values():
        node.decompose()


def _is_link_list(node: LexborNode) -> bool:
    if node.tag not in _LINK_LIST_TAGS:
        return False
    links = node.css("a")
    if len(links) < 2:
        return False
    text = len("".join(node.text(deep=True).split()))
    linked = sum(len("".join(a.text(deep=True).split())) for a in links)
    return text > 0 and linked >= _LINK_DENSITY * text


def _has_ancestor_in(node: LexborNode, nodes: dict[int, LexborNode]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in nodes:
            return True
        parent = parent.parent
    return False


def _main_content(body: LexborNode) -> LexborNode:
    """The smallest element holding most of the Chinese text of the page."""
    node = body
    while True:
        total = _han_count(node)
        if total == 0:
            return node
        best = max(node.iter(), key=_han_count, default=None)
        if best is None or _han_count(best) < _DOMINANT * total:
            return node
        node = best


def _outside_title(body: LexborNode, main: LexborNode) -> str | None:
    """A report title in an <h1> or a title-classed element outside the main content."""
    from duban.ingest.repair import is_title_line

    main_text = "".join(main.text(deep=True).split())
    for node in body.css("h1, h2, [class*=title], [id*=title]"):
        text = _clean(node.text(deep=True))
        if text and "".join(text.split()) not in main_text and is_title_line(text):
            return text
    return None


_BLOCK_BREAK = "\x1e"
_CELL_BREAK = "\x1f"


def _block_lines(root: LexborNode) -> list[str]:
    """Text of a subtree with block elements as line breaks and table cells as tabs."""
    parts: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            parts.append(_CELL_BREAK if tag in _CELL_TAGS else _BLOCK_BREAK)
        elif tag == "-text":
            parts.append(node.text(deep=False))
        elif tag is not None and not tag.startswith("-"):
            if tag in _BLOCK_TAGS:
                parts.append(_BLOCK_BREAK)
            if tag in _BLOCK_TAGS or tag in _CELL_TAGS:
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    lines = (_clean(line) for line in "".join(parts).split(_BLOCK_BREAK))
    return [line for line in lines if line]


def _clean(text: str) -> str:
    """Collapse HTML whitespace as a browser does (CSS Text 3).

    A run of spaces becomes one space; a run holding a line break between two
    wide (Chinese) characters goes entirely, as a browser drops it there.
    """
    cells = (_collapse(cell) for cell in text.split(_CELL_BREAK))
    return "\t".join(cell for cell in cells if cell)


def _collapse(text: str) -> str:
    text = _WIDE_SEGMENT_BREAK.sub("", text)
    return _HTML_SPACE.sub(" ", text).strip(" \xa0\u3000")
