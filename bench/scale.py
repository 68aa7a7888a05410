"""Ledger at scale: build many varied report files from the sample, ingest them, time
search, ask and the overview page.

    .venv/bin/python bench/scale.py                      # 1,000 files, --jobs 2, SQLite
    .venv/bin/python bench/scale.py --files 10000        # the 10,000-file figures of the README
    .venv/bin/python bench/scale.py --files 200 --db postgresql://duban:duban@127.0.0.1/duban_bench

Each file is one report of the sample with its city, year, date and numbers changed
(seeded, so every run builds the same files). Prints files/s, MB/s, the ledger's size,
the peak memory of this process and of the ingest's workers, and latency p50/p95/max of:
search (100 queries) and ask (40 questions) through the library; the overview page `/`
through the web app in process (20 requests after a first one), and again while another
process ingests 100 more files into the same ledger (every request during that ingest).
Latencies are wall-clock, each followed by the CPU time this process spent on it (the request
itself, whatever else the machine does); the ingest's CPU time (this process and its workers)
is turned into the files/s of as many idle cores. The load average is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from duban.model import Report
from duban.pipeline import extract_path
from duban.store import open_store
from duban.store.ingest import ingest_paths

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "duban" / "data" / "qingdao-2021h1.txt"
CITIES = ["青岛市", "济南市", "烟台市", "潍坊市", "临沂市", "淄博市", "济宁市", "泰安市", "威海市", "日照市"]
CITIES += ["德州市", "聊城市", "滨州市", "菏泽市", "枣庄市", "东营市"]
YEARS = ["2019", "2020", "2021", "2022", "2023", "2024"]
WORDS = ["就业", "投资", "项目", "企业", "增长", "改革", "服务", "建设", "创新", "问题", "消费", "进出口"]
WORDS += ["养老保险", "营商环境", "招商引资", "科技", "教育", "海洋", "审批", "乡村振兴", "民营经济", "外资"]
ASKED = ["进出口总额", "实际使用外资", "城镇新增就业", "一般公共预算收入", "固定资产投资"]
ASKED += ["社会消费品零售总额", "地区生产总值增长"]
ASKED += ["规模以上工业增加值增速", "新签约项目", "养老保险参保人数"]
NUMBER = re.compile(r"(?<![\d.-])(\d+)(\.\d+)?(?![\d年月日-])")


def vary(report: Report, rng: random.Random) -> str:
    """The report's text with another city, year, date and numbers."""
    city, year = rng.choice(CITIES), rng.choice(YEARS)
    text = report.text.replace("青岛市", city).replace("青岛", city[:-1]).replace("2021", year)
    text = re.sub(r"\d{4}-\d{2}-\d{2}", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", text)
    return NUMBER.sub(lambda m: _scaled(m, rng), text)


def _scaled(match: re.Match[str], rng: random.Random) -> str:
    whole, frac = match.group(1), match.group(2) or ""
    value = float(whole + frac) * rng.uniform(0.7, 1.4)
    return f"{value:.{max(len(frac) - 1, 0)}f}"


def build(folder: Path, n_files: int, seed: int) -> int:
    """Writes n_files report files into folder (sub-folders of 100); returns their total bytes."""
    _, reports, _ = extract_path(SAMPLE)
    rng = random.Random(seed)
    total = 0
    for i in range(n_files):
        report = reports[i % len(reports)].report
        path = folder / f"batch{i // 100:03d}" / f"report{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = vary(report, rng).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def ledger_size(target: str, store: object) -> str:
    if target.startswith("postgres"):
        row = store._one("SELECT pg_database_size(current_database())")  # type: ignore[attr-defined]
        return f"{row[0] / 1e6:.1f} MB (whole database)"
    files = [Path(target + suffix) for suffix in ("", "-wal", "-shm")]
    return f"{sum(p.stat().st_size for p in files if p.exists()) / 1e6:.1f} MB"


def latencies(calls: list[Callable[[], object]]) -> str:
    """p50, p95 and max of the calls' wall-clock times, and the same of the CPU time this
    process spent in each (what a call costs whatever else the machine is doing), in ms."""
    walls, cpus = [], []
    for call in calls:
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return f"{summary(walls)}; CPU {summary(cpus)}"


def summary(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    return f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"


def search_latency(target: str, n_queries: int, seed: int) -> tuple[str, float]:
    rng = random.Random(seed)
    queries = [" ".join(rng.sample(WORDS, rng.choice((1, 1, 2)))) for _ in range(n_queries)]
    hits = []
    with open_store(target) as store:
        store.search("预热")  # the tokeniser loads once; not part of the figures
        figures = latencies([lambda q=q: hits.append(len(store.search(q, limit=20))) for q in queries])
    return figures, sum(hits) / n_queries


def questions(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    asked = []
    for _ in range(n):
        city, year = rng.choice(CITIES), rng.choice(YEARS)
        form = rng.choice(("{m}是多少", "上半年{m}是多少", "{c}{m}是多少", "{y}年上半年{c}{m}是多少"))
        asked.append(form.format(m=rng.choice(ASKED), c=city, y=year))
    return asked


def ask_latency(target: str, n: int, seed: int) -> str:
    from duban.analyse.ask import answer

    with open_store(target) as store:
        answer(store, "预热是多少")
        return latencies([lambda q=q: answer(store, q) for q in questions(n, seed)])


def overview_latency(target: str, more: Path | None) -> tuple[str, str]:
    """The overview page: 20 requests after a first one; then every request made while
    another process ingests the files in `more`."""
    from fastapi.testclient import TestClient

    from duban.present.web import create_app

    client = TestClient(create_app(target))
    get = lambda: client.get("/").raise_for_status()  # noqa: E731
    start, cpu = time.perf_counter(), time.process_time()
    get()
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    idle = latencies([get] * 20) + f" (first {first * 1000:.0f} ms, CPU {first_cpu * 1000:.0f} ms)"
    if more is None:
        return idle, "-"
    duban = Path(sys.executable).with_name("duban")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    ingest = subprocess.Popen([duban, "--db", target, "ingest", str(more)], **quiet)
    walls, cpus = [], []
    while ingest.poll() is None:
        wall, cpu = time.perf_counter(), time.process_time()
        get()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return idle, f"{summary(walls)}; CPU {summary(cpus)}; over {len(walls)} requests"


def peak_memory() -> str:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"this process {me:.0f} MB, largest child (ingest worker) {children:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--db", help="ledger (default: a SQLite file in the work folder)")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-web", action="store_true", help="skip the overview page figures")
    args = parser.parse_args()
    print("load: " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores")
    work = args.work or Path(tempfile.mkdtemp(prefix="duban-scale-"))
    inputs = work / "reports"
    start = time.perf_counter()
    n_bytes = build(inputs, args.files, args.seed)
    more = work / "more"
    build(more, 100, args.seed + 1)
    print(
        f"built {args.files} files, {n_bytes / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s: {inputs}"
    )
    target = args.db or str(work / "ledger.db")
    with open_store(target) as store:
        start, cpu_start = time.perf_counter(), time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        children_start = children.ru_utime + children.ru_stime
        run = ingest_paths(store, [inputs], jobs=args.jobs)
        seconds = time.perf_counter() - start
    with open_store(target) as store:
        size = ledger_size(target, store)
    facts = sum(o.facts for o in run.outcomes)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu_start + children.ru_utime + children.ru_stime - children_start
    print(
        f"ingest CPU (this process and its workers): {cpu:.1f} s = {cpu / len(run.results) * 1000:.1f} ms "
        f"a file, {len(run.results) / cpu * os.cpu_count():.0f} files/s on {os.cpu_count()} idle cores"
    )
    print(f"ingest --jobs {args.jobs}: {len(run.results)} files in {seconds:.1f} s = "
          f"{len(run.results) / seconds:.1f} files/s, {n_bytes / 1e6 / seconds:.2f} MB/s; "
          f"{run.count('added')} added, {len(run.failures)} failed, {facts} facts")  # fmt: skip
    print(f"ledger size: {size}")
    figures, mean_hits = search_latency(target, 100, args.seed)
    print(f"search, 100 queries: {figures}; {mean_hits:.1f} hits per query")
    print(f"ask, 40 questions: {ask_latency(target, 40, args.seed)}")
    if not args.no_web:
        idle, busy = overview_latency(target, more)
        print(f"overview /: {idle}")
        print(f"overview / while 100 files are ingested: {busy}")
    print(f"peak memory: {peak_memory()}")


if __name__ == "__main__":
    main()
