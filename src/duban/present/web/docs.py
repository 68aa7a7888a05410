"""/docs: the API's documentation with Swagger UI, served from the installed
`swagger-ui-bundle` package (no outside address), started by a script of ours (no inline
script), over /openapi.json."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from duban.errors import NotFoundError
from duban.present.web.render import page

SWAGGER_FILES = ("swagger-ui.css", "swagger-ui-bundle.js")


def swagger_dir() -> Path:
    """The folder of Swagger UI's files in the installed swagger-ui-bundle package."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError as err:
        raise NotFoundError("swagger-ui-bundle is not installed: pip install swagger-ui-bundle") from err
    return Path(swagger_ui_path)


def add_docs(app: FastAPI) -> None:
    try:
        folder = swagger_dir()
    except NotFoundError:
        folder = None
    if folder is not None:
        app.mount("/static/swagger", StaticFiles(directory=folder), name="swagger")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html", available=folder is not None)
