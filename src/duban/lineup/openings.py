"""The time a sentence or a heading opens with, which governs what follows it: a paragraph's
later sentences (过去五年,…; “十三五”时期,…; 据统计,1-5月…) or a section's (一、2015年工作回顾).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from duban.lineup.when import Said, compares_with_year, first_clause, mask, patterns, qualifies_noun, times_in
from duban.model import SectionKind

_LEAD: Final = re.compile(
    r"^(?:——|[一二三四五六七八九十]+是|\d{1,2}[.、]|[(（][一二三四五六七八九十\d]{1,3}[)）]|其[一二三四五六七八九十])?\s*"
)


def might_say_time(text: str) -> bool:
    """A quick test: could `text` open with a time (an anchor such as 年, 月, 截至 near its
    start, after a list mark or a lead-in such as 据统计)? `opening_time` reads only sentences
    that pass."""
    p = patterns()
    if not p["anchors"].search(text):
        return False  # most sentences: no time word anywhere
    lead = _LEAD.match(text)
    start, _ = _opening_clause(text, lead.end() if lead else 0)
    window = first_clause(text[start : start + p["anchor_reach"] + 2])
    return bool(p["anchors"].search(window))


def _opening_clause(text: str, start: int) -> tuple[int, str]:
    """Where the clause that opens `text` from `start` begins, and that clause, past a lead-in
    clause (据统计,1-5月…; 各位代表,刚刚过去的2025年,…: the clause after it opens)."""
    clause = first_clause(text[start:])
    if patterns()["lead_in"].fullmatch(clause):
        start += len(clause) + 1
        clause = first_clause(text[start:])
    return start, clause


OPENING_REACH: Final = 40  # characters of a sentence's opening looked at for a time
SHORT_OPENING: Final = 10  # a first clause this short may end with its time (刚刚过去的2017年,…)


def _opens(clause: str, at: int) -> bool:
    m = patterns()["any"].match(clause, at)
    return m is not None and m.end() > at


def list_mark(sentence: str) -> str:
    """The run-in list mark a sentence opens with (1. · 一是 · (二) · ——), or ''."""
    m = _LEAD.match(sentence)
    return m.group() if m else ""


def opening_time(
    sentence: str, report_year: int | None, in_force: int | None, deadlines: bool = True
) -> str | None:
    """The period a sentence opens with (过去五年,…; “十三五”时期,…; 2021年,…), which governs
    the sentences after it in its paragraph: a time at the start of the sentence (after a
    list mark), not a noun's attribute, the only one of its clause."""
    masked = mask(sentence[: 2 * OPENING_REACH])
    lead = _LEAD.match(masked)
    _, clause = _opening_clause(masked, lead.end() if lead else 0)
    if len(clause) > SHORT_OPENING and not any(_opens(clause, at) for at in (0, 1)):
        return None  # a long first clause must start with its time
    if compares_with_year(clause):
        return None  # 2025年…比重较2020年提高约14个百分点: a comparison's end, no time for what follows
    said = [s for s in times_in(clause, report_year, in_force) if not s.base and s.when]
    if len({s.when for s in said}) != 1:
        return None
    first = said[0]
    if not deadlines and patterns()["by"].match(clause, first.start):
        return None  # 到2020年,…: a deadline of its own sentence
    at_start = first.start <= 1
    ends_clause = len(clause) <= SHORT_OPENING and not clause[first.end :].strip(
        "以来中里间内"
    )  # 刚刚过去的2017年,…
    if not (at_start or ends_clause) or qualifies_noun(clause[first.end :]):
        return None
    return first.when


@cache
def heading_time(
    heading: str, kind: SectionKind, report_year: int | None, in_force: int | None
) -> str | None:
    """The period a heading names; of several, the first for a review, the last for plans."""
    said = heading_times(heading, report_year, in_force)
    if not said:
        return None
    return said[-1] if kind is SectionKind.PLANS else said[0]


@cache
def heading_times(heading: str, report_year: int | None, in_force: int | None) -> tuple[str, ...]:
    """The periods a heading's label names, in its order, each once (“十四五”时期和2025年工作回顾:
    2021/2025 and 2025)."""
    label = first_clause(mask(heading))  # 1.规上工业方面:2023年市下达…: the label, not the item's text
    said = [s.when for s in times_in(label, report_year, in_force) if not s.base and s.when]
    return tuple(dict.fromkeys(said))


def stated_time(sentence: str, report_year: int | None, in_force: int | None) -> str | None:
    """The one period the first clause of `sentence` names (after a lead-in such as 各位代表), if it
    names one (刚刚过去的2025年很不平凡。; 过去的五年极不寻常。), or the one it opens with, its subject
    (今年是“十五五”开局之年): comparison bases and nouns' times left out."""
    said = _opening_times(sentence, report_year, in_force)
    if said and said[0].start == 0:
        return said[0].when
    named = {s.when for s in said}
    return named.pop() if len(named) == 1 else None


def subject_time(sentence: str, report_year: int | None, in_force: int | None) -> str | None:
    """The period a sentence opens with as its subject (“十四五”时期是…; 过去五年,…), if any."""
    said = _opening_times(sentence, report_year, in_force)
    return said[0].when if said and said[0].start == 0 else None


def _opening_times(sentence: str, report_year: int | None, in_force: int | None) -> list[Said]:
    """The times the first clause of `sentence` names (past a lead-in), bases and nouns' times
    left out, in order; none when the clause compares with an earlier year (2025年四大主导产业占GDP
    比重较2020年提高约14个百分点: the end of a comparison, no part of a speech)."""
    _, clause = _opening_clause(mask(sentence[: 2 * OPENING_REACH]), 0)
    if compares_with_year(clause):
        return []
    return [s for s in times_in(clause, report_year, in_force) if not s.base and s.when]


def addresses(sentence: str) -> bool:
    """Whether a sentence opens by addressing the audience (各位代表,…): a new part of a speech."""
    return bool(patterns()["address"].match(sentence))


def opens_with_then(sentence: str) -> bool:
    """Whether a sentence opens with 届时 (by then): its time is the deadline said before it."""
    return bool(patterns()["then"].match(sentence))


def last_deadline(sentence: str, report_year: int | None) -> str | None:
    """The last deadline a sentence sets (到2020年…), comparison bases and nouns' times skipped."""
    masked = mask(sentence)
    said = [s for s in times_in(masked, report_year, report_year) if not s.base and s.when]
    deadlines = [s.when for s in said if patterns()["by"].match(masked, s.start)]
    return deadlines[-1] if deadlines else None
