"""Text out of non-plain-text formats (a stub: HTML crudely, PDF and DOCX refused).

Another module owner will replace this file; keep `extract_text`'s signature.
"""

from __future__ import annotations

from pathlib import Path

from duban.errors import IngestError


def sniff_format(data: bytes) -> str | None:
    """ "pdf", "docx" or "html" when the bytes say so, else None (plain text)."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    low = head.lower()
    for bom in (b"\xef\xbb\xbf",):
        low = low.removeprefix(bom)
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower():
        return "html"
    return None


def extract_text(path: str | Path, data: bytes) -> tuple[str, str]:
    """The text of a PDF, DOCX or HTML file and the format's name."""
    kind = sniff_format(data)
    if kind == "html":
        return _html_text(path, data), "html"
    if kind in ("pdf", "docx"):
        raise IngestError(str(path), f"{kind.upper()} input is not supported yet")
    raise IngestError(str(path), "not a PDF, DOCX or HTML file")


def _html_text(path: str | Path, data: bytes) -> str:
    from selectolax.parser import HTMLParser

    from duban.ingest.read import decode_text

    text, _ = decode_text(path, data)
    tree = HTMLParser(text)
    for node in tree.css("script, style, noscript, head"):
        node.decompose()
    body = tree.body or tree.root
    return body.text(separator="\n") if body is not None else ""
