"""A report's outline: headings of every common style as a section tree, with kinds.

Heading styles (一、 (一) 第一 1. (1) ① 一是 …) nest in the order they first appear. A
heading may share its line with its body; it then runs to the first 。. A section spans
its heading and body up to the next heading of the same or a higher level.

Kinds: a heading's own cue words decide (存在问题 → problems, 下步打算 → plans, 工作回顾 →
achievements; a year before the report's own is a review, a later one a plan); a nested
heading keeps its parent's kind unless it names problems or next steps itself. Body
sentences that switch kind by cue (但…还存在…问题, 下步,我们将…) start an unheaded section
(style "段") of that kind inside the section they are in; under a heading that names both
problems and plans (存在问题及下步打算) every paragraph is such a section.

A line that opens a glossary (名词解释: structure.yaml `glossary_lines`) ends every open
section; all after it is `other`, whatever its headings and cue words.

A line that is only `各位代表!` (structure.yaml `section_breaks`) ends every open section:
what follows is a top-level 段 in the kind of the part before it, until a cue switches it.
A cue switching the kind inside a paragraph after a short lead-in (安不忘危,兴不忘忧。我们清醒
认识到…) starts the new section at the paragraph's start.

A run-in point (一是…) ends with its own paragraphs: a switch in a later paragraph is not
part of it. That 段 stands beside the point (at the top level when the points are), and a
new list that follows it (一是… again) nests under it; the next point of the old list
(七是 after 六是) goes back beside it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Final

from duban.model import Report, Section, SectionKind, Span
from duban.rules import ordinal_value
from duban.rules import structure as structure_rules
from duban.rules.compiled import compiled, union
from duban.rules.scan import Matcher, find_all, matcher
from duban.structure.sentences import text_sentence_spans

PARAGRAPH_STYLE: Final = "段"
RUN_IN_STYLE: Final = "一是"


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    pattern: Matcher


@dataclass(slots=True)
class _Node:
    start: int
    heading: str
    style: str
    number: int
    parent: _Node | None
    depth: int
    kind: SectionKind = SectionKind.OTHER
    mixed: bool = False
    end: int = -1
    line_start: int = -1  # of the line the heading stands on
    lifted_from: _Node | None = None  # a 段 set beside this run-in point, not inside it
    children: list[_Node] = field(default_factory=list)

    def __init__(  # written out, as the model's classes are: a native __init__ when compiled
        self,
        start: int,
        heading: str,
        style: str,
        number: int,
        parent: _Node | None,
        depth: int,
        kind: SectionKind = SectionKind.OTHER,
        *,
        line_start: int = -1,
        lifted_from: _Node | None = None,
    ) -> None:
        self.start, self.heading, self.style, self.number = start, heading, style, number
        self.parent, self.depth, self.kind, self.mixed = parent, depth, kind, False
        self.end, self.line_start, self.lifted_from, self.children = -1, line_start, lifted_from, []


@functools.cache
def _styles() -> tuple[_Style, ...]:
    return tuple(_Style(h["style"], matcher(h["pattern"])) for h in structure_rules()["headings"])


@functools.cache
def _cues(group: str) -> dict[SectionKind, Matcher]:
    rules = structure_rules()[group]
    return {SectionKind(kind): matcher(union(pats)) for kind, pats in rules.items()}


def _match_heading(line: str) -> tuple[str, int] | None:
    for style in _styles():
        m = style.pattern.match(line)
        if m and m.end() < len(line):
            return style.name, ordinal_value(m["num"]) if "num" in m.groupdict() else 0
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, raw))
        pos += len(raw) + 1
    return out


def _heading_kind(heading: str, group: str) -> tuple[SectionKind | None, bool]:
    """The kind a heading's words name (None if none) and whether it names problems and plans."""
    matches = {kind: m for kind, pat in _cues(group).items() if (m := pat.search(heading))}
    found = {kind: m.start() for kind, m in matches.items()}
    mixed = SectionKind.PROBLEMS in found and SectionKind.PLANS in found
    if mixed:
        return min((SectionKind.PROBLEMS, SectionKind.PLANS), key=found.__getitem__), True
    if SectionKind.ACHIEVEMENTS in matches and SectionKind.PLANS in matches:
        first, second = sorted(
            (matches[SectionKind.ACHIEVEMENTS], matches[SectionKind.PLANS]), key=lambda m: m.start()
        )
        if _joiner().search(heading, first.end(), second.start()):  # 发展成就和…主要目标任务
            return min((SectionKind.ACHIEVEMENTS, SectionKind.PLANS), key=found.__getitem__), True
        if _last_end(group, SectionKind.ACHIEVEMENTS, heading) > _last_end(group, SectionKind.PLANS, heading):
            # one phrase, named by its last word: 重点工作开展情况, 目标任务完成情况 are reviews
            # (目标任务完成情况的安排 is a plan)
            return SectionKind.ACHIEVEMENTS, False
    for kind in (SectionKind.PROBLEMS, SectionKind.PLANS, SectionKind.ACHIEVEMENTS):
        if kind in found:
            return kind, False
    return None, False


