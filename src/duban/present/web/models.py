"""The API's response models: what /openapi.json documents for each answer."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel


class ReportOut(BaseModel):
    id: str
    title: str
    department: str | None
    date: str | None
    period: str | None
    truncated: bool
    sections: int
    sentences: int
    facts: int
    warnings: list[str]


class FactOut(BaseModel):
    """A fact as in spec/FACTS.md, with the report and section it belongs to."""

    doc: str
    sentence: str
    text: str
    value: float
    unit: str
    role: str
    metric: str
    subject: str | None
    approx: str | None
    period: str | None
    start: int
    end: int
    when: str | None
    basis: str | None
    where: str | None
    body: str | None
    indicator: str | None
    report_id: str
    section: str


class SectionOut(BaseModel):
    path: list[int]
    heading: str
    kind: str
    start: int
    end: int


class ItemOut(BaseModel):
    kind: str
    text: str
    section_path: list[int]
    start: int
    end: int


class ReportDetailOut(ReportOut):
    text: str
    outline: list[SectionOut]
    facts_list: list[FactOut]
    items: list[ItemOut]


class SearchHitOut(BaseModel):
    report_id: str
    report: str
    section: str
    section_kind: str
    sentence: str
    matches: list[tuple[int, int]]
    score: float


class CitationOut(BaseModel):
    report: str
    sentence: str


class AnswerOut(BaseModel):
    question: str
    answer: str
    facts: list[FactOut]
    citations: list[CitationOut]


class SourceOut(BaseModel):
    """One report's statement of a value: its words, sentence and the reader's anchor."""

    value: float
    text: str
    doc: str
    sentence: str
    report_id: str
    link: str


class SeriesRowOut(BaseModel):
    """An indicator at one place and period, in one role, basis and unit (duban series)."""

    indicator: str
    where: str | None
    when: str
    role: str
    basis: str | None
    unit: str
    value: float
    readable: str
    conflict: bool
    sources: list[SourceOut]


class TargetValueOut(BaseModel):
    value: float | None  # None: a target implied by a progress figure alone (推算 with no amount)
    high: float | None = None
    implied: bool = False
    unit: str
    approx: str | None
    text: str
    readable: str
    doc: str
    sentence: str
    report_id: str
    link: str


class OutcomeOut(BaseModel):
    value: float
    unit: str
    role: str
    basis: str | None
    when: str | None
    text: str
    readable: str
    doc: str
    sentence: str
    report_id: str
    link: str


class TargetOut(BaseModel):
    """A target with its outcome (or the progress so far) and status (duban track --json)."""

    indicator: str
    where: str | None
    when: str | None
    body: str
    kind: str
    target: TargetValueOut
    outcome: OutcomeOut | None
    so_far: OutcomeOut | None
    status: str
    status_label: str


class ErrorOut(BaseModel):
    """What an API error answer holds: the problem in one sentence."""

    detail: str


class CsvResponse(Response):
    media_type = "text/csv"


class JsonLinesResponse(Response):
    media_type = "application/x-ndjson"


UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"model": ErrorOut, "description": "台账暂时无法读取"}}
NO_REPORT: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "report 不指向台账中的一份报告(没有,或不止一份)"},
    **UNAVAILABLE,
}


def download_answers(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """The documented answers of a download: `media_type` text, or an error as JSON."""
    as_json = {"application/json": {"schema": ErrorOut.model_json_schema()}}
    answers = {200: {"content": {media_type: {"schema": {"type": "string"}}}, "description": description}}
    for status, error in NO_REPORT.items():
        answers[status] = {"description": error["description"], "content": as_json}
    return answers


class FindingOut(BaseModel):
    kind: str
    status: str
    report_id: str
    report: str
    sentence: str
    message: str
    facts: list[dict[str, Any]]
