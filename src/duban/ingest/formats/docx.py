"""DOCX (python-docx): body paragraphs and tables in document order, one table row per
line with its cells separated by tabs."""

from __future__ import annotations

import io
from collections.abc import Iterator

from duban.errors import IngestError
from duban.ingest.formats.package import check_part, open_package


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
    with open_package(path, data, "DOCX") as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise IngestError(path, _not_word_problem(names))
        check_part(path, archive, "word/document.xml", "DOCX")


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
