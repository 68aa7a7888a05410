"""Old binary Word files (.doc, .wps) through catdoc.

`data/qingdao-2021h1.doc` and `data/table.doc` were made once here, with LibreOffice
(`soffice --headless --convert-to doc`), from the DOCX files that `test_formats.write_docx`
builds from the sample (the second: a title, a two-row table, a sentence). Where LibreOffice
is installed the tests make them afresh instead. A .wps from WPS Office is the
same binary format; the test reads the .doc under that name.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from _paths import sample_lines
from duban.errors import IngestError
from duban.ingest import read_document
from duban.ingest.formats import extract_text
from test_formats import extract_facts, reports_and_sentences, write_docx
from test_ocr import scorer

DOC = Path(__file__).parent / "data" / "qingdao-2021h1.doc"
needs_catdoc = pytest.mark.skipif(shutil.which("catdoc") is None, reason="catdoc is not installed")


def fresh_doc(folder: Path) -> Path:
    """The sample as .doc made now with LibreOffice, else the one made once and committed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return DOC
    return to_doc(soffice, write_docx(folder / "qingdao-2021h1.docx", sample_lines()))


def to_doc(soffice: str, docx: Path) -> Path:
    command = [soffice, "--headless", "--norestore", "--convert-to", "doc", "--outdir", str(docx.parent)]
    subprocess.run([*command, str(docx)], capture_output=True, timeout=120, check=True)
    return docx.with_suffix(".doc")


@needs_catdoc
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_file_gives_the_sample_lines(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"sample{suffix}"
    path.write_bytes(DOC.read_bytes())
    text, kind = extract_text(path, path.read_bytes())
    assert kind == "doc"
    assert text.split("\n") == sample_lines()


@pytest.mark.slow
@needs_catdoc
def test_old_word_file_gives_the_facts_of_the_txt(tmp_path: Path, sample_path: Path) -> None:
    doc = fresh_doc(tmp_path)
    assert reports_and_sentences(doc) == reports_and_sentences(sample_path)
    expected, got = extract_facts(sample_path), extract_facts(doc)
    assert scorer().score(expected, got)["full"]["f1"] >= 0.99


@needs_catdoc
def test_old_word_table_comes_row_by_row(tmp_path: Path) -> None:
    path = Path(__file__).parent / "data" / "table.doc"
    if soffice := shutil.which("soffice"):
        table = [["指标", "本期", "同比增长%"], ["生产总值", "6539.21", "13.8"]]
        lines = ["青岛市2021年上半年经济运行情况", "总体平稳。"]
        path = to_doc(soffice, write_docx(tmp_path / "table.docx", lines, table=table))
    text, _ = extract_text(path, path.read_bytes())
    assert text.split("\n") == [
        "青岛市2021年上半年经济运行情况", "指标\t本期\t同比增长%", "生产总值\t6539.21\t13.8", "总体平稳。"
    ]  # fmt: skip


def ole_with_stream(name: str) -> bytes:
    """An OLE header and a directory entry naming one stream (enough to tell the kind)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + (name + "\x00").encode("utf-16-le") + bytes(64)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (ole_with_stream("Workbook"), r"an old Excel workbook \(\.xls\), not a Word document"),
        (ole_with_stream("PowerPoint Document"), r"an old PowerPoint file \(\.ppt\), not a Word document"),
        (ole_with_stream("EncryptedPackage"), r"a password-protected Office document"),
        (ole_with_stream("WordDocument"), r"old Word file is damaged or cannot be read"),
    ],
    ids=["xls", "ppt", "encrypted", "broken-doc"],
)
@needs_catdoc
def test_other_ole_files_get_one_line(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "x.doc"
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.problem.count("\n") == 0
    assert re.search(problem, caught.value.problem), caught.value.problem


def test_without_catdoc_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PATH without catdoc: the one line names the tool and the Debian package."""
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "sample.doc"
    path.write_bytes(DOC.read_bytes())
    with pytest.raises(
        IngestError, match=r"sample\.doc: reading old Word files \(\.doc, \.wps\) needs catdoc"
    ):
        read_document(path)
