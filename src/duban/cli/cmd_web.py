"""`duban serve` and `duban demo`: the web dashboard over a ledger."""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from duban.cli.app import app, settings
from duban.errors import DubanError
from duban.printable import printable

DEMO_DB = "duban-demo.db"

HostOption = Annotated[str, typer.Option("--host", help="Address to listen on.")]
PortOption = Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port to listen on.")]


def _serve(db: str, host: str, port: int, sock: socket.socket | None = None) -> None:
    """Serve the ledger at `db` on `sock` (bound here when not given) until Ctrl-C."""
    import uvicorn

    from duban.present.web import create_app, server_config

    web = create_app(db)
    sock = sock or _listen(host, port)
    typer.echo(f"督办 dashboard: http://{host}:{port}/  (Ctrl-C stops it)")
    server = uvicorn.Server(server_config(web))
    with sock:
        server.run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or one line saying why not (a port in use, a bad host)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as err:
        raise DubanError(f"{host}: cannot listen there: {err.strerror}") from err
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as err:
        sock.close()
        in_use = err.errno == errno.EADDRINUSE
        why = "the port is in use: choose another with --port" if in_use else err.strerror
        raise DubanError(f"{host}:{port}: cannot listen: {why}") from err
    return sock


@app.command(
    "serve",
    help=(
        "Serve the web dashboard (reader, indicator tables, charts, search, ask) and its "
        "JSON API (/api/, documented at /openapi.json) over the ledger.\n\n"
        "Example: duban --db 青岛.db serve --port 8000  # then open http://127.0.0.1:8000/"
    ),
)
def serve(ctx: typer.Context, host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    _serve(settings(ctx).db, host, port)


@app.command(
    "demo",
    help=(
        "Ingest the bundled sample (青岛市各部门2021年上半年工作总结) into a fresh ledger "
        f"(--db, default ./{DEMO_DB}; recreated only when new or holding just the sample, "
        "any other file or ledger is refused) and serve the dashboard.\n\n"
        "Example: duban demo --port 8000   # 然后打开 http://127.0.0.1:8000/"
    ),
)
def demo(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build the demo ledger and stop.")] = False,
) -> None:
    from duban.store.ingest import prepare_demo

    db = _demo_db(ctx)
    sock = None if no_serve else _listen(host, port)  # a port in use is said before any work
    run = prepare_demo(db)
    reports = sum(o.reports for o in run.outcomes)
    facts = sum(o.facts for o in run.outcomes)
    typer.echo(f"demo ledger {printable(db)}: {reports} reports, {facts} facts")
    if sock is not None:
        _serve(db, host, port, sock)


def _demo_db(ctx: typer.Context) -> str:
    """The --db given on the command line, else ./duban-demo.db. $DUBAN_DB is not read:
    the demo recreates its ledger and must never wipe an everyday one."""
    return ctx.find_root().params.get("db") or DEMO_DB
