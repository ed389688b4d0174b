"""What readers and editors expect of a news site, checked in a real browser at 1280 and 390 px.

The seeds plus a newspaper page with a masthead and a photo item
(tests/corpus/pages) are built once and served where site_url puts them
(/park-digest/), with the 404 page for missing addresses, as GitHub Pages does.
Screenshots go to test-artifacts/reader-*.png. Skips, with the reason, where
chromium or Playwright is missing.
"""
import email.utils
import functools
import http.server
import os
import re
import shutil
import socketserver
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.request import urlopen

import pytest
import yaml

from conftest import ROOT, copy_project

from chromium import CHROMIUM, launch
ARTIFACTS = ROOT / "test-artifacts"
PREFIX = "/park-digest/"     # the path of site_url in mkdocs.yml
MASTHEAD_PAGE = "fyrb-20220223-pA1-lines.txt"   # 阜阳日报 A1 版: a masthead and a photo item
NO_PARK_PAGE = "hbrb-20240407-p02-lines.txt"    # articles that name no park (其他)
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="chromium not found at /usr/bin/chromium (apt-get install chromium)")
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The seeds, a masthead page and a page about no park, built into site/."""
    from generator.app.cli import main

    root = copy_project(tmp_path_factory.mktemp("reader"))
    for name in (MASTHEAD_PAGE, NO_PARK_PAGE):
        shutil.copy(ROOT / "tests" / "corpus" / "pages" / name, root / "seeds" / name)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build", "--site", "site"]) == 0
    finally:
        os.chdir(cwd)
    return root


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """The site under PREFIX; a missing file gets 404.html with status 404 (as GitHub Pages serves it)."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        return super().translate_path("/" + path[len(PREFIX):] if path.startswith(PREFIX) else "/missing/")

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if not (path.is_file() or (path / "index.html").is_file()):
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


@pytest.fixture(scope="module")
def site(project):
    handler = functools.partial(PagesHandler, directory=str(project / "site"))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
        httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def open_page(browser, url: str, width: int = 1280, scheme: str = "light", idle: bool = True):
    """A new page at url, width px wide; its console errors in .errors (a 404 page logs its own status)."""
    pg = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN", color_scheme=scheme)
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(url)
    if idle:
        pg.wait_for_load_state("networkidle")
    return pg


def shot(pg, name: str) -> None:
    width = pg.viewport_size["width"]
    pg.screenshot(path=str(ARTIFACTS / f"reader-{name}-{width}.png"), full_page=True)


