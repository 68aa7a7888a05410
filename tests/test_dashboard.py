"""The dashboard an office works from, driven in headless Chromium at 1366×768 and at 390 px
wide: the overview's cards and board, /facts paging and filters, the indicator page over the
State Council reports, two provinces' and the sample, the 目标对账 board, /compare with the sample's
departments under their full names, an import of a .docx through /import that ends on its
reader page, a refused import with its message, a write without the token refused where the
app is served for other machines, /docs rendering with no outside network; no page shows a
raw value of nine digits or more. Screenshots go to the test's tmp_path."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import _chromium as chromium
from _paths import EXTRA_DIR, ROOT
from _serve import served

pytestmark = pytest.mark.browser

A_FILE = {"files": {"name": "a.txt", "mimeType": "text/plain", "buffer": b"x"}}
VIEWPORTS = {"wide": {"width": 1366, "height": 768}, "narrow": {"width": 390, "height": 844}}
TOKEN = "a-token-for-the-test"
RAW_NUMBER = re.compile(r"(?<![\d.])\d{9,}(?![\d])")
REPORTS = [
    EXTRA_DIR / "guangdong-2026.txt",
    EXTRA_DIR / "zhejiang-2026.txt",
    EXTRA_DIR / "state-council-2022.txt",
    EXTRA_DIR / "state-council-2024.txt",
    *sorted((ROOT / "bench" / "gold" / "texts").glob("state-council-*.txt")),
]

sync_api = chromium.sync_api()


@dataclass
class Tab:
    page: sync_api.Page
    base: str
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def shot(self, folder: Path, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    from duban.store.ingest import ingest_files

    missing = [p for p in REPORTS if not p.is_file()]
    if missing:
        pytest.skip(f"reports not found: {missing}")
    db = tmp_path_factory.mktemp("dashboard") / "ledger.db"
    run = ingest_files(str(db), [sample_path, *REPORTS])
    assert not run.failures
    return db


@pytest.fixture(scope="module")
def urls(ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The read-only app; a writable one on loopback (over a copy); one served as for other
    machines (writes need the token)."""
    from duban.present.web import WritePolicy, create_app

    copy = tmp_path_factory.mktemp("writable") / "ledger.db"
    shutil.copy(ledger, copy)
    public = WritePolicy(writable=True, token=TOKEN, token_required=True)
    with (
        served(create_app(str(ledger))) as read_only,
        served(create_app(str(copy), WritePolicy(writable=True))) as writable,
        served(create_app(str(copy), public)) as guarded,
    ):
        yield {"read": read_only, "write": writable, "guarded": guarded}


@pytest.fixture(scope="module")
def browser(urls: dict[str, str]) -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium.CHROMIUM), args=chromium.CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _tab(browser: sync_api.Browser, base: str, viewport: str) -> Tab:
    context = browser.new_context(base_url=base, viewport=VIEWPORTS[viewport])
    opened = Tab(context.new_page(), base)
    opened.page.on("console", lambda msg: msg.type == "error" and opened.errors.append(msg.text))
    opened.page.on("pageerror", lambda err: opened.errors.append(str(err)))

    def network_off(route: sync_api.Route) -> None:  # nothing leaves this machine
        if route.request.url.startswith((base, "data:")):
            route.continue_()
        else:
            opened.outside.append(route.request.url)
            route.abort()

    opened.page.route("**/*", network_off)
    return opened


