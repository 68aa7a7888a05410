"""A common word's best sentences kept (duban.store.ranked): a search ranked from them and the
tail gives exactly the hits, order and scores of FTS5 ranking every match, on real reports."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from duban.pipeline import extract_path
from duban.store import SqlStore, open_store, ranked
from duban.store import sqlite as sqlite_store
from duban.store.ingest import ingest_paths
from duban.store.search import fts5_query


@pytest.mark.parametrize(
    ("blob", "value", "end"),
    [
        (b"\x05", 5, 1),
        (b"\x7f\x01", 127, 1),
        (b"\x81\x00", 128, 2),
        (b"\x82\xb5\x17", 39_575, 3),
        (b"\xff" * 8 + b"\x01", (2**56 - 1) << 8 | 1, 9),
    ],
    ids=["one byte", "one byte, more after", "two bytes", "three bytes", "nine bytes"],
)
def test_varint_reads_sqlite_varints(blob: bytes, value: int, end: int) -> None:
    assert ranked.varint(blob) == (value, end)


S = 300  # a list kept whole, in best_kept's cases


def _flat(f: int, d: int) -> float:  # every length scores alike: ties all the way
    return 1.0 * f


def _by_length(f: int, d: int) -> float:
    return f / d


@pytest.mark.parametrize(
    ("kept", "score", "limit", "expected"),
    [
        # one list, the best two by score, then by id
        ([(1, 3, 9), (1, 4, 2), (1, 5, 1)], _by_length, 2, [(1 / 3, 9), (1 / 4, 2)]),
        # two lists: a sentence holding the word twice beats shorter ones
        ([(1, 2, 5), (2, 3, 7)], _by_length, 2, [(2 / 3, 7), (1 / 2, 5)]),
        # ties of one length, read past the limit: the smaller id first
        ([(1, 3, 8), (1, 3, 9), (2, 6, 4)], _by_length, 2, [(1 / 3, 4), (1 / 3, 8)]),
    ],
    ids=["one list", "two lists", "ties across lists"],
)
def test_best_kept_orders_as_fts5(kept: list, score: object, limit: int, expected: list) -> None:
    assert ranked.best_kept(kept, score, limit) == expected  # type: ignore[arg-type]


def test_best_kept_cannot_tell_when_a_tie_runs_past_a_whole_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranked, "KEPT", 3)
    same_length = [(1, 4, 1), (1, 4, 2), (1, 4, 3)]
    assert ranked.best_kept(same_length, _by_length, 2) == [(0.25, 1), (0.25, 2)]  # later ids: after
    two_lengths = [(1, 4, 1), (1, 5, 2), (1, 6, 3)]
    assert ranked.best_kept(two_lengths, _flat, 2) is None  # a longer one may tie with a smaller id
    assert ranked.best_kept([(1, 4, 1), (1, 5, 2)], _flat, 2) == [(1.0, 1), (1.0, 2)]  # not whole


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SqlStore]:
    """An empty SQLite ledger where a word held by 30 sentences is kept, lists built at every ingest."""
    monkeypatch.setattr(ranked, "RANKED_FROM", 30)
    monkeypatch.setattr(ranked, "TAIL_MAX", 0)
    with open_store(str(tmp_path / "ranked.db")) as store:
        yield store
    sqlite_store._BM25_DIFFERS.pop(store.target, None)


def _kept_words(store: SqlStore) -> list[str]:
    return [w for (w,) in store._all("SELECT DISTINCT term FROM search_ranked ORDER BY term")]


def _both_ways(store: SqlStore, word: str, limit: int) -> tuple[list | None, list]:
    """The hit rows ranked from the kept lists, and by FTS5 over every match."""
    with store._read("search"):
        fast = store._ranked_rows([word], limit)
    sqlite_store._BM25_DIFFERS[store.target] = True
    try:
        with store._read("search"):
            full = store._fts_rows([word], None, None, limit)
    finally:
        sqlite_store._BM25_DIFFERS[store.target] = False
    return fast, full


def test_bm25_is_fts5s_own_to_the_last_bit(
    ledger: SqlStore, sample_path: Path, extra_paths: list[Path]
) -> None:
    """Every sentence holding each of 40 words: `ranked.bm25` from FTS5's counts (instances,
    sizes, the averages record) equals FTS5's bm25."""
    assert not ingest_paths(ledger, [sample_path, *extra_paths]).failures
    rows, tokens = ranked.averages(ledger._all("SELECT block FROM sentence_fts_data WHERE id = 1")[0][0])
    assert rows == ledger._all("SELECT COUNT(*) FROM sentences")[0][0]
    ledger._run("CREATE VIRTUAL TABLE temp.i USING fts5vocab(main, sentence_fts, instance)")
    sizes = dict(ledger._all("SELECT id, sz FROM sentence_fts_docsize"))
    assert tokens == sum(ranked.varint(size)[0] for size in sizes.values())
    words = _kept_words(ledger)[:40]
    assert len(words) == 40
    for word in words:
        match = fts5_query([word])
        theirs = dict(
            ledger._all(
                "SELECT rowid, -bm25(sentence_fts) FROM sentence_fts WHERE sentence_fts MATCH ?", (match,)
            )
        )
        held = ledger._all("SELECT doc, COUNT(*) FROM temp.i WHERE term = ? GROUP BY doc", (word,))
        ours = {
            sid: ranked.bm25(f, ranked.varint(sizes[sid])[0], rows, tokens, len(theirs)) for sid, f in held
        }
        assert ours == theirs


