"""`duban ask`: questions in Chinese answered from the ledger's facts."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from duban.cli.app import app, settings


@app.command(
    "ask",
    help=(
        "Answer questions in Chinese from the ledger's facts, each with its report and "
        "sentence; says so when the ledger holds no figure for it (never guesses).\n\n"
        "Example: duban --db 青岛.db ask 上半年全市进出口总额是多少? 城镇新增就业多少人?"
    ),
)
def ask(
    ctx: typer.Context,
    questions: Annotated[list[str], typer.Argument(help="One or more questions, answered in order.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question and line.")] = False,
) -> None:
    from duban.analyse.ask import answer, answer_json
    from duban.store import open_store

    if not all(q.strip() for q in questions):
        raise typer.BadParameter("a question is empty: ask e.g. 进出口总额是多少?", param_hint="'QUESTIONS'")
    with open_store(settings(ctx).db, create=False) as store:
        answers = [answer(store, q) for q in questions]
    for result in answers:
        if as_json:
            typer.echo(json.dumps(answer_json(result), ensure_ascii=False))
            continue
        typer.echo(f"问:{result.question}\n答:{result.answer}")
        for citation in result.citations:
            typer.echo(f"  —《{citation.report}》:{citation.sentence}")
        typer.echo("")