def _last_end(group: str, kind: SectionKind, heading: str) -> int:
    """Where the last cue of `kind` in `heading` ends (-1 if none)."""
    return max((m.end() for m in find_all(_cues(group)[kind], heading)), default=-1)


def _year_kind(heading: str, report: Report) -> SectionKind | None:
    m = re.search(r"(\d{4})年", heading)
    own = re.match(r"\d{4}", report.period or "")
    if not (m and own) or m.group(1) == own.group():
        return None
    return SectionKind.ACHIEVEMENTS if m.group(1) < own.group() else SectionKind.PLANS


def _year_work_kind(
    heading: str, report: Report, cued: SectionKind | None, mixed: bool
) -> SectionKind | None:
    """The kind of a heading naming a year's work (2017年工作总体部署, 2016年工作回顾): plans
    for the report's own year or later, achievements for an earlier one. A problems or mixed
    heading keeps its cues, and so does a heading of the report's own year that cues a kind,
    unless its only cue names work of any time in a report given at its year's start
    (三、2026年主要工作 in a 2026 政府工作报告)."""
    rules = structure_rules()
    m = re.search(rules["year_work_heading"], heading)
    own = re.match(r"\d{4}", report.period or "")
    if not (m and own) or mixed or cued is SectionKind.PROBLEMS:
        return None
    year = int(m.group("year"))
    if year == int(own.group()) and cued:
        opening = any(t in (report.title or "") for t in rules["plans_own_year_titles"])
        if not (opening and cued is SectionKind.ACHIEVEMENTS and _only_weak_review_cues(heading)):
            return None
    return SectionKind.PLANS if year >= int(own.group()) else SectionKind.ACHIEVEMENTS


def _only_weak_review_cues(heading: str) -> bool:
    """Whether every review cue of `heading` names work of any time (主要工作)."""
    weak = structure_rules()["weak_review_cues"]
    found = [m.group() for m in find_all(_cues("heading_cues")[SectionKind.ACHIEVEMENTS], heading)]
    return bool(found) and all(word in weak for word in found)


@functools.cache
def _joiner() -> re.Pattern[str]:
    return compiled(structure_rules()["mixed_heading_joiner"])


def _plan_period_kind(sentence: str, report: Report) -> SectionKind | None:
    """A paragraph opening with a five-year plan (“十四五”时期…): a plan when the plan's
    period has not ended before the report's year, else a review."""
    return _plan_kind(re.match(structure_rules()["plan_period_opening"], sentence), report)


def _plan_heading_kind(heading: str, report: Report) -> SectionKind | None:
    """A top heading naming a five-year plan and no kind (二、“十五五”发展的主要考虑): a plan when
    the plan's period has not ended before the report's year, else a review."""
    return _plan_kind(re.search(structure_rules()["plan_period_heading"], heading), report)


def _plan_kind(m: re.Match[str] | None, report: Report) -> SectionKind | None:
    own = re.match(r"\d{4}", report.period or "")
    if m is None or own is None:
        return None
    rules = structure_rules()["plan_periods"]
    number = ordinal_value(m["num"])
    last_year = rules["first_start"] + rules["years"] * (number - rules["first_number"] + 1) - 1
    return SectionKind.PLANS if last_year >= int(own.group()) else SectionKind.ACHIEVEMENTS


