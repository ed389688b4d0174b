"""Render the whole site: article, park, topic, archive, review and home pages, and park feeds.

With many articles, the pages are shared among forked worker processes
(render_pages), which inherit the plan instead of receiving it pickled.
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
from .searchwords import article_search_words
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
    to render_pages.
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
            # Only the slugs the page links to are its inputs: all of them would make its cache key cost
            # more than rendering it (a fifth of all rendering at 1,000 articles).
            named = tuple((name, n, slugs.get(name)) for name, n in neighbours(g))
            pages[f"parks/{g.slug}.md"] = ("park", (g, named), lambda g=g, named=named: render_park(env, g, named))
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
        texts = render_pages(plan, cache)
        return dict(zip([f"articles/{a.slug}.md" for a in result.articles] + list(plan.index), texts))


def warm_up_rendering(env: Any) -> None:
    """Compile every template of env, for rendering later.

    Run while page workers analyse the pages, so that this process does not do
    it after them, and forked renderers inherit the compiled templates. Only .j2
    files are read; one that does not compile is left for rendering to report.
    """
    for name in env.list_templates(extensions=["j2"]):  # not editors' swap files, images …
        try:
            env.get_template(name)
        except Exception:  # not text, unreadable, no template: for rendering to report, if it uses it
            pass


def _article_page(env: Any, a: Article, gazetteer: Gazetteer, rel: tuple[Article, ...],
                  cache: RenderCache | None, near: Neighbours, pagefind: bool) -> tuple[str, str | None]:
    """(cache key, page text): the text is None when the cache has it (the key is "" without a cache)."""
    if cache is None:
        return "", render_article(env, a, gazetteer, rel, near, pagefind)
    key = cache.key("article", a, rel, near)   # the cache's salt has the settings (pagefind)
    return key, None if key in cache.entries else render_article(env, a, gazetteer, rel, near, pagefind)


def render_park(env: Any, g: Group, named: tuple[tuple[str, int, str | None], ...]) -> str:
    """One park page: profile, coverage chart, its articles, 园中园, parks named with it (name, articles, slug), feed."""
    info = dict(g.info)
    return render(env, "park.md.j2", group=g, info=info, level_label=LEVEL_LABELS.get(info.get("level", "unknown"), "") + info.get("kind", ""),
                  chart=coverage_svg(g.articles + g.mentions), subparks=subparks_of(g), years=_years(g.articles),
                  neighbours=named,
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
                   near: Neighbours = Neighbours(), pagefind: bool = False) -> str:
    """One article page (with the words of its Pagefind copy when the site is built for Pagefind)."""
    topic_slugs = {t.name: t.slug for t in load_topics()}
    parks = [Group("park", p, park_slug(p, gazetteer), p) for p in a.parks]
    park = parks[0] if a.park else None
    meta = {**article_front_matter(a), "search_words": article_search_words(a, gazetteer, pagefind)}
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


Job = tuple[Article | None, str]   # an article page (its article), or an index page (None, its path)


def render_pages(plan: SitePlan, cache: RenderCache | None = None) -> list[str]:
    """The text of every page of plan: its articles' pages, then its index pages, in order.

    With many articles the pages are shared among forked processes (runtime/forked.py),
    which inherit the plan and the cache instead of receiving them pickled, while
    this process waits.
    """
    articles, settings = plan.result.articles, plan.settings
    if cache is not None:
        for a in articles:
            cache.article_digest(a)  # once, here, rather than again in every worker
    near = neighbours_in_lists(plan.parks, plan.months, plan.tag_anchors)

    def render_share(share: list[Job]) -> list[tuple[str, str | None]]:
        # Each worker finds the related articles of its own share (they need no one else's).
        nearest = related_finder(articles, settings.related_count)
        none = Neighbours()
        return [_article_page(plan.env, a, plan.gazetteer, nearest(a), cache, near.get(a.id, none), settings.pagefind)
                if a is not None else _index_page(plan, path, cache) for a, path in share]

    jobs: list[Job] = [(a, "") for a in articles] + [(None, path) for path in plan.index]
    # All pages on two processes, not the articles on two and the index pages here: the
    # index pages kept this process busy after the others were done (benchmarks/README.md).
    forked = start_forked(render_share, jobs, settings.workers, "rendering pages") \
        if len(articles) >= PARALLEL_MIN_ARTICLES else None
    done = forked() if forked is not None else render_share(jobs)
    if cache is None:
        return [text for _key, text in done]
    return [cache.keep(key, text) for key, text in done]


def _index_page(plan: SitePlan, path: str, cache: RenderCache | None) -> tuple[str, str | None]:
    """(cache key, page text) of an index page: the text is None when the cache has it (the key is "" without one)."""
    kind, inputs, make = plan.index[path]
    if cache is None:
        return "", make()
    key = cache.key(kind, *inputs)
    return key, None if key in cache.entries else make()
