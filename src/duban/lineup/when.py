"""When a number holds, on the calendar: `2022`, `2021-H1`, `2021-Q3`, `2021-06`,
`2021-01/2021-05`, `2016/2020`, `2021-06-30` (the forms of spec/FACTS.md).

The period is resolved from, in order: the time words of the sentence before the number (the
nearest that is not a comparison base: 比上年 and 去年同期 say what a change is compared with,
not when it holds); the opening of its paragraph (过去五年, …); the headings above it
(一、2015年工作回顾); and the report: its kind and year give each section a period (a
government work report of year Y reviews Y−1 and plans Y; a half-year summary reviews the
first half and plans the second). Words relative to a year (全年, 年末, 上半年) take the year in
force there; 今年, 去年 and 过去五年 count from the report's own year.

The forms and the report's periods are in `lineup.periods`, what a change is compared with
in `lineup.basis`; the rules' words are in `rules/lineup.yaml` (`report_kinds`, `when`).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, Final

from duban import rules
from duban.lineup.periods import (
    end_point,
    is_part_of_year,
    is_point,
    is_span,
    months,
    point,
    span,
    within,
    year,
)
from duban.rules.compiled import compiled
from duban.rules.once import Once
from duban.rules.scan import find_all, matcher

# ---------------------------------------------------------------- reading time words


@dataclass(frozen=True, slots=True)
class Said:
    """A time said in a text: where, and the period it names (None: not resolvable there)."""

    start: int
    end: int
    when: str | None
    base: bool = False  # a comparison base (比上年), not the period of what follows

    def __init__(self, start: int, end: int, when: str | None, base: bool = False) -> None:
        # written out, as the model's classes are: a native __init__ when compiled
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "when", when)
        object.__setattr__(self, "base", base)


def patterns() -> dict[str, Any]:
    return _PATTERNS.get()


def _patterns() -> dict[str, Any]:
    w = rules.lineup()["when"]
    halves = "|".join(map(re.escape, w["halves"]))
    quarters = "|".join(sorted(map(re.escape, w["quarters"]), key=len, reverse=True))
    part = (
        rf"(?P<day>{w['day']})|(?P<half>{halves})|(?P<quarter>{quarters})|(?P<jan>{w['months_from_january']})"
    )
    part += rf"|(?P<mlist>{w['month_list']})|(?P<month>{w['month']})(?P<mend>{w['month_end']})?"
    part += rf"|(?P<yend>{w['year_end']})"
    heads = [
        rf"(?P<yspan>{w['year_span']})",
        rf"(?P<by>{w['by_year']})",
        rf"(?P<asof>{w['as_of']})(?:(?P<asof_now>{w['as_of_now']})|(?P<asof_year>(?:19|20)\d\d)年)?",
        rf"(?P<year>{w['year']})",
        rf"(?P<plan>{w['five_year_plan']})",
        rf"(?P<past>{w['past_years']})",
        rf"(?P<coming>{w['coming_years']})",
        rf"(?P<this>{w['this_year']})",
        rf"(?P<last>{w['last_year']})",
        rf"(?P<before>{w['year_before']})",
        rf"(?P<next>{w['next_year']})",
        rf"(?P<whole>{w['whole_year']})",
        rf"(?P<now>{w['now']})",
    ]
    head = "|".join(f"(?:{h})" for h in heads)
    return {
        "any": compiled(f"(?={w['first_chars']})(?:{head})?(?:{part})?"),
        "may_start": compiled(f"(?={w['first_chars']})(?:{head}|{part})"),
        "base_before": compiled(w["base_before"]),
        "base_after": matcher(w["base_after"].removeprefix("^")),  # matched at a position
        "halves": w["halves"],
        "quarters": w["quarters"],
        "plan_base": int(w["five_year_base"]),
        "now": matcher(w["now"]),
        "lead_in": matcher(w["lead_in"]),
        "address": matcher(w["address"]),
        "time_lead": matcher(w["time_lead"]),
        "year_task": matcher(w["year_task"]),
        "framing": matcher(w["framing"]),
        "first": compiled(w["first_chars"]),
        "anchors": compiled(w["anchors"]),
        "anchor_reach": int(w["anchor_reach"]),
        "from": matcher(w["from_words"]),
        "by": matcher(w["by_year"]),
        "then": matcher(w["then"]),
        "continues": matcher(w["continues"]),
        "this": matcher(w["this_year"]),
        "year_target": compiled(w["year_target"]),
        "to": matcher(w["to_words"]),
        "compared_year": matcher(w["compared_year"]),
        "streak": matcher(w["streak"]),
        "listed": compiled(w["listed_value"]),
    }


_PATTERNS: Final = Once(_patterns)
_CLAUSE_BREAK: Final = Once(rules.clause_break)


# The numbers inside a time phrase's groups, read a phrase at a time: compiled here, not looked
# up in `re`'s cache by `re.findall` and the like (a Python function) at every phrase.
_YEAR: Final = re.compile(r"(?:19|20)\d\d")
_YEARS: Final = re.compile(r"(?:\d{4}/)?\d{4}")  # a year or a span of years, as `when` writes them
_DAY_NUMBER: Final = re.compile(r"\d{1,2}")
_SMALL_NUMBER: Final = re.compile(r"\d{1,2}|[一二三四五六七八九十]{1,2}")  # a month, a quarter
_PAST_COUNT: Final = re.compile(r"\d{1,2}|[一二三四五六七八九十]")  # 过去五年, 近3年
_PLAN_ORDINAL: Final = re.compile("十([一二三四五六])五")


def _number(text: str) -> int:
    """`12` → 12; `十二` → 12 (small Chinese numbers of months and years)."""
    if text.isdecimal() and text.isascii():
        return int(text)
    return rules.ordinal_value(text)


BASE_REACH: Final = 6  # the longest comparison word before a time (与…相比 and the like are shorter)


def _matches(text: str) -> list[re.Match[str]]:
    """The time phrases of `text`, left to right, as `finditer` of the full pattern gives them
    (empty matches left out), trying the pattern only where an anchor (年, 月, 截至 …) lies
    within reach: every phrase holds one, and most of a sentence holds none. Within reach of
    an anchor, the next place where the head or a part of a phrase matches (`may_start`, a
    search) is where the pattern is tried: the places before it match nothing."""
    p = patterns()
    reach = p["anchor_reach"]
    found: list[re.Match[str]] = []
    at = 0  # the first place not yet tried; phrases do not overlap
    hit: re.Match[str] | None = None  # the last search's answer
    asked = False
    for anchor in p["anchors"].finditer(text):
        at = max(at, anchor.start() - reach)
        while at <= anchor.start():
            if not asked or (hit is not None and hit.start() < at):
                # else the last search answers for `at` too: no place from where it began (at
                # most `at`) up to its hit, or to the end when it found none, starts a match
                hit, asked = p["may_start"].search(text, at), True
            if hit is None:
                return found
            if hit.start() > anchor.start():
                at = anchor.start() + 1
                break
            m = p["any"].match(text, hit.start())
            if m is not None and m.end() > hit.start():
                found.append(m)
                at = m.end()
            else:
                at = hit.start() + 1
    return found


def times_in(text: str, report_year: int | None, in_force: int | None) -> list[Said]:
    """Every time `text` says, in order. `report_year` is the speaker's year (今年, 去年,
    过去五年 count from it); `in_force` the year of the section (全年, 上半年 are of it)."""
    p = patterns()
    found: list[Said] = []
    for m in _matches(text):
        start, end = m.span()
        base = bool(
            p["base_before"].search(text, max(0, start - BASE_REACH), start)
            or p["base_after"].match(text, end)
        )
        found.append(Said(start, end, _resolve(m, report_year, in_force), base))
    return found


def _resolve(m: re.Match[str], report_year: int | None, in_force: int | None) -> str | None:
    g = m.groupdict()
    said_year = _head_year(g, report_year, in_force)
    if _has_part(g):
        y = said_year if said_year is not None else in_force
        if g["asof"]:
            part = None if y is None else _part(g, y)
            return None if part is None else end_point(part)
        return None if y is None else _part(g, y)
    if g["yspan"]:
        years = _YEAR.findall(g["yspan"])
        return span(int(years[0]), int(years[1]))
    if g["plan"]:
        return _five_year_plan(g["plan"])
    if g["past"] or g["coming"]:
        if report_year is None:
            return None
        words = g["past"] or g["coming"]
        n = _number(next(x for x in _PAST_COUNT.findall(words)))
        return span(report_year - n, report_year - 1) if g["past"] else span(report_year, report_year + n - 1)
    if g["asof"]:
        if g["asof_now"] or said_year is None:
            return None  # 截至目前: the end of the period in force, read by the caller
        return point(said_year, 12)
    if g["whole"]:
        return None if in_force is None else year(in_force)
    return None if said_year is None else year(said_year)


def _head_year(g: dict[str, str | None], report_year: int | None, in_force: int | None) -> int | None:
    """The one year the head of a time phrase names (2021年, 今年, 去年, 到2025年), if any."""
    for key in ("year", "by", "asof_year"):
        if g[key]:
            return int(_YEAR.search(g[key]).group())  # type: ignore[arg-type, union-attr]
    if g["before"]:
        return None if in_force is None else in_force - 1
    if report_year is None:
        return None
    if g["this"]:
        return report_year
    if g["last"]:
        return report_year - 1
    if g["next"]:
        return report_year + 1
    return None


def _has_part(g: dict[str, str | None]) -> bool:
    return any(g[k] for k in ("day", "half", "quarter", "mlist", "month", "yend")) or bool(
        g["jan"] is not None
    )


def _part(g: dict[str, str | None], y: int, point_only: bool = False) -> str | None:
    """The part of year `y` the match names (上半年, 1—5月, 6月末, 年末), or None."""
    p = patterns()
    if g["yend"]:
        return point(y, 12)
    if g["day"]:
        month, day = [int(n) for n in _DAY_NUMBER.findall(g["day"])]
        return (
            point(y, month, day)
            if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(y, month)[1]
            else None
        )
    if g["mlist"]:
        listed = [_number(n) for n in _SMALL_NUMBER.findall(g["mlist"])]
        first, last = min(listed), max(listed)
        return months(y, first, last) if first >= 1 and last <= 12 and not point_only else None
    if g["month"]:
        month = _number(_SMALL_NUMBER.match(g["month"]).group())  # type: ignore[union-attr]
        if not 1 <= month <= 12:
            return None
        return point(y, month) if g["mend"] or point_only else months(y, month, month)
    if point_only:
        return None
    if g["half"]:
        return f"{y}-{p['halves'][g['half']]}"
    if g["quarter"]:
        return f"{y}-{p['quarters'][g['quarter']]}"
    if g["jan"] is not None:
        digits = _SMALL_NUMBER.findall(g["jan"])
        last = _number(digits[-1]) if len(digits) > 1 else 9  # 前三季度
        return months(y, 1, last) if 1 <= last <= 12 else None
    return None


def _five_year_plan(text: str) -> str:
    """十三五 → 2016/2020; 十三五末 → 2020."""
    ordinal = rules.ordinal_value(_PLAN_ORDINAL.search(text).group(1))  # type: ignore[union-attr]
    first = patterns()["plan_base"] + 5 * ordinal
    return year(first + 4) if text.endswith("末") else span(first, first + 4)


_MASKED: Final = {"《": "》", "(": ")", "（": "）", "[": "]", "【": "】"}


def mask(text: str) -> str:
    """`text` with what stands inside 《》 and brackets blanked (□), offsets kept: a year in a
    title (《2021年…方案》) or an aside ((4月下旬,…)) is no period of the sentence. A bracket left
    open blanks the rest of the text."""
    if not _BRACKETED.search(text):
        return text  # most sentences: no bracket
    return _BRACKETED.sub(_blank, text)


_BRACKETED: Final = re.compile(
    "|".join(f"{re.escape(o)}[^{re.escape(c)}]*{re.escape(c)}?" for o, c in _MASKED.items())
)


def _blank(m: re.Match[str]) -> str:
    words = m.group()
    closed = len(words) > 1 and words[-1] == _MASKED[words[0]]
    return words[0] + "□" * (len(words) - 1 - closed) + (words[-1] if closed else "")


class Breaks:
    """Where the clause breaks of a text stand, found once for all the numbers of its sentence."""

    def __init__(self, text: str) -> None:
        self.at = [m.start() for m in _CLAUSE_BREAK.get().finditer(text)]  # many: one scanner
        self.length = len(text)

    def clause_start(self, offset: int) -> int:
        """Where the clause holding `offset` starts: after the last break before it."""
        end = min(offset, self.length)
        if end <= 0:
            return end
        k = bisect_left(self.at, end)
        return self.at[k - 1] + 1 if k else 0

    def next_break(self, start: int) -> int | None:
        """The first break at or after `start`, None if there is none."""
        k = bisect_left(self.at, start)
        return self.at[k] if k < len(self.at) else None


class SentenceTimes:
    """A sentence's masked text, its clause breaks and the times it says that are no comparison
    base, read once for all its numbers."""

    def __init__(self, text: str) -> None:
        self.masked = mask(text)
        self.breaks = Breaks(text)
        self.masked_breaks = self.breaks if self.masked is text else Breaks(self.masked)
        self._times: dict[tuple[int | None, int | None], list[Said]] = {}

    def times(self, report_year: int | None, in_force: int | None) -> list[Said]:
        key = (report_year, in_force)
        if key not in self._times:
            self._times[key] = [s for s in times_in(self.masked, report_year, in_force) if not s.base]
        return self._times[key]


def time_before(
    text: str,
    offset: int,
    report_year: int | None,
    in_force: int | None,
    frame: str | None,
    *,
    goal: bool = False,
    reading: SentenceTimes | None = None,
    now: str | None = None,
) -> str | None:
    """The period that governs the number at `offset` of a sentence: the nearest time said in
    its own clause before it, else the nearest time that opens an earlier clause (上半年,全市…;
    截至6月底,…), or any time of the clause just before when this one only says how that
    figure changed (…122亿元,同比增长13%). A time that only qualifies a noun (去年重组组建的…集团)
    or is a comparison base (比上年) governs nothing; 截至目前 is the end of `now` (the period
    the headings give; `frame` when not given). A point in time of an earlier clause does not
    govern a `goal` (目前开工44所,建成后可提供学位3.9万个); 今年 in a review of part of the
    year is that part (今年已新增…6家 in a half-year summary). A number right after the year's
    task (完成年任务(40.2亿元)的32.5%) holds for the year in force, whatever time opens its
    clause."""
    reading = reading or SentenceTimes(text)
    if in_force is not None and names_year_task(text[reading.breaks.clause_start(offset) : offset]):
        return year(in_force)
    said = [s for s in reading.times(report_year, in_force) if s.end <= offset]
    if not said:
        return None  # most numbers: nothing said of time before them
    masked = reading.masked
    own = reading.masked_breaks.clause_start(offset)
    found = None
    for s in reversed(said):
        if s.start >= own and not qualifies_noun(masked[s.end : offset]):
            found = s
            break
    if found is None:
        found = _earlier(masked, reading.masked_breaks, said, own, offset, goal)
    if found is None:
        return None
    value = _value(masked, found, now or frame)
    words = masked[found.start : found.end]
    if not goal and value and frame and patterns()["this"].fullmatch(words) and is_part_of_year(frame):
        return frame if within(frame, value) else value
    return value


def _earlier(masked: str, breaks: Breaks, said: list[Said], own: int, offset: int, goal: bool) -> Said | None:
    """The time of an earlier clause that governs the number's clause, if any (`breaks`: those of
    `masked`)."""
    before = masked[own:offset].strip()
    continuing = bool(before) and patterns()["continues"].fullmatch(before)
    for s in reversed(said):
        if s.start >= own:
            continue
        if goal and (s.when is None or is_point(s.when)):
            continue  # a point in time (目前, 截至6月底) says nothing of a goal's period
        start = breaks.clause_start(s.start)
        if continuing and breaks.clause_start(own - 1) == start:
            return s  # …上半年…总产值122亿元,同比增长13%
        next_break = breaks.next_break(s.end)
        end = len(masked) if next_break is None else next_break
        opens = s.start - start <= 1 or patterns()["time_lead"].fullmatch(masked[start : s.start].strip())
        if opens and not qualifies_noun(masked[s.end : end]):
            return s
        if patterns()["framing"].fullmatch(masked[start:end]):
            return s  # 从今年3、4、5月的综合评分来看,…: the frame's time
    return None


def qualifies_noun(after: str) -> bool:
    """The words after a time up to its number: 的 there makes the time a noun's attribute
    (去年重组组建的…集团), unless it joins the time to the number itself (2020年的10.5万元)."""
    return "的" in after and not _OF_NUMBER.fullmatch(after)


_OF_NUMBER: Final = re.compile(r"的(?:约|近|超过|超|逾|不到|将近|接近)?")


def _value(text: str, said: Said, frame: str | None) -> str | None:
    """The period a time names; 截至目前 (and 目前 alone in a review of part of a year) is the
    end of `frame`."""
    if said.when is not None or frame is None:
        return said.when
    words = text[said.start : said.end]
    if words.startswith(("截至", "截止")) or (patterns()["now"].fullmatch(words) and is_part_of_year(frame)):
        return end_point(frame)
    return None


def names_year_task(clause: str) -> bool:
    """Whether the words before a number end in the year's task (完成年任务(…)."""
    return bool(patterns()["year_task"].search(clause))


