"""The ledger for a request, and what is computed from the whole ledger kept while it is the same."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from duban.analyse.findings import ledger_finding_parts
from duban.analyse.findings import ledger_findings as ledger_findings_kept
from duban.analyse.track import Tracked
from duban.analyse.tracked import ledger_tracked as ledger_tracked_kept
from duban.lineup import by_name
from duban.lineup.periods import bounds
from duban.model import Finding
from duban.present import overview as ov
from duban.present.indicators import IndicatorEntry, comparable_indicators, indicator_index
from duban.store import open_store
from duban.store.base import Store

T = TypeVar("T")
log = logging.getLogger(__name__)


def get_store(request: Request) -> Iterator[Store]:
    """The ledger for one request, opened for it and closed after it."""
    store = open_store(request.app.state.store_target, create=False)
    try:
        yield store
    finally:
        store.close()


Ledger = Annotated[Store, Depends(get_store)]


class LedgerMemo:
    """Results computed from the whole ledger (every check over every report), kept while
    the ledger's state (`Store.state()`) stays the same: pages that show them do not load
    every report again on each request. Each result has a lock of its own, held while it
    is computed: requests for it wait and then find it kept, others go on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards the two dicts only, never held while computing
        self._kept: dict[str, tuple[str, Any]] = {}
        self._computing: dict[str, threading.Lock] = {}

    def get(self, store: Store, name: str, compute: Callable[[Store], T]) -> T:
        state = store.state()
        with self._lock:
            computing = self._computing.setdefault(name, threading.Lock())
        with computing:
            with self._lock:
                kept = self._kept.get(name)
            if kept is None or kept[0] != state:
                kept = (state, compute(store))
                with self._lock:
                    self._kept[name] = kept
                keep_out_of_full_collections()
            return kept[1]


FULL_EVERY = 64  # calls of keep_out_of_full_collections between two passes over every object


class _Frozen:
    """How many times objects were frozen since every object was last collected, under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.since_full = 0


_FROZEN = _Frozen()


def keep_out_of_full_collections() -> None:
    """What the process holds now (the kept results, the modules, the language rules: some
    300,000 objects at a thousand reports) moved out of the collector's passes (`gc.freeze`):
    a full pass walked them all, 0.15 s and more, every few files of an ingest. What was made
    since the last call is collected first (a pass over those alone, a few ms), so no garbage
    is frozen; what dies in a cycle once frozen (a request's frames under way at the time:
    some 500 objects a call) is freed by a pass over every object each FULL_EVERY calls."""
    with _FROZEN.lock:
        _FROZEN.since_full += 1
        if _FROZEN.since_full >= FULL_EVERY:
            gc.unfreeze()
            _FROZEN.since_full = 0
        gc.collect()  # the objects not frozen: all of them after unfreeze, else the new ones
        gc.freeze()


def compute_findings(store: Store) -> tuple[dict[str, str], list[Finding]]:
    titles = {r.id: r.title for r in store.report_list()}
    return titles, ledger_findings_kept(store)  # run_checks(store.load_all()), kept per report


def ledger_findings(request: Request, store: Store) -> tuple[dict[str, str], list[Finding]]:
    return request.app.state.memo.get(store, "findings", compute_findings)


def ledger_tracked(request: Request, store: Store) -> list[Tracked]:
    """The ledger's 目标对账: every target with its outcome and status."""
    return request.app.state.memo.get(store, "tracked", ledger_tracked_kept)


def ledger_overview(request: Request, store: Store) -> ov.Overview:
    """What the overview shows, kept per ledger state; the findings and key figures it
    draws on are kept per report, so a state after one more file costs that file's reading."""
    return overview_kept(request.app.state.memo, store)


def overview_kept(memo: LedgerMemo, store: Store) -> ov.Overview:
    def compute(store: Store) -> ov.Overview:
        versions = store.report_versions()  # read once for the four keepers
        summaries = ov.ledger_summaries(store, versions)
        findings = ledger_finding_parts(store, versions)  # the keepers themselves: no state read again
        tracked = ledger_tracked_kept(store, versions)
        figures = ov.ledger_key_figures(store, versions)
        return ov.kept_overview(store, summaries, findings, tracked, figures)

    return memo.get(store, "overview", compute)


def warm_up(memo: LedgerMemo, target: str) -> threading.Thread:
    """A thread computing the overview of the ledger at `target` into `memo` now, so that the
    first visitor does not wait for it (36 s of CPU at 10,000 reports): a request meanwhile
    waits for the same computation (`LedgerMemo.get`), never runs a second one. What fails
    here is left for that request to meet and report."""

    def run() -> None:
        try:
            with closing(open_store(target, create=False)) as store:
                overview_kept(memo, store)
        except Exception:
            log.debug("warming up the overview of %s failed", target, exc_info=True)

    thread = threading.Thread(target=run, name="duban-warm-up", daemon=True)
    thread.start()
    return thread


def ledger_indicators(request: Request, store: Store) -> list[IndicatorEntry]:
    return request.app.state.memo.get(store, "indicators", indicator_index)


def ledger_comparable(request: Request, store: Store) -> list[tuple[str, int]]:
    return request.app.state.memo.get(store, "comparable", comparable_indicators)


@dataclass(frozen=True, slots=True)
class Facets:
    """The values the facts filters offer: bodies, indicators and periods in the ledger."""

    bodies: tuple[str, ...]
    indicators: tuple[str, ...]
    periods: tuple[str, ...]


def compute_facets(store: Store) -> Facets:
    found = [s.fact for s in store.facts()]
    return Facets(
        bodies=tuple(sorted({f.body for f in found if f.body})),
        indicators=tuple(sorted({f.indicator for f in found if f.indicator and by_name(f.indicator)})),
        periods=tuple(sorted({f.when for f in found if f.when}, key=bounds, reverse=True)),
    )


def ledger_facets(request: Request, store: Store) -> Facets:
    return request.app.state.memo.get(store, "facets", compute_facets)
