"""The quantity parser: table-driven cases, span properties, the sample corpus, the CLI."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import duban
from duban.cli.commands import app
from duban.extract.numerals import chinese_value, rules
from duban.extract.quantities import quantities
from duban.model import Approx

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "quantities.yaml").read_text(encoding="utf-8"))
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"


def _cases(*, failing: bool) -> list[Any]:
    params = []
    for group, cases in CASES.items():
        if (group == "known_failures") != failing:
            continue
        for case in cases:
            marks = [pytest.mark.xfail(strict=True)] if failing else []
            params.append(pytest.param(case["text"], case["expect"], id=case["text"], marks=marks))
    return params


def _check(text: str, expect: list[dict[str, Any]]) -> None:
    found = quantities(text)
    for q in found:
        assert text[q.span.start : q.span.end] == q.text
    got = [(q.text, q.unit, str(q.approx) if q.approx else None) for q in found]
    want = [(e["text"], e["unit"], e["approx"]) for e in expect]
    assert got == want
    for q, e in zip(found, expect, strict=True):
        assert math.isclose(q.value, e["value"], rel_tol=1e-4, abs_tol=0.01), (q.text, q.value, e["value"])


@pytest.mark.parametrize(("text", "expect"), _cases(failing=False))
def test_case(text: str, expect: list[dict[str, Any]]) -> None:
    _check(text, expect)


@pytest.mark.parametrize(("text", "expect"), _cases(failing=True))
def test_known_failure(text: str, expect: list[dict[str, Any]]) -> None:
    _check(text, expect)


def test_the_case_file_is_large_and_grouped() -> None:
    groups = {"plain", "chinese_numerals", "magnitudes", "units", "percent", "ranges", "approx", "ranks"}
    groups |= {"fractions", "money", "not_quantities", "tricky", "known_failures"}
    groups |= {"money_forms", "bare_numerals", "negatives", "mixed_forms", "vague"}
    assert groups <= set(CASES)
    assert sum(len(cases) for cases in CASES.values()) >= 200


def test_the_package_reexports_the_parser() -> None:
    [q] = duban.quantities("同比增长13.8%")
    assert (q.text, q.value, q.unit, q.approx) == ("13.8%", 13.8, "%", None)


def test_a_quantity_keeps_its_offset_in_a_longer_text() -> None:
    text = "上半年,全市生产总值实现6539.21亿元,居全国城市第13位"
    first, second = quantities(text)
    assert (first.span.start, first.span.end) == (12, 21)
    assert second.text == "第13位" and text.index("第13位") == second.span.start


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十四", 14), ("一百零五", 105), ("两万", 20000), ("一万五千亿", 1.5e12), ("一亿五千万", 1.5e8)],
)
def test_chinese_numerals(numeral: str, value: float) -> None:
    assert chinese_value(numeral) == value


@pytest.mark.parametrize("numeral", ["十四五", "二〇二一", "两三", "五五", ""])
def test_malformed_chinese_numerals_have_no_value(numeral: str) -> None:
    assert chinese_value(numeral) is None


def test_the_rules_file_hangs_together() -> None:
    r = rules()
    units = set(r["units"]["measure"]) | set(r["units"]["money"]) | set(r["units"]["percent"])
    units |= set(r["units"]["tenths"]) | set(r["units"]["bare_nouns"])
    assert set(r["units"]["arabic_only"]) <= units
    assert set(r["units"]["not_before"]) <= units
    assert not units & set(r["not_units"])
    for table in ("before", "inside", "after"):
        assert {Approx(a) for a in r["approx"][table].values()} <= set(Approx)
    assert set(r["approx"]["not_after"]) <= set(r["approx"]["before"])


SPAN_ALPHABET = list(
    "0123456789.,%-~、:/+第个万亿千百十一二两三四五六七八九零〇"
    "约近超过余多以上左右元人年月日号位名首之分点成家项“”()\n AB负壹拾萬圆块毛角到廿kw"
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(SPAN_ALPHABET), max_size=40), st.text(max_size=40)))
def test_spans_always_slice_to_the_text(text: str) -> None:
    previous_end = 0
    for q in quantities(text):
        assert text[q.span.start : q.span.end] == q.text
        assert q.text and q.span.start >= previous_end
        assert math.isfinite(q.value)
        assert q.value >= 0 or q.text.startswith(("-", "－", "负", "零下", "百分之负"))
        previous_end = q.span.end


def test_the_whole_sample_corpus() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    found = quantities(text)
    assert len(found) > 400
    assert all(text[q.span.start : q.span.end] == q.text for q in found)
    assert [q.span.start for q in found] == sorted(q.span.start for q in found)
    assert {"元", "%", "百分点", "位", "人次"} <= {q.unit for q in found}


def test_cli_prints_one_json_object_per_quantity() -> None:
    result = CliRunner().invoke(app, ["quantities", "进出口3975.2亿元人民币,同比增长39.6%,近百条"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows == [
        {"text": "3975.2亿元", "value": 397520000000.0, "unit": "元", "approx": None, "start": 3, "end": 11},
        {"text": "39.6%", "value": 39.6, "unit": "%", "approx": None, "start": 19, "end": 24},
        {"text": "百条", "value": 100.0, "unit": "条", "approx": "under", "start": 26, "end": 28},
    ]
    assert "亿元" in result.output  # Chinese as is, not \\u escapes


def test_cli_prints_nothing_for_empty_text() -> None:
    result = CliRunner().invoke(app, ["quantities", ""])
    assert result.exit_code == 0
    assert result.output == ""


@pytest.mark.parametrize(
    ("text", "number", "reason"),
    [
        ("十四五", "十四五", "two digits in a row"),
        ("5G基站", "5", "part of a code"),
        ("第二届", "第二届", "届 after the number"),
        ("见附件1", "1", "a label"),
        ("一批企业", "一", "an ordinal or an article"),
        ("数十家企业", "数十", "a vague count"),
        ("十几个", "十几", "a vague count"),
    ],
)
def test_a_rejected_number_says_why_at_debug_level(
    caplog: pytest.LogCaptureFixture, text: str, number: str, reason: str
) -> None:
    with caplog.at_level(logging.DEBUG, logger="duban.extract"):
        assert quantities(text) == []
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("duban.extract")]
    assert any(reason in msg and repr(number) in msg for msg in messages), messages


def test_rejections_are_silent_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="duban.extract"):
        quantities("“十四五”时期,5G基站,第二届,附件1")
    assert not caplog.records
