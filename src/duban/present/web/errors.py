"""Errors as answers: pages in Chinese, the API in JSON; never a 500 to a request a user can type."""

from __future__ import annotations

from enum import StrEnum

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from duban.errors import DubanError, NotFoundError, StoreError
from duban.present.web.render import templates
from duban.store import ReportNotFound
from duban.store.bounds import OutOfRange


class IndicatorNotFound(NotFoundError):
    """An indicator page asked for an indicator the ledger has no fact of."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


class BadQuery(DubanError):
    """A page was asked for with a query value it does not know (answered 422)."""


EXPORT_PATHS = ("/facts.csv", "/facts.jsonl")  # downloads documented with the API: errors as JSON


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in EXPORT_PATHS


def error_page(request: Request, status: int, message: str, detail: str = "") -> Response:
    context = {"message": message, "detail": detail, "status": status}
    return templates().TemplateResponse(request, "error.html", context, status_code=status)


def _not_found_message(err: NotFoundError) -> str:
    """What a reader is told, in Chinese, for a report or thing that is not there."""
    if isinstance(err, ReportNotFound) and err.matches:
        return f"「{err.ref}」对应{len(err.matches)}份报告,请写得更具体,或从概览页打开要看的报告。"
    if isinstance(err, ReportNotFound):
        return f"台账中没有报告「{err.ref}」。"
    if isinstance(err, IndicatorNotFound):
        return f"台账中没有指标「{err.name}」带时期的数据。可在指标一览中查找。"
    return "找不到所要的内容。"


def _invalid_message(err: RequestValidationError) -> str:
    parts = []
    for problem in err.errors():
        name = str(problem.get("loc", ("", "?"))[-1])
        value = problem.get("input")
        parts.append(f"参数 {name} 的值「{value}」无效" if value is not None else f"缺少参数 {name}")
    return ";".join(parts) + "。" if parts else "请求参数有误。"


def add_error_handlers(app: FastAPI) -> None:
    """Pages answer errors with a page in Chinese, the API with JSON; neither with a 500."""

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, err: NotFoundError) -> Response:
        if is_api(request):
            return JSONResponse({"detail": str(err)}, status_code=404)
        return error_page(request, 404, _not_found_message(err), str(err))

    @app.exception_handler(BadQuery)
    @app.exception_handler(OutOfRange)
    async def bad_query(request: Request, err: DubanError) -> Response:
        if is_api(request):
            return JSONResponse({"detail": str(err)}, status_code=422)
        return error_page(request, 422, str(err))

    @app.exception_handler(DubanError)
    async def failed(request: Request, err: DubanError) -> Response:
        status = 503 if isinstance(err, StoreError) else 400
        if is_api(request):
            return JSONResponse({"detail": str(err)}, status_code=status)
        message = "台账暂时无法读取,请稍后再试。" if status == 503 else "请求无法完成。"
        return error_page(request, status, message, str(err))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> Response:
        if is_api(request):
            return await request_validation_exception_handler(request, err)
        return error_page(request, 422, _invalid_message(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        if is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code, headers=err.headers)
        message = f"没有这个页面:{request.url.path}" if err.status_code == 404 else "请求无法完成。"
        return error_page(request, err.status_code, message)


def choice(value: str, allowed: type[StrEnum], label: str) -> str | None:
    """A filter value from a page's query: "" is all; an unknown value is a 422 page."""
    if not value:
        return None
    if value not in {str(v) for v in allowed}:
        options = "、".join(str(v) for v in allowed)
        raise BadQuery(f"未知的{label}「{value}」,可选:{options}。")
    return value
