"""Accuracy of the lining-up fields `when`, `basis` and `where` (see bench/gold/WHEN.md).

Gold facts carry the three fields (bench/gold/NAME.jsonl; the sample's are in
bench/gold/sample-lineup.jsonl, joined to the shared gold by line order with `join`).
Predicted facts are dicts of the FACTS.md contract. They are paired exactly as the shared
scorer `<shared>/eval/score.py` pairs them (its `match`), and on the pairs:

- `when` and `where`: accuracy over every pair;
- `basis`: accuracy over the pairs whose gold role is `change`.

Optional gold facts are left out, as the shared scorer leaves them out of metric and role
accuracy. A prediction without a field counts as wrong for it.

Usage: .venv/bin/python bench/lineup.py GOLD.jsonl PRED.jsonl [--show 10] [--ignore-doc]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_LINEUP = ROOT / "bench" / "gold" / "sample-lineup.jsonl"
FIELDS = ("when", "basis", "where")
KEY_FIELDS = ("doc", "sentence", "text", "value", "unit")

Fact = dict[str, Any]


class LineupError(Exception):
    """The sample's lining-up file does not fit the shared gold it annotates."""


def shared_dir() -> Path:
    """The shared folder: $DUBAN_SHARED, else `shared` beside the repository."""
    return Path(os.environ.get("DUBAN_SHARED") or ROOT.parent / "shared")


def load_scorer(shared: Path) -> ModuleType:
    """The shared `eval/score.py`, imported as a module (its pairing is the one used here)."""
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("duban_shared_score", path)
    if not path.is_file() or spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[Fact]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def join(gold: list[Fact], rows: list[Fact]) -> list[Fact]:
    """The gold facts with `when`, `basis`, `where` from `rows`, the lining-up file made for
    them line by line; `LineupError` when the two do not have the same facts in the same order."""
    if len(rows) != len(gold):
        raise LineupError(f"{len(rows)} lining-up rows for {len(gold)} gold facts")
    joined = []
    for n, (fact, row) in enumerate(zip(gold, rows, strict=True), 1):
        differing = [key for key in KEY_FIELDS if fact.get(key) != row.get(key)]
        if differing:
            fields = ", ".join(differing)
            raise LineupError(f"row {n}: {fields} differ from the gold fact ({fact.get('text')})")
        joined.append({**fact, **{key: row.get(key) for key in FIELDS}})
    return joined


def sample_gold(gold: list[Fact], path: Path = SAMPLE_LINEUP) -> list[Fact]:
    """The shared sample gold (in the order `gold/*.jsonl` gives it) with its lining-up fields."""
    return join(gold, read_jsonl(path))


def _same(gold: Fact, pred: Fact, key: str) -> bool:
    return key in pred and _norm(pred[key]) == _norm(gold.get(key))


def _norm(value: object) -> object:
    return "".join(value.split()) if isinstance(value, str) else value


def _rate(right: int, total: int) -> dict[str, float | int]:
    return {"right": right, "total": total, "accuracy": right / total if total else 0.0}


def score(gold: list[Fact], pred: list[Fact], scorer: ModuleType, ignore_doc: bool = False) -> dict[str, Any]:
    """Accuracy of `when`, `where` (all scored pairs) and `basis` (pairs whose gold role is
    `change`), the pairs made by the shared scorer's `match`; `wrong` lists the
    (field, gold, pred) of every mismatch."""
    pairs, _ = scorer.match(gold, pred, ignore_doc)
    right = dict.fromkeys(FIELDS, 0)
    total = dict.fromkeys(FIELDS, 0)
    wrong: list[tuple[str, Fact, Fact]] = []
    for i, j in pairs:
        g, p = gold[i], pred[j]
        if g.get("optional"):
            continue
        fields = FIELDS if g.get("role") == "change" else ("when", "where")
        for key in fields:
            total[key] += 1
            if _same(g, p, key):
                right[key] += 1
            else:
                wrong.append((key, g, p))
    return {**{key: _rate(right[key], total[key]) for key in FIELDS}, "wrong": wrong}


def summary(result: dict[str, Any]) -> str:
    """`when=0.950 (190/200) where=… basis=…` for one result of `score`."""
    return " ".join(
        f"{key}={result[key]['accuracy']:.3f} ({result[key]['right']}/{result[key]['total']})"
        for key in ("when", "where", "basis")
    )


def figures(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its list of mismatches (for JSON output)."""
    return {key: result[key] for key in FIELDS}


def print_wrong(result: dict[str, Any], show: int, indent: str = "") -> None:
    """Up to `show` mismatches of each field."""
    for key in ("when", "where", "basis"):
        rows = [(g, p) for field, g, p in result["wrong"] if field == key]
        print(f"{indent}-- wrong {key} ({len(rows)})")
        for g, p in rows[:show]:
            got = p.get(key, "(none)")
            print(f"{indent}   gold {g.get(key)} pred {got} :: {g.get('text')} {g.get('metric')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("pred", type=Path)
    parser.add_argument("--ignore-doc", action="store_true", help="match across documents")
    parser.add_argument("--show", type=int, default=0, help="mismatches of each field to print")
    args = parser.parse_args()
    try:
        scorer = load_scorer(shared_dir())
    except FileNotFoundError as err:
        sys.exit(f"{err}: scorer not found (set DUBAN_SHARED)")
    result = score(read_jsonl(args.gold), read_jsonl(args.pred), scorer, args.ignore_doc)
    if args.show:
        print_wrong(result, args.show)
    print(f"lineup {summary(result)}")


if __name__ == "__main__":
    main()
