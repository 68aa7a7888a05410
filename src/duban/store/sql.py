"""The ledger over a DB-API connection: everything SQLite and PostgreSQL share, put together
from its parts, each in its own module:

- `connection`: statements, transactions, migrations, the backend's hooks (`SqlConnection`);
- `writes`: ingest, one file in one transaction (`Writing`);
- `references`: which report a user means (`Resolving`);
- `reads`: reports, whole reports, facts and items (`Reading`);
- `fallback`: search, the full-text index and the substring fallback (`Searching`).

Rows read come back as named rows (`duban.store.rows`). A backend (`SqliteStore`,
`PostgresStore`) subclasses `SqlStore` with its connection, write lock and full-text query.
"""

from __future__ import annotations

from duban.store.fallback import Searching
from duban.store.writes import SentenceTokens, Writing, stored_path

__all__ = ["SentenceTokens", "SqlStore", "stored_path"]


class SqlStore(Writing, Searching):
    """A `duban.store.base.Store` over one connection. Subclasses open it and set `target`."""
