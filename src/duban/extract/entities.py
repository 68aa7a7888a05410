"""Named things in a report: policy documents 《…》 and programmes in “…”."""

from __future__ import annotations

import re

from duban.model import Entity, Report, Span

_POLICY = re.compile(r"《([^《》\n]{2,80})》")
_PROGRAMME = re.compile(r"“([^“”\n]{2,40})”")


def extract_entities(report: Report) -> list[Entity]:
    """Every policy document and programme named in `report`, in order; spans include the marks.

    A quotation holding a sentence end (。!?) is speech, not a name, and a one-char quote
    (“六”) is a slogan fragment; neither is an entity.
    """
    found = [
        Entity("policy", m.group(1), report.id, Span(m.start(), m.end()))
        for m in _POLICY.finditer(report.text)
    ]
    found += [
        Entity("programme", m.group(1), report.id, Span(m.start(), m.end()))
        for m in _PROGRAMME.finditer(report.text)
        if not re.search(r"[。!?]", m.group(1))
    ]
    return sorted(found, key=lambda e: e.span.start)
