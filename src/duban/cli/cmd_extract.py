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
    from duban.extract.facts import report_facts
    from duban.ingest import read_document, split_reports
    from duban.pipeline import iter_input_files

    errors: list[IngestError] = []
    out = sys.stdout
    for path in iter_input_files(list(paths)):
        try:
            document = read_document(path)
        except IngestError as err:
            errors.append(err)
            continue
        for report in split_reports(document).reports:
            for fact in report_facts(report):
                out.write(json.dumps(fact.to_json(report.title), ensure_ascii=False) + "\n")
        out.flush()
    for err in errors[:-1]:
        print(f"duban: error: {err}", file=sys.stderr)
    if errors:
        raise errors[-1]
