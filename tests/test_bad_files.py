"""Bad input files: each gets one clear IngestError naming the file, never a traceback.

Real broken files built here: a PDF cut in half, a password-protected PDF, a ZIP
renamed .docx, a DOCX cut short, an old binary .doc, 0 bytes, binary junk and a
200 MB (sparse) text file that must be refused before it is read.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from _paths import one_report
from duban.errors import IngestError
from duban.ingest import MAX_BYTES, read_document

FONT = "STSong-Light"
DUBAN = Path(sys.executable).parent / "duban"


def write_pdf(path: Path, paragraphs: list[str], *, password: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=password)
    y = A4[1] - 80
    for paragraph in paragraphs:
        for start in range(0, len(paragraph), 38):
            if y < 80:
                pdf.showPage()
                y = A4[1] - 80
            pdf.setFont(FONT, 11)
            pdf.drawString(72 + (22 if start == 0 else 0), y, paragraph[start : start + 38])
            y -= 16
    pdf.save()
    return path


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def write_html(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    page = (
        '<!DOCTYPE html><html><head><meta charset="gbk"><title>工作总结</title></head><body>'
        '<nav><a href="/">首页</a></nav><div class="article">' + body + "</div><footer>版权所有</footer>"
        "</body></html>"
    )
    path.write_bytes(page.encode("gb18030"))
    return path


# ------------------------------------------------------------ bad files, one by one


def truncated_pdf(folder: Path) -> Path:
    whole = write_pdf(folder / "whole.pdf", one_report("青岛市供销社")).read_bytes()
    (folder / "whole.pdf").unlink()
    path = folder / "截断.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def password_pdf(folder: Path) -> Path:
    return write_pdf(folder / "加密.pdf", one_report("青岛市供销社"), password="pw")


def zip_renamed_docx(folder: Path) -> Path:
    path = folder / "not-word.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "这不是Word文档")
    return path


def truncated_docx(folder: Path) -> Path:
    whole = write_docx(folder / "whole.docx", one_report("青岛市国资委")).read_bytes()
    (folder / "whole.docx").unlink()
    path = folder / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def old_doc(folder: Path) -> Path:
    path = folder / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Microsoft Word 97" * 20)
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def binary_junk(folder: Path) -> Path:
    path = folder / "junk.txt"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    return path


def huge_text(folder: Path) -> Path:
    """A 200 MB text file, written sparsely: a short line, then a hole to 200 MB."""
    path = folder / "huge.txt"
    with path.open("wb") as f:
        f.write("青岛市2021年上半年工作总结\n".encode())
        f.truncate(200 * 2**20)
    return path


def encrypted_ofd(folder: Path) -> Path:
    from test_ofd import write_ofd

    return write_ofd(folder / "加密.ofd", one_report("青岛市供销社")[:5], encrypted=True)


def signed_only_ofd(folder: Path) -> Path:
    from test_ofd import write_ofd

    return write_ofd(folder / "签章.ofd", one_report("青岛市供销社")[:5], signed=True, text=False)


def docx_bomb(folder: Path) -> Path:
    """A 30 KB DOCX whose body unpacks to 30 MB."""
    path = folder / "bomb.docx"
    whole = write_docx(folder / "whole-b.docx", one_report("青岛市国资委")[:3])
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in source.namelist():
            body = b"<w:p/>" * (5 * 2**20) if name == "word/document.xml" else source.read(name)
            bomb.writestr(name, body)
    whole.unlink()
    return path


def deep_html(folder: Path) -> Path:
    path = folder / "deep.html"
    path.write_text("<html><body>" + "<div>" * 10000 + "青岛市工作总结" + "</div>" * 10000 + "</body></html>")
    return path


def old_excel(folder: Path) -> Path:
    path = folder / "表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook\x00".encode("utf-16-le"))
    return path


def scanned_with_ocr_limit(folder: Path) -> Path:
    """More scanned pages than OCR reads: refused before any is read."""
    from reportlab.pdfgen import canvas

    from duban.ingest.formats.ocr import MAX_OCR_PAGES

    path = folder / "扫描.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(MAX_OCR_PAGES + 1):
        pdf.rect(72, 72, 100, 100, fill=1)
        pdf.showPage()
    pdf.save()
    return path


BAD_FILES: list[tuple[Callable[[Path], Path], str]] = [
    (truncated_pdf, r"PDF is damaged or truncated"),
    (password_pdf, r"PDF is password-protected"),
    (zip_renamed_docx, r"not a Word document \(no word/document\.xml\)"),
    (truncated_docx, r"DOCX is damaged or truncated"),
    (old_doc, r"an OLE file \(old Office format\) that is not a Word document"),
    (empty_file, r"the file is empty"),
    (binary_junk, r"binary data|cannot be decoded"),
    (huge_text, rf"200 MB, over the {MAX_BYTES // 2**20} MB limit"),
    (encrypted_ofd, r"OFD is encrypted"),
    (signed_only_ofd, r"only signatures or seals \(signed-only\)"),
    (docx_bomb, r"DOCX part word/document\.xml unpacks to 30 MB, over the 20 MB limit"),
    (deep_html, r"HTML nests elements 10,000 deep"),
    (old_excel, r"an old Excel workbook \(\.xls\), not a Word document"),
    (scanned_with_ocr_limit, r"over the 100-page OCR limit"),
]


@pytest.mark.parametrize(("make", "problem"), BAD_FILES, ids=[make.__name__ for make, _ in BAD_FILES])
def test_bad_file_gets_one_clear_error(tmp_path: Path, make: Callable[[Path], Path], problem: str) -> None:
    path = make(tmp_path)
    with pytest.raises(IngestError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert re.search(problem, caught.value.problem)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = huge_text(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(IngestError):
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20


# ------------------------------------------------------------ end to end: duban ingest FOLDER


@pytest.fixture
def mixed_folder(tmp_path: Path) -> tuple[Path, dict[str, str], list[Path]]:
    """Four good reports (txt, pdf, docx, html) and every kind of bad file in one folder."""
    folder = tmp_path / "报告"
    folder.mkdir()
    good = {
        "发改委.txt": "青岛市发展和改革委员会",
        "供销社.pdf": "青岛市供销社",
        "国资委.docx": "青岛市国资委",
        "海洋局.html": "青岛市海洋发展局",
    }
    (folder / "发改委.txt").write_text(
        "\n".join(one_report("青岛市发展和改革委员会")) + "\n", encoding="utf-8"
    )
    write_pdf(folder / "供销社.pdf", one_report("青岛市供销社"))
    write_docx(folder / "国资委.docx", one_report("青岛市国资委"))
    write_html(folder / "海洋局.html", one_report("青岛市海洋发展局"))
    bad = [make(folder) for make, _ in BAD_FILES]
    return folder, good, bad


def run_duban(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("DUBAN_DB", None)
    return subprocess.run([str(DUBAN), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_ingest_folder_keeps_the_good_and_names_the_bad(
    tmp_path: Path, mixed_folder: tuple[Path, dict[str, str], list[Path]]
) -> None:
    folder, good, bad = mixed_folder
    run = run_duban("--db", "t.db", "ingest", str(folder), cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    tail = run.stderr.strip().split("\n")[-len(bad) :]  # the bad files are listed at the end
    assert all(line.startswith("duban: error: ") for line in tail), run.stderr
    for path in bad:
        assert sum(path.name in line for line in tail) == 1, (path.name, run.stderr)
    for name in good:
        assert name not in run.stderr

    listing = run_duban("--db", "t.db", "reports", "--json", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    titles = sorted(report["title"] for report in json.loads(listing.stdout))
    assert len(titles) == len(good)
    for prefix in good.values():
        assert sum(title.startswith(prefix) for title in titles) == 1, titles


@pytest.mark.slow
def test_ingest_errors_stay_on_one_line_on_a_narrow_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = [zip_renamed_docx(folder), old_doc(folder), password_pdf(folder)]
    env = {key: value for key, value in os.environ.items() if key not in {"COLUMNS", "DUBAN_DB"}}
    run = subprocess.run(
        [str(DUBAN), "--db", "t.db", "ingest", str(folder)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    errors = [line for line in run.stderr.split("\n") if line.startswith("duban: error: ")]
    for path in bad:
        with pytest.raises(IngestError) as caught:
            read_document(path)
        assert f"duban: error: {caught.value}" in errors


def test_text_over_the_limit_is_refused_in_any_format(tmp_path: Path) -> None:
    """A DOCX under every package limit whose text is over MAX_TEXT_CHARS: refused after reading,
    before repair and extraction (which would take minutes); so is plain text."""
    from duban.ingest import MAX_TEXT_CHARS

    rng = random.Random(13)
    lines = [
        "".join(f"第{rng.randint(1, 9999)}项增长{rng.randint(1, 999)}%，" for _ in range(20))
        for _ in range(4000)
    ]
    assert sum(map(len, lines)) > MAX_TEXT_CHARS
    path = write_docx(tmp_path / "long.docx", lines)
    with pytest.raises(IngestError, match=r"text is 1\.\d million characters, over the 1 million limit"):
        read_document(path)
    text = tmp_path / "long.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(IngestError, match=r"over the 1 million limit"):
        read_document(text)
