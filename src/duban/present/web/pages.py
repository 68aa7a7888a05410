"""The pages: overview, reader, facts, compare, search, ask."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from duban.analyse.ask import answer
from duban.analyse.track import Status
from duban.lineup.periods import bounds
from duban.model import Role, SectionKind
from duban.present import overview as ov
from duban.present.charts import compare_chart, indicator_chart, progress_chart
from duban.present.indicators import compare_view, indicator_view
from duban.present.reader import highlight, reader_paragraphs, section_anchor, section_label
from duban.present.targets import BoardFilter, board
from duban.present.web.api import API_FACTS_MAX, fact_lineup, query_facts
from duban.present.web.errors import IndicatorNotFound, choice
from duban.present.web.ledger import (
    Ledger,
    ledger_comparable,
    ledger_facets,
    ledger_findings,
    ledger_indicators,
    ledger_overview,
    ledger_tracked,
)
from duban.present.web.render import package_dir, page
from duban.present.web.security import plotly_js_path
from duban.store.bounds import MAX_NUMBER

PAGE_FACTS_LIMIT = 100  # facts on one page of /facts
PAGE_REPORTS_LIMIT, PAGE_REPORTS_MAX = 100, 1000  # reports on one page of /reports: default, most
PAGE_FINDINGS_LIMIT, PAGE_FINDINGS_MAX = 100, 1000  # findings on one page of /findings
REPORT_OPTIONS_MAX = 200  # more reports than this: the report filter is a text box, not a list
FACT_COLUMNS = ("body", "indicator", "role", "value", "when")
FACT_SORTS = {
    "body": lambda s: (s.fact.body or s.report_title, s.report_title),
    "indicator": lambda s: s.fact.indicator or s.fact.metric,
    "role": lambda s: str(s.fact.role),
    "value": lambda s: s.fact.value,
    "when": lambda s: bounds(s.fact.when) if s.fact.when else ("", ""),
}


def add_pages(app: FastAPI) -> None:
    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            plotly_js_path(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    app.mount("/static", StaticFiles(directory=package_dir("static")), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, store: Ledger, sort: str = "", desc: bool = True) -> HTMLResponse:
        shown = ledger_overview(request, store)  # kept per ledger state; bounded lists
        return page(
            request,
            "index.html",
            view=shown,
            board=ov.sort_board(shown.board, sort, desc)[: ov.BOARD_ROWS],
            figures=shown.figures[: ov.FIGURE_BODIES],
            board_columns=ov.BOARD_COLUMNS,
            progress_columns=ov.PROGRESS_COLUMNS,
            sort=sort,
            desc=desc,
            explain=ov.explain,
            body_of=ov.body_of,
        )

    @app.get("/bodies", response_class=HTMLResponse, include_in_schema=False)
    def bodies_page(request: Request, store: Ledger, sort: str = "", desc: bool = True) -> HTMLResponse:
        shown = ledger_overview(request, store)
        return page(
            request,
            "bodies.html",
            view=shown,
            board=ov.sort_board(shown.board, sort, desc),
            figures=shown.figures,
            board_columns=ov.BOARD_COLUMNS,
            progress_columns=ov.PROGRESS_COLUMNS,
            sort=sort,
            desc=desc,
        )

    @app.get("/reports", response_class=HTMLResponse, include_in_schema=False)
    def reports_page(
        request: Request,
        store: Ledger,
        limit: Annotated[int, Query(ge=1, le=PAGE_REPORTS_MAX)] = PAGE_REPORTS_LIMIT,
        offset: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    ) -> HTMLResponse:
        shown = ledger_overview(request, store)
        return page(
            request,
            "reports.html",
            rows=store.reports(limit, offset),
            total=store.count_reports(),
            offset=offset,
            limit=limit,
            shared_warnings=shown.shared_warnings,
            notes=shown.notes,
            more_notes=shown.more_notes,
            explain=ov.explain,
            body_of=ov.body_of,
        )

    @app.get("/findings", response_class=HTMLResponse, include_in_schema=False)
    def findings_page(
        request: Request,
        store: Ledger,
        body: str = "",
        status: str = "",
        kind: str = "",
        limit: Annotated[int, Query(ge=1, le=PAGE_FINDINGS_MAX)] = PAGE_FINDINGS_LIMIT,
        offset: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    ) -> HTMLResponse:
        titles, findings = ledger_findings(request, store)
        bodies = {r.id: r.department or r.title for r in store.report_list()}
        matching = [
            f
            for f in findings
            if (not body or bodies.get(f.report_id) == body)
            and (not status or f.status == status or (status == "mismatch" and f.status == "conflict"))
            and (not kind or f.kind == kind)
        ]
        query = {k: v for k, v in (("body", body), ("status", status), ("kind", kind)) if v}
        return page(
            request,
            "findings.html",
            findings=matching[offset : offset + limit],
            total=len(matching),
            offset=offset,
            limit=limit,
            query=query,
            titles=titles,
            bodies=bodies,
            body=body,
            status=status,
        )

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def reader(request: Request, report_id: str, store: Ledger) -> HTMLResponse:
        summary = store.summary(report_id)
        extracted = store.load(summary.report.id)
        return page(
            request,
            "report.html",
            extracted=extracted,
            warnings=summary.warnings,
            report=extracted.report,
            paragraphs=reader_paragraphs(extracted),
            anchor=section_anchor,
            label=section_label,
        )

    @app.get("/facts", response_class=HTMLResponse, include_in_schema=False)
    def facts_page(
        request: Request,
        store: Ledger,
        report: str = "",
        metric: str = "",
        role: str = "",
        body: str = "",
        indicator: str = "",
        when: str = "",
        sort: str = "",
        desc: bool = False,
        limit: Annotated[int, Query(ge=1, le=API_FACTS_MAX)] = PAGE_FACTS_LIMIT,
        offset: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    ) -> HTMLResponse:
        role_name = choice(role, Role, "角色")
        lineup = fact_lineup(body, indicator, when)
        if sort in FACT_SORTS:  # sorted over every match, then one page of it
            every = sorted(
                query_facts(store, report or None, metric or None, role_name, lineup=lineup),
                key=FACT_SORTS[sort],
                reverse=desc,
            )
            rows, total = every[offset : offset + limit], len(every)
        else:
            rows = query_facts(store, report or None, metric or None, role_name, limit, offset, lineup=lineup)
            report_id = store.find_report(report).id if report else None
            total = store.count_facts(report_id, metric or None, role_name, lineup=lineup)
        filters = (("report", report), ("metric", metric), ("role", role), ("body", body),
                   ("indicator", indicator), ("when", when))  # fmt: skip
        query = {k: v for k, v in filters if v}
        summaries = store.reports()
        facets = ledger_facets(request, store)
        return page(
            request,
            "facts.html",
            rows=rows,
            total=total,
            offset=offset,
            limit=limit,
            sorting={"sort": sort, "desc": int(desc)} if sort else {},
            summaries=summaries if len(summaries) <= REPORT_OPTIONS_MAX else None,
            facets=facets,
            report=report,
            metric=metric,
            role=role,
            body=body,
            indicator=indicator,
            when=when,
            sort=sort,
            desc=desc,
            query=query,
            columns=FACT_COLUMNS,
        )

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare(
        request: Request, store: Ledger, indicator: str = "", measure: str = "", when: str = ""
    ) -> HTMLResponse:
        comparable = ledger_comparable(request, store)
        view = compare_view(store, comparable, indicator, measure, when)
        _, findings = ledger_findings(request, store)
        charts = {"compare": compare_chart(view), "progress": progress_chart(store, findings)}
        return page(request, "compare.html", view=view, asked=indicator, charts=charts)

    @app.get("/indicators", response_class=HTMLResponse, include_in_schema=False)
    def indicators(request: Request, store: Ledger, q: str = "", all: bool = False) -> HTMLResponse:
        entries = ledger_indicators(request, store)
        wanted = q.strip()
        listed = [e for e in entries if e.catalogued or all or e.first != e.last]
        shown = [e for e in listed if not wanted or wanted in e.name or wanted in e.shown]
        return page(request, "indicators.html", entries=shown, total=len(entries), q=q, every=all)

    @app.get("/indicators/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def indicator_page(
        request: Request, store: Ledger, name: str, measure: str = "", where: str = ""
    ) -> HTMLResponse:
        view = indicator_view(store, name, ledger_tracked(request, store), measure, where or None)
        if not view.measures and not where:
            raise IndicatorNotFound(f"no fact of indicator {name!r} with a period in the ledger", name)
        charts = {"indicator": indicator_chart(view)}
        return page(request, "indicator.html", view=view, charts=charts, rows=board(view.targets).rows)

    @app.get("/targets", response_class=HTMLResponse, include_in_schema=False)
    def targets(
        request: Request,
        store: Ledger,
        body: str = "",
        when: str = "",
        indicator: str = "",
        where: str = "",
        status: str = "",
    ) -> HTMLResponse:
        choice(status, Status, "状态")
        keep = BoardFilter(body, when, indicator, where, status)
        shown = board(ledger_tracked(request, store), keep)
        return page(request, "targets.html", board=shown, keep=keep, query=keep.query())

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(
        request: Request, store: Ledger, q: str = "", report: str = "", kind: str = ""
    ) -> HTMLResponse:
        section_kind = choice(kind, SectionKind, "章节类型")
        hits = store.search(q, report=report or None, kind=section_kind, limit=50) if q.strip() else []
        return page(
            request,
            "search.html",
            q=q,
            kind=kind,
            report=report,
            summaries=store.reports(),
            hits=[(h, highlight(h.sentence.text, h.matches)) for h in hits],
        )

    @app.get("/ask", response_class=HTMLResponse, include_in_schema=False)
    def ask(request: Request, store: Ledger, q: str = "") -> HTMLResponse:
        result = answer(store, q) if q.strip() else None
        return page(request, "ask.html", q=q, result=result)
