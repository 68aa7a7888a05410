"""Outline, section kinds and sentences on the sample, the extra reports and small cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from _paths import GOLD_DIR, NOT_YET_TUNED, ROOT
from duban.ingest import read_document, split_reports
from duban.model import Report, SectionKind
from duban.structure import clauses, outline, split_sentences

DEV_TEXTS = ROOT / "bench" / "gold" / "texts"  # reports of the dev set the repository ships
# reports whose second part duban does not read yet: 上海 2026's 二、关于《…第十五个五年规划纲要(草案)》的
# 说明 reviews the five years, then sets the plan's goals, with no cue in its heading; read as a review
# whole (its review sentences right, its goals' subsections not; blind round 17, left)
SECOND_PART_UNREAD = {"shanghai-2026"}
# Blind round 3 texts (bench/gold/README.md): beginnings of pages and other genres (a half-year
# summary, 统计公报), with no plans or problems part to outline.
# excerpts (a page's beginning, a part of a report) and a statistics bulletin: no whole outline
EXCERPTS = {
    "district-gongxin-2023h1",
    "hanbin-2025",
    "yuhuan-2019",
    "danzhai-2015",
    "changning-tjj-2021h1",
    "changsha-county-2023",
    "sichuan-2019",
    "quanjiao-nyncj-2022h1",
    "handan-2025",
    "chenxi-nyncj-2021",
}
CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "structure_outline.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def sample_reports(sample_path: Path) -> dict[str, Report]:
    return {r.title: r for r in split_reports(read_document(sample_path)).reports}


def _report_of(tmp_path: Path, text: str) -> Report:
    path = tmp_path / "case.txt"
    path.write_text(text, encoding="utf-8")
    (report,) = split_reports(read_document(path)).reports
    return report


# ------------------------------------------------------------------ sample


@pytest.mark.parametrize("title", list(CASES["sample_top_sections"]))
def test_sample_top_sections_and_kinds(sample_reports: dict[str, Report], title: str) -> None:
    sections = outline(sample_reports[title])
    top = [[s.heading, s.kind.value] for s in sections if len(s.path) == 1]
    assert top == CASES["sample_top_sections"][title]


@pytest.mark.parametrize("title", list(CASES["sample_nested"]))
def test_sample_nested_sections(sample_reports: dict[str, Report], title: str) -> None:
    by_path = {s.path: s for s in outline(sample_reports[title])}
    for path, style, kind, heading_start in CASES["sample_nested"][title]:
        section = by_path[tuple(path)]
        assert (section.style, section.kind.value) == (style, kind), path
        assert section.heading.startswith(heading_start), path


def test_unheaded_problems_and_plans_of_the_ndrc_report(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["青岛市发展和改革委员会2021年上半年工作总结"]
    sections = outline(report)
    kinds = {s.path: s.kind for s in sections}
    sentences = split_sentences(report, sections)
    problem = next(s for s in sentences if s.text.startswith("但工作中还面临一些困难和问题"))
    plan = next(s for s in sentences if s.text.startswith("下步,我们将认真落实"))
    point = next(s for s in sentences if s.text.startswith("一是加强经济运行调度分析"))
    assert kinds[problem.section_path] == SectionKind.PROBLEMS
    assert kinds[plan.section_path] == SectionKind.PLANS
    assert kinds[point.section_path] == SectionKind.PLANS
    assert len(problem.section_path) == 1 and len(plan.section_path) == 1  # not inside 六是
    assert point.section_path[:-1] == plan.section_path  # the plan points nest under the lead


def test_sample_spans_hold(sample_reports: dict[str, Report]) -> None:
    for report in sample_reports.values():
        _assert_spans_hold(report)


def test_sample_sentences_match_gold_sentences(sample_reports: dict[str, Report]) -> None:
    """Every gold fact's sentence is one of our sentences (the facts are scored by sentence)."""
    gold_dir = GOLD_DIR
    if not gold_dir.is_dir():
        pytest.skip("no gold files")
    ours = {"".join(s.text.split()) for r in sample_reports.values() for s in split_sentences(r, outline(r))}
    gold = {
        json.loads(line)["sentence"]
        for path in sorted(gold_dir.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    missing = sorted(gold - ours)
    assert not missing, missing[:5]  # measured: all 200 gold sentences are ours


# ------------------------------------------------------------------ extras


def test_a_lead_in_sentence_opens_the_problems_paragraph(tmp_path: Path) -> None:
    case = next(c for c in CASES["outlines"] if c["name"].startswith("各位代表"))
    report = _report_of(tmp_path, case["text"])
    sections = outline(report)
    kinds = {s.path: s.kind for s in sections}
    by_text = {s.text: kinds.get(s.section_path) for s in split_sentences(report, sections)}
    assert by_text["安不忘危,兴不忘忧。"] == SectionKind.PROBLEMS
    assert by_text["五年来的成绩来之不易。"] == SectionKind.ACHIEVEMENTS


def test_each_extra_report_has_a_sensible_outline(extra_paths: list[Path]) -> None:
    """The headed parts of each government work report (the shared extras and the dev-set
    texts of bench/gold/texts): a review, then plans (or a review and goals, each paragraph by its cue),
    and problems somewhere."""
    dev_texts = [p for p in sorted(DEV_TEXTS.glob("*.txt")) if p.stem not in EXCERPTS | NOT_YET_TUNED]
    for path in [*extra_paths, *dev_texts]:
        (report,) = split_reports(read_document(path)).reports
        sections = outline(report)
        top = [s for s in sections if len(s.path) == 1 and s.style != "段"]
        assert top and top[0].kind == SectionKind.ACHIEVEMENTS, (path, top[0].heading)
        if top[0].style == "部分":  # a newspaper's print: a review part, then the plans' parts over 一、二、…
            # (甘肃: 十五五's goals and the year's work in parts of their own)
            assert len(top) >= 2 and all(s.kind == SectionKind.PLANS for s in top[1:]), path
            assert any(s.kind == SectionKind.PROBLEMS for s in sections), path
            continue
        assert len(top) >= 3, path
        if path.stem in SECOND_PART_UNREAD:
            assert top[2].kind == SectionKind.PLANS, path
            continue
        second_plans = (
            top[1].kind == SectionKind.PLANS
            or any(  # 发展成就和…主要目标任务: mixed
                s.path[:1] == top[1].path and s.kind == SectionKind.PLANS for s in sections
            )
        )
        assert second_plans and top[2].kind == SectionKind.PLANS, path
        assert any(s.kind == SectionKind.PROBLEMS for s in sections), path
        _assert_spans_hold(report)


# ------------------------------------------------------------------ cases


@pytest.mark.parametrize("case", CASES["outlines"], ids=[c["name"] for c in CASES["outlines"]])
def test_outline_cases(tmp_path: Path, case: dict) -> None:
    report = _report_of(tmp_path, case["text"])
    sections = outline(report)
    assert [[s.heading, s.kind.value] for s in sections if len(s.path) == 1] == case["top"]
    by_path = {s.path: s for s in sections}
    for path, style, kind, *heading in case["paths"]:
        section = by_path[tuple(path)]
        assert (section.style, section.kind.value) == (style, kind), path
        if heading:
            assert section.heading == heading[0]
    _assert_spans_hold(report)


@pytest.mark.parametrize("case", CASES["sentences"], ids=[c["name"] for c in CASES["sentences"]])
def test_sentence_cases(tmp_path: Path, case: dict) -> None:
    report = _report_of(tmp_path, case["text"])
    sentences = split_sentences(report, outline(report))
    assert [s.text for s in sentences] == case["sentences"]
    assert [s.index for s in sentences] == list(range(len(sentences)))


@pytest.mark.parametrize("case", CASES["clauses"], ids=[c["sentence"][:20] for c in CASES["clauses"]])
def test_clauses(tmp_path: Path, case: dict) -> None:
    report = _report_of(tmp_path, "某局2021年工作总结\n" + case["sentence"])
    sentence = split_sentences(report, outline(report))[-1]
    spans = clauses(sentence)
    assert [s.of(report.text) for s in spans] == case["clauses"]
    assert spans[0].start == sentence.span.start and spans[-1].end == sentence.span.end


# ------------------------------------------------------------------ helpers


def _assert_spans_hold(report: Report) -> None:
    sections = outline(report)
    paths = [s.path for s in sections]
    assert len(set(paths)) == len(paths)
    for section in sections:
        assert 0 <= section.span.start <= section.span.end <= len(report.text)
        assert report.text[section.span.start :].startswith(section.heading)
        if len(section.path) > 1:
            parent = sections[paths.index(section.path[:-1])]
            assert parent.span.contains(section.span), section.path
            assert paths.index(section.path[:-1]) < paths.index(section.path)
    sentences = split_sentences(report, sections)
    for sentence in sentences:
        assert report.text[sentence.span.start : sentence.span.end] == sentence.text
        assert "\n" not in sentence.text
        assert sentence.section_path == () or sentence.section_path in paths
