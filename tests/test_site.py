"""The built site: every internal link resolves, feeds are valid RSS 2.0, Chinese search finds what it must."""
import html.parser
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

SEARCH_CASES = yaml.safe_load((Path(__file__).parent / "cases" / "search.yml").read_text(encoding="utf-8"))


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_every_internal_link_resolves(built):
    site = built / "site1"
    config = yaml.safe_load(re.sub(r"!!python/\S+", "", (built / "mkdocs.yml").read_text(encoding="utf-8")))
    prefix = urlparse(config["site_url"]).path  # absolute links carry the project-page subpath
    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            url = urlparse(link)
            if url.scheme or url.netloc or link.startswith(("#", "mailto:", "javascript:", "data:")):
                continue
            if url.path == "":
                continue
            if url.path.startswith("/"):
                if not url.path.startswith(prefix):
                    broken.append(f"{page.relative_to(site)} → {link} (outside {prefix})")
                    continue
                target = (site / unquote(url.path[len(prefix):])).resolve()
            else:
                target = (page.parent / unquote(url.path)).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)} → {link}")
    assert broken == []


def feeds(site: Path) -> list[Path]:
    return [site / "feed_rss_created.xml"] + sorted((site / "parks").glob("*.xml"))


def test_feeds_are_valid_rss(built):
    site = built / "site1"
    found = feeds(site)
    assert len(found) > 10
    for feed in found:
        root = ET.parse(feed).getroot()
        assert root.tag == "rss" and root.get("version") == "2.0", feed.name
        channel = root.find("channel")
        for field in ("title", "link", "description"):
            assert (channel.findtext(field) or "").strip(), (feed.name, field)
        items = channel.findall("item")
        assert items, feed.name
        for item in items:
            assert item.findtext("title") and item.findtext("link", "").startswith("http"), feed.name
            assert re.match(r"\w{3}, \d{2} \w{3} \d{4}", item.findtext("pubDate", "")), feed.name


