"""Named things in a report: policies 《…》 and programmes “…” (minimal version)."""

from __future__ import annotations

from duban.model import Entity, Report


def extract_entities(report: Report) -> list[Entity]:
    """Every policy document and programme named in `report`."""
    return []
