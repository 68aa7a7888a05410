"""The web app: a JSON API under /api/ and pages over one ledger (`create_app`).

Each request opens the ledger and closes it when done, so the app serves SQLite and
PostgreSQL alike from uvicorn's worker threads. Pages are Jinja2 templates with
autoescape on: document text is never marked safe. Plotly's JavaScript is served from
the installed `plotly` package, so the charts work offline and no page names an
outside address.

The package: `models` (what the API answers), `api`, `pages`, `render` (templates),
`errors` (answers to errors), `ledger` (the ledger per request and what is kept of it),
`security` (headers).
"""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from duban.present.overview import shared_warnings
from duban.present.web.api import add_api
from duban.present.web.docs import add_docs
from duban.present.web.errors import add_error_handlers
from duban.present.web.imports import WritePolicy, add_imports
from duban.present.web.ledger import LedgerMemo, warm_up
from duban.present.web.pages import add_pages
from duban.present.web.security import SecurityHeaders, security_headers
from duban.store import open_store

if TYPE_CHECKING:
    import uvicorn

__all__ = [
    "LedgerMemo",
    "WritePolicy",
    "create_app",
    "security_headers",
    "server_config",
    "shared_warnings",
]


def create_app(store_target: str, writes: WritePolicy | None = None, *, warm: bool = False) -> FastAPI:
    """The web app over the ledger at `store_target` (a SQLite path or a postgresql:// URL);
    `writes` says whether reports may be imported and with what token (read-only by default);
    `warm` (`duban serve`): the overview computed at once in the background (`app.state.warming`,
    the thread), not by its first visitor."""
    with closing(open_store(store_target, create=False)):
        pass  # fail now, with a clear StoreError, rather than on the first request
    app = FastAPI(
        title="督办 duban",
        summary="政府工作总结的数据台账:指标、核查、搜索与问答",
        version="0.1.0",
        docs_url=None,  # FastAPI's /docs and /redoc load their scripts from a CDN: ours is served locally
        redoc_url=None,
    )
    app.state.writes = writes or WritePolicy()
    app.add_middleware(SecurityHeaders)
    app.state.store_target = store_target
    app.state.memo = LedgerMemo()
    add_error_handlers(app)
    add_api(app)
    add_imports(app)
    add_docs(app)
    add_pages(app)
    app.state.warming = warm_up(app.state.memo, store_target) if warm else None
    return app


def server_config(app: FastAPI, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for serving `app` (a `uvicorn.Config`): no `server` header
    naming the software, warnings only; `options` as uvicorn.Config takes them."""
    import uvicorn

    return uvicorn.Config(app, server_header=False, log_level="warning", **options)
