"""The web app on a fresh ledger of the real sample: API, pages, exports, escaping."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.cli.commands import app as cli
from duban.errors import StoreError
from duban.present.web import create_app
from duban.store import open_store
from duban.store.ingest import ingest_paths

PAGES = ["/", "/facts", "/facts?role=change&sort=value&desc=1", "/compare", "/search?q=就业", "/ask",
         "/targets", "/targets?status=pending", "/indicators", "/indicators/地区生产总值", "/findings",
         "/findings?status=behind&offset=100", "/reports", "/reports?offset=5&limit=2", "/bodies",
         "/bodies?sort=met",
         "/import", "/docs", "/compare?indicator=固定资产投资"]  # fmt: skip
OUTSIDE_URL = re.compile(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", re.I)

HOSTILE = """青岛市测试局2021年上半年工作总结<script>alert('title')</script>
2021-08-20
一、主要成效
上半年,全市<script>alert('text')</script>实现进出口100亿元,同比增长10%。"引号"&<b>粗体</b>。
二、存在问题
一是<img src=x onerror=alert(1)>问题较多。
"""


def _ledger(db: Path, *paths: Path) -> None:
    with open_store(str(db)) as store:
        run = ingest_paths(store, list(paths))
    assert not run.failures, run.failures


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "sample.db"
    _ledger(db, sample_path)
    return TestClient(create_app(str(db)))


@pytest.fixture(scope="module")
def reports(client: TestClient) -> list[dict]:
    return client.get("/api/reports").json()


def _report_id(reports: list[dict], title_part: str) -> str:
    return next(r["id"] for r in reports if title_part in r["title"])


def test_api_reports_lists_the_sample_with_counts(reports: list[dict]) -> None:
    assert len(reports) == 9
    for report in reports:
        assert report["title"] and report["sentences"] > 0 and report["sections"] > 0
    assert sum(r["facts"] for r in reports) > 100
    assert any("商务局" in r["title"] for r in reports)


def test_api_report_detail_has_text_outline_and_facts(client: TestClient, reports: list[dict]) -> None:
    rid = _report_id(reports, "商务局")
    detail = client.get(f"/api/reports/{rid}").json()
    assert detail["id"] == rid and detail["outline"]
    for fact in detail["facts_list"]:
        assert detail["text"][fact["start"] : fact["end"]] == fact["text"]
    assert any(f["text"] == "3975.2亿元" for f in detail["facts_list"])


def test_api_facts_filters_by_metric_role_and_report(client: TestClient, reports: list[dict]) -> None:
    rows = client.get("/api/facts", params={"metric": "进出口"}).json()
    assert rows and all("进出口" in r["metric"] for r in rows)
    assert any(r["text"] == "3975.2亿元" and r["unit"] == "元" for r in rows)
    changes = client.get("/api/facts", params={"role": "change"}).json()
    assert changes and {r["role"] for r in changes} == {"change"}
    rid = _report_id(reports, "人力资源")
    own = client.get("/api/facts", params={"report": rid}).json()
    assert own and {r["report_id"] for r in own} == {rid}


def test_api_search_gives_hits_with_match_spans(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "就业"}).json()
    assert hits
    for hit in hits:
        assert any(hit["sentence"][s:e] == "就业" for s, e in hit["matches"])


def test_api_ask_answers_from_facts(client: TestClient) -> None:
    body = client.get("/api/ask", params={"q": "上半年全市进出口总额是多少?"}).json()
    assert "3975.2亿元" in body["answer"] and "39.6%" in body["answer"]
    assert body["facts"][0]["text"] == "3975.2亿元"
    assert body["citations"][0]["report"].endswith("商务局2021年上半年工作总结")
    refused = client.get("/api/ask", params={"q": "上半年全市粮食产量是多少?"}).json()
    assert refused["facts"] == [] and refused["answer"].startswith("找不到")


def test_api_findings_come_from_the_checks(client: TestClient) -> None:
    findings = client.get("/api/findings").json()
    assert findings
    assert {f["kind"] for f in findings} <= {"progress", "arithmetic", "consistency"}
    assert all(f["report"] and f["sentence"] and f["message"] for f in findings)


def test_api_findings_are_the_objects_duban_check_json_prints(client: TestClient) -> None:
    ledger = client.app.state.store_target  # type: ignore[attr-defined]
    result = CliRunner().invoke(cli, ["--db", ledger, "check", "--json"])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.output.splitlines()]
    answered = client.get("/api/findings").json()
    assert answered == printed
    assert [list(f) for f in answered] == [list(f) for f in printed]  # the same fields in the same order
    assert {(f["status"], f["status_zh"]) for f in answered} >= {("behind", "落后"), ("ok", "相符")}


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/reports",
        "/api/reports/{report_id}",
        "/api/facts",
        "/api/search",
        "/api/ask",
        "/api/findings",
        "/api/series",
        "/api/targets",
    ):
        assert path in paths
        assert paths[path]["get"]["summary"]
    assert paths["/api/documents"]["post"]["summary"]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"SeriesRowOut", "TargetOut", "ImportOut"} <= set(schemas)


API_WITH_A_REPORT = ["/api/reports/{report_id}", "/api/facts", "/api/search", "/facts.csv", "/facts.jsonl"]


def test_openapi_documents_what_the_api_answers(client: TestClient) -> None:
    """Not-found answers, the media types of the exports, and their errors as JSON."""
    paths = client.get("/openapi.json").json()["paths"]
    for path in API_WITH_A_REPORT:
        not_found = paths[path]["get"]["responses"]["404"]
        assert list(not_found["content"]) == ["application/json"], path
    downloads = {"/facts.csv": "text/csv", "/facts.jsonl": "application/x-ndjson"}
    for path, media_type in downloads.items():
        assert list(paths[path]["get"]["responses"]["200"]["content"]) == [media_type]
        assert client.get(path).headers["content-type"].split(";")[0] == media_type
        invalid = client.get(path, params={"role": "x"})
        assert invalid.status_code == 422 and invalid.json()["detail"][0]["loc"] == ["query", "role"]
        missing = client.get(path, params={"report": "不存在"})
        assert missing.status_code == 404 and "no report" in missing.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [*PAGES, "/reports/zzz", "/facts?role=x", "/no-such-page", "/api/reports", "/api/facts?limit=1",
     "/api/reports/zzz", "/api/nope", "/facts.csv", "/facts.jsonl", "/openapi.json", "/static/style.css",
     "/static/app.js", "/static/plotly.min.js", "/static/nothing.js"],
)  # fmt: skip
def test_every_answer_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
    assert "unsafe" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_the_docs_are_served_from_the_installed_package(client: TestClient) -> None:
    """FastAPI's own /docs and /redoc load their scripts from a CDN; ours are served here."""
    docs = client.get("/docs").text
    assert '<script src="/static/swagger/swagger-ui-bundle.js">' in docs and "/static/docs.js" in docs
    assert not OUTSIDE_URL.search(docs)
    bundle = client.get("/static/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and b"SwaggerUIBundle" in bundle.content
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200
    assert client.get("/redoc").status_code == 404 and client.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_in_chinese_without_outside_urls(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in page.text
    assert not OUTSIDE_URL.search(page.text), OUTSIDE_URL.search(page.text)


def test_overview_lists_reports_and_supervises(client: TestClient, reports: list[dict]) -> None:
    page = client.get("/").text
    for report in reports:
        assert f"/reports/{report['id']}" in page
    cards = re.findall(r'<span class="n">(\d+)</span><span class="what">([^<]+)</span>', page)
    assert {"报告", "单位", "数据", "目标", "已完成", "未完成", "进度落后", "数据不符"} <= {
        c for _, c in cards
    }
    board = page.split('id="board"')[1].split("</table>")[0]
    row = board.split("青岛市人力资源和社会保障局")[1].split("</tr>")[0]
    assert "/findings?body=%E9%9D%92%E5%B2%9B" in row and "status=behind" in row
    assert "目录比正文多" in page  # the shared warning explained in words
    assert "#truncated-note" in page
    by_behind = client.get("/", params={"sort": "behind"}).text.split('id="board"')[1]
    first = re.search(r"<tr[^>]*>\s*<td>([^<]+)</td>", by_behind.split("<tbody>")[1])
    assert first and first[1] in ("青岛市人力资源和社会保障局", "青岛市民营经济局")
    behind = client.get("/findings", params={"status": "behind"}).text
    assert behind.count('class="badge status-behind"') == 2


def test_a_truncated_report_says_why(client: TestClient, reports: list[dict]) -> None:
    page = client.get(f"/reports/{_report_id(reports, '商务局')}").text
    assert 'id="truncated-note"' in page and "没有读全" in page


def test_reader_marks_every_fact(client: TestClient, reports: list[dict]) -> None:
    rid = _report_id(reports, "商务局")
    detail = client.get(f"/api/reports/{rid}").json()
    page = client.get(f"/reports/{rid}").text
    marked = {int(i) for i in re.findall(r'<mark class="fact[^"]*"[^>]*data-fact="(\d+)"', page)}
    assert marked == set(range(len(detail["facts_list"])))
    assert 'data-text="3975.2亿元"' in page and 'data-metric="' in page
    for section in detail["outline"]:
        assert section["heading"] in page


def test_reader_marks_problems_and_plans(client: TestClient, reports: list[dict]) -> None:
    rid = _report_id(reports, "人力资源")
    page = client.get(f"/reports/{rid}").text
    assert "kind-problems" in page or "kind-plans" in page


def test_facts_page_filters_sorts_and_links_exports(client: TestClient) -> None:
    page = client.get("/facts", params={"role": "change", "sort": "value", "desc": 1}).text
    values = [float(v) for v in re.findall(r'title="精确值:(-?[\d.]+)%"', page)]
    assert values and values == sorted(values, reverse=True)
    assert "/facts.csv?role=change" in page and "/facts.jsonl?role=change" in page


def test_facts_filter_by_body_indicator_and_period(client: TestClient) -> None:
    page = client.get("/facts", params={"body": "青岛市商务局", "when": "2021-H1", "role": "change"}).text
    rows = re.findall(r'<tr class="role-change">(.*?)</tr>', page, re.S)
    assert rows and all("青岛市商务局" in r and "2021-H1" in r for r in rows)
    gdp = client.get("/facts", params={"indicator": "GDP"}).text  # any of the indicator's names
    assert "6539.21亿元" in gdp and 'title="精确值:653921000000元"' in gdp
    api = client.get("/api/facts", params={"indicator": "生产总值", "role": "level"}).json()
    assert api and {f["indicator"] for f in api} == {"地区生产总值"}
    assert '<select name="body">' in page and "<details><summary>“" in page


def test_facts_come_in_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    every = client.get("/api/facts", params={"limit": 10000}).json()
    assert 100 < len(every) <= 1000 and client.get("/api/facts").json() == every
    assert client.get("/api/facts", params={"limit": 3, "offset": 2}).json() == every[2:5]
    assert client.get("/api/facts", params={"limit": 10001}).status_code == 422
    default = client.get("/facts").text
    assert default.count('<tr class="role-') == 100 and f"共 {len(every)} 条数据" in default
    first = client.get("/facts", params={"limit": 5}).text
    assert first.count('<tr class="role-') == 5
    assert "下一页" in first and "offset=5" in first and "上一页" not in first
    last = client.get("/facts", params={"limit": 5, "offset": len(every) - 2}).text
    assert last.count('<tr class="role-') == 2 and "上一页" in last and "下一页" not in last
    by_value = client.get("/facts", params={"limit": 5, "sort": "value", "desc": 1}).text
    assert by_value.count('<tr class="role-') == 5 and "sort=value" in by_value.split("下一页")[0]
    downloaded = client.get("/facts.csv").text.lstrip("\ufeff")
    assert len(list(csv.DictReader(io.StringIO(downloaded)))) == len(every)
    assert '<select name="report">' in first
    monkeypatch.setattr("duban.present.web.pages.REPORT_OPTIONS_MAX", 3)  # a ledger of many reports
    many = client.get("/facts", params={"limit": 5}).text
    assert '<select name="report">' not in many and '<input type="text" name="report"' in many


def test_the_csv_download_has_the_headers_of_the_cli_export(client: TestClient) -> None:
    from duban.present.export import FACT_COLUMNS

    response = client.get("/facts.csv", params={"metric": "进出口"})
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == [c.header for c in FACT_COLUMNS]
    assert rows and all("进出口" in r["指标"] for r in rows)
    assert {r["角色"] for r in rows} <= {"水平", "变化", "占比", "排名", "进度", "目标", "差距"}
    total = next(r for r in rows if r["原文"] == "3975.2亿元")
    assert float(total["数值"]) == 397520000000 and total["读数"] == "3975.2亿元"
    lines = client.get("/facts.jsonl", params={"role": "rank"}).text.splitlines()
    assert lines and {json.loads(line)["role"] for line in lines} == {"rank"}


def test_the_csv_download_writes_formula_like_cells_as_text(tmp_path: Path) -> None:
    source = tmp_path / "formula.txt"
    source.write_text(HOSTILE.replace("上半年,全市<script>", "=SUM(A1)全市<script>"), encoding="utf-8")
    _ledger(tmp_path / "f.db", source)
    text = TestClient(create_app(str(tmp_path / "f.db"))).get("/facts.csv").text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and all(r["原句"].startswith("'=SUM(A1)") for r in rows)


def _charts(page: str) -> dict:
    return json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S)[1]
    )


