"""The Typer application and the options every command shares."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # Rich is imported when a progress bar is shown: start-up stays short (issue 11)
    from rich.progress import Progress, TaskID

DEFAULT_DB = "duban.db"
DB_OPTION = "--db"  # the one option before a command that takes a value (cli.main reads past it)
MAX_JOBS = 64  # worker processes at most: a larger --jobs would fork that many at once

app = typer.Typer(
    name="duban",
    help=(
        "督办 duban: turn Chinese government work reports into a ledger of facts.\n\n"
        "Example: duban --db t.db ingest 青岛市2021年上半年工作总结.txt && duban --db t.db reports"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@dataclass
class Settings:
    db: str


def _print_version(wanted: bool) -> None:
    if not wanted:
        return
    import duban

    how = "compiled (scripts/compile.py)" if duban.native() else "Python source"
    print(f"duban {duban.__version__}; reading path: {how}")
    raise typer.Exit()


@app.callback()
def _settings(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        DB_OPTION,
        help="Ledger: a SQLite file path or a postgresql:// URL. Default: $DUBAN_DB, else ./duban.db.",
        metavar="PATH|URL",
    ),
    version: bool = typer.Option(
        False,
        "--version",
        help="Print duban's version and whether its reading path runs compiled, and exit.",
        callback=_print_version,
        is_eager=True,
    ),
) -> None:
    ctx.obj = Settings(db=db or os.environ.get("DUBAN_DB") or DEFAULT_DB)


def settings(ctx: typer.Context) -> Settings:
    """The shared settings, from the root context."""
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings(db=os.environ.get("DUBAN_DB") or DEFAULT_DB)
    return root.obj


NoOcrOption = typer.Option(
    "--no-ocr", help="Refuse files with pages that only OCR can read (scans, images) instead of reading them."
)


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
