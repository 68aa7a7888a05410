"""The ledger on a PostgreSQL server (not written yet)."""

from __future__ import annotations

from duban.errors import StoreError


class PostgresStore:
    def __init__(self, url: str) -> None:
        raise StoreError("PostgreSQL ledgers are not supported yet; use a SQLite file path")
