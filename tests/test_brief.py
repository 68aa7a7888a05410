"""The 综合简报 on the sample: Markdown and Word, every number with its source."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from duban.cli import app
from duban.model import ExtractedReport
from duban.pipeline import extract_path
from duban.present.brief import Brief, build_brief, render_markdown, write_docx
from duban.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
COMMERCE = "青岛市商务局2021年上半年工作总结"


@pytest.fixture(scope="module")
def sample() -> list[ExtractedReport]:
    return extract_path(SAMPLE)[1]


@pytest.fixture(scope="module")
def brief(sample: list[ExtractedReport]) -> Brief:
    return build_brief(sample)


@pytest.fixture(scope="module")
def markdown(brief: Brief) -> str:
    return render_markdown(brief)


def body_section(markdown: str, name_fragment: str) -> str:
    parts = re.split(r"^## ", markdown, flags=re.M)
    hits = [p for p in parts if p.splitlines()[0].find(name_fragment) >= 0]
    assert len(hits) == 1, name_fragment
    return hits[0]


def test_title_date_range_and_one_body_per_report(markdown: str, sample: list[ExtractedReport]) -> None:
    assert markdown.startswith("# 综合简报\n")
    assert "时间范围:2021-08-19 至 2021-09-18" in markdown
    assert len(re.findall(r"^## ", markdown, flags=re.M)) == len(sample)


def test_a_key_indicator_has_its_change_and_a_quoted_source(markdown: str) -> None:
    section = body_section(markdown, "商务局")
    line = next(ln for ln in section.splitlines() if "3975.2亿元" in ln and ln.startswith("- "))
    assert "同比增长39.6%" in line
    note = re.search(r"\[\^(\d+)\]$", line)
    assert note, line
    source = re.search(rf"^\[\^{note.group(1)}\]: (.*)$", section, flags=re.M)
    assert source and source.group(1).startswith(f"《{COMMERCE}》:“")
    assert "全市实现进出口3975.2亿元人民币,同比增长39.6%" in source.group(1)


def test_every_indicator_and_finding_has_a_defined_footnote(markdown: str) -> None:
    current = ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            current = line[4:] if line.startswith("### ") else ""
        elif line.startswith("- ") and current in ("主要指标", "进度滞后", "数据核查"):
            assert re.search(r"\[\^\d+\]$", line), line
    used = set(re.findall(r"\[\^(\d+)\](?!:)", markdown))
    defined = set(re.findall(r"^\[\^(\d+)\]:", markdown, flags=re.M))
    assert used and used == defined


def test_behind_schedule_and_checks_are_in_the_brief(markdown: str) -> None:
    hr = body_section(markdown, "人力资源和社会保障局")
    assert "### 进度滞后" in hr
    assert "完成年度目标的44.08%" in hr and "【落后】" in hr
    private = body_section(markdown, "民营经济局")
    assert "完成年度指标的40%" in private.split("### 进度滞后")[1]


def test_problems_and_plans_are_listed_when_the_ledger_has_them(
    brief: Brief, sample: list[ExtractedReport]
) -> None:
    for body, extracted in zip(brief.bodies, sample, strict=True):
        problems = [i for i in extracted.items if str(i.kind) == "problems"]
        assert len(body.problems) == min(len(problems), 6)
        assert all(len(line.text) <= 80 for line in body.problems + body.plans)


def test_docx_has_headings_sources_and_a_chinese_font(brief: Brief, tmp_path: Path) -> None:
    path = write_docx(brief, tmp_path / "综合简报.docx")
    document = docx.Document(str(path))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "综合简报")
    headings = [text for style, text in styles if style == "Heading 1"]
    assert len(headings) == len(brief.bodies) and any("商务局" in h for h in headings)
    index = next(i for i, (_, text) in enumerate(styles) if "3975.2亿元" in text and "同比增长39.6%" in text)
    assert styles[index][0] == "List Bullet"
    assert styles[index + 1][1].startswith(f"来源:《{COMMERCE}》:“")
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_the_same_brief_gives_the_same_docx_bytes(
    brief: Brief, sample: list[ExtractedReport], tmp_path: Path
) -> None:
    first = write_docx(brief, tmp_path / "a.docx").read_bytes()
    second = write_docx(brief, tmp_path / "b.docx").read_bytes()
    assert first == second
    latest = max(er.report.date for er in sample if er.report.date)
    with zipfile.ZipFile(tmp_path / "a.docx") as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {latest.timetuple()[:3]}
    properties = docx.Document(str(tmp_path / "a.docx")).core_properties
    assert properties.created.date() == properties.modified.date() == latest


def test_brief_command_writes_md_and_docx(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    document, reports, warnings = extract_path(SAMPLE)
    with open_store(str(db)) as store:
        store.ingest(document, reports, warnings)
    md, word = tmp_path / "b.md", tmp_path / "b.docx"
    result = CliRunner().invoke(app, ["--db", str(db), "brief", "--md", str(md), "--docx", str(word)])
    assert result.exit_code == 0, result.output
    assert "3975.2亿元" in md.read_text(encoding="utf-8")
    assert docx.Document(str(word)).paragraphs[0].text == "综合简报"
