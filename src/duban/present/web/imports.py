"""Reports imported in the browser: POST /api/documents (multipart, field `files`) through the
library's one ingest use case (`duban.store.ingest.ingest_files`: atomic per file, the same
bytes again change nothing), each file's result in Chinese, a duplicate (the same text as a
report already in the ledger, from another file) said as such.

Writing is off unless the app was made writable (`duban serve --writable`). Served on an
address other than loopback, a write also needs the token of $DUBAN_TOKEN as
`Authorization: Bearer …` (compared in constant time). A write from another site's page
(its Origin or Sec-Fetch-Site says so) is refused, so a page elsewhere cannot post into a
ledger served on this machine.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import tempfile
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from duban import rules
from duban.errors import DubanError
from duban.present.web.models import ErrorOut
from duban.present.web.render import page
from duban.store import open_store
from duban.store.ingest import ingest_files

MAX_FILE_BYTES = 50 * 1024 * 1024  # as the CLI's reader (duban.ingest: 50 MB)
MAX_FILES = 50  # files in one request
CHUNK = 1024 * 1024
STATUS_WORDS = {
    "added": "已导入",
    "replaced": "已更新(替换了同一文件的旧版本)",
    "updated": "已按新版本重新读取",
    "unchanged": "台账中已有这份文件,未重复导入",
    "duplicate": "已导入,但内容与已有报告重复",
    "failed": "未能导入",
}


class WriteRefused(DubanError):
    """A write the app does not allow: `status` 403 (writing off, another site) or 401 (token)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ImportedReportOut(BaseModel):
    id: str
    title: str
    link: str
    facts: int


class ImportedFileOut(BaseModel):
    """One uploaded file: what became of it, in words, and the reports it gave."""

    file: str
    status: str  # added, replaced, updated, unchanged, duplicate, failed
    message: str
    duplicate_of: str | None = None
    reports: list[ImportedReportOut]


class ImportOut(BaseModel):
    files: list[ImportedFileOut]


@dataclass(frozen=True, slots=True)
class WritePolicy:
    writable: bool = False
    token: str | None = None  # $DUBAN_TOKEN
    token_required: bool = False  # served on an address other than loopback

    def check(self, request: Request) -> None:
        if not self.writable:
            raise WriteRefused(
                "导入未开启:服务以只读方式运行。请用 duban serve --writable 启动后再导入。", 403
            )
        if _cross_site(request):
            raise WriteRefused("拒绝来自其他网站页面的写入请求。", 403)
        if not self.token_required:
            return
        if not self.token:
            raise WriteRefused("服务在非本机地址上运行,但没有设置 DUBAN_TOKEN,导入已关闭。", 403)
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token.encode()):
            raise WriteRefused("需要有效的访问令牌(Authorization: Bearer …)才能导入。", 401)


def _cross_site(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site and site not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1].rstrip("/") != host


@cache
def _problem_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p["pattern"], re.I), p["words"]) for p in rules.labels()["ingest_problems"])


def problem_in_chinese(problem: str) -> str:
    """Why a file was not imported, in Chinese (the CLI says it in English)."""
    return next(
        (words for pattern, words in _problem_words() if pattern.search(problem)), "无法读取这个文件。"
    )


def safe_name(name: str | None) -> str:
    """An uploaded file's name as a plain file name: its last part, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:120] or "upload"


def _fingerprint(text: str) -> str:
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


def import_files(target: str, uploads: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """Put the uploaded files (name, bytes) into the ledger at `target`; each file's result."""
    with closing(open_store(target, create=False)) as store:
        before = {s.report.id: s for s in store.reports()}
    texts = {_fingerprint(s.report.text): s.report.title for s in before.values()}
    with tempfile.TemporaryDirectory(prefix="duban-import-") as folder:
        paths = []
        for k, (name, data) in enumerate(uploads):
            path = Path(folder) / f"{k:02d}" / safe_name(name)
            path.parent.mkdir()
            path.write_bytes(data)
            paths.append(path)
        run = ingest_files(target, paths)
    with closing(open_store(target, create=False)) as store:
        after = store.reports()
    results = []
    for (name, data), result in zip(uploads, run.results, strict=True):
        digest = hashlib.sha256(data).hexdigest()
        mine = [s for s in after if s.report.document_id == digest]
        reports = [
            {"id": s.report.id, "title": s.report.title, "link": f"/reports/{s.report.id}", "facts": s.facts}
            for s in mine
        ]
        if result.outcome is None:
            status, message = "failed", problem_in_chinese(result.problem or "").rstrip("。")
        else:
            status, message = result.outcome.status, ""
        duplicate = next(
            (texts[_fingerprint(s.report.text)] for s in mine
             if s.report.id not in before and _fingerprint(s.report.text) in texts),
            None,
        )  # fmt: skip
        if duplicate is not None:
            status = "duplicate"
            message = f"与台账中已有的《{duplicate}》内容相同"
        words = STATUS_WORDS[status]
        results.append(
            {
                "file": safe_name(name),
                "status": status,
                "message": f"{words}:{message}。" if message else f"{words}。",
                "duplicate_of": duplicate,
                "reports": reports,
            }
        )
    return results


WRITE_ANSWERS: dict[int | str, dict[str, Any]] = {
    400: {"description": "请求体不是有效的 multipart/form-data"},
    401: {"description": "服务不在本机地址上运行,需要 Authorization: Bearer 令牌"},
    403: {"description": "导入未开启(duban serve --writable),或请求来自其他网站"},
    413: {"description": "文件超过大小上限,或一次上传的文件过多"},
    503: {"description": "台账暂时无法写入"},
}


def add_imports(app: FastAPI) -> None:
    @app.exception_handler(WriteRefused)
    async def refused(request: Request, err: WriteRefused) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
        return JSONResponse({"detail": str(err)}, status_code=err.status, headers=headers)

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, err: TooLarge) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=413)

    @app.post(
        "/api/documents",
        response_model=ImportOut,
        summary="导入报告文件(multipart,字段 files;txt、pdf、docx、html)",
        responses={code: {**answer, "model": ErrorOut} for code, answer in WRITE_ANSWERS.items()},
    )
    def api_documents(
        request: Request,
        files: Annotated[list[UploadFile], File(description="报告文件,可多个", min_length=1)],
    ) -> dict[str, Any]:
        request.app.state.writes.check(request)
        if len(files) > MAX_FILES:
            raise TooLarge(f"一次最多上传{MAX_FILES}个文件。")
        uploads = [(upload.filename or "", _read_capped(upload)) for upload in files]
        return {"files": import_files(request.app.state.store_target, uploads)}

    @app.get("/import", response_class=HTMLResponse, include_in_schema=False)
    def import_page(request: Request) -> HTMLResponse:
        writes: WritePolicy = request.app.state.writes
        return page(request, "import.html", policy=writes, max_mb=MAX_FILE_BYTES // 2**20)


class TooLarge(DubanError):
    """An upload over the size limits (answered 413)."""


def _read_capped(upload: UploadFile) -> bytes:
    data = bytearray()
    while chunk := upload.file.read(CHUNK):
        data += chunk
        if len(data) > MAX_FILE_BYTES:
            raise TooLarge(
                f"文件「{safe_name(upload.filename)}」超过大小上限({MAX_FILE_BYTES // 2**20} MB)。"
            )
    return bytes(data)
