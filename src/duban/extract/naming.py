"""The metric of each fact of a sentence: a quantity's own words (营业收入3458亿元, 37个项目),
else what it is carried from (a change, share, rank or gap with no noun of its own takes the
metric of the fact before it), with the special readings of report grammar: an amount's
object (涉海重点项目完成投资800亿元), a from–to pair, a 分别 list, a rank list, a gap's
comparator, a share's whole.
"""

from __future__ import annotations

from duban.extract import metric as mt
from duban.extract.clauses import clause_bounds, split_items
from duban.extract.cues import fact_rules
from duban.extract.roles import PERCENT, POINTS, holds_now, near, object_change
from duban.extract.slot import (
    BRACKET_OPENERS,
    DISTRIBUTIVE,
    SHARE_NOUN_SHORTEST,
    SHARE_PREDICATE_LONGEST,
    SMALL_CHINESE_COUNT,
    SUBSET,
    SUBSET_LONGEST,
    Slot,
    counts,
    opened_pair,
    rate_object,
    streak,
)
from duban.model import Role
from duban.rules.scan import find_all


def name_metrics(chains: list[list[Slot]], slots: list[Slot]) -> None:
    """Give every slot its metric, chain by chain, in text order."""
    done: list[Slot] = []
    for n, chain in enumerate(chains):
        first = chain[0]
        if _from_to(chains, n, done):
            done += chain
            continue
        if len(chain) > 1 and DISTRIBUTIVE in first.before and _distribute(chain, done, slots):
            done += chain
            continue
        if _listed(chain):
            done += chain
            continue
        later = [c[0] for c in chains[n + 1 :]]  # the first values of the chains after it
        if done and done[-1].clause == first.clause and done[-1].quantity.unit and streak(done[-1]):
            first.before = done[-1].before + first.before  # 粮食总产量连续9年稳定在1.3万亿斤以上
        carried = _carried(done, rate=first.role is Role.CHANGE and first.quantity.unit == PERCENT)
        if compared := _compared_value(first, done):
            for slot in chain:
                slot.metric = slot.base = compared[0]
                slot.subject = compared[1]  # 与第一名的衡东县(41.033): 衡东县's 综合得分
            done += chain
            continue
        if paired := _paired_with_list(chain, done):
            for slot, name in zip(chain, paired, strict=True):
                slot.metric = slot.base = name  # 分别达6.9万元、3.4万元,增长4.2%、5.3%
            done += chain
            continue
        name, base = _own_metric(chain, carried, done[-1] if done else None, later, done)
        name = rate_object(first) or name or _nearest_noun(first)
        if (thing := _spent_on(first, name, done)) != name:
            name, base = thing, thing  # 110个涉海重点项目,…累计完成投资193.9亿元
        if first.role in (Role.PROGRESS, Role.TARGET) and (amount := _progress_of(name, done)):
            name, base = amount, amount  # 引进集聚人才11.02万人,完成年度目标的44.08%; 完成年任务(40.2亿元)
        if _says_little(chain[-1]):
            base = _climber(first)  # 三个大台阶, 连续37年: no metric for the facts after it;
            # 地区生产总值连跨两个万亿元台阶,年均增长5.7%: what climbed them
        for slot in chain:
            slot.metric, slot.base = mt.shorten(name), base
        done += chain


def _paired_with_list(chain: list[Slot], done: list[Slot]) -> list[str]:
    """The metrics, in order, of a list of values with no noun of its own right after a list of
    as many values that named as many things (城乡居民人均可支配收入分别达6.9万元、3.4万元,增长4.2%、
    5.3%: 城镇…, 农村…); [] when that is not so."""
    k = len(chain)
    if k < 2 or len(done) < k or done[-k:] != done[-1].chain:
        return []
    names = [s.base for s in done[-k:]]
    if len(set(names)) < k or not all(names):
        return []
    own = mt.own_words(chain[0].before)
    return names if not own or mt.is_empty(own) else []


def _compared_value(slot: Slot, done: list[Slot]) -> tuple[str, str] | None:
    """A bare number in brackets after a name in a comparison (与第一名的衡东县(41.033)相差8.409):
    (the metric of the amount said before it, the name), else None."""
    if slot.quantity.unit or slot.before[-1:] not in BRACKET_OPENERS:
        return None  # most numbers: no bare number right after a bracket
    rules = fact_rules()
    if not rules.comparator_opening.match(slot.left):
        return None
    m = rules.bracketed_after_name.search(slot.before)
    if m is None:
        return None
    amount = next((s.base for s in reversed(done) if s.base and s.role is Role.LEVEL), "")
    return (amount, mt.clean(m["name"])) if amount else None


