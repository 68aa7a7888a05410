"""The data model: one module of frozen dataclasses shared by every layer.

Spans are half-open character offsets. A `Report`'s span points into its
`Document.text` (the repaired text); every span *inside* a report (sections,
sentences, facts, items, entities) points into `Report.text`, so that
``report.text[span.start:span.end]`` is the thing itself.

The classes made by the thousand per report (Span, Section, Sentence, Quantity, Fact) write their
`__init__` out: compiled by mypyc (scripts/compile.py), the `__init__` a dataclass generates
stays Python and sets each field through the frozen class's check, while a written one is
native, about 15 times as fast. Pickle rebuilds each class by calling it with its fields
(`_pickled_by_fields`): a native class's own way sets them one by one, which frozen refuses.
"""

from __future__ import annotations

import copyreg
import datetime as dt
import json
import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import partial
from json.encoder import encode_basestring  # what json.dumps(…, ensure_ascii=False) uses
from typing import Final


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        if not (0 <= start <= end):
            raise ValueError(f"bad span [{start}, {end})")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def shift(self, by: int) -> Span:
        return Span(self.start + by, self.end + by)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in repaired text back to offsets in the original text.

    Stored as runs: ``runs[k] = (repaired_start, original_start)``; inside a run
    both texts advance together. Runs are sorted by repaired_start.
    """

    runs: tuple[tuple[int, int], ...] = ((0, 0),)
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(r for r, _ in self.runs))

    def to_original(self, offset: int) -> int:
        k = max(bisect_right(self._starts, offset) - 1, 0)
        repaired_start, original_start = self.runs[k]
        return original_start + (offset - repaired_start)


class SectionKind(StrEnum):
    ACHIEVEMENTS = "achievements"
    PROBLEMS = "problems"
    PLANS = "plans"
    OTHER = "other"


class Role(StrEnum):
    LEVEL = "level"
    CHANGE = "change"
    SHARE = "share"
    RANK = "rank"
    PROGRESS = "progress"
    TARGET = "target"
    DIFF = "diff"


class Approx(StrEnum):
    ABOUT = "about"
    OVER = "over"
    UNDER = "under"


@dataclass(frozen=True, slots=True)
class Document:
    """One input file after reading and repair."""

    id: str  # the sha256 of the file's bytes
    path: str
    sha256: str
    text: str  # repaired text
    encoding: str  # what the bytes were decoded as (or the format: pdf, docx, html)
    offsets: OffsetMap = field(default_factory=OffsetMap)


@dataclass(frozen=True, slots=True)
class Report:
    """One report; a compilation yields many."""

    id: str  # f"{document sha256[:12]}-{ordinal}", stable for the same bytes
    document_id: str
    ordinal: int  # 1-based position in its document
    title: str
    department: str | None
    date: dt.date | None
    period: str | None  # "2021年上半年", "2024年"
    span: Span  # in Document.text
    text: str  # Document.text[span]
    truncated: bool = False
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    report_id: str
    path: tuple[int, ...]  # (2,) is the second top-level section, (2, 1) its first child
    heading: str
    kind: SectionKind
    span: Span  # heading and body, in Report.text
    style: str = ""  # the heading pattern: "一、", "(一)", "1.", "(1)", "①", "一是", ...

    def __init__(
        self,
        report_id: str,
        path: tuple[int, ...],
        heading: str,
        kind: SectionKind,
        span: Span,
        style: str = "",
    ) -> None:
        object.__setattr__(self, "report_id", report_id)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "heading", heading)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "span", span)
        object.__setattr__(self, "style", style)


@dataclass(frozen=True, slots=True)
class Sentence:
    report_id: str
    index: int  # 0-based order in the report
    section_path: tuple[int, ...]  # () when under no heading
    span: Span  # in Report.text
    text: str

    def __init__(
        self, report_id: str, index: int, section_path: tuple[int, ...], span: Span, text: str
    ) -> None:
        object.__setattr__(self, "report_id", report_id)
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "section_path", section_path)
        object.__setattr__(self, "span", span)
        object.__setattr__(self, "text", text)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written: what `duban.quantities()` returns.

    `value` has magnitude words applied and the sign written with the number
    (`-10.1万`, `负一`, `零下4℃`), but not the sign of words around it: 下降2.1% gives
    2.1. `span` is relative to the text that was parsed.
    """

    text: str
    value: float
    unit: str
    approx: Approx | None
    span: Span

    def __init__(self, text: str, value: float, unit: str, approx: Approx | None, span: Span) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "approx", approx)
        object.__setattr__(self, "span", span)


