"""`duban check`, `duban export`, `duban brief`: thin wrappers over analyse.checks,
present.export and present.brief."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from duban.cli.app import app, settings
from duban.errors import DubanError
from duban.model import Finding
from duban.printable import printable

if TYPE_CHECKING:
    from duban.store import SqlStore


def _store(ctx: typer.Context) -> SqlStore:
    from duban.store import open_store

    return open_store(settings(ctx).db, create=False)


@app.command(
    "check",
    help=(
        "Check the ledger: progress against time (时间过半、任务过半), arithmetic of stated "
        "ratios and totals, the same indicator told with different values.\n\n"
        "Example: duban --db 青岛.db check --json | grep 落后"
    ),
)
def check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per finding and line.")] = False,
) -> None:
    from duban.analyse.checks import run_checks

    with _store(ctx) as store:
        reports = store.load_all()
    findings = run_checks(reports)
    titles = {er.report.id: er.report.title for er in reports}
    if as_json:
        for finding in findings:
            typer.echo(json.dumps(finding_json(finding, titles), ensure_ascii=False))
        return
    _print_table(findings, {er.report.id: er.report.department or er.report.title for er in reports})


def finding_json(finding: Finding, titles: dict[str, str]) -> dict[str, Any]:
    """A finding as one JSON object; its facts are contract objects (spec/FACTS.md)."""
    from duban.analyse.checks import kind_name, status_name

    title = titles.get(finding.report_id, "")
    return {
        "kind": finding.kind,
        "status": finding.status,
        "kind_zh": kind_name(finding.kind),
        "status_zh": status_name(finding.status),
        "report": title,
        "report_id": finding.report_id,
        "sentence": "".join(finding.sentence.text.split()),
        "message": finding.message,
        "facts": [f.to_json(titles.get(f.sentence.report_id, title)) for f in finding.facts],
    }


def _print_table(findings: list[Finding], bodies: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    from duban.analyse.checks import kind_name, status_name

    console = Console()
    if not findings:
        console.print("no findings")
        return
    table = Table(show_lines=False)
    table.add_column("类型", no_wrap=True)
    table.add_column("状态", no_wrap=True)
    table.add_column("单位", max_width=16, overflow="fold")
    table.add_column("说明", ratio=1, overflow="fold")
    colours = {"behind": "red", "mismatch": "red", "conflict": "red", "ahead": "green", "ok": "green"}
    for f in findings:
        status = f"[{colours.get(f.status, 'white')}]{status_name(f.status)}[/]"
        table.add_row(kind_name(f.kind), status, bodies.get(f.report_id, f.report_id), f.message)
    console.print(table)
    counts: dict[str, int] = {}
    for f in findings:
        counts[status_name(f.status)] = counts.get(status_name(f.status), 0) + 1
    console.print("  ".join(f"{k} {v}" for k, v in counts.items()))


@app.command(
    "export",
    help=(
        "Export the ledger: an Excel workbook (指标 with the source sentence beside every "
        "number, 目标对账, 进度, 核查, 问题, 打算), CSV files (UTF-8 with BOM), or facts as JSON Lines.\n\n"
        "Example: duban export --xlsx 指标.xlsx --csv 导出/ --jsonl 指标.jsonl"
    ),
)
def export(
    ctx: typer.Context,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", metavar="FILE", help="Write an Excel workbook.")
    ] = None,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", metavar="DIR", help="Write one CSV per sheet into DIR.")
    ] = None,
    jsonl: Annotated[
        Path | None, typer.Option("--jsonl", metavar="FILE", help="Write the facts as JSON Lines.")
    ] = None,
) -> None:
    from duban.present import export as ex

    if not (xlsx or csv_dir or jsonl):
        raise DubanError("export: name at least one of --xlsx FILE, --csv DIR, --jsonl FILE")
    ex.check_targets(files=[xlsx, jsonl], folders=[csv_dir])
    from duban.analyse.track import track

    with _store(ctx) as store:
        reports = ex.ledger_reports(store)
        tracked = track(store) if (xlsx or csv_dir) else []
    tables = ex.ledger_tables(reports, tracked=tracked) if (xlsx or csv_dir) else []
    if xlsx:
        typer.echo(f"wrote {printable(str(ex.write_xlsx(tables, xlsx, ex.stamp_of(reports))))}")
    if csv_dir:
        typer.echo(f"wrote {len(ex.write_csv(tables, csv_dir))} CSV files to {printable(str(csv_dir))}")
    if jsonl:
        typer.echo(f"wrote {ex.write_jsonl(reports, jsonl)} facts to {printable(str(jsonl))}")


@app.command(
    "brief",
    help=(
        "Write a 综合简报 of the whole ledger: by body, key indicators, what is behind "
        "schedule, data checks, problems and plans, every number with its source.\n\n"
        "Example: duban brief --docx 综合简报.docx --md 综合简报.md"
    ),
)
def brief(
    ctx: typer.Context,
    md: Annotated[Path | None, typer.Option("--md", metavar="FILE", help="Write Markdown.")] = None,
    docx: Annotated[
        Path | None, typer.Option("--docx", metavar="FILE", help="Write a Word document.")
    ] = None,
) -> None:
    from duban.present import brief as br
    from duban.present.export import check_targets

    if not (md or docx):
        raise DubanError("brief: name --md FILE or --docx FILE")
    check_targets(files=[md, docx])
    with _store(ctx) as store:
        the_brief = br.ledger_brief(store)
    if md:
        typer.echo(f"wrote {printable(str(br.write_markdown(the_brief, md)))}")
    if docx:
        typer.echo(f"wrote {printable(str(br.write_docx(the_brief, docx)))}")
