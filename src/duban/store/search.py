"""Chinese-aware search tokens: jieba's search-mode cut, the same for text and query.

The words are exactly those of `jieba.lcut_for_search` (jieba 0.42, its dictionary, HMM on),
computed without jieba's dictionary load (0.7 s of CPU at each process start):

- the text splits into blocks as jieba splits it (CJK, Latin letters, digits and ``+#&._%-``);
  what is between blocks comes out character by character, whitespace kept whole;
- a block of CJK characters alone is cut by rjieba (jieba-rs: the same dictionary, route and
  HMM, its dictionary built in 0.1 s);
- a block mixing CJK with Latin letters or digits is cut as jieba cuts it: rjieba gives the
  dictionary route of each CJK run (no dictionary word crosses a run's end, see below), the
  characters left single are gathered and cut by the HMM alone (CJK, by a rjieba with an empty
  dictionary) or by jieba's pattern for Latin and digits, as jieba does;
- the few dictionary words holding a Latin letter or digit (`LATIN_WORDS`: A股, T恤, 4S店 …)
  do cross runs: a block holding one is cut by jieba itself, loaded then and only then;
- search mode adds the two- and three-character dictionary words inside longer words.

A token keeps only if it holds a letter, digit or CJK character; Latin letters are
lower-cased, so the tokens of a sentence and of a query meet whatever the case.
`bench/tokenise.py` compares this with jieba (the same tokens on every sentence of the
sample, the development set and a fuzz) and with the other leads.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from duban.model import Span

BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")  # jieba's re_han_default
SPACE = re.compile("(\r\n|\\s)")  # jieba's re_skip_default
HAN_RUNS = re.compile("([\u4e00-\u9fd5]+)")  # jieba.finalseg's re_han
HAN = re.compile("[\u4e00-\u9fd5]+")
NOT_HAN = re.compile("[a-zA-Z0-9+#&\\._%\\-]+")  # the rest of BLOCK
ALNUM = re.compile("[^\\W_]")  # a character str.isalnum() takes
LATIN_RUNS = re.compile("([a-zA-Z0-9]+(?:\\.\\d+)?%?)")  # jieba.finalseg's re_skip
# The words of jieba's dictionary holding a character of BLOCK other than CJK
# (tests/test_tokens.py reads them out of jieba's dict.txt).
LATIN_WORDS = [
    "AT&T",
    "B超",
    "c#",
    "C#",
    "c++",
    "C++",
    "T恤",
    "A座",
    "A股",
    "A型",
    "A轮",
    "AA制",
    "AB型",
    "B座",
    "B股",
    "B型",
    "B轮",
    "BB机",
    "BP机",
    "C盘",
    "C座",
    "C语言",
    "CD盒",
    "CD机",
    "CALL机",
    "D盘",
    "D座",
    "D版",
    "E盘",
    "E座",
    "E化",
    "E通",
    "F盘",
    "F座",
    "G盘",
    "H盘",
    "H股",
    "I盘",
    "IC卡",
    "IP卡",
    "IP电话",
    "IP地址",
    "K党",
    "K歌之王",
    "N年",
    "O型",
    "PC机",
    "PH值",
    "SIM卡",
    "U盘",
    "VISA卡",
    "Z盘",
    "Q版",
    "QQ号",
    "RSS订阅",
    "T盘",
    "X光",
    "X光线",
    "X射线",
    "T恤衫",
    "T型台",
    "T台",
    "4S店",
    "4s店",
    "江南style",
    "江南Style",
    "1号店",
    "小S",
    "大S",
    "阿Q",
]
HOLDS_LATIN_WORD = re.compile("|".join(map(re.escape, LATIN_WORDS)))


@functools.cache
def _rjieba() -> tuple[Any, Any]:
    """rjieba with jieba's dictionary (the one rjieba builds on import: another would cost
    0.13 s more), and one with none (its cut is the HMM alone)."""
    import rjieba

    return rjieba, rjieba.Jieba.empty()


@functools.cache
def _jieba() -> ModuleType:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokens(text: str) -> list[str]:
    """Search tokens of `text`, in order, duplicates kept."""
    kept = []
    for word in search_words(text):
        token = word.strip().lower()
        if token.isalnum() or ALNUM.search(token):
            kept.append(token)
    return kept


def cut_for_search(text: str) -> Iterator[str]:
    """`jieba.cut_for_search(text)`, word for word (the module's docstring)."""
    return iter(search_words(text))


def search_words(text: str) -> list[str]:
    """`jieba.lcut_for_search(text)`, word for word (the module's docstring)."""
    words, _ = _rjieba()
    out: list[str] = []
    parts = BLOCK.split(text)  # text between blocks, a block, text between blocks, …
    for between, block in zip(parts[::2], [*parts[1::2], ""], strict=True):
        for piece in SPACE.split(between) if between else ():
            if SPACE.match(piece):
                out.append(piece)
            else:
                out.extend(piece)
        if not block:
            continue
        if HAN.fullmatch(block):
            out.extend(words.cut_for_search(block))
        else:
            out.extend(_search_block(block))
    return out


def _search_block(block: str) -> list[str]:
    """Search words of a block mixing CJK with Latin letters, digits or ``+#&._%-``: rjieba's
    cut, each run of Latin letters and digits cut again as jieba cuts it (no dictionary word
    holds one unless it is a LATIN_WORD, so jieba gathers such a run whole for its HMM), then
    the two- and three-character dictionary words inside longer CJK words."""
    if HOLDS_LATIN_WORD.search(block):
        return _jieba().lcut_for_search(block)
    words, _ = _rjieba()
    cut: list[str] = []
    latin: list[str] = []
    for word in words.cut(block):
        if NOT_HAN.fullmatch(word):
            latin.append(word)
            continue
        if not HAN.fullmatch(word):
            return _search_block_slowly(block)  # a word of both: not jieba's; cut it step by step
        if latin:
            cut.extend(piece for piece in LATIN_RUNS.split("".join(latin)) if piece)
            latin = []
        cut.append(word)
    if latin:
        cut.extend(piece for piece in LATIN_RUNS.split("".join(latin)) if piece)
    return _with_inner_words(cut)


def _search_block_slowly(block: str) -> list[str]:
    """jieba's search words of a mixed block, its route and HMM rebuilt step by step."""
    return _with_inner_words(list(_cut_block(block)))


def _with_inner_words(cut: list[str]) -> list[str]:
    """jieba's search mode: before each word longer than two characters, the dictionary's
    two- and then three-character words inside it."""
    words, _ = _rjieba()
    out: list[str] = []
    for word in cut:
        if len(word) > 2:
            out.extend(word[i : i + 2] for i in range(len(word) - 1) if words.has_word(word[i : i + 2]))
        if len(word) > 3:
            out.extend(word[i : i + 3] for i in range(len(word) - 2) if words.has_word(word[i : i + 3]))
        out.append(word)
    return out


def _cut_block(block: str) -> Iterator[str]:
    words, _ = _rjieba()
    single = ""  # characters the route leaves alone, gathered as jieba gathers them
    for run in HAN_RUNS.split(block):
        for word in words.cut(run, hmm=False) if HAN.fullmatch(run) else run:
            if len(word) == 1:
                single += word
                continue
            if single:
                yield from _cut_single(single)
                single = ""
            yield word
    if single:
        yield from _cut_single(single)


def _cut_single(single: str) -> Iterator[str]:
    """Characters the dictionary route left single, as jieba cuts them: one alone, a word of
    the dictionary letter by letter, anything else by the HMM (CJK) or Latin runs."""
    words, hmm = _rjieba()
    if len(single) == 1:
        yield single
    elif words.has_word(single):
        yield from single
    else:
        for part in HAN_RUNS.split(single):
            if HAN.fullmatch(part):
                yield from hmm.cut(part)
            else:
                yield from (piece for piece in LATIN_RUNS.split(part) if piece)


def index_text(text: str) -> str:
    """What the full-text index stores for one sentence: its tokens, space-joined."""
    return " ".join(tokens(text))


def query_tokens(query: str) -> list[str]:
    """The distinct tokens of a query, in order."""
    return list(dict.fromkeys(tokens(query)))


def gram_tokens(text: str) -> str:
    """What the substring index keeps of a sentence (SQLite's `sentence_grams`): each distinct
    pair of neighbouring characters, as an ASCII token of their code points (b4f01x4e1a),
    space-joined and sorted. A substring of two characters or more stands only where all its
    pairs do."""
    points = [format(ord(c), "x") for c in text]
    return " ".join(sorted({f"b{a}x{b}" for a, b in itertools.pairwise(points)}))


def gram_query(parts: list[str]) -> str:
    """An FTS5 MATCH expression for sentences that may hold every part of two characters or
    more (`gram_tokens`; "" when there is none): a superset, the parts tested after."""
    return " AND ".join(sorted({token for part in parts for token in gram_tokens(part).split()}))


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
