"""Periods on the calendar as duban writes them: `2022`, `2021-H1`, `2021-Q3`, `2021-06`,
`2021-01/2021-05`, `2016/2020`, `2021-06-30` (the forms of spec/FACTS.md): making them,
their bounds and containment; and what a report's kind and year say of the period of each
of its sections (`ReportTime`). `lineup.when` reads time words into these forms.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Final

from duban import rules
from duban.model import Report, SectionKind
from duban.rules.compiled import compiled
from duban.rules.once import Once

# ---------------------------------------------------------------- the forms


def year(y: int) -> str:
    return str(y)


def span(first: int, last: int) -> str:
    """A run of years; one year is that year."""
    return str(first) if first == last else f"{first}/{last}"


def months(y: int, first: int, last: int) -> str:
    """A run of months of one year, written as the half, quarter or year it is when it is one."""
    if first == last:
        return f"{y}-{first:02d}"
    if (first, last) == (1, 12):
        return str(y)
    if (first, last) in ((1, 6), (7, 12)):
        return f"{y}-H{1 if first == 1 else 2}"
    if last - first == 2 and first % 3 == 1:
        return f"{y}-Q{(first + 2) // 3}"
    return f"{y}-{first:02d}/{y}-{last:02d}"


def point(y: int, month: int, day: int | None = None) -> str:
    """A day; the last day of the month when no day is given."""
    return f"{y}-{month:02d}-{day or calendar.monthrange(y, month)[1]:02d}"


_FORM: Final = re.compile(r"(\d{4})(?:-(H[12]|Q[1-4]|\d\d)(?:-(\d\d))?)?(?:/(\d{4})(?:-(\d\d))?)?")


@cache
def year_in_force(when: str) -> int:
    """The year a period lies in (a span's last year)."""
    m = _FORM.fullmatch(when)
    if m is None:
        raise ValueError(f"not a period: {when!r}")
    return int(m.group(4) or m.group(1))


def bounds(when: str) -> tuple[str, str]:
    """The first and last day of a period, as ISO dates (for ordering and containment)."""
    m = _FORM.fullmatch(when)
    if m is None:
        raise ValueError(f"not a period: {when!r}")
    y, part, day, y2, m2 = m.groups()
    first_year = int(y)
    if y2:  # a run of years or months
        last_year = int(y2)
        first_month = int(part) if part else 1
        last_month = int(m2) if m2 else 12
        return point(first_year, first_month, 1), point(last_year, last_month)
    if part is None:
        return point(first_year, 1, 1), point(first_year, 12)
    if day:
        return (p := f"{y}-{part}-{day}"), p
    if part.startswith("H"):
        first_month = 1 if part == "H1" else 7
        return point(first_year, first_month, 1), point(first_year, first_month + 5)
    if part.startswith("Q"):
        first_month = 3 * int(part[1]) - 2
        return point(first_year, first_month, 1), point(first_year, first_month + 2)
    return point(first_year, int(part), 1), point(first_year, int(part))


def end_point(when: str) -> str:
    """The last day of a period (截至目前 in a half-year summary is the half's last day)."""
    return bounds(when)[1]


def within(inner: str, outer: str) -> bool:
    """Whether period `inner` lies inside `outer`."""
    a, b = bounds(inner)
    c, d = bounds(outer)
    return c <= a and b <= d


def is_point(when: str) -> bool:
    """A day (2021-06-30), not a period."""
    return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", when))


def is_span(when: str) -> bool:
    """A run of several years (2016/2020)."""
    return "/" in when and "-" not in when


# ---------------------------------------------------------------- the report


class ReportKind(StrEnum):
    GOVERNMENT_REPORT = "government_report"  # 政府工作报告 of Y: reviews Y−1, plans Y
    BULLETIN = "bulletin"  # 统计公报 of Y
    FIRST_HALF = "first_half"  # 上半年工作总结: reviews H1, plans H2
    FIRST_QUARTER = "first_quarter"
    THREE_QUARTERS = "three_quarters"
    ANNUAL = "annual"  # a year's 工作总结: reviews Y, plans Y+1


# Each report kind with its title pattern, in the rules' order, and a year said (2021年): built
# once, not looked up in `re`'s cache and made into an enum member (Python code both) a report.
_REPORT_KINDS: Final = Once(
    lambda: [(ReportKind(k), compiled(p)) for k, p in rules.lineup()["report_kinds"].items()]
)
_YEAR_SAID: Final = re.compile(r"((?:19|20)\d\d)年")


@dataclass(frozen=True, slots=True)
class ReportTime:
    """What a report's kind and year say of the periods of its sections."""

    year: int | None
    kind: ReportKind
    plans_next_year: bool = True  # an annual summary's plans are for the year after

    @classmethod
    def of(cls, report: Report) -> ReportTime:
        title = report.title or ""
        kind = next((k for k, p in _REPORT_KINDS.get() if p.search(title)), ReportKind.ANNUAL)
        if kind is ReportKind.ANNUAL and report.period and "上半年" in report.period:
            kind = ReportKind.FIRST_HALF
        years = [int(y) for y in _YEAR_SAID.findall(f"{report.period or ''}{title}")]
        found = years[0] if years else (report.date.year if report.date else None)
        two_years = len(set(_YEAR_SAID.findall(title))) > 1
        plans_next = "总结" in title and not two_years
        return cls(found, kind, plans_next)

    def own_period(self) -> str | None:
        """The period the report itself covers (a level stated in its plans holds then)."""
        y = self.year
        if y is None:
            return None
        match self.kind:
            case ReportKind.FIRST_HALF:
                return f"{y}-H1"
            case ReportKind.FIRST_QUARTER:
                return f"{y}-Q1"
            case ReportKind.THREE_QUARTERS:
                return months(y, 1, 9)
        return year(y)

    def default(self, kind: SectionKind) -> str | None:
        """The period of a section of this kind, when nothing nearer says one."""
        y = self.year
        if y is None:
            return None
        review = kind in (SectionKind.ACHIEVEMENTS, SectionKind.PROBLEMS)
        match self.kind:
            case ReportKind.GOVERNMENT_REPORT:
                return year(y - 1) if review else year(y)
            case ReportKind.FIRST_HALF:
                return f"{y}-H2" if kind is SectionKind.PLANS else f"{y}-H1"
            case ReportKind.FIRST_QUARTER:
                return year(y) if kind is SectionKind.PLANS else f"{y}-Q1"
            case ReportKind.THREE_QUARTERS:
                return f"{y}-Q4" if kind is SectionKind.PLANS else months(y, 1, 9)
            case ReportKind.ANNUAL:
                return year(y + 1) if kind is SectionKind.PLANS and self.plans_next_year else year(y)
        return year(y)


def is_part_of_year(when: str) -> bool:
    """A half, quarter, month or run of months (not a year, a span or a day)."""
    return bool(re.fullmatch(r"\d{4}-(?:H[12]|Q[1-4]|\d\d)(?:/\d{4}-\d\d)?", when))
