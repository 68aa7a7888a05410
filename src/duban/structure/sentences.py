"""Sentences and ；-clauses with spans into `Report.text`.

A sentence ends at 。!? (closing quotes and brackets right after stay with it) and at
every line end, so a heading line is its own sentence. Nothing inside “…” (…) 《…》 is a
sentence end, provided the bracket closes on the same line.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Sequence
from typing import Final

from duban.model import Report, Section, Sentence, Span
from duban.rules import lexicon
from duban.rules import structure as structure_rules
from duban.rules.compiled import compiled
from duban.rules.once import Once

_QUOTES: Final = "“‘「"
_MAX_BRACKETED: Final = 300  # a bracket that does not close within this many chars is a stray


def _marks() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """Sentence ends, segment ends and brackets (opener → closer): asked for a line at a time."""
    return _MARKS.get()


def _build_marks() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    lex = lexicon()
    return lex.sentence_ends, lex.segment_ends, dict(structure_rules()["brackets"])


_MARKS: Final = Once(_build_marks)
_CLOSERS: Final = Once(lambda: frozenset(_marks()[2].values()))


def _cut_points(text: str, start: int, end: int, ends: frozenset[str]) -> list[int]:
    """Offsets just after each end mark in text[start:end] that lies outside brackets, and `end`
    last (a list, not a generator: it is read whole, and a compiled generator costs more)."""
    _, _, brackets = _marks()
    closers = _CLOSERS.get()
    cuts: list[int] = []
    stack: list[tuple[str, bool]] = []  # (the closer awaited, whether the bracket opens speech)
    i = start  # the first char not yet read: marks before it were taken in a run after an end
    for found in _mark_finder(ends).finditer(text, start, end):  # every other char is skipped:
        # it neither ends, opens nor closes
        at = found.start()
        if at < i:
            continue
        c = text[at]
        i = at + 1
        if stack and c == stack[-1][0]:
            _, speech = stack.pop()
            if not stack and speech and text[at - 1] in ends:
                cuts.append(at + 1)  # 他说:“…。” ends the sentence with the quote
        elif c in brackets and _closes(text, at, end, c, brackets[c]):
            stack.append((brackets[c], c in _QUOTES and text[at - 1 : at] == ":"))
        elif not stack and c in ends:
            while i < end and (text[i] in ends or text[i] in closers):
                i += 1
            cuts.append(i)
    cuts.append(end)
    return cuts


@functools.cache
def _mark_finder(ends: frozenset[str]) -> re.Pattern[str]:
    """A regex finding the next end mark, opening or closing bracket."""
    _, _, brackets = _marks()
    chars = sorted(ends | set(brackets) | set(brackets.values()))
    return compiled(f"[{re.escape(''.join(chars))}]")


def _closes(text: str, i: int, end: int, opener: str, closer: str) -> bool:
    """The bracket opened at text[i] closes on the line, before the same bracket opens again."""
    close_at = text.find(closer, i + 1, min(end, i + _MAX_BRACKETED))
    again = text.find(opener, i + 1, end)
    return opener != closer and close_at != -1 and (again == -1 or close_at < again)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of text[start:end] as spans into `text`."""
    end = len(text) if end is None else end
    ends, _, _ = _marks()
    spans: list[Span] = []
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        line_end = end if line_end == -1 else line_end
        piece_start = line_start
        for cut in _cut_points(text, line_start, line_end, ends):
            span = _trimmed(text, piece_start, cut)
            if span:
                spans.append(span)
            piece_start = cut
        line_start = line_end + 1
    return spans


@functools.lru_cache(maxsize=4)
def text_sentence_spans(text: str) -> tuple[Span, ...]:
    """`sentence_spans(text)`, kept for the last few texts: the outline and the sentence
    split of a report both walk its sentences."""
    return tuple(sentence_spans(text))


def split_sentences(report: Report, sections: Sequence[Section]) -> list[Sentence]:
    """Every sentence of `report`, in order, each with its innermost section's path."""
    spans = text_sentence_spans(report.text)
    paths = innermost_paths(sections, [span.start for span in spans])
    return [
        Sentence(report.id, index, path, span, span.of(report.text))
        for index, (span, path) in enumerate(zip(spans, paths, strict=True))
    ]


def innermost_paths(sections: Sequence[Section], offsets: Sequence[int]) -> list[tuple[int, ...]]:
    """For each offset, the path of the innermost section holding it (() if none).

    Innermost is the longest path; of two as long, the first in `sections`. One sweep
    over the offsets in ascending order with a heap of the sections opened so far,
    so a long report costs n log n, not sentences × sections.
    """
    order = sorted(range(len(offsets)), key=offsets.__getitem__)
    by_start = sorted(range(len(sections)), key=lambda k: sections[k].span.start)
    paths: list[tuple[int, ...]] = [()] * len(offsets)
    heap: list[tuple[int, int]] = []  # (-depth, index in sections)
    added = 0
    for k in order:
        at = offsets[k]
        while added < len(by_start) and sections[by_start[added]].span.start <= at:
            n = by_start[added]
            heapq.heappush(heap, (-len(sections[n].path), n))
            added += 1
        while heap and sections[heap[0][1]].span.end <= at:
            heapq.heappop(heap)  # ends before this offset, so before every later one
        if heap:
            paths[k] = sections[heap[0][1]].path
    return paths


def clauses(sentence: Sentence) -> list[Span]:
    """The ；-clauses of `sentence` as spans into `Report.text`; they tile the sentence
    (each clause keeps its closing ；)."""
    _, ends, _ = _marks()
    text = sentence.text
    out: list[Span] = []
    piece_start = 0
    for cut in _cut_points(text, 0, len(text), ends):
        span = _trimmed(text, piece_start, cut)
        if span:
            out.append(span.shift(sentence.span.start))
        piece_start = cut
    return out
