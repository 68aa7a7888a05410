"""Ledger commands: ingest, reports, show, facts, items, search.

Each command opens the ledger named by the global ``--db``, makes one library call
and prints the result: a Rich table or tree by default, JSON (Lines) or CSV on request.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from duban.cli.app import MAX_JOBS, NoOcrOption, app, settings
from duban.cli.run import ocr_pages
from duban.model import IngestStatus, Role
from duban.printable import printable
from duban.store.bounds import MAX_NUMBER

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    from duban.model import ExtractedReport, Section
    from duban.store import SearchHit, SqlStore, StoredFact
    from duban.store.ingest import FileResult, IngestRun

# Rich and the ledger's reading and presentation are imported by the commands that use them:
# `duban --help` and each command's start-up do not pay for the others (issue 11).

PIPE_WIDTH = 240  # columns of table and tree output sent to a file or pipe
PROGRESS_FROM = 10  # files; fewer go by without a progress bar


class ItemKindOption(StrEnum):
    problems = "problems"
    plans = "plans"
    measures = "measures"


class SectionKindOption(StrEnum):
    achievements = "achievements"
    problems = "problems"
    plans = "plans"
    other = "other"


ReportOption = Annotated[
    str | None, typer.Option("--report", "-r", help="Only this report (id, number or part of its title).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")]


@contextmanager
def _ledger(ctx: typer.Context, create: bool = False) -> Iterator[SqlStore]:
    """The ledger named by --db; only `create` (ingest) may make a new one."""
    from duban.store import open_store

    store = open_store(settings(ctx).db, create=create)
    try:
        yield store
    finally:
        store.close()


def _out() -> Console:
    """Standard output; when it is not a terminal, wide enough that titles are not cut."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else PIPE_WIDTH)


def _jsonl(objects: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    for obj in objects:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


# -- ingest ----------------------------------------------------------------------------------
@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Report files or folders (searched recursively).")],
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, max=MAX_JOBS, help="Worker processes that extract.")
    ] = 1,
    no_ocr: Annotated[bool, NoOcrOption] = False,
) -> None:
    """Read report files into the ledger: one line per file (added, replaced or unchanged).

    Scanned pages and images are read by OCR (a progress bar on a terminal, with one
    worker); --no-ocr refuses them instead.

    Example: duban --db 督办.db ingest 青岛市2021年上半年工作总结.txt 报告/
    """
    from rich.console import Console
    from rich.text import Text

    from duban.store.ingest import ingest_files, input_files

    files = input_files(paths)
    out, err = _out(), Console(stderr=True, highlight=False)
    done: list[FileResult] = []
    with _progress(err, len(files)) as (advance, on_page):

        def on_progress(result: FileResult) -> None:
            _print_result(out, result)
            done.append(result)
            advance()

        try:
            run = ingest_files(
                settings(ctx).db,
                files,
                on_progress=on_progress,
                jobs=jobs,
                ocr=not no_ocr,
                on_ocr_page=on_page,
            )
        except KeyboardInterrupt:
            err.print(
                Text(f"duban: interrupted after {len(done)} of {len(files)} files; each stored file is "
                     "whole. Run the same command again to go on (files already in are skipped)."),
                soft_wrap=True,
            )  # fmt: skip
            raise typer.Exit(130) from None
    err.print(_run_summary(run))
    for failure in run.failures:
        err.print(Text(f"duban: error: {printable(f'{failure.path}: {failure.problem}')}"), soft_wrap=True)
    if run.failures:
        raise typer.Exit(1)


def _run_summary(run: IngestRun) -> str:
    n, done = len(run.results), run.outcomes
    counts = ", ".join(f"{run.count(status)} {status}" for status in IngestStatus)
    totals = f"{sum(o.reports for o in done)} reports, {sum(o.facts for o in done)} facts"
    return f"{n} file{'s' if n != 1 else ''}: {counts}, {len(run.failures)} failed; {totals}"


