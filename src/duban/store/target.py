"""Which ledger a `--db` names: a SQLite file or a PostgreSQL URL; opening and removing one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duban.store.sql import SqlStore

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def is_postgres(target: str) -> bool:
    """Whether `target` is a PostgreSQL URL rather than a SQLite path."""
    return target.startswith(POSTGRES_SCHEMES)


def open_store(target: str, create: bool = True) -> SqlStore:
    """A path opens a SQLite ledger; a postgresql:// URL a PostgreSQL one.

    With `create` a SQLite file that does not exist yet becomes a new ledger; without it
    (commands that only read) a missing or empty file is refused, so that a mistyped
    ``--db`` is said at once instead of showing an empty ledger and leaving a file behind.
    Raises StoreError when the ledger cannot be opened.
    """
    if is_postgres(target):
        from duban.store.postgres import PostgresStore

        return PostgresStore(target)
    from duban.store.sqlite import SqliteStore

    return SqliteStore(target, create=create)


def remove_sqlite_ledger(path: str) -> None:
    """Delete a SQLite ledger file and its side files (write-ahead log, shared memory, journal)."""
    for suffix in ("", *SQLITE_SIDE_FILES):
        Path(path + suffix).unlink(missing_ok=True)
