"""Chinese-aware search tokens: jieba's search-mode cut, the same for text and query.

jieba is loaded lazily, once, with its log silenced. A token keeps only if it
holds a letter, digit or CJK character; Latin letters are lower-cased, so the
tokens of a sentence and of a query meet whatever the case.
"""

from __future__ import annotations

import functools
import logging
from types import ModuleType

from duban.model import Span


@functools.cache
def _jieba() -> ModuleType:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokens(text: str) -> list[str]:
    """Search tokens of `text`, in order, duplicates kept."""
    cut = _jieba().lcut_for_search(text)
    return [t for t in (w.strip().lower() for w in cut) if any(c.isalnum() for c in t)]


def index_text(text: str) -> str:
    """What the full-text index stores for one sentence: its tokens, space-joined."""
    return " ".join(tokens(text))


def query_tokens(query: str) -> list[str]:
    """The distinct tokens of a query, in order."""
    return list(dict.fromkeys(tokens(query)))


def fts5_query(words: list[str]) -> str:
    """An FTS5 MATCH expression requiring every word (each quoted, so no operator leaks in)."""
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def tsquery(words: list[str]) -> str:
    """A PostgreSQL tsquery (cast with ::tsquery, no parser) requiring every word."""
    return " & ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)


def match_spans(text: str, query: str, words: list[str]) -> tuple[Span, ...]:
    """Where the query, or failing that its words, stand in `text`; merged, in order."""
    folded = text.lower() if len(text.lower()) == len(text) else text
    needles = [query.strip().lower()] if query.strip().lower() in folded else words
    found: list[tuple[int, int]] = []
    for needle in needles:
        start = folded.find(needle) if needle else -1
        while start >= 0:
            found.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    return tuple(Span(s, e) for s, e in _merge(found))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
