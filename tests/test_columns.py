"""PDF pages in two columns are read column by column (fixture: `_twocol.py`, from the sample)."""

from __future__ import annotations

from pathlib import Path

import pytest

from _twocol import write_two_column_pdf
from test_formats import extract_facts, reports_and_sentences, sample_lines
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


def test_two_columns_give_the_facts_of_the_txt(two_columns: Path, sample_path: Path) -> None:
    expected, got = extract_facts(sample_path), extract_facts(two_columns)
    assert scorer().score(expected, got)["full"]["f1"] >= 0.99
