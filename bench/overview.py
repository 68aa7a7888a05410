"""The overview page `/` at scale, on a ledger built once and kept: bench/scale.py's files and
its `overview_latency`, without building and ingesting a thousand files on every run.

    .venv/bin/python bench/overview.py --work /tmp/duban-overview        # builds it the first time
    .venv/bin/python bench/overview.py --work /tmp/duban-overview        # again: the kept ledger

The first run writes `--files` report files (as bench/scale.py does, same seed) and 100 more,
and ingests the first into WORK/kept.db. Each run copies kept.db to WORK/run.db and prints the
page's size and rows, the CPU and wall-clock time of the first request of this process (it
computes what the page keeps), then `overview_latency`'s figures: 20 requests idle, and every
request while another process ingests the 100 more files into run.db.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

import scale  # bench/scale.py: the script's folder is on the path
from duban.store import open_store
from duban.store.ingest import ingest_paths


def kept_ledger(work: Path, n_files: int, seed: int) -> Path:
    kept = work / "kept.db"
    if not kept.exists():
        scale.build(work / "reports", n_files, seed)
        scale.build(work / "more", 100, seed + 1)
        start = time.perf_counter()
        with open_store(str(work / "building.db")) as store:
            run = ingest_paths(store, [work / "reports"], jobs=2)
        (work / "building.db").rename(kept)
        print(f"built and ingested {len(run.results)} files in {time.perf_counter() - start:.1f} s: {kept}")
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="folder of the kept ledger and files")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    kept = kept_ledger(args.work, args.files, args.seed)
    target = args.work / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(kept, target)
    print("load: " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores")
    from fastapi.testclient import TestClient

    from duban.present.web import create_app

    client = TestClient(create_app(str(target)))
    start, cpu = time.perf_counter(), time.process_time()
    page = client.get("/").raise_for_status().text
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"first request of the process: {wall:.2f} s, CPU {cpu:.2f} s")
    size, rows, links = len(page.encode()) / 1e6, page.count("<tr"), page.count("<a ")
    print(f"page: {size:.2f} MB, {rows} table rows, {links} links")
    idle, busy = scale.overview_latency(str(target), args.work / "more")
    print(f"overview /: {idle}")
    print(f"overview / while 100 files are ingested: {busy}")


if __name__ == "__main__":
    main()
