"""PDF, DOCX and HTML readers: the same report in every format gives the same text.

The fixtures are real files built here from the sample corpus: a PDF set in the
CID font STSong-Light with wrapped, indented paragraphs and page numbers in the
footer; a DOCX with a title, heading styles and body paragraphs; an HTML page
with a header, a nav bar, a breadcrumb, share buttons and a footer around the
content in `<div class="article">`.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from _paths import SAMPLE, sample_lines
from _paths import SCORER as SHARED_SCORER
from duban.errors import IngestError
from duban.ingest.formats import extract_text, sniff_format

FONT = "STSong-Light"
CHROME_WORDS = ("青岛政务网", "站内搜索", "政务公开", "当前位置", "分享到", "相关链接", "版权所有", "var nav")


# ------------------------------------------------------------ fixture builders


def write_pdf(
    path: Path,
    paragraphs: list[str],
    *,
    indent: bool = True,
    running_head: str | None = None,
    page_label: str = "- {n} -",
) -> Path:
    """A PDF of `paragraphs` in STSong-Light, wrapped at the margin, numbered in the footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    size, leading, left, right, top, bottom = 11, 16, 72, width - 72, height - 80, 80
    pdf = canvas.Canvas(str(path), pagesize=A4)
    state = {"y": top, "page": 1}

    def finish_page() -> None:
        pdf.setFont(FONT, 9)
        pdf.drawCentredString(width / 2, 40, page_label.format(n=state["page"]))
        if running_head:
            pdf.drawCentredString(width / 2, height - 40, running_head)

    def draw(x: float, text: str) -> None:
        if state["y"] < bottom:
            finish_page()
            pdf.showPage()
            state["page"] += 1
            state["y"] = top
        pdf.setFont(FONT, size)
        pdf.drawString(x, state["y"], text)
        state["y"] -= leading

    for paragraph in paragraphs:
        first_indent = 2 * size if indent else 0
        line = ""
        for ch in paragraph:
            room = right - left - first_indent
            if line and pdfmetrics.stringWidth(line + ch, FONT, size) > room:
                draw(left + first_indent, line)
                line, first_indent = "", 0
            line += ch
        draw(left + first_indent, line)
    finish_page()
    pdf.save()
    return path


def write_docx(path: Path, paragraphs: list[str], *, table: list[list[str]] | None = None) -> Path:
    """A DOCX: report titles in the Title style, 一、 and (一) headings in heading styles."""
    import docx

    document = docx.Document()
    for k, text in enumerate(paragraphs):
        if re.search(r"(总结|报告|情况|打算)$", text) and len(text) < 60:
            document.add_paragraph(text, style="Title")
        elif re.match(r"[一二三四五六七八九十]+、", text) and len(text) < 40:
            document.add_heading(text, level=1)
        elif re.match(r"[(（][一二三四五六七八九十]+[)）]", text) and len(text) < 40:
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
        if table and k == 0:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    document.save(str(path))
    return path


