"""The overview a supervisor opens first: headline figures, a board of bodies × status (the
progress checks against time and the 目标对账 in one row per body, what a 计分挂旗 or 月排名
meeting reads), each body's key indicators of its latest period, and the ledger's warnings
said in words."""

from __future__ import annotations

import functools
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from duban.analyse.kept import PerLedger, Version, per_report, textless_summaries
from duban.analyse.track import Tracked
from duban.lineup import by_name
from duban.lineup.periods import bounds
from duban.model import Finding, Role
from duban.present.indicators import display_name
from duban.present.labels import board_label, readable
from duban.store.base import ReportSummary, Store, StoredFact

PROGRESS_COLUMNS = ("behind", "on_track", "ahead")
TARGET_COLUMNS = ("missed", "met", "pending", "unclear")
BOARD_COLUMNS = (*PROGRESS_COLUMNS, *TARGET_COLUMNS)
KEY_INDICATORS = 4  # per body on the overview
KEY_ROLES = (Role.LEVEL, Role.CHANGE, Role.SHARE)
# What the overview lists at most, whatever the ledger's size; each list links to the page
# that holds all of it (/reports, /findings, /bodies).
REPORT_ROWS = 20
NOTABLE_ROWS = 20
BOARD_ROWS = 30
FIGURE_BODIES = 12
NOTES = 5  # notes of shared warnings; each shows RAW_WARNINGS of its warnings as they were said
RAW_WARNINGS = 3
NOTABLE = ("behind", "mismatch", "conflict")


@dataclass(frozen=True, slots=True)
class Card:
    label: str
    value: int
    link: str = ""
    tone: str = ""  # a status the card is coloured by


@dataclass(slots=True)
class BoardRow:
    body: str
    reports: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, column: str) -> int:
        return self.counts.get(column, 0)

    @property
    def attention(self) -> int:
        """What needs looking at first: behind, missed."""
        return self.count("behind") + self.count("missed")


@dataclass(frozen=True, slots=True)
class KeyFigure:
    indicator: str  # as a reader expects it (国内生产总值 for 全国)
    shown: str  # the value as read, with its basis (同比增长13.8%)
    fact: StoredFact


@dataclass(frozen=True, slots=True)
class BodyFigures:
    body: str
    when: str
    figures: tuple[KeyFigure, ...]


def body_of(summary: ReportSummary) -> str:
    """The body a report speaks for: its department, else its title."""
    return summary.report.department or summary.report.title


def shared_warnings(summaries: Sequence[ReportSummary]) -> list[str]:
    """Warnings that more than one report carries, in the order they first appear."""
    seen = Counter(w for summary in summaries for w in dict.fromkeys(summary.warnings))
    return [w for w, n in seen.items() if n > 1]


@dataclass(slots=True)
class _Tally:
    """What the cards and the board count, from one pass over the findings and one over the
    targets: the notable findings, progress findings by status, mismatches and conflicts,
    targets by status, and each body's row."""

    notable: list[Finding] = field(default_factory=list)
    progress: Counter[str] = field(default_factory=Counter)
    mismatches: int = 0
    targets: Counter[str] = field(default_factory=Counter)
    rows: dict[str, BoardRow] = field(default_factory=dict)

    def copy(self) -> _Tally:
        rows = {body: BoardRow(body, row.reports, dict(row.counts)) for body, row in self.rows.items()}
        progress, targets = Counter(self.progress), Counter(self.targets)
        return _Tally(list(self.notable), progress, self.mismatches, targets, rows)


def _tally(
    summaries: Sequence[ReportSummary],
    findings: Sequence[Finding],
    tracked: Sequence[Tracked],
    counted: _Tally | None = None,
) -> _Tally:
    """The tally of the findings and targets; `counted`, that of the findings counted already
    (the reports' own, kept by `_kept_tally`): `findings` are then the rest."""
    bodies = {s.report.id: body_of(s) for s in summaries}
    tally = _Tally() if counted is None else counted.copy()
    rows = tally.rows
    for summary in summaries:
        rows.setdefault(body_of(summary), BoardRow(body_of(summary))).reports += 1
    _count(tally, findings, bodies)
    for item in tracked:
        said = str(item.status)
        tally.targets[said] += 1
        low = item.target.low
        body = low.fact.body or bodies.get(low.report_id, low.report_title)
        row = rows.setdefault(body, BoardRow(body))
        row.counts[said] = row.count(said) + 1
    return tally


