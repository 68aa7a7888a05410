"""The gold gates: fact quality must not fall below the last measured level.

Runs `duban extract` on the shipped sample and scores it with the shared scorer
against the shared gold facts (see bench/quality.py); and on the dev-set reports of
other levels (shared extras and bench/gold/texts) against the hand-annotated gold in
bench/gold (see bench/devset.py).
Thresholds sit just under the figures measured when they were last raised; raise
them when quality improves.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from _paths import NOT_YET_TUNED

pytestmark = pytest.mark.slow  # the gates run `duban extract` as a process over the gold's reports

ROOT = Path(__file__).resolve().parents[1]

# last measured on the sample: quantity F1 1.000, metric 0.971, role 1.000
QUANTITY_F1 = 0.995
METRIC_ACCURACY = 0.965
ROLE_ACCURACY = 0.995

# last measured on the dev-set gold of bench/gold (3259 matched facts over 44 reports of other
# levels, the State Council 2016–2024 ones and blind rounds 3 to 21 included): quantity F1
# 0.997, metric 0.986, role 0.995
DEVSET_QUANTITY_F1 = 0.995
DEVSET_METRIC_ACCURACY = 0.98
DEVSET_ROLE_ACCURACY = 0.985


def _bench_module(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"duban_bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _quality_module() -> Any:
    return _bench_module("quality")


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    quality = _quality_module()
    shared = quality.shared_dir()
    if not (shared / "eval" / "score.py").exists() or not list((shared / "gold").glob("*.jsonl")):
        pytest.skip(f"no shared scorer and gold facts in {shared} (set DUBAN_SHARED)")
    return quality.measure(shared)


def test_quantity_f1(result: dict[str, Any]) -> None:
    assert result["quantity"]["f1"] >= QUANTITY_F1, result["quantity"]


def test_metric_accuracy(result: dict[str, Any]) -> None:
    wrong = [(g["text"], g["metric"], p["metric"]) for g, p in result["wrong_metric"]]
    assert result["metric_accuracy"] >= METRIC_ACCURACY, wrong[:20]


def test_role_accuracy(result: dict[str, Any]) -> None:
    wrong = [(g["text"], g["role"], p["role"]) for g, p in result["wrong_role"]]
    assert result["role_accuracy"] >= ROLE_ACCURACY, wrong[:20]


# ------------------------------------------------------------ the development set: reports of other levels


@pytest.fixture(scope="module")
def devset() -> dict[str, Any]:
    bench = _bench_module("devset")
    shared = bench.shared_dir()
    golds = [p for p in bench.gold_files() if p.stem not in NOT_YET_TUNED]
    if not golds or not (shared / "eval" / "score.py").exists():
        pytest.skip(f"no development-set gold in {bench.GOLD_DIR} or no shared scorer in {shared}")
    scorer = bench.load_scorer(shared)
    all_gold: list[dict[str, Any]] = []
    all_pred: list[dict[str, Any]] = []
    laid_out = [p for p in golds if bench.report_text(p.stem, shared).exists()]
    if not laid_out:
        pytest.skip(f"no development-set report text found for the gold in {bench.GOLD_DIR}")
    for path in sorted(set(golds) - set(laid_out)):  # a shared held-out text not laid out
        warnings.warn(
            f"{path.stem}: its report text is not laid out here; left out of the gate", stacklevel=1
        )
    for path in laid_out:
        report = bench.report_text(path.stem, shared)
        gold = bench.read_jsonl(path)
        pred, _ = bench.in_annotated(bench.extract(report), gold, scorer)
        all_gold += gold
        all_pred += pred
    return scorer.score(all_gold, all_pred)


def test_devset_quantity_f1(devset: dict[str, Any]) -> None:
    assert devset["quantity"]["f1"] >= DEVSET_QUANTITY_F1, devset["quantity"]


def test_devset_metric_accuracy(devset: dict[str, Any]) -> None:
    wrong = [(g["text"], g["metric"], p["metric"]) for g, p in devset["wrong_metric"]]
    assert devset["metric_accuracy"] >= DEVSET_METRIC_ACCURACY, wrong[:20]


def test_devset_role_accuracy(devset: dict[str, Any]) -> None:
    wrong = [(g["text"], g["role"], p["role"]) for g, p in devset["wrong_role"]]
    assert devset["role_accuracy"] >= DEVSET_ROLE_ACCURACY, wrong[:20]