@contextmanager
def _progress(console: Console, total: int) -> Iterator[tuple[Any, Any]]:
    """(advance a file, OCR page callback): one progress display for both, on a terminal."""
    if not console.is_terminal:
        yield (lambda: None), (lambda path, done, pages: None)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("ingest", total=total, visible=total >= PROGRESS_FROM)
        yield (lambda: progress.advance(task)), ocr_pages(progress)


def _print_result(out: Console, result: FileResult) -> None:
    if result.outcome is None:
        return
    from rich.text import Text

    o = result.outcome
    out.print(
        Text(f"{o.status:<9} {printable(result.path)}  {o.reports} reports, {o.facts} facts"), soft_wrap=True
    )
    for warning in result.warnings:
        out.print(Text(f"          ! {printable(warning)}"), soft_wrap=True)


# -- reports, show ---------------------------------------------------------------------------
@app.command()
def reports(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list instead of a table.")] = False,
) -> None:
    """List the reports in the ledger, in ingest order, with their counts and warnings.

    Example: duban --db 督办.db reports --json
    """
    with _ledger(ctx) as store:
        summaries = store.reports()
    if as_json:
        from duban.present.jsonable import report_json  # (it brings the line-up's readers)

        objects = [{"number": n, **report_json(s)} for n, s in enumerate(summaries, 1)]
        sys.stdout.write(json.dumps(objects, ensure_ascii=False, indent=1) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not summaries:
        hint = "the ledger holds no reports yet: add some with `duban ingest FILE…`"
        Console(stderr=True).print(Text(hint))
        return
    table = Table("#", "报告", "部门", "日期", "时期", "章节", "句子", "数据", "提示")
    for n, s in enumerate(summaries, 1):
        r = s.report
        title = r.title + (" (不完整)" if r.truncated else "")
        date = r.date.isoformat() if r.date else ""
        counts = (str(s.sections), str(s.sentences), str(s.facts), str(len(s.warnings)))
        table.add_row(str(n), title, r.department or "", date, r.period or "", *counts)
    _out().print(table)


@app.command()
def show(
    ctx: typer.Context,
    report: Annotated[str, typer.Argument(help="Report id, number or part of its title.")],
) -> None:
    """Show one report's outline as a tree: headings with their kind and counts.

    Example: duban --db 督办.db show 商务局
    """
    with _ledger(ctx) as store:
        extracted = store.load(store.find_report(report).id)
    _out().print(_outline_tree(extracted))


def _outline_tree(extracted: ExtractedReport) -> Tree:
    from rich.text import Text
    from rich.tree import Tree

    r = extracted.report
    head = " · ".join(x for x in (r.department, r.date.isoformat() if r.date else None, r.period) if x)
    root = Tree(Text(f"{r.title}  [{r.id}]" + (f"  {head}" if head else "")))
    sentences = _count_by_path(s.section_path for s in extracted.sentences)
    facts = _count_by_path(f.sentence.section_path for f in extracted.facts)
    nodes: dict[tuple[int, ...], Tree] = {(): root}
    for section in extracted.sections:
        parent = nodes.get(section.path[:-1], root)
        nodes[section.path] = parent.add(_section_label(section, r.text, sentences, facts))
    for warning in r.warnings:
        root.add(Text(f"! {warning}"))
    return root


def _count_by_path(paths: Iterator[tuple[int, ...]] | Any) -> dict[tuple[int, ...], int]:
    counts: dict[tuple[int, ...], int] = {}
    for path in paths:
        counts[path] = counts.get(path, 0) + 1
    return counts


def _section_label(section: Section, text: str, sentences: dict, facts: dict) -> Text:
    from rich.text import Text

    from duban.present.labels import section_kind_label
    from duban.present.reader import section_label

    kind = section_kind_label(section.kind)
    label = Text(section_label(section, text))
    label.append(f"  〔{kind}〕", style="cyan")
    n_sent, n_fact = sentences.get(section.path, 0), facts.get(section.path, 0)
    label.append(f"  {n_sent}句 {n_fact}个数据", style="dim")
    return label


# -- facts, items ----------------------------------------------------------------------------
FACT_CSV = ["report_id", "doc", "section", "metric", "text", "value", "unit", "role", "subject"]
FACT_CSV += ["approx", "period", "start", "end", "indicator", "when", "where", "body", "basis", "sentence"]


@app.command()
def facts(
    ctx: typer.Context,
    report: ReportOption = None,
    metric: Annotated[str | None, typer.Option("--metric", "-m", help="Metric contains this.")] = None,
    role: Annotated[Role | None, typer.Option("--role", help="Only this role.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines of the fact contract objects.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header row.")] = False,
) -> None:
    """List facts (numbers with metric, role and source sentence) from the ledger.

    Example: duban --db 督办.db facts --metric 就业 --role level
    """
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    from duban.present.jsonable import fact_json

    with _ledger(ctx) as store:
        found = store.facts(report=report, metric=metric, role=role.value if role else None)
    if as_json:
        _jsonl(fact_json(f) for f in found)
    elif as_csv:
        writer = csv.DictWriter(sys.stdout, FACT_CSV, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(fact_json(f) for f in found)
    else:
        _out().print(_facts_table(found))


def _facts_table(found: list[StoredFact]) -> Table:
    """The facts as a Chinese table: roles by their Chinese names, as in the exports."""
    from rich.table import Table

    from duban.present.labels import role_label

    table = Table("报告", "指标", "数值", "角色", "主体", "时期", "原句", title=f"{len(found)} 个数据")
    for s in found:
        f = s.fact
        role = role_label(f.role)
        table.add_row(s.report_title, f.metric, f.quantity.text, role, f.subject or "",
                      f.period or "", f.sentence.text)  # fmt: skip
    return table


@app.command()
def items(
    ctx: typer.Context,
    kind: Annotated[ItemKindOption, typer.Option("--kind", "-k", help="problems, plans or measures.")],
    report: ReportOption = None,
    as_json: JsonOption = False,
) -> None:
    """List problems, plans or measures found in the reports.

    Example: duban --db 督办.db items --kind problems --report 商务局
    """
    from rich.table import Table

    with _ledger(ctx) as store:
        found = store.items(kind=kind.value, report=report)
    if as_json:
        _jsonl(
            {"report_id": it.report_id, "report": title, "kind": str(it.kind), "text": it.text,
             "section_path": list(it.section_path), "start": it.span.start, "end": it.span.end}
            for it, title in found
        )  # fmt: skip
        return
    table = Table("报告", "内容", title=f"{len(found)} 条")
    for it, title in found:
        table.add_row(title, it.text)
    _out().print(table)


# -- search ----------------------------------------------------------------------------------
@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find; every word must match.")],
    report: ReportOption = None,
    kind: Annotated[SectionKindOption | None, typer.Option("--kind", "-k", help="Section kind.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines of hits with match spans.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=MAX_NUMBER, help="At most this many hits.")
    ] = 20,
) -> None:
    """Full-text search over the ledger's sentences (Chinese-aware), best first.

    Example: duban --db 督办.db search 就业 --kind plans
    """
    if not query.strip():
        raise typer.BadParameter("give one or more words to find", param_hint="'QUERY'")
    from rich.console import Console
    from rich.text import Text

    from duban.present.jsonable import hit_json
    from duban.present.labels import section_kind_label

    with _ledger(ctx) as store:
        hits = store.search(query, report=report, kind=kind.value if kind else None, limit=limit)
    if as_json:
        _jsonl(hit_json(h) for h in hits)
        return
    out = _out()
    if not hits:
        Console(stderr=True).print(Text(f"no sentence matches {query!r}"))
    for n, hit in enumerate(hits, 1):
        kind_label = section_kind_label(hit.section_kind)
        where = f" › {hit.section_heading}" if hit.section_heading else ""
        out.print(Text(f"[{n}] {hit.report_title}{where} 〔{kind_label}〕", style="bold"), soft_wrap=True)
        out.print(_highlighted(hit), soft_wrap=True)


def _highlighted(hit: SearchHit) -> Text:
    from rich.text import Text

    text = Text("    " + hit.sentence.text)
    for span in hit.matches:
        text.stylize("bold red", span.start + 4, span.end + 4)
    return text
