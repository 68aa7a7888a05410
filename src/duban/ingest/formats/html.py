"""HTML (selectolax): the main content of a page as text, one block per line.

The charset comes from a BOM or `<meta>`, else is detected; the page chrome
(script, style, nav, header, footer, aside and elements whose class or id says
nav/menu/footer/breadcrumb/share/toolbar) is dropped; the main content is the
smallest element holding most of the Chinese text; block elements become line
breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from duban.errors import IngestError
from duban.ingest.formats.sniff import HTML_BOMS

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
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


def decode_html(path: str, data: bytes) -> str:
    """Decode HTML bytes: BOM, then a declared charset that decodes cleanly, then detection."""
    for bom, encoding in HTML_BOMS:
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


MAX_HTML_DEPTH = 5000
"""Elements nested deeper are refused: the HTML parser's time grows with depth times size
(40,000 nested elements: 4 s), and no page needs more than a few dozen."""
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_NOT_NESTING = frozenset({
    # void elements, and elements whose end tag may be left out (the parser closes them)
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
    "rb", "rp", "rt", "rtc", "colgroup", "caption", "html", "head", "body",
})  # fmt: skip


def nesting_depth(markup: str) -> int:
    """How deep elements nest, counted from the tags alone in one linear pass (elements whose
    end tag may be left out are not counted: an unclosed <p> nests nothing)."""
    depth = deepest = 0
    for match in _TAG.finditer(markup):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def html_text(path: str, data: bytes) -> str:
    """The main content of an HTML page as text, one block per line."""
    from selectolax.lexbor import LexborHTMLParser

    markup = decode_html(path, data)
    depth = nesting_depth(markup)
    if depth > MAX_HTML_DEPTH:
        over = f"over the {MAX_HTML_DEPTH:,} limit (a real page needs dozens)"
        raise IngestError(path, f"HTML nests elements {depth:,} deep, {over}")
    tree = LexborHTMLParser(markup)
    body = tree.body or tree.root
    if body is None:
        raise IngestError(path, "HTML page has no body")
    for tag in _DROP_TAGS:
        for node in body.css(tag):
            node.decompose()
    _drop_chrome(body)
    main = _main_content(body)
    lines = _block_lines(main)
    title = _outside_title(body, main)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(path, "HTML page has no text content")
    return text


@dataclass(slots=True)
class _Counts:
    """What a subtree holds: Chinese characters, visible characters, those in links, links."""

    han: int = 0
    chars: int = 0
    linked: int = 0
    links: int = 0


def _counts(root: LexborNode) -> dict[int, _Counts]:
    """The counts of every element below `root` (and its own), in one pass: linear in the tree,
    however deep (a page of 40,000 nested elements is read in well under a second)."""
    counts: dict[int, _Counts] = {}
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            counts[node.mem_id] = _Counts()
            stack.append((node, True))
            stack.extend((child, False) for child in node.iter(include_text=False))
            continue
        own = counts[node.mem_id]
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                text = child.text(deep=False)
                own.han += len(_HAN.findall(text))
                own.chars += len("".join(text.split()))
                continue
            sub = counts.get(child.mem_id)
            if sub is None:
                continue
            own.han += sub.han
            own.chars += sub.chars
            own.links += sub.links + (child.tag == "a")
            own.linked += sub.chars if child.tag == "a" else sub.linked
    return counts


def _drop_chrome(body: LexborNode) -> None:
    """Drop page chrome: elements whose class, id or role names it, and link lists.

    An element holding half the page's Chinese text or more is never chrome,
    whatever its class says.
    """
    counts = _counts(body)
    total = counts[body.mem_id].han
    doomed: list[LexborNode] = []
    stack = list(body.iter(include_text=False))
    while stack:
        node = stack.pop()
        names = " ".join(v for k, v in node.attributes.items() if k in {"class", "id", "role"} and v)
        is_chrome = bool(names and _CHROME.search(names)) or _is_link_list(node, counts[node.mem_id])
        if is_chrome and counts[node.mem_id].han < total / 2:
            doomed.append(node)  # and not its descendants: they go with it
        else:
            stack.extend(node.iter(include_text=False))
    for node in doomed:
        node.decompose()


def _is_link_list(node: LexborNode, counts: _Counts) -> bool:
    if node.tag not in _LINK_LIST_TAGS or counts.links < 2:
        return False
    return counts.chars > 0 and counts.linked >= _LINK_DENSITY * counts.chars


def _main_content(body: LexborNode) -> LexborNode:
    """The smallest element holding most of the Chinese text of the page."""
    counts = _counts(body)
    node = body
    while True:
        total = counts[node.mem_id].han
        if total == 0:
            return node
        best = max(node.iter(include_text=False), key=lambda child: counts[child.mem_id].han, default=None)
        if best is None or counts[best.mem_id].han < _DOMINANT * total:
            return node
        node = best


def _outside_title(body: LexborNode, main: LexborNode) -> str | None:
    """A report title in an <h1> or a title-classed element outside the main content."""
    from duban.ingest.repair import is_title_line

    main_text = "".join(main.text(deep=True).split())
    for node in body.css("h1, h2, [class*=title], [id*=title]")[:_TITLE_CANDIDATES]:
        text = _clean(node.text(deep=True))
        if text and "".join(text.split()) not in main_text and is_title_line(text):
            return text
    return None


_TITLE_CANDIDATES = 20
"""Title elements looked at (a hostile page may have thousands, nested)."""
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
