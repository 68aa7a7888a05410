"""The ledger: SQLite by default, PostgreSQL for a shared server.

from duban.store import open_store
with open_store("duban.db") as store:
    store.ingest(document, reports, warnings)
"""

from __future__ import annotations

from duban.store.base import IngestOutcome, ReportNotFound, ReportSummary, SearchHit, Store, StoredFact
from duban.store.sql import SqlStore
from duban.store.target import POSTGRES_SCHEMES, is_postgres, open_store, remove_sqlite_ledger

__all__ = [
    "POSTGRES_SCHEMES",
    "IngestOutcome",
    "ReportNotFound",
    "ReportSummary",
    "SearchHit",
    "SqlStore",
    "Store",
    "StoredFact",
    "is_postgres",
    "open_store",
    "remove_sqlite_ledger",
]
