"""Files into the ledger: read and extract each file, store it in one transaction.

`ingest_files` is the use case that `duban ingest`, the demo and the browser's import call.
Files whose bytes (sha256) are already in the ledger are skipped before extraction, so an
interrupted run resumes where it stopped. With ``jobs > 1`` worker processes read and
extract (and cut search tokens) while this process writes, in input order, so the ledger's
rows do not depend on which worker finished first.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from duban.errors import DubanError, IngestError, StoreError
from duban.ingest import OcrProgress
from duban.model import Document, ExtractedReport, IngestStatus
from duban.pipeline import extract_path, iter_input_files, workers
from duban.store.base import IngestOutcome
from duban.store.search import index_text
from duban.store.sql import SqlStore
from duban.store.target import is_postgres, open_store, remove_sqlite_ledger

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

    def count(self, status: IngestStatus) -> int:
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


def ingest_files(
    target: str,
    paths: Sequence[str | Path],
    on_progress: OnProgress | None = None,
    jobs: int = 1,
    *,
    ocr: bool = True,
    on_ocr_page: OnOcrPage | None = None,
) -> IngestRun:
    """Put files and folders (recursively) into the ledger at `target`, a SQLite path (made when
    new) or a postgresql:// URL: the one use case behind `duban ingest`, the demo and the
    browser's import. Each file is read and extracted (in `jobs` worker processes), then written
    in input order, each in one transaction; a new ledger into which nothing went is removed.

    Bad files are collected in the run, not raised. Raises IngestError when the paths name no
    file at all and StoreError when the ledger cannot be opened or written. Pages without text
    are read by OCR unless `ocr` is off; `on_ocr_page` hears (file, pages done, pages to read).
    """
    files = input_files(paths)
    new_ledger = not is_postgres(target) and not Path(target).exists()
    with closing(open_store(target, create=True)) as store:
        run = ingest_paths(store, files, on_progress=on_progress, jobs=jobs, ocr=ocr, on_ocr_page=on_ocr_page)
    if new_ledger and not run.outcomes:
        remove_sqlite_ledger(target)
    return run


def ingest_paths(
    store: SqlStore,
    paths: Sequence[str | Path],
    on_progress: OnProgress | None = None,
    jobs: int = 1,
    *,
    ocr: bool = True,
    on_ocr_page: OnOcrPage | None = None,
) -> IngestRun:
    """Ingest files and folders (recursively) into an open `store`; bad files are collected,
    not raised.

    Pages without text are read by OCR unless `ocr` is off (then such files are refused).
    Once the files are stored, the backend brings up to date what it keeps besides them
    (`Store.after_ingest`: SQLite's best sentences of common words, for search).
    Raises IngestError when there is nothing to ingest and StoreError when the ledger fails.
    """
    files = input_files(paths)
    run = IngestRun()
    for result in _results(store, files, jobs, ocr, on_ocr_page):
        run.results.append(result)
        if on_progress:
            on_progress(result)
    if any(r.outcome and r.outcome.status is not IngestStatus.UNCHANGED for r in run.results):
        store.after_ingest()
    return run


def prepare_demo(target: str) -> IngestRun:
    """A ledger at `target` holding the bundled sample: a SQLite file is recreated when it
    does not exist or holds nothing but the sample; anything else is refused (StoreError),
    never overwritten. A PostgreSQL ledger is used only when empty or holding just the sample."""
    sample = resources.files("duban").joinpath("data", "qingdao-2021h1.txt")
    digest = hashlib.sha256(sample.read_bytes()).hexdigest()
    postgres = is_postgres(target)
    if postgres or Path(target).exists():
        _refuse_unless_demo(target, digest, postgres)
    if not postgres:
        remove_sqlite_ledger(target)
    with resources.as_file(sample) as path:
        run = ingest_files(target, [path])
    if run.failures:
        failure = run.failures[0]
        raise IngestError(failure.path, failure.problem or "could not be ingested")
    return run


def _refuse_unless_demo(target: str, sample_sha256: str, postgres: bool) -> None:
    """StoreError unless `target` is a duban ledger holding no document but the sample."""
    advice = "choose another --db for the demo (e.g. --db duban-demo.db)"
    try:
        with closing(open_store(target, create=postgres)) as store:
            others = [d for d in store.document_digests() if d != sample_sha256]
    except StoreError as err:
        raise StoreError(f"{err}; the demo does not overwrite it: {advice}") from err
    if others:
        raise StoreError(
            f"{store.target}: a ledger holding {len(others)} other document(s); "
            f"the demo does not overwrite it: {advice}"
        )


def _results(
    store: SqlStore, files: list[Path], jobs: int, ocr: bool, on_ocr_page: OnOcrPage | None
) -> Iterator[FileResult]:
    """Each file's result, in input order: files whose bytes are in the ledger are known before
    extraction; the others are extracted by the workers (search tokens cut there too when
    there are several) and written here. OCR progress is told from one worker only."""
    if jobs > 1:
        extract: Callable[[Step], Extracted | FileResult] = functools.partial(_extract_with_tokens, ocr=ocr)
    else:
        extract = functools.partial(_extract_without_tokens, ocr=ocr, on_ocr_page=on_ocr_page)
    with workers(jobs) as pool:
        steps = pool.map(extract, ((path, _known(store, path)) for path in files))
        for path, item in zip(files, steps, strict=True):
            if isinstance(item, FileResult):
                yield item
                continue
            document, reports, warnings, tokens = item
            outcome = store.ingest(document, reports, warnings, sentence_tokens=tokens)
            shown = tuple(warnings) if outcome.status is not IngestStatus.UNCHANGED else ()
            yield FileResult(str(path), outcome, warnings=shown)


Step = tuple[Path, "FileResult | None"]


def _extract_with_tokens(step: Step, *, ocr: bool = True) -> Extracted | FileResult:
    path, known = step
    return known or extract_file(path, with_tokens=True, ocr=ocr)


def _extract_without_tokens(
    step: Step, *, ocr: bool = True, on_ocr_page: OnOcrPage | None = None
) -> Extracted | FileResult:
    path, known = step
    progress = functools.partial(on_ocr_page, str(path)) if on_ocr_page else None
    return known or extract_file(path, with_tokens=False, ocr=ocr, progress=progress)


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
    tokens: dict[str, list[str]] = {}
    if with_tokens:
        tokens = {r.report.id: [index_text(s.text) for s in r.sentences] for r in reports}
    return document, reports, warnings, tokens