def html_page(body: str, *, charset: str | None = "gb2312", title_h1: str | None = None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    h1 = f'<h1 class="title">{html.escape(title_h1)}</h1>' if title_h1 else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{meta}<title>工作总结_青岛政务网</title>
<style>p {{ text-indent: 2em; }}</style><script>var nav = "首页";</script></head>
<body>
<header><div class="logo">青岛政务网</div><div class="search">站内搜索</div></header>
<div class="nav-bar"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 工作总结</div>
<div class="main">{h1}
<div class="article">
{body}
</div>
<div class="bdsharebuttonbox">分享到：微信 微博</div>
</div>
<aside>相关链接 青岛市人民政府</aside>
<footer><p>主办：青岛市人民政府办公厅 版权所有</p></footer>
</body></html>"""


def write_html(path: Path, paragraphs: list[str], *, encoding: str = "gb18030", **kw: str | None) -> Path:
    body = "\n".join(f"<p>　　{html.escape(p)}</p>" for p in paragraphs)
    path.write_bytes(html_page(body, **kw).encode(encoding))
    return path


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample corpus as txt, pdf, docx and html in one folder."""
    folder = tmp_path_factory.mktemp("formats")
    lines = sample_lines()
    txt = folder / "qingdao.txt"
    txt.write_bytes(SAMPLE.read_bytes())
    return {
        "txt": txt,
        "pdf": write_pdf(folder / "qingdao.pdf", lines),
        "docx": write_docx(folder / "qingdao.docx", lines),
        "html": write_html(folder / "qingdao.html", lines),
    }


def text_of(path: Path) -> tuple[str, str]:
    return extract_text(path, path.read_bytes())


# ------------------------------------------------------------ text level


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_each_format_gives_the_sample_lines(sample_files: dict[str, Path], kind: str) -> None:
    text, name = text_of(sample_files[kind])
    assert name == kind
    assert text.split("\n") == sample_lines()


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_sniff_format_knows_each_format(sample_files: dict[str, Path], kind: str) -> None:
    assert sniff_format(sample_files[kind].read_bytes()) == kind


def test_plain_text_is_not_sniffed_as_a_format() -> None:
    assert sniff_format(SAMPLE.read_bytes()) is None
    assert sniff_format("增速<5%的行业有3个。".encode()) is None
    assert sniff_format("<p>一段文字</p>".encode()) == "html"


def test_pdf_page_numbers_and_running_heads_are_dropped(tmp_path: Path) -> None:
    lines = sample_lines()[:60]
    path = write_pdf(tmp_path / "h.pdf", lines, running_head="青岛市人民政府公报", page_label="第 {n} 页")
    text, _ = text_of(path)
    assert "公报" not in text
    assert not re.search(r"第 \d+ 页", text)
    assert text.split("\n") == lines


def test_pdf_without_indents_keeps_every_sentence(tmp_path: Path) -> None:
    """Without first-line indents a paragraph end is a guess; no sentence may be cut or lost."""
    lines = sample_lines()
    text, _ = text_of(write_pdf(tmp_path / "flat.pdf", lines, indent=False))
    assert text.replace("\n", "") == "".join(lines)
    assert len(text.split("\n")) == pytest.approx(len(lines), rel=0.05)


def test_pdf_of_drawings_without_text_says_ocr_found_none(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 72, 400, 600, fill=1)
    pdf.showPage()
    pdf.rect(100, 100, 300, 300, fill=0)
    pdf.save()
    with pytest.raises(IngestError, match=r"scan\.pdf: PDF has no text layer, and OCR found no text on its"):
        text_of(path)


def test_docx_tables_come_row_by_row(tmp_path: Path) -> None:
    table = [["指标", "数值", "增长"], ["生产总值", "6539.21亿元", "13.8%"]]
    path = write_docx(tmp_path / "t.docx", ["青岛市2021年上半年经济运行情况", "总体平稳。"], table=table)
    text, _ = text_of(path)
    assert text.split("\n") == [
        "青岛市2021年上半年经济运行情况",
        "指标\t数值\t增长",
        "生产总值\t6539.21亿元\t13.8%",
        "总体平稳。",
    ]


def test_docx_merged_cells_count_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    grid = document.add_table(rows=2, cols=3)
    grid.cell(0, 0).merge(grid.cell(0, 2)).text = "主要指标完成情况"
    for c, value in enumerate(["地区生产总值", "6539.21亿元", "增长13.8%"]):
        grid.cell(1, c).text = value
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert text_of(path)[0].split("\n") == ["主要指标完成情况", "地区生产总值\t6539.21亿元\t增长13.8%"]


def test_html_drops_page_chrome(sample_files: dict[str, Path]) -> None:
    text, _ = text_of(sample_files["html"])
    for word in CHROME_WORDS:
        assert word not in text


@pytest.mark.parametrize(
    ("encoding", "charset"),
    [("gb18030", "gb2312"), ("utf-8", "utf-8"), ("gb18030", None), ("utf-8-sig", None), ("gb18030", "utf-8")],
    ids=["gb2312-declared", "utf-8", "gbk-undeclared", "utf-8-bom", "gbk-declared-wrongly-as-utf-8"],
)
def test_html_charset(tmp_path: Path, encoding: str, charset: str | None) -> None:
    lines = sample_lines()[19:40]
    path = write_html(tmp_path / "p.html", lines, encoding=encoding, charset=charset)
    assert text_of(path)[0].split("\n") == lines


def test_html_title_outside_the_article_leads_the_text(tmp_path: Path) -> None:
    title = "青岛市发展和改革委员会2021年上半年工作总结"
    path = write_html(tmp_path / "t.html", ["今年以来，各项工作取得新成效。"], title_h1=title)
    assert text_of(path)[0].split("\n") == [title, "今年以来，各项工作取得新成效。"]


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("<p>扩大内\n    需、稳定外资</p>", ["扩大内需、稳定外资"]),
        ("<p>举办“聚焦新经济 促项目落地”活动</p>", ["举办“聚焦新经济 促项目落地”活动"]),
        ("<p>RCEP\nmembers 增长<b>5%</b></p>", ["RCEP members 增长5%"]),
        ("<p>一<br>二</p><div>三<p>四</p>五</div>", ["一", "二", "三", "四", "五"]),
        ("<table><tr><td>指标</td><td>数值</td></tr><tr><td>生产总值</td><td>6539亿元</td></tr></table>",
         ["指标\t数值", "生产总值\t6539亿元"]),
        ("<p>&nbsp;&nbsp;　　今年以来，成效明显。</p>", ["今年以来，成效明显。"]),
    ],
    ids=["line-break-between-chinese", "space-between-chinese", "latin-words", "blocks", "table", "indent"],
)  # fmt: skip
def test_html_whitespace_and_blocks(tmp_path: Path, inner: str, expected: list[str]) -> None:
    path = tmp_path / "w.html"
    path.write_bytes(html_page(inner, charset="utf-8").encode())
    assert text_of(path)[0].split("\n") == expected