def test_compare_puts_bodies_side_by_side_under_their_full_names(client: TestClient) -> None:
    page = client.get("/compare", params={"indicator": "固定资产投资"}).text
    chart = _charts(page)["compare"]
    assert set(chart["data"][0]["y"]) == {"青岛市发展和改革委员会", "青岛市国资委"}
    assert "11.7%" in chart["data"][0]["text"] and chart["data"][0]["textfont"]["size"] >= 14
    assert all(link.startswith("/reports/") and "#f-" in link for link in chart["data"][0]["customdata"])
    assert "变化 · 同比(%) · 2021-H1" in chart["layout"]["title"]["text"]
    assert _charts(page)["progress"]["data"][0]["x"]
    assert '<script src="/static/plotly.min.js">' in page
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and b"plotly" in js.content[:2000].lower()
    none = client.get("/compare", params={"indicator": "没有这个指标"}).text
    assert _charts(none)["compare"] is None and "无法比较" in none


def test_the_progress_board_names_each_bar_whole_and_its_colours(client: TestClient) -> None:
    chart = _charts(client.get("/compare").text)["progress"]
    names = [trace["name"] for trace in chart["data"]]
    assert "完成进度 · 落后" in names and "时间进度" in names
    labels = [y for trace in chart["data"][:-1] for y in trace["y"]]
    assert "青岛市人力资源和社会保障局:引进集聚人才" in labels


