"""Files into the ledger: read and extract each file, store it in one transaction.

`ingest_paths` is what `duban ingest` calls. Files whose bytes (sha256) are already
in the ledger are skipped before extraction, so an interrupted run resumes where it
stopped. With ``jobs > 1`` worker processes read and extract (and cut search tokens)
while this process writes, in input order, so the ledger's rows do not depend on
which worker finished first.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from duban.errors import DubanError, IngestError
from duban.ingest.formats import OcrProgress
from duban.model import Document, ExtractedReport
from duban.pipeline import extract_path, iter_input_files
from duban.store.base import IngestOutcome
from duban.store.search import index_text
from duban.store.sql import SentenceTokens, SqlStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one file: an outcome, or the problem that kept it out."""

    path: str
    outcome: IngestOutcome | None = None
    problem: str | None = None
    warnings: tuple[str, ...] = ()  # the document's warnings, when it was (re)written


@dataclass(slots=True)
class IngestRun:
    results: list[FileResult] = field(default_factory=list)

    @property
    def outcomes(self) -> list[IngestOutcome]:
        return [r.outcome for r in self.results if r.outcome]

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.problem is not None]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


Extracted = tuple[Document, list[ExtractedReport], list[str], dict[str, list[str]]]
OnProgress = Callable[[FileResult], None]
OnOcrPage = Callable[[str, int, int], None]
"""Told (file, pages done, pages to read) after each page OCR reads (serial ingest only)."""


def input_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files to ingest; IngestError when the paths name nothing at all."""
    files = list(iter_input_files(list(paths)))
    if not files:
        named = ", ".join(str(p) for p in paths)
        raise IngestError(named, "no files to ingest (empty folder?)")
    return files


def ingest_paths(
    store: SqlStore,
    paths: Sequence[str | Path],
    on_progress: OnProgress | None = None,
    jobs: int = 1,
    *,
    ocr: bool = True,
    on_ocr_page: OnOcrPage | None = None,
) -> IngestRun:
    """Ingest files and folders (recursively) into `store`; bad files are collected, not raised.

    Pages without text are read by OCR unless `ocr` is off (then such files are refused).
    Raises IngestError when there is nothing to ingest and StoreError when the ledger fails.
    """
    files = input_files(paths)
    run = IngestRun()
    for result in _results(store, files, jobs, ocr, on_ocr_page):
        run.results.append(result)
        if on_progress:
            on_progress(result)
    return run


def _results(
    store: SqlStore, files: list[Path], jobs: int, ocr: bool, on_ocr_page: OnOcrPage | None
) -> Iterator[FileResult]:
    if jobs > 1:
        extracted = _extract_parallel(store, files, jobs, ocr)
    else:
        extracted = _extract_serial(store, files, ocr, on_ocr_page)
    for path, item in extracted:
        if isinstance(item, FileResult):
            yield item
            continue
        document, reports, warnings, tokens = item
        outcome = store.ingest(document, reports, warnings, sentence_tokens=tokens)
        shown = tuple(warnings) if outcome.status != "unchanged" else ()
        yield FileResult(str(path), outcome, warnings=shown)


Step = tuple[Path, "Extracted | FileResult"]


def _extract_serial(
    store: SqlStore, files: list[Path], ocr: bool, on_ocr_page: OnOcrPage | None
) -> Iterator[Step]:
    for path in files:
        progress = functools.partial(on_ocr_page, str(path)) if on_ocr_page else None
        yield path, _known(store, path) or extract_file(path, with_tokens=False, ocr=ocr, progress=progress)


def _extract_parallel(store: SqlStore, files: list[Path], jobs: int, ocr: bool) -> Iterator[Step]:
    """Extraction in `jobs` processes, at most a few files ahead of the writer, results in order."""
    pending: deque[tuple[Path, Future[Extracted | FileResult] | FileResult]] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for path in files:
            known = _known(store, path)
            pending.append((path, known or pool.submit(extract_file, path, ocr=ocr)))
            while len(pending) > jobs * 3:
                yield _settled(pending.popleft())
        while pending:
            yield _settled(pending.popleft())


def _settled(entry: tuple[Path, Future[Extracted | FileResult] | FileResult]) -> Step:
    path, value = entry
    return path, value.result() if isinstance(value, Future) else value


def _known(store: SqlStore, path: Path) -> FileResult | None:
    """An 'unchanged' result when these bytes are in the ledger already (checked before extraction)."""
    try:
        with path.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # reading it again in extraction names the problem
    outcome = store.unchanged_outcome(str(path), digest)
    return FileResult(str(path), outcome) if outcome else None


def extract_file(
    path: Path, with_tokens: bool = True, *, ocr: bool = True, progress: OcrProgress | None = None
) -> Extracted | FileResult:
    """Read and extract one file (in a worker process when parallel); a bad file becomes a result."""
    try:
        document, reports, warnings = extract_path(path, ocr=ocr, progress=progress)
    except DubanError as err:
        problem = err.problem if isinstance(err, IngestError) else str(err)
        return FileResult(str(path), problem=problem)
    except Exception as err:  # a bug of ours must not stop a folder's ingest: say so, go on
        log.debug("extracting %s failed", path, exc_info=True)
        problem = f"internal error while extracting ({type(err).__name__}: {err}); please report it"
        return FileResult(str(path), problem=problem)
    tokens: SentenceTokens = {}
    if with_tokens:
        tokens = {r.report.id: [index_text(s.text) for s in r.sentences] for r in reports}
    return document, reports, warnings, dict(tokens)
