"""The metric of a quantity: the noun phrase the number belongs to.

Phrases come from the words around a number in its clause; these functions trim
them (time, subject, adverb and verb words at either end), split the words
after a count into the noun it counts and the rest, and share a list's common
words among its items (`职工养老、失业和工伤保险参保缴费人数`).
"""

from __future__ import annotations

import re
from typing import Final

from duban.extract.clauses import split_items, top_level
from duban.extract.cues import fact_rules
from duban.rules.compiled import any_of
from duban.rules.once import Once
from duban.rules.scan import find_all

SHARED_TAIL_FULL_ITEM: Final = 4  # an item this long is a noun of its own, not a modifier (城镇)
BARE_VERB_LONGEST: Final = 8  # words after an adverb this long or shorter may be only verbs (推进注册落地)
# a subject longer than this (高新技术企业) stays before a qualifier (数量)
QUALIFIED_SUBJECT_SHORTEST: Final = 2
PAIRS: Final = {"“": "”", "‘": "’", "《": "》", "(": ")", "（": "）", "「": "」"}
SEPARATORS: Final = "、,，;；:："
EDGE_MARKS: Final = frozenset([*PAIRS, *PAIRS.values(), *SEPARATORS])  # what _balanced_edges may trim
# an endnote's mark in the words ([2], after width)
_NOTE_MARK: Final = re.compile(r"\[\d{1,3}\]|【\d{1,3}】")


def _balanced_edges(phrase: str) -> str:
    """`phrase` without unmatched quotes or brackets at its ends."""
    if not phrase or (phrase[0] not in EDGE_MARKS and phrase[-1] not in EDGE_MARKS):
        return phrase  # most phrases: nothing to trim
    changed = True
    while phrase and changed:
        changed = False
        first, last = phrase[0], phrase[-1]
        if first in "(（" and (close := phrase.find(PAIRS[first])) > 0:
            phrase, changed = phrase[close + 1 :], True  # a leading (间) adds nothing
        elif (
            (first in PAIRS and PAIRS[first] not in phrase[1:])
            or first in PAIRS.values()
            or first in SEPARATORS
        ):
            phrase, changed = phrase[1:], True
        elif (
            (last in PAIRS and phrase)
            or (last in PAIRS.values() and _opener(last) not in phrase[:-1])
            or last in SEPARATORS
        ):
            phrase, changed = phrase[:-1], True
    return phrase


def _opener(closer: str) -> str:
    return next((o for o, c in PAIRS.items() if c == closer), closer)


def clean(phrase: str) -> str:
    """Trim time, subject, adverb and verb words from both ends of `phrase`, again and again; a
    note's mark goes wherever it stands (四大主导产业[2]占GDP比重).

    Kept for the report being read (`new_report`): nearly half the phrases a report's numbers
    are named by are asked for again (the words before two numbers of a clause, a metric carried
    on to the next fact)."""
    done = _CLEANED.get(phrase)
    if done is None:
        done = _CLEANED[phrase] = _clean(phrase)
    return done


def new_report() -> None:
    """Forget the phrases cleaned for the reports read before: what is kept is one report's, so
    that it never grows with a corpus and a report read again costs what it cost the first time."""
    _CLEANED.clear()


_CLEANED: Final[dict[str, str]] = {}


def _clean(phrase: str) -> str:
    rules = fact_rules()
    phrase = phrase.strip()
    if "[" in phrase or "【" in phrase:
        phrase = _NOTE_MARK.sub("", phrase)
    while phrase:
        before = phrase
        phrase = _balanced_edges(phrase)
        m = rules.leading.match(phrase)
        if m and m.end() > 0 and m.end() < len(phrase) + 1:
            phrase = phrase[m.end() :]
        last, ends = phrase[-1:], rules.trailing_last
        if ends is None or last in ends or last == "\n":  # else no trailing word can end it
            m = rules.trailing.search(phrase, len(phrase) - rules.trailing_reach)
            if m and m.start() < len(phrase):
                phrase = phrase[: m.start()]
        if phrase == before:
            break
    return phrase


def is_empty(phrase: str) -> bool:
    """Does `phrase` say nothing of its own (平均, 增速, 规模 …)?"""
    return not phrase or bool(fact_rules().empty.match(phrase))


