"""The role of a quantity in its sentence: level, change, share, rank, progress, target, diff.

Read from the words right before the number (its predicate: 同比增长, 占比, 居…第),
the cue words earlier in the sentence (力争, 确保, 预计) and the kind of section.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from duban.extract.cues import fact_rules
from duban.model import Quantity, Role, SectionKind
from duban.rules.scan import find_all

PERCENT: Final = "%"
POINTS: Final = "百分点"
LOOKING_BACK: Final = (SectionKind.ACHIEVEMENTS, SectionKind.PROBLEMS)


@dataclass(frozen=True, slots=True)
class Timing:
    """When a report was given, for goals that depend on it: its year, and whether its
    review sections look back on a time already over (a January report on last year)."""

    year: int | None = None
    review_over: bool = False

    @classmethod
    def of(cls, date: dt.date | None) -> Timing:
        if date is None:
            return cls()
        return cls(date.year, date.month <= fact_rules().review_over_months)


NO_TIMING: Final = Timing()  # a sentence read with no report around it


@lru_cache(maxsize=4096)
def near(left: str) -> str:
    """`left` without the filler words that may stand between a predicate and its number."""
    rules = fact_rules()
    while left:
        m = rules.near_filler.search(left, len(left) - rules.near_filler_reach)
        if not m or m.start() == len(left):
            break
        left = left[: m.start()]
    return left


def is_target(
    left: str, clause: str, before: str, kind: SectionKind, timing: Timing = NO_TIMING, after: str = ""
) -> bool:
    """A goal: a goal cue earlier in the sentence or clause, or a plans section (unless the
    clause says the thing exists already, or the next clause that it sets a record)."""
    rules = fact_rules()
    colon = before.rfind(":") if kind is SectionKind.ACHIEVEMENTS else -1
    if colon >= 0 and not rules.target_label.search(before, 0, colon):
        before = before[colon + 1 :]  # 确保粮食稳产增效:全县…喜获丰收: a label's aim (but 主要预期目标是:…)
    if rules.target_sentence.search(before) or rules.target_clause.search(left):
        return True
    if _ends_with(
        near(left), rules.assigned_target_end, rules.assigned_target_reach, rules.assigned_target_last
    ):
        return True  # 市下达…产值目标201亿元, 完成年任务(40.2亿元)
    if _year_ahead(before, timing) or _estimate_ahead(before, kind, timing):
        return True
    return kind == SectionKind.PLANS and not _exists(left, clause, after)


def _exists(left: str, clause: str, after: str) -> bool:
    """In a plans section: does the clause say the thing exists already (在建, 已有, 目前),
    or the next clause that it sets a record (820多万人,再创历史新高)?"""
    rules = fact_rules()
    if rules.plans_record_after.match(after):
        return True
    found = {
        m.group()
        for m in find_all(rules.plans_existing, clause)
        if not (m.group() in rules.plans_existing_weak and rules.plans_doing.search(left, m.end()))
    }
    if found and found <= rules.plans_existing_modifiers and rules.plans_reach_end.search(left):
        return False  # 水利在建投资规模达到1万亿元
    return bool(found)


def owned_count(q: Quantity, left: str, before: str, after: str) -> bool:
    """In a plan with no goal cue: is `q` a count of what exists already (see `owned`)?"""
    rules = fact_rules()
    if not is_count(q) or rules.target_sentence.search(before) or rules.target_clause.search(left):
        return False
    return owned(left, after)


def owned(left: str, after: str) -> bool:
    """Is the number a count of what exists already: an existence cue before it with no verb
    of doing between (我国有9亿多劳动力, 拥有12个国家级开发区), or words after it that call
    it an asset (…是我们的优势)? `left`: the clause before it; `after`: the rest of the sentence."""
    rules = fact_rules()
    if rules.plans_asset_after.match(after):
        return True
    m = rules.plans_owned.search(left)
    return m is not None and not rules.plans_doing.search(m.group(1))


def _year_ahead(before: str, timing: Timing) -> bool:
    """`到2030年` earlier in the sentence, a year not before the report's own."""
    years = [int(m.group(1)) for m in find_all(fact_rules().target_year, before)]
    return bool(years) and (timing.year is None or years[-1] >= timing.year)


