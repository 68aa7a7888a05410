"""`duban series` and `duban track`: an indicator over time, and targets set against outcomes."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from duban.cli.app import app, settings
from duban.model import Role
from duban.present.labels import role_label, status_label

if TYPE_CHECKING:
    pass

WhereOption = Annotated[
    str | None, typer.Option("--where", "-w", help="Only this place (青岛市, 全国, 四川省).")
]


@app.command()
def series(
    ctx: typer.Context,
    indicator: Annotated[str, typer.Argument(help="An indicator: its name or any alias (GDP, 社零).")],
    where: WhereOption = None,
    role: Annotated[Role | None, typer.Option("--role", help="Only this role.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one row per line.")] = False,
) -> None:
    """An indicator over time: one row per place, period, role and basis, with its sources;
    a row whose reports state different values is flagged.

    Example: duban --db 国务院.db series 国内生产总值 --role change
    """
    from rich.console import Console
    from rich.table import Table

    from duban.analyse.series import series as read_series
    from duban.lineup import resolve
    from duban.store import open_store

    place = (resolve(where) or where) if where else None
    with open_store(settings(ctx).db, create=False) as store:
        rows = read_series(store, indicator, place, str(role) if role else None)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(_row_json(row), ensure_ascii=False) + "\n")
        return
    if not rows:
        Console(stderr=True).print(f"no fact of {indicator!r} with a period in the ledger")
        return
    table = Table("地区", "时期", "角色", "比较", "数值", "来源", "不一致")
    for row in rows:
        first = row.facts[0]
        table.add_row(row.where or "", row.when, role_label(row.role), row.basis or "",
                      first.fact.quantity.text, first.report_title, "是" if row.conflict else "")  # fmt: skip
    Console(highlight=False, width=None if sys.stdout.isatty() else 240).print(table)


def _row_json(row: object) -> dict[str, object]:
    from duban.analyse.series import SeriesRow

    assert isinstance(row, SeriesRow)
    return {
        "indicator": row.indicator,
        "where": row.where,
        "when": row.when,
        "role": row.role,
        "basis": row.basis,
        "unit": row.unit,
        "value": row.value,
        "conflict": row.conflict,
        "sources": [
            {
                "value": s.fact.value,
                "text": s.fact.quantity.text,
                "doc": s.report_title,
                "sentence": s.fact.sentence.text,
                "report_id": s.report_id,
            }
            for s in row.facts
        ],
    }


@app.command()
def track(
    ctx: typer.Context,
    indicator: Annotated[str | None, typer.Option("--indicator", "-i", help="Only this indicator.")] = None,
    where: WhereOption = None,
    when: Annotated[
        str | None, typer.Option("--when", help="Only targets of this period (2021, 2021-H2).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one target per line.")] = False,
) -> None:
    """目标对账: every target with the outcome a later (or the same) report states for the same
    indicator, place and period, and a status: met, missed, pending or unclear.

    Example: duban --db 国务院.db track --indicator 国内生产总值 --json
    """
    from rich.console import Console
    from rich.table import Table

    from duban.analyse.track import track as read_track
    from duban.analyse.track import tracked_json
    from duban.lineup import resolve
    from duban.store import open_store

    place = (resolve(where) or where) if where else None
    with open_store(settings(ctx).db, create=False) as store:
        tracked = read_track(store, indicator, place, when)
    if as_json:
        for item in tracked:
            sys.stdout.write(json.dumps(tracked_json(item), ensure_ascii=False) + "\n")
        return
    if not tracked:
        Console(stderr=True).print(
            "no target with a period in the ledger" + (f" for {indicator!r}" if indicator else "")
        )
        return
    table = Table("指标", "地区", "时期", "目标", "实际", "状态", "目标来源")
    for item in tracked:
        j = tracked_json(item)
        target, outcome = j["target"], j["outcome"] or j["so_far"]
        table.add_row(str(j["indicator"]), str(j["where"] or ""), str(j["when"]), str(target["text"]),  # type: ignore[index]
                      str(outcome["text"]) if outcome else "", status_label(str(j["status"])),  # type: ignore[index]
                      str(target["doc"]))  # type: ignore[index]  # fmt: skip
    Console(highlight=False, width=None if sys.stdout.isatty() else 240).print(table)
