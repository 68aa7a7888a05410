"""Old binary Word files (.doc, and WPS Office's .wps, which is the same format) via catdoc.

Debian's `catdoc` (installed by scripts/setup) reads the Word 97-2003 binary format,
Unicode text included, and writes tables one row a line with cells between tabs, as
the DOCX reader does. Chosen over antiword (tables drawn with `|` bars) and LibreOffice
headless converting to DOCX (same text on the sample, but seconds of start-up a file
and hundreds of megabytes to install). Other OLE files (old Excel and PowerPoint files,
password-protected Office documents) are told apart before catdoc runs.
"""

from __future__ import annotations

import shutil
import subprocess

from duban.errors import IngestError

CATDOC_SECONDS = 60
"""catdoc is killed after this long (it reads a report in milliseconds)."""

_STREAMS = {  # OLE stream names (UTF-16LE in the directory) and what the file is when it has one
    "EncryptedPackage": "a password-protected Office document; save it without a password",
    "Workbook": "an old Excel workbook (.xls), not a Word document",
    "Book": "an old Excel workbook (.xls), not a Word document",
    "PowerPoint Document": "an old PowerPoint file (.ppt), not a Word document",
}


def _has_stream(data: bytes, name: str) -> bool:
    return (name + "\x00").encode("utf-16-le") in data


def doc_text(path: str, data: bytes) -> str:
    """The text of an old Word file, one paragraph (or table row) a line."""
    if not _has_stream(data, "WordDocument"):
        problem = next((p for name, p in _STREAMS.items() if _has_stream(data, name)), None)
        raise IngestError(path, problem or "an OLE file (old Office format) that is not a Word document")
    tool = shutil.which("catdoc")
    if tool is None:
        needs = "reading old Word files (.doc, .wps) needs catdoc, which is not installed"
        raise IngestError(path, f"{needs} (Debian: apt-get install catdoc)")
    try:
        run = subprocess.run(
            [tool, "-w", "-d", "utf-8"], input=data, capture_output=True, timeout=CATDOC_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise IngestError(path, f"old Word file took catdoc over {CATDOC_SECONDS} s; damaged?") from None
    said = run.stderr.decode("utf-8", "replace").strip().splitlines()
    if run.returncode != 0:
        detail = f" (catdoc: {said[0]})" if said else ""
        raise IngestError(path, f"old Word file is damaged or cannot be read{detail}")
    text = run.stdout.decode("utf-8", "replace")
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
