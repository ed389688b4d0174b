"""The whole generator: read → segment → extract → group → render, as one function.

``build(settings)`` returns ``{docs path: file text}``; the CLI writes that to
disk and the MkDocs plugin adds it to the site in memory.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .cache import PageCache, code_key
from .errors import PageError
from .extract.article import make_article
from .extract.dates import PageDate, from_filename, from_text
from .extract.editorial import PageInfo, apply_overrides, load_manifest, load_overrides
from .extract.parks import Gazetteer, load_gazetteer
from .extract.terms import Tagger, load_topics
from .chart import coverage_svg
from .group import by_month, by_park, by_topic, neighbours, newest_first, park_slug, related, subparks_of
from .model import Article, Group, SeedPage
from .read import read_pages
from .render import article_front_matter, environment, front_matter, render
from .segment import segment_page
from .settings import HOME_FRAGMENT, Settings

log = logging.getLogger(__name__)
PARALLEL_MIN_PAGES = 16   # below this, starting worker processes costs more than it saves
DATE_SOURCE_LABELS = {"manifest": "版面清单", "filename": "文件名", "text": "按正文推断", "override": "编辑更正"}
LEVEL_LABELS = {"national": "国家级高新区", "provincial": "省级园区", "unknown": "级别未知"}


@dataclass
class Result:
    """Everything one run produced: files, counts and problems."""

    files: dict[str, str] = field(default_factory=dict)
    pages: int = 0
    articles: list[Article] = field(default_factory=list)
    errors: list[PageError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    newest: str = ""     # date of the newest article (pins the build time of feeds and sitemap)

    @property
    def review(self) -> list[Article]:
        """Articles the engine was unsure of."""
        return [a for a in self.articles if a.reasons]


def page_date(page: SeedPage, text: str, info: PageInfo | None = None) -> PageDate:
    """The page's date: from the manifest, its file name, or its text (else 1970, to review)."""
    return (info.date if info else None) or from_filename(page.name) or from_text(text) \
        or PageDate("1970-01-01", "year", "text")


def articles_of(page: SeedPage, gazetteer: Gazetteer, tagger: Tagger,
                info: PageInfo | None = None) -> tuple[list[Article], list[str]]:
    """Segment one page and extract every article's metadata."""
    drafts, notes = segment_page(page.text, page.name)
    body = "\n".join(b.text for d in drafts for b in d.body)
    date = page_date(page, body, info)
    paper, page_no = (info.paper, info.page_no) if info else ("", None)
    return [make_article(d, date, gazetteer, tagger, paper, page_no) for d in drafts], \
        [f"{page.name} {n}" for n in notes]


def run(settings: Settings, progress: bool = False) -> Result:
    """Read every page and render every generated file."""
    result = Result()
    gazetteer = load_gazetteer()
    pages = list(read_pages(settings.seeds, result.errors))
    manifest = load_manifest(settings.seeds, {p.name for p in pages})
    overrides, overrides_path, overrides_node = load_overrides(settings.seeds)
    for page, (articles, notes, failure) in zip(pages, page_results(pages, manifest, settings, progress)):
        result.pages += 1
        if failure:
            result.errors.append(PageError(page.name, failure))
        elif not articles:
            result.errors.append(PageError(page.name, "no article found on this page", warning=True))
        result.articles.extend(articles)
        result.notes.extend(notes)
    known = set(gazetteer.parks) | {p for a in result.articles for p in a.parks}
    result.articles = apply_overrides(result.articles, overrides, overrides_path, overrides_node, known,
                                      {t.name for t in load_topics()})
    result.articles = list(newest_first(result.articles))
    result.newest = max((a.date for a in result.articles), default="")
    result.files = render_site(result, settings, gazetteer)
    return result


PageResult = tuple[list[Article], list[str], str | None]   # articles, notes, failure message


