"""The pages: overview, reader, facts, compare, search, ask."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from duban.analyse.ask import answer
from duban.model import Role, SectionKind
from duban.present.charts import change_chart, compare_metrics, progress_chart
from duban.present.reader import highlight, reader_paragraphs, section_anchor, section_label
from duban.present.web.api import API_FACTS_MAX, query_facts, shared_warnings
from duban.present.web.errors import choice
from duban.present.web.ledger import Ledger, ledger_findings
from duban.present.web.render import package_dir, page
from duban.present.web.security import plotly_js_path
from duban.store.bounds import MAX_NUMBER

PAGE_FACTS_LIMIT = 500  # facts on one page of /facts
REPORT_OPTIONS_MAX = 200  # more reports than this: the report filter is a text box, not a list
FACT_COLUMNS = ("report", "metric", "role", "value", "unit", "text", "subject", "period", "section")
FACT_SORTS = {
    "report": lambda s: s.report_title,
    "metric": lambda s: s.fact.metric,
    "role": lambda s: str(s.fact.role),
    "value": lambda s: s.fact.value,
    "unit": lambda s: s.fact.quantity.unit,
    "text": lambda s: s.fact.quantity.text,
    "subject": lambda s: s.fact.subject or "",
    "period": lambda s: s.fact.period or "",
    "section": lambda s: s.section_heading,
}


def add_pages(app: FastAPI) -> None:
    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            plotly_js_path(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    app.mount("/static", StaticFiles(directory=package_dir("static")), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, store: Ledger) -> HTMLResponse:
        summaries = store.reports()
        titles, findings = ledger_findings(request, store)
        counts = Counter((f.kind, f.status) for f in findings)
        shared = shared_warnings(summaries)
        notable = [f for f in findings if f.status in ("behind", "mismatch", "conflict")]
        return page(
            request,
            "index.html",
            summaries=summaries,
            counts=sorted(counts.items()),
            notable=notable,
            titles=titles,
            total_findings=len(findings),
            shared_warnings=shared,
        )

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def reader(request: Request, report_id: str, store: Ledger) -> HTMLResponse:
        extracted = store.load(store.find_report(report_id).id)
        return page(
            request,
            "report.html",
            extracted=extracted,
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
        sort: str = "",
        desc: bool = False,
        limit: Annotated[int, Query(ge=1, le=API_FACTS_MAX)] = PAGE_FACTS_LIMIT,
        offset: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    ) -> HTMLResponse:
        role_name = choice(role, Role, "角色")
        if sort in FACT_SORTS:  # sorted over every match, then one page of it
            every = sorted(
                query_facts(store, report or None, metric or None, role_name),
                key=FACT_SORTS[sort],
                reverse=desc,
            )
            rows, total = every[offset : offset + limit], len(every)
        else:
            rows = query_facts(store, report or None, metric or None, role_name, limit, offset)
            report_id = store.find_report(report).id if report else None
            total = store.count_facts(report_id, metric or None, role_name)
        query = {k: v for k, v in (("report", report), ("metric", metric), ("role", role)) if v}
        summaries = store.reports()
        return page(
            request,
            "facts.html",
            rows=rows,
            total=total,
            offset=offset,
            limit=limit,
            sorting={"sort": sort, "desc": int(desc)} if sort else {},
            summaries=summaries if len(summaries) <= REPORT_OPTIONS_MAX else None,
            report=report,
            metric=metric,
            role=role,
            sort=sort,
            desc=desc,
            query=query,
            columns=FACT_COLUMNS,
        )

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare(request: Request, store: Ledger, metric: str = "") -> HTMLResponse:
        metrics = request.app.state.memo.get(store, "compare_metrics", compare_metrics)
        chosen = metric or (metrics[0][0] if metrics else "")
        _, findings = ledger_findings(request, store)
        change = change_chart(store, chosen) if chosen else None
        charts = {
            "change": change if change and change["data"][0]["x"] else None,
            "progress": progress_chart(store, findings),
        }
        return page(request, "compare.html", metrics=metrics, metric=chosen, charts=charts)

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
