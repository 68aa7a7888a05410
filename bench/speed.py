"""Extraction speed against jieba segmentation, on the same text in the same run.

Repeats the sample report compilation to at least --mb megabytes (UTF-8; one file of
concatenated compilations, so many reports), then prints characters per second for:

- `duban extract FILES` run as a process (the text cut into files of whole copies of the sample,
  each within duban's limit of text a file) (start-up, read, repair, split, structure,
  extract, JSON out), and `duban extract --jobs 2 FILE` (two worker processes),
- `jieba.lcut(open(FILE).read())` run as a process (start-up and dictionary load included),
- in this process: duban's extraction of facts (read to facts, no JSON), the same lined up
  with the span checks (what `duban extract` does, no JSON), `duban.quantities()`
  on the whole text, and `jieba.lcut()` on the whole text (dictionary loaded beforehand),

and the ratios (above 1 means duban is faster); then the two processes again on the development
texts (bench/gold/texts), reports that differ from each other. It says whether duban's reading path ran
compiled (scripts/compile.py) or as Python source (DUBAN_PURE=1, or no build). Each figure is
the best of --repeat runs, as other work on the machine only ever slows a run down, in CPU
seconds (user + system, of the child process for a process; of this process otherwise): on a
machine shared with other work, wall-clock time measures the others too. The wall-clock
figures follow for reference. The three process runs are taken in turn, round by round (duban,
jieba, duban with two jobs, then again), so that the machine's slow spells fall on all three
alike; the in-process figures follow them.

Usage: .venv/bin/python bench/speed.py [--mb 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
DISTINCT = ROOT / "bench" / "gold" / "texts"  # the development set's reports
DUBAN = Path(sys.executable).with_name("duban")
JIEBA_SCRIPT = (
    "import sys, jieba; jieba.setLogLevel(60); "
    "words = jieba.lcut(open(sys.argv[1], encoding='utf-8').read()); print(len(words))"
)


def repeated_sample(megabytes: float) -> str:
    """The sample, repeated until its UTF-8 encoding is at least `megabytes` MB."""
    sample = SAMPLE.read_text(encoding="utf-8")
    copies = int(megabytes * 1_000_000 // len(sample.encode("utf-8"))) + 1
    return "\n".join([sample] * copies)


def best_of(
    repeat: int, run: Callable[[], int], clock: Callable[[], float] | None = None
) -> tuple[float, float, int]:
    """The least CPU time (by `clock`: this process's and its children's unless given) and the
    least wall-clock time of `repeat` calls of `run`, and what the last one counted."""
    cpu_time = clock or _cpu
    best_cpu, best_wall, count = float("inf"), float("inf"), 0
    for _ in range(repeat):
        cpu, wall = cpu_time(), time.perf_counter()
        count = run()
        best_cpu, best_wall = min(best_cpu, cpu_time() - cpu), min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, count


def interleaved(
    repeat: int, runs: list[tuple[str, Callable[[], int], str]]
) -> list[tuple[str, float, float, int, str]]:
    """`best_of` for each of `runs`, taken in turn: round k runs each once before round k + 1
    begins, so that a slow spell of a shared machine falls on all of them alike rather than on
    the one whose runs it happens to meet."""
    best = {name: (float("inf"), float("inf"), 0) for name, _, _ in runs}
    for _ in range(repeat):
        for name, run, _ in runs:
            cpu, wall, count = best_of(1, run, _children_cpu)  # the child's: not this process's
            # reading of what it printed (17 MB of facts from duban on 5 MB, 0.03-0.05 s)
            best[name] = (min(best[name][0], cpu), min(best[name][1], wall), count)
    return [(name, *best[name], what) for name, _, what in runs]


def _cpu() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    return mine.ru_utime + mine.ru_stime + _children_cpu()


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def extract_process(paths: list[Path], jobs: int = 1) -> int:
    """Run `duban extract PATH...` as it is typed (with `--jobs N` for more than one worker);
    the number of facts it printed."""
    command = [str(DUBAN), "extract", *(["--jobs", str(jobs)] if jobs > 1 else []), *map(str, paths)]
    done = subprocess.run(command, capture_output=True, check=True)
    return done.stdout.count(b"\n")


def jieba_process(path: Path) -> int:
    """Run jieba.lcut on the file in a fresh Python; the number of words."""
    done = subprocess.run([sys.executable, "-c", JIEBA_SCRIPT, str(path)], capture_output=True, check=True)
    return int(done.stdout)


def extract_in_process(paths: list[Path], *, lined_up: bool) -> int:
    """Read, split and extract the facts of every report, no JSON: with `lined_up`, as `duban
    extract` does (outline, sentences, facts, their line-up and the span checks); else the
    facts alone."""
    from duban.extract.facts import report_facts
    from duban.ingest import read_document, split_reports
    from duban.pipeline import extract_report

    reports = [r for path in paths for r in split_reports(read_document(path)).reports]
    if lined_up:
        return sum(len(extract_report(report, facts_only=True).facts) for report in reports)
    return sum(len(report_facts(report)) for report in reports)


def in_parts(text: str, folder: Path) -> list[Path]:
    """The repeated sample in files of whole copies, each within duban's text limit a file."""
    from duban.ingest import MAX_TEXT_CHARS

    sample = SAMPLE.read_text(encoding="utf-8")
    copies = (len(text) + 1) // (len(sample) + 1)
    per_file = max(1, MAX_TEXT_CHARS // (len(sample) + 1) - 1)
    paths = []
    for k in range(0, copies, per_file):
        path = folder / f"part-{k // per_file:03}.txt"
        path.write_text("\n".join([sample] * min(per_file, copies - k)), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the text in MB (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best taken (default 3)")
    args = parser.parse_args()
    text = repeated_sample(args.mb)
    chars, size = len(text), len(text.encode("utf-8"))
    print(f"text: {size / 1e6:.2f} MB, {chars:,} characters ({SAMPLE.name} repeated); best of {args.repeat}")
    import duban

    how = "compiled (scripts/compile.py)" if duban.native() else "Python source"
    print(f"duban's reading path: {how}; DUBAN_PURE=1 runs the source")

    import jieba

    from duban import quantities

    jieba.setLogLevel(60)
    jieba.initialize()
    quantities("预热0.5%")  # build the grammar outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "repeated.txt"
        path.write_text(text, encoding="utf-8")
        parts = in_parts(text, Path(tmp))  # for duban: files within its text limit
        facts_only = functools.partial(extract_in_process, lined_up=False)
        lined_up = functools.partial(extract_in_process, lined_up=True)
        processes = interleaved(
            args.repeat,
            [
                ("duban extract (process)", lambda: extract_process(parts), "facts"),
                ("jieba.lcut (process)", lambda: jieba_process(path), "words"),
                ("duban extract -j 2 (proc)", lambda: extract_process(parts, 2), "facts"),
            ],
        )
        rows = [
            *processes,
            ("duban facts (in process)", *best_of(args.repeat, lambda: facts_only(parts)), "facts"),
            ("duban extract (in process)", *best_of(args.repeat, lambda: lined_up(parts)), "facts"),
            ("duban.quantities()", *best_of(args.repeat, lambda: len(quantities(text))), "quantities"),
            ("jieba.lcut()", *best_of(args.repeat, lambda: len(jieba.lcut(text))), "words"),
        ]
    print(f"{'':27} {'CPU s':>7} {'chars/s (CPU)':>14}   {'wall s':>7}")
    for name, cpu, wall, count, what in rows:
        print(f"{name:27} {cpu:7.2f} {chars / cpu:>14,.0f}   {wall:7.2f}   {count:,} {what}")
    cpus = {name: cpu for name, cpu, _, _, _ in rows}
    walls = {name: wall for name, _, wall, _, _ in rows}
    ratios = [
        ("extract / jieba, as processes", "jieba.lcut (process)", "duban extract (process)"),
        ("extract -j 2 / jieba, processes", "jieba.lcut (process)", "duban extract -j 2 (proc)"),
        ("facts / jieba, in process", "jieba.lcut()", "duban facts (in process)"),
        ("extract / jieba, in process", "jieba.lcut()", "duban extract (in process)"),
        ("quantities / jieba, in process", "jieba.lcut()", "duban.quantities()"),
    ]
    for label, theirs, ours in ratios:
        cpu, wall = cpus[theirs] / cpus[ours], walls[theirs] / walls[ours]
        print(f"{label:32} {cpu:.2f}x CPU, {wall:.2f}x wall-clock")
    distinct(args.repeat)
    print("load: " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores")


def distinct(repeat: int) -> None:
    """`duban extract` and `jieba.lcut` as processes on the development texts: reports that
    differ from each other. The repeated sample's copies meet again what a run has read once,
    which the reading path's process-wide memos (`roles.near`, `indicator_of`) take up; these do
    not. Runs taken in turn, as above."""
    paths = sorted(DISTINCT.glob("*.txt"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    chars, size = len(text), len(text.encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "joined.txt"
        joined.write_text(text, encoding="utf-8")
        rows = interleaved(
            repeat,
            [
                ("duban extract (process)", lambda: extract_process(paths), "facts"),
                ("jieba.lcut (process)", lambda: jieba_process(joined), "words"),
            ],
        )
    print(f"distinct reports: the {len(paths)} development texts ({DISTINCT.relative_to(ROOT)}), ", end="")
    print(f"{size / 1e6:.2f} MB, {chars:,} characters")
    for name, cpu, wall, count, what in rows:
        print(f"{name:27} {cpu:7.2f} {chars / cpu:>14,.0f}   {wall:7.2f}   {count:,} {what}")
    (_, ours, our_wall, _, _), (_, theirs, their_wall, _, _) = rows
    label = "extract / jieba, as processes"
    print(f"{label:32} {theirs / ours:.2f}x CPU, {their_wall / our_wall:.2f}x wall-clock")


if __name__ == "__main__":
    main()
