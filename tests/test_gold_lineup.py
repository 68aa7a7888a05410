"""The gold's lining-up fields are well formed (bench/gold/WHEN.md).

Every record of bench/gold/NAME.jsonl and of bench/gold/sample-lineup.jsonl carries `when`,
`basis` and `where`: `when` a calendar period in the grammar of FACTS.md (or null), `basis`
one of the allowed values and set only on `change` facts, `where` a non-empty place. The
sample's file must also line up with the shared gold it annotates, fact by fact.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from _paths import GOLD_DIR as SHARED_GOLD_DIR

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "bench" / "gold"
SAMPLE_LINEUP = GOLD_DIR / "sample-lineup.jsonl"
DEV_GOLD = sorted(path for path in GOLD_DIR.glob("*.jsonl") if path != SAMPLE_LINEUP)

WHEN = re.compile(r"^\d{4}(-H[12]|-Q[1-4]|-\d\d(-\d\d)?)?(/\d{4}(-\d\d)?)?$")
BASES = {"yoy", "avg2y", "avg", "prev", "plan"}
KEY_FIELDS = ("doc", "sentence", "text", "value", "unit")


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _problems(record: dict[str, Any], role: str | None) -> list[str]:
    """What is wrong with the lining-up fields of one record whose role is `role`."""
    missing = [key for key in ("when", "basis", "where") if key not in record]
    if missing:
        return [f"no {', '.join(missing)}"]
    problems = []
    when, basis, where = record["when"], record["basis"], record["where"]
    if when is not None and not (isinstance(when, str) and WHEN.match(when)):
        problems.append(f"when {when!r} is not a period")
    if basis is not None and basis not in BASES:
        problems.append(f"basis {basis!r} is not one of {sorted(BASES)}")
    if basis is not None and role is not None and role != "change":
        problems.append(f"basis {basis!r} on a {role} fact")
    if not (isinstance(where, str) and where.strip()):
        problems.append(f"where {where!r} is empty")
    return problems


def _report(path: Path, records: list[dict[str, Any]], roles: list[str | None]) -> list[str]:
    return [
        f"{path.name}:{n}: {problem} ({record.get('text')})"
        for n, (record, role) in enumerate(zip(records, roles, strict=True), 1)
        for problem in _problems(record, role)
    ]


def test_dev_gold_is_there() -> None:
    assert len(DEV_GOLD) >= 9, [path.name for path in DEV_GOLD]


@pytest.mark.parametrize("path", DEV_GOLD, ids=lambda path: path.stem)
def test_dev_gold_lineup_fields(path: Path) -> None:
    records = _records(path)
    assert records, f"{path.name} is empty"
    assert _report(path, records, [record.get("role") for record in records]) == []


def test_sample_lineup_fields() -> None:
    rows = _records(SAMPLE_LINEUP)
    assert rows, f"{SAMPLE_LINEUP.name} is empty"
    assert all(list(row) == [*KEY_FIELDS, "when", "basis", "where"] for row in rows)
    gold_paths = sorted(SHARED_GOLD_DIR.glob("*.jsonl"))
    if not gold_paths:
        pytest.skip(f"no shared gold in {SHARED_GOLD_DIR}")
    gold = [fact for gold_path in gold_paths for fact in _records(gold_path)]
    assert len(rows) == len(gold)
    unlike = [
        n
        for n, (row, fact) in enumerate(zip(rows, gold, strict=True), 1)
        if any(row[k] != fact[k] for k in KEY_FIELDS)
    ]
    assert unlike == [], f"rows not lined up with the shared gold: {unlike[:10]}"
    assert _report(SAMPLE_LINEUP, rows, [fact.get("role") for fact in gold]) == []


@pytest.mark.parametrize(
    ("record", "role", "ok"),
    [
        ({"when": "2021-H1", "basis": "yoy", "where": "青岛市"}, "change", True),
        ({"when": "2021-01/2021-05", "basis": None, "where": "全国"}, "level", True),
        ({"when": "2016/2020", "basis": "avg", "where": "全国"}, "change", True),
        ({"when": "2021-06-30", "basis": None, "where": "青岛市"}, "share", True),
        ({"when": "2021年上半年", "basis": None, "where": "青岛市"}, "level", False),
        ({"when": "2021-H3", "basis": None, "where": "青岛市"}, "level", False),
        ({"when": "2021", "basis": "yoy", "where": "青岛市"}, "target", False),
        ({"when": "2021", "basis": "同比", "where": "青岛市"}, "change", False),
        ({"when": "2021", "basis": None, "where": ""}, "level", False),
        ({"when": "2021", "basis": None}, "level", False),
    ],
    ids=lambda value: json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value),
)
def test_the_shape_check_itself(record: dict[str, Any], role: str, ok: bool) -> None:
    assert (_problems(record, role) == []) is ok
