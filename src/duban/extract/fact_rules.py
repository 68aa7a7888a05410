"""The cue words of `rules/facts.yaml` (the lexicon's <ORDINAL> written out), loaded once and
compiled to regexes.

Nothing is read at import time: `fact_rules()` parses the file on first use.

Two patterns anchored at the end of a text (`trailing`, `near_filler`) are searched often
over long texts, so a search starts only as far back as their widest match can reach, and
`trailing` is not tried at all when the text ends in a character no match ends with. Both
figures come from Python's own regex parser, `re._parser`: no public API tells how wide a
pattern's matches are (`sre_parse`, its old name, is deprecated; the third-party `regex`
module has no such call either). The parser is private, so it is used defensively: if a
Python lacks it or it answers in another shape, every search starts at the text's start
and no end character is ruled out, which gives the same matches, only slower.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from types import ModuleType
from typing import Any

from duban import rules
from duban.extract.cues import FactRules
from duban.rules.compiled import any_of, compiled
from duban.rules.scan import matcher

UNBOUNDED = 1 << 30  # a reach that covers any text: search from its start


def _regex_parser() -> tuple[ModuleType, ModuleType] | None:
    """Python's regex parser and its opcodes (`re._parser`, `re._constants`), or None."""
    try:
        return importlib.import_module("re._parser"), importlib.import_module("re._constants")
    except ImportError:
        return None


def _reach(regex: str) -> int:
    """How far back from the end a search for `regex`, anchored at the end (`…$`), must start:
    its widest match, one more for `$` before a final newline. `pattern.search(text,
    len(text) - reach)` finds the match `pattern.search(text)` does (lookbehinds still see
    the text before; a negative start is 0)."""
    found = _regex_parser()
    if found is None:
        return UNBOUNDED
    parser, _ = found
    try:
        widest = int(parser.parse(regex).getwidth()[1])
        return widest + 1 if widest < int(parser.MAXREPEAT) else UNBOUNDED
    except (AttributeError, TypeError, IndexError):  # another Python's parser: no bound
        return UNBOUNDED


def _last_chars(regex: str) -> frozenset[str] | None:
    """The characters a match of `regex` can end with, or None if any (or none) may."""
    found = _regex_parser()
    if found is None:
        return None
    parser, opcodes = found
    try:
        ends = _ends(list(parser.parse(regex)), opcodes)
    except (AttributeError, TypeError, IndexError, ValueError):  # another Python's parser
        return None
    return None if ends is None or ends[1] else frozenset(ends[0])


_Item = tuple[object, object]  # one (opcode, argument) of a parsed regex


def _ends(items: list[_Item], c: ModuleType) -> tuple[set[str], bool] | None:
    """(last characters, can be empty) of a parsed sequence; None if not plain literals."""
    chars: set[str] = set()
    for op, arg in reversed(items):
        found = _item_ends(op, arg, c)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def _item_ends(op: object, arg: object, c: ModuleType) -> tuple[set[str], bool] | None:
    """(last characters, can be empty) of one parsed item with the opcodes `c`; None if it is
    not made of plain literals."""
    a: Any = arg  # the argument's shape depends on the opcode
    if op is c.LITERAL:
        return {chr(a)}, False
    if op is c.IN and all(o is c.LITERAL for o, _ in a):
        return {chr(x) for _, x in a}, False
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: the item before ends the match
    if op is c.SUBPATTERN and not a[1] & re.IGNORECASE:
        return _ends(list(a[3]), c)
    if op is c.BRANCH:
        found = [_ends(list(alt), c) for alt in a[1]]
        if any(f is None for f in found):
            return None
        return set().union(*(f[0] for f in found if f)), any(f[1] for f in found if f)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        found_one = _ends(list(a[2]), c)
        return None if found_one is None else (found_one[0], found_one[1] or a[0] == 0)
    return None


def _measured(
    anchored: list[str], ended: list[str]
) -> tuple[dict[str, int], dict[str, frozenset[str] | None]]:
    """`_reach` of each of `anchored` and `_last_chars` of each of `ended`, kept in the rules'
    cache folder (`rules.derived`): Python's regex parser takes 5 ms on them at every start."""

    def measure() -> tuple[dict[str, int], dict[str, list[str] | None]]:
        lasts = {regex: _last_chars(regex) for regex in ended}
        return (
            {regex: _reach(regex) for regex in anchored},
            {regex: None if chars is None else sorted(chars) for regex, chars in lasts.items()},
        )

    source = "\n".join([*anchored, "", *ended])
    reaches, lasts = rules.derived("fact-widths", source, measure)
    return reaches, {regex: None if chars is None else frozenset(chars) for regex, chars in lasts.items()}


def _alternation(words: list[str]) -> str:
    """One regex alternation of `words` (regex fragments), longest first."""
    return "|".join(f"(?:{w})" for w in sorted(dict.fromkeys(words), key=len, reverse=True))


