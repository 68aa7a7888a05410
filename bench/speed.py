"""Extraction speed against jieba segmentation, on the same text in the same run.

Repeats the sample report compilation to at least --mb megabytes (UTF-8), then prints
characters per second for:

- `duban extract FILE` run as a process (read, repair, split, structure, extract, JSON out),
- `duban.quantities()` alone on the whole text, in this process,
- `jieba.lcut()` on the whole text, in this process (dictionary loaded beforehand),

and the ratios. Usage: .venv/bin/python bench/speed.py [--mb 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
DUBAN = Path(sys.executable).with_name("duban")


def repeated_sample(megabytes: float) -> str:
    """The sample, repeated until its UTF-8 encoding is at least `megabytes` MB."""
    sample = SAMPLE.read_text(encoding="utf-8")
    copies = int(megabytes * 1_000_000 // len(sample.encode("utf-8"))) + 1
    return "\n".join([sample] * copies)


def time_extract_process(path: Path) -> tuple[float, int]:
    """Seconds `duban extract path` takes, and how many facts it printed."""
    start = time.perf_counter()
    done = subprocess.run([str(DUBAN), "extract", str(path)], capture_output=True, check=True)
    return time.perf_counter() - start, done.stdout.count(b"\n")


def time_quantities(text: str) -> tuple[float, int]:
    from duban import quantities

    quantities("预热0.5%")  # build the grammar outside the timing
    start = time.perf_counter()
    found = quantities(text)
    return time.perf_counter() - start, len(found)


def time_jieba(text: str) -> tuple[float, int]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    start = time.perf_counter()
    words = jieba.lcut(text)
    return time.perf_counter() - start, len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the text in MB (default 5)")
    args = parser.parse_args()
    text = repeated_sample(args.mb)
    chars, size = len(text), len(text.encode("utf-8"))
    print(f"text: {size / 1e6:.2f} MB, {chars:,} characters ({SAMPLE.name} repeated)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "repeated.txt"
        path.write_text(text, encoding="utf-8")
        extract_s, facts = time_extract_process(path)
    quantities_s, found = time_quantities(text)
    jieba_s, words = time_jieba(text)
    rows = [
        ("duban extract (process)", extract_s, f"{facts:,} facts"),
        ("duban.quantities()", quantities_s, f"{found:,} quantities"),
        ("jieba.lcut()", jieba_s, f"{words:,} words"),
    ]
    for name, seconds, what in rows:
        print(f"{name:26} {seconds:8.2f} s {chars / seconds:>14,.0f} chars/s   {what}")
    print(f"extract / jieba speed ratio:    {jieba_s / extract_s:.2f}x")
    print(f"quantities / jieba speed ratio: {jieba_s / quantities_s:.2f}x")


if __name__ == "__main__":
    main()