def _sentence_cue(sentence: str, first_in_paragraph: bool, mixed: bool = False) -> SectionKind | None:
    groups: tuple[str, ...] = ("sentence_cues",)  # a tuple of any length (checked when compiled)
    if first_in_paragraph:
        groups = ("paragraph_cues", *groups)
    if mixed:
        groups = ("mixed_paragraph_cues", *groups)
    if not _any_cue(groups).search(sentence):
        return None  # most sentences: one search, not one a kind of each group
    for group in groups:
        for kind, pattern in _cues(group).items():
            if pattern.search(sentence):
                return kind
    return None


@functools.cache  # the few sets of groups asked
def _any_cue(groups: tuple[str, ...]) -> Matcher:
    """One regex that finds a match wherever a cue of any kind of `groups` does."""
    return matcher(union([p.pattern.pattern for group in groups for p in _cues(group).values()]))


class _Builder:
    """Walks a report's lines in order, building heading and paragraph nodes."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.roots: list[_Node] = []
        self.stack: list[_Node] = []
        self.open_para: _Node | None = None
        self.kind_before: SectionKind | None = None  # of the 段 that ran up to this heading
        self.line_start = 0  # of the line being walked
        self.glossary = False  # past a line that opens a glossary (名词解释): all is `other`

    def heading(self, start: int, text: str, style: str, number: int) -> None:
        self.kind_before = self.open_para.kind if self.open_para else None
        if self.open_para is not None and self.open_para.lifted_from is not None:
            self.open_para = None  # a lifted 段 holds the headings after it: it ends with its parent
        else:
            self._close_para(start)
        lifted = self.stack[-1].lifted_from if self.stack else None
        if lifted is not None and style == lifted.style and number == lifted.number + 1:
            self.stack.pop()  # the old list goes on beside the lifted 段
        while self.stack and style in [n.style for n in self.stack]:
            node = self.stack.pop()
            if node.style == style:
                break
        parent = self.stack[-1] if self.stack else None
        node = _Node(start, text, style, number, parent, len(self.stack), line_start=self.line_start)
        node.kind, node.mixed = (SectionKind.OTHER, False) if self.glossary else self._kind(node)
        (parent.children if parent else self.roots).append(node)
        self.stack.append(node)

    def _kind(self, node: _Node) -> tuple[SectionKind, bool]:
        if node.parent is not None:
            own, mixed = _heading_kind(node.heading, "child_heading_cues")
            return (own, mixed) if own else (self._running_kind(node.parent), False)
        own, mixed = _heading_kind(node.heading, "heading_cues")
        own = _year_work_kind(node.heading, self.report, own, mixed) or own
        own = own or _year_kind(node.heading, self.report) or _plan_heading_kind(node.heading, self.report)
        if own:
            return own, mixed
        if node.number == 1 and self.roots and self.kind_before:
            return self.kind_before, False
        previous = next((n for n in reversed(self.roots) if n.style != PARAGRAPH_STYLE), None)
        return (previous.kind if previous else SectionKind.ACHIEVEMENTS), False

    def _running_kind(self, node: _Node) -> SectionKind:
        paras = [c for c in node.children if c.style == PARAGRAPH_STYLE]
        return paras[-1].kind if node.mixed and paras else node.kind

    def part_break(self, start: int) -> None:
        """`各位代表!`: the sections open end; what follows is a top-level 段 in the kind of
        the part before it (nothing to do before the first heading)."""
        if not self.roots:
            return
        kind = self.open_para.kind if self.open_para else self.stack[-1].kind if self.stack else None
        self._close_para(start)
        self.stack.clear()
        self._open_para(start, kind or self.roots[-1].kind, None)

    def glossary_opens(self, start: int) -> None:
        """`名词解释`: the sections open end; what follows, to the end, is `other`."""
        self._close_para(start)
        self.stack.clear()
        self.glossary = True
        self._open_para(start, SectionKind.OTHER, None)

    def sentence(self, span: Span, first_in_paragraph: bool, lead_in: int | None = None) -> None:
        """Read one sentence's cue; `lead_in` is where its paragraph starts when every sentence
        before it there is a short lead-in (a switch then starts the section there)."""
        if self.glossary:
            return  # a glossary's words cue no kind
        context = self.stack[-1] if self.stack else None
        current = self.open_para.kind if self.open_para else (context.kind if context else None)
        mixed = context is not None and context.mixed and first_in_paragraph
        sentence = span.of(self.report.text)
        cue = (_plan_period_kind(sentence, self.report) if mixed else None) or _sentence_cue(
            sentence, first_in_paragraph, mixed
        )
        start = span.start if lead_in is None else lead_in
        if context is not None and context.mixed and first_in_paragraph:
            self._open_para(span.start, cue or self._running_kind(context), context)
        elif cue and cue != current and self._after_point(context):
            self._lift_para(start, cue)
        elif cue and cue != current:
            self._open_para(start, cue, context)

    def _after_point(self, context: _Node | None) -> bool:
        """Whether a switch here follows a run-in point's own paragraph (or a lifted 段)."""
        if context is None:
            return False
        if context.style == RUN_IN_STYLE:
            return self.line_start != context.line_start
        return context.lifted_from is not None

    def _lift_para(self, start: int, kind: SectionKind) -> None:
        """A 段 beside the run-in point (or lifted 段) on top of the stack, in its place."""
        self._close_para(start)
        point = self.stack.pop()
        lifted_from = point.lifted_from or point
        node = _Node(start, "", PARAGRAPH_STYLE, 0, point.parent, point.depth, kind, lifted_from=lifted_from)
        (point.parent.children if point.parent else self.roots).append(node)
        self.stack.append(node)
        self.open_para = node

    def _open_para(self, start: int, kind: SectionKind, parent: _Node | None) -> None:
        self._close_para(start)
        node = _Node(start, "", PARAGRAPH_STYLE, 0, parent, parent.depth + 1 if parent else 0, kind)
        (parent.children if parent else self.roots).append(node)
        self.open_para = node

    def _close_para(self, at: int) -> None:
        if self.open_para is not None:
            self.open_para.end = at
            self.open_para = None