def qualifier(phrase: str) -> str:
    """The qualifier `phrase` is, if it is only one (增速, 规模, 数量); else ''."""
    m = fact_rules().qualifier_end.search(phrase)
    return phrase if m and m.start() == 0 else ""


def split_subject(phrase: str) -> tuple[str | None, str]:
    """A leading subject (全市, 市属企业, 青岛机场) and the rest, when the rest is a phrase.

    A candidate that holds a predicate (新增独角兽企业) is no subject.
    """
    rules = fact_rules()
    if not phrase or not _any_subject().match(phrase):
        return None, phrase
    for pattern in rules.subject:
        m = pattern.match(phrase)
        if m and len(phrase) - m.end() >= 2 and not rules.predicate.search(m.group()):
            return phrase[: m.end()], phrase[m.end() :]
    return None, phrase


def keeps_subject(subject: str, rest: str) -> bool:
    """Is `subject` a category of units (规模以上工业企业, 中央企业, 规上数字经济核心产业企业) whose
    bare measure `rest` (利润, 营业收入) names an indicator only together with it, or a thing
    whose rate `rest` is (工业云平台应用率)?"""
    rules = fact_rules()
    if rules.rate_measure.match(rest):
        return True
    return bool(rules.unit_category.match(subject) and rules.bare_measure.match(clean(rest) or rest))


def carries_to(subject: str, metric: str) -> bool:
    """Does a subject said in an earlier clause reach a fact of this `metric`? A category of
    units (规上工业企业) reaches only its own measures (营业收入, 利润总额) and a fact with no
    noun of its own, not an indicator of the whole place (社会消费品零售总额)."""
    rules = fact_rules()
    if not rules.unit_category.match(subject):
        return True
    measure = clean(metric) or metric
    if is_empty(measure) or subject in measure:
        return True
    return any(p.match(measure) for p in (rules.bare_measure, rules.unit_measure, rules.rate_measure))


def _any_subject() -> re.Pattern[str]:
    """One regex that matches wherever any subject pattern does (a quick test first)."""
    return _ANY_SUBJECT.get()


def _build_any_subject() -> re.Pattern[str]:
    return any_of([p.pattern.pattern for p in fact_rules().subject])


_ANY_SUBJECT: Final = Once(_build_any_subject)


def split_after(piece: str, *, keep_list: bool = False) -> tuple[str, str, str]:
    """The words after a count → (the noun it counts, its predicate, the rest).

    `项目入选省重大项目` → (`项目`, `入选省重大项目`, `入选省重大项目`): with no 、 in
    it the predicate is also the start of the next quantity's words; `高技能人才荣获
    全国五一劳动奖章、` → (`高技能人才`, `荣获全国五一劳动奖章`, ``).
    """
    rules = fact_rules()
    sep = rules.list_split.match(piece)
    if sep:
        return "", "", piece[sep.end() :]
    if rules.noun_never.match(piece) or rules.predicate.match(piece):
        noun, rest = "", piece
    else:
        m = rules.predicate.search(piece, 2)
        noun, rest = (piece, "") if m is None else (piece[: m.start()], piece[m.start() :])
        noun = noun.rstrip("、和及与") if keep_list else _first_item(noun)
    cut = _last_at_top(rest, "、")
    if cut < 0:
        return noun, rest, rest
    return noun, rest[:cut], rest[cut + 1 :]


def _first_item(noun: str) -> str:
    """A count's noun without a trailing separator; a long list keeps its first item."""
    if len(noun) > fact_rules().noun_list_longest:
        items = split_items(noun)
        if len(items) > 1 and not joined_modifiers(items):
            return items[0]
    return noun.rstrip("、和及与")


def joined_modifiers(items: list[str]) -> bool:
    """Are two items joined by 和 the modifiers of one head after the last item's 的
    (受过高等教育|有专业技能的人才: one group of 人才, not two)?"""
    return len(items) == 2 and "的" in items[1] and "的" not in items[0]


def _last_at_top(text: str, mark: str) -> int:
    """Offset of the last `mark` outside quotes and brackets, or -1."""
    if mark not in text:
        return -1
    top = top_level(text)
    return next((i for i in range(len(text) - 1, -1, -1) if text[i] == mark and top[i]), -1)


