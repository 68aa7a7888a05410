"""The tables as an Excel workbook a supervisor can use at once: `write_xlsx`, one sheet per
table with a bold frozen header, autofilter, widths and wrapping; openpyxl is imported only
when a workbook is written."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from duban.present.export.files import FIXED_STAMP, atomic_file, fix_zip_times, is_formula_like
from duban.present.export.tables import Table


def _number_format(value: float) -> str:
    if float(value).is_integer():
        return "#,##0"
    return "General"


def write_xlsx(tables: Sequence[Table], path: str | Path, stamp: dt.datetime = FIXED_STAMP) -> Path:
    """A workbook with one sheet per table: bold frozen header, autofilter, widths, wrap.
    Dated `stamp` (properties and zip entries): the same tables give the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    book.properties.created = book.properties.modified = stamp
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append(list(row))
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            sheet.cell(1, index).font, sheet.cell(1, index).fill = header_font, header_fill
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = wrap if column.wrap else top
                if is_formula_like(cell.value):
                    cell.data_type, cell.quotePrefix = "s", True  # text, never a formula
                if isinstance(cell.value, float):
                    cell.number_format = _number_format(cell.value)
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(len(table.columns), 1))
        sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2)}"
    target = Path(path)
    with atomic_file(target, ".xlsx") as tmp:
        _save_workbook(book, tmp)
        fix_zip_times(tmp, stamp)
    return target


def _save_workbook(book: Any, path: Path) -> None:
    """Save like openpyxl's `Workbook.save`, which would set the modified time to now."""
    from openpyxl.writer.excel import ExcelWriter

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
