"""Model objects to table rows and back, the same for every SQL backend.

Row tuples follow the column order of the INSERT statements in `duban.store.sql`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

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
)

Row = tuple[Any, ...]


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


def report_from(row: Row, document_id: str, document_text: str | None) -> Report:
    """From (id, ordinal, title, department, date, period, start, end, text, truncated, warnings)."""
    rid, ordinal, title, department, date, period, start, end, text, truncated, warnings = row
    span = Span(start, end)
    if text is None:
        text = span.of(document_text or "")
    return Report(
        id=rid,
        document_id=document_id,
        ordinal=ordinal,
        title=title,
        department=department,
        date=dt.date.fromisoformat(date) if date else None,
        period=period,
        span=span,
        text=text,
        truncated=bool(truncated),
        warnings=tuple(json.loads(warnings)),
    )


def section_rows(extracted: ExtractedReport) -> list[Row]:
    rid = extracted.report.id
    return [
        (rid, i, path_str(s.path), s.heading, str(s.kind), s.span.start, s.span.end, s.style)
        for i, s in enumerate(extracted.sections)
    ]


def section_from(row: Row) -> Section:
    """From (report_id, path, heading, kind, start, end, style)."""
    rid, path, heading, kind, start, end, style = row
    return Section(rid, path_tuple(path), heading, SectionKind(kind), Span(start, end), style)


def sentence_rows(extracted: ExtractedReport, first_id: int, tokens: Sequence[str]) -> list[Row]:
    """Sentence rows; the text is NULL when it is the report's text at the sentence's span."""
    rid, whole = extracted.report.id, extracted.report.text
    return [
        (first_id + i, rid, s.index, path_str(s.section_path), s.span.start, s.span.end, _own(s, whole), tok)
        for i, (s, tok) in enumerate(zip(extracted.sentences, tokens, strict=True))
    ]


def _own(sentence: Sentence, report_text: str) -> str | None:
    return None if sentence.span.of(report_text) == sentence.text else sentence.text


def sentence_from(row: Row, report_text: str = "") -> Sentence:
    """From (report_id, idx, section_path, start, end, text); a NULL text is `report_text` at the span."""
    rid, idx, path, start, end, text = row
    span = Span(start, end)
    return Sentence(rid, idx, path_tuple(path), span, span.of(report_text) if text is None else text)


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
        rows.append((rid, i, s.index, sentence, q.text, q.value, q.unit, approx, *where, *facts, *lineup))
    return rows


FACT_COLUMNS = (
    "sentence_json, q_text, q_value, unit, approx, span_start, span_end, value, metric, role, subject, "
    "period, holds_when, basis, place, body, indicator"
)


def fact_from(row: Row, sentence: Sentence | None, report_id: str = "") -> Fact:
    """From FACT_COLUMNS; `sentence` is the report's sentence at the stored index.
    StoreError when there is none (a damaged ledger)."""
    (
        sentence_json,
        q_text,
        q_value,
        unit,
        approx,
        start,
        end,
        value,
        metric,
        role,
        subject,
        period,
        *lineup,
    ) = row
    if sentence_json is not None:
        sentence = _sentence_from_json(sentence_json)
    if sentence is None:
        raise StoreError(f"report {report_id}: the ledger lacks the sentence of fact {q_text!r} (damaged?)")
    quantity = Quantity(q_text, q_value, unit, Approx(approx) if approx else None, Span(start, end))
    when, basis, place, body, indicator = lineup
    return Fact(
        quantity, value, metric, Role(role), sentence, subject, period, when, basis, place, body, indicator
    )


def item_rows(extracted: ExtractedReport) -> list[Row]:
    return [
        (it.report_id, i, str(it.kind), it.text, path_str(it.section_path), it.span.start, it.span.end)
        for i, it in enumerate(extracted.items)
    ]


def item_from(row: Row) -> Item:
    """From (report_id, kind, text, section_path, start, end)."""
    rid, kind, text, path, start, end = row
    return Item(ItemKind(kind), text, rid, path_tuple(path), Span(start, end))


def entity_rows(extracted: ExtractedReport) -> list[Row]:
    return [
        (e.report_id, i, e.kind, e.name, e.span.start, e.span.end) for i, e in enumerate(extracted.entities)
    ]


def entity_from(row: Row) -> Entity:
    """From (kind, name, report_id, start, end)."""
    kind, name, rid, start, end = row
    return Entity(kind, name, rid, Span(start, end))
