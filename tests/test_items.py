"""Items (problems, plans, measures) and entities (《政策》, “项目”) on the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.extract.entities import extract_entities
from duban.extract.items import extract_items
from duban.ingest import read_document, split_reports
from duban.model import Item, ItemKind, Report
from duban.structure import outline, split_sentences


@pytest.fixture(scope="module")
def sample(sample_path: Path) -> dict[str, tuple[Report, list[Item]]]:
    out = {}
    for report in split_reports(read_document(sample_path)).reports:
        sections = outline(report)
        out[report.title] = (report, extract_items(report, sections, split_sentences(report, sections)))
    return out


def _texts(items: list[Item], kind: ItemKind) -> list[str]:
    return [i.text for i in items if i.kind is kind]


def test_inline_problem_points_are_one_item_each(sample: dict) -> None:
    _, items = sample["青岛市国资委2021年上半年工作总结"]
    problems = _texts(items, ItemKind.PROBLEM)
    assert [p[:2] for p in problems] == ["一是", "二是", "三是"]
    assert problems[0] == "一是混改企业落实“三权”树立股东治理理念还需加强"
    plans = _texts(items, ItemKind.PLAN)
    assert [p[:2] for p in plans] == ["一是", "二是", "三是", "四是", "五是"]
    assert plans[3] == "四是加强党的领导,优化国资监管。"


def test_point_headings_are_items_and_unpointed_problems_are_sentences(sample: dict) -> None:
    _, items = sample["青岛市海洋发展局2021年上半年工作总结"]
    plans = _texts(items, ItemKind.PLAN)
    assert len(plans) == 5 and plans[0].startswith("(一)全力以赴抓项目落地")
    (problem,) = _texts(items, ItemKind.PROBLEM)
    assert problem.startswith("工作中虽然取得了一定成绩,但还存在海洋产业规模不够大")


def test_unheaded_problems_and_plans_of_the_ndrc_report(sample: dict) -> None:
    _, items = sample["青岛市发展和改革委员会2021年上半年工作总结"]
    (problem,) = _texts(items, ItemKind.PROBLEM)
    assert problem.startswith("但工作中还面临一些困难和问题")
    plans = _texts(items, ItemKind.PLAN)
    # 下步,我们将… leads the plans section; its points 一是…四是 are the items
    assert len(plans) == 4 and plans[0].startswith("一是加强经济运行调度分析")


def test_measures_are_the_points_under_achievements(sample: dict) -> None:
    _, items = sample["青岛市海洋发展局2021年上半年工作总结"]
    measures = _texts(items, ItemKind.MEASURE)
    assert measures and all(
        m[:2] in {"一是", "二是", "三是", "四是", "五是"} or m.startswith("(") for m in measures
    )


def test_every_item_span_holds(sample: dict) -> None:
    for report, items in sample.values():
        assert items
        for item in items:
            assert report.text[item.span.start : item.span.end] == item.text
            assert item.text.strip() == item.text


def test_entities(sample: dict) -> None:
    report, _ = sample["青岛市发展和改革委员会2021年上半年工作总结"]
    entities = extract_entities(report)
    names = {(e.kind, e.name) for e in entities}
    assert ("policy", "青岛市重点项目建设推进管理办法") in names
    assert ("programme", "项目落地年") in names
    for entity in entities:
        marked = report.text[entity.span.start : entity.span.end]
        assert marked[1:-1] == entity.name and marked[0] in "《“"
        assert len(entity.name) > 1


def test_speech_and_one_char_quotes_are_not_entities(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("某局2021年工作总结\n他说:“要抓落实。”实施“双”字行动和“十大工程”。", encoding="utf-8")
    (report,) = split_reports(read_document(path)).reports
    assert [(e.kind, e.name) for e in extract_entities(report)] == [("programme", "十大工程")]
