"""The whole generator: read → segment → extract → group → render, as one function.

``build(settings)`` returns the run's Result, whose ``files`` are ``{docs path:
file text}``; the CLI writes them to disk and the MkDocs plugin adds them to the
site in memory.
"""
from __future__ import annotations

import functools
import logging
import pickle
from concurrent.futures import Executor
from contextlib import closing, nullcontext
from typing import Callable, ContextManager, Iterator

from .runtime.cache import PageCache, RenderCache, output_code_key, render_cache, render_salt
from .runtime.collector import fewer_collections
from .errors import PageError
from .extract.article import make_article, with_slug
from .extract.dates import PageDate, from_filename, from_text
from .read.editorial import PageInfo, apply_overrides, load_manifest, load_overrides
from .read.masthead import FrontMatter, Masthead, split_front_matter, split_mastheads
from .knowledge.gazetteer import Gazetteer, load_gazetteer, place_words
from .extract.tags import real_tags
from .extract.terms import Tagger, load_topics
from .group.groups import newest_first
from .model import Article, Result, SeedPage
from .read.decode import read_pages
from .render.environment import environment
from .knowledge.files import common_words
from .segment.drafts import segment_page, with_front_matter
from .settings import Settings
from .render.site import render_site, warm_up_rendering

log = logging.getLogger(__name__)
PARALLEL_MIN_PAGES = 16   # below this, starting worker processes costs more than it saves


def page_date(page: SeedPage, text: str, info: PageInfo | None = None,
              printed: PageDate | None = None) -> PageDate:
    """The page's date: from the manifest, what the page prints (masthead, front matter), its file name, or its text.

    A page none of them dates gets no date (date ""), never an invented one.
    """
    return (info.date if info else None) or printed or from_filename(page.name) or from_text(text) \
        or PageDate("", "", "")


def printed_date(heads: list[Masthead], front: FrontMatter | None) -> PageDate | None:
    """The date the page itself gives: its masthead's, else its front matter's."""
    if heads:
        return PageDate(heads[0].date, heads[0].precision, "masthead")
    if front and front.date:
        return PageDate(front.date if len(front.date) == 10 else front.date + "-01",
                        "day" if len(front.date) == 10 else "month", "front-matter")
    return None


def articles_of(page: SeedPage, gazetteer: Gazetteer, tagger: Tagger,
                info: PageInfo | None = None) -> tuple[list[Article], list[str]]:
    """Segment one page and extract every article's metadata (all but the URL slugs: with_slug)."""
    text, front = split_front_matter(page.text)
    text, heads = split_mastheads(text)
    drafts, notes = segment_page(text, page.name)
    if front is not None and len(drafts) == 1:
        drafts = [with_front_matter(drafts[0], front)]
    body = "\n".join(b.text for d in drafts for b in d.body)
    undated = page_date(page, body, info, printed_date([], front)) if not heads else None
    articles = []
    for d in drafts:
        # A file may hold several pages, each under its own masthead (a PDF of two pages).
        head = next((h for h in reversed(heads) if h.line <= d.line), heads[0]) if heads else None
        date = page_date(page, body, info, printed_date([head], front)) if head else undated
        paper = (info.paper if info else "") or (head.paper if head else "") or (front.paper if front else "")
        page_no = (info.page_no if info else None) or (head.page_no if head else None)
        articles.append(make_article(d, date, gazetteer, tagger, paper, page_no))
    return articles, [f"{page.name} {n}" for n in notes]


def build(settings: Settings, progress: bool = False) -> Result:
    """The whole generator: read every page, segment, extract, group and render.

    The result's ``files`` are ``{docs path: text}``; it also holds the counts, the
    articles, the problems and the review notes. ``park-digest generate``,
    ``park-digest build`` and the MkDocs plugin all call this.
    """
    env = environment(settings.templates, settings.cache_dir)
    result = analyse(settings, progress, meanwhile=functools.partial(warm_up_rendering, env))
    cache = render_cache(settings)
    result.files = render_site(result, settings, load_gazetteer(), cache, env)
    keep_render_cache(cache, settings)
    return result


