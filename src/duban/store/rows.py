"""Model objects to table rows and back, the same for every SQL backend.

Rows written are tuples in the column order of the INSERT statements in `duban.store.writes`.
Rows read are named: one NamedTuple per table shape (`ReportRow`, `SectionRow`, …) whose
fields are the table's columns in the order the SELECT names them (`columns` writes that list
out), so reading code says `row.span_start`, never `row[6]`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from duban.errors import StoreError
from duban.model import (
    Approx,
    Document,
    Entity,
    ExtractedReport,
    Fact,
    Item,
    ItemKind,
    OffsetMap,
    Quantity,
    Report,
    Role,
    Section,
    SectionKind,
    Sentence,
    Span,
    TableCell,
)

Row = tuple[Any, ...]


class ReportRow(NamedTuple):
    id: str
    ordinal: int
    title: str
    department: str | None
    date: str | None
    period: str | None
    span_start: int
    span_end: int
    text: str | None  # NULL when it is the document's text at the span
    truncated: int
    warnings: str  # JSON list


class SectionRow(NamedTuple):
    report_id: str
    path: str
    heading: str
    kind: str
    span_start: int
    span_end: int
    style: str


class SentenceRow(NamedTuple):
    report_id: str
    idx: int
    section_path: str
    span_start: int
    span_end: int
    text: str | None  # NULL when it is the report's text at the span


class FactRow(NamedTuple):
    sentence_json: str | None  # the sentence whole, when it is not the report's own
    q_text: str
    q_value: float
    unit: str
    approx: str | None
    span_start: int
    span_end: int
    value: float
    metric: str
    role: str
    subject: str | None
    period: str | None
    holds_when: str | None
    basis: str | None
    place: str | None
    body: str | None
    indicator: str | None
    cell: str | None  # JSON of the table cell a fact was read from


class ItemRow(NamedTuple):
    report_id: str
    kind: str
    text: str
    section_path: str
    span_start: int
    span_end: int


class EntityRow(NamedTuple):
    kind: str
    name: str
    report_id: str
    span_start: int
    span_end: int


def columns(shape: type[tuple[Any, ...]], alias: str = "") -> str:
    """The SELECT list of a row shape: its fields as columns, each after `alias.` if given."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + name for name in shape._fields)  # type: ignore[attr-defined]


def cut(row: Sequence[Any], *shapes: type[tuple[Any, ...]]) -> list[Any]:
    """A flat row of one query split into consecutive named rows, then what is left over:
    `cut(row, ReportRow)` is [ReportRow(...), *the columns after it]."""
    parts: list[Any] = []
    at = 0
    for shape in shapes:
        width = len(shape._fields)  # type: ignore[attr-defined]
        parts.append(shape(*row[at : at + width]))
        at += width
    return [*parts, *row[at:]]


def path_str(path: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in path)


def path_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".")) if text else ()


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def document_row(document: Document, warnings: Sequence[str], path: str | None = None) -> Row:
    """(id, sha256, path, encoding, text, offsets, warnings); `path` replaces the document's."""
    offsets = dumps([list(run) for run in document.offsets.runs])
    return (
        document.id,
        document.sha256,
        document.path if path is None else path,
        document.encoding,
        document.text,
        offsets,
        dumps(list(warnings)),
    )


def offsets_from(text: str) -> OffsetMap:
    return OffsetMap(tuple((int(a), int(b)) for a, b in json.loads(text)))


def report_row(report: Report, document: Document, seq: int) -> Row:
    r = report
    stored_text = None if r.span.of(document.text) == r.text else r.text
    date = r.date.isoformat() if r.date else None
    return (
        r.id,
        seq,
        r.ordinal,
        r.title,
        r.department,
        date,
        r.period,
        r.span.start,
        r.span.end,
        stored_text,
        int(r.truncated),
        dumps(list(r.warnings)),
    )


def report_from(row: ReportRow, document_id: str, document_text: str | None) -> Report:
    """The report of a row; a NULL text is `document_text` at the report's span."""
    span = Span(row.span_start, row.span_end)
    return Report(
        id=row.id,
        document_id=document_id,
        ordinal=row.ordinal,
        title=row.title,
        department=row.department,
        date=dt.date.fromisoformat(row.date) if row.date else None,
        period=row.period,
        span=span,
        text=span.of(document_text or "") if row.text is None else row.text,
        truncated=bool(row.truncated),
        warnings=tuple(json.loads(row.warnings)) if row.warnings != "[]" else (),  # most have none
    )