def _spent_on(slot: Slot, name: str, done: list[Slot]) -> str:
    """An amount named only as spent (完成投资, 投资) is the same measure as an amount of that head
    said before it in the sentence (完成工业投资29.3亿元,…将完成投资34.32亿元 → 工业投资), else it
    measures what was counted or built before it (110个涉海重点项目,…累计完成投资 → 涉海重点项目
    完成投资); else it keeps `name`."""
    if slot.role not in (Role.LEVEL, Role.TARGET):
        return name
    rules = fact_rules()
    if slot.quantity.unit not in rules.money_units:
        return name
    generic = rules.generic_amount.fullmatch(name)
    if generic is None:
        return name
    head = generic["head"]
    for earlier in reversed(done):
        if not earlier.base:
            continue
        if earlier.quantity.unit in rules.money_units:
            same = rules.amount_done.sub("", earlier.base, count=1)
            if same.endswith(head) and not same.endswith("总" + head) and same != head:
                return same
        elif counts(earlier.quantity):
            verb = rules.predicate.match(earlier.base)
            thing = mt.clean(earlier.noun) or (earlier.base[verb.end() :] if verb else earlier.base)
            adverb = rules.adverb_cut.match(name)
            own = name[adverb.end() :] if adverb else name
            return thing + own if thing and not rules.generic_amount.fullmatch(thing) else name
    return name


def _progress_of(name: str, done: list[Slot]) -> str:
    """The metric of the amount a progress figure named only by its target (完成年度目标)
    measures, or of the task it is done against (完成年任务(40.2亿元)的32.5%): the latest
    level said before it in the sentence, else ''."""
    if not fact_rules().generic_progress.fullmatch(name):
        return ""
    return next((s.base for s in reversed(done) if s.role is Role.LEVEL and s.base), "")


def _says_little(slot: Slot) -> bool:
    """A duration, a small count in Chinese numerals (三个, 两批) or a count of steps (4个万亿元
    台阶): no later fact's metric."""
    rules = fact_rules()
    q = slot.quantity
    if q.unit in rules.duration_units or rules.steps_noun.search(slot.noun):
        return True
    if slot.role is Role.RANK:
        return False  # 高速公路通车里程全国第四、突破1万公里: a place, not a small count
    return q.value <= SMALL_CHINESE_COUNT and not any(ch.isdigit() for ch in q.text)


def _climber(slot: Slot) -> str:
    """What passed the steps a count of steps counts (人民币存款、贷款余额连跨4个万亿元台阶 →
    人民币存款、贷款余额), for the facts after it; '' for any other count that says little."""
    if not fact_rules().steps_noun.search(slot.noun):
        return ""
    words = mt.own_words(slot.before, keep_list=True)
    return "" if mt.is_empty(words) else words


def _nearest_noun(slot: Slot) -> str:
    """A last resort for a number no rule names: the nearest words around it that say something."""
    candidates = (
        mt.own_words(slot.before),
        mt.clean(slot.left),
        _previous_clause(slot),
        mt.clean(slot.noun or slot.after),
    )
    return next((c for c in candidates if c and not mt.is_empty(c)), slot.quantity.text)


def _from_to(chains: list[list[Slot]], n: int, done: list[Slot]) -> bool:
    """`X从A提高到B`: A and B both measure X; B's chain is filled in when A's is read.

    `X、Y分别从A、B提高到C、D`: the 分别 list is distributed over A、B, then over C、D."""
    rules = fact_rules()
    chain = chains[n]
    first = chain[0]
    if (
        n > 0
        and chains[n - 1][0].clause == first.clause
        and chains[n - 1][-1].metric
        and (rules.to_start.match(first.before))
    ):
        return chain[0].metric != ""  # filled in with the chain before
    m = rules.from_end.search(first.before)
    nxt = chains[n + 1] if n + 1 < len(chains) else None
    if m is None or nxt is None or nxt[0].clause != first.clause or not rules.to_start.match(nxt[0].before):
        return False
    before = first.before[: m.start()]
    names: list[str] = []
    if len(chain) > 1 and DISTRIBUTIVE in before:
        for slot in chain:
            slot.before = before  # the list's words without 从
        if _distribute(chain, done, [*done, *chain]):
            names = [s.metric for s in chain]
    if not names:  # one name for all (城乡低保平均标准分别从645元/月、4318元/年提高到…: no list to share)
        own = mt.own_words(before)
        carried = _carried(done)
        name = own if own and not mt.is_empty(own) else (carried.base if carried else "")
        if not name:
            return False
        names = [mt.shorten(name)] * len(chain)
    targets = nxt if len(nxt) == len(chain) else [*nxt]
    for k, slot in enumerate(chain):
        slot.metric = slot.base = names[k]
    for k, slot in enumerate(targets):
        slot.metric = slot.base = names[min(k, len(names) - 1)]
    return True


