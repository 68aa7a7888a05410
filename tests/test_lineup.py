"""When, basis, where, body and indicator of facts: table cases in short reports
(tests/cases/lineup.yaml), the period forms, and the State Council reports lined up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from duban.lineup import periods
from duban.lineup import when as wh
from duban.model import Report, Span
from duban.pipeline import extract_report

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "lineup.yaml").read_text(encoding="utf-8"))
EXPECTED = [(case, fact) for case in CASES for fact in case["expect"]]


def _report(case: dict[str, Any]) -> Report:
    text = case["title"] + "\n" + case["text"]  # a report opens with its title line
    date = case.get("date")
    return Report(
        id="case-1",
        document_id="case",
        ordinal=1,
        title=case["title"],
        department=case.get("department"),
        date=dt.date.fromisoformat(str(date)) if date else None,
        period=case.get("period"),
        span=Span(0, len(text)),
        text=text,
    )


_FACTS: dict[str, list[Any]] = {}


def _facts(case: dict[str, Any]) -> list[Any]:
    if case["name"] not in _FACTS:
        _FACTS[case["name"]] = list(extract_report(_report(case), facts_only=True).facts)
    return _FACTS[case["name"]]


@pytest.mark.parametrize(
    ("case", "expected"), EXPECTED, ids=[f"{c['name']}: {e['text']}" for c, e in EXPECTED]
)
def test_fact_is_lined_up(case: dict[str, Any], expected: dict[str, Any]) -> None:
    found = [f for f in _facts(case) if f.quantity.text == expected["text"]]
    assert found, f"no fact {expected['text']!r} in {[f.quantity.text for f in _facts(case)]}"
    fact = found[expected.get("nth", 0)]
    for field in ("when", "basis", "where", "body", "indicator"):
        if field in expected:
            assert getattr(fact, field) == expected[field], (field, fact.sentence.text)


@pytest.mark.parametrize(
    ("args", "form"),
    [
        ((2021, 1, 6), "2021-H1"),
        ((2021, 7, 12), "2021-H2"),
        ((2021, 1, 3), "2021-Q1"),
        ((2021, 7, 9), "2021-Q3"),
        ((2021, 1, 12), "2021"),
        ((2021, 1, 5), "2021-01/2021-05"),
        ((2021, 6, 6), "2021-06"),
    ],
)
def test_a_run_of_months_is_written_as_what_it_is(args: tuple[int, int, int], form: str) -> None:
    assert periods.months(*args) == form


@pytest.mark.parametrize(
    ("when", "first", "last"),
    [
        ("2021", "2021-01-01", "2021-12-31"),
        ("2021-H1", "2021-01-01", "2021-06-30"),
        ("2020-Q1", "2020-01-01", "2020-03-31"),
        ("2021-02", "2021-02-01", "2021-02-28"),
        ("2021-01/2021-05", "2021-01-01", "2021-05-31"),
        ("2016/2020", "2016-01-01", "2020-12-31"),
        ("2021-06-30", "2021-06-30", "2021-06-30"),
    ],
)
def test_period_bounds(when: str, first: str, last: str) -> None:
    assert periods.bounds(when) == (first, last)


@pytest.mark.parametrize(
    ("text", "report_year", "in_force", "said"),
    [
        ("“十三五”时期", 2016, 2016, "2016/2020"),
        ("“十四五”末", 2021, 2021, "2025"),
        ("过去五年", 2018, 2017, "2013/2017"),
        ("2016—2020年", 2021, 2020, "2016/2020"),
        ("到2035年", 2021, 2021, "2035"),
        ("2019年末", 2020, 2019, "2019-12-31"),
        ("去年末", 2016, 2015, "2015-12-31"),
        ("截至6月底", 2021, 2021, "2021-06-30"),
        ("截至上半年", 2021, 2021, "2021-06-30"),
        ("前三季度", 2021, 2021, "2021-01/2021-09"),
        ("一季度", 2021, 2021, "2021-Q1"),
        ("6月17日", 2021, 2021, "2021-06-17"),
        ("全年", 2019, 2018, "2018"),
        ("今年", 2019, 2018, "2019"),
        ("上年", 2017, 2016, "2015"),
        ("明年", 2021, 2021, "2022"),
    ],
)
def test_time_words(text: str, report_year: int, in_force: int, said: str) -> None:
    found = wh.times_in(text, report_year, in_force)
    assert [s.when for s in found] == [said]


@pytest.mark.parametrize("text", ["比上年增长", "同比增长", "较上年同期", "与2020年相比", "去年同期"])
def test_a_comparison_base_is_no_period(text: str) -> None:
    assert all(s.base for s in wh.times_in(text, 2021, 2021))
