"""What `duban extract` does, with nothing of the command line's machinery: the facts of the
files printed, an error reported in one line; and the progress bar of OCR that the reading
commands show.

`duban extract FILE...` with no option is what most runs of duban are (a pipeline's, a
script's): `duban.__main__` runs it from here without importing Typer, Click and the other
commands (15 % of a one-file run's start-up: 114-117 -> 97-101 ms task-clock). Anything else goes through the
commands (`duban.cli.commands`), which call the same functions.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from duban.errors import DubanError
from duban.printable import printable

if TYPE_CHECKING:  # Rich is imported when a progress bar is shown: start-up stays short (issue 11)
    from rich.progress import Progress, TaskID


def plain_extract(args: list[str]) -> list[str | Path] | None:
    """The files of `duban extract FILE...` when `args` say just that (no option, no other
    command: those are the commands' to read), else None."""
    if len(args) < 2 or args[0] != "extract" or any(arg.startswith("-") for arg in args[1:]):
        return None
    return [Path(arg) for arg in args[1:]]


def reported(run: Callable[[], None]) -> None:
    """`run()`, a library error said in one line on stderr with exit code 1, an interrupt
    with 130, and a reader gone (`duban extract … | head`) with 1 and nothing more said."""
    try:
        run()
    except DubanError as err:
        print(f"duban: error: {printable(str(err))}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("duban: interrupted", file=sys.stderr)
        sys.exit(130)
    except OSError as err:
        if err.errno != errno.EPIPE:
            raise
        _reader_gone()


def _reader_gone() -> NoReturn:
    """Stdout's reader closed the pipe: what is still buffered goes nowhere (no second error
    when Python flushes it at exit), and the run ends with 1, as Click ends it."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def extract_plainly(paths: list[str | Path]) -> None:
    """`duban extract FILE...` as the command runs it under Typer: errors reported as
    `reported` says, and an interrupt ending the run with 130 and nothing said, as Typer ends a
    command (the commands' own `duban: interrupted` is for an interrupt outside one)."""

    def run() -> None:
        try:
            print_facts(paths)
        except KeyboardInterrupt:
            sys.exit(130)

    reported(run)


def print_facts(paths: list[str | Path], jobs: int = 1, *, ocr: bool = True) -> None:
    """Print every fact of every report in `paths` as JSON Lines (`duban extract`); a file that
    cannot be read is reported on stderr and the others still print. The last such error is
    raised once all are printed (exit code 1)."""
    from duban.errors import IngestError
    from duban.pipeline import extract_files

    errors: list[IngestError] = []
    with ocr_progress() as on_page:
        for lines in extract_files(paths, jobs, ocr=ocr, on_ocr_page=on_page):
            if isinstance(lines, IngestError):
                errors.append(lines)
                continue
            sys.stdout.write(lines)
            sys.stdout.flush()
    for err in errors[:-1]:
        print(f"duban: error: {printable(str(err))}", file=sys.stderr)
    if errors:
        raise errors[-1]


@contextmanager
def ocr_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A callback (file, pages done, pages to read) showing a progress bar of OCR on stderr when
    it is a terminal. Rich is loaded at the first page OCR reads: most inputs have none."""
    progress: Progress | None = None
    advance: Callable[[str, int, int], None] | None = None

    def on_page(path: str, done: int, total: int) -> None:
        nonlocal progress, advance
        if advance is None:
            progress = _stderr_bar()
            advance = ocr_pages(progress) if progress else lambda path, done, total: None
        advance(path, done, total)

    try:
        yield on_page
    finally:
        if progress is not None:
            progress.stop()


def _stderr_bar() -> Progress | None:
    """A progress bar started on stderr, None when stderr is no terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    progress = Progress(*columns, console=console, transient=True)
    progress.start()
    return progress


def ocr_pages(progress: Progress) -> Callable[[str, int, int], None]:
    """A callback (file, pages done, pages to read) that shows one bar per file on `progress`."""
    tasks: dict[str, TaskID] = {}

    def advance(path: str, done: int, total: int) -> None:
        if path not in tasks:
            tasks[path] = progress.add_task(f"OCR {Path(path).name}", total=total)
        progress.update(tasks[path], completed=done, visible=done < total)

    return advance
