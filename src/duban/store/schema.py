"""The ledger's tables, as ordered, recorded migrations.

Each backend keeps a ``schema_version`` table listing the migrations applied.
`pending` returns the ones still to run; a backend runs each in its own
transaction and records it. Migrations are never edited once shipped: a change
is a new migration appended to the list.

Conventions shared by both dialects:

- Spans are two integer columns, ``*_start`` and ``*_end``.
- Section paths are dotted strings (``"2.1"``; ``""`` when under no heading).
- Lists and offset maps are JSON text.
- No timestamps: the same inputs in the same order give the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_CORE_TABLES = (
    """
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY,          -- ingest order; kept when a path's bytes are replaced
        id TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL UNIQUE,
        encoding TEXT NOT NULL,
        text TEXT NOT NULL,
        offsets TEXT NOT NULL,            -- JSON [[repaired_start, original_start], ...]
        warnings TEXT NOT NULL            -- JSON list of document-level warnings
    )
    """,
    """
    CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        document_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        title TEXT NOT NULL,
        department TEXT,
        date TEXT,                        -- ISO date
        period TEXT,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        text TEXT,                        -- NULL when it is exactly documents.text[span]
        truncated INTEGER NOT NULL,
        warnings TEXT NOT NULL,
        UNIQUE (document_seq, ordinal)
    )
    """,
    """
    CREATE TABLE sections (
        report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        path TEXT NOT NULL,
        heading TEXT NOT NULL,
        kind TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        style TEXT NOT NULL,
        PRIMARY KEY (report_id, idx)
    )
    """,
    "CREATE INDEX sections_by_path ON sections (report_id, path)",
    """
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        section_path TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        text TEXT,                        -- NULL when it is exactly the report text at span
        tokens TEXT NOT NULL,             -- space-joined search tokens
        UNIQUE (report_id, idx)
    )
    """,
    """
    CREATE TABLE facts (
        report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        sentence_idx INTEGER NOT NULL,
        sentence_json TEXT,               -- only when the fact's sentence is not the report's
        q_text TEXT NOT NULL,
        q_value DOUBLE PRECISION NOT NULL,
        unit TEXT NOT NULL,
        approx TEXT,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        metric TEXT NOT NULL,
        role TEXT NOT NULL,
        subject TEXT,
        period TEXT,
        PRIMARY KEY (report_id, idx)
    )
    """,
    "CREATE INDEX facts_by_metric ON facts (metric)",
    """
    CREATE TABLE items (
        report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        section_path TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        PRIMARY KEY (report_id, idx)
    )
    """,
    """
    CREATE TABLE entities (
        report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        PRIMARY KEY (report_id, idx)
    )
    """,
)

# Lining facts up across reports: when the number holds, what a change is compared with, the
# place and body, the catalogue's indicator (spec/FACTS.md: when, basis, where, body, indicator;
# `when` and `where` are SQL words, so the columns are holds_when and place). Facts stored
# before this migration have them NULL until their file is ingested again.
_LINEUP = (
    "ALTER TABLE facts ADD COLUMN holds_when TEXT",
    "ALTER TABLE facts ADD COLUMN basis TEXT",
    "ALTER TABLE facts ADD COLUMN place TEXT",
    "ALTER TABLE facts ADD COLUMN body TEXT",
    "ALTER TABLE facts ADD COLUMN indicator TEXT",
    "CREATE INDEX facts_by_indicator ON facts (indicator, place, holds_when)",
)

# Which extractor read a document (duban.pipeline.extractor_version): the same bytes read by
# another one are read again ("updated"); documents stored before have none.
_EXTRACTOR = ("ALTER TABLE documents ADD COLUMN extractor TEXT",)

# The table cell a fact was read from (JSON: table, row, column and their names), NULL for text.
_CELL = ("ALTER TABLE facts ADD COLUMN cell TEXT",)

SQLITE_MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables", _CORE_TABLES),
    Migration(
        2,
        "sentence full-text index",
        (
            "CREATE VIRTUAL TABLE sentence_fts USING fts5("
            "tokens, content='sentences', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        ),
    ),
    Migration(3, "facts lined up: when, basis, place, body, indicator", _LINEUP),
    Migration(4, "the extractor that read each document", _EXTRACTOR),
    Migration(5, "the table cell of a fact", _CELL),
    # Sentences by the pairs of neighbouring characters they hold (search.gram_tokens): the
    # substring search that follows an index search finding nothing reads only the sentences
    # that may hold every part (issue 11). Contentless: the tokens are not kept twice. The
    # sentences already in a ledger are indexed when it migrates (SqliteStore._after_migration).
    Migration(
        6,
        "sentence substring index",
        (
            "CREATE VIRTUAL TABLE sentence_grams USING fts5("
            "grams, content='', detail='none', tokenize='ascii')",
        ),
    ),
    # The documents' short columns in an index of their own (issue 11): SQLite keeps a row's
    # columns in order and a document's text and offsets come before `extractor`, so every
    # read of the ledger's state or report versions (each page of the web app) walked each
    # document's text to reach it: 2.6 ms at 1,000 reports, 0.6 ms from the index alone.
    # PostgreSQL keeps long text out of the row: it needs none.
    Migration(
        7,
        "documents' versions index",
        ("CREATE INDEX documents_versions ON documents (seq, id, sha256, extractor)",),
    ),
    # duban.store.ranked: per common word and count in a sentence, the shortest sentences (then
    # by id) of those up to `through`; built at the end of an ingest, not here.
    Migration(
        8,
        "common words' best sentences",
        (
            "CREATE TABLE search_ranked (term TEXT NOT NULL, f INTEGER NOT NULL, d INTEGER NOT NULL, "
            "id INTEGER NOT NULL, PRIMARY KEY (term, f, d, id)) WITHOUT ROWID",
            "CREATE TABLE search_ranked_state (through INTEGER NOT NULL)",
            "INSERT INTO search_ranked_state (through) VALUES (0)",
        ),
    ),
)

POSTGRES_MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables", _CORE_TABLES),
    Migration(
        2,
        "sentence full-text index",
        (
            "ALTER TABLE sentences ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED",
            "CREATE INDEX sentences_tsv ON sentences USING gin (tsv)",
        ),
    ),
    Migration(3, "facts lined up: when, basis, place, body, indicator", _LINEUP),
    Migration(4, "the extractor that read each document", _EXTRACTOR),
    Migration(5, "the table cell of a fact", _CELL),
)

VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"


def pending(migrations: tuple[Migration, ...], applied: set[int]) -> list[Migration]:
    """The migrations not yet applied, in order."""
    return [m for m in migrations if m.version not in applied]
