"""Lines with boxes on pages → paragraphs: what PDF text layers, OCR and OFD share.

A `Page` holds `Line`s, each with its box in page coordinates (points, y upwards).
`page_text` drops page numbers and running heads in the margins and joins each
wrapped line to the line that continues it, so that one paragraph makes one line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page.

    box is (left, bottom, right, top), None when unknown; head_width is the
    width of its first unbreakable chunk (a run of digits and Latin letters, or
    one character with the punctuation that may not leave it).
    """

    text: str
    box: tuple[float, float, float, float] | None
    head_width: float = 0.0
    pieces: tuple[Line, ...] = ()
    """The line cut where its characters jump (when it may run across two columns)."""


@dataclass(frozen=True, slots=True)
class Page:
    height: float
    lines: list[Line]


_PAGE_NUMBER = re.compile(
    r"^[-—–－_·•一\s]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?"
    r"(?:\s*(?:/|of|共)\s*[0-9０-９]{1,4}\s*页?)?[-—–－_·•一\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_MARGIN_BAND = 0.1
"""Share of the page height at the top and bottom where running heads and page numbers live."""
_SENTENCE_END = tuple("。！？；：!?;:")
_CLOSING = "，。、；：？！）》」』”’,;:)"
HEAD_CHUNK = re.compile(rf"[0-9A-Za-z０-９.．%％+\-/:]+[{_CLOSING}]*|.[{_CLOSING}]*")
"""A line's first unbreakable chunk: the piece a typesetter would not split from its start."""


def union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float] | None:
    if not boxes:
        return None
    lefts, bottoms, rights, tops = zip(*boxes, strict=True)
    return min(lefts), min(bottoms), max(rights), max(tops)


def drop_page_artefacts(pages: list[Page]) -> list[Line]:
    """The body lines of all pages: page numbers and running heads or feet dropped.

    An artefact is one of the first or last two lines of a page, in the top or
    bottom margin band, that is a page number or whose text (digits aside)
    recurs there on at least half the pages.
    """
    repeated = _repeated_margin_texts(pages)
    body: list[Line] = []
    for page in pages:
        for line in page.lines:
            in_margin = _in_margin(line, page)
            if in_margin and (_PAGE_NUMBER.match(line.text.strip()) or _artefact_key(line.text) in repeated):
                continue
            body.append(line)
    return body


def _in_margin(line: Line, page: Page) -> bool:
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


def _repeated_margin_texts(pages: list[Page]) -> set[str]:
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


def _margins(lines: list[Line]) -> _Margins | None:
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


def _full_width(line: Line, margins: _Margins) -> bool:
    return line.box is not None and line.box[2] >= margins.right - margins.em


def _indented(line: Line, margins: _Margins) -> bool:
    return line.box is not None and line.box[0] >= margins.left + 0.8 * margins.em


def _continues(line: Line, following: Line, margins: _Margins | None) -> bool:
    """Whether `following` continues the paragraph that `line` wraps (a table row never does)."""
    if margins is None or line.box is None or following.box is None:
        return False
    if "\t" in line.text or "\t" in following.text:
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


def _wrapped_title(line: Line, following: Line, margins: _Margins) -> bool:
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


def _height(line: Line) -> float:
    return line.box[3] - line.box[1] if line.box else 0.0


def _same_size(line: Line, following: Line) -> bool:
    """Whether two lines are set in one font size (their boxes are as high, within 12%)."""
    return abs(_height(line) - _height(following)) <= 0.12 * max(_height(line), _height(following))


def _centred(line: Line, margins: _Margins) -> bool:
    assert line.box is not None
    return abs((line.box[0] - margins.left) - (margins.right - line.box[2])) < margins.em


def _no_room_for(following: Line, line: Line, margins: _Margins) -> bool:
    """Whether the first chunk of `following` would not have fitted at the end of `line`."""
    assert line.box is not None
    return line.box[2] + following.head_width > margins.right - 0.1 * margins.em


def join_lines(lines: list[Line]) -> str:
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


def page_text(pages: list[Page]) -> str:
    """The body of `pages` as text, one paragraph a line."""
    return join_lines(drop_page_artefacts(pages))


_CELL_GAP = 3.0
"""A gap wider than this many line heights between two pieces of one row separates table cells."""
_WORD_GAP = 1.0
"""A gap wider than this many line heights (and narrower than a cell gap) is a space."""


def arrange(pieces: list[Line]) -> list[Line]:
    """Pieces of text found anywhere on a page (OCR boxes) as lines, top to bottom.

    Pieces whose middles lie within one another's height and do not overlap side by
    side make one row, read left to right: joined directly, by a space across a gap
    of more than a line height, by a tab (a table cell) across one of more than three.
    """
    rows: list[list[Line]] = []
    for piece in sorted((p for p in pieces if p.box), key=lambda p: (-p.box[3], p.box[0])):  # type: ignore[index]
        row = next((row for row in reversed(rows[-3:]) if _joins_row(piece, row)), None)
        if row is None:
            rows.append([piece])
        else:
            row.append(piece)
    return [_row_line(sorted(row, key=lambda p: p.box[0])) for row in rows]  # type: ignore[index]


