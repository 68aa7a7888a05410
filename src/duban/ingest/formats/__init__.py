"""Text out of files that are not plain text: one module per format.

`extract_text` takes the raw bytes of such a file and returns its text with one
paragraph (or table row) per line, plus the format's name. What comes out is raw
text: the ingest repair step normalises it further. Every problem raises
`IngestError(path, problem)`.
"""

from __future__ import annotations

from pathlib import Path

from duban.errors import IngestError
from duban.ingest.formats.docx import MAX_DOCX_XML_BYTES, ZIP_MAGIC, docx_text
from duban.ingest.formats.html import html_text, looks_like_html
from duban.ingest.formats.pdf import PDF_MAGIC, pdf_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

__all__ = ["MAX_DOCX_XML_BYTES", "OLE_MAGIC", "PDF_MAGIC", "ZIP_MAGIC", "extract_text", "sniff_format"]


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
