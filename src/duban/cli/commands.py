"""The `duban` commands: thin wrappers that turn arguments into one library call.

Each module below registers its commands on `app`; `main` turns library errors
into one line on stderr and exit code 1, never a traceback (`duban.cli.run.reported`).
"""

from __future__ import annotations

import sys

from typer.models import CommandInfo

from duban.cli import (  # noqa: F401  (modules register their commands)
    cmd_checks,
    cmd_extract,
    cmd_ledger,
    cmd_lineup,
    cmd_quantities,
    cmd_search,
    cmd_web,
)
from duban.cli.app import DB_OPTION as _DB_OPTION
from duban.cli.app import app
from duban.cli.run import reported


def main() -> None:
    registered = app.registered_commands
    app.registered_commands = _only_named(registered, sys.argv[1:])
    try:
        reported(lambda: app(standalone_mode=True))
    finally:
        app.registered_commands = registered


def _only_named(commands: list[CommandInfo], args: list[str]) -> list[CommandInfo]:
    """Of the registered commands, the one `args` run, when they name one: typer turns every
    registered command's signature into click's parameters at each start (inspect, and the
    annotations evaluated: 9 of a 123 ms `duban extract`), though a run needs one. Anything
    else (no command, --help or --version before it, an unknown option or name) keeps all, so
    that click lists them or names the error as ever."""
    name = None
    rest = iter(args)
    for arg in rest:
        if arg == _DB_OPTION:
            next(rest, None)  # its value
        elif not arg.startswith(f"{_DB_OPTION}="):
            name = None if arg.startswith("-") else arg
            break
    only = [c for c in commands if name is not None and _command_name(c) == name]
    return only or commands


def _command_name(command: CommandInfo) -> str:
    """The name typer gives a registered command: its own, else its function's (`_` → `-`)."""
    if command.name:
        return command.name
    return command.callback.__name__.lower().replace("_", "-") if command.callback else ""
