"""The whole generator: read → segment → extract → group → render, as one function.

``build(settings)`` returns ``{docs path: file text}``; the CLI writes that to
disk and the MkDocs plugin adds it to the site in memory.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterator

from .cache import PageCache, code_key
from .errors import PageError
from .extract.article import make_article
from .extract.dates import PageDate, from_filename, from_text
from .extract.editorial import PageInfo, apply_overrides, load_manifest, load_overrides
from .extract.parks import Gazetteer, load_gazetteer
from .extract.terms import Tagger, load_topics
from .group import newest_first
from .model import Article, SeedPage
from .read import read_pages
from .segment import segment_page
from .settings import Settings
from .site import render_site

log = logging.getLogger(__name__)
PARALLEL_MIN_PAGES = 16   # below this, starting worker processes costs more than it saves


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
                  progress: bool) -> Iterator[PageResult]:
    """Segment and extract pages in order, on all cores when there are enough of them.

    Results are yielded as they come, so the caller caches each one while the
    workers go on with the next pages.
    """
    if not jobs:
        return
    bar = _progress_bar(len(jobs)) if progress else None
    try:
        if workers > 1 and len(jobs) >= PARALLEL_MIN_PAGES:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers) as pool:
                for value in pool.map(_work, jobs, chunksize=4):  # results stay in page order
                    yield value
                    bar.update(1) if bar else None
            return
        gazetteer = load_gazetteer()
        tagger = Tagger(gazetteer)
        for page, info in jobs:
            yield _guarded(page, gazetteer, tagger, info)
            bar.update(1) if bar else None
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
