"""Writing the ledger: one file's reports in one transaction, and what is known of a file
before it is read."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from duban.model import Document, ExtractedReport, IngestStatus
from duban.store import rows
from duban.store import search as tokenise
from duban.store.base import IngestOutcome
from duban.store.connection import SqlConnection

SentenceTokens = Mapping[str, Sequence[str]]  # report id → one space-joined token string per sentence

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
    "indicator, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "items": "INSERT INTO items (report_id, idx, kind, text, section_path, span_start, span_end) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "entities": "INSERT INTO entities (report_id, idx, kind, name, span_start, span_end) "
    "VALUES (?, ?, ?, ?, ?, ?)",
}


class KnownDocument(NamedTuple):
    """A document already in the ledger, found by its bytes' sha256."""

    seq: int
    extractor: str  # the extractor_version() that read it
    path: str


class Writing(SqlConnection):
    """Ingest (see `duban.store.base.Store.ingest`) and the look-ups that let an ingest skip
    a file it has."""

    def has_document(self, sha256: str) -> bool:
        return self._one("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)) is not None

    def unchanged_outcome(self, path: str, sha256: str) -> IngestOutcome | None:
        """What ingesting these bytes would report when they are in the ledger already, else None."""
        from duban.pipeline import extractor_version  # the extraction stages, only when writing

        with self._read("look up a document"):
            same = self._known(sha256)
            if same is None or same.extractor != extractor_version():
                return None  # new bytes, or bytes an older duban read: to be read (again)
            n_reports, n_facts = self._document_counts(same.seq)
        return IngestOutcome(path, IngestStatus.UNCHANGED, n_reports, n_facts)

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
        from duban.pipeline import extractor_version

        extractor = extractor_version()
        same = self._known(document.sha256)
        if same is not None and same.extractor == extractor:
            n_reports, n_facts = self._document_counts(same.seq)
            return IngestOutcome(document.path, IngestStatus.UNCHANGED, n_reports, n_facts)
        path = same.path if same is not None else stored_path(document.path)  # read again: kept where it was
        row = (*rows.document_row(document, warnings, path), extractor)
        old = self._one("SELECT seq FROM documents WHERE path = ?", (path,))
        if old is not None:
            (seq,) = old
            self._unindex_document(seq)
            self._run("DELETE FROM reports WHERE document_seq = ?", (seq,))
            self._run(UPDATE_DOCUMENT, (*row, seq))
        else:
            seq = self._next_id("documents", "seq")
            self._run(INSERT_DOCUMENT, (seq, *row))
        for extracted in reports:
            self._insert_report(extracted, document, seq, sentence_tokens.get(extracted.report.id))
        if same is not None:
            status = IngestStatus.UPDATED
        else:
            status = IngestStatus.REPLACED if old is not None else IngestStatus.ADDED
        return IngestOutcome(document.path, status, len(reports), sum(len(r.facts) for r in reports))

    def after_ingest(self) -> None:
        """What a backend brings up to date once an ingest's files are stored (its own
        transaction): nothing here."""

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
            self._index_substrings(first_id, [s.text for s in extracted.sentences])

    def _known(self, sha256: str) -> KnownDocument | None:
        row = self._one("SELECT seq, extractor, path FROM documents WHERE sha256 = ?", (sha256,))
        return KnownDocument(*row) if row is not None else None

    def _next_id(self, table: str, column: str) -> int:
        row = self._one(f"SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}")
        return int(row[0]) if row else 1

    def _document_counts(self, seq: int) -> tuple[int, int]:
        """(reports, facts) of one document."""
        row = self._one(
            "SELECT COUNT(*), COALESCE(SUM((SELECT COUNT(*) FROM facts f WHERE f.report_id = r.id)), 0) "
            "FROM reports r WHERE r.document_seq = ?",
            (seq,),
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)


def stored_path(path: str) -> str:
    """A document's path as the ledger keeps it: absolute and resolved, so that one file
    named from another folder, relatively or through a link is the same document. A byte
    of the name that is no UTF-8 is kept as ``\\xff``: the ledger holds text."""
    return os.fsencode(Path(path).resolve()).decode("utf-8", "backslashreplace")
