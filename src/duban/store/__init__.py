"""The ledger: SQLite by default, PostgreSQL for a shared server."""
