"""Render the whole site: article, park, topic, archive, review and home pages, and park feeds.

Article pages are most of the work at archive scale; they are rendered on
forked worker processes while this process renders the index pages.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Callable

from ..runtime.cache import RenderCache
from .chart import coverage_svg
from ..runtime.collector import fewer_collections
from ..runtime.forked import start_forked
from ..knowledge.gazetteer import Gazetteer
from ..extract.terms import load_topics, user_dictionary
from ..group.groups import (by_month, by_park, by_topic, neighbours, neighbours_in_lists, newest_first, park_slug,
                            related_finder, subparks_of)
from ..group.tags import tag_anchors
from ..model import Article, Group, Neighbours, Result
from .reader import LONG_LIST, by_year, code_fence, overrides_block, source_line
from .environment import article_front_matter, environment, front_matter, render
from .searchwords import search_words, segmenter
from ..settings import HOME_FRAGMENT, PAGEFIND_LANGUAGE, TAGS_FRAGMENT, Settings

DATE_SOURCE_LABELS = {"manifest": "版面清单", "masthead": "报头日期", "front-matter": "文件头信息",
                      "filename": "文件名", "text": "按正文推断", "override": "编辑更正", "": "日期不详"}
LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "unknown": "级别未知"}
# Material's search: lists of every park, topic and month are left out of the index (they
# hold every headline, so they match every query); a park's or topic's own page stays
# findable by its name, but far below the articles that contain the query.
NOT_SEARCHED = {"exclude": True}
LISTING_BOOST = {"boost": 0.01}
PARALLEL_MIN_ARTICLES = 500   # below this, forking workers costs more than it saves


IndexPage = tuple[str, tuple, Callable[[], str]]   # cache kind, the inputs it depends on, how to render it


class SitePlan:
    """What the site is made of: the path of every generated page, and how to render it.

    Planning groups the articles (per park, topic and month); rendering is left
    to render_site (all pages at once) or stream_site (one by one, in a given order).
    """

    def __init__(self, result: Result, settings: Settings, gazetteer: Gazetteer, env: Any = None):
        self.result, self.settings, self.gazetteer = result, settings, gazetteer
        self.env = env if env is not None else environment(settings.templates, settings.cache_dir)
        self.parks = by_park(result.articles, gazetteer)
        self.topics = by_topic(result.articles)
        self.months = by_month(result.articles)
        self.tag_anchors = tag_anchors(t for a in result.articles for t in a.tags)
        self.articles = {f"articles/{a.slug}.md": a for a in result.articles}
        self.index = self._index_pages()

    @property
    def paths(self) -> list[str]:
        """Every page's path in docs/, articles first."""
        return [*self.articles, *self.index]

    def _index_pages(self) -> dict[str, IndexPage]:
        """Park, feed, topic, archive, review, search and home pages: path → (kind, inputs, render)."""
        env, settings, result = self.env, self.settings, self.result
        parks, topics, months = self.parks, self.topics, self.months
        slugs = {g.key: g.slug for g in parks}
        pages: dict[str, IndexPage] = {}
        for g in parks:
            pages[f"parks/{g.slug}.md"] = ("park", (g, slugs), lambda g=g: render_park(env, g, slugs))
            feed = newest_first(g.articles + g.mentions)[:settings.feed_items]
            pages[f"parks/{g.slug}.xml"] = ("feed", (g.title, g.slug, feed), lambda g=g, feed=feed: render_feed(
                env, settings, f"{g.title} · 高新区新闻摘要", f"parks/{g.slug}/", f"{g.title}的报道", feed))
        pages["parks/index.md"] = ("parks", (parks,), lambda: render(
            env, "parks_index.md.j2", groups=parks, provinces=_by_province(parks, self.gazetteer),
            front_matter=front_matter({"title": "园区", "search": NOT_SEARCHED})))
        for g in topics:
            pages[f"topics/{g.slug}.md"] = ("topic", (g,), lambda g=g: render(
                env, "topic.md.j2", group=g, years=_years(g.articles),
                front_matter=front_matter({"title": g.title, "search": LISTING_BOOST})))
        pages["topics/index.md"] = ("topics", (topics,), lambda: render(
            env, "topics_index.md.j2", groups=topics, front_matter=front_matter({"title": "专题", "search": NOT_SEARCHED})))
        pages["archive/index.md"] = ("archive", (months,), lambda: render(
            env, "archive.md.j2", years=_by_year(months), front_matter=front_matter({"title": "归档", "search": NOT_SEARCHED})))
        pages["review/index.md"] = ("review", (result.review, result.notes), lambda: render(
            env, "review.md.j2", articles=result.review, notes=result.notes, entries=self._review_entries(),
            front_matter=front_matter({"title": "待核清单", "search": NOT_SEARCHED, "hide": ["navigation"]})))
        pages["find/index.md"] = ("find", (parks, topics), lambda: render(
            env, "find.md.j2", parks=[g for g in parks if g.articles], topics=topics, language=PAGEFIND_LANGUAGE,
            front_matter=front_matter({"title": "全文检索", "search": NOT_SEARCHED})))
        pages["find/terms.json"] = ("terms", (), lambda: search_terms(self.gazetteer))
        pages[TAGS_FRAGMENT] = ("tags", (result.articles,), lambda: render(
            env, "tags.md.j2", groups=tag_groups(result.articles), count=len(self.tag_anchors), anchors=self.tag_anchors))
        listed = [g for g in parks if g.key and g.articles]
        pages[HOME_FRAGMENT] = ("home", (result.pages, result.articles, parks, topics), lambda: render(
            env, "home.md.j2", pages=result.pages, articles=result.articles,
            latest=result.articles[:settings.latest_count], parks=listed,
            top_parks=sorted(listed, key=lambda g: -len(g.articles))[:10], topics=topics))
        return pages

    def _review_entries(self) -> dict[str, tuple[str, str, str]]:
        """Per article to review: its source line, and its overrides.yml block with the fence around it."""
        entries = {}
        for a in self.result.review:
            block = overrides_block(a, a.park in self.gazetteer.parks)
            entries[a.id] = (source_line(a), block, code_fence(block))
        return entries