def analyse(settings: Settings, progress: bool = False, meanwhile: Callable[[], object] | None = None) -> Result:
    """Read every page: its articles (editors' overrides applied, newest first), notes and errors; nothing rendered.

    meanwhile is run while the page workers work, if there are any.
    """
    with fewer_collections():   # inherited by the page workers
        return _analyse(settings, progress, meanwhile)


def _analyse(settings: Settings, progress: bool, meanwhile: Callable[[], object] | None) -> Result:
    """analyse()'s work."""
    result = Result()
    gazetteer = load_gazetteer()
    pages = list(read_pages(settings.seeds, result.errors))
    manifest = load_manifest(settings.seeds, {p.name for p in pages})
    overrides, overrides_path, overrides_node = load_overrides(settings.seeds)
    # Slugs and tags are cached with the pages: the key has the versions of the libraries that made them.
    cache = PageCache(settings.cache_dir, output_code_key()) if settings.cache_dir else None
    keys = [cache.key(p.digest, p.name, manifest.get(p.name)) if cache else "" for p in pages]
    hits = [_cached_result(cache, k) if cache else None for k in keys]
    jobs = [(page, manifest.get(page.name)) for page, hit in zip(pages, hits) if hit is None]
    # Workers only where there are enough pages to compute: a run after one page changed needs none.
    with start_workers(settings.workers, len(jobs)) as pool:
        # closing: should this loop fail, the pages not yet started are cancelled, not waited for.
        with closing(page_results(keys, hits, jobs, cache, progress, pool, meanwhile)) as results:
            for page, (articles, notes, failure) in zip(pages, results, strict=True):
                result.pages += 1
                if failure:
                    result.errors.append(PageError(page.name, failure))
                elif not articles:
                    result.errors.append(PageError(page.name, "no article found on this page", warning=True))
                result.articles.extend(articles)
                result.notes.extend(notes)
    if cache:
        cache.prune()
    known = set(gazetteer.parks) | {p for a in result.articles for p in a.parks}
    result.articles = real_tags(result.articles)   # before the editors' tags, which win
    result.articles = apply_overrides(result.articles, overrides, overrides_path, overrides_node, known,
                                      {t.name for t in load_topics()})
    result.articles = list(newest_first(result.articles))
    result.newest = max((a.date for a in result.articles), default="")
    return result


def keep_render_cache(cache: RenderCache | None, settings: Settings) -> None:
    """Save the rendered pages for the next run, unless a template changed while they were rendered."""
    if cache is None:
        return
    log.info("%d of %d pages rendered; the others were unchanged since the last run", cache.rendered, len(cache.used))
    # Templates are read as pages are rendered: if one was edited meanwhile, some pages
    # may come from each version, and none of them may be kept under either's key.
    if render_salt(settings) == cache.salt:
        cache.save()


PageResult = tuple[list[Article], list[str], str | None]   # articles, notes, failure message


def page_results(keys: list[str], hits: list[PageResult | None], jobs: list[tuple[SeedPage, PageInfo | None]],
                 cache: PageCache | None, progress: bool, pool: Executor | None = None,
                 meanwhile: Callable[[], object] | None = None) -> Iterator[PageResult]:
    """Articles (with slugs) and notes of every page, in page order as they come: its cache hit (None: a miss),
    else computed from the next of jobs (in parallel on pool's workers).

    The slugs are made here, as each computed page comes in, while the workers go
    on with the next ones (pypinyin is loaded for the first). They are cached beside
    the page's result (under its key), so a page taken from the cache needs no pypinyin.
    meanwhile is called once the pages are handed to the pool's workers, while they work.
    """
    computed = compute_pages(jobs, pool, progress, meanwhile)
    try:
        for key, hit in zip(keys, hits):
            if hit is not None:
                yield hit
                continue
            pickled = next(computed)
            articles, notes, failure = pickle.loads(pickled)
            articles = [with_slug(a) for a in articles]
            if cache and failure is None:
                cache.put(key, pickled, [a.slug for a in articles])
            yield articles, notes, failure
    finally:
        computed.close()   # on an error here or in the caller: the pages not yet started are cancelled


def _cached_result(cache: PageCache, key: str) -> PageResult | None:
    """A page's cached result with its cached slugs (None when missing or not of this shape)."""
    hit = cache.get(key)
    try:
        (articles, notes, failure), slugs = hit
        if len(slugs) != len(articles) or not all(isinstance(s, str) and s for s in slugs):
            return None
        return [with_slug(a, s) for a, s in zip(articles, slugs)], notes, failure
    except (TypeError, ValueError):   # missing (None), or an entry of another shape
        return None


