"""The reader page's text: a report cut into paragraphs and runs, each run with at most
one fact mark, one item kind (problems, plans), one section anchor and a heading flag;
and search hits cut into matched and unmatched runs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from duban.ingest import table_row
from duban.model import ExtractedReport, Section

PARAGRAPH_LABEL_CHARS = 16


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of report text with one fact mark, one item kind and an anchor at most."""

    text: str
    fact: int | None  # index into the report's facts
    item: str | None  # "problems" / "plans" when the run is part of such an item
    anchor: str | None  # a section's anchor id that starts here
    heading: bool = False  # the run is (part of) a section heading


@dataclass(frozen=True, slots=True)
class Paragraph:
    kind: str  # the section kind of the paragraph
    heading: bool  # the paragraph is a section heading
    pieces: tuple[Piece, ...]
    row: bool = False  # a table row: its pieces "\t" part its cells

    @property
    def cells(self) -> list[list[Piece]]:
        """A table row's pieces, cell by cell."""
        cells: list[list[Piece]] = [[]]
        for piece in self.pieces:
            if piece.text == "\t":
                cells.append([])
            else:
                cells[-1].append(piece)
        return cells


def section_label(section: Section, text: str) -> str:
    """A section's heading; an unheaded one (段) is named by the start of its first sentence."""
    if section.heading:
        return section.heading
    body = "".join(section.span.of(text).split())
    lead = re.split(r"[;。!?]", body, maxsplit=1)[0]
    lead = lead if len(lead) <= PARAGRAPH_LABEL_CHARS else lead[:PARAGRAPH_LABEL_CHARS] + "…"
    return f"〈段落〉{lead}"


def section_anchor(path: Sequence[int]) -> str:
    return "sec-" + "-".join(map(str, path))


def reader_paragraphs(extracted: ExtractedReport) -> list[Paragraph]:
    """The report's text cut into paragraphs and runs, for the reader page."""
    text = extracted.report.text
    facts = [(f.quantity.span.start, f.quantity.span.end, i) for i, f in enumerate(extracted.facts)]
    items = [
        (it.span.start, it.span.end, str(it.kind))
        for it in extracted.items
        if str(it.kind) in ("problems", "plans")
    ]
    anchors = {s.span.start: section_anchor(s.path) for s in reversed(extracted.sections)}
    headings = [
        (s.span.start, s.span.start + len(s.heading))
        for s in extracted.sections
        if s.heading and text.startswith(s.heading, s.span.start)
    ]
    paragraphs: list[Paragraph] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            paragraphs.append(_paragraph(extracted, (start, end), facts, items, anchors, headings))
        start = end + 1
    return paragraphs


def _paragraph(
    extracted: ExtractedReport,
    line: tuple[int, int],
    facts: list[tuple[int, int, int]],
    items: list[tuple[int, int, str]],
    anchors: dict[int, str],
    headings: list[tuple[int, int]],
) -> Paragraph:
    text = extracted.report.text
    start, end = line
    row = table_row(text[start:end])
    cuts = {start, end} | {a for a in anchors if start < a < end}
    if row:  # each tab a piece of its own, where the cells part
        cuts |= {start + k for k, ch in enumerate(text[start:end]) if ch == "\t"}
        cuts |= {start + k + 1 for k, ch in enumerate(text[start:end]) if ch == "\t"}
    for s, e, *_ in (*facts, *items, *headings):
        cuts |= {c for c in (s, e) if start < c < end}
    bounds = sorted(cuts)
    pieces = []
    for a, b in pairwise(bounds):
        fact = next((i for s, e, i in facts if s <= a and b <= e), None)
        item = next((k for s, e, k in reversed(items) if s <= a and b <= e), None)
        heading = any(s <= a and b <= e for s, e in headings)
        pieces.append(Piece(text[a:b], fact, item, anchors.get(a), heading))
    containing = [s for s in extracted.sections if s.span.start <= start < s.span.end]
    kind = str(containing[-1].kind) if containing else "other"
    whole_heading = all(p.heading for p in pieces if p.text.strip()) and any(p.heading for p in pieces)
    return Paragraph(kind, whole_heading, tuple(pieces), row)


def highlight(text: str, matches: Sequence[Any]) -> list[tuple[str, bool]]:
    """The text cut into (run, is_match) pairs, for a template to mark the matches."""
    runs: list[tuple[str, bool]] = []
    at = 0
    for span in sorted(matches, key=lambda m: m.start):
        if span.start < at or span.end > len(text):
            continue
        if span.start > at:
            runs.append((text[at : span.start], False))
        runs.append((text[span.start : span.end], True))
        at = span.end
    if at < len(text):
        runs.append((text[at:], False))
    return runs
