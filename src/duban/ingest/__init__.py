"""Ingest: files → `Document` (decoded, repaired) → `Report`s."""

from __future__ import annotations

from duban.ingest.read import MAX_BYTES, decode_text, read_document
from duban.ingest.repair import normalize_width, repair, structure_rules
from duban.ingest.split import SplitResult, parse_date, split_reports

__all__ = [
    "MAX_BYTES",
    "SplitResult",
    "decode_text",
    "normalize_width",
    "parse_date",
    "read_document",
    "repair",
    "split_reports",
    "structure_rules",
]
