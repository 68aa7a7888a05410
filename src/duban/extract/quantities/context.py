"""What the words around a match say of it: whether a number names something (“15条”, 318国道,
附件1, 《哪吒2》), is a year, a code or list numbering, whether its unit is one here, and the
currency written before an amount. Each test reads `rules/quantities.yaml` through the grammar.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from duban.extract.quantities.grammar import CJK, Grammar, grammar
from duban.rules import char_class, lexicon
from duban.rules.compiled import compiled


def names_something(m: re.Match[str], text: str, g: Grammar) -> bool:
    """A number right after an opening mark (“15条”, “两个维护”) names a thing."""
    before = text[m.start() - 1] if m.start() > 0 else ""
    return before != "" and before in g.rules["opening_marks"] and not m["pre"]


def ends_clause(text: str, at: int) -> bool:
    return at >= len(text) or not text[at].isalnum()


def rank_cue_before(text: str, at: int, g: Grammar) -> bool:
    clause = g.item_or_line_end.split(text[max(0, at - 12) : at])[-1]
    ranks = g.rules["ranks"]
    if any(cue in clause for cue in ranks["cues"]) or clause.endswith(tuple(ranks["groups_before"])):
        return True
    return _listed_rank(text, at, g)


def _listed_rank(text: str, at: int, g: Grammar) -> bool:
    """`位居…投资潜力第3、新型城镇化质量第4`: an item of a 、-list whose earlier items each end in
    a 第N, the first of them a rank by its cue."""
    start = max((m.end() for m in _clause_end().finditer(text, 0, at)), default=0)
    items = text[start:at].split(lexicon().list_mark)
    if len(items) < 2:
        return False
    ends = [_rank_end().search(item) for item in items[:-1]]
    if not all(ends):
        return False
    first = ends[0]
    return first is not None and rank_cue_before(text, start + first.start() + 1, g)


@cache
def _clause_end() -> re.Pattern[str]:
    """What ends the clause a list of ranks stands in: a clause break or a line end (not 、)."""
    return compiled(char_class({*lexicon().clause_breaks, "\n"}))


@cache
def _rank_end() -> re.Pattern[str]:
    """A 第N (or 第N位) at the end of a list item."""
    g = grammar()
    units = "|".join(map(re.escape, g.rules["ranks"]["units"]))
    numerals = "".join(sorted(g.cn_digits | set(g.rules["numerals"]["units"])))
    return compiled(f"第[0-9０-９{numerals}]+(?:{units})?$")


def glued_after(text: str, at: int) -> bool:
    return at < len(text) and ("\u4e00" <= text[at] <= "\u9fff" or text[at] == "\u3007")


def bare_numeral(m: re.Match[str], text: str, g: Grammar) -> bool:
    """A Chinese numeral with no unit is a number when it opens a range (两到三万) or stands
    alone in its clause with two chars or more (达到一百二十，); not 第一百, 初十, 十一、, (十一)."""
    start, end = m.start("cn"), m.end("cn")
    if any(text.startswith(sep, end) for sep in g.rules["range_separators"]):
        return True
    if end - start < 2 or any(text.endswith(w, 0, m.start()) for w in g.rules["numerals"]["bare_not_after"]):
        return False
    numbering = g.rules["numbering"]
    before = text[m.start() - 1] if m.start() > 0 else ""
    after = text[end : end + 1]
    if (before == "" or before in numbering["clause_starts"]) and after and after in numbering["after"]:
        return False  # 十一、
    return not (before and before in numbering["open"])  # (十一)


def big_bare_number(m: re.Match[str], text: str) -> bool:
    """A bare integer of four digits or more (2021, 8500): a year or code alone, a number in a
    range with a unit (8500-9000元)."""
    number = m["ar"]
    after = text[m.end("ar") : m.end("ar") + 1]
    digits = number.replace(",", "")
    return "." not in digits and len(digits) >= 4 and not (after.isascii() and after.isalpha())


def names_a_programme(m: re.Match[str], text: str, g: Grammar) -> bool:
    """A bare magnitude count that opens a programme's name (实施万名海归精英聚青行动)."""
    if not (m["cn"] and set(m["cn"]) <= g.magnitude_chars) or m["pre"] or m["yu1"] or m["yu2"]:
        return False
    clause = g.item_end.split(text[m.end() : m.end() + 16])[0]
    return any(head in clause for head in g.rules["bare_magnitude_name_heads"])


def after_pair_mark(m: re.Match[str], text: str, g: Grammar) -> bool:
    """A bare magnitude after 双 (+ 过, 破…): 双过万 says two figures passed 10⁴."""
    return any(text.endswith(w, 0, m.start()) for w in g.rules["bare_magnitude_not_after"])


def names_a_class(m: re.Match[str], text: str, g: Grammar) -> bool:
    """A quantity right before a class mark (30万吨级航道) names a class of things."""
    return text[m.end("body") : m.end("body") + 1] in g.rules["class_marks"]