def section_rows(extracted: ExtractedReport) -> list[Row]:
    rid = extracted.report.id
    return [
        (rid, i, path_str(s.path), s.heading, str(s.kind), s.span.start, s.span.end, s.style)
        for i, s in enumerate(extracted.sections)
    ]


def section_from(row: SectionRow) -> Section:
    span = Span(row.span_start, row.span_end)
    return Section(row.report_id, path_tuple(row.path), row.heading, SectionKind(row.kind), span, row.style)


def sentence_rows(extracted: ExtractedReport, first_id: int, tokens: Sequence[str]) -> list[Row]:
    """Sentence rows; the text is NULL when it is the report's text at the sentence's span."""
    rid, whole = extracted.report.id, extracted.report.text
    return [
        (first_id + i, rid, s.index, path_str(s.section_path), s.span.start, s.span.end, _own(s, whole), tok)
        for i, (s, tok) in enumerate(zip(extracted.sentences, tokens, strict=True))
    ]


def _own(sentence: Sentence, report_text: str) -> str | None:
    return None if sentence.span.of(report_text) == sentence.text else sentence.text


def sentence_from(row: SentenceRow, report_text: str = "") -> Sentence:
    """The sentence of a row; a NULL text is `report_text` at the span."""
    span = Span(row.span_start, row.span_end)
    text = span.of(report_text) if row.text is None else row.text
    return Sentence(row.report_id, row.idx, path_tuple(row.section_path), span, text)


def _sentence_json(s: Sentence) -> str:
    return dumps([s.report_id, s.index, list(s.section_path), s.span.start, s.span.end, s.text])


def _sentence_from_json(text: str) -> Sentence:
    rid, idx, path, start, end, body = json.loads(text)
    return Sentence(rid, idx, tuple(path), Span(start, end), body)


def fact_rows(extracted: ExtractedReport) -> list[Row]:
    """Facts point at their sentence by index; a sentence that is not the report's own is kept whole."""
    rid = extracted.report.id
    own = extracted.sentences
    rows = []
    for i, f in enumerate(extracted.facts):
        s = f.sentence
        is_own = 0 <= s.index < len(own) and own[s.index] == s
        q = f.quantity
        approx = str(q.approx) if q.approx else None
        sentence = None if is_own else _sentence_json(s)
        where = (q.span.start, q.span.end)
        facts = (f.value, f.metric, str(f.role), f.subject, f.period)
        lineup = (f.when, f.basis, f.where, f.body, f.indicator)
        cell = dumps(dataclasses.asdict(f.cell)) if f.cell else None
        rows.append(
            (rid, i, s.index, sentence, q.text, q.value, q.unit, approx, *where, *facts, *lineup, cell)
        )
    return rows


def fact_from(row: FactRow, sentence: Sentence | None, report_id: str = "") -> Fact:
    """The fact of a row; `sentence` is the report's sentence at the stored index.
    StoreError when there is none (a damaged ledger)."""
    if row.sentence_json is not None:
        sentence = _sentence_from_json(row.sentence_json)
    if sentence is None:
        raise StoreError(
            f"report {report_id}: the ledger lacks the sentence of fact {row.q_text!r} (damaged?)"
        )
    approx = Approx(row.approx) if row.approx else None
    quantity = Quantity(row.q_text, row.q_value, row.unit, approx, Span(row.span_start, row.span_end))
    return Fact(
        quantity,
        row.value,
        row.metric,
        Role(row.role),
        sentence,
        row.subject,
        row.period,
        row.holds_when,
        row.basis,
        row.place,
        row.body,
        row.indicator,
        TableCell(**json.loads(row.cell)) if row.cell else None,
    )


def item_rows(extracted: ExtractedReport) -> list[Row]:
    return [
        (it.report_id, i, str(it.kind), it.text, path_str(it.section_path), it.span.start, it.span.end)
        for i, it in enumerate(extracted.items)
    ]


def item_from(row: ItemRow) -> Item:
    span = Span(row.span_start, row.span_end)
    return Item(ItemKind(row.kind), row.text, row.report_id, path_tuple(row.section_path), span)


def entity_rows(extracted: ExtractedReport) -> list[Row]:
    return [
        (e.report_id, i, e.kind, e.name, e.span.start, e.span.end) for i, e in enumerate(extracted.entities)
    ]


def entity_from(row: EntityRow) -> Entity:
    return Entity(row.kind, row.name, row.report_id, Span(row.span_start, row.span_end))
