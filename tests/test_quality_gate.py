"""The gold gate: fact quality on the sample must not fall below the last measured level.

Runs `duban extract` on the shipped sample and scores it with the shared scorer
against the shared gold facts (see bench/quality.py). Thresholds sit just under the
figures measured when they were last raised; raise them when quality improves.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# last measured on the sample: quantity F1 1.000, metric 0.971, role 1.000
QUANTITY_F1 = 0.99
METRIC_ACCURACY = 0.96
ROLE_ACCURACY = 0.99


def _quality_module() -> Any:
    spec = importlib.util.spec_from_file_location("duban_bench_quality", ROOT / "bench" / "quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


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