def page_results(pages: list[SeedPage], manifest: dict[str, PageInfo], settings: Settings,
                 progress: bool) -> list[PageResult]:
    """Articles and notes of every page: from the cache, else computed (in parallel when many)."""
    cache = PageCache(settings.cache_dir, code_key()) if settings.cache_dir else None
    keys = [cache.key(p.digest, p.name, manifest.get(p.name)) if cache else "" for p in pages]
    results: list[PageResult | None] = [cache.get(k) if cache else None for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    jobs = [(pages[i], manifest.get(pages[i].name)) for i in todo]
    for i, value in zip(todo, compute_pages(jobs, settings.workers, progress)):
        results[i] = value
        if cache and value[2] is None:
            cache.put(keys[i], value)
    if cache:
        cache.prune()
    return [r for r in results if r is not None]


_WORKER: tuple[Gazetteer, Tagger] | None = None


def _work(job: tuple[SeedPage, PageInfo | None]) -> PageResult:
    """One page's articles, in a worker process (each worker keeps its own tagger)."""
    global _WORKER  # per-process state of a pool worker, never shared
    if _WORKER is None:
        gazetteer = load_gazetteer()
        _WORKER = (gazetteer, Tagger(gazetteer))
    page, info = job
    return _guarded(page, _WORKER[0], _WORKER[1], info)


def _guarded(page: SeedPage, gazetteer: Gazetteer, tagger: Tagger, info: PageInfo | None) -> PageResult:
    """articles_of, where an unexpected failure on one page is reported, not fatal to the run."""
    try:
        articles, notes = articles_of(page, gazetteer, tagger, info)
        return articles, notes, None
    except Exception as err:  # a bug met on one page must not lose the other pages
        log.exception("%s: internal error", page.name)
        return [], [], f"internal error while reading this page ({type(err).__name__}: {err}); please report it"


def compute_pages(jobs: list[tuple[SeedPage, PageInfo | None]], workers: int,
                  progress: bool) -> list[PageResult]:
    """Segment and extract pages, on all cores when there are enough of them."""
    if not jobs:
        return []
    bar = _progress_bar(len(jobs)) if progress else None
    try:
        if workers > 1 and len(jobs) >= PARALLEL_MIN_PAGES:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers) as pool:
                out = []
                for value in pool.map(_work, jobs, chunksize=4):  # results stay in page order
                    out.append(value)
                    bar.update(1) if bar else None
                return out
        gazetteer = load_gazetteer()
        tagger = Tagger(gazetteer)
        out = []
        for page, info in jobs:
            out.append(_guarded(page, gazetteer, tagger, info))
            bar.update(1) if bar else None
        return out
    finally:
        bar.close() if bar else None


def _progress_bar(total: int):
    """A progress bar on the terminal (tqdm)."""
    from tqdm import tqdm

    return tqdm(total=total, unit="page", desc="pages", leave=False)


def input_key(settings: Settings) -> str:
    """A digest of everything the output depends on: pages, editors' files, templates, settings, code."""
    import hashlib

    from .extract.editorial import MANIFEST_NAME, OVERRIDES_NAME
    from .read import find_pages

    digest = hashlib.sha256(code_key().encode())
    digest.update(repr((settings.site_url, settings.latest_count, settings.related_count, settings.feed_items)).encode())
    sources = [(p.relative_to(settings.seeds).as_posix(), p) for p in find_pages(settings.seeds)]
    sources += [(n, settings.seeds / n) for n in (MANIFEST_NAME, OVERRIDES_NAME) if (settings.seeds / n).is_file()]
    if settings.templates.is_dir():
        sources += [(f"templates/{p.relative_to(settings.templates).as_posix()}", p)
                    for p in sorted(settings.templates.rglob("*")) if p.is_file()]
    for name, path in sources:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def source_date_epoch(newest: str) -> int:
    """A fixed build time for reproducible output: noon UTC of the newest article's date."""
    import calendar
    import time

    return calendar.timegm(time.strptime((newest or "1970-01-01") + " 12", "%Y-%m-%d %H"))


def build(settings: Settings) -> dict[str, str]:
    """Generate the site's Markdown: ``{docs path: file text}``."""
    return run(settings).files