def names_year_target(sentence: str) -> bool:
    """Whether a plan sentence says its targets are the year's (年度目标, 目标要求)."""
    return bool(patterns()["year_target"].search(sentence))


def from_to(before: str, between_prev: str | None, prev_is_from: bool, prev_edge: str = "") -> str:
    """'from' when the number follows 从/由 (从54万亿元增加到…), 'to' when it follows the
    to-words after a 'from' number, else ''; a number listed right after one of either is the
    same (分别从771家、481家增加到1076家、636家: `prev_edge`, the edge of the number before)."""
    p = patterns()
    if p["from"].search(before):
        return "from"
    if prev_is_from and between_prev is not None and p["to"].match(between_prev):
        return "to"
    if prev_edge and between_prev is not None and p["listed"].match(between_prev):
        return prev_edge
    return ""


def from_start(before: str) -> int:
    """Where the 从/由 that opens a from-phrase stands in `before` (the words before its number)."""
    m = patterns()["from"].search(before)
    return m.start() if m else len(before)


def last_time(text: str, start: int, end: int, report_year: int | None, in_force: int | None) -> str | None:
    """The last time said in text[start:end] (提高到2025年的14万元), comparison bases skipped."""
    said = [s for s in times_in(mask(text)[start:end], report_year, in_force) if not s.base and s.when]
    return said[-1].when if said else None


