"""The JSON API under /api/ and the downloads of the facts table."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response

from duban.analyse.ask import answer, answer_json
from duban.analyse.series import canonical_indicator, series
from duban.lineup import resolve
from duban.model import FindingKind, FindingStatus, Report, Role, SectionKind
from duban.present.export import FACT_COLUMNS as EXPORT_FACT_COLUMNS
from duban.present.export import csv_safe, fact_row
from duban.present.jsonable import (
    fact_json,
    finding_json,
    hit_json,
    report_json,
    series_row_json,
    target_json,
)
from duban.present.web.ledger import Ledger, ledger_findings, ledger_tracked
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
    SeriesRowOut,
    TargetOut,
    download_answers,
)
from duban.store.base import Lineup, Store, StoredFact
from duban.store.bounds import MAX_NUMBER

AnyResponse = TypeVar("AnyResponse", bound=Response)
API_FACTS_LIMIT, API_FACTS_MAX = 1000, 10000  # /api/facts: default and largest `limit`


def facts_csv(rows: Sequence[StoredFact], reports: dict[str, Report]) -> str:
    """The facts as CSV with the columns and Chinese headers of `duban export --csv`'s
    指标.csv (UTF-8 with a BOM so that Excel reads the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.header for c in EXPORT_FACT_COLUMNS])
    for stored in rows:
        report = reports[stored.report_id]
        writer.writerow(csv_safe(fact_row(report, stored.fact, stored.section_heading)))
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
        summary="指标(按报告、说法、类型、单位、统一指标、时期筛选,分页)",
        responses=NO_REPORT,
    )
    def api_facts(
        store: Ledger,
        metric: str | None = None,
        report: str | None = None,
        role: Role | None = None,
        body: Annotated[str | None, Query(description="报告单位,如 青岛市商务局")] = None,
        indicator: Annotated[str | None, Query(description="指标名称或别名")] = None,
        when: Annotated[str | None, Query(description="时期,如 2021-H1")] = None,
        limit: Annotated[int, Query(ge=1, le=API_FACTS_MAX)] = API_FACTS_LIMIT,
        offset: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    ) -> list[dict[str, Any]]:
        lineup = fact_lineup(body, indicator, when)
        return [fact_json(s) for s in query_facts(store, report, metric, role, limit, offset, lineup=lineup)]

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
        summary="核查结果:进度、算术、一致性(可按类型、结论、报告筛选,可分页;默认全部)",
        responses=NO_REPORT,
    )
    def api_findings(
        request: Request,
        store: Ledger,
        kind: FindingKind | None = None,
        status: FindingStatus | None = None,
        report: Annotated[str | None, Query(description="报告编号或标题")] = None,
        limit: Annotated[int | None, Query(ge=1, le=MAX_NUMBER, description="最多几条;不填则全部")] = None,
        offset: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    ) -> list[dict[str, Any]]:
        titles, findings = ledger_findings(request, store)
        rid = store.summary(report).report.id if report else None
        matching = (
            f
            for f in findings
            if (kind is None or f.kind == kind)
            and (status is None or f.status == status)
            and (rid is None or f.report_id == rid)
        )
        shown = itertools.islice(matching, offset, None if limit is None else offset + limit)
        return [finding_json(f, titles) for f in shown]

    @app.get(
        "/api/series",
        response_model=list[SeriesRowOut],
        summary="一个指标历年的数值:按地区、时期、角色、比较基准各一行,附来源",
        responses=UNAVAILABLE,
    )
    def api_series(
        store: Ledger,
        indicator: Annotated[str, Query(min_length=1, description="指标名称或别名,如 GDP、社零")],
        where: Annotated[str | None, Query(description="只看这一地区,如 全国、青岛市")] = None,
        role: Role | None = None,
    ) -> list[dict[str, Any]]:
        rows = series(store, indicator, place_of(where), str(role) if role else None)
        return [series_row_json(r) for r in rows]

    @app.get(
        "/api/targets",
        response_model=list[TargetOut],
        summary="目标对账:每个目标及其实际完成情况与状态",
        responses=UNAVAILABLE,
    )
    def api_targets(
        request: Request,
        store: Ledger,
        indicator: Annotated[str | None, Query(description="指标名称或别名")] = None,
        where: Annotated[str | None, Query(description="地区,如 全国")] = None,
        when: Annotated[str | None, Query(description="时期,如 2021、2021-H2")] = None,
        body: Annotated[str | None, Query(description="报告单位,如 国务院")] = None,
    ) -> list[dict[str, Any]]:
        name = canonical_indicator(indicator) if indicator else None
        place = place_of(where)
        return [
            target_json(t)
            for t in ledger_tracked(request, store)
            if (name is None or t.target.indicator == name)
            and (place is None or t.target.where == place)
            and (when is None or t.target.when == when)
            and (body is None or (t.target.low.fact.body or t.target.low.report_title) == body)
        ]

    @app.get(
        "/facts.csv",
        summary="导出当前筛选的指标(CSV)",
        tags=["export"],
        response_class=CsvResponse,
        responses=download_answers("text/csv", "CSV(UTF-8,带 BOM),首行为列名"),
    )
    def export_csv(
        store: Ledger,
        metric: str | None = None,
        report: str | None = None,
        role: Role | None = None,
        body: str | None = None,
        indicator: str | None = None,
        when: str | None = None,
    ) -> CsvResponse:
        found = query_facts(store, report, metric, role, lineup=fact_lineup(body, indicator, when))
        reports = {s.report.id: s.report for s in store.reports()}
        return attachment(CsvResponse, facts_csv(found, reports), "facts.csv")

    @app.get(
        "/facts.jsonl",
        summary="导出当前筛选的指标(JSON Lines)",
        tags=["export"],
        response_class=JsonLinesResponse,
        responses=download_answers("application/x-ndjson", "JSON Lines:每行一个指标"),
    )
    def export_jsonl(
        store: Ledger,
        metric: str | None = None,
        report: str | None = None,
        role: Role | None = None,
        body: str | None = None,
        indicator: str | None = None,
        when: str | None = None,
    ) -> Response:
        found = query_facts(store, report, metric, role, lineup=fact_lineup(body, indicator, when))
        return attachment(JsonLinesResponse, facts_jsonl(found), "facts.jsonl")


def attachment(kind: type[AnyResponse], body: str, filename: str) -> AnyResponse:
    """A download: UTF-8 text of the media type of `kind`, saved as `filename`."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return kind(body, media_type=f"{kind.media_type}; charset=utf-8", headers=headers)


def place_of(where: str | None) -> str | None:
    """A place as the ledger stores it: 四川 → 四川省; unknown words as given."""
    if not where:
        return None
    return resolve(where) or where


def fact_lineup(body: str | None, indicator: str | None, when: str | None) -> Lineup | None:
    """The lineup filter of a facts query: a body, an indicator (any of its names), a period."""
    if not (body or indicator or when):
        return None
    return Lineup(indicator=canonical_indicator(indicator) if indicator else None, when=when or None,
                  body=body or None)  # fmt: skip


def query_facts(
    store: Store,
    report: str | None,
    metric: str | None,
    role: str | Role | None,
    limit: int | None = None,
    offset: int = 0,
    *,
    lineup: Lineup | None = None,
) -> list[StoredFact]:
    report_id = store.find_report(report).id if report else None
    role_name = str(role) if role else None
    return store.facts(
        report=report_id, metric=metric or None, role=role_name, limit=limit, offset=offset, lineup=lineup
    )