def _carried(done: list[Slot], *, rate: bool = False) -> Slot | None:
    """The latest fact whose metric may be carried to a fact with no noun of its own. A growth
    `rate` skips a share of a whole (产值66.42亿元,占规上总产值68%,同比增长24.66%: 产值 grew) and
    a rank (生产总值达到5.53万亿元、稳居全国前十强、增长4.8%: 生产总值 grew)."""
    if not rate:
        return next((s for s in reversed(done) if s.base), None)
    whole = fact_rules().share_of_whole
    return next(
        (s for s in reversed(done) if s.base and s.role is not Role.RANK and not whole.match(s.base)), None
    )


def _own_metric(
    chain: list[Slot], carried: Slot | None, prev: Slot | None, later: list[Slot], done: list[Slot]
) -> tuple[str, str]:
    """(metric, base) of a chain from its words: the first one's before, the last one's after
    (`later`: the first values of the chains after it)."""
    rules = fact_rules()
    nxt = later[0] if later else None
    first, last = chain[0], chain[-1]
    role = last.role
    carried_base = carried.base if carried else ""
    if role == Role.RANK:
        # what is ranked is an amount said before, not a rate or a change of it; but a change of
        # another indicator said after that amount is what is ranked (实施改造项目304个,工业技改投资
        # 增长33.6%、居全国第3位)
        counted = next((s for s in reversed(done) if s.base and s.role == Role.LEVEL), None)
        amount = counted.base if counted else ""
        if carried and counted and carried.role is Role.CHANGE and carried.base != amount:
            amount = "" if done.index(carried) > done.index(counted) else amount
        return _rank_metric(first, carried_base, prev, amount)
    if role == Role.DIFF or (role == Role.CHANGE and rules.diff_time.search(near(first.before))):
        return _diff_metric(first.before, carried_base)  # 快于2024年1.8个百分点: as a gap
    reduced = object_change(first.quantity.unit, first.before)
    money = first.quantity.unit in rules.money_units
    own = mt.own_words(reduced["object"] if reduced else first.before, money=money)  # 压减政府性基金项目30%
    if role == Role.CHANGE and carried_base and rules.rank_cue.match(own):
        own = ""  # 生产总值达到5.53万亿元、稳居全国前十强、增长4.8%: a rank said between, not what grew
    if circumstance := _in_circumstance(first, last) or _past_circumstance(first):
        return circumstance, circumstance
    if rules.clause_marks.search(own):
        own = ""  # 我们一定要…保障好14亿人的粮食安全: a clause, not a name
    if last.quantity.unit in rules.duration_units and own and not mt.is_empty(own):
        set_up = mt.clean(last.noun) if rules.duration_object_verbs.search(first.before) else ""
        return (set_up, set_up) if set_up else (own, own)  # 设立5年过渡期; 再延长30年
    if holds_now(first.left, last.after) and (current := _share_of(last, "")):
        return current, current  # 现行16%的税率: the rate of the noun after it
    named = _counted(last) or _amount_of(last, nxt) or _amount_after_verb(last, own) or _share_of(last, own)
    if named:
        named += _class_head(named, last, later)
        return named, named
    if carried_base and rules.verb_only.match(own) and not last.after.strip():
        carried_base = _count_carried(last, done) or carried_base
        return own + carried_base, carried_base  # 新增4万多亿元 after 居民储蓄存款余额增长8.5%
    if own and not mt.is_empty(own):
        subset = first.before.startswith(SUBSET) and len(own) <= SUBSET_LONGEST
        if subset and carried_base and rules.subset_category_end.search(own):
            own += carried_base  # 其中A类545件: A类 of the fact before
        return own, own
    if role in (Role.LEVEL, Role.TARGET) and not rules.evaluative.search(last.after):
        words = last.predicate or last.after
        if money and not last.predicate:
            words = mt.split_after(words)[0] or words  # 将2.8万亿元中央财政资金纳入直达机制
        said = mt.own_words(words)
        if said and not mt.is_empty(said) and not rules.steps_noun.fullmatch(said):
            return said, said  # (迈上3万亿元台阶: a threshold passed, not what passed it)
    if carried_base:
        name = carried_base + mt.qualifier(own)
        if rules.running_total.search(first.before):
            name = rules.flow_words.sub("", name, count=1)  # 新增门店198家,累计达到2128家: the stock
        return name, carried_base
    fallback = _previous_clause(first)
    return fallback, fallback


