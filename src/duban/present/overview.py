"""The overview a supervisor opens first: headline figures, a board of bodies × status (the
progress checks against time and the 目标对账 in one row per body, what a 计分挂旗 or 月排名
meeting reads), each body's key indicators of its latest period, and the ledger's warnings
said in words."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from duban.analyse.track import Tracked
from duban.lineup import by_name
from duban.lineup.when import bounds
from duban.model import Finding, Role
from duban.present.indicators import display_name
from duban.present.labels import board_label, readable
from duban.store.base import ReportSummary, StoredFact

PROGRESS_COLUMNS = ("behind", "on_track", "ahead")
TARGET_COLUMNS = ("missed", "met", "pending", "unclear")
BOARD_COLUMNS = (*PROGRESS_COLUMNS, *TARGET_COLUMNS)
KEY_INDICATORS = 4  # per body on the overview
KEY_ROLES = (Role.LEVEL, Role.CHANGE, Role.SHARE)


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


def cards(
    summaries: Sequence[ReportSummary], facts: int, findings: Sequence[Finding], tracked: Sequence[Tracked]
) -> list[Card]:
    status = Counter(str(t.status) for t in tracked)
    progress = Counter(f.status for f in findings if f.kind == "progress")
    mismatches = sum(1 for f in findings if f.status in ("mismatch", "conflict"))
    return [
        Card("报告", len(summaries)),
        Card("单位", len({body_of(s) for s in summaries})),
        Card("数据", facts, "/facts"),
        Card("目标", len(tracked), "/targets"),
        Card(board_label("met"), status["met"], "/targets?status=met", "met"),
        Card(board_label("missed"), status["missed"], "/targets?status=missed", "missed"),
        Card("进度落后", progress["behind"], "/findings?status=behind", "behind"),
        Card("数据不符", mismatches, "/findings?status=mismatch", "mismatch" if mismatches else ""),
    ]


def status_board(
    summaries: Sequence[ReportSummary],
    findings: Sequence[Finding],
    tracked: Sequence[Tracked],
    sort: str = "",
    desc: bool = True,
) -> list[BoardRow]:
    """One row per body: its progress findings by status and its targets by status; by
    default those with the most behind or missed first, else by the column `sort`."""
    bodies = {s.report.id: body_of(s) for s in summaries}
    rows: dict[str, BoardRow] = {}
    for summary in summaries:
        rows.setdefault(body_of(summary), BoardRow(body_of(summary))).reports += 1
    for finding in findings:
        if finding.kind == "progress" and finding.report_id in bodies:
            row = rows[bodies[finding.report_id]]
            row.counts[finding.status] = row.count(finding.status) + 1
    for item in tracked:
        body = item.target.low.fact.body or bodies.get(
            item.target.low.report_id, item.target.low.report_title
        )
        row = rows.setdefault(body, BoardRow(body))
        row.counts[str(item.status)] = row.count(str(item.status)) + 1
    ordered = sorted(rows.values(), key=lambda r: r.body)
    if sort in BOARD_COLUMNS:
        return sorted(ordered, key=lambda r: r.count(sort), reverse=desc)
    return sorted(ordered, key=lambda r: (-r.attention, -sum(r.counts.values())))


def key_figures(found: Sequence[StoredFact]) -> list[BodyFigures]:
    """Each body's latest period (of a year or less) and, in it, the first few catalogued
    indicators it states as a level, change or share, in the order it states them."""
    by_body: dict[str, list[StoredFact]] = defaultdict(list)
    for stored in found:
        f = stored.fact
        if (
            f.body
            and f.when
            and "/" not in f.when
            and f.role in KEY_ROLES
            and f.indicator
            and by_name(f.indicator)
        ):
            by_body[f.body].append(stored)
    out = []
    for body, facts in sorted(by_body.items()):
        latest = max({s.fact.when for s in facts if s.fact.when}, key=lambda w: bounds(w)[1])
        seen: dict[str, KeyFigure] = {}
        for stored in facts:
            f = stored.fact
            if f.when != latest or f.indicator in seen or f.subject:
                continue
            assert f.indicator is not None
            seen[f.indicator] = KeyFigure(display_name(f.indicator, f.where), _said(stored), stored)
            if len(seen) == KEY_INDICATORS:
                break
        if seen:
            out.append(BodyFigures(body, latest, tuple(seen.values())))
    return out


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