def render_site(result: Result, settings: Settings, gazetteer: Gazetteer) -> dict[str, str]:
    """Render article, park, topic, archive, review and home pages, and the park feeds."""
    env = environment(settings.templates)
    parks = by_park(result.articles, gazetteer)
    topics = by_topic(result.articles)
    months = by_month(result.articles)
    related_to = related(result.articles, settings.related_count)
    slugs = {g.key: g.slug for g in parks}
    files: dict[str, str] = {}
    for a in result.articles:
        files[f"articles/{a.slug}.md"] = render_article(env, a, gazetteer, related_to[a.id])
    for g in parks:
        files[f"parks/{g.slug}.md"] = render_park(env, g, slugs)
        files[f"parks/{g.slug}.xml"] = render_feed(env, settings, f"{g.title} · 高新区新闻摘要",
                                                   f"parks/{g.slug}/", f"{g.title}的报道",
                                                   newest_first(g.articles + g.mentions)[:settings.feed_items])
    files["parks/index.md"] = render(env, "parks_index.md.j2", groups=parks, provinces=_by_province(parks, gazetteer),
                                     front_matter=front_matter({"title": "园区"}))
    for g in topics:
        files[f"topics/{g.slug}.md"] = render(env, "topic.md.j2", group=g, front_matter=front_matter({"title": g.title}))
    files["topics/index.md"] = render(env, "topics_index.md.j2", groups=topics, front_matter=front_matter({"title": "专题"}))
    files["archive/index.md"] = render(env, "archive.md.j2", years=_by_year(months), front_matter=front_matter({"title": "归档"}))
    files["review/index.md"] = render(env, "review.md.j2", articles=result.review, notes=result.notes,
                                      front_matter=front_matter({"title": "待核清单", "search": {"exclude": True}}))
    files["find/index.md"] = render(env, "find.md.j2", parks=[g for g in parks if g.articles], topics=topics,
                                    front_matter=front_matter({"title": "全文检索", "search": {"exclude": True}}))
    files[HOME_FRAGMENT] = render(env, "home.md.j2", pages=result.pages, articles=result.articles,
                                  latest=result.articles[:settings.latest_count],
                                  parks=[g for g in parks if g.key and g.articles],
                                  top_parks=sorted((g for g in parks if g.key and g.articles), key=lambda g: -len(g.articles))[:10],
                                  topics=topics)
    return files


def render_park(env: Any, g: Group, slugs: dict[str, str]) -> str:
    """One park page: profile, coverage chart, its articles, 园中园, parks named with it, feed."""
    info = dict(g.info)
    return render(env, "park.md.j2", group=g, info=info, level_label=LEVEL_LABELS.get(info.get("level", "unknown"), ""),
                  chart=coverage_svg(g.articles + g.mentions), subparks=subparks_of(g),
                  neighbours=[(name, n, slugs.get(name)) for name, n in neighbours(g)],
                  topic_slugs={t.name: t.slug for t in load_topics()},
                  front_matter=front_matter({"title": g.title}))


def render_feed(env: Any, settings: Settings, title: str, path: str, description: str,
                articles: tuple[Article, ...]) -> str:
    """An RSS 2.0 feed of articles (absolute links when site_url is known)."""
    base = settings.site_url.rstrip("/") + "/" if settings.site_url else "/"
    updated = articles[0].date if articles else None
    from .render import rfc822
    return render(env, "feed.xml.j2", title=title, link=base + path, description=description, base=base,
                  articles=articles, updated=rfc822(updated) if updated else None)


def render_article(env: Any, a: Article, gazetteer: Gazetteer, related_articles: tuple[Article, ...] = ()) -> str:
    """One article page."""
    topic_slugs = {t.name: t.slug for t in load_topics()}
    parks = [Group("park", p, park_slug(p, gazetteer), p) for p in a.parks]
    park = parks[0] if a.park else None
    meta = article_front_matter(a)
    return render(env, "article.md.j2", article=a, draft=a.draft, park=park, parks=parks if a.park else [],
                  topics=[Group("topic", t, topic_slugs[t], t) for t in a.topics],
                  related=related_articles,
                  readtime=meta["readtime"],
                  date_source_label=DATE_SOURCE_LABELS[a.date_source],
                  front_matter=front_matter(meta))


def _by_province(parks: list[Group], gazetteer: Gazetteer) -> list[tuple[str, list[Group]]]:
    """Park groups under their province (gazetteer order), unknown parks and 其他 last."""
    order = {p.province: i for i, p in enumerate(gazetteer.parks.values())}
    buckets: dict[str, list[Group]] = defaultdict(list)
    for g in parks:
        buckets[dict(g.info).get("province", "其他")].append(g)
    return sorted(buckets.items(), key=lambda kv: order.get(kv[0], len(order)))


def _by_year(months: list[Group]) -> list[tuple[str, list[Group]]]:
    """Month groups under their year, newest first."""
    years: dict[str, list[Group]] = defaultdict(list)
    for g in months:
        years[g.key[:4]].append(g)
    return sorted(years.items(), reverse=True)