def search(index: dict, query: str) -> list[str]:
    """Titles of the pages Material's search returns: the query cut as Material cuts it, and
    every term of it must prefix a token (of the index, as its separator splits the text).

    Material indexes each section of a page as its own entry (location#anchor);
    a hit in a section is a hit for its page.
    """
    separator = re.compile(index["config"]["separator"])
    tokens_of = [{t.lower() for t in separator.split(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"])) if t}
                 for d in index["docs"]]
    vocabulary = set().union(*tokens_of)
    query = re.sub(r"[\u3400-\u9fff]+", lambda m: " ".join(material_segments(m.group(0), vocabulary)), query)
    terms = [t.lower() for t in separator.split(query) if t]
    titles = {d["location"]: re.sub(r"<[^>]+>|\u200b", "", d["title"]) for d in index["docs"] if "#" not in d["location"]}
    hits = []
    for doc, tokens in zip(index["docs"], tokens_of):
        page = doc["location"].split("#")[0]
        if all(any(tok.startswith(term) for tok in tokens) for term in terms) and titles.get(page) not in hits:
            hits.append(titles.get(page, page))
    return hits


def material_segments(query: str, vocabulary: set[str]) -> list[str]:
    """A Chinese query cut as Material's search worker cuts it (its query/segment/index.ts).

    The longest words of the index that start at each character, never ending on the
    query's last character; the whole query when no word of the index starts it.

    >>> material_segments("大学", {"大", "大学"}), material_segments("大学", {"大学"})
    (['大'], ['大学'])
    >>> material_segments("知识产权", {"知识", "产权"}), material_segments("知识产权", {"知识产"})
    (['知识'], ['知识产'])
    """
    n = len(query)
    cuts = [max((j - i for j in range(i + 1, n) if query[i:j] in vocabulary), default=0) for i in range(n)]
    segments, stack = [], [0]
    while stack:
        p = stack.pop()
        for q in range(1, cuts[p]):
            if cuts[p + q] > cuts[p] - q:
                segments.append(query[p:p + q])
                stack.append(p + q)
        q = p + cuts[p]
        if q < n - 1 and cuts[q]:
            stack.append(q)
        segments.append(query[p:q])
    return [query] if "" in segments else list(dict.fromkeys(segments))


@pytest.mark.parametrize("query,title", SEARCH_CASES, ids=[q for q, _ in SEARCH_CASES])
def test_chinese_search_finds_the_article(built, query, title):
    index = json.loads((built / "site1" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(title in hit for hit in search(index, query)), search(index, query)[:10]


def test_search_index_is_segmented_with_the_user_dictionary(built):
    index = json.loads((built / "site1" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"])
    assert "\u200b孵化器\u200b" in text and "\u200b高新技术企业\u200b" in text


def test_pagefind_index_has_filters(built):
    pagefind = built / "site3" / "pagefind"
    assert (pagefind / "pagefind-ui.js").is_file()
    entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"], entry
    assert list((pagefind / "filter").glob("*")), "park/topic/year filters are indexed"


def test_find_page_offers_the_indexed_filter_values(built):
    """The search page lists 园区/专题/年份 itself, with the values the articles are indexed under."""
    find = (built / "site3" / "find" / "index.html").read_text(encoding="utf-8")
    article = next((built / "site3" / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    filters = re.findall(r'data-pagefind-filter="([^:"]+):([^"]+)"', article)
    assert {name for name, _ in filters} >= {"园区", "年份"}
    for name, value in filters:
        assert f'<select name="{name}">' in find
        assert f'<option value="{value}">' in find, (name, value)
    assert "pagefind-ui" not in find, "no Default UI"


def test_pagefind_build_leaves_out_materials_whole_index(built):
    """Material fetches search_index.json on every page view: with Pagefind there is none."""
    assert not (built / "site3" / "search" / "search_index.json").exists()
    assert (built / "site1" / "search" / "search_index.json").is_file()
    assert "md-search__input" not in (built / "site3" / "index.html").read_text(encoding="utf-8")


def test_material_indexes_article_text_not_the_boxes_nor_the_lists(built):
    """An article's own entry (its result teaser) is its text: no source or abstract box; lists are not indexed."""
    index = json.loads((built / "site1" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"]: re.sub(r"<[^>]+>|\u200b", "", d["text"]) for d in index["docs"] if "#" not in d["location"]}
    articles = {loc: text for loc, text in pages.items() if loc.startswith("articles/")}
    assert len(articles) == len(list((built / "docs" / "articles").glob("*.md")))
    for loc, text in articles.items():
        assert "来源：" not in text and "编辑说明" not in text and "园区：" not in text, (loc, text[:80])
        md = (built / "docs" / loc.rstrip("/")).with_suffix(".md").read_text(encoding="utf-8")
        opens_with_section = re.search(r"\n</div>\n\n## ", md) is not None   # text before the first section
        assert text.strip() or opens_with_section, loc
    assert not {"", "tags/", "parks/", "topics/", "archive/", "review/", "find/"} & set(pages)
    boosts = {d["location"].split("#")[0]: d.get("boost", 1) for d in index["docs"]}
    assert all(boosts[loc] < 1 for loc in boosts if loc.startswith(("parks/", "topics/")))
    assert index["config"]["fields"]["tags"]["boost"] < 100, "a tag does not outweigh the whole text"


def test_only_the_pagefind_build_gives_articles_the_pagefind_copy(built):
    """The copy Pagefind indexes is a third of an article page: a site searched by Material goes without it."""
    name = next((built / "site1" / "articles").iterdir()).name
    plain = (built / "site1" / "articles" / name / "index.html").read_text(encoding="utf-8")
    for_pagefind = (built / "site3" / "articles" / name / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in plain and 'id="pd-search-terms"' in plain
    assert "data-pagefind-body" in for_pagefind


def test_find_page_is_in_the_nav_only_with_pagefind(built):
    assert 'href="find/"' not in (built / "site1" / "index.html").read_text(encoding="utf-8")
    assert 'href="find/"' in (built / "site3" / "index.html").read_text(encoding="utf-8")


def test_month_precision_dates_show_as_months(built):
    months = 0
    for page in sorted((built / "docs" / "articles").glob("*.md")):
        meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        html_page = (built / "site3" / "articles" / page.stem / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'data-pagefind-meta="date:([^"]+)"', html_page)
        assert shown, page.name
        if meta.get("date_precision") == "month":
            months += 1
            assert shown.group(1) == meta["date"][:7], page.name
    assert months, "the seeds have month-precision articles"


class ListItems(html.parser.HTMLParser):
    """The text of each <li> of an article's abstract box."""

    def __init__(self):
        super().__init__()
        self.items: list[str] = []
        self.depth = 0
        self.in_box = False

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "div" and "abstract" in classes.split():
            self.in_box = True
        if self.in_box and tag == "li":
            self.items.append("")

    def handle_endtag(self, tag):
        if tag == "div" and self.in_box and self.items:
            self.in_box = False

    def handle_data(self, data):
        if self.in_box and self.items:
            self.items[-1] += data


def test_article_box_shows_each_fact_on_its_own_line(built):
    """The box under the headline lists source, parks, date and topics as separate items (none run together)."""
    pages = sorted((built / "site1" / "articles").glob("*/index.html"))
    assert pages
    for page in pages:
        parser = ListItems()
        parser.feed(page.read_text(encoding="utf-8"))
        starts = [item.strip()[:3] for item in parser.items]
        assert any(s.startswith("园区：") for s in starts) and any(s.startswith("日期：") for s in starts), (page, starts)
        assert not any("日期：" in item and not item.strip().startswith("日期：") for item in parser.items), page


class TagLinks(html.parser.HTMLParser):
    """An article's tag chips ([text, href] of each a.md-tag), chips that link nowhere (span.md-tag),
    and the tags page's anchors: each id inside a tag's block (not its title) → the tag of the block."""

    def __init__(self):
        super().__init__()
        self.chips: list[list[str]] = []
        self.unlinked = 0
        self.anchors: dict[str, str] = {}
        self.block: dict | None = None      # the tag block being read: its title and the ids in it
        self.in_chip = self.in_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "md-tag" in classes:
            self.unlinked += tag != "a"
            self.in_chip = tag == "a"
            if self.in_chip:
                self.chips.append(["", attrs.get("href") or ""])
        if tag == "details" and "pd-tag" in classes:
            self.block = {"title": "", "ids": []}
        elif self.block is not None:
            self.in_summary = self.in_summary or tag == "summary"
            if attrs.get("id") and not self.in_summary:
                self.block["ids"].append(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "a":
            self.in_chip = False
        if tag == "summary":
            self.in_summary = False
        if tag == "details" and self.block is not None:
            for ident in self.block["ids"]:
                self.anchors[ident] = self.block["title"].rsplit("（", 1)[0]
            self.block = None

    def handle_data(self, data):
        if self.in_chip:
            self.chips[-1][0] += data
        if self.in_summary:
            self.block["title"] += data


def test_every_tag_chip_leads_to_its_tags_block_on_the_tags_page(built):
    """Each article shows its tags as chips, each linking to an anchor inside that tag's block (so it opens)."""
    site = built / "site1"
    tags_page = TagLinks()
    tags_page.feed((site / "tags" / "index.html").read_text(encoding="utf-8"))
    blocks = (site / "tags" / "index.html").read_text(encoding="utf-8").count('<details class="pd-tag"')
    assert len(tags_page.anchors) == len(set(tags_page.anchors.values())) == blocks > 0   # one anchor per tag
    pages = sorted((site / "articles").glob("*/index.html"))
    assert pages
    for page in pages:
        meta = yaml.safe_load((built / "docs" / "articles" / f"{page.parent.name}.md").read_text(encoding="utf-8")
                              .split("---\n")[1])
        parser = TagLinks()
        parser.feed(page.read_text(encoding="utf-8"))
        assert [text for text, _ in parser.chips] == meta["tags"] and parser.unlinked == 0, page
        for text, href in parser.chips:
            url = urlparse(href)
            assert (page.parent / url.path).resolve() == (site / "tags").resolve(), (page, href)
            assert tags_page.anchors.get(url.fragment) == text, (page, href)
