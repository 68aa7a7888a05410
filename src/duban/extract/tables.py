"""Tables: each number in a cell is a fact named by its row and column.

A table is a run of two or more lines of tab-separated cells in the report text, as the
readers write DOCX, .doc, HTML and PDF tables; its first line is the header. A number in a
data cell is a fact whose metric is the row's first cell, whose role and period come from
the column header (本期 → level, 同比增长% → change, 完成年度计划% → progress, 1—6月 → a
period) and whose unit is the number's own, else the column header's ((亿元), %), else a
unit column's cell in the row, else a `单位：…` line just before the table. The quantity's
span is the number in the cell, in the report text; the sentence is the row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from duban import rules
from duban.extract.quantities import quantities
from duban.model import Fact, Quantity, Report, Role, Sentence, Span, TableCell
from duban.rules.compiled import compiled

_NUMBER: Final = re.compile(r"^[-+−]?\d[\d,，]*(\.\d+)?$")


@dataclass(frozen=True, slots=True)
class _Row:
    span: Span  # the line in Report.text
    cells: tuple[tuple[str, int], ...]  # each cell's text (stripped) and its start in Report.text


@dataclass(frozen=True, slots=True)
class _Rules:
    roles: tuple[tuple[Role, re.Pattern[str]], ...]
    period: re.Pattern[str]
    unit_line: re.Pattern[str]
    unit_in_header: re.Pattern[str]
    unit_column: re.Pattern[str]


@cache
def _rules() -> _Rules:
    r: Any = rules.tables()
    return _Rules(
        roles=tuple((Role(x["role"]), compiled(x["pattern"])) for x in r["roles"]),
        period=compiled(r["period"]),
        unit_line=compiled(r["unit_line"]),
        unit_in_header=compiled(r["unit_in_header"]),
        unit_column=compiled(r["unit_column"]),
    )


def tables(text: str) -> list[list[_Row]]:
    """The tables of a text: runs of two or more lines with tab-separated cells."""
    found: list[list[_Row]] = []
    run: list[_Row] = []
    start = 0
    for line in [*text.split("\n"), ""]:
        if "\t" in line:
            cells, at = [], start
            for cell in line.split("\t"):
                lead = len(cell) - len(cell.lstrip())
                cells.append((cell.strip(), at + lead))
                at += len(cell) + 1
            run.append(_Row(Span(start, start + len(line)), tuple(cells)))
        else:
            if len(run) >= 2:
                found.append(run)
            run = []
        start += len(line) + 1
    return found


def table_spans(text: str) -> list[Span]:
    """Where the tables of a text are (first line to last)."""
    return [Span(t[0].span.start, t[-1].span.end) for t in tables(text)]


def table_facts(report: Report, sentences: Sequence[Sentence]) -> list[Fact]:
    """One fact per number in a data cell of every table of the report."""
    facts: list[Fact] = []
    text = report.text
    for k, table in enumerate(tables(text), 1):
        header = [cell for cell, _ in table[0].cells]
        unit_col = next((j for j, h in enumerate(header) if _rules().unit_column.match(h)), None)
        table_unit = _unit_before(text, table[0].span.start)
        for r, row in enumerate(table[1:], 1):
            if not row.cells or not row.cells[0][0]:
                continue
            sentence = _sentence_of(row, sentences, report.id)
            for j, (cell, at) in enumerate(row.cells[1:], 1):
                if j == unit_col or not cell:
                    continue
                name = header[j] if j < len(header) else ""
                row_unit = (
                    row.cells[unit_col][0] if unit_col is not None and unit_col < len(row.cells) else ""
                )
                unit = _unit_of(name) or row_unit or table_unit
                where = TableCell(k, r, j, row.cells[0][0], name)
                fact = _cell_fact(cell, at, unit, name, sentence, where)
                if fact is not None:
                    facts.append(fact)
    return facts


def _cell_fact(
    cell: str, at: int, unit: str, column: str, sentence: Sentence, where: TableCell
) -> Fact | None:
    role = next((role for role, pattern in _rules().roles if pattern.search(column)), Role.LEVEL)
    period = _rules().period.search(column)
    if _NUMBER.match(cell):
        number = float(cell.replace(",", "").replace("，", "").replace("−", "-"))
        quantity = _with_unit(cell, number, unit, at)
    else:
        found = [q for q in quantities(cell) if any(ch.isdigit() for ch in q.text)]
        if len(found) != 1:
            return None
        q = found[0]
        quantity = Quantity(q.text, q.value, q.unit, q.approx, q.span.shift(at))
        if not q.unit and unit:
            quantity = _with_unit(q.text, q.value, unit, at + q.span.start)
    value = quantity.value
    if role is Role.CHANGE and value > 0 and cell.startswith(("下降", "减少", "回落")):
        value = -value
    return Fact(
        quantity=quantity,
        value=value,
        metric=where.row_name,
        role=role,
        sentence=sentence,
        period=period.group(0) if period else None,
        cell=where,
    )


def _with_unit(text: str, number: float, unit: str, at: int) -> Quantity:
    """A bare number of a cell, with the unit its column or table gives (magnitude applied)."""
    if unit:
        parsed = quantities(f"{text}{unit}")
        if len(parsed) == 1 and parsed[0].span == Span(0, len(text) + len(unit)):
            q = parsed[0]
            return Quantity(text, q.value, q.unit, None, Span(at, at + len(text)))
    return Quantity(text, number, unit if unit in ("%",) else "", None, Span(at, at + len(text)))


def _unit_of(header: str) -> str:
    if header.endswith(("%", "％")):
        return "%"
    unit = _rules().unit_in_header.search(header)
    return unit.group(1) if unit else ""


def _unit_before(text: str, start: int) -> str:
    """The unit a `单位：亿元` line just before the table names."""
    before = text[:start].rstrip("\n").rsplit("\n", 1)[-1]
    unit = _rules().unit_line.match(before)
    return unit.group(1) if unit else ""


def _sentence_of(row: _Row, sentences: Sequence[Sentence], report_id: str) -> Sentence:
    """The sentence holding the row (the splitter ends one at each line), else the row itself."""
    for sentence in sentences:
        if sentence.span.start <= row.span.start < sentence.span.end:
            return sentence
    text = "\t".join(cell for cell, _ in row.cells)
    return Sentence(report_id, -1, (), row.span, text)
