"""Text out of files that are not plain text: one module per format, loaded when a file of
its format comes (`sniff` tells the format from the bytes).

`extract_text` takes the raw bytes of such a file and returns its text with one
paragraph (or table row) per line, plus the format's name. What comes out is raw
text: the ingest repair step normalises it further. Every problem raises
`IngestError(path, problem)`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from duban.errors import IngestError
from duban.ingest.formats.sniff import OLE_MAGIC, PDF_MAGIC, ZIP_MAGIC, image_kind, sniff_format

__all__ = [
    "OLE_MAGIC",
    "PDF_MAGIC",
    "ZIP_MAGIC",
    "OcrProgress",
    "extract_text",
    "sniff_format",
]

OcrProgress = Callable[[int, int], None]
"""Called with (0, pages to read) before OCR starts, then (pages done, pages to read) after each page."""


def extract_text(
    path: str | Path, data: bytes, *, ocr: bool = True, progress: OcrProgress | None = None
) -> tuple[str, str]:
    """The text of a file that is not plain text, one paragraph a line, and the format's name.

    `ocr` off refuses a file that only OCR can read; `progress` hears of each page OCR reads.
    """
    name = str(path)
    kind = sniff_format(data)
    if kind == "pdf":
        from duban.ingest.formats.pdf import pdf_text

        return pdf_text(name, data, ocr=ocr, progress=progress), kind
    if kind == "docx":
        from duban.ingest.formats.docx import docx_text

        return docx_text(name, data), kind
    if kind == "ofd":
        from duban.ingest.formats.ofd import ofd_text

        return ofd_text(name, data), kind
    if kind == "html":
        from duban.ingest.formats.html import html_text

        return html_text(name, data), kind
    if kind == "image":
        from duban.ingest.formats.image import image_text

        return image_text(name, data, ocr=ocr, progress=progress), image_kind(data) or kind
    if kind == "doc":
        from duban.ingest.formats.doc import doc_text

        return doc_text(name, data), kind
    raise IngestError(name, "not a file format duban reads")