def _estimate_ahead(before: str, kind: SectionKind, timing: Timing) -> bool:
    """An estimate (预计…) in reach of the number that forecasts a time still to come.

    In the review of a time already over it is what was done (`预计全年接待游客9.6亿人次`
    in a January report), unless its words look ahead (今年, 到2030年, 建成后)."""
    rules = fact_rules()
    cues = find_all(rules.estimate, before)
    if not cues:
        return False
    reach = before[cues[-1].start() :]
    stops = [i for i, ch in enumerate(reach) if ch in rules.estimate_stops]
    if stops and _opens_own_time(reach[stops[-1] + 1 :]):
        return False  # 预计全年…;上半年完成营业收入40亿元: the next part has its own time
    if rules.estimate_over.match(before) and not rules.estimate_own_period.search(reach):
        return False  # 1-5月,…上报数为97.74亿元,预测增长17.6%: the run as estimated
    if kind in LOOKING_BACK and timing.review_over:
        return bool(rules.estimate_ahead.search(reach))
    return True


def _opens_own_time(words: str) -> bool:
    """Do `words` (a part after a semicolon) open with a time of their own (上半年, 1-5月)?"""
    for pattern in fact_rules().period:
        m = pattern.match(words)
        if m and m.end() > 0:
            return True
    return False


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


def read_role(
    q: Quantity,
    left: str,
    clause: str,
    before: str,
    kind: SectionKind,
    timing: Timing = NO_TIMING,
    after: str = "",
) -> Role:
    """The role of `q`, given the clause text before it (`left`), its whole clause, the
    sentence text before it (`before`), its section's kind, the report's timing and the
    sentence text after its clause (`after`)."""
    rules = fact_rules()
    if q.unit in rules.calendar_units:
        return Role.LEVEL  # 2026年是中国共产党成立105周年: the calendar's count, in a plan too
    if q.unit == PERCENT and rules.beyond_plan.search(near(left)):
        return Role.CHANGE  # 超年度计划28%: by how much the plan was exceeded
    if q.unit == PERCENT and rules.progress_done.search(left):
        return Role.TARGET if kind == SectionKind.PLANS else Role.PROGRESS  # a plan's share done is a goal
    rest = clause[len(left) + len(q.text) :]  # the clause's words after the number
    if holds_now(left, rest):
        return Role.SHARE if q.unit == PERCENT else Role.LEVEL  # 将现行16%的税率降至13%
    if kind == SectionKind.PLANS and (
        describes(q, left, rest) or plan_part(q, left, rest) or owned_count(q, left, before, rest + after)
    ):
        return Role.LEVEL  # 保障好14亿人的粮食安全, 提出6项指标, 我国有9亿多劳动力
    if is_target(left, clause, before, kind, timing, after):
        return Role.TARGET  # a planned difference (比上年增加1800亿元) is a goal, like 增长5%左右
    if rate_by(left, rest):
        return Role.CHANGE  # 按10%的比例压减了会议费: the rate it was cut by
    if q.unit != PERCENT and compared_change(left):
        return Role.CHANGE  # 比去年增加5500亿元: a difference against last year
    if q.unit in rules.rank_change_units or (q.unit in rules.rank_units and rules.rank_moved.search(left)):
        return Role.CHANGE  # 进位6个名次, 排名提升7位
    if q.unit in rules.rank_units and (
        is_ranked(q) or rules.rank_end.search(near(left)) or rules.rank_to.search(left)
    ):
        return Role.RANK  # 居全国4位, 排名由369位上升到235位
    if (q.unit in (PERCENT, POINTS) or _gap_before(left)) and rules.diff.search(left):
        if rules.diff_time.search(near(left)):
            return Role.CHANGE  # 快于2024年1.8个百分点: against a time, how the figure changed
        return Role.DIFF  # 高于全国1.1个百分点; 与衡东县(41.033)相差8.409
    if q.unit == POINTS or object_change(q.unit, left):
        return Role.CHANGE  # 压减政府性基金项目30%
    if q.unit == PERCENT:
        return Role.CHANGE if rules.growth_after.match(rest) else percent_role(left)  # 保持10%以上增长
    if rules.comparison.search(left) and rules.change_end.search(near(left)):
        return Role.CHANGE
    if q.unit in rules.money_units:
        # 最高额度增加4000元: an increase, not the amount reached
        return Role.CHANGE if rules.raise_end.search(left.rstrip()) else Role.LEVEL
    if rules.stock_change_end.search(near(left)):
        return Role.CHANGE  # 森林面积增加1.63亿亩: a stock grew; 新增N家 stays a level
    return Role.LEVEL


