"""From a file to extracted reports: read → repair → split → structure → extract.

No ledger here: `duban extract` and `duban ingest` both start from `extract_path`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from duban.extract.entities import extract_entities
from duban.extract.facts import extract_facts
from duban.extract.items import extract_items
from duban.ingest import read_document, split_reports
from duban.model import Document, ExtractedReport, Report
from duban.structure import outline, split_sentences


def extract_report(report: Report, *, facts_only: bool = False) -> ExtractedReport:
    """Outline, sentences, facts, items and entities of one report.

    With `facts_only`, items and entities are not read (left empty): `duban extract`
    prints facts and needs nothing else.
    """
    sections = tuple(outline(report))
    sentences = tuple(split_sentences(report, sections))
    facts = tuple(extract_facts(report, sections, sentences))
    if facts_only:
        return ExtractedReport(report=report, sections=sections, sentences=sentences, facts=facts)
    return ExtractedReport(
        report=report,
        sections=sections,
        sentences=sentences,
        facts=facts,
        items=tuple(extract_items(report, sections, sentences)),
        entities=tuple(extract_entities(report)),
    )


def extract_document(
    document: Document, *, facts_only: bool = False
) -> tuple[list[ExtractedReport], list[str]]:
    """The reports of one document, extracted, and the document-level warnings."""
    split = split_reports(document)
    return [extract_report(r, facts_only=facts_only) for r in split.reports], list(split.warnings)


def extract_path(
    path: str | Path, *, facts_only: bool = False
) -> tuple[Document, list[ExtractedReport], list[str]]:
    """Read one file and extract every report in it. Raises IngestError for bad input."""
    document = read_document(path)
    reports, warnings = extract_document(document, facts_only=facts_only)
    return document, reports, warnings


def iter_input_files(paths: list[str | Path]) -> Iterator[Path]:
    """Files named, and the files below folders named, in a stable order.

    Hidden files and folders are skipped; a path that does not exist is yielded
    as it is so that reading it reports the problem.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path
