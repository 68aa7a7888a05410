"""The findings of every check over a ledger, kept per report (issue 11).

`run_checks(store.load_all())` loads every report whole and checks them all: seconds at a
thousand reports, each time the ledger changes. `ledger_findings(store)` gives the same
findings in the same order, but keeps what each report contributes (its progress and
arithmetic findings, its statements for the consistency check) by report id and the
extractor that read it: when a file is ingested, only its reports are loaded and checked;
the consistency check then groups the kept statements again (no loading). One keeper per
ledger target and process, shared by the threads of a web server.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from duban.analyse.checks import check_arithmetic, check_progress
from duban.analyse.checks.common import Located
from duban.analyse.checks.consistency import Key, conflicts, statements
from duban.model import Finding, Report
from duban.store.base import Store


@dataclass(frozen=True, slots=True)
class _Checked:
    """What one report contributes to the ledger's findings."""

    report: Report
    own: tuple[Finding, ...]  # progress, then arithmetic, in text order
    statements: tuple[tuple[Key, Located], ...]  # for the consistency check across reports


class _Keeper:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: dict[tuple[str, str], _Checked] = {}
        self.last: tuple[tuple[tuple[str, str], ...], list[Finding]] | None = None


_keepers: dict[str, _Keeper] = {}
_keepers_lock = threading.Lock()


def ledger_findings(store: Store) -> list[Finding]:
    """`run_checks(store.load_all())`, from what is kept of earlier calls in this process."""
    with _keepers_lock:
        keeper = _keepers.setdefault(store.target, _Keeper())
    with keeper.lock:
        versions = tuple(store.report_versions())
        if keeper.last is not None and keeper.last[0] == versions:
            return list(keeper.last[1])
        for version in versions:
            if version not in keeper.kept:
                extracted = store.load(version[0])
                own = (*check_progress(extracted), *check_arithmetic(extracted))
                keeper.kept[version] = _Checked(extracted.report, own, tuple(statements(extracted)))
        listed = set(versions)
        for gone in [v for v in keeper.kept if v not in listed]:
            del keeper.kept[gone]
        checked = [keeper.kept[v] for v in versions]
        findings = [f for c in checked for f in c.own]
        findings += conflicts((key, loc, c.report) for c in checked for key, loc in c.statements)
        keeper.last = (versions, findings)
        return list(findings)
