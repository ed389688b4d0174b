"""A reader in a real browser: home → park → article → topic, a Chinese search, no console errors.

Uses Playwright driving Debian's chromium (/usr/bin/chromium); screenshots go
to test-artifacts/. Skips, with the reason, where chromium or Playwright is missing.
"""
import functools
import http.server
import re
import socketserver
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from chromium import CHROMIUM, launch
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="chromium not found at /usr/bin/chromium (apt-get install chromium)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    handler = functools.partial(QuietHandler, directory=str(site))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(built):
    """The site built with --pagefind (no Material search)."""
    yield from serve(built / "site3")


@pytest.fixture(scope="module")
def material_server(built):
    """The site built without Pagefind: Material's own search."""
    yield from serve(built / "site1")


@pytest.fixture(scope="module")
def page():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        pg.console_errors = []
        pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
        yield pg
        browser.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_reader_goes_home_park_article_topic(server, page):
    page.goto(server)
    page.wait_for_load_state("networkidle")
    assert "最新报道" in page.inner_text("article")
    shot(page, "home")
    page.locator("h2:has-text('报道最多的园区') + p a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/parks/" in page.url and page.locator("svg.pd-chart").count() == 1
    park = page.inner_text("h1").replace("¶", "").strip()
    shot(page, "park")
    page.locator("article a[href*='articles/']").first.click()
    page.wait_for_load_state("networkidle")
    assert "/articles/" in page.url and park in page.inner_text(".admonition.abstract")
    shot(page, "article")
    page.locator(".admonition.abstract a[href*='topics/']").first.click()
    page.wait_for_load_state("networkidle")
    assert "/topics/" in page.url and "篇报道" in page.inner_text("article")
    shot(page, "topic")
    assert page.console_errors == []


def test_chinese_search_shows_the_expected_article(material_server, page):
    with page.expect_response(lambda r: "search_index.json" in r.url):
        page.goto(material_server)
    page.wait_for_load_state("networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("高新技术企业")
    # The search worker builds its index after loading it; a query typed before
    # it is ready gets no answer, so re-trigger the query until it does.
    for _ in range(30):
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1000)
            break
        except playwright.TimeoutError:
            page.keyboard.press("Backspace")
            page.keyboard.type("业")
    results = page.inner_text(".md-search-result").replace("\u200b", "")
    shot(page, "search")
    assert "济南高新区高新技术企业总数突破千家" in results
    # The hidden 检索词 sections are indexed (prefixes, words inside longer words) but never shown.
    assert page.locator('.md-search-result__link[href$="#pd-search-terms"]').count() > 0
    assert "检索词" not in results
    assert page.console_errors == []


def pagefind_search(page, query):
    """Type query into the search page's box and wait until its results are shown."""
    page.fill("#pd-find-q", query)
    page.wait_for_function("document.querySelector('.pd-find-status').textContent.startsWith('找到')"
                           " && document.querySelector('.pd-find-result')", timeout=30_000)
    page.wait_for_load_state("networkidle")


def result_count(page) -> int:
    """The number of results the status line reports (找到 N 篇报道)."""
    return int(page.inner_text(".pd-find-status").split("找到")[1].split("篇")[0])


def test_pagefind_search_page_finds_a_chinese_query_and_filters_it(server, page):
    fetched = []
    page.on("requestfinished", lambda req: fetched.append(req.url) if "/pagefind/" in req.url else None)
    page.goto(server + "find/")
    page.wait_for_selector("#pd-find-q", timeout=30_000)
    pagefind_search(page, "高新技术企业")
    results = page.inner_text(".pd-find-results")
    shot(page, "find")
    assert "济南高新区高新技术企业总数突破千家" in results
    assert "¶" not in results, "heading permalinks are not indexed as text"
    assert "园区：" not in results, "the abstract box is not indexed: excerpts are article text"
    assert page.locator(".pd-find-result mark").count() > 0, "matched words are highlighted"
    assert not [u for u in fetched if "/filter/" in u or "pagefind-ui" in u], \
        "the first query fetches no filter index and no Default UI"
    total = result_count(page)
    # Pick the park of the first result: the results narrow to that park's articles.
    park = page.locator(".pd-find-result .pd-find-info").first.inner_text().split(" · ")[1]
    page.select_option("select[name='园区']", park)
    page.wait_for_function(f"document.querySelector('.pd-find-status').textContent.startsWith('找到')"
                           f" && !document.querySelector('.pd-find-status').textContent.includes('找到 {total} ')",
                           timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert 0 < result_count(page) < total
    infos = page.locator(".pd-find-result .pd-find-info").all_inner_texts()
    assert infos and all(park in info for info in infos), infos
    assert page.locator(".pd-find-more").is_visible() == (result_count(page) > len(infos))
    assert [u for u in fetched if "/filter/" in u], "picking a filter fetches its index"
    shot(page, "find-filtered")
    assert page.console_errors == []


def test_pagefind_finds_a_byline_and_takes_the_query_from_the_url(built, server, page):
    """The abstract box's date, park and topics are not indexed, its byline is."""
    texts = (p.read_text(encoding="utf-8") for p in sorted((built / "site3" / "articles").glob("*/index.html")))
    name = next(m.group(1) for t in texts if (m := re.search(r"作者：([^<·、\s]+)", t)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "find/?kw=" + quote(name))
    page.wait_for_function("document.querySelector('.pd-find-status').textContent.startsWith('找到')"
                           " && document.querySelector('.pd-find-result')", timeout=30_000)
    assert page.input_value("#pd-find-q") == name
    # Material's own search (which opens on ?q=) stays shut and its whole index unloaded.
    assert not page.evaluate("document.querySelector('[data-md-toggle=search]').checked")
    assert not [url for url in requested if "search_index.json" in url]
    assert result_count(page) > 0
    assert page.console_errors == []


def test_pagefind_search_page_without_an_index_says_so(built, page):
    handler = functools.partial(QuietHandler, directory=str(built / "site2"))  # built without --pagefind
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        page.console_errors.clear()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/find/")
        page.wait_for_selector(".pd-find-missing", state="visible", timeout=30_000)
        assert "未启用 Pagefind" in page.inner_text(".pd-find-missing")
        assert not page.locator(".pd-find-form").is_visible()
        httpd.shutdown()
    page.console_errors.clear()  # the browser logs the 404 of pagefind.js