@pytest.mark.parametrize("limit", [1, 7, 20, 200])
def test_a_common_word_ranked_from_its_kept_sentences_and_the_tail(
    ledger: SqlStore, sample_path: Path, extra_paths: list[Path], monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Lists built after the first files, the rest stored after the watermark (the tail): each
    kept word's best hits are those of ranking every match, then again once built anew."""
    assert not ingest_paths(ledger, [sample_path, *extra_paths[:1]]).failures
    through = ledger._ranked_through()
    monkeypatch.setattr(ranked, "TAIL_MAX", 10**9)
    assert not ingest_paths(ledger, extra_paths[1:]).failures
    assert 0 < through == ledger._ranked_through() < ledger._all("SELECT MAX(id) FROM sentences")[0][0]
    words = _kept_words(ledger)
    assert len(words) > 100
    for word in words:
        fast, full = _both_ways(ledger, word, limit)
        assert fast == full, word
    monkeypatch.setattr(ranked, "TAIL_MAX", 0)
    ledger.after_ingest()
    assert ledger._ranked_through() == ledger._all("SELECT MAX(id) FROM sentences")[0][0]
    for word in _kept_words(ledger):
        fast, full = _both_ways(ledger, word, limit)
        assert fast == full, word


def test_a_file_replaced_drops_the_lists_until_the_next_ingest(
    ledger: SqlStore, sample_path: Path, extra_paths: list[Path], tmp_path: Path
) -> None:
    changed = tmp_path / "report.txt"
    shutil.copy(sample_path, changed)
    assert not ingest_paths(ledger, [changed, *extra_paths]).failures
    assert ledger._ranked_through() > 0 and _kept_words(ledger)
    before = ledger.search("企业", limit=20)
    changed.write_text(sample_path.read_text(encoding="utf-8").replace("企业", "单位"), encoding="utf-8")
    ledger.ingest(*extract_path(changed))  # the replacement alone, before an ingest's end
    assert ledger._ranked_through() == 0 and not _kept_words(ledger)
    after = ledger.search("企业", limit=20)  # every match ranked: no sentence of the old file
    assert after != before and all("企业" in h.sentence.text for h in after)
    ledger.after_ingest()
    assert ledger._ranked_through() > 0
    fast, full = _both_ways(ledger, "企业", 20)
    assert fast == full and fast is not None


def test_search_uses_the_lists_and_gives_what_ranking_every_match_gives(
    ledger: SqlStore, sample_path: Path, extra_paths: list[Path]
) -> None:
    """Through `search` itself: the same hits as with the lists switched off."""
    assert not ingest_paths(ledger, [sample_path, *extra_paths]).failures
    for word in ["企业", "发展", "就业", "推进"]:
        assert word in _kept_words(ledger)
        with ledger._read("search"):
            assert ledger._ranked_rows([word], 20) is not None
        fast = ledger.search(word)
        sqlite_store._BM25_DIFFERS[ledger.target] = True
        assert ledger.search(word) == fast
        sqlite_store._BM25_DIFFERS[ledger.target] = False
