"""The tables of an export, built once from model objects: 指标 (`fact_table`, one row per
fact: `fact_row`), 目标对账, 进度, 核查, 问题, 打算 (`ledger_tables`), each a `Table` of
`Column`s (header, width, wrap) and rows, the same for the workbook and the CSV files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from duban.analyse.checks import elapsed_share, kind_name, run_checks, status_name
from duban.analyse.track import Tracked
from duban.model import ExtractedReport, Fact, Finding, ItemKind, Report, Role
from duban.present.labels import approx_label, basis_label, readable, role_label
from duban.present.targets import board

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
        approx_label(q.approx),
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
