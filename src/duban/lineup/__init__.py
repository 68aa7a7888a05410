"""Lining facts up across reports: when each number holds, what a change is compared with,
where it belongs, which body reports it, and which indicator of the catalogue it is.

`line_up(report, sections, sentences, facts)` returns the facts with `when`, `basis`,
`where`, `body` and `indicator` filled in; nothing else of a fact changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

from duban.extract.roles import plan_part
from duban.lineup import basis, openings, periods
from duban.lineup import when as wh
from duban.lineup.indicator import Indicator, by_name, catalogue, indicator_name, indicator_of
from duban.lineup.place import Issuer, issuer_of, resolve, topic_place, where_of
from duban.model import Fact, Report, Role, Section, SectionKind, Sentence

# the sentences of a paragraph that addresses the audience (各位代表!…) read for the part it opens
ADDRESS_SENTENCES: Final = 4  # the address may be a sentence of its own (各位代表!), then three

__all__ = [
    "Indicator",
    "Issuer",
    "by_name",
    "catalogue",
    "indicator_name",
    "indicator_of",
    "issuer_of",
    "line_up",
    "resolve",
]


def line_up(
    report: Report, sections: Sequence[Section], sentences: Sequence[Sentence], facts: Sequence[Fact]
) -> list[Fact]:
    """The facts with their when, basis, where, body and indicator."""
    if not facts:
        return []
    clock = _Clock(report, sections, sentences, {f.sentence.index for f in facts})
    issuer = issuer_of(report)
    done: list[Fact] = []
    by_sentence: dict[int, list[Fact]] = {}
    for fact in facts:
        by_sentence.setdefault(fact.sentence.index, []).append(fact)
    for group in by_sentence.values():
        done += _line_up_sentence(group, clock, issuer)
    return done


def _line_up_sentence(facts: list[Fact], clock: _Clock, issuer: Issuer) -> list[Fact]:
    sentence = facts[0].sentence
    text = sentence.text
    year = clock.time.year
    out: list[Fact] = []
    prev_end: int | None = None
    from_at: int | None = None  # where the 从/由 of the last 'from' number stands
    prev_edge = ""  # the from-to edge of the number before
    reading = wh.SentenceTimes(text)
    now = clock.now(sentence)
    for fact in facts:
        start = fact.quantity.span.start - sentence.span.start
        goal = fact.role is Role.TARGET
        # a count of the plan's indicators (提出6项指标) holds over the plan, as its goals do (asked
        # in a plan only: elsewhere the frame is the same either way)
        planned = goal or (
            fact.role is Role.LEVEL
            and clock.in_plans(sentence)
            and plan_part(fact.quantity, text[:start], text[start + len(fact.quantity.text) :])
        )
        frame = clock.frame(sentence, planned)
        in_force = periods.year_in_force(frame) if frame else year
        between = text[prev_end:start] if prev_end is not None and prev_end <= start else None
        clause = text[reading.breaks.clause_start(start) : start]  # the words of its clause before it
        edge = wh.from_to(clause, between, from_at is not None, prev_edge)
        if edge == "to" and from_at is not None and prev_end is not None:
            # 由上年下降2.3%转为增长8.5%: a time inside the from-phrase is the from number's own
            when = wh.last_time(text, prev_end, start, year, in_force) or (
                wh.time_before(text, from_at, year, in_force, frame, goal=goal, reading=reading) or frame
            )
        else:
            when = wh.time_before(text, start, year, in_force, frame, goal=goal, reading=reading, now=now)
            when = when or frame
        if edge == "from" and prev_edge == "from" and out:
            when = out[-1].when  # 从2021年的46503元和16935元: a value listed after a from value, then too
        elif when and edge:
            # 到2020年…从8.7万元提高到12万元: the starting value of a goal with a deadline holds now
            deadline = goal and when != frame
            reviewed = clock.time.default(SectionKind.ACHIEVEMENTS) if deadline else None
            when = wh.across(when, edge, reviewed)
        elif when and fact.role is Role.CHANGE:
            when = wh.since_base(clause, when)  # 2025年总量比2020年增加超7400亿元: 2021/2025
        elif when and fact.role in (Role.RANK, Role.LEVEL, Role.SHARE):
            when = wh.streak_span(clause, when)  # 连续16年排名世界第一: 2010/2025
        prev_end = start + len(fact.quantity.text)
        prev_edge = edge
        from_at = wh.from_start(text[:start]) if edge == "from" else None
        out.append(
            Fact(
                fact.quantity,
                fact.value,
                fact.metric,
                fact.role,
                sentence,
                fact.subject,
                fact.period,
                when=when,
                basis=_basis(fact, clause, when),
                where=clock.where(fact, issuer),
                body=issuer.body,
                indicator=indicator_name(fact.metric) if fact.metric else None,
                cell=fact.cell,
            )
        )
    return out


def _basis(fact: Fact, clause: str, when: str | None) -> str | None:
    if fact.role is not Role.CHANGE:
        return None
    said = basis.basis_of(clause)
    if said == "none":
        return None
    return said or basis.default_basis(when)


def _last_wanted(group: list[Sentence], wanted: set[int] | None) -> int:
    """The place in `group` of its last sentence in `wanted` (all are when None), -1 if none."""
    if wanted is None:
        return len(group) - 1
    for i in range(len(group) - 1, -1, -1):
        if group[i].index in wanted:
            return i
    return -1


class _Clock:
    """The periods a report's paragraphs and sections are about."""

    def __init__(
        self,
        report: Report,
        sections: Sequence[Section],
        sentences: Sequence[Sentence],
        wanted: set[int] | None = None,
    ) -> None:
        self.report = report
        self.time = periods.ReportTime.of(report)
        self.sections = {s.path: s for s in sections}
        self._headings: dict[tuple[tuple[int, ...], SectionKind], str | None] = {}
        self._frames: dict[tuple[int, bool], str | None] = {}
        self._periods: dict[tuple[int, ...], tuple[str, ...]] = {}  # section path → its heading's periods
        paragraphs: dict[int, list[Sentence]] = {}
        for sentence in sentences:
            start = report.text.rfind("\n", 0, sentence.span.start) + 1
            paragraphs.setdefault(start, []).append(sentence)
        groups = list(paragraphs.values())
        self.parts = self._parts(groups)
        lasts = [_last_wanted(group, wanted) for group in groups]
        self.running = self._running_frames(groups, lasts)
        self.topics = self._topics([group[: last + 1] for group, last in zip(groups, lasts, strict=True)])

    def _running_frames(self, groups: list[list[Sentence]], lasts: list[int]) -> dict[int, str | None]:
        """Sentence index → the time the latest opening of an earlier sentence of its paragraph
        named (过去五年,…; “十三五”时期,…), which governs it when its own words name none; a
        paragraph that is a —— item goes on with the one before. Only the paragraphs that hold a
        wanted sentence (`lasts`: the last one's place, -1 for none) and those they go on from
        are read, each up to its last one wanted."""
        needed = [last >= 0 for last in lasts]
        for k in range(len(groups) - 1, 0, -1):
            if needed[k] and groups[k][0].text.startswith("——"):
                needed[k - 1] = True  # an item goes on from the paragraph before it
        running: dict[int, str | None] = {}
        current: str | None = None
        for k, (group, need) in enumerate(zip(groups, needed, strict=True)):
            if not group[0].text.startswith("——"):
                current = None
            if not need:
                current = None
                continue
            goes_on = k + 1 < len(groups) and needed[k + 1] and groups[k + 1][0].text.startswith("——")
            # what a sentence opens with governs only those after it: read up to the last one wanted
            last = len(group) - 1 if goes_on else lasts[k]
            for i, sentence in enumerate(group[: last + 1]):
                then = i > 0 and openings.opens_with_then(sentence.text)
                # 届时,…: the deadline the sentence before set (到2020年…。届时,经济总量超过90万亿元)
                running[sentence.index] = (then and self._deadline(group[i - 1])) or current
                if i < last or goes_on:
                    current = self._opening(sentence) or current
        return running

    def _parts(self, groups: list[list[Sentence]]) -> dict[tuple[int, ...], list[tuple[int, str]]]:
        """Section path → the parts of a heading that names several periods (“十四五”时期和2025年
        工作回顾): where each paragraph that opens with one of them starts (过去的五年,…; 刚刚过去
        的2025年,…), and that period. What follows, up to the next, is about it. A paragraph
        right under the heading starts a part; one deeper, in a subsection, only when it opens
        by addressing the audience (各位代表,刚刚过去的2025年,…), as a speech's new part does, or,
        in a headed subsection (八是风险化解有力有效), with the period as its subject (“十四五”时期
        是…): the speech moves on from the item."""
        parts: dict[tuple[int, ...], list[tuple[int, str]]] = {}
        for group in groups:
            first = group[0]
            found = self._several_periods(first.section_path)
            if found is None:
                continue  # most paragraphs: under no heading of several periods
            section, named = found
            addressed = openings.addresses(first.text)
            if section.path == first.section_path or addressed:
                # 各位代表!2025年主要目标任务的完成,标志着…。回望过去五年,…: an address may name the
                # part it opens in its next sentences, after the period just reviewed
                read, sentences = openings.stated_time, group[:ADDRESS_SENTENCES] if addressed else group[:1]
            else:
                own = self.sections.get(first.section_path)
                if own is None or not own.heading:
                    continue
                read, sentences = openings.subject_time, group[:1]
            opened = parts.get(section.path, [])
            current = opened[-1][1] if opened else None
            for sentence in sentences:
                said = read(sentence.text, self.time.year, self._in_force(section.kind))
                if said in named and said != current:
                    parts.setdefault(section.path, []).append((first.span.start, said))
                    break
        return parts

    def _several_periods(self, path: tuple[int, ...]) -> tuple[Section, tuple[str, ...]] | None:
        """The nearest section at or above `path` whose heading names several periods, and
        those periods, if any. A review of a span of years that ends with the year under review
        (一、“十四五”时期工作回顾 in a 2026 report) names that year too: its part opens with it
        (刚刚过去的2025年,…)."""
        for section in self._headed(path):
            named = self._periods.get(section.path)
            if named is None:  # read once a heading, not once a paragraph under it
                named = self._periods[section.path] = self._heading_periods(section)
            if len(named) > 1:
                return section, named
        return None

    def _heading_periods(self, section: Section) -> tuple[str, ...]:
        """The periods `section`'s heading names (see `_several_periods`)."""
        in_force = self._in_force(section.kind)
        named = openings.heading_times(section.heading, self.time.year, in_force)
        reviewed = section.kind is SectionKind.ACHIEVEMENTS and in_force is not None
        if reviewed and len(named) == 1 and "/" in named[0] and named[0].endswith(f"/{in_force}"):
            return (named[0], str(in_force))
        return named

    def _headed(self, path: tuple[int, ...]) -> Iterator[Section]:
        """The sections at and above `path` that have a heading, the deepest first."""
        for depth in range(len(path), 0, -1):
            section = self.sections.get(path[:depth])
            if section is not None and section.heading:
                yield section

    def _part(self, path: tuple[int, ...], at: int) -> str | None:
        """The period of the part of section `path` (see `_parts`) that `at` lies in, if any."""
        said = None
        for start, when in self.parts.get(path, ()):
            if start > at:
                break
            said = when
        return said

    def _part_at(self, path: tuple[int, ...], at: int) -> str | None:
        """The period of the part `at` lies in, of the nearest section at or above `path` that
        has parts."""
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.parts:
                return self._part(path[:depth], at)
        return None

    def _in_force(self, kind: SectionKind) -> int | None:
        """The year relative words (上半年, 年末) take in a section of `kind`, before its headings."""
        default = self.time.default(kind)
        return periods.year_in_force(default) if default else self.time.year

    def _deadline(self, sentence: Sentence) -> str | None:
        """The last deadline (到2020年) a sentence sets, if any."""
        return openings.last_deadline(sentence.text, self.time.year)

    def _opening(self, sentence: Sentence) -> str | None:
        """The time a sentence opens with, as its paragraph's later sentences read it."""
        if not openings.might_say_time(sentence.text):
            return None
        kind = self._kind(sentence.section_path)
        outer = self._heading_frame(sentence.section_path, kind)
        in_force = periods.year_in_force(outer) if outer else self.time.year
        said = openings.opening_time(sentence.text, self.time.year, in_force, deadlines=False)
        return (
            said if said and not periods.is_point(said) else None
        )  # a point in time governs its clause only

    def _topics(self, groups: list[list[Sentence]]) -> dict[int, str]:
        """Sentence index → the named zone the run-in item it stands in opens with (`groups`:
        the sentences of each paragraph, up to the last one wanted)."""
        topics: dict[int, str] = {}
        for group in groups:
            current = None
            for sentence in group:
                lead = openings.list_mark(sentence.text)
                if lead:
                    current = topic_place(sentence.text[len(lead) :])
                if current:
                    topics[sentence.index] = current
        return topics

    def in_plans(self, sentence: Sentence) -> bool:
        """Does `sentence` stand in a section of plans?"""
        return self._kind(sentence.section_path) is SectionKind.PLANS

    def frame(self, sentence: Sentence, planned: bool) -> str | None:
        """The period in force for a number of `sentence` (see `_frame`), kept per sentence and
        whether the number is planned."""
        key = (sentence.index, planned)
        if key not in self._frames:
            self._frames[key] = self._frame(sentence, planned)
        return self._frames[key]

    def _frame(self, sentence: Sentence, planned: bool) -> str | None:
        """The period in force for a number of `sentence` before its own words say one: the
        opening of an earlier sentence of its paragraph, the headings above it, the report's
        period for its section's kind. A number in a plan that is not `planned` (no target nor
        a count of the plan's own indicators: a level, a share, what exists now) holds in the
        report's own period."""
        kind = self._kind(sentence.section_path)
        if kind is SectionKind.PLANS and not planned:
            return self.time.own_period()
        frame = self._part_at(sentence.section_path, sentence.span.start) or self._heading_frame(
            sentence.section_path, kind
        )
        running = self.running.get(sentence.index)
        if running and not (frame and frame != running and self._finer(frame, running)):
            return running
        if (
            planned
            and kind is SectionKind.PLANS
            and self.time.kind is periods.ReportKind.FIRST_HALF
            and self.time.year is not None
            and wh.names_year_target(sentence.text)
        ):
            return periods.year(self.time.year)  # 按照…目标要求,努力完成…: the year's targets
        return frame

    def now(self, sentence: Sentence) -> str | None:
        """The period whose end 目前 names: the headings' (an earlier sentence's 1-5月 is the
        figures' period, not the report's now)."""
        return self._heading_frame(sentence.section_path, self._kind(sentence.section_path))

    def _finer(self, frame: str, running: str) -> bool:
        """A half-year summary opening with its own year (2023年,我局…) says no more than its
        sections do: their half is the finer period."""
        return (
            running == periods.year(self.time.year or 0)
            and periods.is_part_of_year(frame)
            and periods.within(frame, running)
        )

    def where(self, fact: Fact, issuer: Issuer) -> str | None:
        return where_of(fact.subject, fact.role, issuer, self.topics.get(fact.sentence.index))

    def _kind(self, path: tuple[int, ...]) -> SectionKind:
        section = self.sections.get(path)
        return section.kind if section else SectionKind.OTHER

    def _heading_frame(self, path: tuple[int, ...], kind: SectionKind) -> str | None:
        key = (path, kind)
        if key not in self._headings:
            self._headings[key] = self._read_headings(path, kind)
        return self._headings[key]

    def _read_headings(self, path: tuple[int, ...], kind: SectionKind) -> str | None:
        in_force = self._in_force(kind)
        own = self.sections.get(path)
        for section in self._headed(path):
            # a subsection of a heading of several periods is about the part it stands in
            part = self._part(section.path, own.span.start) if own and section.path != path else None
            said = part or openings.heading_time(section.heading, kind, self.time.year, in_force)
            if said:
                return said
        return self.time.default(kind)
