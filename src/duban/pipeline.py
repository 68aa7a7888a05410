"""From a file to extracted reports: read → repair → split → structure → extract.

No ledger here: `duban ingest` starts from `extract_path`, `duban extract` from
`facts_jsonl` of each report, mapped over worker processes by `report_map`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from duban.extract.entities import extract_entities
from duban.extract.facts import extract_facts
from duban.extract.items import extract_items
from duban.ingest import read_document, split_reports
from duban.ingest.formats import OcrProgress
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
    path: str | Path, *, facts_only: bool = False, ocr: bool = True, progress: OcrProgress | None = None
) -> tuple[Document, list[ExtractedReport], list[str]]:
    """Read one file and extract every report in it. Raises IngestError for bad input.

    `ocr` and `progress` are those of `read_document`."""
    document = read_document(path, ocr=ocr, progress=progress)
    reports, warnings = extract_document(document, facts_only=facts_only)
    return document, reports, warnings


def facts_jsonl(report: Report) -> str:
    """The facts of `report` as JSON Lines of the outside contract (spec/FACTS.md)."""
    encode = _json_encoder()
    facts = extract_report(report, facts_only=True).facts
    return "".join(encode(fact.to_json(report.title)) + "\n" for fact in facts)


@functools.cache
def _json_encoder() -> Callable[[object], str]:
    return json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(…, ensure_ascii=False) uses


T = TypeVar("T")
ReportMap = Callable[[Callable[[Report], T], Sequence[Report]], Iterable[T]]


@contextmanager
def report_map(jobs: int = 1) -> Iterator[ReportMap]:
    """A `map` over reports: in `jobs` worker processes when jobs > 1, results in order.

    The function mapped must be importable by name (a module-level function).
    """
    if jobs <= 1:
        yield lambda function, reports: map(function, reports)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:

        def parallel(function: Callable[[Report], T], reports: Sequence[Report]) -> Iterable[T]:
            if len(reports) < 2:
                return map(function, reports)
            return pool.map(function, reports, chunksize=max(1, len(reports) // (4 * jobs)))

        yield parallel


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
