"""Ingest: files → `Document` (decoded, repaired) → `Report`s.

The layers above use these names only, never the modules behind them (an import-linter
contract in pyproject.toml). The readers of PDF, DOCX and HTML files load their libraries
on first use, so importing this package stays cheap.
"""

from __future__ import annotations

from duban.ingest.formats import OcrProgress
from duban.ingest.read import MAX_BYTES, MAX_TEXT_CHARS, decode_text, read_document
from duban.ingest.repair import normalize_width, repair, table_row
from duban.ingest.split import SplitResult, parse_date, split_reports

__all__ = [
    "MAX_BYTES",
    "MAX_TEXT_CHARS",
    "OcrProgress",
    "SplitResult",
    "decode_text",
    "normalize_width",
    "parse_date",
    "read_document",
    "repair",
    "split_reports",
    "table_row",
]
