"""OFD (GB/T 33190): the sample written as an OFD here gives the facts of the txt.

`write_ofd` lays the sample out as an OFD package of its own making: A4 pages, each line a
TextObject (Boundary and TextCode in millimetres, DeltaX with the `g` shorthand), paragraphs
indented two characters, page numbers centred in the footer, and, to show that reading order
comes from where text stands, each page's objects written bottom to top.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from _paths import sample_lines
from duban.errors import IngestError
from duban.ingest import read_document
from duban.ingest.formats import extract_text, sniff_format
from test_formats import extract_facts, reports_and_sentences
from test_ocr import scorer

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
WIDTH, HEIGHT, LEFT, TOP, BOTTOM, SIZE, PITCH = 210.0, 297.0, 25.0, 30.0, 267.0, 4.2, 7.0
PER_LINE = int((WIDTH - 2 * LEFT) // SIZE)


def laid_out(paragraphs: list[str]) -> list[list[tuple[float, float, str]]]:
    """Pages of (x, baseline y, text) lines: paragraphs wrapped, first lines indented."""
    pages: list[list[tuple[float, float, str]]] = [[]]
    y = TOP
    for paragraph in paragraphs:
        indent, rest = 2, paragraph
        while rest:
            room = PER_LINE - indent
            line, rest = rest[:room], rest[room:]
            while rest.startswith(" "):  # a space never starts a line: it stays at the end of this one
                line, rest = line + " ", rest[1:]
            if y > BOTTOM:
                pages.append([])
                y = TOP
            pages[-1].append((LEFT + indent * SIZE, y, line))
            y += PITCH
            indent = 0
    return pages


def text_object(k: int, x: float, y: float, text: str) -> str:
    width = len(text) * SIZE
    return (
        f'<ofd:TextObject ID="{k}" Boundary="{x:.2f} {y - SIZE:.2f} {width:.2f} {SIZE * 1.4:.2f}" '
        f'Font="1" Size="{SIZE}"><ofd:FillColor Value="0 0 0"/>'
        f'<ofd:TextCode X="0" Y="{SIZE:.2f}" DeltaX="g {len(text) - 1} {SIZE}">{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def write_ofd(
    path: Path,
    paragraphs: list[str],
    *,
    signed: bool = False,
    encrypted: bool = False,
    text: bool = True,
) -> Path:
    pages = laid_out(paragraphs)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as ofd:
        signatures = "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>" if signed else ""
        ofd.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
            "<ofd:DocInfo><ofd:DocID>duban-test</ofd:DocID></ofd:DocInfo>"
            f"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>{signatures}</ofd:DocBody></ofd:OFD>",
        )
        page_list = "".join(
            f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages))
        )
        ofd.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
            f"<ofd:PageArea><ofd:PhysicalBox>0 0 {WIDTH} {HEIGHT}</ofd:PhysicalBox></ofd:PageArea>"
            f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages>"
            "</ofd:Document>",
        )
        ofd.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
        )
        for n, lines in enumerate(pages):
            footer = [(WIDTH / 2 - 2 * SIZE, 285.0, f"- {n + 1} -")]
            placed = list(enumerate(lines + footer)) if text else []
            objects = "".join(text_object(1000 * n + k, x, y, t) for k, (x, y, t) in reversed(placed))
            if not text:
                objects = '<ofd:ImageObject ID="9" Boundary="150 240 40 40" ResourceID="7"/>'
            ofd.writestr(
                f"Doc_0/Pages/Page_{n}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content>'
                f'<ofd:Layer ID="{n + 1}">{objects}</ofd:Layer></ofd:Content></ofd:Page>',
            )
        if signed:
            ofd.writestr("Doc_0/Signs/Signatures.xml", f"<ofd:Signatures {NS}/>")
        if encrypted:
            ofd.writestr("Encryptions.xml", f"<ofd:Encryptions {NS}/>")
    return path


def test_ofd_is_sniffed_and_gives_the_sample_lines(tmp_path: Path) -> None:
    path = write_ofd(tmp_path / "sample.ofd", sample_lines())
    assert sniff_format(path.read_bytes()) == "ofd"
    text, kind = extract_text(path, path.read_bytes())
    assert kind == "ofd"
    assert text.replace(" ", "").split("\n") == [line.replace(" ", "") for line in sample_lines()]


@pytest.mark.slow
def test_ofd_gives_the_reports_and_facts_of_the_txt(tmp_path: Path, sample_path: Path) -> None:
    path = write_ofd(tmp_path / "sample.ofd", sample_lines())
    assert reports_and_sentences(path) == reports_and_sentences(sample_path)
    expected, got = extract_facts(sample_path), extract_facts(path)
    assert scorer().score(expected, got)["full"]["f1"] >= 0.99


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"encrypted": True}, r"OFD is encrypted"),
        ({"signed": True, "text": False}, r"OFD holds no text, only signatures or seals \(signed-only\)"),
        ({"text": False}, r"OFD has no text objects \(a scan\?\)"),
    ],
    ids=["encrypted", "signed-only", "image-only"],
)
def test_ofd_refused_with_one_line(tmp_path: Path, options: dict[str, bool], problem: str) -> None:
    path = write_ofd(tmp_path / "x.ofd", sample_lines()[19:25], **options)
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert re.search(problem, caught.value.problem)


def test_ofd_signed_with_text_is_read(tmp_path: Path) -> None:
    lines = sample_lines()[40:52]
    path = write_ofd(tmp_path / "signed.ofd", lines, signed=True)
    assert extract_text(path, path.read_bytes())[0].replace(" ", "").split("\n") == lines


def test_ofd_page_bomb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    good = write_ofd(tmp_path / "good.ofd", sample_lines()[19:21])
    path = tmp_path / "bomb.ofd"
    page = "Doc_0/Pages/Page_0/Content.xml"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as ofd:
        for name in source.namelist():
            ofd.writestr(name, b"<a>" + b" " * (30 * 2**20) + b"</a>" if name == page else source.read(name))
    with pytest.raises(IngestError, match=r"OFD part Doc_0/Pages/Page_0/Content\.xml unpacks to 30 MB"):
        read_document(path)


def test_ofd_with_a_missing_page_or_broken_xml(tmp_path: Path) -> None:
    path = write_ofd(tmp_path / "broken.ofd", sample_lines()[19:21])
    data = path.read_bytes()
    (tmp_path / "cut.ofd").write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match=r"OFD is damaged or truncated|OFD part .* is damaged"):
        read_document(tmp_path / "cut.ofd")
    with zipfile.ZipFile(tmp_path / "bad.ofd", "w") as ofd:
        ofd.writestr("OFD.xml", "<ofd:OFD><unclosed>")
    with pytest.raises(IngestError, match=r"OFD part OFD\.xml is not well-formed XML"):
        read_document(tmp_path / "bad.ofd")