def front_matter(project: Path, kind: str = "") -> dict[str, dict]:
    """Article slug → front matter, of articles of that kind (all when empty)."""
    out = {}
    for path in sorted((project / "docs" / "articles").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if not kind or meta.get("kind") == kind:
            out[path.stem] = meta
    return out


def test_article_says_where_it_was_printed(project, site, browser):
    """A masthead page's article cites paper, date and page; a page without one names its file."""
    arts = front_matter(project)
    cited = next(slug for slug, m in arts.items() if m.get("paper"))
    unknown = next(slug for slug, m in arts.items() if not m.get("paper") and m["date_source"] == "text")
    for width in WIDTHS:
        pg = open_page(browser, f"{site}articles/{cited}/", width)
        assert pg.inner_text(".pd-source") == "原载《阜阳日报》2022年2月23日 第1版"
        shot(pg, "source-masthead")
        pg = open_page(browser, f"{site}articles/{unknown}/", width)
        source = pg.inner_text(".pd-source")
        assert source.startswith("来源：版面文件 ") and arts[unknown]["source"] in source
        assert pg.errors == []


def test_photo_item_is_labelled_with_its_credit(project, site, browser):
    slug, meta = next((s, m) for s, m in front_matter(project, "photo").items() if m.get("photographers"))
    for width in WIDTHS:
        pg = open_page(browser, f"{site}articles/{slug}/", width)
        assert pg.locator(".pd-photo-news").is_visible() and pg.inner_text(".pd-photo-news") == "图片新闻"
        line = pg.locator(".admonition.abstract li", has=pg.locator(".pd-photo-news")).inner_text()
        assert "摄影：" + "、".join(meta["photographers"]) in line
        shot(pg, "photo")


def test_article_has_breadcrumb_and_previous_next_within_park_and_month(project, site, browser):
    arts = front_matter(project)
    park = max({m.get("park") for m in arts.values() if m.get("park")},
               key=lambda p: sum(m.get("park") == p for m in arts.values()))
    slug = next(s for s, m in sorted(arts.items(), key=lambda kv: kv[1]["date"]) if m.get("park") == park)
    for width in WIDTHS:
        pg = open_page(browser, f"{site}articles/{slug}/", width)
        crumbs = pg.locator(".pd-breadcrumb a").all_inner_texts()
        assert crumbs == ["首页", "园区", park]
        # Articles are not in the navigation: no empty left column (at 390 px it is the drawer anyway).
        assert width < 1000 or pg.locator(".md-sidebar--primary").is_hidden()
        shot(pg, "article")
        assert pg.errors == []
    seq = pg.locator(".pd-sequence li")
    assert "同园区" in seq.nth(0).inner_text() and "同月份" in seq.nth(1).inner_text()
    # The oldest of its park has a newer one in the park; follow it: the same park, and back again.
    pg.locator(".pd-sequence li").nth(0).locator("a[rel=next]").click()
    pg.wait_for_load_state("networkidle")
    assert pg.locator(".pd-breadcrumb a").all_inner_texts()[-1] == park
    pg.locator(".pd-sequence li").nth(0).locator("a[rel=prev]").click()
    pg.wait_for_load_state("networkidle")
    assert pg.url.endswith(f"articles/{slug}/")
    # The month link leads to that month in the archive.
    pg.locator(".pd-sequence li").nth(1).locator(".pd-sequence-label a").click()
    pg.wait_for_load_state("networkidle")
    assert "/archive/" in pg.url and pg.locator(f"[id='{arts[slug]['date'][:7]}']").count() == 1


def test_a_tag_chip_opens_the_tags_articles_on_the_tags_page(project, site, browser):
    """An article's tag chip leads to the tag's block on the tags page, open (by the browser itself,
    without scripts too), its title in view below the header, listing the article with the others."""
    arts = front_matter(project)
    shared = Counter(t for m in arts.values() for t in m["tags"])
    slug, tag = next((s, t) for s, m in arts.items() for t in m["tags"] if shared[t] > 1)
    for width in WIDTHS:
        pg = open_page(browser, f"{site}articles/{slug}/", width)
        chips = pg.locator(".pd-tag-links a.md-tag")
        assert chips.all_inner_texts() == arts[slug]["tags"] and pg.locator("span.md-tag").count() == 0
        shot(pg, "tag-chips")
        chips.filter(has_text=re.compile(f"^{re.escape(tag)}$")).click()
        pg.wait_for_load_state("networkidle")
        assert pg.url.split("#")[0].endswith(PREFIX + "tags/"), pg.url
        block = pg.locator("details.pd-tag", has=pg.locator(f"[id='{pg.url.split('#')[1]}']"))
        assert block.evaluate("d => d.open") and pg.locator("details.pd-tag[open]").count() == 1
        assert block.locator("summary").inner_text().startswith(f"{tag}（{shared[tag]}）")
        assert block.locator("li a").count() == shared[tag] and block.locator(f"a[href$='/{slug}/']").is_visible()
        title, header = block.locator("summary").bounding_box(), pg.locator("header.md-header").bounding_box()
        assert header["y"] + header["height"] <= title["y"] and title["y"] + title["height"] <= 900, (title, header)
        shot(pg, "tag-opened")
        assert pg.errors == []
        still = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
        still.goto(pg.url)
        assert still.locator(f"details.pd-tag:has([id='{pg.url.split('#')[1]}'])").evaluate("d => d.open")
        still.close()


def test_home_links_to_the_archive(site, browser):
    for width in WIDTHS:
        pg = open_page(browser, site, width)
        shot(pg, "home")
    pg.locator("a.pd-more").click()
    pg.wait_for_load_state("networkidle")
    assert pg.url.endswith("/archive/") and pg.locator("h1").inner_text().startswith("归档")


def test_every_page_has_share_card_metadata(site, browser):
    for path in ("", "parks/", "archive/", "review/"):
        pg = open_page(browser, site + path)
        meta = {name: pg.get_attribute(f"meta[{attr}='{name}']", "content")
                for attr, name in (("property", "og:title"), ("property", "og:description"),
                                   ("property", "og:site_name"), ("property", "og:url"), ("name", "twitter:card"))}
        assert all(meta.values()), (path, meta)
        assert meta["og:site_name"] == "高新区新闻摘要" and meta["twitter:card"] == "summary"
        assert meta["og:url"].endswith(PREFIX + path)
    pg = open_page(browser, site + "parks/")
    pg.locator("article a[href$='/']").first.click()
    pg.locator("article a[href*='articles/']").first.click()
    pg.wait_for_load_state("networkidle")
    h1 = pg.inner_text("article h1").replace("¶", "").strip()
    assert pg.get_attribute("meta[property='og:title']", "content") == h1
    assert pg.get_attribute("meta[property='og:type']", "content") == "article"
    lead = pg.get_attribute("meta[property='og:description']", "content")
    assert lead and lead[:10] in pg.inner_text("article")


def test_404_page_is_chinese_with_links_and_search(site, browser):
    for width in WIDTHS:
        pg = open_page(browser, site + "no/such/page/", width)
        assert pg.inner_text("article h1").startswith("页面不存在")
        assert "Not found" not in pg.inner_text("body")
        shot(pg, "404")
    links = pg.locator(".pd-404-links a").all_inner_texts()
    assert links == ["首页", "园区", "专题", "归档"]
    pg.locator(".pd-404-links a", has_text="园区").click()
    pg.wait_for_load_state("networkidle")
    assert pg.url.endswith(PREFIX + "parks/") and pg.inner_text("article h1").startswith("园区")
    pg = open_page(browser, site + "missing/")
    pg.fill("#pd-404-q", "高新技术企业")
    pg.press("#pd-404-q", "Enter")
    pg.wait_for_load_state("networkidle")
    assert "q=" in pg.url and pg.url.split("?")[0].endswith(PREFIX)


def test_dark_mode_follows_the_system_and_the_toggle(site, browser):
    pg = open_page(browser, site, scheme="dark")
    assert pg.get_attribute("body", "data-md-color-scheme") == "slate"
    shot(pg, "dark")
    pg = open_page(browser, site, scheme="light")
    assert pg.get_attribute("body", "data-md-color-scheme") == "default"
    pg.locator("form[data-md-component=palette] label:visible").first.click()
    assert pg.get_attribute("body", "data-md-color-scheme") == "slate"


def test_parks_index_puts_other_last(site, browser):
    for width in WIDTHS:
        pg = open_page(browser, site + "parks/", width)
        shot(pg, "parks")
    headings = [h.replace("¶", "").strip() for h in pg.locator("article h2").all_inner_texts()]
    assert headings[-1] == "其他" and headings.count("其他") == 1, headings
    assert headings.index("名录外园区") == len(headings) - 2, headings
    hrefs = pg.locator("article li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*/", h) for h in hrefs), hrefs


