"""Text out of files that are not plain text: one module per format.

`extract_text` takes the raw bytes of such a file and returns its text with one
paragraph (or table row) per line, plus the format's name. What comes out is raw
text: the ingest repair step normalises it further. Every problem raises
`IngestError(path, problem)`.
"""

from __future__ import annotations

from pathlib import Path

from duban.errors import IngestError
from duban.ingest.formats.doc import OLE_MAGIC, doc_text
from duban.ingest.formats.docx import docx_text
from duban.ingest.formats.html import html_text, looks_like_html
from duban.ingest.formats.image import image_kind, image_text
from duban.ingest.formats.ocr import OcrProgress
from duban.ingest.formats.ofd import is_ofd, ofd_text
from duban.ingest.formats.package import ZIP_MAGIC, zip_names
from duban.ingest.formats.pdf import PDF_MAGIC, pdf_text

__all__ = [
    "OLE_MAGIC",
    "PDF_MAGIC",
    "ZIP_MAGIC",
    "OcrProgress",
    "extract_text",
    "sniff_format",
]


def sniff_format(data: bytes) -> str | None:
    """The format the bytes announce: pdf, docx, ofd, doc (old binary Office), image, html, else None."""
    if PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        return "ofd" if is_ofd(zip_names(data)) else "docx"
    if data.startswith(OLE_MAGIC):
        return "doc"
    if image_kind(data):
        return "image"
    if looks_like_html(data):
        return "html"
    return None


def extract_text(
    path: str | Path, data: bytes, *, ocr: bool = True, progress: OcrProgress | None = None
) -> tuple[str, str]:
    """The text of a file that is not plain text, one paragraph a line, and the format's name.

    `ocr` off refuses a file that only OCR can read; `progress` hears of each page OCR reads.
    """
    name = str(path)
    kind = sniff_format(data)
    if kind == "pdf":
        return pdf_text(name, data, ocr=ocr, progress=progress), kind
    if kind == "docx":
        return docx_text(name, data), kind
    if kind == "ofd":
        return ofd_text(name, data), kind
    if kind == "html":
        return html_text(name, data), kind
    if kind == "image":
        return image_text(name, data, ocr=ocr, progress=progress), image_kind(data) or kind
    if kind == "doc":
        return doc_text(name, data), kind
    raise IngestError(name, "not a file format duban reads")