def _build(report: Report) -> list[_Node]:
    builder = _Builder(report)
    text = report.text
    all_spans = text_sentence_spans(text)
    first = 0  # of the spans of the line
    breaks, glossary = _section_breaks(), _glossary_lines()
    longest = structure_rules()["lead_in_max_chars"]
    for k, (start, line) in enumerate(_lines(text)):
        stripped = line.strip()
        if not stripped:
            continue
        if k and builder.roots and not builder.glossary and glossary.fullmatch(stripped):
            builder.glossary_opens(start)
        elif breaks.fullmatch(stripped):
            builder.part_break(start)
        found = _match_heading(stripped) if k else None
        line_end, last = start + len(line), first
        while last < len(all_spans) and all_spans[last].start < line_end:
            last += 1
        spans, first = list(all_spans[first:last]), last  # the sentences of this line
        builder.line_start = start
        if found:
            head = spans[0]
            builder.heading(head.start, head.of(text).rstrip("。"), *found)
            spans = spans[1:]
        short = True  # every sentence of the line before this one is short: a lead-in
        for n, span in enumerate(spans):
            lead_in = spans[0].start if n > 0 and short else None
            builder.sentence(span, n == 0 and not found, None if found else lead_in)
            short = short and len(span) <= longest
    builder._close_para(len(text))
    return builder.roots


@functools.cache
def _glossary_lines() -> Matcher:
    return matcher(union(structure_rules()["glossary_lines"]))


@functools.cache
def _section_breaks() -> Matcher:
    return matcher(union(structure_rules()["section_breaks"]))


def _set_ends(nodes: list[_Node], end: int) -> None:
    """Each node ends where its next sibling starts (the last one where its parent ends)."""
    for k, node in enumerate(nodes):
        sibling_end = nodes[k + 1].start if k + 1 < len(nodes) else end
        node.end = (
            sibling_end if node.end < 0 or node.style != PARAGRAPH_STYLE else min(node.end, sibling_end)
        )
        _set_ends(node.children, node.end)


def _emit(report: Report, nodes: list[_Node], prefix: tuple[int, ...], out: list[Section]) -> None:
    text = report.text
    for k, node in enumerate(nodes, 1):
        end = node.end
        while end > node.start and text[end - 1].isspace():
            end -= 1
        path = (*prefix, k)
        out.append(Section(report.id, path, node.heading, node.kind, Span(node.start, end), node.style))
        _emit(report, node.children, path, out)


def outline(report: Report) -> list[Section]:
    """The sections of `report`, parents before children, in document order."""
    roots = _build(report)
    _set_ends(roots, len(report.text))
    sections: list[Section] = []
    _emit(report, roots, (), sections)
    return sections