def render_site(result: Result, settings: Settings, gazetteer: Gazetteer,
                cache: RenderCache | None = None, env: Any = None) -> dict[str, str]:
    """Render article, park, topic, archive, review and home pages, and the park feeds.

    With a cache, a page whose inputs did not change since the last run is taken
    from it. env is the templates' environment, when one was made (and warmed up) already.
    """
    with fewer_collections():
        plan = SitePlan(result, settings, gazetteer, env)
        article_pages = start_article_pages(plan.env, result.articles, gazetteer, settings.related_count,
                                            settings.workers, cache, neighbours_in_lists(plan.parks, plan.months, plan.tag_anchors))
        page = cache.page if cache is not None else _uncached
        files = {path: page(kind, inputs, make) for path, (kind, inputs, make) in plan.index.items()}
        return {f"articles/{a.slug}.md": text for a, text in zip(result.articles, article_pages())} | files


def warm_up_rendering(env: Any, gazetteer: Gazetteer) -> None:
    """Compile every template of env and load the search words' tokenizer, for rendering later.

    Run while page workers analyse the pages, so that this process does not do
    it after them, and forked renderers inherit the compiled templates and the
    tokenizer (0.4 s to load in each process otherwise). Only .j2 files are read;
    one that does not compile is left for rendering to report.
    """
    segmenter(gazetteer)
    for name in env.list_templates(extensions=["j2"]):  # not editors' swap files, images …
        try:
            env.get_template(name)
        except Exception:  # not text, unreadable, no template: for rendering to report, if it uses it
            pass


def _article_page(env: Any, a: Article, gazetteer: Gazetteer, rel: tuple[Article, ...],
                  cache: RenderCache | None, near: Neighbours) -> tuple[str, str | None]:
    """(cache key, page text): the text is None when the cache has it (the key is "" without a cache)."""
    if cache is None:
        return "", render_article(env, a, gazetteer, rel, near)
    key = cache.key("article", a, rel, near)
    return key, None if key in cache.entries else render_article(env, a, gazetteer, rel, near)


def _uncached(kind: str, inputs: tuple, make: Callable[[], str]) -> str:
    """RenderCache.page without a cache: always render."""
    return make()


def render_park(env: Any, g: Group, slugs: dict[str, str]) -> str:
    """One park page: profile, coverage chart, its articles, 园中园, parks named with it, feed."""
    info = dict(g.info)
    return render(env, "park.md.j2", group=g, info=info, level_label=LEVEL_LABELS.get(info.get("level", "unknown"), "") + info.get("kind", ""),
                  chart=coverage_svg(g.articles + g.mentions), subparks=subparks_of(g), years=_years(g.articles),
                  neighbours=[(name, n, slugs.get(name)) for name, n in neighbours(g)],
                  topic_slugs={t.name: t.slug for t in load_topics()},
                  front_matter=front_matter({"title": g.title, "feed": f"parks/{g.slug}.xml", "search": LISTING_BOOST}))


def _years(articles: tuple[Article, ...]) -> list[tuple[str, list[Article]]]:
    """A long list under year headings; a short one as one list (no heading: an empty label)."""
    return by_year(articles) if len(articles) > LONG_LIST else [("", list(articles))]


def render_feed(env: Any, settings: Settings, title: str, path: str, description: str,
                articles: tuple[Article, ...]) -> str:
    """An RSS 2.0 feed of articles (absolute links when site_url is known)."""
    base = settings.site_url.rstrip("/") + "/" if settings.site_url else "/"
    updated = articles[0].date if articles else None
    from .environment import rfc822
    return render(env, "feed.xml.j2", title=title, link=base + path, description=description, base=base,
                  articles=articles, updated=rfc822(updated) if updated else None)


