"""The 综合简报: a briefing on the whole ledger, body by body, every number sourced.

`build_brief(reports, findings)` chooses what to say (a `Brief` of model-free
lines, each with its source sentence); `render_markdown` and `write_docx` only lay
it out. `brief_markdown(store, path)` / `brief_docx(store, path)` are the one-call
versions over a ledger.

The parts: `content` (choosing what the brief says), `markdown` and `word` (laying it out).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from duban.analyse.track import track
from duban.present.brief.content import (
    BodyBrief,
    Brief,
    Line,
    TargetBrief,
    body_brief,
    build_brief,
    key_indicators,
    opening,
    period_covered,
    quote,
    target_brief,
)
from duban.present.brief.markdown import render_markdown, write_markdown
from duban.present.brief.word import Footnotes, write_docx
from duban.present.export import ledger_reports

if TYPE_CHECKING:
    from duban.store.base import Store

__all__ = [
    "BodyBrief",
    "Brief",
    "Footnotes",
    "Line",
    "TargetBrief",
    "body_brief",
    "brief_docx",
    "brief_markdown",
    "build_brief",
    "key_indicators",
    "ledger_brief",
    "opening",
    "period_covered",
    "quote",
    "render_markdown",
    "target_brief",
    "write_docx",
    "write_markdown",
]


def ledger_brief(store: Store) -> Brief:
    """The whole ledger's brief, with its 目标对账."""
    return build_brief(ledger_reports(store), tracked=track(store))


def brief_markdown(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as Markdown."""
    return write_markdown(ledger_brief(store), path)


def brief_docx(store: Store, path: str | Path) -> Path:
    """The whole ledger's brief as a Word document."""
    return write_docx(ledger_brief(store), path)
