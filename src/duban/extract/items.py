"""Problems, plans and measures as items (minimal version; refined later)."""

from __future__ import annotations

from collections.abc import Sequence

from duban.model import Item, Report, Section, Sentence


def extract_items(report: Report, sections: Sequence[Section], sentences: Sequence[Sentence]) -> list[Item]:
    """Every problem, plan and measure point of `report`."""
    return []
