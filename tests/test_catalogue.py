"""The indicator catalogue (rules/indicators.yaml) and the gazetteer (rules/places.yaml):
every word of an entry finds its entry, every example resolves, no word in two entries, units
and kinds from their short lists; hand-written metric → indicator cases (tests/cases/
indicators.yaml); every city once, every province with a short name, a few lookups."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from duban import rules
from duban.lineup import place
from duban.lineup.indicator import (
    Better,
    Indicator,
    TargetKind,
    _edges,
    by_name,
    catalogue,
    indicator_name,
    indicator_of,
    normalize,
)

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "indicators.yaml").read_text(encoding="utf-8"))

# The units an indicator's facts take (spec/FACTS.md): money, percent, points, and the measure
# words of the statistical bulletins; "" for a bare ratio (城乡居民收入比 2.31).
UNITS = {
    "元", "美元", "%", "‰", "百分点", "", "元/人",
    "人", "人次", "户", "家", "个", "项", "件", "套", "间", "张", "所", "座", "列",
    "台", "部", "块", "架", "架次", "辆", "头", "只", "吨", "斤", "亩", "公顷",
    "平方米", "立方米", "公里", "标箱", "吨公里", "人公里",
    "千瓦", "千瓦时", "吨标准煤", "微克/立方米", "岁", "年",
}  # fmt: skip
ENTRY_KEYS = {"name", "national", "aliases", "units", "better", "target", "examples"}


def _words(entry: Indicator) -> list[str]:
    return [entry.name, *([entry.national] if entry.national else []), *entry.aliases]


def _by_word() -> list[Any]:
    return [pytest.param(word, entry.name, id=word) for entry in catalogue() for word in _words(entry)]


def _examples() -> list[Any]:
    return [
        pytest.param(example, entry.name, id=example) for entry in catalogue() for example in entry.examples
    ]


def _cases(*, failing: bool) -> list[Any]:
    params = []
    for group, cases in CASES.items():
        if (group == "known_failures") != failing:
            continue
        marks = [pytest.mark.xfail(strict=True)] if failing else []
        params += [pytest.param(c["metric"], c["indicator"], id=c["metric"], marks=marks) for c in cases]
    return params


# ---------------------------------------------------------------- the catalogue's integrity


def test_the_catalogue_holds_a_few_hundred_entries() -> None:
    assert len(catalogue()) >= 200
    assert all(set(entry) <= ENTRY_KEYS and "name" in entry for entry in rules.indicators()["indicators"])


@pytest.mark.parametrize(("word", "name"), _by_word())
def test_every_name_and_alias_finds_its_entry(word: str, name: str) -> None:
    found = by_name(word)
    assert found is not None and found.name == name


def _worded(word: str) -> str:
    """全省 + `word` + 增长, as reports write it (without 增长 when the word ends in a change
    word itself: 人口自然增长率)."""
    back = _edges()[2]
    return "全省" + word + ("" if back.search(normalize(word)) else "增长")


KNOWN_FAILURES = {case["metric"] for case in CASES["known_failures"]}


@pytest.mark.parametrize(
    ("word", "name"), [p for p in _by_word() if _worded(p.values[0]) not in KNOWN_FAILURES]
)
def test_every_name_and_alias_finds_its_entry_with_a_place_and_a_change_word(word: str, name: str) -> None:
    found = indicator_of(_worded(word))
    assert found is not None and found.name == name


@pytest.mark.parametrize(("example", "name"), _examples())
def test_every_example_resolves_to_its_entry(example: str, name: str) -> None:
    found = indicator_of(example)
    assert found is not None and found.name == name


def test_no_word_is_in_two_entries_or_twice_in_one() -> None:
    counts = Counter(normalize(word) for entry in catalogue() for word in _words(entry))
    assert [word for word, n in counts.items() if n > 1] == []


def test_no_two_entries_share_a_name() -> None:
    counts = Counter(entry.name for entry in catalogue())
    assert [name for name, n in counts.items() if n > 1] == []


def test_every_unit_is_one_the_contract_allows_and_the_parser_gives() -> None:
    q = rules.quantities()["units"]
    parsed = {
        *q["percent"].values(),
        *q["money"],
        *q["measure"],
        *q["compound"],
        *q["money_rates"],
        "百分点",
        "",
    }
    used = {unit for entry in catalogue() for unit in entry.units}
    assert used - UNITS == set()
    assert UNITS - parsed == set()
    assert all(entry.units for entry in catalogue())


def test_every_better_and_target_is_from_its_set() -> None:
    raw = rules.indicators()["indicators"]
    assert {e.get("better") for e in raw} <= {b.value for b in Better}
    assert {e.get("target") for e in raw} <= {t.value for t in TargetKind}
    assert all("better" in e and "target" in e for e in raw)


def test_the_target_kind_follows_which_way_is_better() -> None:
    """Higher is better: a floor; lower: a ceiling (a target to cut is a negative change);
    neither: a point. A range is the text's, never an entry's."""
    kind = {
        Better.HIGHER: TargetKind.FLOOR,
        Better.LOWER: TargetKind.CEILING,
        Better.NEITHER: TargetKind.POINT,
    }
    assert [entry.name for entry in catalogue() if kind[entry.better] != entry.target] == []


@pytest.mark.parametrize(
    ("name", "better", "target"),
    [
        ("地区生产总值", Better.HIGHER, TargetKind.FLOOR),
        ("粮食产量", Better.HIGHER, TargetKind.FLOOR),
        ("居民消费价格", Better.LOWER, TargetKind.CEILING),
        ("城镇调查失业率", Better.LOWER, TargetKind.CEILING),
        ("赤字率", Better.LOWER, TargetKind.CEILING),
        ("单位地区生产总值能耗", Better.LOWER, TargetKind.CEILING),
        ("广义货币", Better.NEITHER, TargetKind.POINT),
    ],
)
def test_the_main_targets_are_judged_as_the_reports_mean_them(
    name: str, better: Better, target: TargetKind
) -> None:
    entry = by_name(name)
    assert entry is not None and (entry.better, entry.target) == (better, target)


# ---------------------------------------------------------------- metric → indicator cases


@pytest.mark.parametrize(("metric", "indicator"), _cases(failing=False))
def test_case(metric: str, indicator: str | None) -> None:
    found = indicator_of(metric)
    assert (found.name if found else None) == indicator


@pytest.mark.parametrize(("metric", "indicator"), _cases(failing=True))
def test_known_failure(metric: str, indicator: str | None) -> None:
    found = indicator_of(metric)
    assert (found.name if found else None) == indicator


def test_the_case_file_is_grouped_and_large() -> None:
    assert set(CASES) == {"reports", "worded", "negatives", "known_failures"}
    assert sum(len(cases) for cases in CASES.values()) >= 100


@pytest.mark.parametrize(
    ("metric", "where", "indicator"),
    [
        ("生产总值", "青岛市", "地区生产总值"),
        ("国内生产总值", "全国", "国内生产总值"),
        ("GDP", "全国", "国内生产总值"),
        ("单位GDP能耗", "浙江省", "单位地区生产总值能耗"),
        ("单位国内生产总值能耗", "全国", "单位国内生产总值能耗"),
        ("新增城镇就业", "全国", "城镇新增就业"),
        ("重点企业", "青岛市", "重点企业"),
    ],
)
def test_an_indicator_is_named_for_its_place(metric: str, where: str, indicator: str) -> None:
    """The stored indicator is one name for every place; readers see the national name for 全国."""
    entry = indicator_of(metric)
    assert (entry.name_for(where) if entry else indicator_name(metric)) == indicator


# ---------------------------------------------------------------- the gazetteer


PROVINCES = rules.places()["provinces"]


def test_there_are_the_34_provincial_divisions_each_with_a_short_name() -> None:
    names = [p["name"] for p in PROVINCES]
    assert len(names) == len(set(names)) == 34
    assert all(p.get("short") for p in PROVINCES)
    assert all(p["name"].startswith(tuple(p["short"])) for p in PROVINCES)


def test_every_city_is_listed_once_under_one_province() -> None:
    cities = [city for p in PROVINCES for city in p.get("cities", ())]
    assert [city for city, n in Counter(cities).items() if n > 1] == []
    assert len(cities) == 333  # 293 地级市, 7 地区, 30 自治州, 3 盟 (2024)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+(?:市|地区|自治州|盟)", city) for city in cities)


def test_no_short_name_is_two_places() -> None:
    shorts = [s for p in PROVINCES for s in p["short"]]
    shorts += [re.sub(r"(?:市|地区|自治州|盟)$", "", c) for p in PROVINCES for c in p.get("cities", ())]
    # 吉林省 and 吉林市: the province comes first and keeps 吉林
    assert [s for s, n in Counter(shorts).items() if n > 1] == ["吉林"]


@pytest.mark.parametrize(
    ("word", "full"),
    [
        ("四川", "四川省"),
        ("深圳", "深圳市"),
        ("内蒙古", "内蒙古自治区"),
        ("广西", "广西壮族自治区"),
        ("新疆", "新疆维吾尔自治区"),
        ("北京", "北京市"),
        ("重庆市", "重庆市"),
        ("吉林", "吉林省"),
        ("吉林市", "吉林市"),
        ("延边朝鲜族自治州", "延边朝鲜族自治州"),
        ("大兴安岭", "大兴安岭地区"),
        ("锡林郭勒", "锡林郭勒盟"),
        ("三沙", "三沙市"),
        ("香港", "香港特别行政区"),
        ("全国", "全国"),
        ("青岛高新区", None),
    ],
)
def test_a_place_resolves_to_its_full_name(word: str, full: str | None) -> None:
    assert place.resolve(word) == full


@pytest.mark.parametrize(
    ("city", "province"),
    [
        ("青岛市", "山东省"),
        ("深圳市", "广东省"),
        ("成都市", "四川省"),
        ("包头市", "内蒙古自治区"),
        ("儋州市", "海南省"),
    ],
)
def test_a_city_is_in_its_province(city: str, province: str) -> None:
    assert next(p["name"] for p in PROVINCES if city in p.get("cities", ())) == province
