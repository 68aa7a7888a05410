"""The `duban` command: thin wrappers that turn arguments into one library call.

Each module below registers its commands on `app`; `main` turns library errors
into one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys

from duban.cli import (  # noqa: F401  (modules register their commands)
    cmd_checks,
    cmd_extract,
    cmd_ledger,
    cmd_lineup,
    cmd_quantities,
    cmd_search,
    cmd_web,
)
from duban.cli.app import app
from duban.errors import DubanError
from duban.printable import printable


def main() -> None:
    try:
        app(standalone_mode=True)
    except DubanError as err:
        print(f"duban: error: {printable(str(err))}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("duban: interrupted", file=sys.stderr)
        sys.exit(130)
