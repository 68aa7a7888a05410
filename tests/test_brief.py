"""The 综合简报 on the sample: Markdown and Word, every number with its source."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from duban.cli.commands import app
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
    assert "所涉时期:2021年上半年;报告日期:2021-08-19 至 2021-09-18。" in markdown
    assert "本简报汇总9个单位的9份报告。" in markdown
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


def test_docx_has_headings_and_a_footnote_under_every_number(brief: Brief, tmp_path: Path) -> None:
    path = write_docx(brief, tmp_path / "综合简报.docx")
    document = docx.Document(str(path))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "综合简报")
    assert styles[1][1].startswith("所涉时期:2021年上半年")
    headings = [text for style, text in styles if style == "Heading 1"]
    assert len(headings) == len(brief.bodies) and any("商务局" in h for h in headings)
    bullet = next(p for p in document.paragraphs if "3975.2亿元" in p.text and "同比增长39.6%" in p.text)
    assert bullet.style.name == "List Bullet"
    (reference,) = bullet._p.findall(".//" + qn("w:footnoteReference"))
    notes = _footnotes(path)
    assert f"《{COMMERCE}》:“" in notes[reference.get(qn("w:id"))]
    assert "全市实现进出口3975.2亿元人民币,同比增长39.6%" in notes[reference.get(qn("w:id"))]
    sourced = [p for p in document.paragraphs if p.style.name == "List Bullet" and re.search(r"\d", p.text)]
    assert sourced and all(p._p.findall(".//" + qn("w:footnoteReference")) for p in sourced)


def _footnotes(path: Path) -> dict[str, str]:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    return {
        note.get(qn("w:id")): "".join(t.text or "" for t in note.iter(qn("w:t")))
        for note in root.iter(qn("w:footnote"))
    }


def test_docx_is_an_a4_government_document_with_its_fonts(brief: Brief, tmp_path: Path) -> None:
    document = docx.Document(str(write_docx(brief, tmp_path / "公文.docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    expected = {"Normal": "仿宋", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体"}
    for name, font in expected.items():
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == font, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None, name
    assert document.styles["Normal"].font.size.pt == 16 and document.styles["Title"].font.size.pt == 22
    with zipfile.ZipFile(tmp_path / "公文.docx") as archive:
        table = archive.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="方正小标宋简体"><w:altName w:val="黑体"/>' in table


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
    written = md.read_text(encoding="utf-8")
    assert "3975.2亿元" in written
    targets = written.split("## 目标对账")[1].split("\n## ")[0]
    assert "共" in targets and "待核" in targets
    assert re.search(
        r"^- “十强”产业项目\(青岛市2021\):目标100个以上,年中进度56%。【待核】\[\^\d+\]$", targets, re.M
    )
    assert docx.Document(str(word)).paragraphs[0].text == "综合简报"
