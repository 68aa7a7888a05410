"""The ledger's 目标对账 kept between calls (issue 11), as `analyse.findings` keeps findings.

`track(store)` reads every target, every outcome of each target's indicator and place, and
every progress figure: about a thousand queries and a second of CPU at a thousand reports,
again each time a file is stored. `ledger_tracked(store)` gives the same list in the same
order: it runs `track` over a reader that keeps what the ledger answered to each of track's
reads. When reports are added at the end of the ledger (an ingest), only their facts are read,
and each kept answer is extended by those of them it matches (the same filters as the SQL:
role, report, indicator, place, period, body); any other change (a file replaced in the
middle of the ledger) forgets what was kept. One keeper per ledger target and process, shared
by the threads of a web server.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, cast

from duban.analyse.kept import PerLedger, Version, textless_summaries
from duban.analyse.track import Tracked, Walk, track
from duban.store.base import Lineup, ReportSummary, Store, StoredFact

Call = tuple[str | None, str | None, Lineup | None]  # report, role, lineup of a `facts` read


class _Keeper:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: tuple[Version, ...] = ()
        self.reports: list[ReportSummary] = []
        self.answers: dict[Call, list[StoredFact]] = {}
        self.last: list[Tracked] | None = None
        self.walked = Walk()  # the targets of the kept target facts, walked on as they grow

    def forget(self) -> None:
        self.versions, self.reports, self.answers, self.last = (), [], {}, None
        self.walked = Walk()

    def run(self, reads: Store) -> list[Tracked]:
        """`track` over `reads`, walked and judged on from what this keeper walked before."""
        return track(reads, walked=self.walked)

    def append(self, store: Store, added: Sequence[Version]) -> None:
        """Reports added at the end of the ledger: each kept answer takes the new facts it matches."""
        found = [s for version in added for s in store.facts(report=version[0])]
        by_indicator: dict[str | None, list[StoredFact]] = {}
        for stored in found:
            by_indicator.setdefault(stored.fact.indicator, []).append(stored)
        for call, answer in self.answers.items():
            lineup = call[2]
            named = lineup is not None and lineup.indicator is not None
            candidates = by_indicator.get(lineup.indicator, []) if named and lineup else found
            answer.extend(s for s in candidates if _matches(s, *call))
        self.last = None


def _matches(stored: StoredFact, report: str | None, role: str | None, lineup: Lineup | None) -> bool:
    """Whether `facts(report=report, role=role, lineup=lineup)` lists this fact (`report` an id)."""
    f = stored.fact
    if (report is not None and stored.report_id != report) or (role is not None and str(f.role) != role):
        return False
    held = {"indicator": f.indicator, "place": f.where, "holds_when": f.when, "body": f.body}
    return all(held[column] == value for column, value in (lineup.columns() if lineup else ()))


class _KeptReads:
    """The store as `track` reads it, with the keeper's answers (the rest passed through)."""

    def __init__(self, store: Store, keeper: _Keeper, ids: set[str]) -> None:
        self._store, self._keeper, self._ids = store, keeper, ids

    def reports(self, limit: int | None = None, offset: int = 0) -> list[ReportSummary]:
        if limit is not None or offset:
            return self._store.reports(limit, offset)
        return list(self._keeper.reports)

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
        keepable = metric is None and limit is None and not offset and metrics is None and report_ids is None
        if not keepable or (report is not None and report not in self._ids):
            return self._store.facts(
                report, metric, role, limit, offset, lineup=lineup, metrics=metrics, report_ids=report_ids
            )
        call = (report, role, lineup)
        if call not in self._keeper.answers:  # what a writer added since `ids` were read: not yet
            found = self._store.facts(report=report, role=role, lineup=lineup)
            self._keeper.answers[call] = [s for s in found if s.report_id in self._ids]
        return self._keeper.answers[call]  # the kept list itself (track only reads it): judged on

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


_keepers = PerLedger(_Keeper)


def ledger_tracked(store: Store, versions: Sequence[Version] | None = None) -> list[Tracked]:
    """`track(store)`, from what is kept of earlier calls in this process."""
    keeper = _keepers.of(store)
    with keeper.lock:
        versions = tuple(store.report_versions() if versions is None else versions)
        if versions != keeper.versions:
            grew = bool(keeper.versions) and versions[: len(keeper.versions)] == keeper.versions
            reports = textless_summaries(store, keeper.reports, keeper.versions, versions)
            if grew:
                keeper.append(store, versions[len(keeper.versions) :])
            else:
                keeper.forget()
            keeper.reports, keeper.versions = reports, versions
        if keeper.last is None:
            reads = _KeptReads(store, keeper, {rid for rid, _ in versions})
            keeper.last = keeper.run(cast(Store, reads))
        return list(keeper.last)