def _count(tally: _Tally, findings: Iterable[Finding], bodies: dict[str, str]) -> None:
    rows = tally.rows
    for finding in findings:
        status = finding.status
        if status in NOTABLE:
            tally.notable.append(finding)
            if status != "behind":
                tally.mismatches += 1
        if finding.kind == "progress":
            tally.progress[str(status)] += 1
            if finding.report_id in bodies:
                body = bodies[finding.report_id]
                row = rows.setdefault(body, BoardRow(body))
                row.counts[status] = row.count(status) + 1


class _TallyKept:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: tuple[Version, ...] = ()
        self.tally = _Tally()


_tallies_kept = PerLedger(_TallyKept)


def _kept_tally(
    store: Store, summaries: Sequence[ReportSummary], own: dict[Version, tuple[Finding, ...]]
) -> _Tally:
    """The tally of the reports' own findings (`own`, by version in ledger order), kept between
    calls: when reports are added at the end of the ledger only theirs are counted."""
    keeper = _tallies_kept.of(store)
    versions = tuple(own)
    with keeper.lock:
        if versions[: len(keeper.versions)] != keeper.versions:
            keeper.versions, keeper.tally = (), _Tally()
        bodies = {s.report.id: body_of(s) for s in summaries}
        _count(keeper.tally, (f for v in versions[len(keeper.versions) :] for f in own[v]), bodies)
        keeper.versions = versions
        return keeper.tally.copy()


def cards(summaries: Sequence[ReportSummary], bodies: int, tally: _Tally, n_targets: int) -> list[Card]:
    mismatches = tally.mismatches
    return [
        Card("报告", len(summaries)),
        Card("单位", bodies),
        Card("数据", sum(s.facts for s in summaries), "/facts"),
        Card("目标", n_targets, "/targets"),
        Card(board_label("met"), tally.targets["met"], "/targets?status=met", "met"),
        Card(board_label("missed"), tally.targets["missed"], "/targets?status=missed", "missed"),
        Card("进度落后", tally.progress["behind"], "/findings?status=behind", "behind"),
        Card("数据不符", mismatches, "/findings?status=mismatch", "mismatch" if mismatches else ""),
    ]


def status_board(rows: dict[str, BoardRow]) -> list[BoardRow]:
    """One row per body: its progress findings by status and its targets by status, those
    with the most behind or missed first (`sort_board` orders it by a column)."""
    ordered = sorted(rows.values(), key=lambda r: r.body)
    return sorted(ordered, key=lambda r: (-r.attention, -sum(r.counts.values())))


@dataclass(frozen=True, slots=True)
class Note:
    """Shared warnings that mean the same for a reader: the words, how many warnings say it,
    and the first few as they were said."""

    words: str
    count: int
    raw: tuple[str, ...]


def notes(warnings: Sequence[str]) -> list[Note]:
    grouped: dict[str, list[str]] = {}
    for w in warnings:
        grouped.setdefault(explain(w) or w, []).append(w)
    return [Note(words, len(raw), tuple(raw[:RAW_WARNINGS])) for words, raw in grouped.items()]


@dataclass(frozen=True, slots=True)
class Overview:
    """What the overview shows of a ledger, bounded whatever its size: the cards, the board
    of every body (the page shows its first rows), the first reports and notable findings
    with how many there are in all, and every body's key figures."""

    reports: int
    bodies: int
    cards: tuple[Card, ...]
    board: tuple[BoardRow, ...]  # every body, those needing attention first
    figures: tuple[BodyFigures, ...]  # every body, latest periods first
    first_reports: tuple[ReportSummary, ...]
    shared_warnings: tuple[str, ...]
    notable: tuple[Finding, ...]  # the first NOTABLE_ROWS
    notable_counts: dict[str, int]  # behind, mismatch (conflicts with them) over the ledger
    titles: dict[str, str]  # report id → title, for the reports `notable` names
    notes: tuple[Note, ...] = ()  # the shared warnings said in words, the first NOTES of them
    more_notes: int = 0  # how many more there are

    @property
    def notable_total(self) -> int:
        return sum(self.notable_counts.values())