def test_the_target_board_filters_and_counts(client: TestClient) -> None:
    page = client.get("/targets").text
    counts = re.findall(r'<span class="n">(\d+)</span><span class="what">([^<]+)</span>', page)
    assert {c for _, c in counts} == {"未完成", "待核", "无法比较", "已完成"}
    rows = re.findall(r'<tr class="row-(\w+)">(.*?)</tr>', page, re.S)
    assert rows and all(status in ("met", "missed", "pending", "unclear") for status, _ in rows)
    private = client.get("/targets", params={"body": "青岛市民营经济局", "when": "2021"}).text
    row = next(r for _, r in re.findall(r'<tr class="row-(\w+)">(.*?)</tr>', private, re.S) if "十强" in r)
    assert "100个以上" in row and "进度 56%" in row and "待核" in row and "#f-" in row
    assert client.get("/targets", params={"status": "done"}).status_code == 422


def test_api_series_and_targets(client: TestClient) -> None:
    rows = client.get("/api/series", params={"indicator": "GDP", "where": "青岛", "role": "level"}).json()
    row = next(r for r in rows if r["when"] == "2021-H1" and r["unit"] == "元")
    assert row["value"] == 653921000000 and row["readable"] == "6539.21亿元" and not row["conflict"]
    assert (
        row["sources"][0]["link"].startswith("/reports/") and "6539.21亿元" in row["sources"][0]["sentence"]
    )
    targets = client.get("/api/targets", params={"body": "青岛市民营经济局", "when": "2021"}).json()
    ten = next(t for t in targets if "十强" in t["indicator"])
    assert ten["target"]["readable"] == "100个以上" and ten["status"] == "pending"
    assert ten["so_far"]["value"] == 56 and ten["status_label"] == "待核"
    assert client.get("/api/series", params={"indicator": ""}).status_code == 422
    assert client.get("/api/targets", params={"indicator": "没有"}).json() == []


