"""The dashboard in headless Chromium: served by uvicorn on a free loopback port, every
page loads without console errors, search and ask are typed and clicked through, a fact
in the reader shows its details, the compare chart renders. Screenshots go to tmp_path."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Iterator[str]:
    import uvicorn

    from duban.present.web import create_app
    from duban.store import open_store
    from duban.store.ingest import ingest_paths

    db = tmp_path_factory.mktemp("browser") / "sample.db"
    with open_store(str(db)) as store:
        assert not ingest_paths(store, [sample_path]).failures
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    opened = context.new_page()
    opened.errors = []  # console errors and uncaught exceptions of this page
    opened.outside = []  # requests that left the loopback server
    opened.on("console", lambda msg: msg.type == "error" and opened.errors.append(msg.text))
    opened.on("pageerror", lambda err: opened.errors.append(str(err)))
    opened.on(
        "request",
        lambda req: (
            req.url.startswith(base_url) or req.url.startswith("data:") or opened.outside.append(req.url)
        ),
    )
    yield opened
    context.close()


def _report_id(page: object) -> str:
    response = page.request.get("/api/reports")  # type: ignore[attr-defined]
    return next(r["id"] for r in response.json() if "商务局" in r["title"])


@pytest.mark.parametrize("path", ["/", "/facts", "/compare", "/search?q=就业", "/ask?q=GDP是多少", "/reader"])
def test_every_page_loads_without_console_errors(page: object, path: str, tmp_path: Path) -> None:
    if path == "/reader":
        path = f"/reports/{_report_id(page)}"
    response = page.goto(path, wait_until="networkidle")  # type: ignore[attr-defined]
    assert response.status == 200
    page.screenshot(path=str(tmp_path / "page.png"), full_page=False)  # type: ignore[attr-defined]
    assert page.errors == [], page.errors  # type: ignore[attr-defined]
    assert page.outside == [], page.outside  # type: ignore[attr-defined]


def test_search_is_typed_and_clicked_through(page: object, tmp_path: Path) -> None:
    page.goto("/search")  # type: ignore[attr-defined]
    page.fill("#search-form input[name=q]", "外资")  # type: ignore[attr-defined]
    page.click("#search-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#hits li")  # type: ignore[attr-defined]
    marks = page.locator("#hits mark").all_inner_texts()  # type: ignore[attr-defined]
    assert marks and set(marks) == {"外资"}
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_ask_is_typed_and_clicked_through(page: object, tmp_path: Path) -> None:
    page.goto("/ask")  # type: ignore[attr-defined]
    page.fill("#ask-form input[name=q]", "上半年全市进出口总额是多少?")  # type: ignore[attr-defined]
    page.click("#ask-form button[type=submit]")  # type: ignore[attr-defined]
    reply = page.wait_for_selector("#answer .reply").inner_text()  # type: ignore[attr-defined]
    assert "3975.2亿元" in reply and "39.6%" in reply
    assert "3975.2亿元" in page.locator("#answer-facts").inner_text()  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "ask.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_fact_in_the_reader_shows_its_details_on_click(page: object, tmp_path: Path) -> None:
    page.goto(f"/reports/{_report_id(page)}")  # type: ignore[attr-defined]
    detail = page.locator("#fact-detail dl")  # type: ignore[attr-defined]
    assert detail.is_hidden()
    page.locator('mark.fact[data-text="3975.2亿元"]').first.click()  # type: ignore[attr-defined]
    assert detail.is_visible()
    assert page.locator('#fact-detail dd[data-field="text"]').inner_text() == "3975.2亿元"  # type: ignore[attr-defined]
    assert page.locator('#fact-detail dd[data-field="unit"]').inner_text() == "元"  # type: ignore[attr-defined]
    assert page.locator('#fact-detail dd[data-field="value"]').inner_text() == "397520000000"  # type: ignore[attr-defined]
    assert "进出口" in page.locator('#fact-detail dd[data-field="metric"]').inner_text()  # type: ignore[attr-defined]
    assert page.locator('#fact-detail dd[data-field="role-label"]').inner_text() == "水平"  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "reader.png"))  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_compare_charts_render(page: object, tmp_path: Path) -> None:
    page.goto("/compare", wait_until="networkidle")  # type: ignore[attr-defined]
    page.wait_for_selector("#chart-change svg.main-svg")  # type: ignore[attr-defined]
    page.wait_for_selector("#chart-progress svg.main-svg")  # type: ignore[attr-defined]
    assert page.locator("#chart-change .bars path").count() > 0  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]