def test_review_page_in_chinese_with_links_and_overrides_blocks(project, site, browser):
    arts = front_matter(project)
    to_review = {m["id"]: (s, m) for s, m in arts.items() if m.get("review")}
    for width in WIDTHS:
        pg = open_page(browser, site + "review/", width)
        shot(pg, "review")
    titles = pg.locator("h2.pd-review-title")
    assert titles.count() == len(to_review)
    reasons = " ".join(pg.locator("article li").all_inner_texts())
    assert "正文在句子中间结束" in reasons and "正文以小标题开头" in reasons
    assert not re.search(r"[A-Za-z]{4,}", reasons), "reasons are in Chinese"
    blocks = pg.locator("article pre code").all_inner_texts()
    assert len(blocks) == len(to_review)
    for block in blocks:
        entry = yaml.safe_load(block)["articles"]
        (ident, fields), = entry.items()
        slug, meta = to_review[str(ident)]
        assert fields["title"] == meta["title"] and set(fields) <= {"title", "park", "date", "topics"}
    # Each title links to its article.
    titles.first.locator("a").first.click()
    pg.wait_for_load_state("networkidle")
    assert "/articles/" in pg.url


def test_park_page_announces_its_feed_and_feeds_agree(project, site, browser):
    pg = open_page(browser, site + "parks/")
    pg.errors.clear()
    pg.locator("article li a").first.click()
    pg.wait_for_load_state("networkidle")
    slug = pg.url.rstrip("/").rsplit("/", 1)[1]
    href = pg.get_attribute(f"head link[rel~=alternate][type='application/rss+xml'][href$='{slug}.xml']", "href")
    assert href, "the park page links its own feed in <head>"
    assert pg.errors == [], "Material looks for no sitemap.xml beside the park feed"
    feed_url = pg.evaluate("h => new URL(h, location.href).href", href)
    text = urlopen(feed_url).read().decode("utf-8")
    assert '<?xml-stylesheet type="text/xsl" href="../assets/feed.xsl"?>' in text
    for width in WIDTHS:
        pg = open_page(browser, feed_url, width, idle=False)   # a feed page, shown by its XSL stylesheet
        pg.wait_for_selector("text=这是一个 RSS 订阅源")
        body = pg.inner_text("body")
        assert "这是一个 RSS 订阅源" in body and "访问网站" in body
        assert re.search(r"发布日期：\d{4}年\d{1,2}月\d{1,2}日", body), body
        shot(pg, "park-feed")
    site_feed = (project / "site" / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert 'href="assets/feed.xsl"' in site_feed
    # One article, one time in every feed.
    dates = {}
    for feed in [site_feed, *(p.read_text(encoding="utf-8") for p in (project / "site" / "parks").glob("*.xml"))]:
        for item in re.findall(r"<item>.*?</item>", feed, re.S):
            link = re.search(r"<link>(.*?)</link>", item).group(1)
            when = re.search(r"<pubDate>(.*?)</pubDate>", item)
            if when:
                dates.setdefault(link, set()).add(email.utils.parsedate_to_datetime(when.group(1)).isoformat())
    assert dates and all(len(v) == 1 for v in dates.values()), {k: v for k, v in dates.items() if len(v) > 1}


def test_build_output_is_quiet(tmp_path):
    """No DEBUG lines nor jieba's start-up messages: the review list and the summary."""
    root = copy_project(tmp_path)
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--site", "site"], cwd=root,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "DEBUG" not in output and "prefix dict" not in output and "Loading model" not in output, output
    assert re.search(r"\d+ pages read, \d+ articles written", done.stdout)
    assert done.stdout.strip().splitlines()[-1].startswith("site built in ")