def _class_head(noun: str, slot: Slot, later: list[Slot]) -> str:
    """The head a count's class (千亿级) shares with the next count's class and head, after the
    same mark: 新增2家千亿级、24家百亿级工业企业 → 千亿级工业企业; past counts of a bare class
    between (6个世界级、7个国家级、9个区域级产业集群 → 世界级产业集群) ('' when there is none)."""
    if not counts(slot.quantity) or not fact_rules().subset_category_end.search(noun):
        return ""  # not a class: 千亿级, 4A级, 一类
    for nxt in later:
        if nxt.quantity.unit != slot.quantity.unit:
            return ""
        after = _counted(nxt)
        mark = after.rfind(noun[-1])
        if 0 < mark < len(after) - 1:
            return after[mark + 1 :]
        if mark != len(after) - 1:
            return ""  # the next count names no class of the same kind
    return ""


def _count_carried(slot: Slot, done: list[Slot]) -> str:
    """The metric a bare verb before a count takes from the latest count of its unit, when the
    fact before is of another unit (立项项目10个,备案总投资6.8亿元,其中今年新增5个: 立项项目)."""
    if not counts(slot.quantity):
        return ""
    unit = slot.quantity.unit
    return next((s.base for s in reversed(done) if s.base and s.quantity.unit == unit), "")


def _in_circumstance(first: Slot, last: Slot) -> str:
    """`在我国经济总量超过60万亿元的高基数上取得的`: an amount 的 a circumstance (…上, …下) in
    a clause opened by 在 measures the words between 在 and it, not the circumstance."""
    rules = fact_rules()
    opened = find_all(rules.circumstance_before, first.before)
    if not opened or not rules.circumstance_after.match(last.after):
        return ""
    words = mt.own_words(first.before[opened[-1].end() :])
    return "" if mt.is_empty(words) else words


def _past_circumstance(first: Slot) -> str:
    """`外贸进出口在对美贸易下降超3成的情况下增长12%`: a number right after a circumstance measures
    what its clause names before the 在 that opens the circumstance."""
    rules = fact_rules()
    if not rules.circumstance_tail.match(first.before):
        return ""
    opened = rules.circumstance_before.search(first.left)
    words = mt.own_words(first.left[: opened.start()]) if opened else ""
    return "" if mt.is_empty(words) else words


def _amount_after_verb(slot: Slot, own: str) -> str:
    """`使用1000亿元失业保险基金`, `中央财政安排1000亿元专项奖补资金`: an amount right after its
    verb measures the noun after it (a body before the verb is who spends it)."""
    rules = fact_rules()
    if slot.quantity.unit not in rules.money_units:
        return ""
    if not (rules.amount_verbs.search(own) or rules.amount_verb_end.search(slot.before)):
        return ""
    noun = mt.clean(mt.split_after(slot.after)[0])
    return "" if mt.is_empty(noun) else noun


def _share_of(slot: Slot, own: str) -> str:
    """`71%的煤电机组实现超低排放`, `6.5%左右的增速`: a rate with no words of its own before
    it and 的 after it measures the noun after 的 (with what that noun does)."""
    if slot.quantity.unit != PERCENT or not mt.is_empty(own):
        return ""  # 有6.5%的增速: a lone 有 is no name
    m = fact_rules().share_of.match(slot.after)
    if m is None:
        return ""
    noun, predicate, _ = mt.split_after(slot.after[m.end() :], keep_list=True)  # 超80%的项目、资金、研发投入
    noun = mt.clean(noun)
    if len(noun) < SHARE_NOUN_SHORTEST or fact_rules().share_of_level.match(noun):
        return ""  # 超过20%的有23种: no noun after 的; 2%左右的较低水平: no noun it measures
    if mt.is_empty(noun) or not predicate or len(predicate) > SHARE_PREDICATE_LONGEST:
        return noun
    return noun + predicate


