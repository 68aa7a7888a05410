"""Ingest: files → `Document` (decoded, repaired) → `Report`s.

The readers (`read`, `split`) are imported on first use of their names, so that
`duban.ingest.lexicon`, which the quantity parser reads, comes without the readers of
PDF, DOCX and HTML files.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from duban.ingest.lexicon import lexicon, load_rules, ordinal_value, with_placeholders
from duban.ingest.repair import normalize_width, repair, structure_rules

if TYPE_CHECKING:
    from duban.ingest.read import MAX_BYTES, MAX_TEXT_CHARS, decode_text, read_document
    from duban.ingest.split import SplitResult, parse_date, split_reports

# Names imported on first use; none is also the name of a submodule (`repair` and `lexicon`,
# which are, are imported above, after their modules, so that the function wins).
_HOMES = {
    "MAX_BYTES": "read",
    "MAX_TEXT_CHARS": "read",
    "decode_text": "read",
    "read_document": "read",
    "SplitResult": "split",
    "parse_date": "split",
    "split_reports": "split",
}

__all__ = [
    "MAX_BYTES",
    "MAX_TEXT_CHARS",
    "SplitResult",
    "decode_text",
    "lexicon",
    "load_rules",
    "normalize_width",
    "ordinal_value",
    "parse_date",
    "read_document",
    "repair",
    "split_reports",
    "structure_rules",
    "with_placeholders",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'duban.ingest' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"duban.ingest.{home}"), name)
    globals()[name] = value
    return value
