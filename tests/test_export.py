"""Exports reopened and read: the workbook (openpyxl), the CSV files, the JSON Lines,
and the `check` / `export` commands over a real ledger of the sample."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from duban.cli.commands import app
from duban.pipeline import extract_path
from duban.present.export import SHEET_NAMES, export_csv, export_jsonl, export_xlsx
from duban.store import SqlStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
DUBAN = Path(sys.executable).parent / "duban"
FACT_HEADERS = [
    "报告",
    "部门",
    "章节",
    "指标",
    "统一指标",
    "主体",
    "时期",
    "时间",
    "地区",
    "比较",
    "角色",
    "原文",
    "约数",
    "数值",
    "单位",
    "读数",
    "原句",
]
CONTRACT_FIELDS = {"doc", "sentence", "text", "value", "unit", "role", "metric"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ledger") / "sample.db"
    document, reports, warnings = extract_path(SAMPLE)
    with open_store(str(path)) as store:
        store.ingest(document, reports, warnings)
    return path


@pytest.fixture
def store(db: Path) -> Iterator[SqlStore]:
    with open_store(str(db)) as opened:
        yield opened


@pytest.fixture(scope="module")
def workbook(db: Path, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "指标.xlsx"
    with open_store(str(db)) as store:
        export_xlsx(store, path)
    return openpyxl.load_workbook(path)


def rows_of(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


# ---------------------------------------------------------------- xlsx


def test_the_workbook_has_the_five_sheets_with_chinese_headers(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == list(SHEET_NAMES) == ["指标", "目标对账", "进度", "核查", "问题", "打算"]
    assert [c.value for c in workbook["指标"][1]] == FACT_HEADERS
    assert [c.value for c in workbook["问题"][1]] == ["报告", "部门", "章节", "内容"]


def test_every_sheet_has_a_frozen_header_and_a_filter(workbook: openpyxl.Workbook) -> None:
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet[1][0].font.bold


def test_a_fact_is_a_number_with_its_unit_and_sentence_beside_it(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["指标"]
    rows = [r for r in rows_of(sheet) if r["原文"] == "6539.21亿元"]
    assert len(rows) == 1
    row = rows[0]
    assert isinstance(row["数值"], int | float) and row["数值"] == pytest.approx(653921000000.0)
    assert row["单位"] == "元"
    assert row["角色"] == "水平"
    assert "生产总值" in str(row["指标"])
    assert "全市生产总值实现6539.21亿元" in str(row["原句"])
    assert row["报告"] == "青岛市发展和改革委员会2021年上半年工作总结"
    assert (row["统一指标"], row["时间"], row["地区"]) == ("地区生产总值", "2021-H1", "青岛市")
    sentence_column = FACT_HEADERS.index("原句") + 1
    assert sheet.cell(2, sentence_column).alignment.wrap_text
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(sentence_column)].width >= 60


def test_a_value_is_read_beside_the_number(workbook: openpyxl.Workbook) -> None:
    rows = {r["原文"]: r for r in rows_of(workbook["指标"])}
    assert rows["6539.21亿元"]["读数"] == "6539.21亿元" and rows["6539.21亿元"]["数值"] == 653921000000
    assert rows["13.8%"]["读数"] == "13.8%"


def test_the_target_sheet_sets_each_target_against_its_outcome(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["目标对账"]
    assert [c.value for c in sheet[1]][:6] == ["指标", "地区", "时期", "报告单位", "目标类型", "目标"]
    rows = rows_of(sheet)
    assert rows and {r["状态"] for r in rows} <= {"已完成", "未完成", "待核", "无法比较"}
    assert all(isinstance(r["目标值"], int | float) for r in rows if r["目标"] != "未列明")
    implied = [r for r in rows if r["目标类型"] == "推算"]  # 完成年度目标的44.08%: the target inferred
    assert any(r["目标"].startswith("约25万人") and r["实际"] == "进度 44.08%(年中进度)" for r in implied)
    so_far = [r for r in rows if "“十强”产业项目" in str(r["指标"])]
    assert so_far and so_far[0]["目标"] == "100个以上" and so_far[0]["实际"] == "进度 56%(年中进度)"
    assert so_far[0]["实际值"] == 56 and so_far[0]["时期"] == "2021" and so_far[0]["地区"] == "青岛市"
    assert "十强" in str(so_far[0]["目标原句"]) and so_far[0]["报告单位"] == "青岛市民营经济局"


def test_roles_are_in_chinese(workbook: openpyxl.Workbook) -> None:
    roles = {r["角色"] for r in rows_of(workbook["指标"])}
    assert {"水平", "变化", "占比", "排名", "进度"} <= roles
    assert roles <= {"水平", "变化", "占比", "排名", "进度", "目标", "差距"}


def test_progress_and_findings_sheets(workbook: openpyxl.Workbook) -> None:
    progress = [r for r in rows_of(workbook["进度"]) if r["完成进度(%)"] == pytest.approx(44.08)]
    assert len(progress) == 1
    assert progress[0]["时间进度(%)"] == 50 and progress[0]["状态"] == "落后"
    assert "引进集聚人才11.02万人" in str(progress[0]["原句"])
    findings = rows_of(workbook["核查"])
    ratio = [r for r in findings if "144个÷265个" in str(r["说明"])]
    assert [(r["类型"], r["状态"]) for r in ratio] == [("算术", "相符")]
    assert {r["类型"] for r in findings} >= {"进度", "算术"}


def test_item_sheets_hold_the_ledgers_items(workbook: openpyxl.Workbook, store: SqlStore) -> None:
    for sheet_name, kind in (("问题", "problems"), ("打算", "plans")):
        rows = rows_of(workbook[sheet_name])
        items = store.items(kind=kind)
        assert len(rows) == len(items)
        assert [r["内容"] for r in rows] == ["".join(item.text.split()) for item, _ in items]


def test_the_same_ledger_exports_the_same_workbook_bytes(store: SqlStore, tmp_path: Path) -> None:
    first = export_xlsx(store, tmp_path / "a.xlsx").read_bytes()
    second = export_xlsx(store, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    latest = max(r.report.date for r in store.reports() if r.report.date)
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {latest.timetuple()[:3]}
    properties = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert properties.created.date() == properties.modified.date() == latest


# ---------------------------------------------------------------- csv and jsonl


def test_csv_files_open_in_excel(store: SqlStore, tmp_path: Path) -> None:
    written = export_csv(store, tmp_path / "导出")
    assert [p.name for p in written] == [f"{name}.csv" for name in SHEET_NAMES]
    raw = (tmp_path / "导出" / "指标.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (tmp_path / "导出" / "指标.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["原文"] == "6539.21亿元")
    assert float(row["数值"]) == 653921000000.0 and row["单位"] == "元"
    assert "全市生产总值实现6539.21亿元" in row["原句"]


FORMULA_REPORT = """青岛市测试局2021年上半年工作总结
2021-08-20
一、主要成效
=SUM(A1)全市实现进出口100亿元,同比增长10%。
"""


@pytest.fixture
def formula_store(tmp_path: Path) -> Iterator[SqlStore]:
    source = tmp_path / "formula.txt"
    source.write_text(FORMULA_REPORT, encoding="utf-8")
    document, reports, warnings = extract_path(source)
    with open_store(str(tmp_path / "formula.db")) as opened:
        opened.ingest(document, reports, warnings)
        yield opened


def test_a_sentence_like_a_formula_stays_text(formula_store: SqlStore, tmp_path: Path) -> None:
    export_xlsx(formula_store, tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")["指标"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if str(c.value).startswith("=SUM(A1)")]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    export_csv(formula_store, tmp_path / "csv")
    with (tmp_path / "csv" / "指标.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["原句"].startswith("'=SUM(A1)") for r in rows)
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_jsonl_is_the_fact_contract(store: SqlStore, tmp_path: Path) -> None:
    count = export_jsonl(store, tmp_path / "facts.jsonl")
    lines = (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert count == len(lines) == len(store.facts())
    facts = [json.loads(line) for line in lines]
    assert all(set(f) >= CONTRACT_FIELDS for f in facts)
    gdp = next(f for f in facts if f["text"] == "6539.21亿元")
    assert gdp["value"] == 653921000000.0 and gdp["unit"] == "元" and gdp["role"] == "level"
    assert gdp["doc"] == "青岛市发展和改革委员会2021年上半年工作总结"
    assert "\\u" not in lines[0]


# ---------------------------------------------------------------- the commands


def test_check_json_lines(db: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db), "check", "--json"])
    assert result.exit_code == 0, result.output
    findings = [json.loads(line) for line in result.output.splitlines()]
    assert all(
        {"kind", "status", "report", "report_id", "sentence", "message", "facts"} <= set(f) for f in findings
    )
    behind = [f for f in findings if f["kind"] == "progress" and "44.08%" in f["message"]]
    assert [f["status"] for f in behind] == ["behind"]
    assert behind[0]["report"] == "青岛市人力资源和社会保障局2021年上半年工作总结及下半年工作打算"
    assert any(fact["text"] == "44.08%" and set(fact) >= CONTRACT_FIELDS for fact in behind[0]["facts"])
    assert "完成年度目标的44.08%" in result.output  # Chinese as it is, not \\u escapes


def test_check_table(db: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db), "check"])
    assert result.exit_code == 0, result.output
    assert "落后" in result.output and "相符" in result.output


def test_export_command_writes_all_three(db: Path, tmp_path: Path) -> None:
    args = [
        "--xlsx",
        str(tmp_path / "a.xlsx"),
        "--csv",
        str(tmp_path / "csv"),
        "--jsonl",
        str(tmp_path / "f.jsonl"),
    ]
    result = CliRunner().invoke(app, ["--db", str(db), "export", *args])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames[0] == "指标"
    assert (tmp_path / "csv" / "核查.csv").exists() and (tmp_path / "f.jsonl").stat().st_size > 0


def run_duban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DUBAN), *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_export_of_an_empty_ledger_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    result = run_duban("--db", str(tmp_path / "empty.db"), "export", "--xlsx", str(target))
    assert result.returncode == 1
    assert result.stderr.startswith("duban: error:") and len(result.stderr.strip().splitlines()) == 1
    assert "ingest" in result.stderr
    assert not target.exists()


@pytest.mark.slow
def test_export_into_a_missing_folder_names_the_file(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "x.xlsx"
    result = run_duban("--db", str(db), "export", "--xlsx", str(target))
    assert result.returncode == 1
    assert str(target) in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()