def _counted(slot: Slot) -> str:
    """The noun a count stands before; with a generic noun (企业, 项目) its predicate too."""
    rules = fact_rules()
    noun = rules.drop.sub("", mt.clean(slot.noun))
    de = noun.find("的")
    if not slot.quantity.unit and de >= 2 and not mt.joined_modifiers(split_items(noun)):
        return noun[:de]  # 13亿多人口的大国…: a count with no measure word counts the noun right after it
    if not noun or mt.is_empty(noun):
        return ""
    if len(noun) <= rules.generic_noun_longest:
        said = mt.own_words(slot.predicate)
        if said and not mt.is_empty(said):
            return said if said.endswith(noun) else said + noun
    return noun


def _amount_of(slot: Slot, nxt: Slot | None) -> str:
    """`总规模500亿元的中国蓝海产业基金` → 中国蓝海产业基金总规模; `1000亿元的…基金` → the fund."""
    if slot.quantity.unit not in fact_rules().money_units or not slot.after.startswith("的"):
        return ""
    noun = mt.clean(mt.split_after(slot.after[1:])[0])
    if not noun and nxt is not None and slot.after == "的":
        noun = mt.clean(nxt.noun)
    own = mt.own_words(slot.before)
    head = mt.amount_head(own)
    if head:
        return noun + head if noun else own
    return noun


def _previous_clause(slot: Slot) -> str:
    """The words of the clause before, for a number whose own clause names nothing."""
    said = _clause_before(slot)
    if said is None:
        return mt.clean(slot.after)
    words = mt.own_words(said)
    copula = fact_rules().topic_copula.search(words)
    return words[: copula.start()] if copula else words  # 经济增速是综合性指标 → 经济增速


def _clause_before(slot: Slot) -> str | None:
    """The clause of the sentence right before the number's own, None if it opens the sentence."""
    bounds = clause_bounds(slot.earlier)
    if not bounds:
        return None
    start, end = bounds[-1]
    return slot.earlier[start:end]


def _says_something(words: str) -> bool:
    """Words that name a thing, not nothing, an empty word (平均) or a qualifier only (规模)."""
    return bool(words) and not mt.is_empty(words) and not mt.qualifier(words)


def _with_carried(what: str, carried_base: str) -> tuple[str, str]:
    """A ranked or compared thing: its own name, or the carried one plus a qualifier."""
    if _says_something(what):
        return what, what
    if carried_base:
        return carried_base + mt.qualifier(what), carried_base
    return what, what


def _rank_metric(first: Slot, carried_base: str, prev: Slot | None, subject: str) -> tuple[str, str]:
    """What is ranked: its own words, else the amount said before (or the carried metric)
    with the qualifier said (规模稳居全国第4位 → 生产总值规模)."""
    before = first.before
    streak = prev if prev is not None and prev.clause == first.clause else None
    if streak is None or streak.quantity.unit not in fact_rules().duration_units:
        streak = None
    elif not before.startswith(streak.before):  # (name_metrics may have joined them already)
        before = streak.before + before  # 总量连续37年居全国首位: 总量 is ranked
    parts = mt.split_rank(before)
    if parts is None and streak is not None:
        own = mt.own_words(before)
        if _says_something(own):
            return own, own  # 电力外送量连续21年居全国首位: the streak's words are what is ranked
    if parts is None and prev is not None and prev.role == Role.RANK:
        own = mt.own_words(before)
        if _says_something(own) and not mt.names_group(own):
            return own, own  # 位居…投资潜力第3、新型城镇化质量第4: each item names its own
        return prev.metric, prev.base
    what = mt.own_words(parts[0]) if parts else ""
    if not what and parts and (ranked := mt.ranked_in_group(parts[1])):
        return ranked, ranked  # 位居全国百强县投资潜力第3: what follows the group is ranked
    if not what and not (subject or carried_base) and (record := _record_set(first)):
        return record, record  # 粮食总产再创历史新高,连续16年位居全国首位
    return _with_carried(what, subject or carried_base)


