"""Split a document into reports: one per title of a compilation, or the whole file.

A compilation has a table of contents (目录: titles with page numbers) and/or titles in
the body, each followed by a date line. TOC entries with no body are reported in one
warning; when the TOC promises more reports than the body holds, the last body report
is marked truncated (as is any report whose text stops mid-sentence). A file holding
several compilations one after another, each with its own 目录, is split into each.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from duban.ingest.repair import (
    compilation_starts,
    is_date_line,
    is_title_line,
    is_toc_heading,
    starts_heading,
    toc_entry_title,
)
from duban.model import Document, Report, Span
from duban.printable import printable
from duban.rules import structure as structure_rules
from duban.rules.compiled import compiled

_HEAD_LINES = 6  # a report's date is looked for in this many lines after its title


@dataclass(frozen=True, slots=True)
class SplitResult:
    reports: tuple[Report, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(raw, pos))
        pos += len(raw) + 1
    return out


def _toc(lines: list[_Line]) -> tuple[list[str], int]:
    """The TOC titles and the index of the first line after the TOC."""
    for k, line in enumerate(lines):
        if is_toc_heading(line.text):
            titles, j = [], k + 1
            while j < len(lines):
                title = toc_entry_title(lines[j].text)
                if title is None and not is_toc_heading(lines[j].text):  # 目录 again: its next page
                    break
                titles += [title] if title else []
                j += 1
            if titles:
                return titles, j
    return [], 0


def _is_body_title(lines: list[_Line], k: int, toc: set[str]) -> bool:
    text = lines[k].text.strip()
    if not is_title_line(text) or starts_heading(text):
        return False
    if text in toc:
        return True
    return any(is_date_line(ln.text.strip()) for ln in lines[k + 1 : k + 3])


def split_reports(document: Document) -> SplitResult:
    """The reports in `document` and the warnings about what is missing.

    A file that concatenates compilations, each with its own 目录, is split into each
    compilation first; report ordinals run on across them.
    """
    lines = _lines(document.text)
    parts = _compilations(lines)
    reports: list[Report] = []
    warnings: list[str] = []
    for n, part in enumerate(parts, 1):
        found, missing = _split_compilation(document, part, len(reports))
        reports += found
        prefix = f"第{n}份汇编: " if len(parts) > 1 else ""
        warnings += [prefix + w for w in missing]
    return SplitResult(tuple(reports), tuple(warnings))


def _compilations(lines: list[_Line]) -> list[list[_Line]]:
    """The lines of each compilation: a later one starts with the cover lines before its 目录."""
    starts = [_cover_start(lines, k) for k in compilation_starts([ln.text for ln in lines])]
    bounds = [0, *starts, len(lines)]
    return [lines[a:b] for a, b in pairwise(bounds)]


def _cover_start(lines: list[_Line], toc_line: int) -> int:
    """The first of the cover lines (blank, dates, short lines with no punctuation) before a 目录."""
    k = toc_line
    while k > 0 and _is_cover_line(lines[k - 1].text.strip()):
        k -= 1
    return k


def _is_cover_line(text: str) -> bool:
    if not text or is_date_line(text):
        return True
    if is_toc_heading(text) or toc_entry_title(text) is not None or starts_heading(text):
        return False
    return len(text) <= structure_rules()["title_max_chars"] and not re.search(r"[。,;:!?]", text)


def _split_compilation(document: Document, lines: list[_Line], before: int) -> tuple[list[Report], list[str]]:
    """The reports of one compilation (ordinals after `before`) and its warnings."""
    toc, toc_end = _toc(lines)
    toc_set = set(toc)
    starts = [k for k in range(toc_end, len(lines)) if _is_body_title(lines, k, toc_set)]
    if len(starts) < 2 and not toc:
        return [_single_report(document, lines, before + 1)], []
    if not starts:
        return [_single_report(document, lines[toc_end:], before + 1)], [_missing_warning(toc, [])]
    reports = []
    for ordinal, k in enumerate(starts, 1):
        end_line = starts[ordinal] if ordinal < len(starts) else len(lines)
        body = lines[k:end_line]
        reports.append(_report(document, before + ordinal, body, body[0].text.strip()))
    titles = [r.title for r in reports]
    missing = [t for t in toc if t not in titles]
    warnings = [_missing_warning(toc, missing)] if missing else []
    if len(toc) > len(reports) and missing:
        reports[-1] = _with_truncated(reports[-1])
    return reports, warnings


def _missing_warning(toc: list[str], missing: list[str]) -> str:
    found = len(toc) - len(missing)
    listed = "、".join(missing)
    return f"目录列出{len(toc)}篇报告,正文只有{found}篇;以下{len(missing)}篇在正文中没有找到: {listed}"


def _with_truncated(report: Report) -> Report:
    from dataclasses import replace

    return replace(report, truncated=True)


def _single_report(document: Document, lines: list[_Line], ordinal: int = 1) -> Report:
    body = [ln for ln in lines if ln.text.strip()]
    first = body[0].text.strip() if body else ""
    loose_title = 0 < len(first) <= structure_rules()["title_max_chars"] and not re.search(r"[。,;!?]", first)
    title = first if loose_title else printable(Path(document.path).stem)
    return _report(document, ordinal, body, title)


def _report(document: Document, ordinal: int, body: list[_Line], title: str) -> Report:
    while len(body) > 1 and not body[-1].text.strip():
        body = body[:-1]
    span = Span(body[0].start, body[-1].end) if body else Span(0, 0)
    text = span.of(document.text)
    head = [ln.text for ln in body[1 : 1 + _HEAD_LINES] if len(ln.text) <= 80]
    date = _date(head)
    return Report(
        id=f"{document.sha256[:12]}-{ordinal}",
        document_id=document.id,
        ordinal=ordinal,
        title=title,
        department=_department(title, text),
        date=date,
        period=_period(title, text, date),
        span=span,
        text=text,
        truncated=_ends_mid_sentence(text),
    )


def _ends_mid_sentence(text: str) -> bool:
    """The text stops inside a Chinese sentence (last char a CJK ideograph or a comma)."""
    tail = text.rstrip()
    return bool(tail) and ("\u4e00" <= tail[-1] <= "\u9fff" or tail[-1] in ",、")


@functools.cache
def _date_patterns() -> list[re.Pattern[str]]:
    return [compiled(p) for p in structure_rules()["date_patterns"]]


def parse_date(text: str) -> dt.date | None:
    """The first valid date written in `text`."""
    for pattern in _date_patterns():
        for m in pattern.finditer(text):
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def _date(head: list[str]) -> dt.date | None:
    """The date of the line that says when the report was delivered (——2026年1月26日在…上),
    else the first date in the head (a publication stamp says less)."""
    delivered = compiled(structure_rules()["delivery_line"])
    ordered = sorted(head, key=lambda line: not delivered.match(line.strip()))
    for line in ordered:
        found = parse_date(line)
        if found:
            return found
    return None


# the level a government names itself by in its report (我代表省人民政府, 自治区人民政府), longest first
_LEVEL_WORDS = ("自治区", "自治州", "自治县", "省", "市", "区", "县")


def _department(title: str, text: str) -> str | None:
    rules = structure_rules()
    if rules["government_report"] in title:
        m = re.search(rules["department_speaker"], text[:2000])
        if not m:
            return None
        body = m["body"]
        region = re.match(r"(?:\d{4}年)?(.+?[省市区县])", title)
        region = region or re.search(rules["delivery_place"], text[:2000])  # a bare 政府工作报告
        level = next((word for word in _LEVEL_WORDS if body.startswith(word)), None)
        if level and region:
            return region.group(1) + body[len(level) :]  # 自治区人民政府 → 内蒙古自治区人民政府
        return body
    m = re.match(r"(?P<dept>.+?)(?:关于)?(?:\d{4}年)", title)
    return m["dept"] if m and len(m["dept"]) >= 2 else None


def _period(title: str, text: str, date: dt.date | None) -> str | None:
    """The period a report's title (else its first lines) names; a bare 政府工作报告 is of the year
    it was given in (`date`), as its title would say."""
    rules = structure_rules()
    words = "|".join(sorted(rules["period_words"], key=len, reverse=True))
    m = re.search(rf"(?P<year>\d{{4}})年\s*(?P<part>{words}|{rules['period_month_range']})?", title)
    if not m:
        m = re.search(rf"(?P<year>\d{{4}})年\s*(?P<part>{words})", text[:300])
    if not m:
        return f"{date.year}年" if date is not None and rules["government_report"] in title else None
    return f"{m['year']}年{m['part'] or ''}"


__all__ = ["SplitResult", "parse_date", "split_reports"]
