"""The fact format is an outside contract (../shared/spec/FACTS.md): every fact that
`duban extract` prints, on the sample and on reports of other levels, keeps it."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from _paths import EXTRA_DIR as EXTRA
from duban.model import Approx, Role, fact_lines
from duban.pipeline import extract_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
INPUTS = [SAMPLE, *sorted(EXTRA.glob("*.txt"))]
FIELDS = {"doc": str, "sentence": str, "text": str, "value": float, "unit": str, "role": str, "metric": str}


def run_extract(*paths: Path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-c", "from duban.cli import main; main()", "extract", *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return run_extract(*INPUTS)


@pytest.mark.slow
def test_every_input_gives_facts(facts: list[dict]) -> None:
    docs = {f["doc"] for f in facts}
    assert len(docs) >= 9 + len(INPUTS) - 1


@pytest.mark.slow
def test_every_fact_has_the_contract_fields(facts: list[dict]) -> None:
    for fact in facts:
        for name, kind in FIELDS.items():
            assert isinstance(fact[name], kind), (name, fact)
        assert fact["role"] in {r.value for r in Role}, fact
        assert fact["approx"] in {None, *(a.value for a in Approx)}, fact
        assert fact["metric"], fact
        assert fact["start"] < fact["end"], fact


@pytest.mark.slow
def test_every_fact_stands_in_its_sentence(facts: list[dict]) -> None:
    for fact in facts:
        assert fact["text"] and fact["text"] in fact["sentence"], fact
        assert not any(ch.isspace() for ch in fact["sentence"]), fact


@pytest.mark.slow
def test_units_are_canonical(facts: list[dict]) -> None:
    for fact in facts:
        magnitude_first = fact["unit"].startswith(("万", "亿", "千", "百"))
        assert not magnitude_first or fact["unit"] in {"千米", "千瓦", "千瓦时", "百分点"}, fact
        assert fact["unit"] not in {"人民币", "元人民币", "％", "个百分点"}, fact


@pytest.mark.slow
def test_a_percentage_is_never_a_level(facts: list[dict]) -> None:
    assert not [f for f in facts if f["unit"] == "%" and f["role"] == "level"]


def test_spans_point_at_the_quantity_in_the_report() -> None:
    for path in INPUTS:
        _, reports, _ = extract_path(path)
        for extracted in reports:
            text = extracted.report.text
            for fact in extracted.facts:
                span = fact.quantity.span
                assert text[span.start : span.end] == fact.quantity.text
                assert fact.sentence.span.contains(span)


@pytest.mark.slow
def test_the_same_input_gives_the_same_output() -> None:
    assert run_extract(SAMPLE) == run_extract(SAMPLE)


TABLE = (
    "青岛市2021年上半年财政收支情况\n单位：亿元\n项目\t本期\t增长%\n"
    "一般公共预算收入\t702.5\t22.1\n税收收入\t551.5\t26.8\n"
)


def test_the_lines_written_are_json_dumps_of_each_fact(tmp_path: Path) -> None:
    """`duban extract` writes its lines key by key (`fact_lines`): each must be, byte for byte,
    what json.dumps of the fact's contract object gives, for every fact of the sample, the
    extra reports and a table (its facts carry a cell), and for values JSON spells its own way."""
    table = tmp_path / "table.txt"
    table.write_text(TABLE, encoding="utf-8")
    checked = 0
    for path in [*INPUTS, table]:
        _, reports, _ = extract_path(path)
        for extracted in reports:
            doc = extracted.report.title
            expected = "".join(json.dumps(f.to_json(doc), ensure_ascii=False) + "\n" for f in extracted.facts)
            assert fact_lines(extracted.facts, doc) == expected
            checked += len(extracted.facts)
    assert checked > 1000
    fact = extract_path(table)[1][0].facts[0]
    assert fact.cell is not None
    for value in (0.0, -0.0, 1e16, 2.5e-07, float("inf"), float("-inf"), float("nan"), 3458.0):
        odd = dataclasses.replace(fact, value=value, subject='引号"与\\反斜杠\n', when=None)
        assert fact_lines([odd], '题"目') == json.dumps(odd.to_json('题"目'), ensure_ascii=False) + "\n"