def across(when: str, end: str, now: str | None = None) -> str:
    """A 'from' or 'to' number of a span holds at its edge: the year before the span starts,
    or its last year. Of a single period, a 'from' number of a goal (到2020年…从8.7万元提高到…)
    holds `now` (the period the report reviews); else the period itself."""
    if not is_span(when):
        return now if end == "from" and now else when
    first, last = [int(y) for y in when.split("/")]
    return year(first - 1) if end == "from" else year(last) if end == "to" else when


def since_base(clause: str, when: str) -> str:
    """The time of a change its clause compares with an earlier year (2025年总量比2020年增加超7400亿元
    → 2021/2025): the years after that one up to the year `when` names; `when` itself otherwise."""
    compared = find_all(patterns()["compared_year"], clause)
    if not compared or not (len(when) == 4 and when.isdigit()):
        return when
    base, year = int(compared[-1].group(1)), int(when)
    return f"{base + 1}/{year}" if base + 1 < year else when


def compares_with_year(clause: str) -> bool:
    """Does `clause` compare a figure with an earlier year (较2020年, 比2020年底)?"""
    return patterns()["compared_year"].search(clause) is not None


def streak_span(clause: str, when: str) -> str:
    """The time of a figure its clause says has held N years in a row (连续16年排名世界第一 in a
    review of 2025 → 2010/2025): the N years up to the last year `when` names (a year or a span
    of years); `when` itself otherwise."""
    found = find_all(patterns()["streak"], clause)
    if not found or not _YEARS.fullmatch(when):
        return when
    years, end = _number(found[-1].group(1)), int(when[-4:])
    return f"{end - years + 1}/{end}" if years > 1 else when


def first_clause(text: str) -> str:
    """The words of a sentence before its first clause break."""
    m = _CLAUSE_BREAK.get().search(text)
    return text[: m.start()] if m else text
