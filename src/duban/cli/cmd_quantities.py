"""`duban quantities TEXT`: the quantity parser on one piece of text."""

from __future__ import annotations

import json

import typer

from duban.cli.app import app


@app.command()
def quantities(
    text: str = typer.Argument(..., help="The text to parse; quote it."),
) -> None:
    """Print every quantity in TEXT, one JSON object per line.

    Each line has text, value (magnitude applied, no sign), unit (canonical),
    approx (about/over/under or null), start and end (character offsets in TEXT).

    Example: duban quantities "全市生产总值实现6539.21亿元,同比增长13.8%"
    """
    from duban.extract.quantities import quantities as parse_quantities

    for q in parse_quantities(text):
        row = {
            "text": q.text,
            "value": q.value,
            "unit": q.unit,
            "approx": str(q.approx) if q.approx else None,
            "start": q.span.start,
            "end": q.span.end,
        }
        typer.echo(json.dumps(row, ensure_ascii=False))