def overview(
    summaries: Sequence[ReportSummary],
    findings: Sequence[Finding],
    tracked: Sequence[Tracked],
    figures: Sequence[BodyFigures],
    counted: _Tally | None = None,
) -> Overview:
    """What the overview shows; `counted` (from `kept_overview`): the tally of the findings
    counted already, `findings` being the rest."""
    tally = _tally(summaries, findings, tracked, counted)
    notable = tally.notable
    shown = tuple(notable[:NOTABLE_ROWS])
    titles = {s.report.id: s.report.title for s in summaries}
    counts = {"behind": len(notable) - tally.mismatches, "mismatch": tally.mismatches}
    shared = shared_warnings(summaries)
    said = notes(shared)
    bodies = len({body_of(s) for s in summaries})
    return Overview(
        reports=len(summaries),
        bodies=bodies,
        cards=tuple(cards(summaries, bodies, tally, len(tracked))),
        board=tuple(status_board(tally.rows)),
        figures=tuple(figures),
        first_reports=tuple(summaries[:REPORT_ROWS]),
        shared_warnings=tuple(shared),
        notable=shown,
        notable_counts={k: counts[k] for k in ("behind", "mismatch") if counts[k]},
        titles={f.report_id: titles.get(f.report_id, "") for f in shown},
        notes=tuple(said[:NOTES]),
        more_notes=max(len(said) - NOTES, 0),
    )


def kept_overview(
    store: Store,
    summaries: Sequence[ReportSummary],
    parts: tuple[dict[Version, tuple[Finding, ...]], list[Finding]],
    tracked: Sequence[Tracked],
    figures: Sequence[BodyFigures],
) -> Overview:
    """`overview` of the ledger's findings given in two parts (`ledger_finding_parts`: each
    report's own, the conflicts), the own counted from what is kept of earlier calls."""
    own, conflicts = parts
    return overview(summaries, conflicts, tracked, figures, _kept_tally(store, summaries, own))


def sort_board(rows: Sequence[BoardRow], sort: str = "", desc: bool = True) -> list[BoardRow]:
    """The board by the column `sort` (ties by body), else as `status_board` orders it."""
    if sort in BOARD_COLUMNS:
        return sorted(sorted(rows, key=lambda r: r.body), key=lambda r: r.count(sort), reverse=desc)
    return list(rows)


def key_figures(found: Sequence[StoredFact]) -> list[BodyFigures]:
    """Each body's latest period (of a year or less) and, in it, the first few catalogued
    indicators it states as a level, change or share, in the order it states them; the
    bodies with the latest periods first."""
    return _combine([_stated(found)])


@dataclass(frozen=True, slots=True)
class _Stated:
    """What one report (or any run of facts) contributes to the key figures: each body's
    periods, and for each body and period the first few facts of distinct indicators."""

    periods: dict[str, set[str]]
    first: dict[tuple[str, str], tuple[StoredFact, ...]]


def _stated(found: Sequence[StoredFact]) -> _Stated:
    periods: dict[str, set[str]] = defaultdict(set)
    first: dict[tuple[str, str], dict[str, StoredFact]] = defaultdict(dict)
    for stored in found:
        f = stored.fact
        if not (f.body and f.when and "/" not in f.when and f.role in KEY_ROLES and f.indicator):
            continue
        if not by_name(f.indicator):
            continue
        periods[f.body].add(f.when)
        seen = first[(f.body, f.when)]
        if not f.subject and f.indicator not in seen and len(seen) < KEY_INDICATORS:
            seen[f.indicator] = stored
    return _Stated(dict(periods), {key: tuple(seen.values()) for key, seen in first.items()})


def _latest(periods: set[str]) -> str:
    """The period that ends last; of those ending together the longest, then by name."""
    return min(periods, key=_latest_first)


@functools.cache
def _latest_first(when: str) -> tuple[tuple[int, ...], str, str]:
    """A period's place when the latest come first (a period's bounds never change)."""
    start, end = bounds(when)
    return _negated(end), start, when


def _negated(day: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in day)


def _combine(parts: Sequence[_Stated]) -> list[BodyFigures]:
    combined = _Combined()
    for part in parts:  # in ledger order
        combined.add(part)
    return combined.figures()