@dataclass(frozen=True, slots=True)
class TableCell:
    """Where a fact read from a table stands: table (1-based in its report), row and column
    (0-based; row 0 is the header), and the names of its row and column."""

    table: int
    row: int
    column: int
    row_name: str
    column_name: str


@dataclass(frozen=True, slots=True)
class Fact:
    """A quantity read in context. `quantity.span` is relative to Report.text;
    `value` is signed (a decline is negative)."""

    quantity: Quantity
    value: float
    metric: str
    role: Role
    sentence: Sentence
    subject: str | None = None
    period: str | None = None
    when: str | None = None  # the period resolved: 2021-H1, 2016/2020, 2021-06-30 (spec/FACTS.md)
    basis: str | None = None  # what a change is compared with: yoy, avg2y, avg, prev, plan
    where: str | None = None  # the place the number belongs to: 青岛市, 全国
    body: str | None = None  # the reporting body: 青岛市商务局, 国务院
    indicator: str | None = None  # the catalogue's name for the metric, else the metric
    cell: TableCell | None = None  # the table cell it was read from, if any

    def __init__(
        self,
        quantity: Quantity,
        value: float,
        metric: str,
        role: Role,
        sentence: Sentence,
        subject: str | None = None,
        period: str | None = None,
        when: str | None = None,
        basis: str | None = None,
        where: str | None = None,
        body: str | None = None,
        indicator: str | None = None,
        cell: TableCell | None = None,
    ) -> None:
        object.__setattr__(self, "quantity", quantity)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "metric", metric)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "sentence", sentence)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "period", period)
        object.__setattr__(self, "when", when)
        object.__setattr__(self, "basis", basis)
        object.__setattr__(self, "where", where)
        object.__setattr__(self, "body", body)
        object.__setattr__(self, "indicator", indicator)
        object.__setattr__(self, "cell", cell)

    def to_json(self, doc: str) -> dict:
        """The fact as an object of the outside contract (spec/FACTS.md): `FACT_KEYS`, each with
        its value in `json_values`."""
        return dict(zip(FACT_KEYS, self.json_values(doc), strict=True))

    def json_values(self, doc: str, sentence: str | None = None) -> tuple[object, ...]:
        """The values of `to_json`, in the order of `FACT_KEYS`.

        `sentence` and `text` lose their whitespace alike (`212 所` → `212所`), so the
        sentence always contains the text; `start`/`end` still point at the text as it
        stands in the report. `sentence`: the sentence so, when the caller has it already."""
        q = self.quantity
        return (
            doc,
            "".join(self.sentence.text.split()) if sentence is None else sentence,
            "".join(q.text.split()),
            self.value,
            q.unit,
            str(self.role),
            self.metric,
            self.subject,
            str(q.approx) if q.approx else None,
            self.period,
            q.span.start,
            q.span.end,
            self.when,
            self.basis,
            self.where,
            self.body,
            self.indicator,
            _cell_json(self.cell),
        )


def _cell_json(cell: TableCell | None) -> dict[str, object] | None:
    if cell is None:
        return None
    return {"table": cell.table, "row": cell.row, "column": cell.column, "row_name": cell.row_name,
            "column_name": cell.column_name}  # fmt: skip


# The keys of a fact's JSON object (spec/FACTS.md), in their order.
FACT_KEYS: Final = (
    "doc", "sentence", "text", "value", "unit", "role", "metric", "subject", "approx", "period",
    "start", "end", "when", "basis", "where", "body", "indicator", "cell",
)  # fmt: skip
# What `json.dumps` writes of a fact's line before each value (its key) and after the last.
_BEFORE_VALUE: Final = tuple(
    ("{" if k == 0 else ", ") + encode_basestring(key) + ": " for k, key in enumerate(FACT_KEYS)
)
_LINE_END: Final = "}\n"


