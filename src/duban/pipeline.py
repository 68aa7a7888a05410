"""From a file to extracted reports: read → repair → split → structure → extract.

No ledger here: `duban ingest` (duban.store.ingest) maps `extract_path` over files,
`duban extract` maps `facts_jsonl` over reports (`extract_files`), both through `workers`,
the one pool of worker processes.
"""

from __future__ import annotations

import functools
import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from duban.errors import IngestError
from duban.extract.entities import extract_entities
from duban.extract.facts import extract_facts
from duban.extract.invariants import check_spans
from duban.extract.items import extract_items
from duban.ingest import OcrProgress, read_document, split_reports
from duban.lineup import line_up
from duban.model import Document, ExtractedReport, Report, fact_lines
from duban.structure import outline, split_sentences

if TYPE_CHECKING:  # the pool's module is loaded when --jobs asks for one
    from concurrent.futures import Future, ProcessPoolExecutor


@functools.cache
def extractor_version() -> str:
    """What reads the facts, as a digest: duban's version, its rules files and the code of
    every stage from reading to lining up. A ledger keeps it per document, so that a file
    ingested again after an upgrade is read anew ("updated") instead of "unchanged"."""
    import duban

    root = Path(duban.__file__).parent
    digest = hashlib.sha256(duban.__version__.encode())
    stages = ("ingest", "structure", "extract", "lineup")
    files = sorted(root.glob("rules/*.yaml")) + sorted(p for s in stages for p in (root / s).rglob("*.py"))
    for path in [*files, root / "pipeline.py", root / "model.py"]:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{duban.__version__}+{digest.hexdigest()[:16]}"


def extract_report(report: Report, *, facts_only: bool = False) -> ExtractedReport:
    """Outline, sentences, facts, items and entities of one report, their spans checked
    (`duban.extract.invariants`: ExtractError when one misses its text).

    With `facts_only`, items and entities are not read (left empty): `duban extract`
    prints facts and needs nothing else.
    """
    sections = tuple(outline(report))
    sentences = tuple(split_sentences(report, sections))
    facts = tuple(line_up(report, sections, sentences, extract_facts(report, sections, sentences)))
    if facts_only:
        extracted = ExtractedReport(report=report, sections=sections, sentences=sentences, facts=facts)
    else:
        items, entities = tuple(extract_items(report, sections, sentences)), tuple(extract_entities(report))
        extracted = ExtractedReport(report, sections, sentences, facts, items, entities)
    return check_spans(extracted)


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
    return fact_lines(extract_report(report, facts_only=True).facts, report.title)


T = TypeVar("T")
R = TypeVar("R")


class Workers:
    """Maps a function over items in worker processes (or in this one when jobs is 1),
    results in input order: the one process pool of `duban ingest` and `duban extract`."""

    def __init__(self, pool: ProcessPoolExecutor | None, jobs: int) -> None:
        self._pool = pool
        self.jobs = jobs

    def map(self, function: Callable[[T], R], items: Iterable[T], ahead: int = 3) -> Iterator[R]:
        """`function(item)` for each item, in order. At most `ahead` × jobs items are submitted
        before their results are taken, so that a slow consumer (the ledger's writer) keeps
        memory bounded. `items` is read lazily, in this process; `function` must be importable
        by name (a module-level function)."""
        if self._pool is None:
            yield from map(function, items)
            return
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(self._pool.submit(function, item))
            while len(pending) > ahead * self.jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def workers(jobs: int = 1) -> Iterator[Workers]:
    """`Workers` over `jobs` processes, shut down on leaving."""
    if jobs <= 1:
        yield Workers(None, 1)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield Workers(pool, jobs)


def extract_files(
    paths: list[str | Path],
    jobs: int = 1,
    *,
    ocr: bool = True,
    on_ocr_page: Callable[[str, int, int], None] | None = None,
) -> Iterator[str | IngestError]:
    """`duban extract`: for each input file in turn, the facts of each of its reports as JSON
    Lines (one string a report, reports extracted in `jobs` processes), or the IngestError
    that kept the file out. `ocr` as for `read_document`; `on_ocr_page` hears (file, pages
    done, pages to read) of OCR."""
    with workers(jobs) as pool:
        for path in iter_input_files(paths):
            progress = functools.partial(on_ocr_page, str(path)) if on_ocr_page else None
            try:
                document = read_document(path, ocr=ocr, progress=progress)
            except IngestError as err:
                yield err
                continue
            yield from pool.map(facts_jsonl, split_reports(document).reports)


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
