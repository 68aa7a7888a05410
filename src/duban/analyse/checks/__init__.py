"""Checks over extracted reports: progress against time, arithmetic, consistency.

Pure functions over model objects: `run_checks(reports)` needs no ledger, so it runs
on pipeline output as well as on reports loaded from a store (`check_store`).

- `progress`: a fact that says how much of a year's target or plan is done, against
  the share of the year the report covers (时间过半、任务过半).
- `arithmetic`: a share or rate stated beside the part and the whole it comes from
  (…265个…落地144个,占比54.3%), and totals split into parts and "the rest"
  (24个问题已整改到位20项、其余4项), recomputed.
- `consistency`: the same indicator (metric, subject, period, role, unit) stated twice
  with different values, in one report or across reports.
- `common`: what they share (facts located in their sentences, clauses, rounding, the
  messages).

Every rule leans towards saying nothing: a check speaks only when the wording links
the numbers. Language knowledge and the messages are in `rules/checks.yaml`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from duban.analyse.checks.arithmetic import check_arithmetic
from duban.analyse.checks.common import (
    Located,
    facts_by_sentence,
    kind_name,
    locate,
    status_name,
)
from duban.analyse.checks.consistency import check_consistency
from duban.analyse.checks.progress import check_progress, elapsed_share, period_share
from duban.model import ExtractedReport, Finding

if TYPE_CHECKING:
    from duban.store.base import Store

__all__ = [
    "Located",
    "check_arithmetic",
    "check_consistency",
    "check_progress",
    "check_store",
    "elapsed_share",
    "facts_by_sentence",
    "kind_name",
    "locate",
    "period_share",
    "run_checks",
    "status_name",
]


def run_checks(reports: Sequence[ExtractedReport]) -> list[Finding]:
    """All findings for these reports: progress and arithmetic per report (in text
    order), then consistency within and across them."""
    findings: list[Finding] = []
    for extracted in reports:
        findings.extend(check_progress(extracted))
        findings.extend(check_arithmetic(extracted))
    findings.extend(check_consistency(reports))
    return findings


def check_store(store: Store) -> list[Finding]:
    """`run_checks` over the whole ledger."""
    return run_checks(store.load_all())
