"""The findings of every check over a ledger, kept per report (issue 11).

`run_checks(store.load_all())` loads every report whole and checks them all: seconds at a
thousand reports, each time the ledger changes. `ledger_findings(store)` gives the same
findings in the same order, but keeps what each report contributes (its progress and
arithmetic findings, its statements for the consistency check) by report id and the
extractor that read it, and the consistency check's groups (each key's first statement and
the conflicts with it): when a file is ingested, only its reports are loaded and checked and
their statements added to the groups; a file replaced in the middle of the ledger has the
kept statements grouped anew (no loading). One keeper per
ledger target and process, shared by the threads of a web server.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from duban.analyse.checks import check_arithmetic, check_progress
from duban.analyse.checks.common import Located
from duban.analyse.checks.consistency import Key, conflict, statements
from duban.analyse.kept import PerLedger, Version, per_report
from duban.model import ExtractedReport, Finding, Report
from duban.store.base import Store


@dataclass(frozen=True, slots=True)
class _Checked:
    """What one report contributes to the ledger's findings."""

    report: Report
    own: tuple[Finding, ...]  # progress, then arithmetic, in text order
    statements: tuple[tuple[Key, Located], ...]  # for the consistency check across reports


@dataclass(slots=True)
class _Group:
    """The statements of one consistency key so far: the first, and the conflicts with it."""

    first: Located
    first_report: Report
    conflicts: list[Finding]
    seq: int  # its place among the groups, made in ledger order


class _Keeper:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: dict[Version, _Checked] = {}
        self.grouped: tuple[Version, ...] = ()  # the reports `groups` holds, in order
        self.groups: dict[Key, _Group] = {}
        self.conflicted: dict[Key, _Group] = {}  # the groups with a conflict
        self.last: tuple[tuple[Version, ...], list[Finding]] | None = None  # and the conflicts

    def group(self, versions: tuple[Version, ...]) -> None:
        """The consistency groups of these reports: the kept groups, with the statements of
        reports added at the end of the ledger (the usual ingest), else grouped anew."""
        if versions[: len(self.grouped)] != self.grouped:
            self.grouped, self.groups, self.conflicted = (), {}, {}
        for version in versions[len(self.grouped) :]:
            checked = self.kept[version]
            for key, loc in checked.statements:
                group = self.groups.get(key)
                if group is None:
                    self.groups[key] = _Group(loc, checked.report, [], len(self.groups))
                elif (found := conflict(group.first, group.first_report, loc, checked.report)) is not None:
                    group.conflicts.append(found)
                    self.conflicted[key] = group
        self.grouped = versions

    def conflicts(self) -> list[Finding]:
        """The conflicts, by group in the order the groups were made."""
        groups = sorted(self.conflicted.values(), key=lambda group: group.seq)
        return [f for group in groups for f in group.conflicts]


_keepers = PerLedger(_Keeper)


def _checked(extracted: ExtractedReport) -> _Checked:
    own = (*check_progress(extracted), *check_arithmetic(extracted))
    return _Checked(extracted.report, own, tuple(statements(extracted)))


def ledger_findings(store: Store, versions: Sequence[Version] | None = None) -> list[Finding]:
    """`run_checks(store.load_all())`, from what is kept of earlier calls in this process."""
    own, conflicts = ledger_finding_parts(store, versions)
    return [f for found in own.values() for f in found] + conflicts


def ledger_finding_parts(
    store: Store, versions: Sequence[Version] | None = None
) -> tuple[dict[Version, tuple[Finding, ...]], list[Finding]]:
    """The ledger's findings in two parts, kept as `ledger_findings` keeps them: each report's
    own (progress, then arithmetic), by version in ledger order; the conflicts across reports.
    `versions`: the ledger's report versions when the caller read them already."""
    keeper = _keepers.of(store)
    with keeper.lock:
        versions = tuple(store.report_versions() if versions is None else versions)
        if keeper.last is None or keeper.last[0] != versions:
            per_report(keeper.kept, versions, lambda version: _checked(store.load(version[0])))
            keeper.group(versions)
            keeper.last = (versions, keeper.conflicts())
        return {v: keeper.kept[v].own for v in versions}, list(keeper.last[1])
