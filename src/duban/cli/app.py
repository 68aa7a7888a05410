"""The Typer application and the options every command shares."""

from __future__ import annotations

import os
from dataclasses import dataclass

import typer

DEFAULT_DB = "duban.db"
DB_OPTION = "--db"  # the one option before a command that takes a value (commands._only_named reads past it)
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
