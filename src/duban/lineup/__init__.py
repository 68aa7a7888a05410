"""Lining facts up across reports: when each number holds, what a change is compared with,
where it belongs, which body reports it, and which indicator of the catalogue it is.

`line_up(report, sections, sentences, facts)` returns the facts with `when`, `basis`,
`where`, `body` and `indicator` filled in; nothing else of a fact changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from duban.lineup import when as wh
from duban.lineup.indicator import Indicator, by_name, catalogue, indicator_name, indicator_of
from duban.lineup.place import Issuer, issuer_of, resolve, where_of
from duban.model import Fact, Report, Role, Section, SectionKind, Sentence

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
    clock = _Clock(report, sections, sentences)
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
    frame = clock.frame(sentence)
    in_force = wh.year_in_force(frame) if frame else clock.time.year
    out: list[Fact] = []
    prev_end: int | None = None
    prev_from = False
    for fact in facts:
        start = fact.quantity.span.start - sentence.span.start
        before = sentence.text[:start]
        when = wh.nearest(before, clock.time.year, in_force, frame) or frame
        between = sentence.text[prev_end:start] if prev_end is not None and prev_end <= start else None
        edge = wh.from_to(_clause_before(before), between, prev_from)
        if when and edge:
            when = wh.across(when, edge)
        prev_end, prev_from = start + len(fact.quantity.text), edge == "from"
        where = where_of(fact.subject, fact.role, issuer)
        out.append(
            dataclasses.replace(
                fact,
                when=when,
                basis=_basis(fact, _clause_before(before), when),
                where=where,
                body=issuer.body,
                indicator=indicator_name(fact.metric, where) if fact.metric else None,
            )
        )
    return out


def _clause_before(before: str) -> str:
    """The words of the number's own clause before it."""
    cut = max(before.rfind(c) for c in ",，;；:：。!！?？")
    return before[cut + 1 :]


def _basis(fact: Fact, clause: str, when: str | None) -> str | None:
    if fact.role is not Role.CHANGE:
        return None
    said = wh.basis_of(clause)
    if said == "none":
        return None
    return said or wh.default_basis(when)


class _Clock:
    """The periods a report's paragraphs and sections are about."""

    def __init__(self, report: Report, sections: Sequence[Section], sentences: Sequence[Sentence]) -> None:
        self.report = report
        self.time = wh.ReportTime.of(report)
        self.sections = {s.path: s for s in sections}
        self.first_of_paragraph: dict[int, Sentence] = {}
        for sentence in sentences:
            start = report.text.rfind("\n", 0, sentence.span.start) + 1
            self.first_of_paragraph.setdefault(start, sentence)
        self._frames: dict[int, str | None] = {}

    def frame(self, sentence: Sentence) -> str | None:
        """The period in force for `sentence` before its own words: its paragraph's opening,
        the headings above it, the report's default for its section's kind."""
        paragraph = self.report.text.rfind("\n", 0, sentence.span.start) + 1
        if paragraph not in self._frames:
            self._frames[paragraph] = self._paragraph_frame(sentence, paragraph)
        return self._frames[paragraph]

    def _paragraph_frame(self, sentence: Sentence, paragraph: int) -> str | None:
        kind = self._kind(sentence.section_path)
        outer = self._heading_frame(sentence.section_path, kind)
        in_force = wh.year_in_force(outer) if outer else self.time.year
        first = self.first_of_paragraph.get(paragraph)
        if first is not None:
            said = wh.opening_time(wh.first_clause(first.text), self.time.year, in_force)
            if said and said.count("-") < 2:  # a point in time governs its own clause only
                return said
        return outer

    def _kind(self, path: tuple[int, ...]) -> SectionKind:
        section = self.sections.get(path)
        return section.kind if section else SectionKind.OTHER

    def _heading_frame(self, path: tuple[int, ...], kind: SectionKind) -> str | None:
        default = self.time.default(kind)
        in_force = wh.year_in_force(default) if default else self.time.year
        for depth in range(len(path), 0, -1):
            section = self.sections.get(path[:depth])
            if section is None or not section.heading:
                continue
            said = wh.heading_time(section.heading, kind, self.time.year, in_force)
            if said:
                return said
        return default
