"""/docs: the API's documentation with Swagger UI, its files served from the installed
`fastapi-offline` package (Swagger UI 5, which reads OpenAPI 3.1; no outside address), started
by a script of ours (no inline script), over /openapi.json."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from duban.errors import NotFoundError
from duban.present.web.render import page

SWAGGER_FILES = ("swagger-ui.css", "swagger-ui-bundle.js")


def swagger_dir() -> Path:
    """The folder of Swagger UI's files in the installed fastapi-offline package."""
    try:
        import fastapi_offline
    except ImportError as err:
        raise NotFoundError("fastapi-offline is not installed: pip install fastapi-offline") from err
    folder = Path(fastapi_offline.__file__).parent / "static"
    if not all((folder / name).is_file() for name in SWAGGER_FILES):
        raise NotFoundError(f"{folder}: Swagger UI's files are missing from fastapi-offline")
    return folder


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
