"""The store tests again, on a real PostgreSQL server, plus the CLI against it.

Set DUBAN_TEST_PG to a URL of a database the tests may create schemas in
(scripts/services prints one); without it these tests skip. Each ledger lives in
a schema of its own, dropped at the end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from duban.errors import StoreError
from duban.store import SqlStore, open_store

# The same tests as for SQLite; the `new_store` fixture below makes them run on PostgreSQL.
from test_store import *  # noqa: F403
from test_store import make_file

del test_sqlite_ledger_is_wal_with_foreign_keys, test_a_file_that_is_not_a_ledger_is_refused  # noqa: F821

PG_URL = os.environ.get("DUBAN_TEST_PG", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="DUBAN_TEST_PG is not set (a postgresql:// URL to test against)"),
]
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "duban" / "data" / "qingdao-2021h1.txt"
CLI = [sys.executable, "-c", "from duban.cli import main; main()"]


def in_schema(url: str, schema: str) -> str:
    """The URL with `schema` first on the search path (libpq's `options` parameter)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture
def schemas() -> Iterator[Callable[[str], str]]:
    """Makes fresh schemas and hands out URLs into them; drops them all at the end."""
    import psycopg

    made: list[str] = []
    token = uuid.uuid4().hex[:10]
    with psycopg.connect(PG_URL, autocommit=True) as admin:

        def make(name: str) -> str:
            schema = f"duban_t_{token}_{name}"
            if schema not in made:
                admin.execute(f'CREATE SCHEMA "{schema}"')
                made.append(schema)
            return in_schema(PG_URL, schema)

        yield make
        for schema in made:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def new_store(schemas: Callable[[str], str]) -> Iterator[Callable[..., SqlStore]]:
    opened: list[SqlStore] = []

    def open_named(name: str = "ledger") -> SqlStore:
        opened.append(open_store(schemas(name)))
        return opened[-1]

    yield open_named
    for store in opened:
        store.close()


def test_a_server_that_refuses_is_a_clear_error_without_the_password() -> None:
    url = re.sub(r"://([^@/]*@)?", "://nobody:secret-pw@", PG_URL, count=1)
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert "secret-pw" not in str(caught.value)
    assert "cannot connect" in str(caught.value)


def test_migrations_are_recorded(store: SqlStore) -> None:
    assert store._all("SELECT version, name FROM schema_version ORDER BY version") == [
        (1, "core tables"),
        (2, "sentence full-text index"),
        (3, "facts lined up: when, basis, place, body, indicator"),
        (4, "the extractor that read each document"),
        (5, "the table cell of a fact"),
    ]


def test_a_second_ingest_of_the_same_bytes_waits_and_finds_them(new_store: Callable[..., SqlStore]) -> None:
    """Two connections to one ledger: the second sees the first's document and writes nothing."""
    first, second = new_store(), new_store()
    assert first.ingest(*make_file("a.txt")).status == "added"
    assert second.ingest(*make_file("a.txt")).status == "unchanged"
    assert len(second.reports()) == 2


def open_at_once(url: str, openers: int) -> list[str]:
    """Open the ledger at `url` from `openers` threads released together: their errors."""
    barrier = threading.Barrier(openers)
    problems: list[str] = []

    def open_one() -> None:
        barrier.wait()
        try:
            open_store(url).close()
        except StoreError as err:
            problems.append(str(err))

    threads = [threading.Thread(target=open_one) for _ in range(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return problems


def test_ledgers_opened_at_once_on_a_fresh_database_are_all_prepared(
    schemas: Callable[[str], str],
) -> None:
    """First use by several connections at once: the migrations (version table included)
    run under the lock, so none of them meets another's half-made tables."""
    for attempt in range(5):
        url = schemas(f"first_use_{attempt}")
        assert open_at_once(url, 4) == []
        with open_store(url) as store:
            versions = store._all("SELECT version FROM schema_version ORDER BY version")
            assert versions == [(m.version,) for m in store.migrations]


def test_paired_first_use_ingests_both_succeed(schemas: Callable[[str], str], tmp_path: Path) -> None:
    """Two `duban ingest` started together on a fresh database, DUBAN_TEST_PG_PAIRS times (3
    unless set): both exit 0 and the ledger holds the sample once."""
    (tmp_path / "sample.txt").write_bytes(SAMPLE.read_bytes())
    for pair in range(int(os.environ.get("DUBAN_TEST_PG_PAIRS", "3"))):
        url = schemas(f"pair_{pair}")
        command = [*CLI, "--db", url, "ingest", "sample.txt"]
        pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
        runs = [subprocess.Popen(command, cwd=tmp_path, **pipes) for _ in range(2)]
        outcomes = [(run.communicate(timeout=600)[1], run.returncode) for run in runs]
        assert [code for _, code in outcomes] == [0, 0], (pair, outcomes)
        assert len(json.loads(duban(url, "reports", "--json", cwd=tmp_path).stdout)) == 9


def duban(url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [*CLI, "--db", url, *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600)


def test_the_cli_runs_against_postgres(schemas: Callable[[str], str], tmp_path: Path) -> None:
    url = schemas("cli")
    (tmp_path / "sample.txt").write_bytes(SAMPLE.read_bytes())
    run = duban(url, "ingest", "sample.txt", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert len(json.loads(duban(url, "reports", "--json", cwd=tmp_path).stdout)) == 9
    hits = duban(url, "search", "就业", "--json", cwd=tmp_path).stdout.splitlines()
    assert hits and all("就业" in json.loads(line)["sentence"] for line in hits)


def test_the_demo_uses_only_an_empty_or_sample_ledger(schemas: Callable[[str], str], tmp_path: Path) -> None:
    from duban.store.ingest import prepare_demo

    url = schemas("demo")
    for _ in range(2):  # empty, then holding just the sample: used
        assert sum(o.reports for o in prepare_demo(url).outcomes) == 9
    other = tmp_path / "other.txt"
    other.write_bytes(SAMPLE.read_bytes() + b"\n")
    with open_store(url) as store:
        from duban.store.ingest import ingest_paths

        ingest_paths(store, [other])
    with pytest.raises(StoreError, match="--db"):
        prepare_demo(url)
    with open_store(url) as store:
        assert len(store.document_digests()) == 2


def test_the_web_app_closes_its_connections(schemas: Callable[[str], str]) -> None:
    import time

    import psycopg
    from fastapi.testclient import TestClient

    from duban.present.web import create_app

    name = f"duban_leak_{uuid.uuid4().hex[:8]}"
    url = f"{schemas('web')}&application_name={name}"
    with open_store(url) as store:
        from duban.store.ingest import ingest_paths

        ingest_paths(store, [SAMPLE])
    client = TestClient(create_app(url))
    rid = client.get("/api/reports").json()[0]["id"]
    for k in range(50):
        path = ("/api/reports", f"/api/reports/{rid}", "/api/facts?limit=5", "/api/search?q=就业", "/")[k % 5]
        assert client.get(path).status_code == 200, path
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        for _ in range(50):  # a closed connection's server process may take a moment to go
            (open_now,) = admin.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = %s", (name,)
            ).fetchone()
            if open_now == 0:
                break
            time.sleep(0.1)
    assert open_now == 0
