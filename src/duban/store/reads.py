"""Reading the ledger back: reports with their counts, whole reports, facts and items, in
the order they are listed (by document, then in their document)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from duban.model import ExtractedReport, Fact, Item, Report, Sentence
from duban.store import bounds, rows
from duban.store.base import FactOutline, Lineup, ReportSummary, StoredFact
from duban.store.connection import LISTING_ORDER, REPORT_TEXT, escape_like
from duban.store.references import Resolving

REPORTS_AT_ONCE = 500  # report texts one query reads
METRIC_WORDS_AT_ONCE = 200  # words one `metrics_holding` query matches (two parameters each)

M = TypeVar("M")
NO_SECTION = ("", "other")  # the heading and kind of a sentence under no heading
PLACE_COLUMNS = "r.id, r.title, sec.heading, sec.kind"  # the columns of `Place`, in its order
FACT_COLUMNS = f"{PLACE_COLUMNS}, {rows.columns(rows.SentenceRow, 's')}, {rows.columns(rows.FactRow, 'f')}"
FACT_FROM = (
    "FROM facts f JOIN reports r ON r.id = f.report_id "
    "JOIN documents d ON d.seq = r.document_seq "
    "LEFT JOIN sentences s ON s.report_id = f.report_id AND s.idx = f.sentence_idx "
    "LEFT JOIN sections sec ON sec.report_id = f.report_id AND sec.path = s.section_path"
)
# `FactOutline`'s columns, in its order
OUTLINE_COLUMNS = (
    "f.report_id, f.idx, r.title, f.sentence_idx, f.span_start, f.span_end, f.role, "
    "f.subject, f.period, f.holds_when, f.place, f.metric"
)
FACT_KEYS_AT_ONCE = 500  # (report id, index) keys one `facts_at` query reads


class Place(NamedTuple):
    """Where a fact or a hit stands: its report, and its section when it is under one."""

    report_id: str
    report_title: str
    section_heading: str | None
    section_kind: str | None


class SummaryRow(NamedTuple):
    report: rows.ReportRow
    document_id: str
    document_warnings: str  # JSON list
    sections: int
    sentences: int
    facts: int


class Reading(Resolving):
    """Reports, facts and items as model objects."""

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

    def reports(self, limit: int | None = None, offset: int = 0) -> list[ReportSummary]:
        bounds.check_page(limit, offset)
        page = " LIMIT ? OFFSET ?" if limit is not None else ""
        with self._read("list reports"):
            found = self._summary_rows("", [limit, offset] if limit is not None else [], page)
        return [self._summary(row) for row in found]

    def count_reports(self) -> int:
        with self._read("count reports"):
            return int(self._all("SELECT COUNT(*) FROM reports")[0][0])

    def report_list(self) -> list[Report]:
        columns = rows.columns(rows.ReportRow, "r").replace("r.text", "''")
        with self._read("list reports"):
            found = self._all(
                f"SELECT {columns}, d.id FROM reports r JOIN documents d ON d.seq = r.document_seq "
                f"ORDER BY {LISTING_ORDER}"
            )
        return [rows.report_from(rows.ReportRow(*row[:-1]), row[-1], None) for row in found]

    def report_versions(self) -> list[tuple[str, str]]:
        with self._read("list reports"):
            found = self._all(
                "SELECT r.id, COALESCE(d.extractor, '') FROM reports r "
                f"JOIN documents d ON d.seq = r.document_seq ORDER BY {LISTING_ORDER}"
            )
        return [(rid, extractor) for rid, extractor in found]

    def summary(self, ref: str) -> ReportSummary:
        """One report's summary (by any reference `find_report` takes)."""
        with self._read("read a report"):
            return self._summary(self._summary_rows("WHERE r.id = ?", (self._resolve(ref),))[0])

    def _summary_rows(self, where: str, params: Sequence[Any], page: str = "") -> list[SummaryRow]:
        """Report rows with their counts; each report's own text, never its document's."""
        columns = rows.columns(rows.ReportRow, "r").replace("r.text", REPORT_TEXT)
        found = self._all(
            f"SELECT {columns}, d.id, d.warnings, "
            "(SELECT COUNT(*) FROM sections x WHERE x.report_id = r.id), "
            "(SELECT COUNT(*) FROM sentences x WHERE x.report_id = r.id), "
            "(SELECT COUNT(*) FROM facts x WHERE x.report_id = r.id) "
            f"FROM reports r JOIN documents d ON d.seq = r.document_seq {where} "
            f"ORDER BY {LISTING_ORDER}{page}",
            params,
        )
        return [SummaryRow(*rows.cut(row, rows.ReportRow)) for row in found]

    @staticmethod
    def _summary(row: SummaryRow) -> ReportSummary:
        report = rows.report_from(row.report, row.document_id, None)
        warnings = report.warnings + tuple(json.loads(row.document_warnings))
        return ReportSummary(report, row.sections, row.sentences, row.facts, warnings)

    def load(self, report_id: str) -> ExtractedReport:
        with self._read(f"load report {report_id}"):
            report = self._report(report_id)
            sections = self._rows_of(report_id, "sections", rows.SectionRow, rows.section_from)
            sentences = self._rows_of(
                report_id, "sentences", rows.SentenceRow, lambda row: rows.sentence_from(row, report.text)
            )
            facts = tuple(self._facts_of(report_id, sentences))
            items = self._rows_of(report_id, "items", rows.ItemRow, rows.item_from)
            entities = self._rows_of(report_id, "entities", rows.EntityRow, rows.entity_from)
        return ExtractedReport(report, sections, sentences, facts, items, entities)

    def load_all(self) -> list[ExtractedReport]:
        return [self.load(summary.report.id) for summary in self.reports()]

    def _rows_of(
        self, report_id: str, table: str, shape: type[tuple[Any, ...]], make: Callable[[Any], M]
    ) -> tuple[M, ...]:
        """A report's rows of one table in their order, each made into a model object."""
        found = self._all(
            f"SELECT {rows.columns(shape)} FROM {table} WHERE report_id = ? ORDER BY idx", (report_id,)
        )
        return tuple(make(shape(*row)) for row in found)

    def _facts_of(self, report_id: str, sentences: tuple[Sentence, ...]) -> Iterator[Fact]:
        by_index = {s.index: s for s in sentences}
        for sentence_idx, *fact in self._all(
            f"SELECT sentence_idx, {rows.columns(rows.FactRow)} FROM facts WHERE report_id = ? ORDER BY idx",
            (report_id,),
        ):
            yield rows.fact_from(rows.FactRow(*fact), by_index.get(sentence_idx), report_id)

    def facts(
        self,
        report: str | None = None,
        metric: str | None = None,
        role: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        lineup: Lineup | None = None,
        metrics: Sequence[str] | None = None,
        report_ids: Sequence[str] | None = None,
    ) -> list[StoredFact]:
        """Facts in report order; `metric` matches as a substring, `metrics` lists the metrics
        kept (exactly), `report_ids` the reports kept (by id); `limit` facts from `offset` on."""
        bounds.check_page(limit, offset)
        wanted = set(report_ids) if report_ids is not None else None
        in_python = wanted is not None and len(wanted) > REPORTS_AT_ONCE  # too many for one query
        with self._read("list facts"):
            where, params = self._listing_filters(report, metric, role, lineup, metrics, wanted, in_python)
            page = " LIMIT ? OFFSET ?" if limit is not None and not in_python else ""
            params += [limit, offset] if page else []
            found = self._all(
                f"SELECT {FACT_COLUMNS} "
                f"{FACT_FROM} WHERE {' AND '.join(where) or '1 = 1'} ORDER BY {LISTING_ORDER}, f.idx{page}",
                params,
            )
            if wanted is not None and in_python:
                found = [row for row in found if row[0] in wanted]  # Place.report_id
                found = found[offset : offset + limit] if limit is not None else found
            listed = [rows.cut(row, Place, rows.SentenceRow, rows.FactRow) for row in found]
            texts = self._report_texts(
                place.report_id
                for place, sentence, _ in listed
                if sentence.report_id is not None and sentence.text is None
            )
        return [self._stored_fact(place, sentence, fact, texts) for place, sentence, fact in listed]

    def _listing_filters(
        self,
        report: str | None,
        metric: str | None,
        role: str | None,
        lineup: Lineup | None,
        metrics: Sequence[str] | None,
        wanted: set[str] | None,
        in_python: bool,
    ) -> tuple[list[str], list[Any]]:
        """The WHERE terms and parameters of `facts` and `fact_outlines`: `_fact_filters`, the
        metrics kept, and the reports kept when they are few enough for one query."""
        where, params = self._fact_filters(report, metric, role, lineup)
        if metrics is not None:
            where.append(f"f.metric IN ({', '.join('?' * len(metrics))})" if metrics else "1 = 0")
            params += list(metrics)
        if wanted is not None and not in_python:
            where.append(f"f.report_id IN ({', '.join('?' * len(wanted))})" if wanted else "1 = 0")
            params += sorted(wanted)
        return where, params

    def fact_outlines(
        self,
        lineup: Lineup | None = None,
        report_ids: Sequence[str] | None = None,
        metrics: Sequence[str] | None = None,
    ) -> list[FactOutline]:
        """The outlines of the facts `facts(lineup=…, report_ids=…, metrics=…)` lists, in its order."""
        wanted = set(report_ids) if report_ids is not None else None
        in_python = wanted is not None and len(wanted) > REPORTS_AT_ONCE
        with self._read("list facts"):
            where, params = self._listing_filters(None, None, None, lineup, metrics, wanted, in_python)
            found = self._all(
                # the listing's order without its documents (r.document_seq is d.seq), and no
                # sentence or section: two lookups a fact, most of the time of `facts`
                f"SELECT {OUTLINE_COLUMNS} FROM facts f JOIN reports r ON r.id = f.report_id "
                f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY r.document_seq, r.ordinal, f.idx",
                params,
            )
        return [FactOutline(*row) for row in found if not in_python or row[0] in wanted]  # type: ignore[operator]

    def facts_at(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], StoredFact]:
        """The facts at these (report id, fact index) keys, whole, by key (keys of no fact left out)."""
        wanted: dict[str, list[int]] = {}
        for rid, idx in dict.fromkeys(keys):
            wanted.setdefault(rid, []).append(idx)
        found: dict[tuple[str, int], tuple[Place, rows.SentenceRow, rows.FactRow]] = {}
        with self._read("list facts"):
            for batch in _batches(list(wanted.items()), FACT_KEYS_AT_ONCE):
                where = " OR ".join(
                    f"(f.report_id = ? AND f.idx IN ({', '.join('?' * len(i))}))" for _, i in batch
                )
                params = [value for rid, idxs in batch for value in (rid, *idxs)]
                for *row, idx in self._all(f"SELECT {FACT_COLUMNS}, f.idx {FACT_FROM} WHERE {where}", params):
                    place, sentence, fact = rows.cut(row, Place, rows.SentenceRow, rows.FactRow)
                    found[(place.report_id, idx)] = (place, sentence, fact)
            texts = self._report_texts(
                place.report_id
                for place, sentence, _ in found.values()
                if sentence.report_id is not None and sentence.text is None
            )
        return {key: self._stored_fact(*row, texts) for key, row in found.items()}

    def metrics_holding(self, words: Sequence[str]) -> dict[str, set[str]]:
        """For each word, the distinct metrics holding it (the LIKE test of `facts(metric=…)`)."""
        asked = [w for w in dict.fromkeys(words) if w and bounds.is_filter(w)]
        held: dict[str, set[str]] = {}
        if not asked:
            return held
        with self._read("list metrics"):
            for at in range(0, len(asked), METRIC_WORDS_AT_ONCE):
                batch = asked[at : at + METRIC_WORDS_AT_ONCE]
                values = ", ".join("(CAST(? AS TEXT), CAST(? AS TEXT))" for _ in batch)
                found = self._all(
                    f"WITH k(word, pattern) AS (VALUES {values}) "
                    "SELECT k.word, m.metric FROM k JOIN (SELECT DISTINCT metric FROM facts) m "
                    "ON m.metric LIKE k.pattern ESCAPE '\\'",
                    [value for word in batch for value in (word, "%" + escape_like(word) + "%")],
                )
                for word, metric in found:
                    held.setdefault(word, set()).add(metric)
        return held

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
            params.append("%" + escape_like(metric) + "%")
        if role:
            where.append("f.role = ?")
            params.append(role)
        return where, params

    @staticmethod
    def _stored_fact(
        place: Place, sentence_row: rows.SentenceRow, fact_row: rows.FactRow, texts: Mapping[str, str]
    ) -> StoredFact:
        """A fact as listed; its sentence is None when the ledger lacks it (fact_from says so)."""
        rid = place.report_id
        sentence = None
        if sentence_row.report_id is not None:
            sentence = rows.sentence_from(sentence_row, texts.get(rid, ""))
        fact = rows.fact_from(fact_row, sentence, rid)
        heading, kind = place.section_heading or NO_SECTION[0], place.section_kind or NO_SECTION[1]
        return StoredFact(fact, rid, place.report_title, heading, kind)

    def _report_texts(self, report_ids: Iterable[str]) -> dict[str, str]:
        """The texts of these reports (for sentences stored without their own text)."""
        wanted = list(dict.fromkeys(report_ids))
        texts = dict.fromkeys(wanted, "")
        for at in range(0, len(wanted), REPORTS_AT_ONCE):
            batch = wanted[at : at + REPORTS_AT_ONCE]
            found = self._all(
                f"SELECT r.id, {REPORT_TEXT} FROM reports r JOIN documents d ON d.seq = r.document_seq "
                f"WHERE r.id IN ({', '.join('?' * len(batch))})",
                batch,
            )
            texts.update(found)
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

    def items(self, kind: str | None = None, report: str | None = None) -> list[tuple[Item, str]]:
        with self._read("list items"):
            where, params = self._filters(report, None)
            if kind:
                where.append("i.kind = ?")
                params.append(kind)
            found = self._all(
                f"SELECT {rows.columns(rows.ItemRow, 'i')}, r.title "
                "FROM items i JOIN reports r ON r.id = i.report_id "
                "JOIN documents d ON d.seq = r.document_seq "
                f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY {LISTING_ORDER}, i.idx",
                params,
            )
        return [
            (rows.item_from(item), title) for item, title in (rows.cut(row, rows.ItemRow) for row in found)
        ]


def _batches(entries: list[tuple[str, list[int]]], size: int) -> Iterator[list[tuple[str, list[int]]]]:
    """Consecutive runs of entries holding about `size` values in all (an entry is never split)."""
    batch: list[tuple[str, list[int]]] = []
    held = 0
    for entry in entries:
        batch.append(entry)
        held += 1 + len(entry[1])
        if held >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
