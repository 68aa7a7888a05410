"""The metric of a quantity: the noun phrase the number belongs to.

Phrases come from the words around a number in its clause; these functions trim
them (time, subject, adverb and verb words at either end), split the words
after a count into the noun it counts and the rest, and share a list's common
words among its items (`职工养老、失业和工伤保险参保缴费人数`).
"""

from __future__ import annotations

from duban.extract.clauses import split_items
from duban.extract.fact_rules import fact_rules

PAIRS = {"“": "”", "‘": "’", "《": "》", "(": ")", "（": "）", "「": "」"}


def _balanced_edges(phrase: str) -> str:
    """`phrase` without unmatched quotes or brackets at its ends."""
    changed = True
    while phrase and changed:
        changed = False
        first, last = phrase[0], phrase[-1]
        if (
            (first in PAIRS and PAIRS[first] not in phrase[1:])
            or first in PAIRS.values()
            or first in "、,，;；:："
        ):
            phrase, changed = phrase[1:], True
        elif (
            (last in PAIRS and phrase)
            or (last in PAIRS.values() and _opener(last) not in phrase[:-1])
            or last in "、,，;；:："
        ):
            phrase, changed = phrase[:-1], True
    return phrase


def _opener(closer: str) -> str:
    return next((o for o, c in PAIRS.items() if c == closer), closer)


def clean(phrase: str) -> str:
    """Trim time, subject, adverb and verb words from both ends of `phrase`, again and again."""
    rules = fact_rules()
    phrase = phrase.strip()
    while phrase:
        before = phrase
        phrase = _balanced_edges(phrase)
        m = rules.leading.match(phrase)
        if m and m.end() > 0 and m.end() < len(phrase) + 1:
            phrase = phrase[m.end() :]
        m = rules.trailing.search(phrase)
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
    """A leading subject (全市, 市属企业, 青岛机场) and the rest, when the rest is a phrase."""
    for pattern in fact_rules().subject:
        m = pattern.match(phrase)
        if m and len(phrase) - m.end() >= 2:
            return phrase[: m.end()], phrase[m.end() :]
    return None, phrase


def split_after(piece: str) -> tuple[str, str]:
    """The words after a count → (the noun it counts, the rest).

    `项目入选省重大项目` → (`项目`, `入选省重大项目`); a piece that starts with a
    predicate or a list separator gives no noun.
    """
    rules = fact_rules()
    sep = rules.list_split.match(piece)
    if sep:
        return "", piece[sep.end() :]
    m = rules.predicate.search(piece)
    if m is None:
        return piece, ""
    if m.start() == 0:
        return "", piece
    return piece[: m.start()], piece[m.start() :]


def split_rank(phrase: str) -> tuple[str, str] | None:
    """`增幅位列计划单列市` → (`增幅`, `计划单列市`): what is ranked, and among what."""
    m = fact_rules().rank_cue.search(phrase)
    if m is None:
        return None
    return phrase[: m.start()], phrase[m.end() :]


def ends_with_amount_head(phrase: str) -> bool:
    """Does `phrase` end with a word that names an amount (总投资, 规模, 资金)?"""
    return bool(fact_rules().amount_head_end.search(phrase))


def list_items(phrase: str) -> list[str]:
    """The items of a list phrase; an item with 等 keeps only what stands before it."""
    items = split_items(phrase)
    if items and "等" in items[-1]:
        items[-1] = items[-1].split("等", 1)[0]
    return [clean(item) or item for item in items]


def distribute(items: list[str]) -> tuple[list[str], list[str]]:
    """Share a list's common words: → (metric of each item, each item's own words).

    A long last item lends its tail to the others (`职工养老、失业和工伤保险参保缴费人数`);
    a long first item lends its head (`全国青少年校园足球特色学校、幼儿园`).
    """
    if len(items) < 2 or "等" in "".join(items):
        return list(items), list(items)
    lens = [len(x) for x in items]
    if lens[-1] >= 4 and lens[-1] > lens[-2] + 1:
        own = items[-1][: lens[-2]]
        tail = items[-1][lens[-2] :]
        if len(tail) >= 2:
            heads = [*items[:-1], own]
            return [h + tail for h in heads], heads
    if lens[0] >= 6 and lens[0] > 2 * max(lens[1:]):
        head = items[0][: lens[0] - lens[1]]
        return [items[0]] + [head + x for x in items[1:]], list(items)
    return list(items), list(items)


def shorten(phrase: str) -> str:
    """A phrase longer than the rules allow, cut to its last words."""
    longest = fact_rules().longest
    return phrase if len(phrase) <= longest else phrase[-longest:]
