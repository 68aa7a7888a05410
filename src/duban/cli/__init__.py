"""The `duban` command line.

`duban.cli.commands` holds the commands (Typer: `app`, every command registered on it) and
their `main`; `duban.cli.run` what `duban extract FILE...` runs without them. `main` is read
from the commands when first asked for (`from duban.cli import main`), so that importing
`duban.cli.run` alone does not import Typer.
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    if name == "main":
        return importlib.import_module("duban.cli.commands").main
    raise AttributeError(f"module 'duban.cli' has no attribute {name!r}")
