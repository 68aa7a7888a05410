"""`duban ask` on the real sample: the right figures for questions a user would ask,
and refusals for those the reports cannot answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from duban.analyse.ask import answer, answer_json, metric_similarity, parse_question
from duban.analyse.kept import ledger_reports
from duban.cli.commands import app
from duban.lineup import indicator_of
from duban.store import SqlStore, open_store
from duban.store.ingest import ingest_paths

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "ask.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    db = tmp_path_factory.mktemp("ask") / "sample.db"
    with open_store(str(db)) as store:
        run = ingest_paths(store, [sample_path])
    assert not run.failures
    return db


@pytest.fixture(scope="module")
def store(sample_db: Path) -> Iterator[SqlStore]:
    with open_store(str(sample_db)) as opened:
        yield opened


@pytest.mark.parametrize("case", CASES["parse"], ids=[c["q"] for c in CASES["parse"]])
def test_parse_question(case: dict) -> None:
    parsed = parse_question(case["q"])
    assert parsed.metric == case["metric"]
    assert (str(parsed.role) if parsed.role else None) == case["role"]
    assert parsed.period == case["period"]
    assert parsed.subject == case["subject"]


def test_a_body_named_in_the_question_is_taken_out_of_the_metric() -> None:
    parsed = parse_question("人社局城镇新增就业是多少", {"人社局": "人力资源和社会保障局"})
    assert parsed.departments == ("人力资源和社会保障局",)
    assert parsed.metric == "城镇新增就业"


def test_synonyms_are_tried_in_the_order_written_in_every_process() -> None:
    """Not in a set's order, which changes with each process's string hashing."""
    script = "from duban.analyse.ask import metric_variants; print(*metric_variants('国内生产总值'))"
    orders = {
        subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in range(6)
    }  # fmt: skip
    assert len(orders) == 1
    assert orders.pop().split()[:4] == ["国内生产总值", "生产总值", "地区生产总值", "gdp"]


@pytest.mark.parametrize(
    ("asked", "metric", "low", "high"),
    [
        ("进出口", "进出口", 1.0, 1.0),
        ("进出口", "货物进出口总值", 0.6, 0.9),
        ("粮食产量", "产量", 0.6, 0.8),
        ("粮食产量", "夏粮收购资金授信", 0.0, 0.0),
        ("城镇新增就业", "城镇新增就业人数", 0.85, 0.95),
    ],
)
def test_metric_similarity(asked: str, metric: str, low: float, high: float) -> None:
    assert low <= metric_similarity(asked, metric) <= high


@pytest.mark.parametrize("case", CASES["answer"], ids=[c["q"] for c in CASES["answer"]])
def test_answers_give_the_figure_from_the_facts(store: SqlStore, case: dict) -> None:
    result = answer(store, case["q"])
    assert result.facts, result.answer
    best = result.facts[0]
    assert best.fact.quantity.text == case["text"]
    assert str(best.fact.role) == case["role"]
    assert case["report"] in best.report_title
    for words in case["says"]:
        assert words in result.answer
    assert best.report_title in result.answer
    assert result.citations[0].report == best.report_title
    assert case["text"] in result.citations[0].sentence


@pytest.mark.parametrize("question", ["哪些部门任务进度落后于时间进度", "有没有进度落后于时间进度的部门?"])
def test_which_bodies_are_behind_is_answered_from_the_checks(store: SqlStore, question: str) -> None:
    result = answer(store, question)
    assert "民营经济局" in result.answer and "人力资源和社会保障局" in result.answer
    assert "44.08%" in result.answer and "40%" in result.answer
    assert any("44.08%" in c.sentence for c in result.citations)


@pytest.mark.parametrize("question", CASES["refuse"])
def test_questions_the_reports_cannot_answer_are_refused(store: SqlStore, question: str) -> None:
    result = answer(store, question)
    assert result.facts == ()
    assert result.answer.startswith("找不到")


def test_a_refusal_cites_sentences_that_name_the_words(store: SqlStore) -> None:
    result = answer(store, "营商环境怎么样?")
    assert result.facts == ()
    assert result.answer.startswith("找不到「营商环境」的数字")
    assert result.citations
    assert all("营商环境" in c.sentence for c in result.citations)


def test_answer_json_holds_contract_facts(store: SqlStore) -> None:
    obj = answer_json(answer(store, "上半年全市进出口总额是多少?"))
    assert set(obj) == {"question", "answer", "facts", "citations", "nearest"}
    first = obj["facts"][0]
    for field in ("doc", "sentence", "text", "value", "unit", "role", "metric", "report_id"):
        assert field in first
    assert first["value"] == pytest.approx(3975.2e8)
    assert first["unit"] == "元"
    assert set(obj["citations"][0]) == {"report", "sentence"}


def test_cli_ask_json_answers_each_question_in_order(sample_db: Path) -> None:
    questions = ["上半年全市进出口总额是多少?", "上半年全市粮食产量是多少?", "城镇新增就业多少人?"]
    result = CliRunner().invoke(app, ["--db", str(sample_db), "ask", *questions, "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["question"] for line in lines] == questions
    assert lines[0]["facts"][0]["text"] == "3975.2亿元"
    assert lines[1]["facts"] == []
    assert lines[2]["facts"][0]["text"] == "18.44万人"


def test_cli_ask_prints_the_answer_and_its_source(sample_db: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(sample_db), "ask", "GDP是多少?"])
    assert result.exit_code == 0, result.output
    assert "6539.21亿元" in result.output
    assert "青岛市发展和改革委员会2021年上半年工作总结" in result.output


def test_level_of_government_and_period_bound_the_answer(
    tmp_path: Path, sample_path: Path, extra_paths: list[Path]
) -> None:
    national = [p for p in extra_paths if "state-council-2022" in p.name]
    if not national:
        pytest.skip("state-council-2022.txt is not in the extra corpus")
    with open_store(str(tmp_path / "mixed.db")) as mixed:
        assert not ingest_paths(mixed, [sample_path, *national]).failures
        city = answer(mixed, "上半年全市粮食产量是多少?")
        assert city.facts == () and city.citations == ()
        country = answer(mixed, "全国粮食产量是多少?")
        assert country.facts and "国务院" in country.facts[0].report_title
        body = answer(mixed, "青岛进出口是多少?")
        assert body.facts[0].fact.quantity.text == "3975.2亿元"


RANKED_QUESTIONS = [
    *(c["q"] for c in CASES["answer"]),
    "地区生产总值是多少",
    "上半年地区生产总值是多少",
    "全市地区生产总值增速是多少",
    "2021年上半年进出口总额是多少",
    "2020年进出口总额是多少",
    "一般公共预算收入是多少",
    "实际使用外资增长多少",
    "城镇新增就业排名第几",
    "新签约项目是多少",
    "上半年新签约项目是多少",
    "引进人才是多少",
    "商务局的新增市场主体有几家",
    "全市粮食产量是多少",
    "养老保险参保人数是多少",
]


@pytest.mark.parametrize("first_batch", [1, 16])
@pytest.mark.parametrize("question", RANKED_QUESTIONS)
def test_the_pool_ranked_from_outlines_is_the_whole_pool_ranked(
    store: SqlStore, question: str, first_batch: int
) -> None:
    """`Ranking` reads facts only as far as it must: the same fitting facts in the same order
    as scoring every fact of the pool (the indicator's in scope, else the promising metrics'),
    then ranking and keeping the fitting; and the best's sentence as `Pool.sentence` gives it."""
    from duban.analyse.ask.answering import _ranked
    from duban.analyse.ask.candidates import Pool, Ranking, fits, metric_variants, score
    from duban.analyse.ask.question import department_words

    reports = store.report_list()
    parsed = parse_question(question, department_words(reports))
    variants = metric_variants(parsed.metric)
    entry = indicator_of(parsed.metric)
    indicator = entry.name if entry else None
    whole_pool = Pool(store, parsed, variants, reports)
    scored = whole_pool.scored()
    ranked = _ranked([s for s in (score(parsed, variants, f, indicator) for f in scored) if s is not None])
    whole = [s for s in ranked if fits(parsed, s.stored.fact)]
    pool = Pool(store, parsed, variants, reports)
    by_metric = not pool.only_indicator
    outlined = pool.metric_outlined() if by_metric else pool.indicator_outlined()
    lazy = list(Ranking(pool, outlined, variants, indicator, by_metric, first_batch))
    assert [(s.stored, s.total) for s in lazy] == [(s.stored, s.total) for s in whole]
    if lazy:
        best = lazy[0].stored
        assert pool.sentence_read(best, outlined) == whole_pool.sentence(best, scored)


def test_a_report_ingested_between_two_questions_is_asked_at_once(
    tmp_path: Path, sample_path: Path, extra_paths: list[Path]
) -> None:
    """The report list ask keeps between questions (`ledger_reports`) follows the ledger: a
    body's report ingested after a first question answers the same question next time."""
    national = [p for p in extra_paths if "state-council-2022" in p.name]
    if not national:
        pytest.skip("state-council-2022.txt is not in the extra corpus")
    db = str(tmp_path / "growing.db")
    with open_store(db) as growing:
        assert not ingest_paths(growing, [sample_path]).failures
        assert answer(growing, "国务院粮食产量是多少?").facts == ()
        assert ledger_reports(growing) == growing.report_list()
        assert not ingest_paths(growing, national).failures
        assert ledger_reports(growing) == growing.report_list() != []
        later = answer(growing, "国务院粮食产量是多少?")
        assert later.facts and "国务院" in later.facts[0].report_title
