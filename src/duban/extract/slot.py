"""A quantity in its sentence as the fact reader works on it (`Slot`), the constants of that
reading, and the small tests on a slot that both the reader (`extract.facts`) and the metric
naming (`extract.naming`) use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from duban.extract import metric as mt
from duban.extract.cues import fact_rules
from duban.extract.roles import PERCENT, POINTS, is_decline, is_ranked, rate_by
from duban.model import Quantity, Role
from duban.rules.compiled import union
from duban.rules.once import Once
from duban.rules.scan import Matcher, matcher

DISTRIBUTIVE = "分别"
SUBSET = "其中"
SUBSET_LONGEST = 4
SMALL_CHINESE_COUNT = 10
SHARE_NOUN_SHORTEST = 2  # 71%的煤电机组: the noun after 的
SHARE_PREDICATE_LONGEST = 8  # …实现超低排放 is part of the metric; a longer clause is not
BRACKET_OPENERS = frozenset("(（")  # a comparator's value in brackets: 衡东县(41.033)
GROUP_OPENING_LONGEST = 8  # a clause opening a counted group says at most 上半年全市 before it


@dataclass(slots=True)
class Slot:
    """One quantity in its sentence (span relative to the sentence) and its reading."""

    quantity: Quantity
    clause: tuple[int, int]
    left: str  # the clause's words before the quantity
    earlier: str  # the sentence's words before the quantity's clause
    before: str  # this quantity's own words before it (after the previous one's noun)
    after: str  # the words after it, up to the next quantity or the clause end
    noun: str = ""  # the noun a count is followed by (37个项目 → 项目)
    predicate: str = ""  # the words after a count's noun that say what it did
    joined: bool = False  # the words after it join it to the next value (6-9万人, 1.1、1个)
    role: Role = Role.LEVEL
    metric: str = ""
    base: str = ""  # the metric without qualifiers, what a later fact may carry
    item: str = ""  # the own words of a list item (省级重大项目), for a later 分别
    subject: str | None = None
    period: str | None = None
    chain: list[Slot] = field(default_factory=list)

    def __init__(  # written out, as the model's classes are: a native __init__ when compiled
        self, quantity: Quantity, clause: tuple[int, int], left: str, earlier: str, before: str, after: str
    ) -> None:
        self.quantity, self.clause = quantity, clause
        self.left, self.earlier, self.before, self.after = left, earlier, before, after
        self.noun, self.predicate, self.joined = "", "", False
        self.role, self.metric, self.base, self.item = Role.LEVEL, "", "", ""
        self.subject, self.period, self.chain = None, None, []


def period_at(words: str) -> str | None:
    """The period `words` start with (the first pattern that says one), if any."""
    rules = fact_rules()
    if not any_period().match(words):
        return None
    for pattern in rules.period:
        m = pattern.match(words)
        if m and m.end() > 0:
            return m.group()
    return None


def any_period() -> Matcher:
    """One regex that matches wherever any period pattern does (a quick test first)."""
    return _ANY_PERIOD.get()


def _build_any_period() -> Matcher:
    return matcher(union([p.pattern.pattern for p in fact_rules().period]))


_ANY_PERIOD: Final = Once(_build_any_period)


def cut_by(slot: Slot) -> bool:
    """Is the number the rate something is cut by (按5%的幅度压减一般性支出)?"""
    m = rate_by(slot.left, slot.after)
    return m is not None and bool(fact_rules().decline_end.search(m["verb"]))


def rate_object(slot: Slot) -> str:
    """The object of the verb a rate is for (按5%的幅度压减一般性支出 → 一般性支出), or ""."""
    m = rate_by(slot.left, slot.after)
    return mt.clean(m["object"]) if m else ""


def signed(slot: Slot) -> float:
    """The value, negative for a change or gap that goes down (下降2.1%, 减少3个)."""
    value = slot.quantity.value
    first = slot.chain[0] if slot.chain and slot.chain[0].role == slot.role else slot
    left = first.left  # 降低13.5%、18%: the values after the first share its verb
    if slot.role in (Role.CHANGE, Role.TARGET, Role.DIFF) and (
        is_decline(left, slot.quantity.unit) or cut_by(first)
    ):
        return -abs(value)  # 下降-3.8% is a decline of 3.8 too
    if slot.role in (Role.DIFF, Role.CHANGE) and fact_rules().diff_below.search(left):
        return -abs(value)  # 低于全国0.3个百分点; 慢于上年0.5个百分点
    return value


def streak(slot: Slot) -> bool:
    """Is the number how long a streak has lasted (连续3年)?"""
    rules = fact_rules()
    if slot.quantity.unit not in rules.duration_units:
        return False
    return bool(rules.streak_before.search(slot.left, len(slot.left) - rules.streak_reach))


def counts(q: Quantity) -> bool:
    """Is `q` a count that may stand before the noun it counts (37个项目, 156万燃气用户)?"""
    rules = fact_rules()
    return q.unit not in (PERCENT, POINTS) and q.unit not in rules.money_units and not is_ranked(q)


def opened_pair(phrase: str) -> list[str]:
    """`银行机构存贷款余额` → [`银行机构存款余额`, `银行机构贷款余额`]; [] with no contracted pair."""
    for word, (one, other) in fact_rules().contracted_pairs.items():
        if word in phrase:
            return [phrase.replace(word, one, 1), phrase.replace(word, other, 1)]
    return []
