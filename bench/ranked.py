"""Search from the kept best sentences of common words against ranking every match, on any
reports: the same hits (rows, order, scores) or not, and how long each takes.

    .venv/bin/python bench/ranked.py FILE_OR_FOLDER... [--from 40] [--limits 1,10,20,100,200]

Ingests the files into a new ledger in two halves: the lists are built after the first half
(a word is kept from `--from` sentences, not 20,000, so that a few dozen reports have some),
the second half stays the tail FTS5 ranks. Then every kept word is searched at every limit
both ways (duban.store.ranked). Prints the counts compared, those that differ (0 expected) and
those the lists could not tell.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from duban.store import open_store, ranked
from duban.store import sqlite as sqlite_store
from duban.store.ingest import ingest_paths, input_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--from", dest="ranked_from", type=int, default=40)
    parser.add_argument("--limits", default="1,10,20,100,200")
    args = parser.parse_args()
    limits = [int(n) for n in args.limits.split(",")]
    files = input_files(args.paths)
    ranked.RANKED_FROM, ranked.TAIL_MAX = args.ranked_from, 0
    with tempfile.TemporaryDirectory() as work, open_store(str(Path(work) / "ranked.db")) as store:
        half = len(files) // 2
        ingest_paths(store, files[:half])
        ranked.TAIL_MAX = 10**9  # the second half: the tail
        ingest_paths(store, files[half:])
        sentences = store._all("SELECT COUNT(*) FROM sentences")[0][0]
        print(f"{len(files)} files, {sentences} sentences, lists through sentence {store._ranked_through()}")
        words = [w for (w,) in store._all("SELECT DISTINCT term FROM search_ranked ORDER BY term")]
        compared = differ = undecided = 0
        kept_s = every_s = 0.0
        for word in words:
            for limit in limits:
                start = time.perf_counter()
                with store._read("search"):
                    fast = store._ranked_rows([word], limit)
                kept_s += time.perf_counter() - start
                sqlite_store._BM25_DIFFERS[store.target] = True  # the lists off: every match ranked
                start = time.perf_counter()
                with store._read("search"):
                    full = store._fts_rows([word], None, None, limit)
                every_s += time.perf_counter() - start
                sqlite_store._BM25_DIFFERS[store.target] = False
                if fast is None:
                    undecided += 1
                    continue
                compared += 1
                differ += [tuple(r) for r in fast] != [tuple(r) for r in full]
        print(
            f"{len(words)} words kept; {compared} searches compared, {differ} differ, {undecided} undecided"
        )
        print(f"time: from the lists {kept_s * 1000:.0f} ms, ranking every match {every_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
