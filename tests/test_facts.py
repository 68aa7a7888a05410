"""Facts: table-driven sentences (tests/cases/facts.yaml), spans on real reports, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from duban.cli.commands import app
from duban.extract.facts import facts_of_text, report_facts
from duban.extract.roles import Timing
from duban.ingest import normalize_width, read_document, split_reports
from duban.model import Report, Role, SectionKind
from duban.structure import outline, split_sentences

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "facts.yaml").read_text(encoding="utf-8"))
DUBAN = Path(sys.executable).with_name("duban")
CONTRACT_FIELDS = {
    "doc",
    "sentence",
    "text",
    "value",
    "unit",
    "role",
    "metric",
    "subject",
    "approx",
    "period",
}
CONTRACT_FIELDS |= {"start", "end", "when", "basis", "where", "body", "indicator", "cell"}


def _cases(*, failing: bool) -> list[Any]:
    params = []
    for group, cases in CASES.items():
        if (group == "known_failures") != failing:
            continue
        for case in cases:
            marks = [pytest.mark.xfail(strict=True)] if failing else []
            kind = case.get("section", "achievements")
            date = str(case["date"]) if "date" in case else None
            args = (case["text"], kind, case["expect"], date)
            params.append(pytest.param(*args, id=case["text"], marks=marks))
    return params


def _check(text: str, kind: str, expect: list[dict[str, Any]], date: str | None = None) -> None:
    timing = Timing.of(dt.date.fromisoformat(date)) if date else Timing()
    facts = facts_of_text(text, SectionKind(kind), timing)
    got = [(f.quantity.text, f.quantity.unit, str(f.role), f.metric) for f in facts]
    want = [(e["text"], e["unit"], e["role"], e["metric"]) for e in expect]
    assert got == want
    for fact, e in zip(facts, expect, strict=True):
        assert math.isclose(fact.value, e["value"], rel_tol=1e-6), (fact.quantity.text, fact.value)
        assert text[fact.quantity.span.start : fact.quantity.span.end] == fact.quantity.text


@pytest.mark.parametrize(("text", "kind", "expect", "date"), _cases(failing=False))
def test_case(text: str, kind: str, expect: list[dict[str, Any]], date: str | None) -> None:
    _check(text, kind, expect, date)


@pytest.mark.parametrize(("text", "kind", "expect", "date"), _cases(failing=True))
def test_known_failure(text: str, kind: str, expect: list[dict[str, Any]], date: str | None) -> None:
    _check(text, kind, expect, date)


def test_case_file_is_well_formed() -> None:
    roles = {str(r) for r in Role}
    for cases in CASES.values():
        for case in cases:
            assert case.get("section", "achievements") in {str(k) for k in SectionKind}
            for e in case["expect"]:
                assert e["role"] in roles and e["text"] in case["text"] and e["metric"]


SUBJECTS = [
    # issue 10: the figures after a count of a group are the group's, not the whole city's
    (
        "上半年,全市11个省级以上开发区新注册企业主体6150个;外资到账13.3亿美元,增长17%;进出口额347.8亿美元,增长58%。",
        [None, "省级以上开发区", "省级以上开发区", "省级以上开发区", "省级以上开发区", "省级以上开发区"],
    ),
    # a place that includes another, two districts: subjects, not metric words (blind round 3)
    ("1-5月,XX区(含新区)外贸进出口总额为13亿元,同比增长0.5%。", ["XX区(含新区)", "XX区(含新区)"]),
    ("2023年1-5月,两区“主导+特色”产业规上企业79家,产值66.42亿元。", ["两区", "两区"]),
    ("上半年,全市城镇新增就业18.44万人。", ["全市"]),
    # issue 10: a category of firms said before reaches its own measures, not the place's indicators
    ("规上工业企业实现营业收入1000亿元,社会消费品零售总额800亿元。", ["规上工业企业", None]),
    (
        "截至6月底,市属企业资产总额2.7万亿元,营业收入3458亿元,利润总额297亿元。",
        ["市属企业", "市属企业", "市属企业"],
    ),
    # blind round 4: a comparator's score in brackets is that comparator's
    ("我市综合得分为32.624分,与第一名的衡东县(41.033)相差8.409。", ["我市", "我市", "衡东县", "我市"]),
    # blind round 16: a subject does not reach past a semicolon (a new statement)
    ("京津合作示范区加快建设;北京输出到津冀技术合同成交额996亿元、增长18.1%。", [None, None]),
]


@pytest.mark.parametrize(("text", "subjects"), SUBJECTS, ids=[text for text, _ in SUBJECTS])
def test_subjects(text: str, subjects: list[str | None]) -> None:
    assert [f.subject for f in facts_of_text(text)] == subjects


FILLER = st.text(alphabet="各项工作稳步推进取得积极成效全面加强", max_size=20)
SENTENCES = [case["text"] for case in CASES["roles_and_metrics"] + CASES["lists"]]


@settings(max_examples=60, deadline=None)
@given(prefix=FILLER, text=st.sampled_from(SENTENCES))
def test_spans_shift_with_the_words_before(prefix: str, text: str) -> None:
    """A clause of filler before a sentence moves every span by its length, and changes nothing else."""
    lead = prefix + "。" if prefix else ""
    plain = facts_of_text(text)
    shifted = facts_of_text(lead + text)
    assert [(f.quantity.text, f.role) for f in shifted] == [(f.quantity.text, f.role) for f in plain]
    for a, b in zip(plain, shifted, strict=True):
        assert b.quantity.span.start == a.quantity.span.start + len(lead)
        assert (lead + text)[b.quantity.span.start : b.quantity.span.end] == b.quantity.text


# ------------------------------------------------------------ real reports


def _reports(path: Path) -> list[Report]:
    return split_reports(read_document(path)).reports


def _check_report(report: Report) -> list[Any]:
    facts = report_facts(report)
    for fact in facts:
        q = fact.quantity
        assert report.text[q.span.start : q.span.end] == q.text == fact.to_json(report.title)["text"]
        assert fact.sentence.span.contains(q.span)
        assert q.text in fact.sentence.text
        assert fact.role in Role
    return facts


def test_sample_facts_have_true_spans(sample_path: Path) -> None:
    reports = _reports(sample_path)
    facts = [f for r in reports for f in _check_report(r)]
    assert len(reports) >= 9 and len(facts) > 400
    assert sum(1 for f in facts if f.metric) / len(facts) > 0.99


def test_extra_reports_read_plausibly(extra_paths: list[Path]) -> None:
    for path in extra_paths:
        facts = [f for r in _reports(path) for f in _check_report(r)]
        assert facts, path
        assert sum(1 for f in facts if f.metric) / len(facts) > 0.95, path
        roles = {f.role for f in facts}
        assert {Role.LEVEL, Role.CHANGE, Role.TARGET} <= roles, (path, roles)


def _corpus(sample_path: Path, extra_paths: list[Path]) -> list[Path]:
    return [sample_path, *extra_paths]


def test_sentences_keep_no_spacing_blanks(sample_path: Path, extra_paths: list[Path]) -> None:
    """Repair took out the PDF's blanks (212 所, 资产总额 1.4万亿元): a blank left in a
    sentence touches a Latin word or stands between two numbers (Public domain)."""
    for path in _corpus(sample_path, extra_paths):
        for report in _reports(path):
            sections = outline(report)
            for sentence in split_sentences(report, sections):
                for m in re.finditer(r"\s+", sentence.text):
                    left, right = sentence.text[m.start() - 1], sentence.text[m.end()]
                    assert (left + right).isascii() and (left + right).isalnum(), (path.name, sentence.text)
    sample_sentences = [s for r in _reports(sample_path) for s in split_sentences(r, outline(r))]
    assert not any(ch.isspace() for s in sample_sentences for ch in s.text)


def test_fact_offsets_map_back_to_the_original_text(sample_path: Path, extra_paths: list[Path]) -> None:
    """Report span + fact span, through the document's OffsetMap, land on the same number in
    the file as read (blanks and widths aside)."""
    for path in _corpus(sample_path, extra_paths):
        original = path.read_text(encoding="utf-8")
        document = read_document(path)
        for report in split_reports(document).reports:
            for fact in report_facts(report):
                to_original = document.offsets.to_original
                start = to_original(report.span.start + fact.quantity.span.start)
                last = to_original(report.span.start + fact.quantity.span.end - 1)
                back = original[start : last + 1]
                assert normalize_width("".join(back.split())) == fact.quantity.text, (path.name, back)


# ------------------------------------------------------------ the CLI


def test_cli_extract_prints_contract_objects(sample_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(sample_path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    titles = {r.title for r in _reports(sample_path)}
    assert len(rows) > 400
    for row in rows:
        assert set(row) == CONTRACT_FIELDS
        assert row["doc"] in titles and "".join(row["text"].split()) in row["sentence"]
    assert "生产总值" in {row["metric"] for row in rows}
    assert "同比增长13.8%" in result.stdout  # Chinese printed as is


@pytest.mark.slow
def test_cli_extract_bad_file_is_one_line_and_others_print(tmp_path: Path, sample_path: Path) -> None:
    missing = tmp_path / "没有这个文件.txt"
    done = subprocess.run(
        [str(DUBAN), "extract", str(missing), str(sample_path)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and str(missing) in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stdout.splitlines()) > 400


def test_cli_extract_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    assert "Example: duban extract" in result.stdout