@dataclass(slots=True)
class _Combined:
    """The reports' contributions to the key figures gathered in ledger order: each body's
    periods, and the first facts stated of each body and period."""

    periods: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    firsts: dict[tuple[str, str], list[StoredFact]] = field(default_factory=lambda: defaultdict(list))

    def add(self, part: _Stated) -> None:
        for body, whens in part.periods.items():
            self.periods[body] |= whens
        for key, stated in part.first.items():
            self.firsts[key].extend(stated)

    def figures(self) -> list[BodyFigures]:
        out = []
        for body, whens in self.periods.items():
            latest = _latest(whens)
            seen: dict[str, KeyFigure] = {}
            for stored in self.firsts.get((body, latest), ()):
                f = stored.fact
                if f.indicator is not None and f.indicator not in seen and len(seen) < KEY_INDICATORS:
                    seen[f.indicator] = KeyFigure(display_name(f.indicator, f.where), _said(stored), stored)
            if seen:
                out.append(BodyFigures(body, latest, tuple(seen.values())))
        ends = {b.when: bounds(b.when)[1] for b in out}
        out.sort(key=lambda b: b.body)
        out.sort(key=lambda b: ends[b.when], reverse=True)
        return out


class _SummariesKept:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: tuple[tuple[str, str], ...] = ()
        self.summaries: list[ReportSummary] = []


_summaries_kept = PerLedger(_SummariesKept)


def ledger_summaries(store: Store, versions: Sequence[Version] | None = None) -> list[ReportSummary]:
    """`store.reports()` without the reports' text (`text` is ""), from what is kept of earlier
    calls in this process: when reports are added at the end of the ledger only theirs are read."""
    keeper = _summaries_kept.of(store)
    with keeper.lock:
        versions = tuple(store.report_versions() if versions is None else versions)
        if versions != keeper.versions:
            keeper.summaries = textless_summaries(store, keeper.summaries, keeper.versions, versions)
            keeper.versions = versions
        return list(keeper.summaries)


class _FiguresKept:
    """Each report's contribution to the key figures, by report id and the extractor that
    read it: when a file is ingested only its reports' facts are read."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: dict[tuple[str, str], _Stated] = {}
        self.combined = _Combined()
        self.combined_of: tuple[Version, ...] = ()  # the reports `combined` gathered, in order
        self.last: tuple[tuple[tuple[str, str], ...], list[BodyFigures]] | None = None


_figures_kept = PerLedger(_FiguresKept)


def ledger_key_figures(store: Store, versions: Sequence[Version] | None = None) -> list[BodyFigures]:
    """`key_figures(store.facts())`, reading only the facts of reports not seen before in
    this process."""
    keeper = _figures_kept.of(store)
    with keeper.lock:
        versions = tuple(store.report_versions() if versions is None else versions)
        if keeper.last is not None and keeper.last[0] == versions:
            return list(keeper.last[1])
        per_report(keeper.kept, versions, lambda version: _stated(store.facts(report=version[0])))
        if versions[: len(keeper.combined_of)] != keeper.combined_of:  # not only grown: anew
            keeper.combined, keeper.combined_of = _Combined(), ()
        for version in versions[len(keeper.combined_of) :]:
            keeper.combined.add(keeper.kept[version])
        keeper.combined_of = versions
        keeper.last = (versions, keeper.combined.figures())
        return list(keeper.last[1])


def _said(stored: StoredFact) -> str:
    f = stored.fact
    value = readable(abs(f.value) if f.role is Role.CHANGE else f.value, f.quantity.unit)
    if f.role is Role.CHANGE:
        return ("下降" if f.value < 0 else "增长") + value
    return value


WARNING_WORDS = (
    (
        "目录列出",
        "这份汇编的目录比正文多:目录中列出的部分报告在正文里没有找到,未能导入。如有完整文件,请重新导入。",
    ),
    ("乱码", "文件的部分文字无法识别,相应内容可能缺失或有误,请核对原件。"),
)


def explain(warning: str) -> str:
    """What a warning means for the reader, in a sentence; '' when the warning says it itself."""
    return next((words for cue, words in WARNING_WORDS if cue in warning), "")
