"""Repair text dumped from PDFs and web pages, keeping a map back to the original.

- line ends: ``\\r\\n`` and ``\\r`` count as one break; blank lines go;
- width: full-width digits, Latin letters and ASCII-able punctuation (，；：（）！？％ …)
  become ASCII, the ideographic space a space, one char to one char (。、“”《》 stay);
- page artefacts (``- 5 -``, ``第5页``), running headers and web page controls
  (``下载 打印 【字号：加大 中 小】``) are dropped;
- a line that stops mid-sentence is joined with the next one, unless it is a title, a
  date, a heading, or the next line starts a heading or list item.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from typing import Any

from duban.model import OffsetMap

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20, 0xFEFF: 0x20}
_WIDE_RUN = re.compile("[\uff01-\uff5e\u3000\u00a0\ufeff]+")  # the chars _WIDTH changes


@functools.cache
def structure_rules() -> dict[str, Any]:
    """The parsed `rules/structure.yaml` (read once, on first use; by libyaml when PyYAML has it)."""
    import yaml

    text = resources.files("duban").joinpath("rules/structure.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def any_of(patterns: list[str]) -> re.Pattern[str]:
    """One regex matching any of `patterns` (their named groups dropped)."""
    return re.compile("|".join(f"(?:{re.sub(r'[?]P<[a-z_]+>', '?:', p)})" for p in patterns))


@functools.cache
def _compiled() -> dict[str, Any]:
    rules = structure_rules()
    suffixes = "|".join(rules["title_suffixes"])
    return {
        "standalone": any_of(rules["standalone_lines"]),
        "para_start": any_of(rules["paragraph_starts"]),
        "heading": any_of([h["pattern"] for h in rules["headings"]]),
        "title": re.compile(
            rf"[^,。;:!?]{{2,{rules['title_max_chars']}}}?(?:{suffixes})(?:\s*\.*\s*\d{{1,4}})?"
        ),
        "date": any_of(rules["date_patterns"]),
        "page": any_of(rules["page_number_lines"]),
        "controls": frozenset(rules["web_controls"]),
    }


def normalize_width(text: str) -> str:
    """Full-width ASCII forms to ASCII, one char to one char.

    Only the runs of such chars are translated: `str.translate` of a whole Chinese text
    looks every char up and is several times slower.
    """
    return _WIDE_RUN.sub(lambda m: m.group().translate(_WIDTH), text)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str  # width-normalised, stripped
    start: int  # offset of text[0] in the original


def _lines(original: str) -> list[_Line]:
    """The non-blank lines of `original`, normalised and stripped, with their offsets."""
    out: list[_Line] = []
    for m in re.finditer(r"[^\r\n]+", normalize_width(original)):  # one char to one char
        wide = m.group()
        text = wide.strip()
        if text:
            out.append(_Line(text, m.start() + len(wide) - len(wide.lstrip())))
    return out


def is_date_line(line: str) -> bool:
    return bool(_compiled()["date"].fullmatch(line))


def is_title_line(line: str) -> bool:
    return bool(_compiled()["title"].fullmatch(line))


def starts_heading(line: str) -> bool:
    return bool(_compiled()["heading"].match(line))


_TOC_HEADING = re.compile(r"目\s*录")
_TOC_ENTRY = re.compile(r"(?P<title>.+?)\s*\.*\s*(?P<page>\d{1,4})")


def is_toc_heading(line: str) -> bool:
    """The line that opens a table of contents (目录, 目 录)."""
    return bool(_TOC_HEADING.fullmatch(line.strip()))


def toc_entry_title(line: str) -> str | None:
    """The report title of a TOC entry line (`…工作总结 ……… 5` → `…工作总结`), else None."""
    m = _TOC_ENTRY.fullmatch(line.strip())
    return m.group("title") if m and is_title_line(m.group("title")) else None


def compilation_starts(lines: Sequence[str]) -> list[int]:
    """Indices of the 目录 lines that open a further compilation in a concatenated file.

    Such a line comes after the first TOC, is followed by a TOC entry and follows a
    line that is neither 目录 nor a TOC entry (a TOC going on over a page is one TOC).
    """
    starts: list[int] = []
    seen_toc = False
    previous = ""  # the last non-blank line
    for k, line in enumerate(lines):
        if not line.strip():
            continue
        if is_toc_heading(line):
            opens = toc_entry_title(_next_non_blank(lines, k + 1)) is not None
            continued = is_toc_heading(previous) or toc_entry_title(previous) is not None
            if opens and seen_toc and not continued:
                starts.append(k)
            seen_toc = seen_toc or opens
        previous = line
    return starts


def _next_non_blank(lines: Sequence[str], start: int) -> str:
    return next((line for line in lines[start:] if line.strip()), "")


def _is_page_artefact(line: str) -> bool:
    return bool(_compiled()["page"].fullmatch(line))


_CONTROL_SEPARATORS = re.compile(r"[\s【】\[\]:|/]+")


def _is_web_control(line: str) -> bool:
    """A line of page controls only (下载 打印 【字号:加大 中 小】)."""
    controls = _compiled()["controls"]
    first = _CONTROL_SEPARATORS.split(line, maxsplit=2)  # most lines fail at their first word
    if any(t and t not in controls for t in first[:2]):
        return False
    return all(t in controls for t in _CONTROL_SEPARATORS.split(line) if t)


def _running_headers(lines: list[_Line]) -> set[str]:
    rules = structure_rules()
    counts = Counter(ln.text for ln in lines)
    return {
        text
        for text, n in counts.items()
        if n >= rules["running_header_min_repeats"]
        and len(text) <= rules["running_header_max_chars"]
        and text[-1] not in rules["paragraph_ends"]
        and not is_date_line(text)
        and not starts_heading(text)
    }


def _without_running_headers(lines: list[_Line]) -> list[_Line]:
    """`lines` less their running headers, counted in each compilation of the file on its own
    (the titles of compilations concatenated in one file repeat, but are no headers)."""
    bounds = [0, *compilation_starts([ln.text for ln in lines]), len(lines)]
    kept: list[_Line] = []
    for start, end in pairwise(bounds):
        part = lines[start:end]
        headers = _running_headers(part)
        kept += [ln for ln in part if ln.text not in headers]
    return kept


def _keeps_own_line(line: str) -> bool:
    """A line that ends its paragraph whatever comes next."""
    c = _compiled()
    if line[-1] in structure_rules()["paragraph_ends"]:
        return True
    if line[-1] in "”’)》" and len(line) > 1 and line[-2] in structure_rules()["paragraph_ends"]:
        return True
    if c["standalone"].fullmatch(line) or is_date_line(line) or is_title_line(line):
        return True
    return starts_heading(line) and len(line) <= 40 and "。" not in line


def _starts_paragraph(line: str) -> bool:
    """A line that begins a paragraph; a line that is only a date is never the rest of a sentence."""
    c = _compiled()
    return bool(
        starts_heading(line)
        or c["para_start"].match(line)
        or c["standalone"].fullmatch(line)
        or is_date_line(line)
    )


def repair(original: str) -> tuple[str, OffsetMap]:
    """The repaired text and the map from its offsets back to `original`."""
    lines = [ln for ln in _lines(original) if not _is_page_artefact(ln.text) and not _is_web_control(ln.text)]
    lines = _without_running_headers(lines)
    pieces: list[str] = []
    runs: list[tuple[int, int]] = []
    pos = 0
    for k, line in enumerate(lines):
        if k:
            prev = lines[k - 1].text
            if _keeps_own_line(prev) or _starts_paragraph(line.text):
                sep = "\n"
            elif (
                prev[-1].isascii()
                and prev[-1].isalpha()
                and line.text[0].isascii()
                and line.text[0].isalpha()
            ):
                sep = " "
            else:
                sep = ""
            if sep:
                # the separator stands for the line break right after the previous line
                runs.append((pos, lines[k - 1].start + len(prev)))
                pieces.append(sep)
                pos += 1
        runs.append((pos, line.start))
        pieces.append(line.text)
        pos += len(line.text)
    return "".join(pieces), OffsetMap(tuple(runs) or ((0, 0),))
