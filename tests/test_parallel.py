"""The parallel paths (page workers, forked article rendering) give the serial output, and fail as clearly."""
import gc
import multiprocessing
import pickle
from pathlib import Path

import pytest

from generator import pipeline

from generator.render import site
from generator.errors import DigestError
from generator.settings import Settings

from conftest import library_upgraded, run_fresh

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="forked rendering needs the fork start method")


def settings(project: Path, workers: int) -> Settings:
    return Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                    cache_dir=None, workers=workers)


def test_parallel_run_gives_the_serial_files_in_the_same_order(project, monkeypatch):
    serial = pipeline.build(settings(project, 1)).files
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    parallel = pipeline.build(settings(project, 3)).files
    assert list(parallel) == list(serial)
    assert parallel == serial


def test_template_error_in_a_render_worker_names_the_template(project, monkeypatch):
    template = project / "site_templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ article.no_such_field }}\n", encoding="utf-8")
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    before = gc.get_threshold()
    with pytest.raises(DigestError, match=r"article\.md\.j2(:\d+)?: .*no_such_field"):
        pipeline.build(settings(project, 2))
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_forked_renderers_never_collect_the_objects_they_inherit(project, monkeypatch):
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(site, "render_article", lambda *args: f"frozen {gc.get_freeze_count()}")   # told from the child
    files = pipeline.build(settings(project, 2)).files
    counts = [int(text.split()[1]) for path, text in files.items() if path.startswith("articles/")]
    assert counts and min(counts) > 0   # the collector as it was