def test_html_chrome_class_on_the_content_wrapper_is_kept(tmp_path: Path) -> None:
    """A class like "has-nav" on the element holding the report must not drop the report."""
    lines = sample_lines()[19:30]
    body = "\n".join(f"<p>{p}</p>" for p in lines)
    page = (
        f'<html><head><meta charset="utf-8"></head><body><div class="page has-nav">{body}</div></body></html>'
    )
    path = tmp_path / "n.html"
    path.write_bytes(page.encode())
    assert text_of(path)[0].split("\n") == lines


# ------------------------------------------------------------ after repair, split and structure


def reports_and_sentences(path: Path) -> list[tuple[str, str, list[str]]]:
    """Each report's title, date and sentence texts, as the pipeline sees the file."""
    from duban.ingest import read_document, split_reports
    from duban.structure import outline, split_sentences

    out = []
    for report in split_reports(read_document(path)).reports:
        sentences = split_sentences(report, tuple(outline(report)))
        out.append((report.title, str(report.date), [s.text for s in sentences]))
    return out


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_same_reports_and_sentences_as_txt(sample_files: dict[str, Path], kind: str) -> None:
    expected = reports_and_sentences(sample_files["txt"])
    assert len(expected) > 1
    assert reports_and_sentences(sample_files[kind]) == expected


def test_pdf_without_indents_gives_the_same_reports_and_sentences(tmp_path: Path) -> None:
    flat = write_pdf(tmp_path / "flat.pdf", sample_lines(), indent=False)
    expected = reports_and_sentences(SAMPLE)
    got = reports_and_sentences(flat)
    assert [(title, date) for title, date, _ in got] == [(title, date) for title, date, _ in expected]
    pairs = zip(got, expected, strict=True)
    same = sum(sum((Counter(g[2]) & Counter(e[2])).values()) for g, e in pairs)
    assert same >= 0.99 * sum(len(e[2]) for e in expected)


# ------------------------------------------------------------ the same facts, through `duban extract`

SCORER = Path(os.environ.get("DUBAN_SCORER") or SHARED_SCORER)
DUBAN = Path(sys.executable).parent / "duban"
FACT_FIELDS = ("doc", "sentence", "text", "value", "unit", "role", "metric", "subject", "approx", "period")


