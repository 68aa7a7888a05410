"""The ledger: SQLite by default, PostgreSQL for a shared server.

from duban.store import open_store
with open_store("duban.db") as store:
    store.ingest(document, reports, warnings)

The names below are loaded on first use: a command that needs no ledger (`duban extract`,
`duban --help`) and imports one of the store's light modules (`duban.store.bounds`) does not
load the SQL layer.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duban.store.base import IngestOutcome, ReportNotFound, ReportSummary, SearchHit, Store, StoredFact
    from duban.store.sql import SqlStore
    from duban.store.target import POSTGRES_SCHEMES, is_postgres, open_store, remove_sqlite_ledger

_HOME = {
    "IngestOutcome": "base",
    "ReportNotFound": "base",
    "ReportSummary": "base",
    "SearchHit": "base",
    "Store": "base",
    "StoredFact": "base",
    "SqlStore": "sql",
    "POSTGRES_SCHEMES": "target",
    "is_postgres": "target",
    "open_store": "target",
    "remove_sqlite_ledger": "target",
}

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


def __getattr__(name: str) -> object:
    """The name from the module it lives in, imported now (and kept here)."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value
