"""The ledger over a DB-API connection: everything SQLite and PostgreSQL share.

Statements are written with ``?`` placeholders; a backend whose driver wants
another style rewrites them in `_sql`. Backends supply the connection, the
write lock (`_begin_write`), the full-text index upkeep and the full-text query.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from duban.errors import StoreError
from duban.model import Document, ExtractedReport, Item, Report, Sentence
from duban.pipeline import extractor_version
from duban.store import bounds, rows
from duban.store import search as tokenise
from duban.store.base import IngestOutcome, Lineup, ReportNotFound, ReportSummary, SearchHit, StoredFact
from duban.store.schema import VERSION_TABLE, Migration, pending

REPORT_COLUMNS = (
    "r.id, r.ordinal, r.title, r.department, r.date, r.period, "
    "r.span_start, r.span_end, r.text, r.truncated, r.warnings"
)
LISTING_ORDER = "d.seq, r.ordinal"
YEAR_DIGITS = 4  # a number this long that is no listing number may be a year in a title
LIKE_REPORTS_AT_ONCE = 50  # reports whose sentences one substring-search query reads
REPORT_TEXT = "COALESCE(r.text, substr(d.text, r.span_start + 1, r.span_end - r.span_start))"
NO_SECTION = ("", "other")

INSERT_DOCUMENT = (
    "INSERT INTO documents (seq, id, sha256, path, encoding, text, offsets, warnings, extractor) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
UPDATE_DOCUMENT = (
    "UPDATE documents SET id = ?, sha256 = ?, path = ?, encoding = ?, text = ?, offsets = ?, warnings = ?, "
    "extractor = ? WHERE seq = ?"
)
INSERTS = {
    "reports": "INSERT INTO reports (id, document_seq, ordinal, title, department, date, period, "
    "span_start, span_end, text, truncated, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "sections": "INSERT INTO sections (report_id, idx, path, heading, kind, span_start, span_end, style) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "sentences": "INSERT INTO sentences (id, report_id, idx, section_path, span_start, span_end, text, "
    "tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "facts": "INSERT INTO facts (report_id, idx, sentence_idx, sentence_json, q_text, q_value, unit, "
    "approx, span_start, span_end, value, metric, role, subject, period, holds_when, basis, place, body, "
    "indicator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "items": "INSERT INTO items (report_id, idx, kind, text, section_path, span_start, span_end) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "entities": "INSERT INTO entities (report_id, idx, kind, name, span_start, span_end) "
    "VALUES (?, ?, ?, ?, ?, ?)",
}
LOAD_COLUMNS = {  # what `load` reads of each table, in the order rows.*_from expects
    "sections": "report_id, path, heading, kind, span_start, span_end, style",
    "sentences": "report_id, idx, section_path, span_start, span_end, text",
    "items": "report_id, kind, text, section_path, span_start, span_end",
    "entities": "kind, name, report_id, span_start, span_end",
}
M = TypeVar("M")
SentenceKey = tuple[tuple[int, int], int, str]  # (document seq, report ordinal), sentence idx, report id
SentenceTokens = Mapping[str, Sequence[str]]  # report id → one space-joined token string per sentence


class SqlStore:
    """A `duban.store.base.Store` over one connection. Subclasses open it and set `target`."""

    target: str
    migrations: tuple[Migration, ...]
    backend_errors: tuple[type[BaseException], ...]

    def __init__(self, connection: Any) -> None:
        self._conn = connection

    # -- plumbing -------------------------------------------------------------------------
    def _sql(self, statement: str) -> str:
        return statement

    def _all(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._conn.execute(self._sql(statement), tuple(params)).fetchall())

    def _one(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self._conn.execute(self._sql(statement), tuple(params)).fetchone()

    def _run(self, statement: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(self._sql(statement), tuple(params))

    def _many(self, statement: str, params: list[tuple[Any, ...]]) -> None:
        if params:
            self._conn.cursor().executemany(self._sql(statement), params)

    def _begin_write(self) -> None:
        raise NotImplementedError

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[None]:
        """One transaction; writes are serialised between processes by the backend's lock."""
        if write:
            self._begin_write()
        else:
            self._run("BEGIN")
        try:
            yield
        except BaseException:
            self._run("ROLLBACK")
            raise
        self._run("COMMIT")

    def _migrate(self) -> None:
        """Apply pending migrations; when there are none (the usual open) no lock is taken.
        Everything they do, the version table's creation included, is done under the write
        lock, so that ledgers first opened at once never make one table twice."""
        applied = self._applied()
        known = {m.version for m in self.migrations}
        if applied - known:
            raise StoreError(f"{self.target}: the ledger was made by a newer duban (schema {max(applied)})")
        if not pending(self.migrations, applied):
            return
        with self._transaction(write=True):
            self._run(VERSION_TABLE)
            for migration in pending(self.migrations, self._applied()):
                for statement in migration.statements:
                    self._run(statement)
                self._run(
                    "INSERT INTO schema_version (version, name) VALUES (?, ?)",
                    (migration.version, migration.name),
                )

    def _applied(self) -> set[int]:
        try:
            return {v for (v,) in self._all("SELECT version FROM schema_version")}
        except self.backend_errors:
            return set()  # a new ledger: no version table yet

    def _wrap(self, action: str, err: BaseException) -> StoreError:
        return StoreError(f"{self.target}: cannot {action}: {str(err).strip()}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- backend hooks for the full-text index ---------------------------------------------
    def _index_sentences(self, first_id: int, last_id: int) -> None:
        """Add sentences first_id..last_id to the full-text index (nothing when it follows by itself)."""

    def _unindex_document(self, seq: int) -> None:
        """Drop a document's sentences from the full-text index before they are deleted."""

    def _fts_rows(
        self, words: list[str], report_id: str | None, kind: str | None, limit: int
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    # -- writing --------------------------------------------------------------------------
    def has_document(self, sha256: str) -> bool:
        return self._one("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)) is not None

    def unchanged_outcome(self, path: str, sha256: str) -> IngestOutcome | None:
        """What ingesting these bytes would report when they are in the ledger already, else None."""
        with self._read("look up a document"):
            same = self._one("SELECT seq, extractor FROM documents WHERE sha256 = ?", (sha256,))
            if same is None or same[1] != extractor_version():
                return None  # new bytes, or bytes an older duban read: to be read (again)
            n_reports, n_facts = self._document_counts(same[0])
        return IngestOutcome(path, "unchanged", n_reports, n_facts)

    def ingest(
        self,
        document: Document,
        reports: Sequence[ExtractedReport],
        warnings: Sequence[str],
        sentence_tokens: SentenceTokens | None = None,
    ) -> IngestOutcome:
        """Store one file's reports in one transaction (see `duban.store.base.Store.ingest`).

        `sentence_tokens` may bring the search tokens computed elsewhere (a worker process);
        missing ones are computed here.
        """
        try:
            with self._transaction(write=True):
                return self._ingest(document, reports, warnings, sentence_tokens or {})
        except self.backend_errors as err:
            raise self._wrap(f"store {document.path}", err) from err

    def _ingest(
        self,
        document: Document,
        reports: Sequence[ExtractedReport],
        warnings: Sequence[str],
        sentence_tokens: SentenceTokens,
    ) -> IngestOutcome:
        extractor = extractor_version()
        same = self._one("SELECT seq, extractor, path FROM documents WHERE sha256 = ?", (document.sha256,))
        if same is not None and same[1] == extractor:
            n_reports, n_facts = self._document_counts(same[0])
            return IngestOutcome(document.path, "unchanged", n_reports, n_facts)
        path = same[2] if same is not None else stored_path(document.path)  # read again: kept where it was
        row = (*rows.document_row(document, warnings, path), extractor)
        old = self._one("SELECT seq FROM documents WHERE path = ?", (path,))
        if old is not None:
            seq = old[0]
            self._unindex_document(seq)
            self._run("DELETE FROM reports WHERE document_seq = ?", (seq,))
            self._run(UPDATE_DOCUMENT, (*row, seq))
        else:
            seq = self._next_id("documents", "seq")
            self._run(INSERT_DOCUMENT, (seq, *row))
        for extracted in reports:
            self._insert_report(extracted, document, seq, sentence_tokens.get(extracted.report.id))
        status = "updated" if same is not None else "replaced" if old is not None else "added"
        return IngestOutcome(document.path, status, len(reports), sum(len(r.facts) for r in reports))

    def _insert_report(
        self, extracted: ExtractedReport, document: Document, seq: int, tokens: Sequence[str] | None
    ) -> None:
        if tokens is None or len(tokens) != len(extracted.sentences):
            tokens = [tokenise.index_text(s.text) for s in extracted.sentences]
        first_id = self._next_id("sentences", "id")
        self._run(INSERTS["reports"], rows.report_row(extracted.report, document, seq))
        self._many(INSERTS["sections"], rows.section_rows(extracted))
        self._many(INSERTS["sentences"], rows.sentence_rows(extracted, first_id, tokens))
        self._many(INSERTS["facts"], rows.fact_rows(extracted))
        self._many(INSERTS["items"], rows.item_rows(extracted))
        self._many(INSERTS["entities"], rows.entity_rows(extracted))
        if extracted.sentences:
            self._index_sentences(first_id, first_id + len(extracted.sentences) - 1)

    def _next_id(self, table: str, column: str) -> int:
        row = self._one(f"SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}")
        return int(row[0]) if row else 1

    def _document_counts(self, seq: int) -> tuple[int, int]:
        row = self._one(
            "SELECT COUNT(*), COALESCE(SUM((SELECT COUNT(*) FROM facts f WHERE f.report_id = r.id)), 0) "
            "FROM reports r WHERE r.document_seq = ?",
            (seq,),
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    # -- reading --------------------------------------------------------------------------
    @contextlib.contextmanager
    def _read(self, action: str) -> Iterator[None]:
        """A read transaction (one consistent snapshot); backend errors become StoreError."""
        try:
            with self._transaction(write=False):
                yield
        except self.backend_errors as err:
            raise self._wrap(action, err) from err

    def state(self) -> str:
        """The documents' sequence numbers and hashes, hashed: every ingest that changes the
        ledger adds a document or gives one new bytes."""
        with self._read("read the ledger's state"):
            found = self._all("SELECT seq, sha256, extractor FROM documents ORDER BY seq")
        return hashlib.sha256("".join(f"{seq}:{sha}:{by};" for seq, sha, by in found).encode()).hexdigest()

    def document_digests(self) -> list[str]:
        """The sha256 of every document in the ledger, in ingest order."""
        with self._read("list documents"):
            return [sha for (sha,) in self._all("SELECT sha256 FROM documents ORDER BY seq")]

    def reports(self) -> list[ReportSummary]:
        with self._read("list reports"):
            found = self._summary_rows("", ())
        return [self._summary(row) for row in found]

    def summary(self, ref: str) -> ReportSummary:
        """One report's summary (by any reference `find_report` takes)."""
        with self._read("read a report"):
            return self._summary(self._summary_rows("WHERE r.id = ?", (self._resolve(ref),))[0])

    def _summary_rows(self, where: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Report rows with their counts; each report's own text, never its document's."""
        columns = REPORT_COLUMNS.replace("r.text", REPORT_TEXT)
        return self._all(
            f"SELECT {columns}, d.id, d.warnings, "
            "(SELECT COUNT(*) FROM sections x WHERE x.report_id = r.id), "
            "(SELECT COUNT(*) FROM sentences x WHERE x.report_id = r.id), "
            "(SELECT COUNT(*) FROM facts x WHERE x.report_id = r.id) "
            f"FROM reports r JOIN documents d ON d.seq = r.document_seq {where} ORDER BY {LISTING_ORDER}",
            params,
        )

    @staticmethod
    def _summary(row: tuple[Any, ...]) -> ReportSummary:
        report = rows.report_from(row[:11], row[11], None)
        doc_warnings = tuple(json.loads(row[12]))
        return ReportSummary(report, row[13], row[14], row[15], report.warnings + doc_warnings)

    def find_report(self, ref: str) -> Report:
        with self._read("find a report"):
            return self._report(self._resolve(ref))

    def _resolve(self, ref: str) -> str:
        """A report id from an id, a 1-based listing number, or a unique title/department/id part
        (a number of 4+ digits that is no listing number is looked for in the titles: 2024)."""
        ref = ref.strip()
        if not bounds.is_reference(ref):
            shown = ref[:40].encode("utf-8", "backslashreplace").decode() + ("…" * (len(ref) > 40))
            raise ReportNotFound(f"'{shown}' names no report: give its id, number or part of its title", ref)
        if self._one("SELECT 1 FROM reports WHERE id = ?", (ref,)):
            return ref
        number = bounds.listing_number(ref)
        if number is not None:
            place = bounds.listing_offset(number)
            row = None
            if place is not None:
                row = self._one(
                    f"SELECT r.id FROM reports r JOIN documents d ON d.seq = r.document_seq "
                    f"ORDER BY {LISTING_ORDER} LIMIT 1 OFFSET ?",
                    (place,),
                )
            if row:
                return row[0]
            if len(ref) < YEAR_DIGITS:
                raise ReportNotFound(f"no report number {ref} in {self.target}", ref)
        like = "%" + _escape_like(ref) + "%"
        found = self._all(
            f"SELECT r.id, r.title FROM reports r JOIN documents d ON d.seq = r.document_seq "
            f"WHERE r.title LIKE ? ESCAPE '\\' OR r.department LIKE ? ESCAPE '\\' OR r.id LIKE ? ESCAPE '\\' "
            f"ORDER BY {LISTING_ORDER}",
            (like, like, _escape_like(ref) + "%"),
        )
        exact = [rid for rid, title in found if title == ref]
        if len(found) == 1 or len(exact) == 1:
            return (exact or [found[0][0]])[0]
        if not found and number is not None:
            raise ReportNotFound(f"no report number {ref} (nor a title holding it) in {self.target}", ref)
        if not found:
            raise ReportNotFound(f"no report matches {ref!r} in {self.target}", ref)
        titles = "; ".join(title for _, title in found[:5]) + ("; …" if len(found) > 5 else "")
        message = f"{ref!r} matches {len(found)} reports ({titles}); name one by id or number"
        raise ReportNotFound(message, ref, [title for _, title in found])

    def _report(self, report_id: str) -> Report:
        row = self._one(
            f"SELECT {REPORT_COLUMNS}, d.id, CASE WHEN r.text IS NULL THEN d.text END "
            "FROM reports r JOIN documents d ON d.seq = r.document_seq WHERE r.id = ?",
            (report_id,),
        )
        if row is None:
            raise ReportNotFound(f"no report {report_id!r} in {self.target}", report_id)
        return rows.report_from(row[:11], row[11], row[12])

    def load(self, report_id: str) -> ExtractedReport:
        with self._read(f"load report {report_id}"):
            report = self._report(report_id)
            sections = self._rows_of(report_id, "sections", LOAD_COLUMNS["sections"], rows.section_from)
            sentence_columns = LOAD_COLUMNS["sentences"]
            sentences = self._rows_of(
                report_id, "sentences", sentence_columns, lambda row: rows.sentence_from(row, report.text)
            )
            facts = tuple(self._facts_of(report_id, sentences))
            items = self._rows_of(report_id, "items", LOAD_COLUMNS["items"], rows.item_from)
            entities = self._rows_of(report_id, "entities", LOAD_COLUMNS["entities"], rows.entity_from)
        return ExtractedReport(report, sections, sentences, facts, items, entities)

    def load_all(self) -> list[ExtractedReport]:
        return [self.load(summary.report.id) for summary in self.reports()]

    def _rows_of(
        self, report_id: str, table: str, columns: str, make: Callable[[tuple[Any, ...]], M]
    ) -> tuple[M, ...]:
        """A report's rows of one table in their order, each made into a model object."""
        found = self._all(f"SELECT {columns} FROM {table} WHERE report_id = ? ORDER BY idx", (report_id,))
        return tuple(make(row) for row in found)

    def _facts_of(self, report_id: str, sentences: tuple[Sentence, ...]) -> Iterator[Any]:
        by_index = {s.index: s for s in sentences}
        for sentence_idx, *rest in self._all(
            f"SELECT sentence_idx, {rows.FACT_COLUMNS} FROM facts WHERE report_id = ? ORDER BY idx",
            (report_id,),
        ):
            yield rows.fact_from(tuple(rest), by_index.get(sentence_idx), report_id)

    def facts(
        self,
        report: str | None = None,
        metric: str | None = None,
        role: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        lineup: Lineup | None = None,
    ) -> list[StoredFact]:
        """Facts in report order; `metric` matches as a substring; `limit` facts from `offset` on."""
        bounds.check_page(limit, offset)
        with self._read("list facts"):
            where, params = self._fact_filters(report, metric, role, lineup)
            page = " LIMIT ? OFFSET ?" if limit is not None else ""
            params += [limit, offset] if limit is not None else []
            found = self._all(
                "SELECT r.id, r.title, sec.heading, sec.kind, "
                "s.report_id, s.idx, s.section_path, s.span_start, s.span_end, s.text, "
                f"{', '.join('f.' + c.strip() for c in rows.FACT_COLUMNS.split(','))} "
                "FROM facts f JOIN reports r ON r.id = f.report_id "
                "JOIN documents d ON d.seq = r.document_seq "
                "LEFT JOIN sentences s ON s.report_id = f.report_id AND s.idx = f.sentence_idx "
                "LEFT JOIN sections sec ON sec.report_id = f.report_id AND sec.path = s.section_path "
                f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY {LISTING_ORDER}, f.idx{page}",
                params,
            )
            texts = self._report_texts(row[0] for row in found if row[4] is not None and row[9] is None)
        return [self._stored_fact(row, texts) for row in found]

    def count_facts(
        self,
        report: str | None = None,
        metric: str | None = None,
        role: str | None = None,
        *,
        lineup: Lineup | None = None,
    ) -> int:
        """How many facts `facts` returns without a limit."""
        with self._read("count facts"):
            where, params = self._fact_filters(report, metric, role, lineup)
            row = self._one(
                "SELECT COUNT(*) FROM facts f JOIN reports r ON r.id = f.report_id "
                f"WHERE {' AND '.join(where) or '1 = 1'}",
                params,
            )
        return int(row[0]) if row else 0

    def _fact_filters(
        self, report: str | None, metric: str | None, role: str | None, lineup: Lineup | None = None
    ) -> tuple[list[str], list[Any]]:
        where, params = self._filters(report, None)
        for column, value in lineup.columns() if lineup else ():
            if not bounds.is_text(value):
                where.append("1 = 0")  # no stored value holds a NUL or an undecodable character
                continue
            where.append(f"f.{column} = ?")
            params.append(value)
        if metric and not bounds.is_filter(metric):
            where.append("1 = 0")  # text no metric can hold (NUL, undecodable, overlong)
        elif metric:
            where.append("f.metric LIKE ? ESCAPE '\\'")
            params.append("%" + _escape_like(metric) + "%")
        if role:
            where.append("f.role = ?")
            params.append(role)
        return where, params

    @staticmethod
    def _stored_fact(row: tuple[Any, ...], texts: Mapping[str, str]) -> StoredFact:
        rid, title, heading, kind = row[:4]
        sentence = rows.sentence_from(row[4:10], texts.get(rid, "")) if row[4] is not None else None
        fact = rows.fact_from(row[10:], sentence, rid)
        return StoredFact(fact, rid, title, heading or "", kind or NO_SECTION[1])

    def _report_texts(self, report_ids: Iterable[str]) -> dict[str, str]:
        """The texts of these reports (for sentences stored without their own text)."""
        texts = {}
        for rid in dict.fromkeys(report_ids):
            row = self._one(
                f"SELECT {REPORT_TEXT} FROM reports r JOIN documents d ON d.seq = r.document_seq "
                "WHERE r.id = ?",
                (rid,),
            )
            texts[rid] = row[0] if row else ""
        return texts

    def _filters(self, report: str | None, kind: str | None) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if report:
            where.append("r.id = ?")
            params.append(self._resolve(report))
        if kind:
            where.append("COALESCE(sec.kind, 'other') = ?")
            params.append(kind)
        return where, params

    def _hit_filters(self, report_id: str | None, kind: str | None) -> tuple[list[str], list[Any]]:
        """Conditions (and their parameters) keeping search hits to one report id and section kind."""
        where, params = self._filters(None, kind)
        if report_id:
            where.append("r.id = ?")
            params.append(report_id)
        return where, params

    def items(self, kind: str | None = None, report: str | None = None) -> list[tuple[Item, str]]:
        with self._read("list items"):
            where, params = self._filters(report, None)
            if kind:
                where.append("i.kind = ?")
                params.append(kind)
            found = self._all(
                "SELECT i.report_id, i.kind, i.text, i.section_path, i.span_start, i.span_end, r.title "
                "FROM items i JOIN reports r ON r.id = i.report_id "
                "JOIN documents d ON d.seq = r.document_seq "
                f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY {LISTING_ORDER}, i.idx",
                params,
            )
        return [(rows.item_from(row[:6]), row[6]) for row in found]

    # -- search ---------------------------------------------------------------------------
    def search(
        self, query: str, report: str | None = None, kind: str | None = None, limit: int = 20
    ) -> list[SearchHit]:
        """Sentences holding every word of the query (jieba tokens, full-text index), best first;
        when the index finds nothing, sentences holding every space-separated part as a substring."""
        bounds.check_page(limit)
        searchable = bounds.is_text(query)  # no sentence holds a NUL or an undecodable character
        words = tokenise.query_tokens(query) if searchable else []
        with self._read("search"):
            report_id = self._resolve(report) if report else None
            indexed = words and all(len(word) <= bounds.MAX_WORD_CHARS for word in words)
            found = self._fts_rows(words, report_id, kind, limit) if indexed else []
            if not found and searchable:
                found = self._like_rows(query, report_id, kind, limit)
            texts = self._report_texts(row[0] for row in found if row[9] is None)
        return [self._hit(row, query, words, texts) for row in found]

    HIT_COLUMNS = (
        "r.id, r.title, sec.heading, sec.kind, s.report_id, s.idx, s.section_path, "
        "s.span_start, s.span_end, s.text"
    )
    HIT_FROM = (
        "FROM sentences s JOIN reports r ON r.id = s.report_id "
        "JOIN documents d ON d.seq = r.document_seq "
        "LEFT JOIN sections sec ON sec.report_id = s.report_id AND sec.path = s.section_path"
    )

    CONTAINS = "instr({}, ?) > 0"  # a case-sensitive substring test, as Python's `in`

    def _like_rows(
        self, query: str, report_id: str | None, kind: str | None, limit: int
    ) -> list[tuple[Any, ...]]:
        """Sentences holding every part as a substring, in listing order.

        Sentences stored with their own text are tested in SQL. The others are spans of
        their report's text, so only reports whose text holds every part are read, and
        their sentences are sliced from it here; full rows are read for the hits alone."""
        parts = query.split()
        if not parts:
            return []
        own = self._own_text_matches(parts, report_id, kind)
        texts: dict[str, str] = {}
        found: list[SentenceKey] = []
        candidates = self._holding_reports(parts, report_id)
        for at in range(0, len(candidates), LIKE_REPORTS_AT_ONCE):
            batch = candidates[at : at + LIKE_REPORTS_AT_ONCE]
            texts.update((rid, text) for rid, _, text in batch)
            found.extend(self._sliced_matches(parts, {rid: place for rid, place, _ in batch}, texts, kind))
            last = batch[-1][1]
            if len(found) + sum(1 for key in own if key[0] <= last) >= limit:
                break
        return self._hit_rows(sorted([*found, *own])[:limit], texts)

    def _holding_reports(
        self, parts: list[str], report_id: str | None
    ) -> list[tuple[str, tuple[int, int], str]]:
        """(id, place in the listing, text) of the reports whose text holds every part, in order."""
        holds = " AND ".join(self.CONTAINS.format("COALESCE(r.text, d.text)") for _ in parts)
        only = "r.id = ? AND " if report_id else ""
        found = self._all(
            f"SELECT r.id, d.seq, r.ordinal, {REPORT_TEXT} FROM reports r "
            f"JOIN documents d ON d.seq = r.document_seq WHERE {only}{holds} ORDER BY {LISTING_ORDER}",
            [*([report_id] if report_id else []), *parts],
        )
        return [(rid, (seq, ordinal), text) for rid, seq, ordinal, text in found if _holds(text, parts)]

    def _own_text_matches(
        self, parts: list[str], report_id: str | None, kind: str | None
    ) -> list[SentenceKey]:
        """Sentences stored with their own text that holds every part."""
        where, params = self._hit_filters(report_id, kind)
        where += ["s.text IS NOT NULL", *(self.CONTAINS.format("s.text") for _ in parts)]
        found = self._all(
            f"SELECT r.document_seq, r.ordinal, s.idx, s.report_id {self._light_from(kind, report=True)} "
            f"WHERE {' AND '.join(where)}",
            [*params, *parts],
        )
        return [((seq, ordinal), idx, rid) for seq, ordinal, idx, rid in found]

    def _sliced_matches(
        self,
        parts: list[str],
        places: Mapping[str, tuple[int, int]],
        texts: Mapping[str, str],
        kind: str | None,
    ) -> list[SentenceKey]:
        """Sentences without their own text, in these reports, whose slice of the report text
        holds every part."""
        where, params = self._hit_filters(None, kind)
        where += ["s.text IS NULL", f"s.report_id IN ({', '.join('?' * len(places))})"]
        found = self._all(
            f"SELECT s.report_id, s.idx, s.span_start, s.span_end {self._light_from(kind)} "
            f"WHERE {' AND '.join(where)}",
            [*params, *places],
        )
        # the part rarest in these reports first: most sentences fail on it, with no call
        first = min(parts, key=lambda part: sum(texts[rid].count(part) for rid in places))
        rest = parts.copy()
        rest.remove(first)
        return [
            (places[rid], idx, rid)
            for rid, idx, start, end in found
            if texts[rid].find(first, start, end) >= 0 and _holds(texts[rid], rest, start, end)
        ]

    @staticmethod
    def _light_from(kind: str | None, report: bool = False) -> str:
        """Sentences, with their report if asked, and with their section when a kind filters them."""
        joined = "FROM sentences s" + (" JOIN reports r ON r.id = s.report_id" if report else "")
        if kind:
            joined += " LEFT JOIN sections sec ON sec.report_id = s.report_id AND sec.path = s.section_path"
        return joined

    def _hit_rows(self, keys: list[SentenceKey], texts: Mapping[str, str]) -> list[tuple[Any, ...]]:
        """Full hit rows for these sentences, in the order of `keys`, sliced texts filled in."""
        wanted: dict[str, list[int]] = {}
        for _, idx, rid in keys:
            wanted.setdefault(rid, []).append(idx)
        found: dict[tuple[str, int], tuple[Any, ...]] = {}
        reports = list(wanted.items())
        for at in range(0, len(reports), LIKE_REPORTS_AT_ONCE):
            batch = reports[at : at + LIKE_REPORTS_AT_ONCE]
            where = " OR ".join(
                f"(s.report_id = ? AND s.idx IN ({', '.join('?' * len(i))}))" for _, i in batch
            )
            params = [value for rid, idxs in batch for value in (rid, *idxs)]
            for row in self._all(f"SELECT {self.HIT_COLUMNS}, 0.0 {self.HIT_FROM} WHERE {where}", params):
                found[(row[4], row[5])] = row
        out = []
        for _, idx, rid in keys:
            row = found[(rid, idx)]
            text = texts[rid][row[7] : row[8]] if row[9] is None else row[9]
            out.append((*row[:9], text, *row[10:]))
        return out

    @staticmethod
    def _hit(row: tuple[Any, ...], query: str, words: list[str], texts: Mapping[str, str]) -> SearchHit:
        rid, title, heading, kind = row[:4]
        sentence = rows.sentence_from(row[4:10], texts.get(rid, ""))
        matches = tokenise.match_spans(sentence.text, query, words or query.split())
        return SearchHit(rid, title, heading or "", kind or NO_SECTION[1], sentence, matches, float(row[10]))


def stored_path(path: str) -> str:
    """A document's path as the ledger keeps it: absolute and resolved, so that one file
    named from another folder, relatively or through a link is the same document. A byte
    of the name that is no UTF-8 is kept as ``\\xff``: the ledger holds text."""
    return os.fsencode(Path(path).resolve()).decode("utf-8", "backslashreplace")


def _holds(text: str, parts: list[str], start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds every part (searched in place, not sliced)."""
    return all(text.find(part, start, end) >= 0 for part in parts)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
