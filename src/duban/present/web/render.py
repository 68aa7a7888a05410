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
from duban.model import Fact, Role
from duban.present.indicators import fact_anchor, fact_link
from duban.present.labels import (
    approx_label,
    basis_label,
    board_label,
    labels,
    plain_number,
    readable,
    status_label,
)


def package_dir(*parts: str) -> str:
    return str(files("duban.present").joinpath(*parts))


@cache
def templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("duban.present", "templates"), autoescape=True)
    env.filters["num"] = plain_number
    env.filters["read"] = read_fact
    env.globals.update(
        readable=readable,
        fact_link=fact_link,
        fact_anchor=fact_anchor,
        basis_label=basis_label,
        status_label=status_label,
        board_label=board_label,
        role_labels=labels("roles"),
        roles=[str(r) for r in Role],
        section_kinds=labels("section_kinds"),
        item_kinds=labels("item_kinds"),
        status_name=status_name,
        kind_name=kind_name,
    )
    return Jinja2Templates(env=env)


def read_fact(fact: Fact) -> str:
    """A fact's value as people read it (6539.21亿元), with 约/超过/不到 as stated."""
    return approx_label(str(fact.quantity.approx) if fact.quantity.approx else None) + readable(
        fact.value, fact.quantity.unit
    )


def page(request: Request, name: str, **context: Any) -> HTMLResponse:
    """The template `name` rendered for `request`."""
    writes = getattr(request.app.state, "writes", None)
    context.setdefault("writable", bool(writes and writes.writable))
    return templates().TemplateResponse(request, name, context)
