"""The 目标对账 board as people read it: each target of `duban.analyse.track` with its
range, outcome (or progress so far), status in Chinese and links to the sentences; filters by
body, period, indicator, place and status; counts by status. Shared by the web board, the
workbook's sheet, the brief's section and the overview's board of bodies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from duban.analyse.track import Status, Tracked
from duban.lineup.periods import bounds
from duban.present.indicators import display_name, fact_link
from duban.present.labels import readable, status_label, target_kind_label, target_word
from duban.store.base import StoredFact

STATUS_ORDER = (Status.MISSED, Status.PENDING, Status.UNCLEAR, Status.MET)


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One target on the board, every value as people read it."""

    item: Tracked
    indicator: str  # as stored
    shown: str  # as a reader expects it (国内生产总值 for 全国)
    where: str
    when: str
    body: str
    kind: str  # 下限(以上) …
    target: str  # 6%—6.5%, 6%以上, 1100万人以上
    outcome: str  # 8.1%, or 进度 44% (so far), or ""
    so_far: bool  # the outcome is the progress so far, not the period's outcome
    status: str  # met, missed, pending, unclear
    status_label: str
    target_source: StoredFact
    outcome_source: StoredFact | None

    @property
    def target_link(self) -> str:
        return fact_link(self.target_source)

    @property
    def outcome_link(self) -> str:
        return fact_link(self.outcome_source) if self.outcome_source else ""


def target_text(item: Tracked) -> str:
    """The target as people read it: 6%—6.5%, 6%以上, 3%左右, 1100万人以上."""
    target = item.target
    low = target.low.fact
    if target.implied is not None:  # no sentence states it: inferred from the progress so far
        return f"约{readable(target.value, target.unit)}(推算)" if target.value is not None else "未列明"
    if target.high is not None:
        return f"{_signed(low.value, target.unit)}—{_signed(target.high.fact.value, target.unit)}"
    approx = low.quantity.approx
    word = "左右" if approx is not None and str(approx) == "about" else target_word(str(item.kind))
    return f"{_signed(low.value, target.unit)}{word}"


def _signed(value: float, unit: str) -> str:
    """A cut as people say it: -3.4 % → 下降3.4%."""
    return f"下降{readable(-value, unit)}" if value < 0 else readable(value, unit)


def target_row(item: Tracked) -> TargetRow:
    target = item.target
    source = item.outcome or item.so_far
    if item.outcome is not None:
        outcome = readable(item.outcome.fact.value, item.outcome.fact.quantity.unit)
    elif item.so_far is not None:
        outcome = f"进度 {readable(item.so_far.fact.value, item.so_far.fact.quantity.unit)}"
    else:
        outcome = ""
    return TargetRow(
        item=item,
        indicator=target.indicator,
        shown=display_name(target.indicator, target.where),
        where=target.where or "",
        when=target.when or "",
        body=target.low.fact.body or target.low.report_title,
        kind="推算" if target.implied is not None else target_kind_label(str(item.kind)),
        target=target_text(item),
        outcome=outcome,
        so_far=item.outcome is None and item.so_far is not None,
        status=str(item.status),
        status_label=status_label(str(item.status)),
        target_source=target.low,
        outcome_source=source,
    )


@dataclass(frozen=True, slots=True)
class BoardFilter:
    body: str = ""
    when: str = ""
    indicator: str = ""
    where: str = ""
    status: str = ""

    def keeps(self, row: TargetRow) -> bool:
        return (
            (not self.body or row.body == self.body)
            and (not self.when or row.when == self.when)
            and (not self.indicator or self.indicator in (row.indicator, row.shown))
            and (not self.where or row.where == self.where)
            and (not self.status or row.status == self.status)
        )

    def query(self) -> dict[str, str]:
        pairs = (("body", self.body), ("when", self.when), ("indicator", self.indicator),
                 ("where", self.where), ("status", self.status))  # fmt: skip
        return {k: v for k, v in pairs if v}


@dataclass(frozen=True, slots=True)
class Board:
    rows: tuple[TargetRow, ...]  # those the filter keeps
    total: int  # targets on the whole board
    counts: tuple[tuple[str, str, int], ...]  # (status, label, how many) of the rows kept
    bodies: tuple[str, ...]  # the filter's options, from the whole board
    periods: tuple[str, ...]
    indicators: tuple[tuple[str, str], ...]  # (as stored, as shown)
    places: tuple[str, ...]


def board(tracked: Iterable[Tracked], keep: BoardFilter | None = None) -> Board:
    every = [target_row(t) for t in tracked]
    keep = keep or BoardFilter()
    rows = [r for r in every if keep.keeps(r)]
    counted = Counter(r.status for r in rows)
    counts = tuple((str(s), status_label(str(s)), counted.get(str(s), 0)) for s in STATUS_ORDER)
    return Board(
        rows=tuple(rows),
        total=len(every),
        counts=counts,
        bodies=tuple(sorted({r.body for r in every})),
        periods=tuple(sorted({r.when for r in every}, key=bounds, reverse=True)),
        indicators=tuple(sorted({(r.indicator, r.shown) for r in every}, key=lambda p: p[1])),
        places=tuple(sorted({r.where for r in every if r.where})),
    )


def status_counts(rows: Sequence[TargetRow]) -> dict[str, int]:
    return dict(Counter(r.status for r in rows))