def render_article(env: Any, a: Article, gazetteer: Gazetteer, related_articles: tuple[Article, ...] = (),
                   near: Neighbours = Neighbours()) -> str:
    """One article page."""
    topic_slugs = {t.name: t.slug for t in load_topics()}
    parks = [Group("park", p, park_slug(p, gazetteer), p) for p in a.parks]
    park = parks[0] if a.park else None
    meta = {**article_front_matter(a), "search_words": search_words(a, gazetteer)}
    # Articles are not in the navigation: the left column would be empty.
    meta["hide"] = ["navigation"]
    return render(env, "article.md.j2", article=a, draft=a.draft, park=park, parks=parks if a.park else [],
                  topics=[Group("topic", t, topic_slugs[t], t) for t in a.topics],
                  related=related_articles, near=near, source_line=source_line(a),
                  readtime=meta["readtime"],
                  date_source_label=DATE_SOURCE_LABELS[a.date_source],
                  front_matter=front_matter(meta))


def tag_groups(articles: list[Article]) -> list[tuple[str, list[tuple[str, list[Article]]]]]:
    """Tags in pinyin order (then code point) under the initial of their pinyin, each with its articles."""
    from ..knowledge.pinyin import pinyin

    by_tag: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        for tag in a.tags:
            by_tag[tag].append(a)
    # Syllable by syllable (da before dang), as a dictionary orders them.
    spelled = {tag: tuple(s.lower() for s in pinyin().lazy_pinyin(tag)) for tag in by_tag}
    groups: dict[str, list[tuple[str, list[Article]]]] = defaultdict(list)
    for tag in sorted(by_tag, key=lambda t: (spelled[t], t)):
        initial = "".join(spelled[tag])[:1].upper()
        groups[initial if initial.isascii() and initial.isalpha() else "#"].append((tag, by_tag[tag]))
    return sorted(groups.items())


def search_terms(gazetteer: Gazetteer) -> str:
    """find/terms.json: the words the search copies keep whole (parks, domain terms), for cutting queries alike."""
    words = sorted({line.split()[0] for line in user_dictionary(gazetteer).splitlines() if len(line.split()[0]) > 1})
    return json.dumps(words, ensure_ascii=False, separators=(",", ":")) + "\n"


def _by_province(parks: list[Group], gazetteer: Gazetteer) -> list[tuple[str, list[Group]]]:
    """Park groups under their province (gazetteer order), then parks the gazetteer does not know, then 其他."""
    order: dict[str, int] = {}
    for p in gazetteer.parks.values():
        order.setdefault(p.province, len(order))
    buckets: dict[str, list[Group]] = defaultdict(list)
    for g in parks:
        buckets[dict(g.info).get("province", "名录外园区" if g.key else "其他")].append(g)
    last = {"名录外园区": len(order), "其他": len(order) + 1}
    return sorted(buckets.items(), key=lambda kv: order.get(kv[0], last.get(kv[0], len(order))))


def _by_year(months: list[Group]) -> list[tuple[str, list[Group]]]:
    """Month groups under their year, newest first."""
    years: dict[str, list[Group]] = defaultdict(list)
    for g in months:
        years[g.key[:4]].append(g)
    return sorted(years.items(), reverse=True)


def start_article_pages(env: Any, articles: list[Article], gazetteer: Gazetteer, related_count: int,
                        workers: int, cache: RenderCache | None = None,
                        near: dict[str, Neighbours] | None = None) -> Callable[[], list[str]]:
    """Start rendering every article page; the returned function waits for them (in article order).

    With many articles they are rendered on forked processes (runtime/forked.py),
    which inherit the articles (and the cache) instead of receiving them pickled.
    """
    if cache is not None:
        for a in articles:
            cache.article_digest(a)  # once, here, rather than again in every worker

    def render_all(part: list[Article]) -> list[tuple[str, str | None]]:
        # Each worker finds the related articles of its own share (they need no one else's).
        nearest = related_finder(articles, related_count)
        # A cached page is not sent back: the parent has it too.
        none = Neighbours()
        return [_article_page(env, a, gazetteer, nearest(a), cache, (near or {}).get(a.id, none)) for a in part]

    def pages(done: list[tuple[str, str | None]]) -> list[str]:
        if cache is None:
            return [text for _key, text in done]
        return [cache.keep(key, text) for key, text in done]

    # Rendering on two processes saves about 6 % of a 1,000-article build (2.2 s → 2.07 s).
    forked = start_forked(render_all, articles, workers, "rendering article pages") \
        if len(articles) >= PARALLEL_MIN_ARTICLES else None
    if forked is not None:
        return lambda: pages(forked())
    texts = pages(render_all(articles))
    return lambda: texts