_WORKER: tuple[Gazetteer, Tagger] | None = None


def start_workers(workers: int, pages: int) -> ContextManager[Executor | None]:
    """A pool of page workers, started now, when there are enough pages to share (else None).

    Where processes can be forked safely (no other thread), the gazetteer, tagger
    and dictionaries are loaded here, once, and every worker inherits them: loaded
    in each worker, they cost each as much CPU (rjieba builds its dictionary twice
    per process, a default tokenizer on import and ours), 0.4 s per worker, about
    7 % of a run at 1,000 articles (benchmarks/README.md).
    """
    if workers < 2 or pages < PARALLEL_MIN_PAGES:
        return nullcontext()
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        # A forked worker receives initargs as they are in memory, not pickled (a tokenizer cannot be).
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_set_worker, initargs=(worker_state(),))
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
    for _ in range(workers):
        pool.submit(int)  # a no-op: makes the pool start every worker at once
    return pool


def worker_state() -> tuple[Gazetteer, Tagger]:
    """What a page worker needs loaded: the gazetteer and a tagger (and the dictionaries they read)."""
    gazetteer = load_gazetteer()
    common_words(), place_words()
    return gazetteer, Tagger(gazetteer)


def _set_worker(state: tuple[Gazetteer, Tagger]) -> None:
    """Keep a worker's gazetteer and tagger (per-process state of a pool worker)."""
    global _WORKER  # never shared: each worker process has its own
    _WORKER = state


def _init_worker() -> None:
    """Load a worker's gazetteer, tagger and dictionaries (where a worker cannot inherit them)."""
    _set_worker(worker_state())


def _work(job: tuple[SeedPage, PageInfo | None]) -> bytes:
    """One page's articles, in a worker process, pickled."""
    if _WORKER is None:
        _init_worker()
    page, info = job
    return _pickled(_guarded(page, _WORKER[0], _WORKER[1], info))


def _pickled(result: PageResult) -> bytes:
    """A page's result as the cache stores it (pickled where it was made, and read back as new objects)."""
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _guarded(page: SeedPage, gazetteer: Gazetteer, tagger: Tagger, info: PageInfo | None) -> PageResult:
    """articles_of, where an unexpected failure on one page is reported, not fatal to the run."""
    try:
        articles, notes = articles_of(page, gazetteer, tagger, info)
        return articles, notes, None
    except Exception as err:  # a bug met on one page must not lose the other pages
        log.exception("%s: internal error", page.name)
        return [], [], f"internal error while reading this page ({type(err).__name__}: {err}); please report it"


def compute_pages(jobs: list[tuple[SeedPage, PageInfo | None]], pool: Executor | None,
                  progress: bool, meanwhile: Callable[[], object] | None = None) -> Iterator[bytes]:
    """Segment and extract pages in order, on the pool's workers when there is one; each result pickled.

    Results are yielded as they come, so the caller caches each one while the
    workers go on with the next pages. They come pickled, as the cache stores
    them: pickling the strings of a result in this process would keep a UTF-8
    copy of every text inside them for the rest of the run.
    """
    if not jobs:
        return
    bar = _progress_bar(len(jobs)) if progress else None
    values: Iterator[bytes] = iter(())
    try:
        if pool is not None:
            values = pool.map(_work, jobs, chunksize=4)  # results stay in page order
            if meanwhile is not None:
                meanwhile()  # this process would only wait for the first results
        else:
            gazetteer = load_gazetteer()
            tagger = Tagger(gazetteer)
            values = (_pickled(_guarded(page, gazetteer, tagger, info)) for page, info in jobs)
        for value in values:
            yield value
            bar.update(1) if bar else None
    finally:
        # Closing pool.map's results cancels the pages not yet started: an error in the
        # caller is then raised once the running pages are done, not after all of them.
        close = getattr(values, "close", None)
        if close is not None:
            close()
        bar.close() if bar else None


def _progress_bar(total: int):
    """A progress bar on the terminal (tqdm)."""
    from tqdm import tqdm

    return tqdm(total=total, unit="page", desc="pages", leave=False)
