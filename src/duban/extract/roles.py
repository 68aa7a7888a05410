"""The role of a quantity in its sentence: level, change, share, rank, progress, target, diff.

Read from the words right before the number (its predicate: 同比增长, 占比, 居…第),
the cue words earlier in the sentence (力争, 确保, 预计) and the kind of section.
"""

from __future__ import annotations

from duban.extract.fact_rules import fact_rules
from duban.model import Quantity, Role, SectionKind

PERCENT = "%"
POINTS = "百分点"


def near(left: str) -> str:
    """`left` without the filler words that may stand between a predicate and its number."""
    rules = fact_rules()
    while left:
        m = rules.near_filler.search(left)
        if not m or m.start() == len(left):
            break
        left = left[: m.start()]
    return left


def is_target(left: str, clause: str, before: str, kind: SectionKind) -> bool:
    """A goal: a goal cue earlier in the sentence or clause, or a plans section
    (unless the clause says the thing exists already)."""
    rules = fact_rules()
    if rules.target_sentence.search(before) or rules.target_clause.search(left):
        return True
    return kind == SectionKind.PLANS and not rules.plans_existing.search(clause)


def percent_role(left: str) -> Role:
    """The role of a percentage that is not a goal, a gap or an explicit progress."""
    rules = fact_rules()
    predicate = near(left)
    if rules.progress_rate_end.search(predicate):
        return Role.PROGRESS
    if rules.change_end.search(predicate):
        return Role.CHANGE
    if rules.share_end.search(predicate):
        return Role.SHARE
    if rules.comparison.search(left) and not rules.share_end.search(predicate):
        return Role.CHANGE
    return Role.SHARE


def read_role(q: Quantity, left: str, clause: str, before: str, kind: SectionKind) -> Role:
    """The role of `q`, given the clause text before it (`left`), its whole
    clause, the sentence text before it (`before`) and its section's kind."""
    rules = fact_rules()
    if q.unit == PERCENT and rules.progress_done.search(left):
        return Role.PROGRESS
    if is_target(left, clause, before, kind):
        return Role.TARGET
    if q.unit in rules.rank_units:
        return Role.RANK
    if q.unit in rules.rank_change_units:
        return Role.CHANGE
    if q.unit in (PERCENT, POINTS) and rules.diff.search(left):
        return Role.DIFF
    if q.unit == POINTS:
        return Role.CHANGE
    if q.unit == PERCENT:
        return percent_role(left)
    if rules.comparison.search(left) and rules.change_end.search(near(left)):
        return Role.CHANGE
    return Role.LEVEL


def is_decline(left: str) -> bool:
    """Does a decline verb stand right before the number (下降2.1%, 同比减少3个)?"""
    return bool(fact_rules().decline_end.search(near(left)))
