"""Hostile files: each must be ingested or refused within 10 s and 500 MB.

Builds, in a temporary folder:

- DOCX decompression bombs: a 0.7 MB DOCX whose document.xml inflates to 190 MB, and
  small DOCXs whose bodies inflate to 5 MB of numbers, repeated and varied (issue 14);
- HTML of 5,000, 10,000, 20,000 and 40,000 nested divs around one sentence;
- a 50 MB text file (the sample repeated, just under the 50 MB file limit);

then runs `duban --db LEDGER ingest FILE` on each as a process of its own and prints its
outcome (the line it printed), wall time and peak memory (the child's maximum resident set).

Usage: .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
DUBAN = Path(sys.executable).with_name("duban")
LIMIT_SECONDS, LIMIT_MB = 10, 500

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def docx_bomb(path: Path, paragraph: str, body_bytes: int, varied: bool = False) -> Path:
    """A DOCX whose document.xml is `paragraph` repeated to about `body_bytes`, deflated; with
    `varied`, each paragraph's numbers differ (a 5 MB body then packs far less tightly)."""
    if varied:
        return _varied_bomb(path, paragraph, body_bytes)
    run = f"<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>"
    head = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    repeats = body_bytes // len(run.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as docx:
        docx.writestr("[Content_Types].xml", _CONTENT_TYPES)
        docx.writestr("_rels/.rels", _RELS)
        with docx.open("word/document.xml", "w", force_zip64=True) as body:
            body.write(head.encode())
            chunk = (run * 1000).encode()
            for _ in range(repeats // 1000):
                body.write(chunk)
            body.write(b"</w:body></w:document>")
    return path


def _varied_bomb(path: Path, paragraph: str, body_bytes: int) -> Path:
    import random

    rng = random.Random(14)
    head = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    parts, size = [head], 0
    while size < body_bytes:
        text = paragraph.format(*(rng.randint(1, 99) for _ in range(paragraph.count("{}"))))
        run = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        parts.append(run)
        size += len(run.encode())
    parts.append("</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as docx:
        docx.writestr("[Content_Types].xml", _CONTENT_TYPES)
        docx.writestr("_rels/.rels", _RELS)
        docx.writestr("word/document.xml", "".join(parts))
    return path


def deep_html(path: Path, depth: int) -> Path:
    line = "青岛市2021年上半年工作总结。全市生产总值增长13.8%。"
    path.write_text(f"<html><body>{'<div>' * depth}{line}{'</div>' * depth}</body></html>", encoding="utf-8")
    return path


def big_text(path: Path, megabytes: int) -> Path:
    sample = SAMPLE.read_bytes()
    target = megabytes * 2**20 - 1024
    with path.open("wb") as out:
        written = 0
        while written + len(sample) <= target:
            out.write(sample)
            written += len(sample)
    return path


def ingest(path: Path, ledger: Path) -> tuple[int, str, float, float]:
    """Exit code, the line printed about the file, seconds, peak resident MB of the child."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [str(DUBAN), "--db", str(ledger), "ingest", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    out, err = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    child.returncode = os.waitstatus_to_exitcode(status)
    said = [line for line in (out + err).splitlines() if str(path) in line or "error" in line]
    return (
        child.returncode,
        (said[-1] if said else (out + err).strip()[-120:]),
        seconds,
        usage.ru_maxrss / 1024,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = [
            docx_bomb(folder / "bomb-190mb.docx", "全市生产总值增长13.8%。" * 4, 190 * 2**20),
            docx_bomb(folder / "bomb-5mb.docx", "增长1%,增长2%,增长3%,增长4%,增长5%。", 5 * 2**20),
            docx_bomb(
                folder / "bomb-5mb-varied.docx", "增长{}%,下降{}%,达到{}亿元。", 5 * 2**20, varied=True
            ),
            *(deep_html(folder / f"deep-{n}.html", n) for n in (5000, 10000, 20000, 40000)),
            big_text(folder / "text-50mb.txt", 50),
        ]
        limits = f"within {LIMIT_SECONDS} s, {LIMIT_MB} MB"
        print(f"{'file':20} {'size':>9} {'s':>6} {'peak MB':>8}  {limits}  outcome")
        for path in files:
            code, said, seconds, peak = ingest(path, folder / f"{path.stem}.db")
            within = "yes" if seconds <= LIMIT_SECONDS and peak <= LIMIT_MB else "NO"
            size = path.stat().st_size
            shown = said.replace(str(path), path.name)
            figures = f"{size / 2**20:8.2f}M {seconds:6.2f} {peak:8.0f}"
            print(f"{path.name:20} {figures}  {within:>19}  exit {code}: {shown}")


if __name__ == "__main__":
    main()
