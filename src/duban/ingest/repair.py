"""Repair text dumped from PDFs and web pages, keeping a map back to the original.

- line ends: ``\\r\\n`` and ``\\r`` count as one break; blank lines go;
- width: full-width digits, Latin letters and ASCII-able punctuation (，；：（）！？％ …)
  become ASCII, the ideographic space a space, one char to one char (。、“”《》 stay);
- blanks that only space out Chinese text or a number inside a line go (`212 所` →
  `212所`, `资产总额 1.4万亿元`, `李 强`); blanks between Latin words or numbers stay;
- page artefacts (``- 5 -``, ``第5页``), running headers, web page controls
  (``下载 打印 【字号：加大 中 小】``) and furniture (``来源:…``, ``发布时间:…``) are dropped;
- a line that stops mid-sentence is joined with the next one, unless it is a title, a
  date, a heading, or the next line starts a heading or list item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

from duban.model import OffsetMap
from duban.rules import structure as structure_rules
from duban.rules.compiled import any_of, compiled, union
from duban.rules.once import Once
from duban.rules.scan import matcher

_WIDTH: Final = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20, 0xFEFF: 0x20}
_WIDE: Final = re.compile("[\uff01-\uff5e\u3000\u00a0\ufeff]")  # the chars _WIDTH changes


def _compiled() -> dict[str, Any]:
    return _COMPILED.get()


def _build_compiled() -> dict[str, Any]:
    rules = structure_rules()
    suffixes = "|".join(rules["title_suffixes"])
    return {
        "standalone": matcher(union(rules["standalone_lines"])),
        "para_start": any_of(rules["paragraph_starts"]),
        "heading": any_of([h["pattern"] for h in rules["headings"]]),
        "title": compiled(
            rf"[^,。;:!?]{{2,{rules['title_max_chars']}}}?(?:{suffixes})(?:\s*\.*\s*\d{{1,4}})?"
        ),
        "date": any_of(rules["date_patterns"]),
        "page": any_of(rules["page_number_lines"]),
        "controls": frozenset(rules["web_controls"]),
        "control_starts": frozenset([*[w[0] for w in rules["web_controls"] if w], *_CONTROL_MARKS]),
        "meta": matcher(union(rules["page_meta_lines"])),
    }


_COMPILED: Final = Once(_build_compiled)
_STRUCTURE: Final = Once(structure_rules)  # asked for a line at a time


def normalize_width(text: str) -> str:
    """Full-width ASCII forms to ASCII, one char to one char.

    Each form the text holds is replaced throughout, one `str.replace` a form (a report holds
    a handful: ，；：（）): `str.translate` of a whole Chinese text looks every char up, and a
    substitution run by run calls back into Python at each of its thousand commas; both are
    several times slower. No form is replaced by another form, so the order does not matter.
    """
    for wide in set(_WIDE.findall(text)):
        text = text.replace(wide, chr(_WIDTH[ord(wide)]))
    return text


@dataclass(frozen=True, slots=True)
class _Line:
    text: str  # width-normalised, stripped, spacing blanks removed
    start: int  # offset of text[0] in the original
    end: int  # offset just after the line's last char in the original
    runs: tuple[tuple[int, int], ...]  # (offset in text, offset in the original), first at 0

    def __init__(self, text: str, start: int, end: int, runs: tuple[tuple[int, int], ...]) -> None:
        # written out, as the model's classes are: a native __init__ when compiled
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "runs", runs)


_BLANKS: Final = re.compile("[ \t\u2000-\u200a\u202f\u205f]+")  # U+3000, NBSP: spaces after width
_NUMBER_CLOSERS: Final = "%‰℃"  # a number ends in these: 13.8 % → 13.8%
_CJK_PUNCT_ASCII: Final = ",;:!?()"  # punctuation that stands in Chinese text (made ASCII by width)


def _is_cjk(ch: str) -> bool:
    """An ideograph or CJK punctuation (、。《》“”…—): text in which a blank only spaces out."""
    return (
        "\u3000" <= ch <= "\u303f"
        or "\u3400" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003134f"
        or ch in "“”‘’…—·"
    )


def _spaces_out(text: str, before: int, after: int) -> bool:
    """Whether the blanks between `text[before]` and `text[after]` only space out Chinese text
    or a number: CJK|CJK, CJK|digit, digit|CJK, digit|unit letters or % (`212 所`, `资产总额
    1.4万亿元`, `100 MW`, `13.8 %`). A blank touching a Latin word otherwise stays (`5G 基站`,
    `PM 2.5`, `Public domain`), as does one between two numbers (`100 200`, a table's columns).
    ASCII `,;:!?()` (full-width ones made ASCII) count as CJK next to a CJK char (`》, 40个`)."""
    left, right = text[before], text[after]
    if left in _CJK_PUNCT_ASCII and before > 0 and _is_cjk(text[before - 1]):
        left = "、"
    if right in _CJK_PUNCT_ASCII and _is_cjk(left):
        return True
    if _is_cjk(left):
        return _is_cjk(right) or right.isdigit()
    if left.isascii() and left.isdigit():
        return _is_cjk(right) or right in _NUMBER_CLOSERS or (right.isascii() and right.isalpha())
    return left in _NUMBER_CLOSERS and _is_cjk(right)


def _despaced(line: str, start: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`line` (stripped, at `start` in the original) less its spacing blanks, and its runs."""
    if len(line.split(None, 1)) == 1 or _BLANKS.search(line) is None:  # no whitespace at all (a
        # table lookup a char, faster than the regex's set), or none of the spacing blanks
        return line, ((0, start),)
    pieces: list[str] = []
    runs = [(0, start)]
    kept = 0  # chars of `line` copied so far
    length = 0  # chars of the result so far
    for m in _BLANKS.finditer(line):
        if "\t" in m.group() and table_row(line):  # a table's cells stay apart
            continue
        if not _spaces_out(line, m.start() - 1, m.end()) or _before_page_number(line, m.end()):
            continue
        pieces.append(line[kept : m.start()])
        length += m.start() - kept
        kept = m.end()
        runs.append((length, start + kept))
    pieces.append(line[kept:])
    return "".join(pieces), tuple(runs)


_TAB_BY_NUMBER: Final = re.compile(r"\d[%‰]?[ ]*\t|\t[ ]*[-+−]?\d")


def table_row(line: str) -> bool:
    """A line of tab-separated table cells: two tabs or more, or one beside a number (a lone
    tab between two words is spacing, as in 李\t强). Most lines hold no tab: one look for it first."""
    return "\t" in line and (line.count("\t") >= 2 or bool(_TAB_BY_NUMBER.search(line)))


def _before_page_number(line: str, at: int) -> bool:
    """`line[at:]` is the page number of a table of contents entry (`…工作总结 5`)."""
    return line[at:].isdigit() and toc_entry_title(line) is not None


def _lines(original: str) -> list[_Line]:
    """The non-blank lines of `original`, normalised, stripped and despaced, with their offsets."""
    out: list[_Line] = []
    at = 0  # where `wide` starts: each piece is followed by one \n or \r
    for row in normalize_width(original).split("\n"):  # one char to one char
        for wide in row.split("\r") if "\r" in row else (row,):
            stripped = wide.strip()
            if stripped:
                start = at + len(wide) - len(wide.lstrip())
                text, runs = _despaced(stripped, start)
                out.append(_Line(text, start, start + len(stripped), runs))
            at += len(wide) + 1
    return out


def is_date_line(line: str) -> bool:
    return bool(_compiled()["date"].fullmatch(line))


def is_title_line(line: str) -> bool:
    return bool(_compiled()["title"].fullmatch(line))


def starts_heading(line: str) -> bool:
    return bool(_compiled()["heading"].match(line))


_TOC_HEADING: Final = matcher(r"目\s*录")
_TOC_ENTRY: Final = re.compile(r"(?P<title>.+?)\s*\.*\s*(?P<page>\d{1,4})")


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


_CONTROL_MARKS: Final = "【】[]:|/"  # with blanks, what separates controls
_CONTROL_SEPARATORS: Final = re.compile(f"[\\s{re.escape(_CONTROL_MARKS)}]+")


def _is_web_control(line: str) -> bool:
    """A line of page controls only (下载 打印 【字号:加大 中 小】; 大中小 once its blanks went)."""
    compiled = _compiled()
    lead = line[:1]
    if lead and lead not in compiled["control_starts"] and not lead.isspace():
        return False  # most lines: their first word starts as no control does, nor a mark between them
    controls = compiled["controls"]

    def control(token: str) -> bool:
        return not token or token in controls or all(ch in controls for ch in token)

    first = _CONTROL_SEPARATORS.split(line, maxsplit=2)  # most lines fail at their first word
    if not all(control(t) for t in first[:2]):
        return False
    return all(control(t) for t in _CONTROL_SEPARATORS.split(line))


def _running_headers(lines: list[_Line]) -> set[str]:
    rules = structure_rules()
    counts = Counter([ln.text for ln in lines])
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
    ends = _STRUCTURE.get()["paragraph_ends"]
    if line[-1] in ends:
        return True
    if line[-1] in "”’)》" and len(line) > 1 and line[-2] in ends:
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


def _ends_token(line: str) -> bool:
    """A line ending with an ASCII letter: a number on the next line goes on its token (M2, PM2.5)."""
    return line[-1].isascii() and line[-1].isalpha()


def _is_page_meta(line: str) -> bool:
    """A line of a web page's furniture: its source, publication stamp, editor, related links."""
    return bool(_compiled()["meta"].fullmatch(line))


def _without_page_artefacts(lines: list[_Line]) -> list[_Line]:
    """`lines` less page numbers, web page controls and furniture (来源:…, 发布时间:…); a lone
    number right after a line that ends with an ASCII letter is the rest of a token (广义货币M /
    2 / 增长), not a page number."""
    kept: list[_Line] = []
    for ln in lines:
        if _is_web_control(ln.text) or _is_page_meta(ln.text):
            continue
        if _is_page_artefact(ln.text) and not (kept and _ends_token(kept[-1].text) and ln.text.isdigit()):
            continue
        kept.append(ln)
    return kept


def repair(original: str) -> tuple[str, OffsetMap]:
    """The repaired text and the map from its offsets back to `original`."""
    lines = _without_running_headers(_without_page_artefacts(_lines(original)))
    pieces: list[str] = []
    runs: list[tuple[int, int]] = []
    pos = 0
    for k, line in enumerate(lines):
        if k:
            prev = lines[k - 1].text
            if (
                _keeps_own_line(prev)
                or _starts_paragraph(line.text)
                or table_row(prev)
                or table_row(line.text)
            ):
                sep = "\n"  # a line with tabs is a table row: it stays one line, its cells apart
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
                runs.append((pos, lines[k - 1].end))
                pieces.append(sep)
                pos += 1
        runs += [(pos + at, back) for at, back in line.runs]
        pieces.append(line.text)
        pos += len(line.text)
    return "".join(pieces), OffsetMap(tuple(runs) or ((0, 0),))
