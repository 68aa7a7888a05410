"""Tables: one fact per number in a data cell, named by its row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.model import Role
from duban.pipeline import extract_path
from test_formats import write_docx

MAIN_INDICATORS = [
    ["指标", "单位", "1—6月", "同比增长%", "完成年度计划%"],
    ["地区生产总值", "亿元", "6539.21", "13.8", "52.1"],
    ["规模以上工业增加值", "亿元", "1520.3", "-2.5", "48"],
    ["城镇新增就业", "万人", "18.44", "12", "105"],
]


@pytest.fixture(scope="module")
def table_facts(tmp_path_factory: pytest.TempPathFactory) -> list:
    folder = tmp_path_factory.mktemp("tables")
    lines = ["青岛市2021年上半年主要指标完成情况", "主要指标完成情况如下。"]
    _, reports, _ = extract_path(write_docx(folder / "t.docx", lines, table=MAIN_INDICATORS))
    (report,) = reports
    return [(f, report.report.text) for f in report.facts]


def test_one_fact_per_cell_with_row_and_column_names(table_facts: list) -> None:
    got = [(f.cell.row_name, f.cell.column_name) for f, _ in table_facts]
    expected = [(row[0], name) for row in MAIN_INDICATORS[1:] for name in MAIN_INDICATORS[0][2:]]
    assert got == expected


@pytest.mark.parametrize(
    ("row", "column", "value", "unit", "role", "period"),
    [
        ("地区生产总值", "1—6月", 653921000000.0, "元", Role.LEVEL, "1—6月"),
        ("地区生产总值", "同比增长%", 13.8, "%", Role.CHANGE, None),
        ("地区生产总值", "完成年度计划%", 52.1, "%", Role.PROGRESS, None),
        ("规模以上工业增加值", "同比增长%", -2.5, "%", Role.CHANGE, None),
        ("城镇新增就业", "1—6月", 184400.0, "人", Role.LEVEL, "1—6月"),
    ],
)
def test_cell_facts(
    table_facts: list, row: str, column: str, value: float, unit: str, role: Role, period: str | None
) -> None:
    fact, text = next(
        (f, t) for f, t in table_facts if (f.cell.row_name, f.cell.column_name) == (row, column)
    )
    assert (fact.metric, fact.value, fact.quantity.unit, fact.role, fact.period) == (
        row,
        value,
        unit,
        role,
        period,
    )
    assert fact.quantity.span.of(text) == fact.quantity.text  # the source is the cell, in the report text
    assert fact.sentence.span.of(text).startswith(row)


def test_unit_line_before_the_table(tmp_path: Path) -> None:
    path = tmp_path / "u.txt"
    path.write_text(
        "青岛市2021年上半年财政收支情况\n单位：亿元\n项目\t本期\t增长%\n一般公共预算收入\t702.5\t22.1\n"
    )
    _, reports, _ = extract_path(path)
    (level, change) = reports[0].facts
    got = (level.value, level.quantity.unit, level.role, level.period)
    assert got == (70250000000.0, "元", Role.LEVEL, "本期")
    assert (change.value, change.quantity.unit, change.role) == (22.1, "%", Role.CHANGE)


def test_the_reader_page_shows_a_table_as_a_table(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from duban.present.web import create_app
    from duban.store import open_store
    from duban.store.ingest import ingest_paths

    lines = ["青岛市2021年上半年主要指标完成情况", "主要指标完成情况如下。"]
    path = write_docx(tmp_path / "t.docx", lines, table=MAIN_INDICATORS)
    db = tmp_path / "t.db"
    with open_store(str(db), create=True) as store:
        assert not ingest_paths(store, [path]).failures
    client = TestClient(create_app(str(db)))
    (report,) = client.get("/api/reports").json()
    page = client.get(f"/reports/{report['id']}").text
    table = page[page.index('<table class="report-table">') : page.index("</table>")]
    assert table.count("<tr") == len(MAIN_INDICATORS)
    assert table.count("<td>") == sum(len(row) for row in MAIN_INDICATORS)
    assert table.count('<mark class="fact') == 9  # each number of a data cell, marked as its fact
    assert "地区生产总值" in table and "完成年度计划%" in table


def write_pdf_table(path: Path, title: str, table: list[list[str]]) -> Path:
    """A PDF page with a title, a ruled table (cells drawn at column positions) and a sentence."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(font, 16)
    pdf.drawCentredString(A4[0] / 2, 760, title)
    columns = [72, 200, 260, 340, 430, 523]
    y = 720
    for row in table:
        pdf.setFont(font, 10.5)
        for x, cell in zip(columns, row, strict=False):
            pdf.drawString(x + 4, y, cell)
        pdf.line(columns[0], y - 5, columns[-1], y - 5)
        y -= 22
    for x in columns:
        pdf.line(x, 737, x, y + 17)
    pdf.setFont(font, 10.5)
    pdf.drawString(93, y - 20, "主要指标完成情况如上。")
    pdf.save()
    return path


def test_a_pdf_table_gives_one_fact_per_cell(tmp_path: Path) -> None:
    path = write_pdf_table(tmp_path / "t.pdf", "青岛市2021年上半年主要指标完成情况", MAIN_INDICATORS)
    _, reports, _ = extract_path(path)
    (report,) = reports
    got = [(f.cell.row_name, f.cell.column_name, f.value, f.quantity.unit, f.role) for f in report.facts]
    assert got[:3] == [
        ("地区生产总值", "1—6月", 653921000000.0, "元", Role.LEVEL),
        ("地区生产总值", "同比增长%", 13.8, "%", Role.CHANGE),
        ("地区生产总值", "完成年度计划%", 52.1, "%", Role.PROGRESS),
    ]
    assert len(got) == 9


def test_a_cell_is_kept_in_the_ledger_and_printed(tmp_path: Path) -> None:
    """The ledger keeps each table fact's cell (its row and column names) and the line-up
    fields; `duban facts --json` prints the cell."""
    from duban.store import open_store
    from duban.store.ingest import ingest_files

    lines = ["青岛市2021年上半年主要指标完成情况", "主要指标完成情况如下。"]
    path = write_docx(tmp_path / "t.docx", lines, table=MAIN_INDICATORS)
    db = str(tmp_path / "t.db")
    assert not ingest_files(db, [path]).failures
    with open_store(db, create=False) as store:
        found = [s.fact for s in store.facts() if s.fact.cell is not None]
    gdp = next(f for f in found if (f.cell.row_name, f.cell.column_name) == ("地区生产总值", "1—6月"))
    assert gdp.value == 653921000000.0 and gdp.where == "青岛市" and gdp.indicator == "地区生产总值"
    assert gdp.to_json("t")["cell"]["row_name"] == "地区生产总值"
