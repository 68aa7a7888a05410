"""Checks on the real sample: progress against time, arithmetic, consistency.

The sample (`src/duban/data/qingdao-2021h1.txt`) runs through the real pipeline;
the assertions name sentences of the sample and the status each must get.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from _paths import EXTRA_DIR
from duban.analyse.checks import locate, period_share, run_checks
from duban.errors import InvariantError
from duban.model import ExtractedReport, Finding
from duban.pipeline import extract_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "duban" / "data" / "qingdao-2021h1.txt"
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "elapsed.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample() -> list[ExtractedReport]:
    return extract_path(SAMPLE)[1]


@pytest.fixture(scope="module")
def findings(sample: list[ExtractedReport]) -> list[Finding]:
    return run_checks(sample)


def found(findings: Sequence[Finding], kind: str, *fragments: str) -> list[Finding]:
    """Findings of `kind` on a sentence that holds every fragment."""
    return [
        f
        for f in findings
        if f.kind == kind and all(fr in "".join(f.sentence.text.split()) for fr in fragments)
    ]


def one(findings: Sequence[Finding], kind: str, *fragments: str) -> Finding:
    hits = found(findings, kind, *fragments)
    assert len(hits) == 1, (fragments, [h.message for h in hits])
    return hits[0]


def extract_text(tmp_path: Path, name: str, text: str) -> list[ExtractedReport]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_path(path)[1]


# ---------------------------------------------------------------- elapsed share


@pytest.mark.parametrize(
    "case", [c for group in CASES.values() for c in group], ids=lambda c: str(c["period"])
)
def test_period_share(case: dict) -> None:
    assert period_share(case["period"]) == (pytest.approx(case["share"]) if case["share"] else None)


# ---------------------------------------------------------------- progress


@pytest.mark.parametrize(
    ("fragment", "status"),
    [
        ("完成年度目标的44.08%", "behind"),  # 人社局: talent, half a year gone
        ("占年度计划投资的51.4%", "on_track"),  # 海洋发展局
        ("完成年度指标的40%", "behind"),  # 民营经济局: unicorn projects
        ("完成年度指标的56%", "on_track"),
    ],
)
def test_progress_against_half_a_year(findings: list[Finding], fragment: str, status: str) -> None:
    hits = [f for f in found(findings, "progress", fragment) if fragment in f.message]
    assert [f.status for f in hits] == [status], [f.message for f in hits]
    assert "时间进度50%" in hits[0].message


def test_progress_listed_with_fenbie_is_ahead(findings: list[Finding]) -> None:
    hits = found(findings, "progress", "分别完成年度投资计划的77%、78%")
    assert sorted(f.facts[-1].value for f in hits) == [77, 78]
    assert {f.status for f in hits} == {"ahead"}


def test_progress_infers_the_annual_target_and_agrees_with_the_plan(findings: list[Finding]) -> None:
    hits = [f for f in found(findings, "progress", "项目26个,完成年度指标的52%") if "52%" in f.message]
    assert len(hits) == 1
    finding = hits[0]
    assert finding.status == "on_track"
    assert "推算年度目标约50个" in finding.message
    assert "一致" in finding.message and "不一致" not in finding.message
    stated = [f for f in finding.facts if "50个以上" in f.sentence.text]
    assert stated and stated[0].value == 50


def test_rates_not_of_an_annual_plan_are_not_compared_with_time(findings: list[Finding]) -> None:
    assert not found(findings, "progress", "开工率达88%")
    assert not [f for f in found(findings, "progress", "开工在建率") if "93.1%" in f.message]
    assert not found(findings, "progress", "三年行动总体完成率超过50%")


# ---------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
    ("fragments", "expected"),
    [
        (("265个重点招引产业项目", "占比54.3%"), "144个÷265个=54.34%"),
        (("重点签约项目180个", "开工运营率56.7%"), "102个÷180个=56.67%"),
        (("24个问题已整改到位20项", "其余4项"), "20项+4项=24"),
        (("100个反馈问题中", "其他29项"), "71项+29项=100"),
        (("20所幼儿园、30所中小学", "开工率达88%"), "=88%"),
    ],
)
def test_arithmetic_cases_in_the_sample_hold(
    findings: list[Finding], fragments: tuple[str, ...], expected: str
) -> None:
    hits = [f for f in found(findings, "arithmetic", *fragments) if expected in f.message]
    assert hits, [f.message for f in found(findings, "arithmetic", *fragments)]
    assert {f.status for f in hits} == {"ok"}


def test_the_sample_has_no_false_mismatch(findings: list[Finding]) -> None:
    assert [f.message for f in findings if f.status == "mismatch"] == []


def test_an_altered_ratio_is_a_mismatch(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count("占比54.3%") == 1
    reports = extract_text(tmp_path, "altered.txt", text.replace("占比54.3%", "占比64.3%"))
    finding = one(run_checks(reports), "arithmetic", "占比64.3%")
    assert finding.status == "mismatch"
    assert "54.34%" in finding.message and "64.3%" in finding.message
    assert [f.value for f in finding.facts] == [265, 144, 64.3]


def test_an_altered_remainder_is_a_mismatch(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("其余4项", "其余6项")
    hits = found(run_checks(extract_text(tmp_path, "rest.txt", text)), "arithmetic", "其余6项")
    assert sorted((f.status, f.message) for f in hits) == [
        ("mismatch", "20项+6项=26,与总数24个不符"),
        ("ok", "71项+29项=100,与总数100个相符"),
    ]


# ---------------------------------------------------------------- consistency

REPORT = "青岛市商务局2021年上半年工作总结\n2021-08-20\n一、上半年工作完成情况\n{body}\n"


def test_the_same_indicator_with_two_values_conflicts(tmp_path: Path) -> None:
    first = extract_text(
        tmp_path, "a.txt", REPORT.format(body="上半年,全市货物进出口总额3975.2亿元,同比增长39.6%。")
    )
    second = extract_text(
        tmp_path, "b.txt", REPORT.format(body="上半年,全市货物进出口总额3900.5亿元,同比增长39.6%。")
    )
    conflicts = [f for f in run_checks([*first, *second]) if f.kind == "consistency"]
    assert [f.status for f in conflicts] == ["conflict"], [f.message for f in conflicts]
    assert "3900.5亿元" in conflicts[0].message and "3975.2亿元" in conflicts[0].message


def test_the_same_value_told_twice_is_no_conflict(tmp_path: Path) -> None:
    body = "上半年,全市货物进出口总额3975.2亿元,同比增长39.6%。"
    reports = extract_text(tmp_path, "a.txt", REPORT.format(body=body))
    again = extract_text(tmp_path, "b.txt", REPORT.format(body=body.replace("3975.2亿元", "3975.20亿元")))
    assert not [f for f in run_checks([*reports, *again]) if f.kind == "consistency"]


def test_growth_on_different_bases_is_no_conflict(findings: list[Finding]) -> None:
    assert not found(findings, "consistency", "两年平均增长6.7%")


EXTRA = EXTRA_DIR  # other real reports, when this machine has them


def test_a_copy_and_the_extras_give_no_false_conflict(sample: list[ExtractedReport], tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes() + b"\n")  # other bytes, the same sentences
    reports = [*sample, *extract_path(copy)[1]]
    extras = sorted(EXTRA.glob("*.txt")) if EXTRA.is_dir() else []
    for path in extras:
        reports += extract_path(path)[1]
    conflicts = [f.message for f in run_checks(reports) if f.kind == "consistency"]
    assert conflicts == []


def test_whole_area_subjects_belong_to_their_report_s_place(tmp_path: Path) -> None:
    body = "上半年,全市货物进出口总额{}亿元,同比增长39.6%。"
    qingdao = extract_text(tmp_path, "a.txt", REPORT.format(body=body.format("3975.2")))
    yantai = REPORT.replace("青岛市", "烟台市").format(body=body.format("1590.3"))
    findings = run_checks([*qingdao, *extract_text(tmp_path, "b.txt", yantai)])
    assert not [f for f in findings if f.kind == "consistency"]


def test_average_yearly_growth_is_its_own_basis(tmp_path: Path) -> None:
    body = "全市生产总值增长5.5%。五年来,全市生产总值年均增长5.9%。"
    reports = extract_text(tmp_path, "a.txt", REPORT.format(body=body))
    assert not [f for f in run_checks(reports) if f.kind == "consistency"]


def test_a_fact_whose_span_misses_its_sentence_is_a_bug_raised(sample: list[ExtractedReport]) -> None:
    fact = sample[0].facts[0]
    moved = replace(fact, quantity=replace(fact.quantity, span=fact.quantity.span.shift(1)))
    assert locate(fact).fact is fact
    with pytest.raises(InvariantError, match="is not in its sentence"):
        run_checks([replace(sample[0], facts=(moved,))])
