"""OCR: scanned PDFs, mixed PDFs and images of pages read like a text layer.

The fixtures are printed here from the sample: the sample typeset as a PDF (reportlab),
each page rendered to a grey image at 200 dpi as a scanner would give it, and the images
assembled as an image-only PDF (Pillow), a PNG, a JPEG or a multi-page TIFF. Page counts
are kept small: OCR takes seconds a page.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from _paths import SCORER, one_report
from duban.errors import IngestError
from duban.ingest import read_document
from duban.ingest.formats import extract_text
from duban.ingest.formats.ocr import MAX_OCR_PAGES
from test_formats import fact_key, write_typeset_pdf

DUBAN = Path(sys.executable).parent / "duban"
DPI = 200


def page_images(paragraphs: list[str], folder: Path, dpi: int = DPI) -> list:
    """The paragraphs typeset, each page printed to a grey image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(write_typeset_pdf(folder / "typeset.pdf", paragraphs)))
    try:
        return [pdf[k].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for k in range(len(pdf))]
    finally:
        pdf.close()


def write_scanned_pdf(path: Path, paragraphs: list[str]) -> Path:
    """An image-only PDF of the paragraphs: no text layer at all."""
    images = page_images(paragraphs, path.parent)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=DPI)
    return path


def extract_facts(path: Path) -> list[dict[str, object]]:
    """`duban extract PATH`'s facts; OCR takes seconds a page, so a long timeout."""
    run = subprocess.run([str(DUBAN), "extract", str(path)], capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def scorer():
    spec = importlib.util.spec_from_file_location("duban_scorer", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------ what OCR output is put right


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("营业收人3458亿元", "营业收入3458亿元"),
        ("深人推进国有企业改革", "深入推进国有企业改革"),
        ("全部纳人统一监管", "全部纳入统一监管"),
        ("吸收人才", "吸收人才"),
        ("资深人士", "资深人士"),
        ("金融人员", "金融人员"),
        ("人口总量", "人口总量"),
        ("项目人驻", "项目入驻"),
        ("招引大驻全国首店", "招引入驻全国首店"),
        ("高成长企业人库", "高成长企业入库"),
        ("企业人选百家示范企业", "企业人选百家示范企业"),
        ("总统大选", "总统大选"),
    ],
)
def test_ocr_confusions_put_right(read: str, printed: str) -> None:
    from duban.ingest.formats.ocr import _fixed

    assert _fixed(read) == printed


# ------------------------------------------------------------ scanned PDF → the same facts


