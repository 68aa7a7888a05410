"""Ledger objects as plain JSON objects, shared by the CLI's --json output and the web API.

Light on purpose (no web framework): the CLI imports it on every run.
"""

from __future__ import annotations

from typing import Any

from duban.analyse.series import SeriesRow
from duban.analyse.track import Tracked, tracked_json
from duban.present.indicators import fact_link
from duban.present.labels import readable, status_label
from duban.present.targets import target_text
from duban.store.base import ReportSummary, SearchHit, StoredFact


def report_json(summary: ReportSummary) -> dict[str, Any]:
    """A report with its counts and warnings (dates as ISO text)."""
    report = summary.report
    return {
        "id": report.id,
        "title": report.title,
        "department": report.department,
        "date": report.date.isoformat() if report.date else None,
        "period": report.period,
        "truncated": report.truncated,
        "sections": summary.sections,
        "sentences": summary.sentences,
        "facts": summary.facts,
        "warnings": list(summary.warnings),
    }


def fact_json(stored: StoredFact) -> dict[str, Any]:
    """A fact of the contract (spec/FACTS.md) with its report id and section heading."""
    return {
        **stored.fact.to_json(stored.report_title),
        "report_id": stored.report_id,
        "section": stored.section_heading,
    }


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """A search hit: the sentence, where it stands and where the query's words are in it."""
    sentence = hit.sentence
    return {
        "report_id": hit.report_id,
        "report": hit.report_title,
        "section": hit.section_heading,
        "section_kind": hit.section_kind,
        "sentence": sentence.text,
        "sentence_index": sentence.index,
        "start": sentence.span.start,
        "end": sentence.span.end,
        "matches": [[m.start, m.end] for m in hit.matches],
        "score": hit.score,
    }


def source_json(stored: StoredFact) -> dict[str, Any]:
    """Where a value was said: the report, the sentence and the reader's anchor of the number."""
    return {
        "text": stored.fact.quantity.text,
        "doc": stored.report_title,
        "sentence": stored.fact.sentence.text,
        "report_id": stored.report_id,
        "link": fact_link(stored),
    }


def series_row_json(row: SeriesRow) -> dict[str, Any]:
    """A row of `duban series` with its sources (each linked to the reader)."""
    return {
        "indicator": row.indicator,
        "where": row.where,
        "when": row.when,
        "role": row.role,
        "basis": row.basis,
        "unit": row.unit,
        "value": row.value,
        "readable": readable(row.value, row.unit),
        "conflict": row.conflict,
        "sources": [{"value": s.fact.value, **source_json(s)} for s in row.facts],
    }


def target_json(item: Tracked) -> dict[str, Any]:
    """`duban track --json`'s object with readable values, the body and links to the sentences."""
    found = tracked_json(item)
    target = item.target
    payload = {
        **found["target"],  # type: ignore[dict-item]
        "readable": target_text(item),
        "report_id": target.low.report_id,
        "link": fact_link(target.low),
    }
    return {
        **found,
        "body": target.low.fact.body or target.low.report_title,
        "target": payload,
        "outcome": _outcome(found["outcome"], item.outcome),
        "so_far": _outcome(found["so_far"], item.so_far),
        "status_label": status_label(str(item.status)),
    }


def _outcome(found: object, stored: StoredFact | None) -> dict[str, Any] | None:
    if stored is None or not isinstance(found, dict):
        return None
    return {
        **found,
        "readable": readable(stored.fact.value, stored.fact.quantity.unit),
        "report_id": stored.report_id,
        "link": fact_link(stored),
    }
