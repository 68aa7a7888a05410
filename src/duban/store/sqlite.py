"""The ledger in one SQLite file: WAL mode, foreign keys on, FTS5 over jieba tokens."""

from __future__ import annotations

import logging
import sqlite3
import time
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from duban.errors import StoreError
from duban.store import ranked
from duban.store.connection import LISTING_ORDER, REPORT_TEXT
from duban.store.fallback import HitRow
from duban.store.schema import SQLITE_MIGRATIONS, Migration
from duban.store.search import fts5_query, gram_query, gram_tokens
from duban.store.sql import SqlStore

# A sentence's text: its own, else its span of its report's text.
SENTENCE_TEXT = f"COALESCE(s.text, substr({REPORT_TEXT}, s.span_start + 1, s.span_end - s.span_start))"

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 60.0
PREPARE_TRIES = 20


# Ledgers (by target) whose SQLite computes bm25 otherwise than duban.store.ranked, as found
# once per process: their searches rank every match.
_BM25_DIFFERS: dict[str, bool] = {}


def _is_busy(err: sqlite3.Error) -> bool:
    return "locked" in str(err) or "busy" in str(err)


class SqliteStore(SqlStore):
    migrations = SQLITE_MIGRATIONS
    backend_errors = (sqlite3.Error,)

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.target = str(path)
        where = Path(path)
        if where.is_dir():
            raise StoreError(f"{path}: is a folder, not a ledger file")
        if not create and not where.is_file():
            raise StoreError(f"{path}: no ledger there yet: make it with `duban --db {path} ingest FILE…`")
        if not create and where.stat().st_size == 0:
            raise StoreError(f"{path}: not a duban ledger (an empty file)")
        if not where.parent.exists():
            raise StoreError(f"{path}: cannot create the ledger: folder {where.parent} does not exist")
        try:
            connection = sqlite3.connect(
                where, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False
            )
        except sqlite3.Error as err:
            raise StoreError(f"{path}: cannot open the ledger: {err}") from err
        super().__init__(connection)
        try:
            self._refuse_other_databases(create)
            self._prepare()
        except sqlite3.Error as err:
            connection.close()
            if _is_busy(err):
                raise StoreError(f"{path}: the ledger stays locked by another writer ({err})") from err
            raise StoreError(f"{path}: not a duban ledger ({err})") from err
        except BaseException:
            connection.close()
            raise

    def _refuse_other_databases(self, create: bool) -> None:
        """A SQLite file of another program is never written into (nor an empty one read)."""
        tables = sorted(name for (name,) in self._all("SELECT name FROM sqlite_master WHERE type = 'table'"))
        if "schema_version" in tables:
            return
        if tables:
            shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
            raise StoreError(f"{self.target}: not a duban ledger (a SQLite database with tables {shown})")
        if not create:
            raise StoreError(f"{self.target}: not a duban ledger (an empty SQLite database)")

    def _prepare(self) -> None:
        """Pragmas and migrations. Two processes that create one ledger at once can meet a
        lock that SQLite does not wait for (switching to WAL): the loser tries again."""
        for attempt in range(PREPARE_TRIES):
            try:
                self._run("PRAGMA journal_mode = WAL")
                self._run("PRAGMA foreign_keys = ON")
                self._run("PRAGMA synchronous = NORMAL")
                self._run(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                self._migrate()
                return
            except sqlite3.OperationalError as err:
                if not _is_busy(err) or attempt == PREPARE_TRIES - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))

    def _begin_write(self) -> None:
        self._run("BEGIN IMMEDIATE")

    def _index_sentences(self, first_id: int, last_id: int) -> None:
        self._run(
            "INSERT INTO sentence_fts (rowid, tokens) "
            "SELECT id, tokens FROM sentences WHERE id BETWEEN ? AND ?",
            (first_id, last_id),
        )

    def _unindex_document(self, seq: int) -> None:
        self._forget_ranked(seq)
        self._run(
            "INSERT INTO sentence_fts (sentence_fts, rowid, tokens) "
            "SELECT 'delete', s.id, s.tokens FROM sentences s JOIN reports r ON r.id = s.report_id "
            "WHERE r.document_seq = ?",
            (seq,),
        )
        texts = self._all(
            f"SELECT s.id, {SENTENCE_TEXT} FROM sentences s JOIN reports r ON r.id = s.report_id "
            "JOIN documents d ON d.seq = r.document_seq WHERE r.document_seq = ?",
            (seq,),
        )  # a contentless index forgets a row given the tokens it was given
        self._many(
            "INSERT INTO sentence_grams (sentence_grams, rowid, grams) VALUES ('delete', ?, ?)",
            [(sid, gram_tokens(text)) for sid, text in texts],
        )

    def _index_substrings(self, first_id: int, texts: Sequence[str]) -> None:
        self._many(
            "INSERT INTO sentence_grams (rowid, grams) VALUES (?, ?)",
            [(first_id + i, gram_tokens(text)) for i, text in enumerate(texts)],
        )

    def _after_migration(self, migration: Migration) -> None:
        if migration.name == "sentence substring index":
            found = self._all(
                f"SELECT s.id, {SENTENCE_TEXT} FROM sentences s JOIN reports r ON r.id = s.report_id "
                "JOIN documents d ON d.seq = r.document_seq"
            )
            self._many(
                "INSERT INTO sentence_grams (rowid, grams) VALUES (?, ?)",
                [(sid, gram_tokens(text)) for sid, text in found],
            )

    def _like_rows(self, query: str, report_id: str | None, kind: str | None, limit: int) -> list[Any]:
        """Sentences holding every part as a substring, in listing order: those the substring
        index says may hold them, each tested (as `Searching._like_rows` finds them, read
        through the index instead of every report's text)."""
        parts = query.split()
        match = gram_query(parts)
        if not match:  # single characters only: no pair to look up
            return super()._like_rows(query, report_id, kind, limit)
        where, params = self._hit_filters(report_id, kind)
        tested = [part for part in parts if len(part) != 2]  # a pair itself: the index is exact
        where += [f"instr({SENTENCE_TEXT}, ?) > 0" for _ in tested]
        found = self._all(
            f"SELECT {self.HIT_COLUMNS}, 0.0 {self.HIT_FROM} "
            "JOIN sentence_grams g ON g.rowid = s.id "
            f"WHERE {' AND '.join(['sentence_grams MATCH ?', *where])} "
            f"ORDER BY {LISTING_ORDER}, s.idx LIMIT ?",
            [match, *params, *tested, limit],
        )
        hits = [HitRow.of(row) for row in found]
        texts = self._report_texts(h.place.report_id for h in hits if h.sentence.text is None)
        return [
            h
            if h.sentence.text is not None
            else h._replace(
                sentence=h.sentence._replace(
                    text=texts[h.place.report_id][h.sentence.span_start : h.sentence.span_end]
                )
            )
            for h in hits
        ]

    def _fts_rows(self, words: list[str], report_id: str | None, kind: str | None, limit: int) -> list[Any]:
        """The best hits ranked (bm25, then rowid) before they are joined to their report: a
        common word's thousands of matches are not each joined first. A section kind joins each
        match to its section alone; a search in one report ranks only the range of sentence ids
        its sentences lie in (bm25 weighs a match against the whole index all the same)."""
        within, params = "", [fts5_query(words)]
        if report_id:
            ids = "SELECT MIN(id), MAX(id) FROM sentences WHERE report_id = ?"
            first, last = self._all(ids, (report_id,))[0]
            if first is None:
                return []
            within, params = (
                " AND s.report_id = ? AND sentence_fts.rowid BETWEEN ? AND ?",
                [*params, report_id, first, last],
            )
        if kind:
            within += " AND COALESCE(sec.kind, 'other') = ?"
            params.append(kind)
        if not within:
            found = self._ranked_rows(words, limit)
            if found is not None:
                return found
        ranked = (
            "SELECT sentence_fts.rowid, bm25(sentence_fts) AS rank FROM sentence_fts "
            "JOIN sentences s ON s.id = sentence_fts.rowid "
            "LEFT JOIN sections sec ON sec.report_id = s.report_id AND sec.path = s.section_path "
            f"WHERE sentence_fts MATCH ?{within} ORDER BY rank, sentence_fts.rowid LIMIT ?"
            if within
            else "SELECT rowid, bm25(sentence_fts) AS rank FROM sentence_fts WHERE sentence_fts MATCH ? "
            "ORDER BY rank, rowid LIMIT ?"
        )
        return self._all(
            f"SELECT {self.HIT_COLUMNS}, -best.rank FROM ({ranked}) best "
            "JOIN sentences s ON s.id = best.rowid "
            "JOIN reports r ON r.id = s.report_id JOIN documents d ON d.seq = r.document_seq "
            "LEFT JOIN sections sec ON sec.report_id = s.report_id AND sec.path = s.section_path "
            "ORDER BY best.rank, s.id",
            [*params, limit],
        )

    # -- a common word's best sentences, kept (duban.store.ranked) ------------------------------
    def after_ingest(self) -> None:
        """The kept lists of common words built again once `ranked.TAIL_MAX` sentences were
        stored after their watermark (at the end of an ingest: its files are stored)."""
        try:
            with self._transaction(write=True):
                last = int(self._all("SELECT COALESCE(MAX(id), 0) FROM sentences")[0][0])
                if last - self._ranked_through() > ranked.TAIL_MAX:
                    self._build_ranked(last)
        except self.backend_errors as err:
            raise self._wrap("keep the common words' best sentences", err) from err

    def _ranked_through(self) -> int:
        return int(self._all("SELECT through FROM search_ranked_state")[0][0])

    def _build_ranked(self, last: int) -> None:
        """The kept entries of every word held by `ranked.RANKED_FROM` sentences or more, from
        FTS5's own counts: how often each sentence holds the word, how many tokens it has."""
        self._run("DELETE FROM search_ranked")
        self._run(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, sentence_fts, row)"
        )
        self._run(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_instances "
            "USING fts5vocab(main, sentence_fts, instance)"
        )
        words = [
            word
            for (word,) in self._all(
                "SELECT term FROM temp.search_words WHERE doc >= ?", (ranked.RANKED_FROM,)
            )
            if ranked.RANKABLE.fullmatch(word)
        ]
        sizes = array("l", bytes(8 * (last + 1)))  # tokens of each sentence, by id: 6 MB at 735,000
        for sid, size in self._all("SELECT id, sz FROM sentence_fts_docsize"):
            sizes[sid] = ranked.varint(size)[0]
        for word in words:
            held = self._all(
                "SELECT doc, COUNT(*) FROM temp.search_instances WHERE term = ? GROUP BY doc", (word,)
            )
            entries = ranked.kept_entries((sid, f, sizes[sid]) for sid, f in held)
            self._many(
                "INSERT INTO search_ranked (term, f, d, id) VALUES (?, ?, ?, ?)",
                [(word, *entry) for entry in entries],
            )
        self._run("UPDATE search_ranked_state SET through = ?", (last,))

    def _forget_ranked(self, seq: int) -> None:
        """Sentences up to the watermark deleted: the kept lists no longer tell (dropped)."""
        first = self._one(
            "SELECT MIN(s.id) FROM sentences s JOIN reports r ON r.id = s.report_id WHERE r.document_seq = ?",
            (seq,),
        )
        if first and first[0] is not None and first[0] <= self._ranked_through():
            self._run("DELETE FROM search_ranked")
            self._run("UPDATE search_ranked_state SET through = 0")

    def _ranked_rows(self, words: list[str], limit: int) -> list[Any] | None:
        """Hit rows of the best `limit` sentences holding one common word, from its kept entries
        and the tail ranked by FTS5 (duban.store.ranked); None when they cannot tell."""
        if len(words) != 1 or limit > ranked.KEPT or not ranked.RANKABLE.fullmatch(words[0]):
            return None
        through = self._ranked_through()
        if not through or _BM25_DIFFERS.get(self.target):
            return None
        kept = self._all("SELECT f, d, id FROM search_ranked WHERE term = ? ORDER BY f, d, id", (words[0],))
        if not kept:
            return None  # not a word held by `ranked.RANKED_FROM` sentences when the lists were built
        match = fts5_query(words)
        holding = int(
            self._all("SELECT COUNT(*) FROM sentence_fts WHERE sentence_fts MATCH ?", (match,))[0][0]
        )
        rows, tokens = ranked.averages(self._all("SELECT block FROM sentence_fts_data WHERE id = 1")[0][0])

        def score(f: int, d: int) -> float:
            return ranked.bm25(f, d, rows, tokens, holding)

        best = ranked.best_kept(kept, score, limit)
        if best is None or not self._bm25_agrees(match, best[0]):
            return None
        tail = self._all(
            "SELECT -bm25(sentence_fts), rowid FROM sentence_fts WHERE sentence_fts MATCH ? AND rowid > ? "
            "ORDER BY bm25(sentence_fts), rowid LIMIT ?",
            (match, through, limit),
        )
        hits = ranked.merged(best, tail, limit)
        listed = ", ".join("?" * len(hits))
        found = {
            row[-1]: row[:-1]
            for row in self._all(
                f"SELECT {self.HIT_COLUMNS}, s.id {self.HIT_FROM} WHERE s.id IN ({listed})",
                [sid for _, sid in hits],
            )
        }
        return [(*found[sid], value) for value, sid in hits]

    def _bm25_agrees(self, match: str, first: ranked.Scored) -> bool:
        """Whether `ranked.bm25` gives this SQLite's bm25 to the last bit, checked once per ledger
        and process on a kept sentence; when not, every search ranks every match."""
        if self.target not in _BM25_DIFFERS:
            value, sid = first
            found = self._all(
                "SELECT -bm25(sentence_fts) FROM sentence_fts WHERE sentence_fts MATCH ? AND rowid = ?",
                (match, sid),
            )
            _BM25_DIFFERS[self.target] = not found or found[0][0] != value
            if _BM25_DIFFERS[self.target]:
                log.warning("%s: SQLite's bm25 is not the one duban.store.ranked computes", self.target)
        return not _BM25_DIFFERS[self.target]
