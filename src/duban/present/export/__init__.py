"""Exports of the ledger: an Excel workbook a supervisor can use at once, CSV, JSON Lines.

The tables are built once from model objects (`ledger_tables`), then written as
xlsx (`write_xlsx`) or CSV (`write_csv`); `export_xlsx(store, path)` and friends are
the one-call versions over a ledger. Files are written to a temporary name and
moved into place, so a failed export never leaves a half-written file.

The parts: `tables` (what the tables hold), `files` (writing files safely and the same
way every time), `workbook` (xlsx), `flat` (CSV and JSON Lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from duban.analyse.track import track
from duban.errors import NotFoundError
from duban.model import ExtractedReport
from duban.present.export.files import (
    FIXED_STAMP,
    FORMULA_STARTS,
    atomic_file,
    check_targets,
    csv_safe,
    fix_zip_times,
    is_formula_like,
    stamp_of,
)
from duban.present.export.flat import write_csv, write_jsonl
from duban.present.export.tables import (
    FACT_COLUMNS,
    FINDING_COLUMNS,
    ITEM_COLUMNS,
    PROGRESS_COLUMNS,
    SHEET_NAMES,
    TARGET_COLUMNS,
    Column,
    Table,
    fact_row,
    fact_table,
    finding_table,
    item_table,
    ledger_tables,
    progress_table,
    target_table,
)
from duban.present.export.workbook import write_xlsx

if TYPE_CHECKING:
    from duban.store.base import Store

__all__ = [
    "FACT_COLUMNS",
    "FINDING_COLUMNS",
    "FIXED_STAMP",
    "FORMULA_STARTS",
    "ITEM_COLUMNS",
    "PROGRESS_COLUMNS",
    "SHEET_NAMES",
    "TARGET_COLUMNS",
    "Column",
    "Table",
    "atomic_file",
    "check_targets",
    "csv_safe",
    "export_csv",
    "export_jsonl",
    "export_xlsx",
    "fact_row",
    "fact_table",
    "finding_table",
    "fix_zip_times",
    "is_formula_like",
    "item_table",
    "ledger_reports",
    "ledger_tables",
    "progress_table",
    "stamp_of",
    "target_table",
    "write_csv",
    "write_jsonl",
    "write_xlsx",
]


def ledger_reports(store: Store) -> list[ExtractedReport]:
    """Every report of the ledger; NotFoundError when there is none."""
    reports = store.load_all()
    if not reports:
        raise NotFoundError("the ledger holds no reports: run `duban ingest FILE…` first")
    return reports


def export_xlsx(store: Store, path: str | Path) -> Path:
    """The ledger as a workbook: 指标, 目标对账, 进度, 核查, 问题, 打算."""
    reports = ledger_reports(store)
    return write_xlsx(ledger_tables(reports, tracked=track(store)), path, stamp_of(reports))


def export_csv(store: Store, folder: str | Path) -> list[Path]:
    """The ledger as one CSV per sheet in `folder`."""
    return write_csv(ledger_tables(ledger_reports(store), tracked=track(store)), folder)


def export_jsonl(store: Store, path: str | Path) -> int:
    """The ledger's facts as JSON Lines (the fact contract). Returns how many."""
    return write_jsonl(ledger_reports(store), path)
