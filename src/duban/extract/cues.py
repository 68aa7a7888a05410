"""The shape of the fact rules once compiled (`FactRules`), apart from their building
(`duban.extract.fact_rules`): this module is compiled with the reading path (scripts/compile.py),
so that the reader takes a rule from it as a native attribute, not a Python lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from duban.rules.once import Once
from duban.rules.scan import Matcher


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class FactRules:
    """Compiled cue patterns; see the comments in rules/facts.yaml. One a process, the same by
    identity: no generated comparison, hash or repr of its hundred fields (made at every start).
    A `Matcher` (`duban.rules.scan`) where the reading path asks a pattern at a place, or searches
    a clause's words for one of a few first characters, and mostly in vain; else the pattern."""

    breaks: frozenset[str]
    quotes: dict[str, str]
    statement_breaks: tuple[str, ...]
    brackets: dict[str, str]
    list_split: Matcher
    value_joiner: re.Pattern[str]
    progress_done: Matcher
    beyond_plan: Matcher
    generic_progress: re.Pattern[str]
    progress_rate_end: re.Pattern[str]
    target_label: re.Pattern[str]
    target_sentence: re.Pattern[str]
    target_year: Matcher
    estimate: Matcher
    estimate_stops: str
    estimate_ahead: re.Pattern[str]
    estimate_over: re.Pattern[str]
    estimate_own_period: re.Pattern[str]
    assigned_target_end: re.Pattern[str]
    assigned_target_reach: int  # search from len(text) - this, see _reach
    assigned_target_last: frozenset[str] | None  # what a match can end with (None: anything)
    review_over_months: int
    target_clause: re.Pattern[str]
    plans_existing: re.Pattern[str]
    plans_existing_modifiers: frozenset[str]
    plans_existing_weak: frozenset[str]  # existence cues a verb of doing after them cancels
    plans_reach_end: re.Pattern[str]
    plans_record_after: re.Pattern[str]
    plans_owned: re.Pattern[str]
    plans_doing: re.Pattern[str]
    plans_asset_after: re.Pattern[str]
    current_value: re.Pattern[str]
    kept_before: Matcher
    kept_after: re.Pattern[str]
    descriptive_count: re.Pattern[str]
    plan_parts_after: re.Pattern[str]
    plan_parts_before: Matcher
    near_filler: re.Pattern[str]
    near_filler_reach: int  # search from len(text) - this, see _reach
    rank_units: frozenset[str]
    calendar_units: frozenset[str]
    rank_end: re.Pattern[str]
    rank_to: re.Pattern[str]
    rank_change_units: frozenset[str]
    rank_moved: Matcher
    diff: re.Pattern[str]
    diff_below: Matcher  # a gap below the comparator, said before the number
    diff_time: Matcher  # a gap against a time: a change
    growth_after: Matcher  # after a rate: it is a growth
    diff_word: str
    gap_end: re.Pattern[str]
    gap_reach: int
    gap_last: frozenset[str] | None
    change_end: re.Pattern[str]
    change_to: re.Pattern[str]
    decline_end: re.Pattern[str]
    raise_end: re.Pattern[str]
    stock_change_end: re.Pattern[str]
    object_change: Matcher
    rate_by_before: Matcher
    rate_by_after: re.Pattern[str]
    compared_end: re.Pattern[str]
    compared_down_end: Matcher
    comparison: Matcher
    share_end: re.Pattern[str]
    leading: re.Pattern[str]
    trailing: re.Pattern[str]
    trailing_reach: int  # search from len(text) - this, see _reach
    trailing_last: frozenset[str] | None  # what a trailing match can end with (None: anything)
    empty: re.Pattern[str]
    qualifier_end: re.Pattern[str]
    rank_cue: re.Pattern[str]
    predicate: Matcher
    noun_never: Matcher
    drop: Matcher
    adverb_cut: Matcher
    rank_adverbs: re.Pattern[str]
    rank_group: re.Pattern[str]
    rank_group_end: re.Pattern[str]
    generic_noun_longest: int
    noun_list_longest: int
    amount_head_end: re.Pattern[str]
    from_end: Matcher
    evaluative: re.Pattern[str]
    subset_category_end: Matcher
    contracted_pairs: dict[str, tuple[str, str]]
    shared_tail_starts: re.Pattern[str]
    shared_heads: re.Pattern[str]
    whole_item_end: re.Pattern[str]
    duration_units: frozenset[str]
    amount_verbs: re.Pattern[str]
    amount_verb_end: re.Pattern[str]
    verb_only: Matcher
    circumstance_before: Matcher
    circumstance_after: re.Pattern[str]
    circumstance_tail: Matcher
    amount_verb_cut: re.Pattern[str]
    share_of: re.Pattern[str]
    share_of_whole: re.Pattern[str]
    comparator_opening: re.Pattern[str]
    bracketed_after_name: re.Pattern[str]
    share_of_level: re.Pattern[str]
    generic_amount: Matcher
    amount_done: re.Pattern[str]
    bare_verb: re.Pattern[str]
    running_total: re.Pattern[str]
    flow_words: re.Pattern[str]
    partners: re.Pattern[str]
    partner_apposition: re.Pattern[str]
    partner_category_tail: re.Pattern[str]
    streak_before: re.Pattern[str]
    streak_reach: int
    age_units: frozenset[str]
    age_threshold_after: re.Pattern[str]
    clause_marks: re.Pattern[str]
    topic_copula: re.Pattern[str]
    topic_record: re.Pattern[str]
    duration_object_verbs: re.Pattern[str]
    to_start: Matcher
    approx_before_noun: re.Pattern[str]
    longest: int
    money_units: frozenset[str]
    period: tuple[Matcher, ...]
    subject: tuple[Matcher, ...]
    subject_joined: re.Pattern[str]  # right after a subject: it is the first of two nouns joined
    unit_category: Matcher
    bare_measure: Matcher
    rate_measure: Matcher
    unit_measure: Matcher
    steps_noun: Matcher
    shared_tail_heads: re.Pattern[str]


def fact_rules() -> FactRules:
    """The fact rules, built on first use by `duban.extract.fact_rules` (which parses and
    compiles them once per process). The reading path asks for them about 17,000 times a copy of
    the sample: from here that is a native call, not a call through `functools.cache`."""
    return _RULES.get()


def _build() -> FactRules:
    from duban.extract.fact_rules import fact_rules as build

    return build()


_RULES: Final = Once(_build)
