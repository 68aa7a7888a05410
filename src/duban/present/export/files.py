"""Writing export files safely and the same way every time: `check_targets` before a
command writes anything, `atomic_file` (a temporary name moved into place, so a failed
export never leaves a half-written file), formula-safe cells (`csv_safe`), and the fixed
time written into Office files (`stamp_of`, `fix_zip_times`), so the same ledger gives
the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from duban.errors import DubanError
from duban.model import ExtractedReport


def check_targets(files: Sequence[Path | None] = (), folders: Sequence[Path | None] = ()) -> None:
    """Raise DubanError now when an output file or folder cannot be written, so that a
    command with several outputs writes none rather than some."""
    for path in filter(None, files):
        if path.is_dir():
            raise DubanError(f"{path}: cannot write: it is a folder; name a file")
        if path.parent.exists() and not path.parent.is_dir():
            raise DubanError(f"{path}: cannot write: {path.parent} is a file, not a folder")
        if not path.parent.is_dir():
            raise DubanError(f"{path}: cannot write: folder {path.parent} does not exist")
    for folder in filter(None, folders):
        if folder.exists() and not folder.is_dir():
            raise DubanError(f"{folder}: cannot write CSV files there: it is a file, not a folder")


@contextmanager
def atomic_file(path: str | Path, suffix: str) -> Iterator[Path]:
    """A temporary file beside `path`, moved onto it only when writing succeeded."""
    path = Path(path)
    if not path.parent.is_dir():
        raise DubanError(f"{path}: cannot write: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.{os.getpid()}{suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as err:
        raise DubanError(f"{path}: cannot write: {err.strerror or err}") from err
    finally:
        tmp.unlink(missing_ok=True)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read text as a formula


def is_formula_like(value: object) -> bool:
    """A string a spreadsheet would run as a formula (=SUM(A1), +1, @cmd)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(row: Sequence[Any]) -> list[Any]:
    """A CSV row whose formula-like strings are prefixed with ' (shown as text by Excel)."""
    return ["'" + value if is_formula_like(value) else value for value in row]


FIXED_STAMP = dt.datetime(2000, 1, 1)  # the time written into files when no report is dated


def stamp_of(reports: Sequence[ExtractedReport]) -> dt.datetime:
    """The time written into a workbook or Word file: the latest report date at 00:00, so
    the same ledger exports the same bytes (a clock reading would differ on every run)."""
    dates = [er.report.date for er in reports if er.report.date]
    return dt.datetime.combine(max(dates), dt.time()) if dates else FIXED_STAMP


def fix_zip_times(path: Path, stamp: dt.datetime) -> None:
    """Rewrite the zip file at `path` with every entry dated `stamp` (Office files are zips
    whose entries carry the time of writing), keeping names, order and compression."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            out.writestr(fixed, data)
