"""The dashboard in headless Chromium: served by uvicorn on a free loopback port, every
page loads without console errors, search and ask are typed and clicked through, a fact
in the reader shows its details, the compare chart renders. Screenshots go to tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import _chromium as chromium
from _serve import served

pytestmark = pytest.mark.browser


sync_api = chromium.sync_api()
Browser = sync_api.Browser
Page = sync_api.Page


@dataclass
class Tab:
    """A page with what went wrong in it: console errors, uncaught exceptions, and
    requests that left the loopback server."""

    page: Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Iterator[str]:
    from duban.present.web import create_app
    from duban.store import open_store
    from duban.store.ingest import ingest_paths

    db = tmp_path_factory.mktemp("browser") / "sample.db"
    with open_store(str(db)) as store:
        assert not ingest_paths(store, [sample_path]).failures
    with served(create_app(str(db))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium.CHROMIUM), args=chromium.CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 1000})
    opened = Tab(context.new_page())
    opened.page.on("console", lambda msg: msg.type == "error" and opened.errors.append(msg.text))
    opened.page.on("pageerror", lambda err: opened.errors.append(str(err)))

    def note_outside(request: sync_api.Request) -> None:
        if not request.url.startswith((base_url, "data:")):
            opened.outside.append(request.url)

    opened.page.on("request", note_outside)
    yield opened
    context.close()


def _report_id(page: Page) -> str:
    response = page.request.get("/api/reports")
    return next(r["id"] for r in response.json() if "商务局" in r["title"])


@pytest.mark.parametrize(
    "path",
    ["/", "/facts", "/compare", "/search?q=就业", "/ask?q=GDP是多少", "/reader", "/targets", "/indicators",
     "/indicators/地区生产总值", "/findings", "/docs", "/import"],
)  # fmt: skip
def test_every_page_loads_without_console_errors(tab: Tab, path: str, tmp_path: Path) -> None:
    page = tab.page
    if path == "/reader":
        path = f"/reports/{_report_id(page)}"
    response = page.goto(path, wait_until="networkidle")
    assert response.status == 200
    page.screenshot(path=str(tmp_path / "page.png"), full_page=False)
    assert tab.errors == [], tab.errors
    assert tab.outside == [], tab.outside


def test_search_is_typed_and_clicked_through(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/search")
    page.fill("#search-form input[name=q]", "外资")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#hits li")
    marks = page.locator("#hits mark").all_inner_texts()
    assert marks and set(marks) == {"外资"}
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    assert tab.errors == [], tab.errors


def test_ask_is_typed_and_clicked_through(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/ask")
    page.fill("#ask-form input[name=q]", "上半年全市进出口总额是多少?")
    page.click("#ask-form button[type=submit]")
    reply = page.wait_for_selector("#answer .reply").inner_text()
    assert "3975.2亿元" in reply and "39.6%" in reply
    assert "3975.2亿元" in page.locator("#answer-facts").inner_text()
    page.screenshot(path=str(tmp_path / "ask.png"), full_page=True)
    assert tab.errors == [], tab.errors


def test_a_fact_in_the_reader_shows_its_details_on_click(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto(f"/reports/{_report_id(page)}")
    detail = page.locator("#fact-detail dl")
    assert detail.is_hidden()
    page.locator('mark.fact[data-text="3975.2亿元"]').first.click()
    assert detail.is_visible()
    assert page.locator('#fact-detail dd[data-field="text"]').inner_text() == "3975.2亿元"
    assert page.locator('#fact-detail dd[data-field="value"]').inner_text() == "3975.2亿元"
    assert page.locator('#fact-detail dd[data-field="exact"]').inner_text() == "397520000000元"
    assert "进出口" in page.locator('#fact-detail dd[data-field="metric"]').inner_text()
    assert page.locator('#fact-detail dd[data-field="role-label"]').inner_text() == "水平"
    page.screenshot(path=str(tmp_path / "reader.png"))
    assert tab.errors == [], tab.errors


def test_the_compare_charts_render(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto("/compare", wait_until="networkidle")
    page.wait_for_selector("#chart-compare svg.main-svg")
    page.wait_for_selector("#chart-progress svg.main-svg")
    assert page.locator("#chart-compare .bars path").count() > 1
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
    assert tab.errors == [], tab.errors


def test_the_policy_keeps_injected_inline_script_and_style_out(tab: Tab) -> None:
    """What an escaping slip would let in does not run: an inline script and an inline
    style added to a page are refused by its Content-Security-Policy (and say so)."""
    page = tab.page
    page.goto("/", wait_until="networkidle")
    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = 1";
            document.body.appendChild(script);
            const style = document.createElement("style");
            style.textContent = "body { margin-left: 123px }";
            document.head.appendChild(style);
            return [window.injected === 1, getComputedStyle(document.body).marginLeft];
        }"""
    )
    assert ran == [False, page.evaluate("() => getComputedStyle(document.body).marginLeft")]
    assert ran[1] != "123px"
    assert any("Content Security Policy" in error for error in tab.errors), tab.errors
