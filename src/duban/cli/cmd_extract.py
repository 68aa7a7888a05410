"""`duban extract PATH...`: facts as JSON Lines on stdout, no ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from duban.cli.app import MAX_JOBS, NoOcrOption, app
from duban.cli.run import print_facts


@app.command()
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Report files (txt, pdf, docx, doc, wps, ofd, html, png/jpg/tiff) or folders."),
    ],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=1, max=MAX_JOBS, help="Worker processes that extract reports (same output)."
        ),
    ] = 1,
    no_ocr: Annotated[bool, NoOcrOption] = False,
) -> None:
    """Print every fact of every report in PATHS, one JSON object per line.

    Each line is a fact of the outside contract (spec/FACTS.md): doc (the report's
    title), sentence, text, value (signed), unit, role, metric, subject, approx,
    period, start and end (offsets in the report's repaired text). Nothing is
    stored. A file that cannot be read is reported on stderr; the others still print.

    With --jobs N, N worker processes extract the reports; the output is the same.
    Scanned pages and images are read by OCR (a progress bar on a terminal); --no-ocr
    refuses them instead.

    Example: duban extract 青岛市2021年上半年工作总结.txt > facts.jsonl
    """
    print_facts(list(paths), jobs, ocr=not no_ocr)