@pytest.fixture(scope="module")
def scanned_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two reports of the sample (6 pages) as txt and as a scanned PDF."""
    folder = tmp_path_factory.mktemp("scan")
    lines = one_report("青岛市供销社") + one_report("青岛市国资委")
    txt = folder / "two.txt"
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return txt, write_scanned_pdf(folder / "two.pdf", lines)


@pytest.mark.slow
def test_scanned_pdf_gives_the_facts_of_the_txt(scanned_reports: tuple[Path, Path]) -> None:
    txt, pdf = scanned_reports
    expected, got = extract_facts(txt), extract_facts(pdf)
    assert len(expected) > 40
    if SCORER.exists():  # the shared scorer, the txt run's facts taken as gold
        assert scorer().score(expected, got)["full"]["f1"] >= 0.95
    else:  # facts equal in every field (sentences included, so one OCR slip in a sentence counts)
        same = sum((Counter(map(fact_key, got)) & Counter(map(fact_key, expected))).values())
        assert same >= 0.8 * len(expected)


@pytest.mark.slow
def test_scanned_pdf_with_ocr_off_is_refused_and_the_ledger_unchanged(
    scanned_reports: tuple[Path, Path], tmp_path: Path
) -> None:
    txt, pdf = scanned_reports
    db = tmp_path / "l.db"
    first = subprocess.run([str(DUBAN), "--db", str(db), "ingest", str(txt)], capture_output=True)
    assert first.returncode == 0
    count = "select count(*), sum(length(text)) from documents"
    before = sqlite3.connect(db).execute(count).fetchone()
    run = subprocess.run(
        [str(DUBAN), "--db", str(db), "ingest", "--no-ocr", str(pdf)], capture_output=True, text=True
    )
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("duban: error:")]
    problem = "PDF has no text layer on no page (scanned?) and OCR is off (--no-ocr)"
    assert errors == [f"duban: error: {pdf}: {problem}"]
    assert "Traceback" not in run.stderr
    assert sqlite3.connect(db).execute(count).fetchone() == before
    run = subprocess.run([str(DUBAN), "extract", "--no-ocr", str(pdf)], capture_output=True, text=True)
    assert (run.returncode, run.stdout, run.stderr.count("\n")) == (1, "", 1)


def test_mixed_pdf_reads_text_pages_and_scanned_pages_in_order(tmp_path: Path) -> None:
    """Pages 1 and 3 with a text layer, page 2 a scan: the text comes out in page order."""
    import pypdfium2 as pdfium

    lines = one_report("青岛市国资委")
    typeset = pdfium.PdfDocument(str(write_typeset_pdf(tmp_path / "t.pdf", lines)))
    assert len(typeset) >= 3
    scan = pdfium.PdfDocument(str(write_scanned_pdf(tmp_path / "s.pdf", lines)))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(typeset, [0])
    mixed.import_pages(scan, [1])
    mixed.import_pages(typeset, [2])
    mixed.save(str(tmp_path / "mixed.pdf"))
    pages = [typeset[k].get_textpage().get_text_range() for k in range(3)]
    progress: list[tuple[int, int]] = []
    text, _ = extract_text(
        tmp_path / "mixed.pdf", (tmp_path / "mixed.pdf").read_bytes(), progress=lambda *a: progress.append(a)
    )
    assert progress == [(0, 1), (1, 1)]
    flat = unicodedata.normalize("NFKC", "".join(text.split()))
    marks = [flat.find(unicodedata.normalize("NFKC", "".join(page.split()))[40:52]) for page in pages]
    assert -1 not in marks and marks == sorted(marks)


@pytest.mark.parametrize("kind", ["png", "jpeg", "tiff"])
def test_an_image_of_a_page_is_read(tmp_path: Path, kind: str) -> None:
    lines = one_report("青岛市国资委")
    image = page_images(lines, tmp_path)[0]
    path = tmp_path / f"page.{kind}"
    image.save(path, dpi=(DPI, DPI))
    text, name = extract_text(path, path.read_bytes())
    assert name == kind
    assert text.split("\n")[0] == lines[0]
    truth = unicodedata.normalize("NFKC", "".join("".join(lines).split()))
    assert unicodedata.normalize("NFKC", "".join(text.split()))[:100] == truth[:100]


def test_a_multi_page_tiff_is_read_page_by_page(tmp_path: Path) -> None:
    lines = one_report("青岛市国资委")
    images = page_images(lines, tmp_path)[:2]
    path = tmp_path / "pages.tif"
    images[0].save(path, save_all=True, append_images=images[1:], dpi=(DPI, DPI), compression="tiff_lzw")
    document = read_document(path)
    assert document.encoding == "tiff"
    assert document.text.startswith(lines[0])
    assert lines[-1][-20:] not in document.text  # only two pages of it


def test_image_with_ocr_off_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    page_images(["青岛市国资委2021年上半年工作总结"], tmp_path)[0].save(path)
    with pytest.raises(IngestError, match=r"page\.png: a PNG image: reading it needs OCR, which is off"):
        read_document(path, ocr=False)


def test_too_many_pages_for_ocr_are_refused_before_any_is_read(tmp_path: Path) -> None:
    from test_bad_files import scanned_with_ocr_limit

    path = scanned_with_ocr_limit(tmp_path)
    with pytest.raises(IngestError, match=rf"over the {MAX_OCR_PAGES}-page OCR limit"):
        read_document(path, progress=lambda done, total: pytest.fail("OCR ran"))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, r"PNG image is damaged or cannot be read"),
        (b"\xff\xd8\xff\xe0" + b"junk" * 10, r"JPEG image is damaged or cannot be read"),
    ],
    ids=["png", "jpeg"],
)
def test_a_damaged_image_gets_one_line(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "bad.img"
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert re.search(problem, caught.value.problem)
    assert "\n" not in str(caught.value)


def test_a_huge_image_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "huge.png"
    for side in (9000, 20000):  # 81 million pixels (Pillow reads it) and 400 million (Pillow refuses)
        Image.new("1", (side, side), 1).save(path)  # in a small file
        with pytest.raises(IngestError, match=r"PNG image .*over the 60,000,000-pixel limit"):
            read_document(path)