def numbers_a_session(m: re.Match[str], text: str, g: Grammar) -> bool:
    """A congress's session numbered without 第 (市十六届人大五次会议): the session unit right
    before a meeting word, or before a list of sessions that ends with one (十一届十次、十一次全会),
    届 shortly before the number."""
    sessions = g.rules["sessions"]
    if m["unit"] != sessions["unit"]:
        return False
    end, start = m.end("unit"), m.start()
    while listed := g.listed_session.match(text, end):
        end = listed.end()
    if not any(text.startswith(word, end) for word in sessions["after"]):
        return False
    return sessions["before"] in text[max(0, start - int(sessions["reach"])) : start]


def names_a_group(text: str, end: int, g: Grammar) -> bool:
    """An age that bounds a group: a bound word and more words after it (65岁以上老年人), or a
    group noun right after (0—6岁儿童)."""
    ages = g.rules["ages"]
    after = text[end : end + 8]
    bound = next((b for b in sorted(ages["bounds"], key=len, reverse=True) if after.startswith(b)), "")
    rest = after[len(bound) :]
    if bound and glued_after(rest, 0):
        return True
    return any(rest.startswith(noun) for noun in ages["group_nouns"])


def unit_fits(m: re.Match[str], text: str, g: Grammar) -> bool:
    """Whether the unit really is one here (a year is not a duration, 三位一体 is no count)."""
    after = text[m.end("body") : m.end("body") + 1]
    units_rules = g.rules["units"]
    if m["cn"] and (m["unit"] in units_rules["arabic_only"] or (after and after in g.cn_digits)):
        return False
    if m["unit"] == "年":
        digits = len(m["ar"].split(".")[0]) if m["ar"] else 0
        a_year = digits == g.rules["year_digits"] and not m["mag"]
        if a_year or (after and after in g.rules["year_not_before"]):
            return False
    return not (m["unit"].isascii() and after.isascii() and after.isalpha())


def code_or_label(m: re.Match[str], text: str, g: Grammar, unit: str) -> str | None:
    """Why an Arabic number is part of a code (PM2.5, P3, GDP is fine: GDP6539亿元) or no
    count, or None."""
    start = m.start("ar")
    before = text[max(0, start - 2) : start].rstrip(" -_")[-1:]  # PM 2.5, COVID-19, PM_2.5
    if before.isascii() and before.isalpha() and unit not in g.keep_after_letters:
        return "part of a code (a Latin letter before it)"
    return None if unit or m["mag"] else _not_a_count(m, text, g)


def _not_a_count(m: re.Match[str], text: str, g: Grammar) -> str | None:
    """Why a bare Arabic number is a year, a code, a version, a label or list numbering, or None."""
    number = m["ar"]
    start, end = m.start("ar"), m.end("ar")
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    grouped = "," in number or "，" in number  # 1,050,000,000 is a number, not a code
    if "." not in number and "．" not in number and len(number) >= 4 and not (grouped or m["sign"]):
        return "a year or a code (four digits or more, no unit)"  # 2021, 9710, 12345; not -10000
    if number.endswith((".0", "．0")):
        return "a version (N.0)"  # 3.0, 4.0
    if after.isascii() and after.isalpha():
        return "part of a code (a Latin letter after it)"  # 5G, 4F级
    if (before and before in g.rules["ratio_marks"]) or (after and after in g.rules["ratio_marks"]):
        return "part of a ratio, a formula or a code"  # 1+N, 2.50:1, 1/10
    if any(text.endswith(word, 0, start) for word in g.rules["label_words"]):
        return "a label"  # 附件1
    opener = g.rules["title_marks"].get(after)
    if opener and text.rfind(opener, 0, start) > text.rfind(after, 0, start):
        return "part of a title (《哪吒2》)"
    if glued_after(text, end) and _names_a_route(text, end, g):
        return "names a road (318川藏线)"
    if before.isspace() and after in ("", "\n", "\r"):
        return "a page number closing a line of a table of contents"
    numbering = g.rules["numbering"]
    at_clause_start = before == "" or before in numbering["clause_starts"]
    if at_clause_start and after in numbering["after"] and number.isdigit():
        return "list numbering"  # 1. 1、
    opened = before and before in numbering["open"]
    return "list numbering" if opened and number.isdigit() else None  # (1) (1即…; not 衡东县(41.033)


_CJK_WORD: Final = re.compile(f"[{CJK}]{{1,5}}")  # a word right after a number: matched where it starts


def _names_a_route(text: str, end: int, g: Grammar) -> bool:
    """A route word within the CJK word right after a bare number: 318川藏线, 318国道."""
    word = _CJK_WORD.match(text, end)
    if word is None:
        return False
    run = word.group()
    # the route word names the road, not a longer word (线下, 线上 are offline, online)
    words = g.rules["route_words"]
    return any(w in run and (run[run.index(w) + len(w) :][:1] or " ") not in g.route_word_ends for w in words)


def currency_before(text: str, at: int, g: Grammar) -> str | None:
    """The currency written right before an amount (港币两千九百六十元 → 港元), if any."""
    words = g.rules["units"]["currency_before"]
    head = text[max(0, at - 6) : at].rstrip(" \t\u3000")
    for word in sorted(words, key=len, reverse=True):
        if head.endswith(word):
            return words[word]
    return None