def _joins_row(piece: Line, row: list[Line]) -> bool:
    assert piece.box is not None
    left, bottom, right, top = piece.box
    middle = (bottom + top) / 2
    for other in row:
        assert other.box is not None
        if not other.box[1] <= middle <= other.box[3]:
            return False
        if left < other.box[2] and other.box[0] < right:
            return False
    return True


def _row_line(row: list[Line]) -> Line:
    text = row[0].text
    for before, piece in pairwise(row):
        assert before.box is not None and piece.box is not None
        gap = piece.box[0] - before.box[2]
        height = min(_height(before), _height(piece))
        text += "\t" if gap > _CELL_GAP * height else " " if gap > _WORD_GAP * height else ""
        text += piece.text
    pieces = tuple(row) if len(row) > 1 else ()
    return Line(text, union([p.box for p in row if p.box]), row[0].head_width, pieces)


PIECE_GAP = 1.5
"""Characters of one line further apart than this many line heights may be in two columns."""
_GUTTER_BAND = (0.3, 0.7)
"""Where across the text a gutter between two columns may lie."""


def in_columns(page: Page) -> Page:
    """A page set in two columns as its lines read column by column; other pages as they are,
    but for lines of three wide-apart pieces, which are table rows (cells between tabs).

    The gutter is a strip across the middle of the text that (almost) no line crosses,
    with at least a fifth of the lines on each side, three or more of them filling their
    column (a column of figures in a table does not).
    A line that crosses it (a title or a page number across the page) ends the rows above
    it: they are read left column, then right column, then that line. Lines of the right
    column are moved onto the left one, so that both share the margins paragraphs are
    rebuilt by.
    """
    pieces = [piece for line in page.lines for piece in (line.pieces or (line,))]
    if len(pieces) < 8 or any(piece.box is None for piece in pieces):
        return Page(page.height, [_cells_apart(line) for line in page.lines])
    gutter = _gutter(pieces)
    if gutter is None:
        return Page(page.height, [_cells_apart(line) for line in page.lines])
    shift = _edge([p.box for p in pieces if p.box and p.box[0] >= gutter]) - _edge(
        [p.box for p in pieces if p.box and p.box[2] <= gutter]
    )
    lines: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for piece in sorted(pieces, key=lambda p: (-p.box[3], p.box[0])):  # type: ignore[index]
        box = piece.box
        assert box is not None
        if box[2] <= gutter:
            left.append(piece)
        elif box[0] >= gutter:
            right.append(Line(piece.text, (box[0] - shift, box[1], box[2] - shift, box[3]), piece.head_width))
        else:
            lines += [*left, *right, piece]
            left, right = [], []
    return Page(page.height, [*lines, *left, *right])


def _cells_apart(line: Line) -> Line:
    """A line in three pieces or more, wide gaps apart on one baseline, as a table row: its
    cells between tabs (two pieces are a title and a page number as often as two cells)."""
    if len(line.pieces) < 3 or any(
        a.box is None or b.box is None or b.box[0] - a.box[2] < PIECE_GAP * min(_height(a), _height(b))
        for a, b in pairwise(line.pieces)
    ):
        return line
    return Line("\t".join(p.text.strip() for p in line.pieces), line.box, line.head_width)


def _edge(boxes: list[tuple[float, float, float, float]]) -> float:
    """A column's left edge: the leftmost start shared by two lines or more (a lone line further
    left, such as a page number, is not the edge; indented lines start right of it)."""
    starts = Counter(round(b[0]) for b in boxes)
    return min((x for x, n in starts.items() if n >= 2), default=min(starts))


def _gutter(pieces: list[Line]) -> float | None:
    boxes = [p.box for p in pieces if p.box]
    low, high = min(b[0] for b in boxes), max(b[2] for b in boxes)
    best: list[float] = []
    fewest = len(boxes) + 1
    for step in range(int(_GUTTER_BAND[0] * 100), int(_GUTTER_BAND[1] * 100) + 1):
        x = low + (high - low) * step / 100
        crossing = sum(1 for b in boxes if b[0] < x < b[2])
        if crossing < fewest:
            best, fewest = [x], crossing
        elif crossing == fewest:
            best.append(x)
    x = best[len(best) // 2]
    lefts = [b for b in boxes if b[2] <= x]
    rights = [b for b in boxes if b[0] >= x]
    need = max(3, len(boxes) // 5)
    if fewest > len(boxes) // 10 or len(lefts) < need or len(rights) < need:
        return None
    if not (_fill(lefts, low, x) and _fill(rights, x, high)):
        return None
    return x


def _fill(boxes: list[tuple[float, float, float, float]], low: float, high: float) -> bool:
    """Whether three lines or more of a column fill most of it: text, not a column of figures."""
    return sum(1 for b in boxes if b[2] - b[0] >= 0.7 * (high - low)) >= 3
