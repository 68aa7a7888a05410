"""The ledger's interface: what every backend (SQLite, PostgreSQL) offers.

The rest of duban speaks to the ledger only through `Store`, in model objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from duban.errors import NotFoundError
from duban.model import Document, ExtractedReport, Fact, IngestStatus, Item, Report, Sentence, Span


class ReportNotFound(NotFoundError):
    """A report reference that names no report (`matches` empty) or several (their titles)."""

    def __init__(self, message: str, ref: str, matches: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.ref = ref
        self.matches = tuple(matches)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    path: str
    status: IngestStatus
    reports: int
    facts: int


@dataclass(frozen=True, slots=True)
class ReportSummary:
    report: Report
    sections: int
    sentences: int
    facts: int
    warnings: tuple[str, ...]  # the report's own and its document's


@dataclass(frozen=True, slots=True)
class StoredFact:
    """A fact with the report it belongs to, as the ledger returns it."""

    fact: Fact
    report_id: str
    report_title: str
    section_heading: str  # the innermost section's heading, "" when under none
    section_kind: str


class FactOutline(NamedTuple):
    """What ranks a fact without reading it whole (no sentence, no section): `Store.fact_outlines`."""

    report_id: str
    idx: int  # the fact's index in its report (`Store.facts_at` reads it whole)
    report_title: str
    sentence_idx: int
    span_start: int  # the quantity's span
    span_end: int
    role: str
    subject: str | None
    period: str | None
    when: str | None
    where: str | None
    metric: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    report_id: str
    report_title: str
    section_heading: str
    section_kind: str
    sentence: Sentence
    matches: tuple[Span, ...]  # where the query's words stand in sentence.text
    score: float


@dataclass(frozen=True, slots=True)
class Lineup:
    """Facts of one indicator, place, period or body (None: any). `indicator` is the
    catalogue's name as stored (a fact's own metric when the catalogue has none)."""

    indicator: str | None = None
    where: str | None = None
    when: str | None = None
    body: str | None = None

    def columns(self) -> list[tuple[str, str]]:
        """(column, value) of each filter given."""
        pairs = (("indicator", self.indicator), ("place", self.where), ("holds_when", self.when),
                 ("body", self.body))  # fmt: skip
        return [(column, value) for column, value in pairs if value is not None]


class Store(Protocol):
    target: str  # the SQLite path or postgresql:// URL it was opened on

    def ingest(
        self,
        document: Document,
        reports: Sequence[ExtractedReport],
        warnings: Sequence[str],
        sentence_tokens: Mapping[str, Sequence[str]] | None = None,
    ) -> IngestOutcome:
        """Store one file's reports in one transaction. The same bytes again change nothing;
        new bytes at the same path replace that file's reports. `sentence_tokens` (report id →
        one space-joined search-token string per sentence) may bring tokens cut elsewhere."""

    def after_ingest(self) -> None:
        """Once an ingest's files are stored: what the backend keeps besides them brought up to
        date (SQLite: the best sentences of common words, for search)."""

    def has_document(self, sha256: str) -> bool: ...

    def unchanged_outcome(self, path: str, sha256: str) -> IngestOutcome | None:
        """The 'unchanged' outcome when these bytes are in the ledger already, else None
        (lets an ingest skip a known file before extracting it)."""

    def document_digests(self) -> list[str]:
        """The sha256 of every document in the ledger, in ingest order."""

    def reports(self, limit: int | None = None, offset: int = 0) -> list[ReportSummary]:
        """Reports with their counts in listing order; `limit` of them from `offset` on."""

    def count_reports(self) -> int:
        """How many reports the ledger holds."""

    def report_list(self) -> list[Report]:
        """Every report in listing order without its text (`text` is ""), counts or document
        warnings: what lookups by id, title, department and period need, read cheaply."""

    def report_versions(self) -> list[tuple[str, str]]:
        """(report id, the extractor that read its document) of every report, in listing order:
        what a reader keeping results per report checks them against (ids follow the bytes)."""

    def summary(self, ref: str) -> ReportSummary:
        """One report's summary, by any reference `find_report` takes."""

    def state(self) -> str:
        """A token that changes whenever the ledger's content does (a file added or replaced):
        what is computed from the whole ledger can be kept while it stays the same."""

    def find_report(self, ref: str) -> Report:
        """By id, by ordinal in the listing (1-based), or by a unique title/department substring.
        Raises NotFoundError."""

    def load(self, report_id: str) -> ExtractedReport:
        """The whole report: sections, sentences, facts, items, entities."""

    def load_all(self) -> list[ExtractedReport]:
        """Every report, whole, in the ledger's order: what checks, exports and the web's
        findings read."""

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
        kept (exactly), `report_ids` the reports (by id); `limit` facts from `offset` on."""

    def fact_outlines(
        self,
        lineup: Lineup | None = None,
        report_ids: Sequence[str] | None = None,
        metrics: Sequence[str] | None = None,
    ) -> list[FactOutline]:
        """The outlines of the facts `facts(lineup=…, report_ids=…, metrics=…)` lists, in its
        order: a cheap first pass over many facts, the few that matter then read whole."""

    def facts_at(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], StoredFact]:
        """The facts at these (report id, fact index) keys, whole, by key (keys of no fact are
        left out: the ledger changed since they were listed)."""

    def metrics_holding(self, words: Sequence[str]) -> dict[str, set[str]]:
        """For each word, the distinct stored metrics that hold it as `facts(metric=word)` matches
        (words that no metric holds are left out): an index of metrics, not a scan of facts."""

    def count_facts(
        self,
        report: str | None = None,
        metric: str | None = None,
        role: str | None = None,
        *,
        lineup: Lineup | None = None,
    ) -> int:
        """How many facts `facts` returns without a limit."""

    def items(self, kind: str | None = None, report: str | None = None) -> list[tuple[Item, str]]:
        """Items with their report title."""

    def search(
        self, query: str, report: str | None = None, kind: str | None = None, limit: int = 20
    ) -> list[SearchHit]:
        """Sentences matching every word of the query (Chinese-aware), best first."""

    def close(self) -> None: ...