def _record_set(slot: Slot) -> str:
    """What the clause before said set a record (粮食总产再创历史新高 → 粮食总产), if it said so."""
    words = _clause_before(slot) or ""
    record = fact_rules().topic_record.search(words)
    return mt.own_words(words[: record.start()]) if record else ""


def _diff_metric(before: str, carried_base: str) -> tuple[str, str]:
    m = fact_rules().diff.search(before)
    what = mt.own_words(before[: m.start()] if m else before)
    return _with_carried(what, carried_base)


def _listed(chain: list[Slot]) -> bool:
    """Amounts of one unit joined by 、 right after a list of as many items take its items one
    by one, as after 分别 (改造老旧供热、燃气、排水管网800公里、600公里、300公里); False if
    the words before them are no such list."""
    first, unit = chain[0], chain[0].quantity.unit
    if len(chain) < 2 or first.role not in (Role.LEVEL, Role.TARGET) or unit in (PERCENT, POINTS):
        return False  # rates and gaps after a list compare with its items (高于全国、全省1.1、1个百分点)
    if any(s.quantity.unit != unit for s in chain):
        return False
    words = mt.own_words(first.before, keep_list=True)
    listed = _list_of(words, len(chain)) if words and not mt.is_empty(words) else None
    if listed is None:
        return False
    _give_items(chain, *mt.distribute(listed))
    return True


def _list_of(words: str, k: int) -> list[str] | None:
    """The `k` items of a list phrase: split at 、 and the last item's conjunction, else at 、
    alone when that gives `k` (信息传输、租赁和商务服务业: 租赁和商务服务业 is one item)."""
    for joined_last in (True, False):
        items = mt.list_items(words, joined_last)
        if len(items) == k:
            return items
    return None


def _distribute(chain: list[Slot], done: list[Slot], slots: list[Slot]) -> bool:
    """Values after 分别 take the items of their list one by one; False if no list fits."""
    k = len(chain)
    first = chain[0]
    head, tail = first.before.rsplit(DISTRIBUTIVE, 1)
    compared = fact_rules().diff.search(tail)
    if compared and "、" in tail:
        return False  # 分别高于全国、全省…: the values go with the comparators
    tail_words = "" if compared else mt.clean(tail)  # 增速分别高于全国12.7个、12个百分点: gaps of each item
    tail_words = "" if mt.is_empty(tail_words) else tail_words
    counted = [s for s in slots if s.clause == first.clause and _among(s, done) and s.noun]
    head_words = mt.own_words(head, keep_list=True)
    partners = mt.partners(head)
    if partners and len(partners[0]) == k:
        items = partners[0]  # 对东盟、欧盟和美国进出口分别增长…: 东盟进出口, …
        metrics = [item + partners[1] for item in items]
    elif len(counted) >= k and len(mt.list_items(head_words)) <= 1:
        owners = counted[-k:]
        metrics, items = mt.distribute([mt.clean(s.noun) for s in owners])
        for slot, item in zip(owners, items, strict=True):
            slot.metric = slot.base = slot.item = item
        tail_words = head_words + tail_words
    elif head_words and (listed := _list_of(head_words, k)):
        metrics, items = mt.distribute(listed)
    elif k == 2 and (opened := opened_pair(head_words)):
        metrics, items = opened, list(opened)  # 存贷款余额分别达A、B → 存款余额, 贷款余额
    elif mt.is_empty(head_words) and len(done) >= k:
        items = [s.item or s.base for s in done[-k:]]
        metrics = list(items)
        if all(s.role is Role.RANK for s in chain):
            # 一产、二产增加值分别增长6%、5.2%,分别居全国第二、第七: the places of those figures
            metrics, tail_words = [s.metric for s in done[-k:]], ""
    else:
        return False
    _give_items(chain, metrics, items, tail_words)
    return True


def _give_items(chain: list[Slot], metrics: list[str], items: list[str], tail: str = "") -> None:
    """Each value of `chain` its item of a list: its metric (with the words after the list), base
    and item."""
    for slot, name, item in zip(chain, metrics, items, strict=True):
        slot.metric = mt.shorten(name + tail)
        slot.base, slot.item = name, item


def _among(slot: Slot, slots: list[Slot]) -> bool:
    """Is `slot` one of `slots` (by identity: `in` would compare slots field by field, in the
    dataclass's generated Python, and two slots of a sentence are never alike)?"""
    return any(s is slot for s in slots)
