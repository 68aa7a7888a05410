"""Fact quality on the sample: `duban extract` against the hand-checked gold facts.

Runs `duban extract` on the shipped sample (src/duban/data/qingdao-2021h1.txt) as
a process, scores its output against every ``gold/*.jsonl`` of the shared folder
with the shared scorer (``eval/score.py``) and prints the figures: quantity
precision / recall / F1, metric and role accuracy, full-fact F1; then the accuracy of the
lining-up fields `when`, `where` and `basis` on the same pairs (bench/lineup.py, the gold's
fields from bench/gold/sample-lineup.jsonl joined to the shared gold by line order; a
prediction without them is wrong); and with --show N the first N missed, spurious,
wrong-metric, wrong-role and wrong when/where/basis facts.

The shared folder is ``../shared`` beside the repository, or $DUBAN_SHARED.
Usage: .venv/bin/python bench/quality.py [--show 20] [--json]
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
DUBAN = Path(sys.executable).with_name("duban")


def shared_dir() -> Path:
    """The shared folder: $DUBAN_SHARED, else ``shared`` beside the repository."""
    return Path(os.environ.get("DUBAN_SHARED") or Path(__file__).parents[1].parent / "shared")


def load_scorer(shared: Path) -> ModuleType:
    """The shared scorer module, imported from its file."""
    spec = importlib.util.spec_from_file_location("duban_shared_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predicted_facts(path: Path = SAMPLE) -> list[dict[str, Any]]:
    """The facts `duban extract` prints for `path`."""
    done = subprocess.run([str(DUBAN), "extract", str(path)], capture_output=True, check=True, text=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def gold_facts(shared: Path) -> list[dict[str, Any]]:
    """Every gold fact of the shared folder."""
    facts = []
    for path in sorted((shared / "gold").glob("*.jsonl")):
        facts += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return facts


def load_lineup() -> ModuleType:
    """bench/lineup.py, imported from its file (the bench folder is not a package)."""
    spec = importlib.util.spec_from_file_location("duban_bench_lineup", Path(__file__).with_name("lineup.py"))
    if spec is None or spec.loader is None:
        raise FileNotFoundError(Path(__file__).with_name("lineup.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(shared: Path | None = None) -> dict[str, Any]:
    """Score `duban extract` on the sample against the gold: the scorer's result dict."""
    shared = shared or shared_dir()
    scorer = load_scorer(shared)
    return scorer.score(gold_facts(shared), predicted_facts())


def _short(fact: dict[str, Any]) -> str:
    return "|".join(str(fact.get(k)) for k in ("text", "value", "unit", "role", "metric"))


def _show(result: dict[str, Any], n: int) -> None:
    for title in ("missed", "spurious"):
        print(f"-- {title} ({len(result[title])})")
        for fact in result[title][:n]:
            print("  ", _short(fact), "::", "".join(fact.get("sentence", "").split())[:60])
    for title in ("wrong_metric", "wrong_role"):
        print(f"-- {title} ({len(result[title])})")
        for gold, pred in result[title][:n]:
            print("   gold", _short(gold), "\n   pred", _short(pred))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="examples of each error kind to print")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    shared = shared_dir()
    if not (shared / "eval" / "score.py").exists():
        sys.exit(f"no shared scorer in {shared} (set DUBAN_SHARED)")
    scorer, lineup = load_scorer(shared), load_lineup()
    gold = gold_facts(shared)
    try:
        lined_gold = lineup.sample_gold(gold)
    except (OSError, lineup.LineupError) as err:
        sys.exit(f"{lineup.SAMPLE_LINEUP}: {err}")
    pred = predicted_facts()
    result = scorer.score(gold, pred)
    lined_up = lineup.score(lined_gold, pred, scorer)
    figures = {k: v for k, v in result.items() if not isinstance(v, list)}
    if args.json:
        print(json.dumps({**figures, "lineup": lineup.figures(lined_up)}, ensure_ascii=False))
        return
    if args.show:
        _show(result, args.show)
        lineup.print_wrong(lined_up, args.show)
    q, full = result["quantity"], result["full"]
    print(f"gold={result['gold']} pred={result['pred']} matched={result['matched']}")
    print(
        f"quantity P={q['precision']:.3f} R={q['recall']:.3f} F1={q['f1']:.3f} | "
        f"metric={result['metric_accuracy']:.3f} role={result['role_accuracy']:.3f} | "
        f"full F1={full['f1']:.3f}"
    )
    print(f"lineup {lineup.summary(lined_up)}")


if __name__ == "__main__":
    main()
