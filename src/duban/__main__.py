"""`duban` as a program: the `duban` command's entry point, and `python -m duban`.

The garbage collector is off while the commands are imported: importing makes no garbage worth
collecting, and each collection would walk everything imported so far (a sixth of a short
command's start-up went to it). What importing made lives as long as the process, so it is then
frozen, kept out of every later collection, and collecting resumes for the command's own work.
Importing `duban.cli` as a library changes nothing of the collector.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    try:
        from duban.cli import main as run
    finally:
        gc.freeze()
        gc.enable()
    run()


if __name__ == "__main__":
    main()
