"""Exports of the ledger: an Excel workbook a supervisor can use at once, CSV, JSON Lines.

The tables are built once from model objects (`ledger_tables`), then written as
xlsx (`write_xlsx`) or CSV (`write_csv`); `export_xlsx(store, path)` and friends are
the one-call versions over a ledger. Files are written to a temporary name and
moved into place, so a failed export never leaves a half-written file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban.analyse.checks import elapsed_share, kind_name, run_checks, status_name
from duban.analyse.track import Tracked, track
from duban.errors import DubanError, NotFoundError
from duban.model import Approx, ExtractedReport, Fact, Finding, ItemKind, Report, Role
from duban.present.labels import basis_label, readable, role_label
from duban.present.targets import board

if TYPE_CHECKING:
    from duban.store.base import Store

# The Chinese name of each role (a Role is a str, so it keys this too); one mapping for the
# exports, the web app and the CLI tables.
APPROX_NAMES: dict[Approx, str] = {Approx.ABOUT: "约", Approx.OVER: "超过", Approx.UNDER: "不到"}
SHEET_NAMES = ("指标", "目标对账", "进度", "核查", "问题", "打算")


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: int  # in Excel character units
    wrap: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """One sheet of the workbook (or one CSV file)."""

    name: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


FACT_COLUMNS = (
    Column("报告", 28, wrap=True),
    Column("部门", 16),
    Column("章节", 22, wrap=True),
    Column("指标", 20, wrap=True),
    Column("统一指标", 16, wrap=True),
    Column("主体", 10),
    Column("时期", 10),
    Column("时间", 12),
    Column("地区", 10),
    Column("比较", 8),
    Column("角色", 6),
    Column("原文", 14),
    Column("约数", 6),
    Column("数值", 16),
    Column("单位", 8),
    Column("读数", 14),
    Column("原句", 70, wrap=True),
)
TARGET_COLUMNS = (
    Column("指标", 18, wrap=True),
    Column("地区", 10),
    Column("时期", 10),
    Column("报告单位", 16, wrap=True),
    Column("目标类型", 10),
    Column("目标", 16),
    Column("目标值", 14),
    Column("目标上限", 14),
    Column("单位", 8),
    Column("实际", 14),
    Column("实际值", 14),
    Column("状态", 8),
    Column("目标来源", 28, wrap=True),
    Column("目标原句", 60, wrap=True),
    Column("实际来源", 28, wrap=True),
    Column("实际原句", 60, wrap=True),
)
PROGRESS_COLUMNS = (
    Column("报告", 28, wrap=True),
    Column("部门", 16),
    Column("完成进度(%)", 12),
    Column("时间进度(%)", 12),
    Column("状态", 8),
    Column("说明", 50, wrap=True),
    Column("原句", 70, wrap=True),
)
FINDING_COLUMNS = (
    Column("类型", 8),
    Column("状态", 8),
    Column("报告", 28, wrap=True),
    Column("部门", 16),
    Column("说明", 50, wrap=True),
    Column("涉及数字", 24, wrap=True),
    Column("原句", 70, wrap=True),
)
ITEM_COLUMNS = (
    Column("报告", 28, wrap=True),
    Column("部门", 16),
    Column("章节", 24, wrap=True),
    Column("内容", 90, wrap=True),
)


# ---------------------------------------------------------------- building the tables


class _Headings:
    """Section headings of the loaded reports, by report and section path."""

    def __init__(self, reports: Sequence[ExtractedReport]) -> None:
        self._by_path = {(s.report_id, s.path): s.heading for er in reports for s in er.sections}

    def of(self, report_id: str, path: tuple[int, ...]) -> str:
        for end in range(len(path), 0, -1):
            heading = self._by_path.get((report_id, path[:end]))
            if heading:
                return heading
        return ""


def _department(report: Report) -> str:
    return report.department or ""


def fact_row(report: Report, fact: Fact, section: str) -> tuple[Any, ...]:
    q = fact.quantity
    return (
        report.title,
        _department(report),
        section,
        fact.metric,
        fact.indicator or "",
        fact.subject or "",
        fact.period or "",
        fact.when or "",
        fact.where or "",
        basis_label(fact.basis),
        role_label(fact.role),
        q.text,
        APPROX_NAMES.get(q.approx, "") if q.approx else "",
        fact.value,
        q.unit,
        readable(fact.value, q.unit),
        "".join(fact.sentence.text.split()),
    )


def fact_table(reports: Sequence[ExtractedReport]) -> Table:
    headings = _Headings(reports)
    rows = [
        fact_row(er.report, f, headings.of(er.report.id, f.sentence.section_path))
        for er in reports
        for f in er.facts
    ]
    return Table("指标", FACT_COLUMNS, rows)


def target_table(tracked: Sequence[Tracked]) -> Table:
    """目标对账: each target with its outcome (or the progress so far) and status; values as
    numbers beside the words people read."""
    rows = []
    for row in board(tracked).rows:
        target, source = row.item.target, row.outcome_source
        rows.append(
            (
                row.shown,
                row.where,
                row.when,
                row.body,
                row.kind,
                row.target,
                target.value,
                target.high.fact.value if target.high else None,
                target.unit,
                row.outcome + ("(年中进度)" if row.so_far else ""),
                source.fact.value if source else None,
                row.status_label,
                target.low.report_title,
                "".join(target.low.fact.sentence.text.split()),
                source.report_title if source else "",
                "".join(source.fact.sentence.text.split()) if source else "",
            )
        )
    return Table("目标对账", TARGET_COLUMNS, rows)


def _sentence_text(finding: Finding) -> str:
    return "".join(finding.sentence.text.split())


def progress_table(reports: Sequence[ExtractedReport], findings: Sequence[Finding]) -> Table:
    by_id = {er.report.id: er.report for er in reports}
    rows = []
    for finding in findings:
        if finding.kind != "progress" or finding.report_id not in by_id:
            continue
        report = by_id[finding.report_id]
        progress = next((f for f in finding.facts if f.role is Role.PROGRESS), finding.facts[-1])
        elapsed = elapsed_share(report, progress)
        rows.append(
            (
                report.title,
                _department(report),
                progress.value,
                round(elapsed * 100, 2) if elapsed is not None else None,
                status_name(finding.status),
                finding.message,
                _sentence_text(finding),
            )
        )
    return Table("进度", PROGRESS_COLUMNS, rows)


def finding_table(reports: Sequence[ExtractedReport], findings: Sequence[Finding]) -> Table:
    by_id = {er.report.id: er.report for er in reports}
    rows = []
    for finding in findings:
        report = by_id.get(finding.report_id)
        rows.append(
            (
                kind_name(finding.kind),
                status_name(finding.status),
                report.title if report else finding.report_id,
                _department(report) if report else "",
                finding.message,
                "、".join(f.quantity.text for f in finding.facts),
                _sentence_text(finding),
            )
        )
    return Table("核查", FINDING_COLUMNS, rows)


def item_table(reports: Sequence[ExtractedReport], kind: ItemKind, name: str) -> Table:
    headings = _Headings(reports)
    rows = [
        (
            er.report.title,
            _department(er.report),
            headings.of(er.report.id, item.section_path),
            "".join(item.text.split()),
        )
        for er in reports
        for item in er.items
        if item.kind is kind
    ]
    return Table(name, ITEM_COLUMNS, rows)


def ledger_tables(
    reports: Sequence[ExtractedReport],
    findings: Sequence[Finding] | None = None,
    tracked: Sequence[Tracked] = (),
) -> list[Table]:
    """The six tables of an export: 指标, 目标对账 (of `tracked`, the ledger's `track`), 进度,
    核查, 问题, 打算."""
    if findings is None:
        findings = run_checks(reports)
    return [
        fact_table(reports),
        target_table(tracked),
        progress_table(reports, findings),
        finding_table(reports, findings),
        item_table(reports, ItemKind.PROBLEM, "问题"),
        item_table(reports, ItemKind.PLAN, "打算"),
    ]


# ---------------------------------------------------------------- writing


def check_targets(files: Sequence[Path | None] = (), folders: Sequence[Path | None] = ()) -> None:
    """Raise DubanError now when an output file or folder cannot be written, so that a
    command with several outputs writes none rather than some."""
    for path in filter(None, files):
        if path.is_dir():
            raise DubanError(f"{path}: cannot write: it is a folder; name a file")
        if path.parent.exists() and not path.parent.is_dir():
            raise DubanError(f"{path}: cannot write: {path.parent} is a file, not a folder")
        if not path.parent.is_dir():
            raise DubanError(f"{path}: cannot write: folder {path.parent} does not exist")
    for folder in filter(None, folders):
        if folder.exists() and not folder.is_dir():
            raise DubanError(f"{folder}: cannot write CSV files there: it is a file, not a folder")


@contextmanager
def atomic_file(path: str | Path, suffix: str) -> Iterator[Path]:
    """A temporary file beside `path`, moved onto it only when writing succeeded."""
    path = Path(path)
    if not path.parent.is_dir():
        raise DubanError(f"{path}: cannot write: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.{os.getpid()}{suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as err:
        raise DubanError(f"{path}: cannot write: {err.strerror or err}") from err
    finally:
        tmp.unlink(missing_ok=True)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read text as a formula


def is_formula_like(value: object) -> bool:
    """A string a spreadsheet would run as a formula (=SUM(A1), +1, @cmd)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(row: Sequence[Any]) -> list[Any]:
    """A CSV row whose formula-like strings are prefixed with ' (shown as text by Excel)."""
    return ["'" + value if is_formula_like(value) else value for value in row]


FIXED_STAMP = dt.datetime(2000, 1, 1)  # the time written into files when no report is dated


def stamp_of(reports: Sequence[ExtractedReport]) -> dt.datetime:
    """The time written into a workbook or Word file: the latest report date at 00:00, so
    the same ledger exports the same bytes (a clock reading would differ on every run)."""
    dates = [er.report.date for er in reports if er.report.date]
    return dt.datetime.combine(max(dates), dt.time()) if dates else FIXED_STAMP


def fix_zip_times(path: Path, stamp: dt.datetime) -> None:
    """Rewrite the zip file at `path` with every entry dated `stamp` (Office files are zips
    whose entries carry the time of writing), keeping names, order and compression."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            out.writestr(fixed, data)


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


def write_csv(tables: Sequence[Table], folder: str | Path) -> list[Path]:
    """One CSV per table, UTF-8 with a byte-order mark so that Excel reads the Chinese."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DubanError(f"{folder}: cannot create folder: {err.strerror or err}") from err
    written = []
    for table in tables:
        target = folder / f"{table.name}.csv"
        with atomic_file(target, ".csv") as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(table.headers)
            writer.writerows(csv_safe(row) for row in table.rows)
        written.append(target)
    return written


def write_jsonl(reports: Sequence[ExtractedReport], path: str | Path) -> int:
    """Facts as contract objects (spec/FACTS.md), one per line. Returns how many."""
    target = Path(path)
    count = 0
    with atomic_file(target, ".jsonl") as tmp, tmp.open("w", encoding="utf-8") as out:
        for er in reports:
            for fact in er.facts:
                out.write(json.dumps(fact.to_json(er.report.title), ensure_ascii=False) + "\n")
                count += 1
    return count


# ---------------------------------------------------------------- over a ledger


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
