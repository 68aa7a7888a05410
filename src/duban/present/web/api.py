"""The JSON API under /api/ and the downloads of the facts table."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response

from duban.analyse.ask import answer, answer_json
from duban.model import Role, SectionKind
from duban.present.export import csv_safe
from duban.present.jsonable import fact_json, finding_json, hit_json, report_json
from duban.present.web.ledger import Ledger, ledger_findings
from duban.present.web.models import (
    NO_REPORT,
    UNAVAILABLE,
    AnswerOut,
    CsvResponse,
    FactOut,
    FindingOut,
    JsonLinesResponse,
    ReportDetailOut,
    ReportOut,
    SearchHitOut,
    download_answers,
)
from duban.store.base import ReportSummary, Store, StoredFact
from duban.store.bounds import MAX_NUMBER

AnyResponse = TypeVar("AnyResponse", bound=Response)
API_FACTS_LIMIT, API_FACTS_MAX = 1000, 10000  # /api/facts: default and largest `limit`


def shared_warnings(summaries: Sequence[ReportSummary]) -> list[str]:
    """Warnings that more than one report carries, in the order they first appear."""
    seen = Counter(w for summary in summaries for w in dict.fromkeys(summary.warnings))
    return [w for w, n in seen.items() if n > 1]


def facts_csv(rows: Sequence[StoredFact]) -> str:
    """The facts as CSV (UTF-8 with a BOM so that Excel reads the Chinese)."""
    out = io.StringIO()
    fields = [*FactOut.model_fields]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for stored in rows:
        row = fact_json(stored)
        writer.writerow(dict(zip(row, csv_safe(list(row.values())), strict=True)))
    return "\ufeff" + out.getvalue()


def facts_jsonl(rows: Sequence[StoredFact]) -> str:
    return "".join(json.dumps(fact_json(s), ensure_ascii=False) + "\n" for s in rows)


def add_api(app: FastAPI) -> None:
    @app.get(
        "/api/reports", response_model=list[ReportOut], summary="所有报告及其计数", responses=UNAVAILABLE
    )
    def api_reports(store: Ledger) -> list[dict[str, Any]]:
        return [report_json(s) for s in store.reports()]

    @app.get(
        "/api/reports/{report_id}",
        response_model=ReportDetailOut,
        summary="一份报告:全文、提纲、指标、事项",
        responses=NO_REPORT,
    )
    def api_report(report_id: str, store: Ledger) -> dict[str, Any]:
        summary = store.summary(report_id)
        report = summary.report
        extracted = store.load(report.id)
        sections = {s.path: s.heading for s in extracted.sections}
        facts = [
            {
                **f.to_json(report.title),
                "report_id": report.id,
                "section": sections.get(f.sentence.section_path, ""),
            }
            for f in extracted.facts
        ]
        return {
            **report_json(summary),
            "text": report.text,
            "outline": [
                {
                    "path": list(s.path),
                    "heading": s.heading,
                    "kind": str(s.kind),
                    "start": s.span.start,
                    "end": s.span.end,
                }
                for s in extracted.sections
            ],
            "facts_list": facts,
            "items": [
                {
                    "kind": str(i.kind),
                    "text": i.text,
                    "section_path": list(i.section_path),
                    "start": i.span.start,
                    "end": i.span.end,
                }
                for i in extracted.items
            ],
        }

    @app.get(
        "/api/facts",
        response_model=list[FactOut],
        summary="指标(按报告、指标名、角色筛选,分页)",
        responses=NO_REPORT,
    )
    def api_facts(
        store: Ledger,
        metric: str | None = None,
        report: str | None = None,
        role: Role | None = None,
        limit: Annotated[int, Query(ge=1, le=API_FACTS_MAX)] = API_FACTS_LIMIT,
        offset: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    ) -> list[dict[str, Any]]:
        return [fact_json(s) for s in query_facts(store, report, metric, role, limit, offset)]

    @app.get("/api/search", response_model=list[SearchHitOut], summary="全文搜索句子", responses=NO_REPORT)
    def api_search(
        store: Ledger,
        q: Annotated[str, Query(min_length=1)],
        report: str | None = None,
        kind: SectionKind | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> list[dict[str, Any]]:
        found = store.search(q, report=report, kind=str(kind) if kind else None, limit=limit)
        return [hit_json(h) for h in found]

    @app.get("/api/ask", response_model=AnswerOut, summary="用中文提问,从指标中作答", responses=UNAVAILABLE)
    def api_ask(store: Ledger, q: Annotated[str, Query(min_length=1)]) -> dict[str, Any]:
        return answer_json(answer(store, q))

    @app.get(
        "/api/findings",
        response_model=list[FindingOut],
        summary="核查结果:进度、算术、一致性",
        responses=UNAVAILABLE,
    )
    def api_findings(request: Request, store: Ledger) -> list[dict[str, Any]]:
        titles, findings = ledger_findings(request, store)
        return [finding_json(f, titles) for f in findings]

    @app.get(
        "/facts.csv",
        summary="导出当前筛选的指标(CSV)",
        tags=["export"],
        response_class=CsvResponse,
        responses=download_answers("text/csv", "CSV(UTF-8,带 BOM),首行为列名"),
    )
    def export_csv(
        store: Ledger, metric: str | None = None, report: str | None = None, role: Role | None = None
    ) -> CsvResponse:
        return attachment(CsvResponse, facts_csv(query_facts(store, report, metric, role)), "facts.csv")

    @app.get(
        "/facts.jsonl",
        summary="导出当前筛选的指标(JSON Lines)",
        tags=["export"],
        response_class=JsonLinesResponse,
        responses=download_answers("application/x-ndjson", "JSON Lines:每行一个指标"),
    )
    def export_jsonl(
        store: Ledger, metric: str | None = None, report: str | None = None, role: Role | None = None
    ) -> Response:
        body = facts_jsonl(query_facts(store, report, metric, role))
        return attachment(JsonLinesResponse, body, "facts.jsonl")


def attachment(kind: type[AnyResponse], body: str, filename: str) -> AnyResponse:
    """A download: UTF-8 text of the media type of `kind`, saved as `filename`."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return kind(body, media_type=f"{kind.media_type}; charset=utf-8", headers=headers)


def query_facts(
    store: Store,
    report: str | None,
    metric: str | None,
    role: str | Role | None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredFact]:
    report_id = store.find_report(report).id if report else None
    role_name = str(role) if role else None
    return store.facts(report=report_id, metric=metric or None, role=role_name, limit=limit, offset=offset)
