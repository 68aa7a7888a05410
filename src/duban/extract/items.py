"""Problems, plans and measures as items.

Under a problems or plans section each point (一是/二是, 一要, 1. …, or a numbered
heading with no sub-points) is one item; with no points, each sentence is (an intro
ending in ':' is not). Under achievements, the points are measures.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise

from duban.model import Item, ItemKind, Report, Section, SectionKind, Sentence, Span
from duban.rules import lexicon, ordinal_value
from duban.rules.compiled import compiled

_KIND = {
    SectionKind.PROBLEMS: ItemKind.PROBLEM,
    SectionKind.PLANS: ItemKind.PLAN,
    SectionKind.ACHIEVEMENTS: ItemKind.MEASURE,
}
_POINT_STYLES = frozenset({"一是", "(一)", "1.", "(1)", "①", "第一"})


@cache
def _inline() -> re.Pattern[str]:
    """A run-in point mark (一是, 其二要: the lexicon's ordinals and cues) at a sentence start, or
    an Arabic 1. after a sentence end."""
    lex = lexicon()
    cues = "|".join(re.escape(c) for c in lex.run_in_cues)
    return compiled(
        rf"(?:(?<=^)|(?<=[。;:!?\n]))\s*(?:其)?(?P<cn>[{lex.ordinals}])(?P<cue>{cues})"
        r"|(?:(?<=[。;!?\n]))(?P<num>\d{1,2})\.(?!\d)"
    )


def extract_items(report: Report, sections: Sequence[Section], sentences: Sequence[Sentence]) -> list[Item]:
    """Every problem, plan and measure point of `report`, in document order."""
    parents = {s.path[:-1] for s in sections if len(s.path) > 1}
    within = _sentences_within(sentences)
    items: list[Item] = []
    for section in sections:
        kind = _KIND.get(section.kind)
        if kind is None or section.path in parents:
            continue
        body = _body(report, section)
        points = _inline_points(report.text, body)
        if points:
            spans = points
        elif section.style in _POINT_STYLES:
            spans = [_strip(report.text, section.span)]
        elif kind is ItemKind.MEASURE:
            spans = []
        else:
            spans = [s.span for s in within(body) if not s.text.endswith(":")]
        items += [Item(kind, sp.of(report.text), report.id, section.path, sp) for sp in spans if len(sp)]
    return items


def _sentences_within(sentences: Sequence[Sentence]) -> Callable[[Span], list[Sentence]]:
    """A function from a span to the sentences it contains, in order.

    Sentences in text order are looked up by bisection on their starts (a long report
    has thousands of sentences and hundreds of sections); any other order is scanned.
    """
    starts = [s.span.start for s in sentences]
    if any(a > b for a, b in pairwise(starts)):
        return lambda body: [s for s in sentences if body.contains(s.span)]

    def within(body: Span) -> list[Sentence]:
        lo, hi = bisect_left(starts, body.start), bisect_right(starts, body.end)
        return [s for s in sentences[lo:hi] if body.contains(s.span)]

    return within


def _body(report: Report, section: Section) -> Span:
    """The section's span without its heading."""
    start = section.span.start + len(section.heading) if section.heading else section.span.start
    return Span(min(start, section.span.end), section.span.end)


def _inline_points(text: str, body: Span) -> list[Span]:
    """The run of points numbered 1, 2, 3 … in `body`, each up to the next (the last to its line end)."""
    markers = []
    for m in _inline().finditer(text, body.start, body.end):
        number = ordinal_value(m["cn"] or m["num"])
        style = m["cue"] or "."
        markers.append((m.start() + len(m.group()) - len(m.group().lstrip()), number, style))
    run: list[int] = []
    for start, number, style in markers:
        if number == 1:
            run, run_style = [start], style
        elif run and number == len(run) + 1 and style == run_style:
            run.append(start)
    if len(run) < 2:
        return []
    line_end = text.find("\n", run[-1], body.end)
    ends = [*run[1:], body.end if line_end == -1 else line_end]
    return [_strip(text, Span(a, b)) for a, b in zip(run, ends, strict=True)]


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while end > start and text[end - 1] in " \n;,":
        end -= 1
    return Span(start, end)