def _gap_before(left: str) -> bool:
    """Is a gap said right before the number (相差8.409)?"""
    rules = fact_rules()
    return _ends_with(near(left), rules.gap_end, rules.gap_reach, rules.gap_last)


def _ends_with(text: str, pattern: re.Pattern[str], reach: int, last: frozenset[str] | None) -> bool:
    """Does `pattern` (anchored at the end) match the end of `text`? Only its last `reach`
    characters are searched, and only when the last one can end a match."""
    if last is not None and text[-1:] not in last:
        return False
    return bool(pattern.search(text, len(text) - reach))


def holds_now(left: str, rest: str) -> bool:
    """Is the number the value that holds now, which a plan changes or keeps (将现行16%的税率
    降至13%, 延续执行…75%政策, 保持6%一档的税率不变)? `rest`: the clause after the number."""
    rules = fact_rules()
    if rules.current_value.search(left):
        return True
    return bool(rules.kept_before.search(left) and rules.kept_after.search(rest))


def describes(q: Quantity, left: str, rest: str) -> bool:
    """Does a count only describe what its noun is (14亿人口的…, 14亿人的粮食安全), with no
    verb of reaching right before it?"""
    if not is_count(q):
        return False  # 再延长30年的政策: a duration is set, not described
    rules = fact_rules()
    return bool(rules.descriptive_count.match(rest)) and not rules.plans_reach_end.search(near(left))


def plan_part(q: Quantity, left: str, rest: str) -> bool:
    """Does a count say how many indicators or dimensions a plan has (提出6项指标, 其中预期性指标
    19项, 从6个维度设置了…)?"""
    if not is_count(q):
        return False
    rules = fact_rules()
    return bool(rules.plan_parts_after.match(rest) or rules.plan_parts_before.search(near(left)))


def is_count(q: Quantity) -> bool:
    """Is `q` a count of things or people: not a rate, an amount of money or a duration?"""
    rules = fact_rules()
    return not (q.unit in (PERCENT, POINTS) or q.unit in rules.money_units or q.unit in rules.duration_units)


def compared_change(left: str) -> bool:
    """A difference against an earlier time: 比去年增加5500亿元, 比去年预算低0.4个百分点."""
    rules = fact_rules()
    if not rules.comparison.search(left):
        return False
    predicate = near(left)
    return bool(rules.change_end.search(predicate) or rules.compared_end.search(predicate))


def object_change(unit: str, left: str) -> re.Match[str] | None:
    """`压减政府性基金项目30%`: a change verb, its object, then the number (verb and object
    groups), or None. A raise verb only with a rate; never with money (an amount saved)."""
    rules = fact_rules()
    if unit in rules.money_units:
        return None
    predicate = near(left)
    if rules.change_end.search(predicate):
        return None  # 增加值增长3%: the verb is right before the number
    m = rules.object_change.match(predicate)
    if m is None or (unit not in (PERCENT, POINTS) and not rules.decline_end.search(m["verb"])):
        return None
    return m


def rate_by(left: str, rest: str) -> re.Match[str] | None:
    """`按不低于5%的幅度压减一般性支出`: the rate a verb acts by on the object after it (verb and
    object groups of the words after the number), or None."""
    rules = fact_rules()
    if not rules.rate_by_before.search(left.rstrip()):
        return None
    return rules.rate_by_after.match(rest)


def is_ranked(q: Quantity) -> bool:
    """Is `q` written as a place (第4位, 首位, 第三大), not a count of people (9位科学家)?"""
    return q.unit in fact_rules().rank_units and not q.text[:1].isdigit()


def is_decline(left: str, unit: str = "") -> bool:
    """Does the number go down: a decline verb right before it (下降2.1%, 同比减少3个), a
    comparison saying lower (比去年预算低0.4个百分点), or a decline verb before its object
    (压减政府性基金项目30%; not money: 减少电费支出2.4亿元 is an amount saved)?"""
    rules = fact_rules()
    predicate = near(left)
    if rules.decline_end.search(predicate):
        return True
    if rules.compared_down_end.search(predicate) and compared_change(left):
        return True
    m = object_change(unit, left)
    return m is not None and bool(rules.decline_end.search(m["verb"]))
