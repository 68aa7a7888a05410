"""The ledger: SQLite by default, PostgreSQL for a shared server.

from duban.store import open_store
with open_store("duban.db") as store:
    store.ingest(document, reports, warnings)
"""

from __future__ import annotations

from duban.store.base import IngestOutcome, ReportSummary, SearchHit, Store, StoredFact
from duban.store.sql import SqlStore

__all__ = [
    "IngestOutcome",
    "ReportSummary",
    "SearchHit",
    "SqlStore",
    "Store",
    "StoredFact",
    "open_store",
]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(target: str) -> SqlStore:
    """A path opens (or creates) a SQLite ledger; a postgresql:// URL a PostgreSQL one.

    Raises StoreError when the ledger cannot be opened.
    """
    if target.startswith(POSTGRES_SCHEMES):
        from duban.store.postgres import PostgresStore

        return PostgresStore(target)
    from duban.store.sqlite import SqliteStore

    return SqliteStore(target)