def fact_lines(facts: Iterable[Fact], doc: str) -> str:
    """The facts as JSON Lines: each line what `json.dumps(fact.to_json(doc), ensure_ascii=False)`
    gives, byte for byte (tests/test_contract.py), each value encoded on its own so that the
    report's title and a sentence are encoded once, not once a fact (`duban extract` prints
    millions), and the pieces of all lines, keys and values, joined once: one string sized and
    written at once (each line formatted with % into a buffer that grows, and widens to hold
    Chinese text, cost a quarter more)."""
    encoded: dict[str, str] = {}  # text → its JSON: the title, the sentences, the words met again
    pieces: list[str] = []
    sentence: Sentence | None = None
    despaced = ""  # the sentence less its whitespace: once for all its facts, which follow it
    for fact in facts:
        if fact.sentence is not sentence:
            sentence, despaced = fact.sentence, "".join(fact.sentence.text.split())
        values = fact.json_values(doc, despaced)
        for k in range(len(values)):
            pieces.append(_BEFORE_VALUE[k])
            pieces.append(_json_value(values[k], encoded))
        pieces.append(_LINE_END)
    return "".join(pieces)


def _json_value(value: object, encoded: dict[str, str]) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False)` writes it; texts kept in `encoded`."""
    if isinstance(value, str):
        text = encoded.get(value)
        if text is None:
            text = encoded[value] = encode_basestring(value)
        return text
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)  # as int.__repr__, which json uses: read natively when compiled
    if type(value) is float and math.isfinite(value):
        return repr(value)  # as float.__repr__ (not a subclass's own: the type is float)
    return json.dumps(value, ensure_ascii=False)  # a table cell, inf or NaN, a float's subclass


class ItemKind(StrEnum):
    PROBLEM = "problems"
    PLAN = "plans"
    MEASURE = "measures"


@dataclass(frozen=True, slots=True)
class Item:
    """A problem, a plan or a measure: one 一是/二是 point or one sentence."""

    kind: ItemKind
    text: str
    report_id: str
    section_path: tuple[int, ...]
    span: Span  # in Report.text


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # "policy" (《…》), "programme" (“…”), "body", "place"
    name: str
    report_id: str
    span: Span  # in Report.text, the name with its marks


@dataclass(frozen=True, slots=True)
class ExtractedReport:
    """Everything the pipeline reads from one report."""

    report: Report
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    facts: tuple[Fact, ...] = ()
    items: tuple[Item, ...] = ()
    entities: tuple[Entity, ...] = ()


class FindingKind(StrEnum):
    PROGRESS = "progress"  # progress against time (时间过半、任务过半)
    ARITHMETIC = "arithmetic"  # a ratio or a total recomputed
    CONSISTENCY = "consistency"  # one indicator told twice


class FindingStatus(StrEnum):
    BEHIND = "behind"  # progress
    ON_TRACK = "on_track"
    AHEAD = "ahead"
    OK = "ok"  # arithmetic
    MISMATCH = "mismatch"
    CONFLICT = "conflict"  # consistency


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of one check (analyse layer)."""

    kind: FindingKind
    status: FindingStatus
    report_id: str
    sentence: Sentence
    message: str
    facts: tuple[Fact, ...] = ()


class IngestStatus(StrEnum):
    """What an ingest did with one file."""

    ADDED = "added"  # new bytes at a new path
    REPLACED = "replaced"  # new bytes at a path the ledger has: that file's reports replaced
    UPDATED = "updated"  # bytes the ledger has, read again by a newer duban
    UNCHANGED = "unchanged"  # bytes the ledger has, read by this duban: nothing done


def _pickled_by_fields(*classes: type) -> None:
    """Register how pickle (and `copy`) rebuild each class: called with its fields in order."""
    for cls in classes:
        copyreg.pickle(cls, partial(_by_fields, cls, tuple(f.name for f in fields(cls) if f.init)))


def _by_fields(cls: type, names: tuple[str, ...], obj: object) -> tuple[type, tuple[object, ...]]:
    return cls, tuple(getattr(obj, name) for name in names)


_pickled_by_fields(
    Span, OffsetMap, Document, Report, Section, Sentence, Quantity, TableCell, Fact, Item, Entity,
    ExtractedReport, Finding,
)  # fmt: skip
