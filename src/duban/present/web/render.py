"""Pages: the Jinja2 templates (autoescape on) with the vocabulary they share."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader

from duban.analyse.checks import kind_name, status_name
from duban.model import Role
from duban.present.labels import labels


def package_dir(*parts: str) -> str:
    return str(files("duban.present").joinpath(*parts))


@cache
def templates() -> Jinja2Templates:
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


def page(request: Request, name: str, **context: Any) -> HTMLResponse:
    """The template `name` rendered for `request`."""
    return templates().TemplateResponse(request, name, context)
