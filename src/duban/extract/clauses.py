"""Clauses of a sentence and items of a list, with quotes and brackets respected."""

from __future__ import annotations

import re
from typing import Final

from duban.extract.cues import fact_rules
from duban.rules.compiled import compiled
from duban.rules.once import Once
from duban.rules.scan import find_all


def _build_mark_finder() -> re.Pattern[str]:
    """A regex finding each break, quote and bracket mark of the rules."""
    rules = fact_rules()
    marks = rules.breaks | set(rules.quotes) | set(rules.quotes.values())
    marks |= set(rules.brackets) | set(rules.brackets.values())
    return compiled(f"[{re.escape(''.join(sorted(marks)))}]")


_MARK_FINDER: Final = Once(_build_mark_finder)  # asked for each sentence with a number


def clause_bounds(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) of each clause of `text`, punctuation excluded.

    A clause ends at , ; : 。 (either width) outside quotation and book-title
    marks. A bracket whose contents hold a clause break is a clause of its own
    (`(其中,世界500强项目8个,行业领军项目4个)`); short brackets (`区(市)`) are not.
    """
    rules = fact_rules()
    cuts: list[int] = []  # positions of break characters and of split brackets
    quote_close: list[str] = []
    opened: list[tuple[int, str]] = []  # (position, closing mark) of open brackets
    split_brackets: set[int] = set()
    for found in _MARK_FINDER.get().finditer(text):  # no other char is a break, quote or bracket
        i = found.start()
        ch = text[i]
        if quote_close and ch == quote_close[-1]:
            quote_close.pop()
        elif ch in rules.quotes and not (ch == '"' and quote_close):
            quote_close.append(rules.quotes[ch])
        elif quote_close:
            continue
        elif ch in rules.brackets:
            opened.append((i, rules.brackets[ch]))
        elif opened and ch == opened[-1][1]:
            start, _ = opened.pop()
            if start in split_brackets:
                cuts += [start, i]
        elif ch in rules.breaks:
            cuts.append(i)
            if opened:
                split_brackets.add(opened[-1][0])
    bounds, start = [], 0
    for cut in sorted(cuts):
        if cut > start:
            bounds.append((start, cut))
        start = cut + 1
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def top_level(phrase: str) -> list[bool]:
    """For each character of `phrase`: is it outside quotes and brackets?"""
    rules = fact_rules()
    pairs = rules.quotes | rules.brackets
    closing: list[str] = []
    flags = []
    for ch in phrase:
        if closing and ch == closing[-1]:
            closing.pop()
            flags.append(False)
        elif ch in pairs:
            closing.append(pairs[ch])
            flags.append(False)
        else:
            flags.append(not closing)
    return flags


def split_items(phrase: str, joined_last: bool = True) -> list[str]:
    """The items of a list phrase: `资产总额、营业收入和利润总额` → three items.

    Items are split at 、 outside quotes and brackets; with `joined_last`, the last one also at
    its first conjunction (和, 及, 以及, 与, 或), as a Chinese list joins its last item.
    """
    top = top_level(phrase)
    items, start = [], 0
    for i, ch in enumerate(phrase):
        if ch == "、" and top[i]:
            items.append(phrase[start:i])
            start = i + 1
    last = phrase[start:]
    for m in find_all(fact_rules().list_split, last if joined_last else ""):
        if m.group() != "、" and m.start() > 0 and top[start + m.start()]:
            items += [last[: m.start()], last[m.end() :]]
            break
    else:
        items.append(last)
    return [item for item in items if item]
