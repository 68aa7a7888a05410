"""DOCX (python-docx): body paragraphs and tables in document order, one table row per
line with its cells separated by tabs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from duban.errors import IngestError

ZIP_MAGIC = b"PK\x03\x04"
MAX_DOCX_XML_BYTES = 200 * 1024 * 1024
"""Refuse a DOCX whose document.xml unpacks to more than this (a ZIP bomb)."""


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
