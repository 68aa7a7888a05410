"""The web app: a JSON API under /api/ and pages over one ledger (`create_app`).

Each request opens the ledger and closes it when done, so the app serves SQLite and
PostgreSQL alike from uvicorn's worker threads. Pages are Jinja2 templates with
autoescape on: document text is never marked safe. Plotly's JavaScript is served from
the installed `plotly` package, so the charts work offline and no page names an
outside address.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from duban.analyse.ask import answer, answer_json
from duban.analyse.checks import kind_name, run_checks, status_name
from duban.errors import DubanError, NotFoundError, StoreError
from duban.model import Finding, Role, SectionKind
from duban.present.charts import change_chart, compare_metrics, progress_chart
from duban.present.export import csv_safe
from duban.present.jsonable import fact_json, hit_json, report_json
from duban.present.labels import labels
from duban.present.reader import highlight, reader_paragraphs, section_anchor, section_label
from duban.store import ReportNotFound, open_store
from duban.store.base import ReportSummary, Store, StoredFact
from duban.store.bounds import MAX_NUMBER, OutOfRange

if TYPE_CHECKING:
    import uvicorn

T = TypeVar("T")
PAGE_FACTS_LIMIT = 500  # facts on one page of /facts
API_FACTS_LIMIT, API_FACTS_MAX = 1000, 10000  # /api/facts: default and largest `limit`
# Every answer's security headers (`security_headers`). Scripts and styles come only from
# /static: the pages carry no inline script, style or handler. Plotly adds its rules through
# the CSSOM to a <style> element it creates empty (allowed by the hash of ""), and its bundle
# writes a few fixed stylesheets (maplibre's) into <style> elements at load: each is allowed
# by its hash, read from the bundle served (`_plotly_stylesheets`).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' {style_hashes}",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
OTHER_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
PLOTLY_STYLE_LITERAL = re.compile(r"""createElement\("style"\)[^']{0,200}?\.textContent='([^'\\]*)'""")
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


# ---------------------------------------------------------------- response models


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


def _download(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
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


# ---------------------------------------------------------------- converting


def finding_json(finding: Finding, titles: dict[str, str]) -> dict[str, Any]:
    title = titles.get(finding.report_id, "")
    return {
        "kind": finding.kind,
        "status": finding.status,
        "report_id": finding.report_id,
        "report": title,
        "sentence": finding.sentence.text,
        "message": finding.message,
        "facts": [f.to_json(title) for f in finding.facts],
    }


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


# ---------------------------------------------------------------- the app


def _package_dir(*parts: str) -> str:
    return str(files("duban.present").joinpath(*parts))


@cache
def _templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("duban.present", "templates"), autoescape=True)
    env.filters["num"] = format_number
    env.globals.update(
        role_labels=labels("roles"),
        roles=[str(r) for r in Role],
        section_kinds=labels("section_kinds"),
        item_kinds=labels("item_kinds"),
        status_name=status_name,
        kind_name=kind_name,
    )
    return Jinja2Templates(env=env)


def format_number(value: float) -> str:
    """A value without float noise: 653921000000.0 → 653921000000, 13.80 → 13.8."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.12g}"


def get_store(request: Request) -> Iterator[Store]:
    """The ledger for one request, opened for it and closed after it."""
    store = open_store(request.app.state.store_target, create=False)
    try:
        yield store
    finally:
        store.close()


Ledger = Annotated[Store, Depends(get_store)]


def create_app(store_target: str) -> FastAPI:
    """The web app over the ledger at `store_target` (a SQLite path or a postgresql:// URL)."""
    with closing(open_store(store_target, create=False)):
        pass  # fail now, with a clear StoreError, rather than on the first request
    app = FastAPI(
        title="督办 duban",
        summary="政府工作总结的数据台账:指标、核查、搜索与问答",
        version="0.1.0",
        docs_url=None,  # FastAPI's /docs and /redoc load their scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.add_middleware(SecurityHeaders)
    app.state.store_target = store_target
    app.state.memo = LedgerMemo()
    _add_error_handlers(app)
    _add_api(app)
    _add_pages(app)
    return app


def security_headers() -> dict[str, str]:
    """The headers every answer carries: the content security policy and its companions."""
    hashes = " ".join(f"'sha256-{_csp_hash(css)}'" for css in ("", *_plotly_stylesheets()))
    policy = "; ".join(CONTENT_SECURITY_POLICY).format(style_hashes=hashes)
    return {"Content-Security-Policy": policy, **OTHER_SECURITY_HEADERS}


def _csp_hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def _plotly_stylesheets() -> tuple[str, ...]:
    """The fixed stylesheets that the served plotly.min.js writes into <style> elements."""
    try:
        bundle = _plotly_js().read_text(encoding="utf-8")
    except (DubanError, OSError):
        return ()
    return tuple(dict.fromkeys(PLOTLY_STYLE_LITERAL.findall(bundle)))


class SecurityHeaders:
    """Adds `security_headers()` to every answer: pages, API, exports, static files, errors."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def server_config(app: FastAPI, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for serving `app` (a `uvicorn.Config`): no `server` header
    naming the software, warnings only; `options` as uvicorn.Config takes them."""
    import uvicorn

    return uvicorn.Config(app, server_header=False, log_level="warning", **options)


class BadQuery(DubanError):
    """A page was asked for with a query value it does not know (answered 422)."""


EXPORT_PATHS = ("/facts.csv", "/facts.jsonl")  # downloads documented with the API: errors as JSON


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in EXPORT_PATHS


def _error_page(request: Request, status: int, message: str, detail: str = "") -> Response:
    context = {"message": message, "detail": detail, "status": status}
    return _templates().TemplateResponse(request, "error.html", context, status_code=status)


def _not_found_message(err: NotFoundError) -> str:
    """What a reader is told, in Chinese, for a report or thing that is not there."""
    if isinstance(err, ReportNotFound) and err.matches:
        return f"「{err.ref}」对应{len(err.matches)}份报告,请写得更具体,或从概览页打开要看的报告。"
    if isinstance(err, ReportNotFound):
        return f"台账中没有报告「{err.ref}」。"
    return "找不到所要的内容。"


def _invalid_message(err: RequestValidationError) -> str:
    parts = []
    for problem in err.errors():
        name = str(problem.get("loc", ("", "?"))[-1])
        value = problem.get("input")
        parts.append(f"参数 {name} 的值「{value}」无效" if value is not None else f"缺少参数 {name}")
    return ";".join(parts) + "。" if parts else "请求参数有误。"


def _add_error_handlers(app: FastAPI) -> None:
    """Pages answer errors with a page in Chinese, the API with JSON; neither with a 500."""

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, err: NotFoundError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(err)}, status_code=404)
        return _error_page(request, 404, _not_found_message(err), str(err))

    @app.exception_handler(BadQuery)
    @app.exception_handler(OutOfRange)
    async def bad_query(request: Request, err: DubanError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(err)}, status_code=422)
        return _error_page(request, 422, str(err))

    @app.exception_handler(DubanError)
    async def failed(request: Request, err: DubanError) -> Response:
        status = 503 if isinstance(err, StoreError) else 400
        if _is_api(request):
            return JSONResponse({"detail": str(err)}, status_code=status)
        message = "台账暂时无法读取,请稍后再试。" if status == 503 else "请求无法完成。"
        return _error_page(request, status, message, str(err))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, err)
        return _error_page(request, 422, _invalid_message(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code, headers=err.headers)
        message = f"没有这个页面:{request.url.path}" if err.status_code == 404 else "请求无法完成。"
        return _error_page(request, err.status_code, message)


def _choice(value: str, allowed: type[Role] | type[SectionKind], label: str) -> str | None:
    """A filter value from a page's query: "" is all; an unknown value is a 422 page."""
    if not value:
        return None
    if value not in {str(v) for v in allowed}:
        options = "、".join(str(v) for v in allowed)
        raise BadQuery(f"未知的{label}「{value}」,可选:{options}。")
    return value


def _add_api(app: FastAPI) -> None:
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
        return [fact_json(s) for s in _facts(store, report, metric, role, limit, offset)]

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
        titles, findings = _findings(request, store)
        return [finding_json(f, titles) for f in findings]

    @app.get(
        "/facts.csv",
        summary="导出当前筛选的指标(CSV)",
        tags=["export"],
        response_class=CsvResponse,
        responses=_download("text/csv", "CSV(UTF-8,带 BOM),首行为列名"),
    )
    def export_csv(
        store: Ledger, metric: str | None = None, report: str | None = None, role: Role | None = None
    ) -> CsvResponse:
        return _attachment(CsvResponse, facts_csv(_facts(store, report, metric, role)), "facts.csv")

    @app.get(
        "/facts.jsonl",
        summary="导出当前筛选的指标(JSON Lines)",
        tags=["export"],
        response_class=JsonLinesResponse,
        responses=_download("application/x-ndjson", "JSON Lines:每行一个指标"),
    )
    def export_jsonl(
        store: Ledger, metric: str | None = None, report: str | None = None, role: Role | None = None
    ) -> Response:
        body = facts_jsonl(_facts(store, report, metric, role))
        return _attachment(JsonLinesResponse, body, "facts.jsonl")


def _attachment(kind: type[Response], body: str, filename: str) -> Response:
    """A download: UTF-8 text of the media type of `kind`, saved as `filename`."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return kind(body, media_type=f"{kind.media_type}; charset=utf-8", headers=headers)


def _facts(
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


class LedgerMemo:
    """Results computed from the whole ledger (every check over every report), kept while
    the ledger's state (`Store.state()`) stays the same: pages that show them do not load
    every report again on each request. Each result has a lock of its own, held while it
    is computed: requests for it wait and then find it kept, others go on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards the two dicts only, never held while computing
        self._kept: dict[str, tuple[str, Any]] = {}
        self._computing: dict[str, threading.Lock] = {}

    def get(self, store: Store, name: str, compute: Callable[[Store], T]) -> T:
        state = store.state()
        with self._lock:
            computing = self._computing.setdefault(name, threading.Lock())
        with computing:
            with self._lock:
                kept = self._kept.get(name)
            if kept is None or kept[0] != state:
                kept = (state, compute(store))
                with self._lock:
                    self._kept[name] = kept
            return kept[1]


def _compute_findings(store: Store) -> tuple[dict[str, str], list[Finding]]:
    summaries = store.reports()
    titles = {s.report.id: s.report.title for s in summaries}
    return titles, run_checks(store.load_all())


def _findings(request: Request, store: Store) -> tuple[dict[str, str], list[Finding]]:
    return request.app.state.memo.get(store, "findings", _compute_findings)


def _add_pages(app: FastAPI) -> None:
    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return _templates().TemplateResponse(request, name, context)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            _plotly_js(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, store: Ledger) -> HTMLResponse:
        summaries = store.reports()
        titles, findings = _findings(request, store)
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
        role_name = _choice(role, Role, "角色")
        if sort in FACT_SORTS:  # sorted over every match, then one page of it
            every = sorted(
                _facts(store, report or None, metric or None, role_name), key=FACT_SORTS[sort], reverse=desc
            )
            rows, total = every[offset : offset + limit], len(every)
        else:
            rows = _facts(store, report or None, metric or None, role_name, limit, offset)
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
        _, findings = _findings(request, store)
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
        section_kind = _choice(kind, SectionKind, "章节类型")
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


def _plotly_js() -> Path:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise NotFoundError(f"{path}: plotly.min.js is missing from the installed plotly package")
    return path
