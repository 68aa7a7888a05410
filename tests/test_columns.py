"""PDF pages in two columns are read column by column (fixture: `_twocol.py`, from the sample)."""

from __future__ import annotations

from pathlib import Path

import pytest

from _paths import one_report, sample_lines
from _twocol import write_two_column_pdf
from test_formats import extract_facts, reports_and_sentences
from test_ocr import scorer


@pytest.fixture(scope="module")
def two_columns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_two_column_pdf(tmp_path_factory.mktemp("columns") / "two.pdf", sample_lines())


def test_two_columns_give_the_same_reports(two_columns: Path, sample_path: Path) -> None:
    """The contents page flows over both columns and the title pages: still the 9 reports."""
    expected = reports_and_sentences(sample_path)
    got = reports_and_sentences(two_columns)
    assert len(expected) == 9
    assert [(title, date) for title, date, _ in got] == [(title, date) for title, date, _ in expected]


@pytest.mark.slow
def test_two_columns_give_the_facts_of_the_txt(two_columns: Path, sample_path: Path) -> None:
    expected, got = extract_facts(sample_path), extract_facts(two_columns)
    assert scorer().score(expected, got)["full"]["f1"] >= 0.99


def test_a_scanned_two_column_page_is_read_column_by_column(tmp_path: Path) -> None:
    """OCR would run a line of the left column into the line beside it; the page is read one
    column at a time, so stretches of the report come out whole and in order."""
    import re
    import unicodedata

    import pypdfium2 as pdfium

    from duban.ingest.formats import extract_text

    lines = one_report("青岛市国资委")
    pdf = pdfium.PdfDocument(str(write_two_column_pdf(tmp_path / "two.pdf", lines)))
    image = tmp_path / "page.png"
    pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L").save(image, dpi=(200, 200))
    pdf.close()
    text, _ = extract_text(image, image.read_bytes())

    def flat(s: str) -> str:
        return re.sub(r"\s", "", unicodedata.normalize("NFKC", s))

    truth, got = flat("".join(lines)), flat(text)
    windows = [truth[k : k + 8] for k in range(100, 1300, 150)]  # across both columns of page 1
    found = [got.find(w) for w in windows]
    assert sum(at >= 0 for at in found) >= len(windows) - 1, list(zip(windows, found, strict=True))
    seen = [at for at in found if at >= 0]
    assert seen == sorted(seen)