def own_words(before: str, *, keep_list: bool = False, money: bool = False) -> str:
    """The words before a number, trimmed to the phrase that names it.

    Words up to an adverb (累计, 已, 共) or a modifier's 的 are the subject or a
    description; a leading subject goes; a list with 等 gives its category
    (`黄瓜、西红柿、青椒等优质农产品` → `优质农产品`) unless `keep_list`. Before `money`, a
    verb handing it out after a body or a time starts the phrase anew (中央财政五年投入专项
    扶贫资金 → 专项扶贫资金).
    """
    rules = fact_rules()
    words = clean(before)
    adverbs = find_all(rules.adverb_cut, words)
    predicate_only = bool(rules.adverb_cut.match(before.lstrip("，,、")))
    if adverbs and len(words) - adverbs[-1].end() >= 2:
        words = clean(words[adverbs[-1].end() :])
        predicate_only = True  # what follows an adverb is a predicate, not a subject
    handed = find_all(rules.amount_verb_cut, words) if money else []
    if handed and len(words) - handed[-1].end() >= 2:
        words = clean(words[handed[-1].end() :])  # 中央财政五年投入专项扶贫资金 → 专项扶贫资金
        predicate_only = True
    de = _last_at_top(words, "的")
    if de >= 0 and len(words) - de - 1 >= 3:
        words = clean(words[de + 1 :])
    if not predicate_only:
        subject, rest = split_subject(words)
        kept = subject is not None and (
            keeps_subject(subject, rest)
            or rules.subject_joined.match(rest)
            or (len(subject) > QUALIFIED_SUBJECT_SHORTEST and qualifier(clean(rest)))
        )
        if kept:
            pass  # 工业企业利润, 高新技术企业数量: the category and its measure are one indicator;
            # 开发区和工业园区: two nouns
        elif subject is not None or words != words.strip():  # else clean(words) is words already
            words = clean(rest) or words
    deng = _last_at_top(words, "等")
    if not keep_list and deng > 0 and _last_at_top(words[:deng], "、") >= 0 and len(words) - deng - 1 >= 2:
        words = words[deng + 1 :]
    if predicate_only and len(words) <= BARE_VERB_LONGEST and rules.bare_verb.match(words):
        words = _with_doer(before, words)  # 中欧班列累计开行: after an adverb, only verbs
    return rules.drop.sub("", words)


def _with_doer(before: str, verb: str) -> str:
    """A bare verb after an adverb names an act: with the adverb and who did it before it
    (中欧班列累计开行, 已实施), its leading subject (全市) dropped; else the verb."""
    rules = fact_rules()
    at = before.rfind(verb)
    adverb = find_all(rules.adverb_cut, before[:at]) if at > 0 else []
    if not adverb or adverb[-1].end() != at:
        return verb
    doer = clean(before[: adverb[-1].start()])
    words = doer + adverb[-1].group() + verb
    subject, rest = split_subject(words)
    return rest if subject is not None else words


def split_rank(phrase: str) -> tuple[str, str] | None:
    """`增幅位列计划单列市` → (`增幅`, `计划单列市`): what is ranked, and among what."""
    rules = fact_rules()
    m = rules.rank_cue.search(phrase)
    if m is None:
        return None
    ranked = rules.rank_adverbs.sub("", phrase[: m.start()])  # 外资继续位居 → 外资
    return ranked, phrase[m.end() :]


def ranked_in_group(among: str) -> str:
    """`全国百强县投资潜力` → `百强县投资潜力`: with nothing ranked before the rank cue, the words
    after a whole-area group (全国, 全省 …) name what is ranked; '' when none follow."""
    m = fact_rules().rank_group.match(among)
    if m is None:
        return ""
    rest = clean(among[m.end() :])
    return "" if is_empty(rest) or names_group(rest) else rest


def names_group(phrase: str) -> bool:
    """Does `phrase` name a group ranked among (全国城市, 副省级城市), not a thing ranked?"""
    return bool(fact_rules().rank_group_end.search(phrase))


def amount_head(phrase: str) -> str:
    """The word that names an amount at the end of `phrase` (总投资, 总规模, 资金), or ''."""
    m = fact_rules().amount_head_end.search(phrase)
    return m.group() if m else ""