def test_the_indicator_page_draws_one_measure_with_links(client: TestClient) -> None:
    page = client.get("/indicators/生产总值").text
    chart = _charts(page)["indicator"]
    assert chart["layout"]["title"]["text"].startswith("地区生产总值 · 变化 · 同比")
    (line,) = [t for t in chart["data"] if t.get("mode", "").startswith("lines")]
    assert line["name"] == "青岛市" and line["text"] == ["13.8%"] and "#f-" in line["customdata"][0]
    level = _charts(client.get("/indicators/生产总值", params={"measure": "level..元"}).text)["indicator"]
    assert level["layout"]["yaxis"]["title"]["text"] == "亿元"
    assert level["data"][0]["y"] == [pytest.approx(6539.21)]
    assert client.get("/indicators/没有这个指标").status_code == 404


def test_one_long_ledger_computation_does_not_hold_up_another(tmp_path: Path, sample_path: Path) -> None:
    import threading

    from duban.present.web import LedgerMemo

    _ledger(tmp_path / "m.db", sample_path)
    memo, started, other_done = LedgerMemo(), threading.Event(), threading.Event()

    def slow(store: object) -> bool:  # finishes only once the other result was computed
        started.set()
        return other_done.wait(timeout=5)

    def quick(store: object) -> str:
        other_done.set()
        return "quick"

    with open_store(str(tmp_path / "m.db")) as first, open_store(str(tmp_path / "m.db")) as second:
        results: list[object] = []
        worker = threading.Thread(target=lambda: results.append(memo.get(first, "slow", slow)))
        worker.start()
        assert started.wait(timeout=10)
        assert memo.get(second, "quick", quick) == "quick"
        worker.join(timeout=15)
        assert results == [True]
        assert memo.get(second, "slow", lambda store: False) is True  # kept for this state