@pytest.fixture(params=list(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: sync_api.Browser, urls: dict[str, str]) -> Iterator[Tab]:
    opened = _tab(browser, urls["read"], request.param)
    yield opened
    opened.page.context.close()


@pytest.fixture
def writer(browser: sync_api.Browser, urls: dict[str, str]) -> Iterator[Tab]:
    opened = _tab(browser, urls["write"], "wide")
    yield opened
    opened.page.context.close()


def _clean(tab: Tab) -> None:
    assert tab.errors == [], tab.errors
    assert tab.outside == [], tab.outside


def _shown_text(page: sync_api.Page) -> str:
    return page.evaluate("() => document.body.innerText")


# ---------------------------------------------------------------- the overview


def test_the_overview_has_cards_and_a_board_of_bodies(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/", wait_until="networkidle")
    cards = dict(
        zip(
            page.locator("#cards .card .what").all_inner_texts(),
            page.locator("#cards .card .n").all_inner_texts(),
            strict=True,
        )
    )
    assert int(cards["报告"]) == 18 and int(cards["单位"]) == 12 and int(cards["目标"]) > 100
    assert int(cards["已完成"]) >= 15 and int(cards["进度落后"]) == 2
    board = page.locator("#board")
    assert board.is_visible()
    header = board.locator("thead").inner_text()
    assert "进度·落后" in header and "目标·已完成" in header
    first = board.locator("tbody tr").first.locator("td").first.inner_text()
    assert first == "国务院"  # the most behind or missed first
    tab.shot(tmp_path, "overview")
    board.locator("tbody tr", has_text="青岛市人力资源和社会保障局").locator("td.cell-behind a").click()
    page.wait_for_url(re.compile(r"/findings\?"))
    assert page.locator("#findings tbody tr").count() == 1
    assert "44.08%" in page.locator("#findings").inner_text()
    _clean(tab)


def test_the_board_sorts_by_a_column(tab: Tab) -> None:
    page = tab.page
    page.goto("/", wait_until="networkidle")
    page.locator("#board thead a", has_text="进度·超前").click()
    page.wait_for_url(re.compile(r"sort=ahead"))
    assert page.locator("#board tbody tr").first.locator("td").first.inner_text() == "青岛市发展和改革委员会"
    _clean(tab)


# ---------------------------------------------------------------- /facts


def test_facts_come_a_hundred_a_page_and_filter(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/facts", wait_until="networkidle")
    assert page.locator("#facts tbody tr").count() == 100
    assert "第 1 /" in page.locator("nav.pager").first.inner_text()
    page.locator("nav.pager").first.get_by_text("下一页").click()
    page.wait_for_url(re.compile(r"offset=100"))
    assert page.locator("#facts tbody tr").count() == 100
    page.goto("/facts", wait_until="networkidle")
    page.select_option("#facts-form select[name=body]", "青岛市商务局")
    page.select_option("#facts-form select[name=when]", "2021-H1")
    page.select_option("#facts-form select[name=role]", "change")
    page.click("#facts-form button[type=submit]")
    page.wait_for_url(re.compile(r"body="))
    rows = page.locator("#facts tbody tr")
    assert 0 < rows.count() < 100
    assert set(rows.locator("td.col-body").all_inner_texts()) == {"青岛市商务局"}
    sentence = rows.first.locator("td.col-said details")
    sentence.locator("summary").click()
    assert sentence.locator("p.sentence").is_visible()
    tab.shot(tmp_path, "facts")
    csv_link = page.locator(".exports a", has_text="CSV").get_attribute("href")
    assert csv_link and "body=" in csv_link and "role=change" in csv_link
    _clean(tab)


# ---------------------------------------------------------------- indicators, targets, compare


def test_the_indicator_page_draws_years_targets_and_links_each_point(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/indicators", wait_until="networkidle")
    page.locator("#indicators a", has_text="城镇新增就业").first.click()
    page.wait_for_selector("#chart-indicator svg.main-svg")
    page.goto("/indicators/国内生产总值?where=全国", wait_until="networkidle")
    page.wait_for_selector("#chart-indicator[data-drawn=yes] svg.main-svg")
    assert page.locator("h1").inner_text() == "国内生产总值"
    legend = " ".join(page.locator("#chart-indicator .legend text").all_text_contents())
    assert "全国" in legend and "目标 · 已完成" in legend and "目标 · 待核" in legend
    assert page.locator("#chart-indicator .scatterlayer .point").count() >= 12
    targets = page.locator("#indicator-targets").inner_text()
    assert "6.5%—7%" in targets and "6.7%" in targets and "已完成" in targets
    series = page.locator("#series").inner_text()
    assert "2016" in series and "2023" in series and "5.2%" in series
    tab.shot(tmp_path, "indicator")
    year = page.locator("td:nth-child(2)", has_text=re.compile(r"^2016$"))
    page.locator("#series tbody tr").filter(has=year).locator("a").first.click()
    page.wait_for_url(re.compile(r"/reports/.+#f-\d+"))
    active = page.locator("mark.fact.active")
    assert active.count() == 1 and active.inner_text() == "6.7%"
    assert page.locator('#fact-detail dd[data-field="value"]').inner_text() == "6.7%"
    _clean(tab)


def test_a_click_on_a_point_opens_its_sentence(tab: Tab) -> None:
    page = tab.page
    page.goto("/indicators/国内生产总值?where=全国", wait_until="networkidle")
    page.wait_for_selector("#chart-indicator[data-drawn=yes]")
    line = page.locator("#chart-indicator .scatterlayer .trace").first
    line.locator(".point").first.click(force=True)
    page.wait_for_url(re.compile(r"/reports/.+#f-\d+"))
    assert page.locator("mark.fact.active").count() == 1
    _clean(tab)


def test_the_target_board_filters_by_body_period_and_status(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/targets", wait_until="networkidle")
    page.select_option("#targets-form select[name=body]", "国务院")
    page.select_option("#targets-form select[name=when]", "2016")
    page.click("#targets-form button[type=submit]")
    page.wait_for_url(re.compile(r"when=2016"))
    table = page.locator("#targets").inner_text()
    assert "国内生产总值" in table and "6.5%—7%" in table and "6.7%" in table and "已完成" in table
    assert "城镇新增就业" in table and "1314万人" in table
    tab.shot(tmp_path, "targets")
    page.locator("#status-cards a", has_text="已完成").click()
    page.wait_for_url(re.compile(r"status=met"))
    assert set(page.locator("#targets td .badge").all_inner_texts()) == {"已完成"}
    _clean(tab)


def test_compare_puts_the_sample_departments_side_by_side(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/compare?indicator=固定资产投资", wait_until="networkidle")
    page.wait_for_selector("#chart-compare[data-drawn=yes] svg.main-svg")
    labels = page.locator("#chart-compare .ytick text").all_text_contents()
    assert sorted(labels) == ["青岛市发展和改革委员会", "青岛市国资委"]
    values = page.locator("#chart-compare .bartext").all_text_contents()
    assert "11.7%" in values
    size = page.locator("#chart-compare .bartext").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 12
    assert "同比" in page.locator("#chart-compare .gtitle").text_content()
    tab.shot(tmp_path, "compare")
    page.goto("/compare?indicator=地区生产总值&measure=change.yoy.%25&when=2025", wait_until="networkidle")
    page.wait_for_selector("#chart-compare[data-drawn=yes]")
    labels = page.locator("#chart-compare .ytick text").all_text_contents()
    assert sorted(labels) == ["广东省人民政府", "浙江省人民政府"]  # not 人民政府 twice
    page.goto("/compare?indicator=没有这个指标", wait_until="networkidle")
    assert "无法比较" in page.locator("#compare-empty").inner_text()
    _clean(tab)


# ---------------------------------------------------------------- numbers as people read them


@pytest.mark.parametrize(
    "path",
    ["/", "/facts", "/facts?body=国务院", "/targets", "/indicators/国内生产总值?measure=level..元",
     "/compare?indicator=地区生产总值&measure=level..元", "/ask?q=上半年全市进出口总额是多少", "/reader"],
)  # fmt: skip
def test_no_page_shows_a_raw_value_of_nine_digits(tab: Tab, path: str) -> None:
    page = tab.page
    if path == "/reader":
        reports = page.request.get("/api/reports").json()
        path = "/reports/" + next(r["id"] for r in reports if "发展和改革" in r["title"])
    page.goto(path, wait_until="networkidle")
    shown = _shown_text(page)
    svg = " ".join(page.locator("svg text").all_text_contents())
    assert not RAW_NUMBER.search(shown), RAW_NUMBER.findall(shown)
    assert not RAW_NUMBER.search(svg), RAW_NUMBER.findall(svg)
    _clean(tab)


# ---------------------------------------------------------------- import, tokens, docs


def _docx(path: Path, sample_path: Path) -> Path:
    import docx

    text = sample_path.read_text(encoding="utf-8")
    start = text.index("青岛市科技局2021年上半年工作总结\n2021")
    body = text[start : text.index("\n青岛市", start + 30)]
    document = docx.Document()
    for line in body.replace("青岛市科技局", "青岛市测试局").splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_a_docx_imported_in_the_browser_opens_on_its_reader_page(
    writer: Tab, tmp_path: Path, sample_path: Path
) -> None:
    page = writer.page
    page.goto("/import", wait_until="networkidle")
    page.set_input_files("#import-files", str(_docx(tmp_path / "测试局.docx", sample_path)))
    result = page.locator("#uploads li.upload").first
    result.locator(".report a").wait_for()
    assert "已导入" in result.locator(".said").inner_text()
    assert result.locator("progress").evaluate("e => e.value") == 100
    writer.shot(tmp_path, "import")
    result.locator(".report a").click()
    page.wait_for_url(re.compile(r"/reports/"))
    assert page.locator("h1").inner_text() == "青岛市测试局2021年上半年工作总结"
    assert page.locator("mark.fact").count() > 10
    page.goto("/import")
    page.set_input_files("#import-files", str(tmp_path / "测试局.docx"))
    again = page.locator("#uploads li.upload").first
    again.locator(".report a").wait_for()
    assert "台账中已有这份文件" in again.locator(".said").inner_text()
    _clean(writer)


def test_a_bad_file_is_refused_with_its_message(writer: Tab, tmp_path: Path) -> None:
    page = writer.page
    bad = tmp_path / "报告.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is no PDF at all")
    page.goto("/import", wait_until="networkidle")
    page.set_input_files("#import-files", str(bad))
    failed = page.locator("#uploads li.upload.status-failed")
    failed.wait_for()
    said = failed.locator(".said").inner_text()
    assert said.startswith("未能导入:") and "PDF" in said and not re.search(r"[a-z]{4,}", said)
    writer.shot(tmp_path, "import-refused")
    _clean(writer)


def test_off_loopback_a_write_needs_the_token(
    browser: sync_api.Browser, urls: dict[str, str], tmp_path: Path
) -> None:
    tab = _tab(browser, urls["guarded"], "wide")
    page = tab.page
    page.goto("/import", wait_until="networkidle")
    assert page.locator("#import-token").is_visible()
    page.fill("#import-token", "wrong")
    note = tmp_path / "note.txt"
    note.write_text("青岛市测试局2021年上半年工作总结\n2021-08-20\n全市实现进出口100亿元。", encoding="utf-8")
    page.set_input_files("#import-files", str(note))
    refused = page.locator("#uploads li.upload.failed")
    refused.wait_for()
    assert "令牌" in refused.inner_text()
    tab.shot(tmp_path, "token-refused")
    answer = page.request.post("/api/documents", multipart=A_FILE)
    assert answer.status == 401 and answer.headers["www-authenticate"] == "Bearer"
    page.fill("#import-token", TOKEN)
    page.set_input_files("#import-files", str(note))
    page.locator("#uploads li.upload.status-added").wait_for()
    tab.errors = [e for e in tab.errors if "401" not in e]  # the refused upload's console line
    _clean(tab)
    page.context.close()


def test_the_read_only_app_refuses_writes(tab: Tab) -> None:
    page = tab.page
    page.goto("/import", wait_until="networkidle")
    assert "导入未开启" in page.locator("#import-off").inner_text()
    answer = page.request.post("/api/documents", multipart=A_FILE)
    assert answer.status == 403
    _clean(tab)


def test_the_docs_render_with_no_outside_network(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/docs", wait_until="networkidle")
    page.wait_for_selector("#swagger-ui .opblock")
    paths = page.locator("#swagger-ui .opblock-summary-path").all_inner_texts()
    assert "/api/series" in paths and "/api/targets" in paths and "/api/documents" in paths
    tab.shot(tmp_path, "docs")
    _clean(tab)
