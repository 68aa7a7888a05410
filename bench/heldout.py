"""Facts quality on held-out reports of other levels (State Council, a province).

For every gold file `bench/gold/NAME.jsonl` this runs `duban extract` as a process on
the report NAME.txt, found in `<shared>/corpus/extra/`, `<shared>/corpus/heldout/` (texts of
blind rounds, kept out of the repository) or `bench/gold/texts/` (reports the repository ships
itself, see bench/gold/README.md), keeps only the predicted facts whose sentence is (or
contains, or lies in) an annotated sentence of the same report (the gold annotates every
quantity of the sentences it holds, and only those), and scores them with the shared scorer
`<shared>/eval/score.py`. `<shared>` is $DUBAN_SHARED, else `../shared` beside the repo.

Prints, per file and in total: quantity precision/recall/F1, metric and role accuracy
on matched pairs, full-fact F1; under each, the accuracy of the lining-up fields `when`,
`where` and `basis` on the same pairs (bench/lineup.py; a prediction without them is wrong);
with --show N, N examples of each error kind.

Usage: .venv/bin/python bench/heldout.py [--show 5] [--only zhejiang-2026] [--save DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "bench" / "gold"
TEXTS_DIR = GOLD_DIR / "texts"
DUBAN = Path(sys.executable).with_name("duban")
# files of bench/gold that are not a report's gold (the sample's when/basis/where, bench/lineup.py)
NOT_REPORT_GOLD = {"sample-lineup.jsonl"}

Fact = dict[str, object]


def shared_dir() -> Path:
    """The shared folder: $DUBAN_SHARED, else `shared` beside the repository."""
    return Path(os.environ.get("DUBAN_SHARED") or ROOT.parent / "shared")


def gold_files() -> list[Path]:
    """The gold files of bench/gold, one per report (NAME.jsonl for the report NAME.txt)."""
    return sorted(path for path in GOLD_DIR.glob("*.jsonl") if path.name not in NOT_REPORT_GOLD)


def report_text(stem: str, shared: Path) -> Path:
    """The report text for the gold file `stem`: in the shared extras, else in the shared held-out
    texts (`corpus/heldout`: reports of other kinds, kept out of the repository), else in
    bench/gold/texts (the first that exists; the held-out path when none does)."""
    candidates = [
        shared / "corpus" / "extra" / f"{stem}.txt",
        shared / "corpus" / "heldout" / f"{stem}.txt",
        TEXTS_DIR / f"{stem}.txt",
    ]
    return next((path for path in candidates if path.is_file()), candidates[1])


def load_scorer(shared: Path) -> ModuleType:
    """The shared `eval/score.py`, imported as a module."""
    path = shared / "eval" / "score.py"
    if not path.is_file():
        sys.exit(f"{path}: scorer not found (set DUBAN_SHARED)")
    spec = importlib.util.spec_from_file_location("duban_shared_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(report: Path) -> list[Fact]:
    """The facts `duban extract report` prints."""
    command = (
        [str(DUBAN), "extract", str(report)]
        if DUBAN.exists()
        else [sys.executable, "-m", "duban.cli", "extract", str(report)]
    )
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        sys.exit(f"{report}: duban extract failed: {done.stderr.strip()}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def in_annotated(pred: list[Fact], gold: list[Fact], scorer: ModuleType) -> tuple[list[Fact], int]:
    """Predictions whose sentence is, contains or lies in an annotated sentence of the same
    report; and how many others overlap one only by the scorer's bigram similarity. Those
    are left out: in government reports they are near-repeats of an annotated sentence
    (`…从1.29万亿元提高到1.39万亿元` beside `…增长3%`), not the sentence itself; a large
    count means the sentence splitter no longer cuts where the gold does."""
    squash = scorer.squash
    annotated: dict[str, list[str]] = {}
    for g in gold:
        annotated.setdefault(squash(g["doc"]), []).append(squash(g["sentence"]))
    kept: list[Fact] = []
    similar_only = 0
    for p in pred:
        sentence = squash(p.get("sentence"))
        sentences = annotated.get(squash(p.get("doc")), [])
        if any(s in sentence or sentence in s for s in sentences):
            kept.append(p)
        elif any(scorer.sentences_overlap(s, sentence) for s in sentences):
            similar_only += 1
    return kept, similar_only


def summary_line(name: str, result: dict) -> str:
    q, full = result["quantity"], result["full"]
    return (
        f"{name:<20} gold={result['gold']:>3} pred={result['pred']:>3} matched={result['matched']:>3} | "
        f"quantity P={q['precision']:.3f} R={q['recall']:.3f} F1={q['f1']:.3f} | "
        f"metric={result['metric_accuracy']:.3f} role={result['role_accuracy']:.3f} | "
        f"full F1={full['f1']:.3f}"
    )


def short(fact: Fact) -> str:
    return "|".join(str(fact.get(k)) for k in ("text", "value", "unit", "role", "metric"))


def print_errors(result: dict, show: int) -> None:
    """Up to `show` examples of each error kind, in the scorer's terms."""
    for title in ("missed", "spurious"):
        rows = result[title]
        print(f"  -- {title} ({len(rows)})")
        for fact in rows[:show]:
            print(f"     {short(fact)} :: {str(fact.get('sentence'))[:70]}")
    for title, key in (("wrong metric", "wrong_metric"), ("wrong role", "wrong_role")):
        rows = result[key]
        print(f"  -- {title} ({len(rows)})")
        for gold, pred in rows[:show]:
            print(f"     gold {short(gold)}\n     pred {short(pred)}")


def load_lineup() -> ModuleType:
    """bench/lineup.py, imported from its file (the bench folder is not a package)."""
    spec = importlib.util.spec_from_file_location("duban_bench_lineup", Path(__file__).with_name("lineup.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[Fact]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="examples of each error kind per file")
    parser.add_argument("--only", action="append", default=[], help="gold file stem(s) to run")
    parser.add_argument("--save", type=Path, help="folder to write the kept predictions to")
    args = parser.parse_args()
    shared = shared_dir()
    scorer = load_scorer(shared)
    lineup = load_lineup()
    all_gold: list[Fact] = []
    all_pred: list[Fact] = []
    missing: list[str] = []
    for gold_path in gold_files():
        if args.only and gold_path.stem not in args.only:
            continue
        report = report_text(gold_path.stem, shared)
        if not report.is_file():
            missing.append(gold_path.stem)  # a blind round's text not laid out here
            continue
        gold = read_jsonl(gold_path)
        pred, similar_only = in_annotated(extract(report), gold, scorer)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pred)
            (args.save / gold_path.name).write_text(lines, encoding="utf-8")
        result = scorer.score(gold, pred)
        lined_up = lineup.score(gold, pred, scorer)
        print(summary_line(gold_path.stem, result))
        print(f"  lineup {lineup.summary(lined_up)}")
        if similar_only:
            print(f"  ({similar_only} prediction(s) left out: similar to an annotated sentence, not in one)")
        if args.show:
            print_errors(result, args.show)
            lineup.print_wrong(lined_up, args.show, indent="  ")
        all_gold += gold
        all_pred += pred
    print(summary_line("TOTAL", scorer.score(all_gold, all_pred)))
    print(f"  lineup {lineup.summary(lineup.score(all_gold, all_pred, scorer))}")
    if missing:
        print(f"  (not measured, their texts are not in {shared / 'corpus'}: {', '.join(missing)})")


if __name__ == "__main__":
    main()