def extract_facts(path: Path) -> list[dict[str, object]]:
    run = subprocess.run([str(DUBAN), "extract", str(path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def fact_key(fact: dict[str, object]) -> tuple[str, ...]:
    """A fact without its offsets."""
    return tuple(json.dumps(fact.get(k), ensure_ascii=False) for k in FACT_FIELDS)


@pytest.fixture(scope="session")
def txt_facts(sample_files: dict[str, Path]) -> list[dict[str, object]]:
    facts = extract_facts(sample_files["txt"])
    assert len(facts) > 100
    return facts


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_same_facts_as_txt(
    sample_files: dict[str, Path], txt_facts: list[dict[str, object]], kind: str
) -> None:
    facts = extract_facts(sample_files[kind])
    same = sum((Counter(map(fact_key, facts)) & Counter(map(fact_key, txt_facts))).values())
    assert same >= 0.99 * max(len(facts), len(txt_facts))
    if SCORER.exists():  # the shared scorer, the txt run's facts taken as gold
        spec = importlib.util.spec_from_file_location("duban_scorer", SCORER)
        assert spec and spec.loader
        scorer = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(scorer)
        ceiling = scorer.score(txt_facts, txt_facts)["full"]["f1"]
        assert scorer.score(txt_facts, facts)["full"]["f1"] >= min(0.99, ceiling)


def test_html_old_table_layout_with_link_column(tmp_path: Path) -> None:
    """Old government sites: a layout table, a column of links with no telling class, a site title."""
    lines = sample_lines()[58:70]
    links = "".join(f'<a href="/{k}">市{name}局工作动态</a><br>' for k, name in enumerate("财商教科农水"))
    paragraphs = "".join(f"<p>　　{p}</p>" for p in lines[2:])
    page = f"""<html><head><meta charset="utf-8"></head><body>
<div class="top"><span class="site-title">青岛市人民政府门户网站</span></div>
<table width="980"><tr>
<td width="200" valign="top">{links}</td>
<td valign="top"><div class="article-title">{lines[0]}</div><div>发布日期：{lines[1]}</div>
<div id="zoom">{paragraphs}</div></td>
</tr></table>
<div class="bottom">网站标识码3702000001</div></body></html>"""
    path = tmp_path / "old.html"
    path.write_bytes(page.encode())
    text = text_of(path)[0].split("\n")
    assert text[0] == lines[0]
    assert text[-len(lines[2:]) :] == lines[2:]
    assert not any("工作动态" in line or "门户网站" in line or "标识码" in line for line in text)


def write_typeset_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A PDF typeset by reportlab's platypus: justified CJK body with a first-line indent,
    report titles centred in a larger font (long ones wrap), numbered pages."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    common = {"fontName": FONT, "wordWrap": "CJK"}
    body = ParagraphStyle("body", fontSize=12, leading=20, firstLineIndent=24, alignment=TA_JUSTIFY, **common)
    title = ParagraphStyle("title", fontSize=18, leading=28, alignment=TA_CENTER, **common)
    heading = ParagraphStyle("heading", fontSize=14, leading=22, firstLineIndent=28, **common)

    def style(text: str) -> ParagraphStyle:
        if re.match(r"[一二三四五六七八九十]+、", text) and len(text) < 40:
            return heading
        return title if re.search(r"(总结|报告|情况|打算)$", text) and len(text) < 60 else body

    def number(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"— {document.page} —")

    story = [Paragraph(escape(text), style(text)) for text in paragraphs]
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=number, onLaterPages=number)
    return path


def test_typeset_pdf_gives_the_sample_lines(tmp_path: Path) -> None:
    """Justified lines end short before a number that does not fit; a wrapped title is one line."""
    lines = sample_lines()
    text, _ = text_of(write_typeset_pdf(tmp_path / "typeset.pdf", lines))
    assert text.split("\n") == lines


@pytest.mark.parametrize("depth", [5000, 40000])
def test_deeply_nested_html_is_read_or_refused_at_once(tmp_path: Path, depth: int) -> None:
    """5,000 nested divs are read (it took 5 s, quadratic); 40,000 are refused by the depth limit.
    Times are bench/hostile.py's."""
    from duban.ingest.formats.html import MAX_HTML_DEPTH

    path = tmp_path / "deep.html"
    line = "青岛市2021年上半年工作总结。全市生产总值增长13.8%。"
    path.write_text(f"<html><body>{'<div>' * depth}{line}{'</div>' * depth}</body></html>", encoding="utf-8")
    if depth <= MAX_HTML_DEPTH:
        assert text_of(path)[0] == line
    else:
        with pytest.raises(IngestError, match=rf"HTML nests elements {depth:,} deep, over the 5,000 limit"):
            text_of(path)


def test_unclosed_paragraphs_are_not_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    lines = [f"第{k}段。" for k in range(6000)]
    path.write_text("<html><body><div>" + "".join(f"<p>{x}" for x in lines) + "</div></body></html>")
    assert text_of(path)[0].split("\n") == lines