def test_what_the_memo_keeps_is_left_out_of_full_collections(tmp_path: Path, sample_path: Path) -> None:
    """A full collection walked every kept object (0.15 s and more at a thousand reports,
    every few files of an ingest): what is kept is frozen, and what dies in a cycle once
    frozen is freed by a pass over every object, now and then."""
    import gc
    import weakref

    from duban.present.web import LedgerMemo
    from duban.present.web.ledger import FULL_EVERY, keep_out_of_full_collections

    _ledger(tmp_path / "g.db", sample_path)
    with open_store(str(tmp_path / "g.db")) as store:
        kept = LedgerMemo().get(store, "lists", lambda store: [[n] for n in range(1000)])
    collected = {id(o) for o in gc.get_objects()}  # the generations collected, not the frozen
    assert id(kept) not in collected and not any(id(item) in collected for item in kept)
    cyclic = _Cyclic()
    gone = weakref.ref(cyclic)
    keep_out_of_full_collections()
    del cyclic  # garbage now, frozen: no collection frees it
    gc.collect()
    assert gone() is not None
    for _ in range(FULL_EVERY):
        keep_out_of_full_collections()
    assert gone() is None
    gc.unfreeze()


class _Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_search_and_ask_pages(client: TestClient) -> None:
    page = client.get("/search", params={"q": "就业"}).text
    assert "<mark>就业</mark>" in page
    page = client.get("/ask", params={"q": "城镇新增就业多少人?"}).text
    assert "18.44万人" in page


def test_unknown_report_is_a_404_page_and_json(client: TestClient) -> None:
    page = client.get("/reports/no-such-report")
    assert page.status_code == 404 and "找不到" in page.text
    api = client.get("/api/reports/no-such-report")
    assert api.status_code == 404 and "no-such-report" in api.json()["detail"]


