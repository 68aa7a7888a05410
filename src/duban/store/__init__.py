"""The ledger: SQLite by default, PostgreSQL for a shared server.

from duban.store import open_store
with open_store("duban.db") as store:
    store.ingest(document, reports, warnings)
"""

from __future__ import annotations

from duban.store.base import IngestOutcome, ReportNotFound, ReportSummary, SearchHit, Store, StoredFact
from duban.store.sql import SqlStore

__all__ = [
    "IngestOutcome",
    "ReportNotFound",
    "ReportSummary",
    "SearchHit",
    "SqlStore",
    "Store",
    "StoredFact",
    "open_store",
]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(target: str, create: bool = True) -> SqlStore:
    """A path opens a SQLite ledger; a postgresql:// URL a PostgreSQL one.

    With `create` a SQLite file that does not exist yet becomes a new ledger; without it
    (commands that only read) a missing or empty file is refused, so that a mistyped
    ``--db`` is said at once instead of showing an empty ledger and leaving a file behind.
    Raises StoreError when the ledger cannot be opened.
    """
    if target.startswith(POSTGRES_SCHEMES):
        from duban.store.postgres import PostgresStore

        return PostgresStore(target)
    from duban.store.sqlite import SqliteStore

    return SqliteStore(target, create=create)
