"""A search for one common word without scoring every sentence that holds it (SQLite).

FTS5 ranks the matches of a query by bm25, and scores every match to find the best: some 0.6 µs
a match, 85 ms for 企业 in 130,000 of the 735,000 sentences of 10,000 files. For a query of one
word, a sentence's score depends on the ledger's counts (sentences, tokens, sentences holding
the word), which are the same for every sentence, and on two numbers of its own: how often it
holds the word (f) and how many tokens it has (D). Of two sentences holding the word equally
often, the shorter scores at least as high (in floating point too: each step of the formula is
monotonic). So the best of a word's sentences are among the first of each f, shortest first,
then by id: the ledger keeps `KEPT` of each (`search_ranked`) for every word held by at least
`RANKED_FROM` sentences, of the sentences up to a watermark (`search_ranked_state.through`).

A search for such a word (no filter, `limit` <= KEPT) scores those kept entries here exactly as
FTS5's bm25 does (`bm25`, from FTS5's own counts), lets FTS5 rank the sentences stored since
the watermark (the tail, at most `TAIL_MAX` sentences before the lists are built again at the
end of an ingest), and takes the best of both: the same hits, in the same order, with the same
scores as ranking every match. Where the kept entries cannot tell (a tie running past the last
entry kept) the search ranks every match as before. Deleting sentences up to the watermark (a
file replaced) drops the lists until the next ingest builds them again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby

K1 = 1.2  # FTS5's bm25 parameters (fts5_aux.c)
B = 0.75
RANKED_FROM = 20_000  # sentences holding a word for it to be kept: ranked by FTS5, 13 ms and more
KEPT = 200  # entries kept per word and f: the most hits a search returns (the API's limit)
TAIL_MAX = 20_000  # sentences stored after the watermark before the lists are built again
RANKABLE = re.compile("[a-z0-9]+|[\u4e00-\u9fcb]+")  # one FTS5 token, read alike by every Unicode version


def bm25(f: int, d: int, rows: int, tokens: int, holding: int) -> float:
    """FTS5's bm25 score (the negated rank) of a sentence of `d` tokens holding a one-word query
    `f` times, in an index of `rows` sentences and `tokens` tokens of which `holding` sentences
    hold the word: fts5Bm25Function's arithmetic, step by step, so the same double comes out."""
    idf = math.log((rows - holding + 0.5) / (holding + 0.5))
    if idf <= 0.0:
        idf = 1e-6
    avgdl = float(tokens) / float(rows)
    freq = float(f)
    return 0.0 + idf * ((freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * float(d) / avgdl)))


def varint(blob: bytes, at: int = 0) -> tuple[int, int]:
    """An SQLite varint at `at` in `blob` (FTS5's counts), and where the next one starts."""
    value = 0
    for i in range(8):
        byte = blob[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    return (value << 8) | blob[at + 8], at + 9


def averages(block: bytes) -> tuple[int, int]:
    """The sentences and tokens of an FTS5 index of one column, from its averages record."""
    rows, at = varint(block)
    tokens, _ = varint(block, at)
    return rows, tokens


Scored = tuple[float, int]  # a sentence's score, its id


def best_kept(
    kept: Sequence[tuple[int, int, int]], score: Callable[[int, int], float], limit: int
) -> list[Scored] | None:
    """The best `limit` of the kept entries (f, d, id, in that order), each with its score,
    best first (ties by id); None when the entries kept cannot tell.

    Within one f the scores never rise as d grows, so a list is read up to its `limit`-th
    entry and on while the next ties with it: no entry after that can be among the best. A
    list kept whole (`KEPT` entries) read to its end may hide more: they are of its last d
    (later ids, so after every tie read) or longer; they cannot be among the best when one
    token more already scores below the `limit`-th and every entry tying with it is of that d
    (a tie between two lengths, a coincidence of rounding, is left to FTS5)."""
    found: list[Scored] = []
    for f, entries in groupby(kept, key=lambda entry: entry[0]):
        listed = list(entries)
        taken: list[tuple[float, int, int]] = []  # score, id, d
        for _, d, sid in listed:
            value = score(f, d)
            if len(taken) >= limit and value < taken[-1][0]:
                break
            taken.append((value, sid, d))
        if len(taken) == len(listed) >= KEPT:
            last = listed[-1][1]
            tied = taken[limit - 1][0]
            if score(f, last + 1) >= tied or any(d != last for value, _, d in taken if value == tied):
                return None
        found.extend((value, sid) for value, sid, _ in taken)
    return merged(found, (), limit)


def merged(kept: Iterable[Scored], tail: Iterable[Scored], limit: int) -> list[Scored]:
    """The best `limit` of both, as FTS5 orders them: by rank (the negated score), then id."""
    return sorted([*kept, *tail], key=lambda hit: (-hit[0], hit[1]))[:limit]


def kept_entries(found: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The entries to keep of a word from (id, f, d) of every sentence holding it: per f the
    `KEPT` shortest, then by id; as (f, d, id)."""
    entries = sorted((f, d, sid) for sid, f, d in found)
    return [entry for _, group in groupby(entries, key=lambda e: e[0]) for entry in list(group)[:KEPT]]
