"""`duban serve` and `duban demo`: the web dashboard over a ledger."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from typing import Annotated, Any

import typer

from duban.cli.app import app, settings
from duban.errors import DubanError
from duban.printable import printable

DEMO_DB = "duban-demo.db"

HostOption = Annotated[str, typer.Option("--host", help="Address to listen on.")]
PortOption = Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port to listen on.")]


SERVE_DB = "DUBAN_SERVE_DB"  # the ledger the worker processes of `duban serve --workers N` serve
SERVE_POLICY = "DUBAN_SERVE_POLICY"  # and their write policy: "writable,token_required" as 0/1
MAX_WORKERS = 32


def _serve(
    db: str,
    host: str,
    port: int,
    sock: socket.socket | None = None,
    writable: bool = False,
    workers: int = 1,
) -> None:
    """Serve the ledger at `db` on `sock` (bound here when not given) until Ctrl-C, in `workers`
    processes sharing the socket (each reads the ledger on connections of its own: SQLite in
    WAL mode serves many readers beside one writer, PostgreSQL many connections); with
    `writable`, reports may be imported in the browser (off loopback only with $DUBAN_TOKEN)."""
    import uvicorn

    from duban.present.web import WritePolicy, create_app, server_config

    token = os.environ.get("DUBAN_TOKEN") or None
    public = not _is_loopback(host)
    if writable and public and not token:
        raise DubanError(f"{host}: serving writable off loopback needs a token: set DUBAN_TOKEN")
    web = create_app(
        db, WritePolicy(writable=writable, token=token, token_required=public), warm=workers <= 1
    )
    sock = sock or _listen(host, port)
    typer.echo(f"督办 dashboard: http://{host}:{port}/  (Ctrl-C stops it)")
    if workers <= 1:
        server = uvicorn.Server(server_config(web))
        with sock:
            server.run(sockets=[sock])
        return
    from uvicorn.supervisors import Multiprocess

    os.environ[SERVE_DB] = db  # the workers are new processes: they find the ledger here
    os.environ[SERVE_POLICY] = f"{int(writable)},{int(public)}"
    config = uvicorn.Config(
        f"{__name__}:web_app", factory=True, workers=workers, server_header=False, log_level="warning"
    )  # as web.server_config, for an app each worker builds itself
    with sock:
        Multiprocess(config, sockets=[sock]).run()


def web_app() -> Any:
    """The web app of one worker process of `duban serve --workers N` (uvicorn's factory)."""
    from duban.present.web import WritePolicy, create_app

    writable, token_required = (flag == "1" for flag in os.environ[SERVE_POLICY].split(","))
    token = os.environ.get("DUBAN_TOKEN") or None
    return create_app(os.environ[SERVE_DB], WritePolicy(writable, token, token_required), warm=True)


def _is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
        "Serve the web dashboard (overview, 目标对账, indicators, reader, search, ask) and its "
        "JSON API (/api/, documented at /docs and /openapi.json) over the ledger. Read-only "
        "unless --writable; off loopback, writes also need the token in $DUBAN_TOKEN.\n\n"
        "Example: duban --db 青岛.db serve --port 8000 --writable  # then open http://127.0.0.1:8000/import"
    ),
)
def serve(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    writable: Annotated[
        bool, typer.Option("--writable", help="Allow importing reports in the browser (/import).")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            max=MAX_WORKERS,
            help="Server processes answering at once (default: the CPUs, at most 4).",
        ),
    ] = min(os.cpu_count() or 1, 4),
) -> None:
    _serve(settings(ctx).db, host, port, writable=writable, workers=workers)


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