def list_items(phrase: str, joined_last: bool = True) -> list[str]:
    """The items of a list phrase (`split_items`); an item with 等 keeps only what stands before it."""
    items = split_items(phrase, joined_last)
    if items and "等" in items[-1]:
        items[-1] = items[-1].split("等", 1)[0]
    return [clean(item) or item for item in items]


def distribute(items: list[str]) -> tuple[list[str], list[str]]:
    """Share a list's common words: → (metric of each item, each item's own words).

    A long last item lends its tail to the others (`职工养老、失业和工伤保险参保缴费人数`):
    from its predicate on if it has one, else past the length of the item before it.
    """
    if len(items) < 2 or "等" in "".join(items):
        return list(items), list(items)
    rules = fact_rules()
    head = rules.shared_heads.match(items[0])
    if head and len(items[0]) > head.end() and not any(rules.shared_heads.match(x) for x in items[1:]):
        return [items[0], *[head.group() + x for x in items[1:]]], list(items)  # 单位国内生产总值…、能耗
    lens = [len(x) for x in items]
    short = rules.shared_tail_heads.search(items[-1]) if lens[-1] < 4 else None
    if short and short.start() == lens[-2]:  # 肉、奶产量: a head after an own word as long as the item before
        heads = [*items[:-1], items[-1][: short.start()]]
        return [h + short.group() for h in heads], heads
    if lens[-1] >= 4 and lens[-1] > lens[-2] + 1:
        verb = rules.predicate.search(items[-1], 2)
        if verb is None and lens[-2] >= SHARED_TAIL_FULL_ITEM:
            verb = rules.shared_tail_starts.search(items[-1], 2)  # 居民医保和…经费人均…标准
        by_verb = verb is not None and len(verb.group()) >= 2 and lens[-1] - verb.start() >= 2
        if not by_verb and any(rules.whole_item_end.search(x) for x in items[:-1]):
            return list(items), list(items)  # 能耗、二氧化碳排放量: each a whole metric
        cut = verb.start() if verb is not None and by_verb else _parallel_end(items[-2], items[-1])
        head_noun = rules.shared_tail_heads.search(items[-1])
        if not by_verb and head_noun and head_noun.start() > cut:
            cut = head_noun.start()  # 制造业、普惠小微贷款余额: the tail is 贷款余额, not 微贷款余额
        own, tail = items[-1][:cut], items[-1][cut:]
        if len(tail) >= 2:
            heads = [*items[:-1], own]
            return [h + tail for h in heads], heads
    return list(items), list(items)


def _parallel_end(before: str, last: str) -> int:
    """Where the last item's own words end when nothing else tells: where it ends as the item
    before it does (国家级、部级创新平台 → 部级), else past that item's length (工业、农业投资)."""
    at = last.find(before[-1], 1, len(before) + 1)
    return at + 1 if at > 0 and len(last) - at - 1 >= 2 else len(before)


def shorten(phrase: str) -> str:
    """A phrase longer than the rules allow, cut to its last words, never inside quotes."""
    longest = fact_rules().longest
    if len(phrase) <= longest:
        return phrase
    cut = phrase[-longest:]
    opener = {close: op for op, close in PAIRS.items()}
    for i, ch in enumerate(cut):
        if ch in opener and opener[ch] not in cut[:i]:
            cut = cut[i + 1 :]  # `需求+技能培训”职业技能培训` → 职业技能培训
            break
    return cut


def partners(phrase: str) -> tuple[list[str], str] | None:
    """`青岛对前三大贸易市场东盟、欧盟和美国进出口` → ([东盟, 欧盟, 美国], 进出口): the partners a
    对 phrase names for trade or investment (an apposition before the list and a category after
    等 dropped) and the measure; None when the phrase ends with no such measure."""
    rules = fact_rules()
    opened = find_all(_PARTNER_OPENING, phrase)
    if not opened:
        return None
    m = rules.partners.match(clean(phrase[opened[-1].end() :]))
    if m is None:
        return None
    listed = rules.partner_apposition.sub("", rules.partner_category_tail.sub("", m["partners"]))
    items = [clean(item) for item in split_items(listed)]
    return (items, m["measure"]) if items and all(items) else None


_PARTNER_OPENING: Final = re.compile("对(?![外内口象比标接话])")
