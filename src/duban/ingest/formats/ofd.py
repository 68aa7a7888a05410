"""OFD (GB/T 33190, the national layout format): the text objects of its pages.

An OFD is a ZIP of XML: `OFD.xml` names each document's root (`DocRoot`), whose
`Document.xml` lists the pages (`Pages/Page@BaseLoc`) and the default page box; each
page's `Content.xml` holds layers of `TextObject`s (Boundary "x y w h" in millimetres,
y downwards; font Size; `TextCode` runs placed at X/Y in the object, spaced by DeltaX).

Each run becomes a piece of text with its box on the page; pieces are put in rows, and
the rows through the same page layout as a PDF text layer (page numbers and running heads
dropped, wrapped lines joined), so reading order comes from where the text stands. An
encrypted OFD, and one whose only content is signatures or seals, is refused by name.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree

from duban.errors import IngestError
from duban.ingest.formats.layout import Line, Page, arrange, page_text
from duban.ingest.formats.package import open_package, read_part

MM = 72 / 25.4
"""Points in a millimetre."""
_A4 = (0.0, 0.0, 210.0, 297.0)


def ofd_text(path: str, data: bytes) -> str:
    """The text of every page of every document in an OFD, paragraphs rebuilt."""
    with open_package(path, data, "OFD") as archive:
        names = archive.namelist()
        root = _xml(path, archive, next(n for n in names if n.lower() == "ofd.xml"))
        if any("encrypt" in n.lower() for n in names) or _find(root, "Encryptions") is not None:
            raise IngestError(path, "OFD is encrypted; save or export it without encryption")
        pages: list[Page] = []
        signed = False
        for body in _findall(root, "DocBody"):
            doc_root = _text(_find(body, "DocRoot"))
            if not doc_root:
                continue
            signed = signed or bool(_text(_find(body, "Signatures")))
            pages.extend(_document_pages(path, archive, _resolve("", doc_root)))
    if not pages:
        raise IngestError(path, "OFD has no pages")
    if not any(page.lines for page in pages):
        if signed:
            raise IngestError(path, "OFD holds no text, only signatures or seals (signed-only)")
        raise IngestError(path, "OFD has no text objects (a scan?)")
    return page_text(pages)


def _document_pages(path: str, archive: zipfile.ZipFile, document: str) -> list[Page]:
    root = _xml(path, archive, document)
    box = _numbers(_text(_find(_find(_find(root, "CommonData"), "PageArea"), "PhysicalBox")), _A4)
    pages = []
    for page in _findall(_find(root, "Pages"), "Page"):
        location = page.get("BaseLoc")
        if location:
            pages.append(_page(path, archive, _resolve(document, location), box))
    return pages


def _page(path: str, archive: zipfile.ZipFile, name: str, default_box: tuple[float, ...]) -> Page:
    if name not in archive.NameToInfo:
        raise IngestError(path, f"OFD is damaged: page {name} is missing")
    root = _xml(path, archive, name)
    area = _find(root, "Area")
    box = _numbers(_text(_find(area, "PhysicalBox")), default_box) if area is not None else default_box
    height = box[3] * MM
    pieces = [
        piece
        for text_object in root.iter()
        if _local(text_object.tag) == "TextObject"
        for piece in _runs(text_object, height)
    ]
    return Page(height, arrange(pieces))


def _runs(text_object: ElementTree.Element, page_height: float) -> list[Line]:
    """Each TextCode run of a text object as a piece with its box in points (y upwards)."""
    x0, y0, _, _ = _numbers(text_object.get("Boundary", ""), (0.0, 0.0, 0.0, 0.0))
    size = _number(text_object.get("Size"), 3.5)
    pieces = []
    x = y = 0.0
    for code in text_object:
        if _local(code.tag) != "TextCode" or not (code.text or "").strip():
            continue
        x, y = _number(code.get("X"), x), _number(code.get("Y"), y)
        text = code.text or ""
        deltas = _deltas(code.get("DeltaX", ""), len(text) - 1, size)
        left, baseline = x0 + x, y0 + y
        right = left + sum(deltas) + size
        top, bottom = page_height - (baseline - 0.88 * size) * MM, page_height - (baseline + 0.12 * size) * MM
        pieces.append(Line(text.strip(), (left * MM, bottom, right * MM, top), size * MM))
    return pieces


def _deltas(spec: str, count: int, size: float) -> list[float]:
    """DeltaX: advances between characters, with "g N D" for N advances of D."""
    tokens = spec.split()
    out: list[float] = []
    k = 0
    while k < len(tokens) and len(out) < count:
        if tokens[k] == "g" and k + 2 < len(tokens):
            out.extend([_number(tokens[k + 2], size)] * int(_number(tokens[k + 1], 0)))
            k += 3
        else:
            out.append(_number(tokens[k], size))
            k += 1
    out = out[:count]
    return out + [out[-1] if out else size] * (count - len(out))


def _xml(path: str, archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    data = read_part(path, archive, name, "OFD")
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:2048]:
        raise IngestError(path, f"OFD part {name} declares a DTD or entities (not allowed in OFD)")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        raise IngestError(path, f"OFD part {name} is not well-formed XML ({err})") from None


def _resolve(base: str, location: str) -> str:
    """A location in the package: absolute from the root when it starts with /, else beside `base`."""
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), location))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(node: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    if node is None:
        return None
    return next((child for child in node if _local(child.tag) == name), None)


def _findall(node: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
    return [child for child in node if _local(child.tag) == name] if node is not None else []


def _text(node: ElementTree.Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _numbers(value: str, default: tuple[float, ...]) -> tuple[float, ...]:
    parts = re.split(r"[\s,]+", value.strip())
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        return default
    return numbers if len(numbers) == 4 else default
