"""`duban extract PATH...`: facts as JSON Lines on stdout, no ledger."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from duban.cli.app import app


@app.command()
def extract(
    paths: Annotated[
        list[Path], typer.Argument(help="Report files (txt, pdf, docx, html) or folders of them.")
    ],
) -> None:
    """Print every fact of every report in PATHS, one JSON object per line.

    Each line is a fact of the outside contract (spec/FACTS.md): doc (the report's
    title), sentence, text, value (signed), unit, role, metric, subject, approx,
    period, start and end (offsets in the report's repaired text). Nothing is
    stored. A file that cannot be read is reported on stderr; the others still print.

    Example: duban extract 青岛市2021年上半年工作总结.txt > facts.jsonl
    """
    from duban.errors import IngestError
    from duban.pipeline import extract_path, iter_input_files

    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, as json.dumps would make
    errors: list[IngestError] = []
    out = sys.stdout
    for path in iter_input_files(list(paths)):
        try:
            _, reports, _ = extract_path(path, facts_only=True)
        except IngestError as err:
            errors.append(err)
            continue
        for extracted in reports:
            title = extracted.report.title
            out.write("".join(encode(fact.to_json(title)) + "\n" for fact in extracted.facts))
        out.flush()
    for err in errors[:-1]:
        print(f"duban: error: {err}", file=sys.stderr)
    if errors:
        raise errors[-1]
