"""What format a file's bytes announce, told from their first bytes: no format's module is
loaded to tell (a text file loads none of them)."""

from __future__ import annotations

import re

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}
HTML_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_HTML_PROLOGUE = rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
_HTML_DOCUMENT = re.compile(_HTML_PROLOGUE + rb"<(?:!doctype\s+html|html)\b", re.I | re.S)
_HTML_FRAGMENT = re.compile(
    _HTML_PROLOGUE + rb"<(?:head|body|meta|title|div|p|table|article|section|span|h[1-6])\b", re.I | re.S
)
_HTML_CLOSE = re.compile(rb"</[a-z][a-z0-9]*\s*>|/>", re.I)


def sniff_format(data: bytes) -> str | None:
    """The format the bytes announce: pdf, docx, ofd, doc (old binary Office), image, html, else None."""
    if PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        from duban.ingest.formats.package import zip_names

        return "ofd" if is_ofd(zip_names(data)) else "docx"
    if data.startswith(OLE_MAGIC):
        return "doc"
    if image_kind(data):
        return "image"
    if looks_like_html(data):
        return "html"
    return None


def is_ofd(names: list[str]) -> bool:
    return any(name.lower() == "ofd.xml" for name in names)


def image_kind(data: bytes) -> str | None:
    """ "png", "jpeg" or "tiff" when the bytes start like one, else None."""
    return next((kind for magic, kind in IMAGE_MAGIC.items() if data.startswith(magic)), None)


def looks_like_html(data: bytes) -> bool:
    """Whether bytes start like an HTML document (after a BOM, blanks and comments)."""
    head = data[:4096]
    for bom, encoding in HTML_BOMS:
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, "ignore").encode("ascii", "ignore")
            break
    if _HTML_DOCUMENT.match(head):
        return True
    return bool(_HTML_FRAGMENT.match(head)) and bool(_HTML_CLOSE.search(head))
