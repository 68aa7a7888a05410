"""`duban` as a program: the `duban` command's entry point, and `python -m duban`.

The garbage collector is off while the commands are imported: importing makes no garbage worth
collecting, and each collection would walk everything imported so far (a sixth of a short
command's start-up went to it). What importing made lives as long as the process, so it is then
frozen, kept out of every later collection, and collecting resumes for the command's own work.
Importing `duban.cli` as a library changes nothing of the collector.

`duban extract FILE...` with no option runs without the commands' machinery (Typer, Click and
every other command's imports: `duban.cli.run`); the same functions print the same output.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable


def main() -> None:
    gc.disable()
    try:
        run = _command(sys.argv[1:])
    finally:
        gc.freeze()
        gc.enable()
    run()


def _command(args: list[str]) -> Callable[[], None]:
    """What to run for `args`, imported."""
    from duban.cli.run import extract_plainly, plain_extract

    paths = plain_extract(args)
    if paths is not None:
        return lambda: extract_plainly(paths)
    from duban.cli.commands import main as run

    return run


if __name__ == "__main__":
    main()
