"""The ledger's connection: statements, transactions, migrations and the backend's hooks.

Statements are written with ``?`` placeholders; a backend whose driver wants another style
rewrites them in `_sql`. Backends supply the connection, the write lock (`_begin_write`),
the full-text index upkeep and the full-text query. `duban.store.sql.SqlStore` builds the
ledger's writes, references, reads and search on this.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, Self

from duban.errors import StoreError
from duban.store.schema import VERSION_TABLE, Migration, pending

LISTING_ORDER = "d.seq, r.ordinal"  # reports as they are listed: by document, then in their document
REPORT_TEXT = "COALESCE(r.text, substr(d.text, r.span_start + 1, r.span_end - r.span_start))"


class SqlConnection:
    """One DB-API connection and what every part of the ledger does with it."""

    target: str
    migrations: tuple[Migration, ...]
    backend_errors: tuple[type[BaseException], ...]

    def __init__(self, connection: Any) -> None:
        self._conn = connection

    def _sql(self, statement: str) -> str:
        return statement

    def _all(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._conn.execute(self._sql(statement), tuple(params)).fetchall())

    def _one(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self._conn.execute(self._sql(statement), tuple(params)).fetchone()
        return row

    def _run(self, statement: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(self._sql(statement), tuple(params))

    def _many(self, statement: str, params: list[tuple[Any, ...]]) -> None:
        if params:
            self._conn.cursor().executemany(self._sql(statement), params)

    def _begin_write(self) -> None:
        raise NotImplementedError

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[None]:
        """One transaction; writes are serialised between processes by the backend's lock."""
        if write:
            self._begin_write()
        else:
            self._run("BEGIN")
        try:
            yield
        except BaseException:
            self._run("ROLLBACK")
            raise
        self._run("COMMIT")

    @contextlib.contextmanager
    def _read(self, action: str) -> Iterator[None]:
        """A read transaction (one consistent snapshot); backend errors become StoreError."""
        try:
            with self._transaction(write=False):
                yield
        except self.backend_errors as err:
            raise self._wrap(action, err) from err

    def _migrate(self) -> None:
        """Apply pending migrations; when there are none (the usual open) no lock is taken.
        Everything they do, the version table's creation included, is done under the write
        lock, so that ledgers first opened at once never make one table twice."""
        applied = self._applied()
        known = {m.version for m in self.migrations}
        if applied - known:
            raise StoreError(f"{self.target}: the ledger was made by a newer duban (schema {max(applied)})")
        if not pending(self.migrations, applied):
            return
        with self._transaction(write=True):
            self._run(VERSION_TABLE)
            for migration in pending(self.migrations, self._applied()):
                for statement in migration.statements:
                    self._run(statement)
                self._after_migration(migration)
                self._run(
                    "INSERT INTO schema_version (version, name) VALUES (?, ?)",
                    (migration.version, migration.name),
                )

    def _applied(self) -> set[int]:
        try:
            return {v for (v,) in self._all("SELECT version FROM schema_version")}
        except self.backend_errors:
            return set()  # a new ledger: no version table yet

    def _wrap(self, action: str, err: BaseException) -> StoreError:
        return StoreError(f"{self.target}: cannot {action}: {str(err).strip()}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _after_migration(self, migration: Migration) -> None:
        """What a backend does to the rows already there once `migration` ran (in its transaction)."""

    # -- backend hooks for the full-text index ---------------------------------------------
    def _index_substrings(self, first_id: int, texts: Sequence[str]) -> None:
        """Add the texts of sentences first_id.. to a substring index, when the backend keeps one."""

    def _index_sentences(self, first_id: int, last_id: int) -> None:
        """Add sentences first_id..last_id to the full-text index (nothing when it follows by itself)."""

    def _unindex_document(self, seq: int) -> None:
        """Drop a document's sentences from the full-text index before they are deleted."""

    def _fts_rows(self, words: list[str], report_id: str | None, kind: str | None, limit: int) -> list[Any]:
        """Hit rows (`duban.store.fallback.HIT_COLUMNS`, then a score) of sentences holding every word."""
        raise NotImplementedError


def escape_like(text: str) -> str:
    """`text` as a LIKE pattern matching itself (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