def test_document_text_is_escaped(tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "hostile.db"
    _ledger(db, source)
    client = TestClient(create_app(str(db)))
    rid = client.get("/api/reports").json()[0]["id"]
    for url in (
        "/",
        f"/reports/{rid}",
        "/facts",
        "/search?q=script",
        "/search?q=进出口",
        "/ask?q=<script>进出口是多少",
    ):
        page = client.get(url).text
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page and "<b>粗体" not in page, url
    reader = client.get(f"/reports/{rid}").text
    assert "&lt;script&gt;alert(" in reader
    (named,) = {f["indicator"] for f in client.get("/api/facts").json() if "进出口" in f["indicator"]}
    assert "</script>" in named  # the metric's own words, as the document has them
    for url in (f"/compare?indicator={quote(named)}", f"/indicators/{quote(named)}"):  # Plotly renders HTML
        page = client.get(url).text
        assert "<script>alert" not in page, url
        charts = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        texts = list(_strings(charts))
        assert any("&lt;script&gt;alert(" in t for t in texts), url
        own = [t.replace("<br>", "") for t in texts]  # line breaks are the charts' own markup
        assert not any("<" in t or ">" in t for t in own), url


def _strings(value: object) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_shared_warnings_keep_their_first_order() -> None:
    from duban.model import Report, Span
    from duban.present.web import shared_warnings
    from duban.store import ReportSummary

    said = [f"提示{k}:目录与正文不符" for k in range(12)]
    report = Report("r", "d", 1, "标题", None, None, None, Span(0, 0), "", warnings=())
    twice = (*said, said[0])
    summaries = [ReportSummary(report, 0, 0, 0, twice), ReportSummary(report, 0, 0, 0, tuple(said))]
    assert shared_warnings(summaries) == said


def test_a_ledger_that_cannot_open_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(str(tmp_path / "no-such-folder" / "x.db"))


def test_demo_builds_a_fresh_ledger_without_serving(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    for _ in range(2):  # a new file, then the demo's own ledger again: (re)built
        result = CliRunner().invoke(cli, ["--db", str(db), "demo", "--no-serve"])
        assert result.exit_code == 0, result.output
        assert "9 reports" in result.output
    with open_store(str(db)) as store:
        assert len(store.reports()) == 9


def _demo(db: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("duban")), "--db", str(db), "demo", "--no-serve"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_demo_never_overwrites_another_file_or_ledger(tmp_path: Path, sample_path: Path) -> None:
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK\x03\x04 not a ledger")
    result = _demo(other)
    assert result.returncode == 1
    assert "--db" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert other.read_bytes() == b"PK\x03\x04 not a ledger"
    real = tmp_path / "real.db"
    copy = tmp_path / "copy.txt"
    copy.write_bytes(sample_path.read_bytes() + b"\n")
    _ledger(real, copy)
    before = real.read_bytes()
    result = _demo(real)
    assert result.returncode == 1 and "other document" in result.stderr
    with open_store(str(real)) as store:
        assert store.document_digests() and len(store.reports()) == 9
    assert real.read_bytes() == before


# ------------------------------------------------------------------ the overview of a big ledger

CITIES = ["青岛", "济南", "烟台", "潍坊", "临沂", "淄博", "济宁", "泰安", "威海", "日照", "德州", "聊城"]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> TestClient:
    """The sample as twelve cities' reports: 108 reports of 108 bodies, 24 progress checks behind."""
    folder = tmp_path_factory.mktemp("big")
    text = sample_path.read_text(encoding="utf-8")
    for city in CITIES:
        (folder / f"{city}.txt").write_text(text.replace("青岛", city), encoding="utf-8")
    _ledger(folder / "big.db", *sorted(folder.glob("*.txt")))
    return TestClient(create_app(str(folder / "big.db")))


def _rows(page: str, table: str) -> list[str]:
    body = page.split(f'id="{table}"')[1].split("</table>")[0].split("<tbody>")[1]
    return re.findall(r"<tr[^>]*>.*?</tr>", body, re.S)


def test_the_overview_of_a_big_ledger_lists_the_first_rows_and_links_to_all(big: TestClient) -> None:
    page = big.get("/").text
    cards = {
        what: int(n)
        for n, what in re.findall(r'<span class="n">(\d+)</span><span class="what">([^<]+)</span>', page)
    }
    assert cards["报告"] == 108 and cards["单位"] > 30 and cards["进度落后"] == 24
    assert page.count('class="note warn"') == 1 and "(共 12 条)" in page  # twelve files, one explanation
    assert len(_rows(page, "reports")) == 20
    assert '<a href="/reports">全部 108 份报告 →</a>' in page
    assert len(_rows(page, "board")) == 30
    assert f'<a href="/bodies">全部 {cards["单位"]} 个单位 →</a>' in page
    assert len(_rows(page, "notable")) == 20
    assert '<a href="/findings?status=behind">落后 24 条 →</a>' in page
    assert page.count('class="figure-card"') == 12 and 'href="/bodies#figures"' in page
    by_behind = big.get("/", params={"sort": "behind"}).text
    assert len(_rows(by_behind, "board")) == 30 and 'href="/bodies?sort=behind&amp;desc=true"' in by_behind


def test_every_report_body_and_finding_is_a_page_or_two_away(big: TestClient) -> None:
    listed = {r["id"] for r in big.get("/api/reports").json()}
    first, second = big.get("/reports").text, big.get("/reports", params={"offset": 100}).text
    assert len(_rows(first, "reports")) == 100 and "第 1 / 2 页" in first and "offset=100" in first
    assert len(_rows(second, "reports")) == 8 and "<td>101</td>" in second and "上一页" in second
    assert {r for r in listed if f"/reports/{r}" in first + second} == listed
    bodies = big.get("/bodies").text
    units = int(re.findall(r'<span class="n">(\d+)</span><span class="what">单位', big.get("/").text)[0])
    assert len(_rows(bodies, "board")) == units
    assert bodies.count('class="figure-card"') > 12
    behind = big.get("/findings", params={"status": "behind", "limit": 10, "offset": 20}).text
    assert "共 24 条" in behind and len(_rows(behind, "findings")) == 4 and "第 3 / 3 页" in behind
    assert big.get("/reports", params={"limit": 0}).status_code == 422


def test_a_warmed_app_has_the_overview_before_its_first_visitor(tmp_path: Path, sample_path: Path) -> None:
    """`duban serve` computes the overview in the background as it starts: the first request
    finds it kept for the ledger's state (the same page as an app computing it then)."""
    db = tmp_path / "warm.db"
    _ledger(db, sample_path)
    warmed = create_app(str(db), warm=True)
    warmed.state.warming.join(timeout=120)
    assert not warmed.state.warming.is_alive()
    with open_store(str(db), create=False) as store:
        assert warmed.state.memo._kept["overview"][0] == store.state()
    cold = create_app(str(db))
    assert cold.state.warming is None and "overview" not in cold.state.memo._kept
    assert TestClient(warmed).get("/").text == TestClient(cold).get("/").text


def test_api_findings_filter_and_page_as_the_whole_list(client: TestClient, reports: list[dict]) -> None:
    """/api/findings with a kind, a status, a report, a limit and an offset gives the whole
    list's matching findings, in order; an unknown report is a 404, an unknown status a 422."""
    everything = client.get("/api/findings").json()
    behind = [f for f in everything if f["kind"] == "progress" and f["status"] == "behind"]
    assert behind
    assert client.get("/api/findings", params={"kind": "progress", "status": "behind"}).json() == behind
    progress = [f for f in everything if f["kind"] == "progress"]
    assert len(progress) >= 4
    page = client.get("/api/findings", params={"kind": "progress", "limit": 2, "offset": 1}).json()
    assert page == progress[1:3]
    rid = behind[0]["report_id"]
    assert client.get("/api/findings", params={"report": rid}).json() == [
        f for f in everything if f["report_id"] == rid
    ]
    assert client.get("/api/findings", params={"report": "没有这份报告"}).status_code == 404
    assert client.get("/api/findings", params={"status": "late"}).status_code == 422
    assert client.get("/api/findings", params={"limit": 0}).status_code == 422