@cache
def fact_rules() -> FactRules:
    """The rules of `rules/facts.yaml`, parsed and compiled on first use."""
    raw = rules.facts()
    cl, ro, me, cx = raw["clauses"], raw["roles"], raw["metric"], raw["context"]
    change_to = _alternation(ro["change_to"])
    leading = "|".join(f"(?:{p})" for p in me["leading"])
    trailing = "(?:{})$".format("|".join(f"(?:{p})" for p in me["trailing"]))
    near_filler = rf"(?:{_alternation(ro['near_fillers'])})$"
    reach, last_chars = _measured(
        [ro["assigned_target_end"], near_filler, ro["gap_end"], trailing, me["streak_before"]],
        [ro["assigned_target_end"].rstrip("$"), ro["gap_end"].rstrip("$"), trailing],
    )
    predicate = f"(?:{me['predicate_prefix']})?(?:{_alternation(me['predicate_starts'])})"
    return FactRules(
        breaks=rules.lexicon().clause_breaks,
        quotes=dict(cl["quotes"]),
        statement_breaks=tuple(cl["statement_breaks"]),
        brackets=dict(cl["brackets"]),
        list_split=matcher(_alternation(cl["list_separators"])),
        value_joiner=compiled(
            rf"^\s*(?:{_alternation(cl['value_bounds'])})?\s*(?:{_alternation(cl['value_joiners'])})\s*$"
        ),
        progress_done=matcher(ro["progress_done"]),
        beyond_plan=matcher(ro["beyond_plan"]),
        generic_progress=compiled(me["generic_progress"]),
        progress_rate_end=compiled(rf"(?:{_alternation(ro['progress_rates'])})$"),
        target_label=compiled(ro["target_label"]),
        target_sentence=compiled(_alternation(ro["target_sentence"])),
        target_year=matcher(ro["target_year"]),
        estimate=matcher(_alternation(ro["estimate"])),
        estimate_stops=ro["estimate_stops"],
        estimate_ahead=compiled(_alternation(ro["estimate_ahead"])),
        estimate_over=compiled(ro["estimate_over"]),
        estimate_own_period=compiled(_alternation(ro["estimate_own_period"])),
        assigned_target_end=compiled(ro["assigned_target_end"]),
        assigned_target_reach=reach[ro["assigned_target_end"]],
        assigned_target_last=last_chars[ro["assigned_target_end"].rstrip("$")],
        review_over_months=int(ro["review_over_months"]),
        target_clause=compiled(_alternation(ro["target_clause"])),
        plans_existing=compiled(_alternation(ro["plans_existing"])),
        plans_existing_modifiers=frozenset(ro["plans_existing_modifiers"]),
        plans_existing_weak=frozenset(ro["plans_existing_weak"]),
        plans_reach_end=compiled(rf"(?:{_alternation(ro['plans_reach'])})$"),
        plans_record_after=compiled(ro["plans_record_after"]),
        plans_owned=compiled(ro["plans_owned"]),
        plans_doing=compiled(_alternation(ro["plans_doing"] + ro["plans_reach"])),
        plans_asset_after=compiled(ro["plans_asset_after"]),
        current_value=compiled(ro["current_value"]),
        kept_before=matcher(ro["kept_before"]),
        kept_after=compiled(ro["kept_after"]),
        descriptive_count=compiled(ro["descriptive_count"]),
        plan_parts_after=compiled(ro["plan_parts_after"]),
        plan_parts_before=matcher(ro["plan_parts_before"]),
        near_filler=compiled(near_filler),
        near_filler_reach=reach[near_filler],
        rank_units=frozenset(ro["rank_units"]),
        calendar_units=frozenset(ro["calendar_units"]),
        rank_end=compiled(rf"(?:{_alternation(ro['rank_verbs'])})$"),
        rank_to=compiled(ro["rank_to"]),
        rank_change_units=frozenset(ro["rank_change_units"]),
        rank_moved=matcher(ro["rank_moved"]),
        diff_time=matcher(ro["diff_time"]),
        growth_after=matcher(ro["growth_after"]),
        diff_below=matcher(rf"(?:{_alternation(ro['diff_below'])})[^,，;；、]{{1,12}}$"),
        diff=compiled(rf"(?<!{ro['diff_not_after']})(?:{_alternation(ro['diff'])})"),
        diff_word=_alternation(ro["diff"]),
        gap_end=compiled(ro["gap_end"]),
        gap_reach=reach[ro["gap_end"]],
        gap_last=last_chars[ro["gap_end"].rstrip("$")],
        change_end=compiled(rf"(?:{_alternation(ro['change_verbs'])})$"),
        change_to=compiled(rf"^(?:{change_to})"),
        decline_end=compiled(rf"(?:{_alternation(ro['decline_verbs'])})$"),
        raise_end=compiled(
            rf"(?<!新)(?:{_alternation(ro['raise_verbs'])})(?:{_alternation(ro['raise_approx'])})?$"
        ),
        stock_change_end=compiled(rf"(?<!新)(?:{_alternation(ro['stock_change_verbs'])})$"),
        object_change=matcher(ro["object_change"]),
        rate_by_before=matcher(ro["rate_by_before"]),
        rate_by_after=compiled(ro["rate_by_after"]),
        compared_end=compiled(
            rf"(?:{_alternation(ro['comparison'])})[^,，;；]{{0,4}}?(?:{_alternation(ro['comparison_adjectives'])})$"
        ),
        compared_down_end=matcher(rf"(?:{_alternation(ro['comparison_adjectives_down'])})$"),
        comparison=matcher(_alternation(ro["comparison"])),
        share_end=compiled(rf"(?:{_alternation(ro['share_words'])})$"),
        leading=compiled(rf"^(?:{leading})"),
        trailing=compiled(trailing),
        trailing_reach=reach[trailing],
        trailing_last=last_chars[trailing],
        empty=compiled(rf"^(?:{'|'.join(f'(?:{p})' for p in me['empty'])})$"),
        qualifier_end=compiled(rf"(?:{_alternation(me['qualifiers'])})$"),
        rank_cue=compiled(me["rank_cues"]),
        rank_adverbs=compiled(me["rank_adverbs"]),
        rank_group=compiled(me["rank_group"]),
        rank_group_end=compiled(me["rank_group_end"]),
        predicate=matcher(predicate),
        noun_never=matcher(rf"^(?:{_alternation(me['noun_never_starts'])})"),
        drop=matcher(_alternation(me["drop"])),
        adverb_cut=matcher(me["adverb_cut"]),
        generic_noun_longest=int(me["generic_noun_longest"]),
        noun_list_longest=int(me["noun_list_longest"]),
        amount_head_end=compiled(rf"(?:{_alternation(me['amount_heads'])})$"),
        from_end=matcher(me["from_end"]),
        evaluative=any_of(me["evaluative"]),
        subset_category_end=matcher(me["subset_category_end"]),
        contracted_pairs={k: (v[0], v[1]) for k, v in me["contracted_pairs"].items()},
        shared_tail_starts=compiled(me["shared_tail_starts"]),
        shared_heads=compiled(rf"^(?:{me['shared_heads']})"),
        whole_item_end=compiled(me["whole_item_end"]),
        duration_units=frozenset(me["duration_units"]),
        amount_verbs=compiled(me["amount_verbs"]),
        amount_verb_end=compiled(me["amount_verb_end"]),
        verb_only=matcher(me["verb_only"]),
        circumstance_before=matcher(me["circumstance_before"]),
        circumstance_after=compiled(me["circumstance_after"]),
        circumstance_tail=matcher(me["circumstance_tail"]),
        amount_verb_cut=compiled(me["amount_verb_cut"]),
        share_of=compiled(me["share_of"]),
        share_of_whole=compiled(me["share_of_whole"]),
        comparator_opening=compiled(me["comparator_opening"]),
        bracketed_after_name=compiled(me["bracketed_after_name"]),
        share_of_level=compiled(rf"^(?:{me['share_of_level']})$"),
        generic_amount=matcher(me["generic_amount"]),
        amount_done=compiled(me["amount_done"]),
        bare_verb=compiled(
            rf"^(?:(?:{me['predicate_prefix']})?(?:{_alternation(me['predicate_starts'])}|{me['bare_verbs']}))+$"
        ),
        running_total=compiled(me["running_total"]),
        flow_words=compiled(me["flow_words"]),
        partners=compiled(rf"^(?P<partners>[^,，;；]+?)(?P<measure>{me['partner_measures']})$"),
        partner_apposition=compiled(rf"^[^、和与及]{{0,10}}?{me['partner_categories']}(?=[^、]+、)"),
        partner_category_tail=compiled(rf"等[^、]{{0,8}}?{me['partner_categories']}$"),
        streak_before=compiled(me["streak_before"]),
        streak_reach=reach[me["streak_before"]],
        age_units=frozenset(me["age_units"]),
        age_threshold_after=compiled(me["age_threshold_after"]),
        clause_marks=compiled(me["clause_marks"]),
        topic_copula=compiled(me["topic_copula"]),
        topic_record=compiled(me["topic_record"]),
        duration_object_verbs=compiled(me["duration_object_verbs"]),
        to_start=matcher(me["to_start"]),
        approx_before_noun=compiled(me["approx_before_noun"]),
        longest=int(me["longest"]),
        money_units=frozenset(me["money_units"]),
        period=tuple(matcher(rf"^(?:{p})") for p in cx["period"]),
        subject=tuple(matcher(rf"^(?:{p})") for p in cx["subject"]),
        subject_joined=compiled(cx["subject_joined"]),
        unit_category=matcher(rf"^(?:{cx['unit_category']})$"),
        bare_measure=matcher(rf"^(?:{_alternation(cx['bare_measures'])})$"),
        rate_measure=matcher(rf"^(?:{cx['rate_measure']})$"),
        unit_measure=matcher(rf"^(?:{_alternation(cx['unit_measures'])})$"),
        steps_noun=matcher(me["steps_noun"]),
        shared_tail_heads=compiled(me["shared_tail_heads"]),
    )
