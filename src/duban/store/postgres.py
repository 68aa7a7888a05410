"""The ledger on a PostgreSQL server (psycopg 3), for a shared deployment.

Same tables as SQLite (see `duban.store.schema`). Search keeps the jieba tokens of
each sentence as a tsvector built with ``array_to_tsvector`` from the space-joined
tokens, indexed with GIN, and queries with a tsquery of quoted tokens. The
tokens go in and out exactly as jieba cut them: no text-search parser runs, so
the result does not hang on the server's locale (the ``simple`` parser reads CJK
characters as letters only under a UTF-8 LC_CTYPE) and a token such as
``6539.21`` or ``5g`` stays one lexeme on both sides. pg_trgm would find any
substring but ranks by trigram overlap, not words, and needs an extension the
server may not allow.

Writers take a transaction-scoped advisory lock, so ingests into one ledger are
serialised as in SQLite; the unique constraint on sha256 backs it.
"""

from __future__ import annotations

import re
from typing import Any

from duban.errors import StoreError
from duban.store.schema import POSTGRES_MIGRATIONS
from duban.store.search import tsquery
from duban.store.sql import SqlStore

CONNECT_TIMEOUT_S = 10


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class PostgresStore(SqlStore):
    migrations = POSTGRES_MIGRATIONS
    CONTAINS = "strpos({}, ?) > 0"  # PostgreSQL has no instr()

    def __init__(self, url: str) -> None:
        import psycopg

        self.backend_errors = (psycopg.Error,)
        self.target = redact(url)
        try:
            connection = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as err:
            raise StoreError(f"{self.target}: cannot connect: {_first_line(err)}") from err
        super().__init__(connection)
        try:
            self._migrate()
        except psycopg.Error as err:
            connection.close()
            raise StoreError(f"{self.target}: cannot prepare the ledger: {_first_line(err)}") from err
        except BaseException:
            connection.close()
            raise

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def _begin_write(self) -> None:
        self._run("BEGIN")
        self._run("SELECT pg_advisory_xact_lock(hashtext('duban ledger ' || current_schema()))")

    def _wrap(self, action: str, err: BaseException) -> StoreError:
        return StoreError(f"{self.target}: cannot {action}: {_first_line(err)}")

    def _fts_rows(self, words: list[str], report_id: str | None, kind: str | None, limit: int) -> list[Any]:
        where, params = self._hit_filters(report_id, kind)
        filters = "".join(" AND " + w for w in where)
        query = tsquery(words)
        return self._all(
            f"SELECT {self.HIT_COLUMNS}, ts_rank(s.tsv, ?::tsquery) AS rank {self.HIT_FROM} "
            f"WHERE s.tsv @@ ?::tsquery{filters} ORDER BY rank DESC, s.id LIMIT ?",
            [query, query, *params, limit],
        )


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
