"""The tables as CSV files (`write_csv`, UTF-8 with a byte-order mark, formula-safe) and the
facts as JSON Lines of the fact contract (`write_jsonl`)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from duban.errors import DubanError
from duban.model import ExtractedReport, fact_lines
from duban.present.export.files import atomic_file, csv_safe
from duban.present.export.tables import Table


def write_csv(tables: Sequence[Table], folder: str | Path) -> list[Path]:
    """One CSV per table, UTF-8 with a byte-order mark so that Excel reads the Chinese."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DubanError(f"{folder}: cannot create folder: {err.strerror or err}") from err
    written = []
    for table in tables:
        target = folder / f"{table.name}.csv"
        with atomic_file(target, ".csv") as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(table.headers)
            writer.writerows(csv_safe(row) for row in table.rows)
        written.append(target)
    return written


def write_jsonl(reports: Sequence[ExtractedReport], path: str | Path) -> int:
    """Facts as contract objects (spec/FACTS.md), one per line. Returns how many."""
    target = Path(path)
    count = 0
    with atomic_file(target, ".jsonl") as tmp, tmp.open("w", encoding="utf-8") as out:
        for er in reports:
            out.write(fact_lines(er.facts, er.report.title))
            count += len(er.facts)
    return count