def test_a_parallel_run_leaves_the_garbage_collector_as_it_found_it(project, monkeypatch):
    """Collections are rarer during a run, and the objects forked renderers inherit are frozen: both undone after."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    seen = []
    real = site.render_pages
    monkeypatch.setattr(site, "render_pages", lambda *a: seen.append(gc.get_threshold()[0]) or real(*a))
    before = gc.get_threshold()
    assert pipeline.build(settings(project, 2)).files
    assert seen and seen[0] > before[0]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_when_a_render_worker_dies_the_others_are_stopped_not_left_waiting(project, monkeypatch):
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    real = site.render_article
    first = pipeline.analyse(settings(project, 1)).articles[0].slug   # the first worker's first article

    def render(env, a, *rest):
        if a.slug == first:
            __import__("os")._exit(3)   # the first worker dies
        __import__("time").sleep(0.5)    # the other is still at work when the parent gives up
        return real(env, a, *rest)

    monkeypatch.setattr(site, "render_article", render)
    with pytest.raises(DigestError, match="exit code 3"):
        pipeline.build(settings(project, 2))
    assert multiprocessing.active_children() == []


def test_a_render_worker_that_dies_is_an_error(project, monkeypatch):
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(site, "render_article", lambda *args: __import__("os")._exit(3))
    with pytest.raises(DigestError, match="exit code 3"):
        pipeline.build(settings(project, 2))


def test_pool_started_before_reading_serves_a_rerun_with_one_changed_page(project, monkeypatch, tmp_path):
    # Forked rendering too: its workers take unchanged pages from the inherited render cache.
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    caches = []
    real_cache = pipeline.render_cache
    monkeypatch.setattr(pipeline, "render_cache", lambda s: caches.append(real_cache(s)) or caches[-1])
    cached = Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                      cache_dir=tmp_path / "cache", workers=2)
    pipeline.build(cached)
    page = sorted(p for p in (project / "seeds").rglob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8").replace("。", "。\n", 1), encoding="utf-8")
    assert pipeline.build(cached).files == pipeline.build(settings(project, 1)).files
    assert 0 < caches[1].rendered < len(caches[1].used)   # the children found unchanged pages in the cache


def test_no_pool_for_one_worker_or_few_pages():
    with pipeline.start_workers(1, 1000) as pool:
        assert pool is None
    with pipeline.start_workers(2, pipeline.PARALLEL_MIN_PAGES - 1) as pool:
        assert pool is None


def test_page_workers_leave_pypinyin_and_the_slugs_to_the_main_process():
    """pypinyin takes a quarter of a second to load: only the main process loads it, while the workers work."""
    code = ("import sys\n"
            "from generator import pipeline\n"
            "from generator.model import SeedPage\n"
            "pipeline._init_worker()\n"
            "page = SeedPage('p.txt', '衡阳高新区企业竞速发展\\n\\n本报讯 衡阳高新区今年新增企业百家。园区服务到位。\\n', 'utf-8', 'x')\n"
            "articles = pipeline._guarded(page, *pipeline._WORKER, None)[0]\n"
            "assert articles and all(a.slug == '' for a in articles), articles\n"
            "assert 'pypinyin' not in sys.modules\n"
            "from generator.extract.article import with_slug\n"
            "assert with_slug(articles[0]).slug.startswith('heng-yang-gao-xin-qu'), with_slug(articles[0]).slug\n")
    run_fresh(code)


def test_this_process_warms_up_for_rendering_once_the_workers_have_the_pages():
    events = []

    class Pool:
        def map(self, fn, jobs, chunksize):
            events.append(f"{len(jobs)} pages handed over")
            return iter([b"page"] * len(jobs))

    jobs = [("page", None)] * 3
    assert list(pipeline.compute_pages(jobs, Pool(), False, lambda: events.append("warm-up"))) == [b"page"] * 3
    assert events == ["3 pages handed over", "warm-up"]
    assert list(pipeline.compute_pages([], Pool(), False, lambda: events.append("warm-up"))) == []
    assert len(events) == 2   # nothing to wait for: no warm-up


def test_a_template_that_does_not_compile_is_reported_by_rendering_not_the_warm_up(project, monkeypatch):
    template = project / "site_templates" / "topic.md.j2"
    template.write_text("{% if %}\n" + template.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 1)   # a pool: the warm-up runs
    with pytest.raises(DigestError, match=r"topic\.md\.j2:1: "):
        pipeline.build(settings(project, 2))


def test_files_in_the_templates_folder_that_are_not_templates_are_left_alone(project, monkeypatch):
    (project / "site_templates" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\xff\xfe\x80")
    (project / "site_templates" / ".article.md.j2.swp").write_bytes(b"\xff\xfe\x00b0VIM")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 1)   # a pool: the warm-up runs
    assert pipeline.build(settings(project, 2)).files


def test_pages_from_the_cache_keep_their_slugs_without_pypinyin(project, monkeypatch, tmp_path):
    """A re-run with one page changed makes the slugs of that page only: the others come from the page cache."""
    from generator.extract import article

    cached = Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                      cache_dir=tmp_path / "cache", workers=1)
    first = pipeline.analyse(cached).articles
    made = []
    real = article.article_slug
    monkeypatch.setattr(article, "article_slug", lambda title, ident: made.append(ident) or real(title, ident))
    assert [a.slug for a in pipeline.analyse(cached).articles] == [a.slug for a in first]
    assert made == []
    page = sorted((project / "seeds").rglob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = pipeline.analyse(cached).articles
    assert [a.slug for a in again] == [a.slug for a in first]
    assert 0 < len(made) < len(first)   # only the changed page's articles


def test_a_cached_page_whose_slugs_do_not_fit_is_made_again(project, tmp_path):
    from generator.runtime.cache import PageCache

    cached = Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                      cache_dir=tmp_path / "cache", workers=1)
    first = [a.slug for a in pipeline.analyse(cached).articles]
    cache = PageCache(tmp_path / "cache", pipeline.output_code_key())
    for entry in (tmp_path / "cache").glob("*.pickle"):
        value, slugs = cache.get(entry.stem)
        cache.put(entry.stem, pickle.dumps(value), slugs[:-1])   # one slug short
    assert [a.slug for a in pipeline.analyse(cached).articles] == first


def test_an_error_while_taking_the_results_cancels_the_pages_not_yet_started(project, monkeypatch):
    """The pool's result iterator is closed (which cancels its pending pages), not left to run them all."""
    events = []

    class Pool:
        def map(self, fn, jobs, chunksize):
            def results():
                try:
                    for job in jobs:
                        yield fn(job)
                finally:
                    events.append("closed")
            return results()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            events.append("shut down")   # a real pool waits here for every page not cancelled

    monkeypatch.setattr(pipeline, "start_workers", lambda workers, pages: Pool())
    monkeypatch.setattr(pipeline, "with_slug", lambda a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pipeline.analyse(settings(project, 2))
    assert events == ["closed", "shut down"]


def test_entries_of_pages_no_longer_read_are_pruned(project, tmp_path):
    cached = Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                      cache_dir=tmp_path / "cache", workers=1)
    pipeline.analyse(cached)
    pages = len(list((project / "seeds").rglob("*.txt")))
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == pages
    page = sorted((project / "seeds").rglob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    pipeline.analyse(cached)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == pages   # the changed page's old entry is gone


def test_a_new_version_of_a_slug_library_makes_the_slugs_again(project, monkeypatch, tmp_path):
    """Slugs are cached with the pages: a cache made with another pypinyin would keep its slugs."""
    from generator.extract import article

    cached = Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                      cache_dir=tmp_path / "cache", workers=1)
    pipeline.analyse(cached)
    made = []
    real_slug = article.article_slug
    monkeypatch.setattr(article, "article_slug", lambda title, ident: made.append(ident) or real_slug(title, ident))
    with library_upgraded(monkeypatch, "pypinyin"):
        articles = pipeline.analyse(cached).articles
    assert len(made) == len(articles) > 0
