"""HTML (selectolax): the main content of a page as text, one block per line.

The charset comes from a BOM or `<meta>`, else is detected; the page chrome
(script, style, nav, header, footer, aside and elements whose class or id says
nav/menu/footer/breadcrumb/share/toolbar) is dropped; the main content is the
smallest element holding most of the Chinese text; block elements become line
breaks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from duban.errors import IngestError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

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
