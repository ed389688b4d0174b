"""park-digest build: generate, and build the site with MkDocs, the pages handed over in memory."""
from __future__ import annotations

import dataclasses
import functools
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

from . import alongside
from .background import BackgroundWrite
from ..runtime.cache import render_cache
from .runs import describe_changes, generate_now, last_run, print_report, remember_run, replay_unchanged
from ..errors import DigestError
from ..knowledge.gazetteer import load_gazetteer
from .inputs import input_key
from ..model import Result
from ..pipeline import analyse, keep_render_cache, pin_build_time
from .plugin import GeneratedPathTaken
from ..settings import HOME_FRAGMENT, Settings
from ..render.site import SitePlan, render_site, stream_site
from ..write.docs import WriteReport, write_docs

# What Pagefind leaves out of its index besides data-pagefind-ignore: Material's heading
# permalinks ("¶" in titles and excerpts), and an article's abstract-box title when it is only
# date · park (site_templates/article.md.j2 marks that box pd-dateline).
PAGEFIND_OPTIONS = ("--exclude-selectors", ".headerlink", "--exclude-selectors", ".pd-dateline > .admonition-title")
# With Pagefind, MkDocs' search plugin is left out: Material downloads its whole JSON
# index (137 MB at 10,000 articles) on every page view, whatever the page.
SEARCH_PLUGINS = ("search", "material/search")


def mkdocs_config(config_file: Path, **overrides):
    """Load mkdocs.yml with overrides (a clear error when it is missing)."""
    from mkdocs.config import load_config

    if not config_file.is_file():
        raise DigestError(f"{config_file}: MkDocs config not found")
    return load_config(config_file=str(config_file), **overrides)


def plugins_without_search(config_file: Path) -> list | dict:
    """The plugins of mkdocs.yml without MkDocs' search plugin (a list or a mapping, as written)."""
    from mkdocs.utils.yaml import yaml_load

    if not config_file.is_file():
        raise DigestError(f"{config_file}: MkDocs config not found")
    with config_file.open("rb") as fh:
        plugins = (yaml_load(fh) or {}).get("plugins", ["search"])   # MkDocs' default is search alone
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if name not in SEARCH_PLUGINS}
    return [p for p in plugins if (p if isinstance(p, str) else next(iter(p), None)) not in SEARCH_PLUGINS]


def pagefind_index(site: Path) -> None:
    """Index the built site with Pagefind (its Chinese segmentation, filters by park/topic/year)."""
    import subprocess

    try:
        import pagefind  # noqa: F401  (the package ships the binary)
    except ImportError as err:
        raise DigestError("--pagefind: Pagefind is not installed (pip install 'park-digest[pagefind]')") from err
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), *PAGEFIND_OPTIONS],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise DigestError(f"{site}: Pagefind failed: {(run.stderr or run.stdout).strip().splitlines()[-1:]}")
    print(f"Pagefind index written to {site / 'pagefind'}")


def build_site(seeds: Path, site: Path, config_file: Path, pagefind: bool = False) -> Result:
    """Generate into the docs folder of mkdocs.yml, then mkdocs build --strict into site."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    overrides = {"plugins": plugins_without_search(config_file)} if pagefind else {}
    cfg = mkdocs_config(config_file, site_dir=str(site.resolve()), strict=True, **overrides)
    settings = Settings(seeds=seeds, docs=Path(cfg.docs_dir), site_url=cfg.site_url or "")
    plugin = cfg.plugins.get("park-digest")
    key = input_key(settings)
    unchanged = last_run(settings, key)
    if plugin is None or unchanged is not None:
        result = replay_unchanged(unchanged) if unchanged is not None else generate_now(settings, key)
        # The pages are on disk and MkDocs reads them from there: keep only the counts,
        # so the build does not carry every article's text twice.
        result = Result(pages=result.pages, errors=result.errors, newest=result.newest)
        if plugin is not None:
            plugin.config.regenerate = False
        generated = time.perf_counter()
        _mkdocs_build(cfg, result.newest)
    else:
        result, generated = _build_from_memory(cfg, settings, key, plugin)
    # Where the time went: the generator's share of the build, beside MkDocs' own.
    print(f"site built in {site} (generator {generated - started:.1f} s, MkDocs {time.perf_counter() - generated:.1f} s)")
    if pagefind:
        pagefind_index(site)
    return result


def _build_from_memory(cfg, settings: Settings, key: str, plugin) -> tuple[Result, float]:
    """Generate, then build with MkDocs taking the pages from memory; the run's counts, and when generating ended.

    The site is planned and its pages rendered on the other core while MkDocs
    starts and builds the earlier pages, and docs/ is written there too (where a
    process cannot be forked: all rendered first, and docs/ written by a thread).
    """
    result = analyse(settings, progress=sys.stderr.isatty())
    summary = print_report(result, settings.docs)
    counts = Result(pages=result.pages, errors=result.errors, newest=result.newest)

    def remember(files: dict[str, str]) -> None:
        # What the no-change check records: the names of the files, not their texts.
        remember_run(settings, key, summary, dataclasses.replace(counts, files=dict.fromkeys(files, "")))

    pages = _render_alongside(result, settings, remember, plugin) if alongside.possible() else None
    if pages is None:
        pages = _render_first(result, settings, remember, plugin)
    plugin.files_ready = pages.start
    del result  # the articles: the rendering process has its own copy
    generated = time.perf_counter()
    try:
        _mkdocs_build(cfg, counts.newest)
    except BaseException as err:
        _finish(pages, err)
        raise
    finally:
        plugin.prepared = plugin.files_ready = None
    print(summary + "; " + describe_changes(pages.wait()))
    return counts, generated


def _render_alongside(result: Result, settings: Settings, remember: Callable[[dict[str, str]], None],
                      plugin) -> alongside.RenderAlongside | None:
    """Plan and render the site in a forked process, the plugin taking the pages from it (None: no process to be had)."""
    try:
        rendering = alongside.RenderAlongside(functools.partial(_pages_in_mkdocs_order, result, settings),
                                              functools.partial(_write_and_remember, settings.docs, remember))
    except OSError:  # limits, memory: the caller renders here first
        return None
    plugin.prepared = lambda: (rendering.paths(), rendering.take)
    return rendering


def _render_first(result: Result, settings: Settings, remember: Callable[[dict[str, str]], None],
                  plugin) -> BackgroundWrite:
    """Render every page here, hand them to the plugin, and write docs/ beside the build, on a thread."""
    cache = render_cache(settings)
    files = render_site(result, settings, load_gazetteer(), cache)
    keep_render_cache(cache, settings)
    names = dict.fromkeys(files, "")
    ready = (list(files), files.__getitem__)
    plugin.prepared = lambda: ready
    return BackgroundWrite(settings.docs, files, lambda report: remember(names))


def _write_and_remember(docs: Path, remember: Callable[[dict[str, str]], None], files: dict[str, str]) -> WriteReport:
    """Write docs/, then record the run for the next no-change check."""
    report = write_docs(docs, files)
    remember(files)
    return report


def _pages_in_mkdocs_order(result: Result, settings: Settings) -> tuple[list[str], Iterator[tuple[str, str]]]:
    """The site's page paths, and its pages rendered one by one in the order MkDocs reads them
    (the home listing first: the plugin reads it as MkDocs lists its files), through the
    rendered-page cache."""
    from mkdocs.structure.files import File, file_sort_key

    def mkdocs_order(path: str) -> tuple:
        # MkDocs reads pages in file order, then copies the other files (the feeds).
        file = File(path, src_dir=None, dest_dir="", use_directory_urls=False)
        return path != HOME_FRAGMENT, not file.is_documentation_page(), file_sort_key(file)

    plan = SitePlan(result, settings, load_gazetteer())

    def pages() -> Iterator[tuple[str, str]]:
        cache = render_cache(settings)
        yield from stream_site(plan, sorted(plan.paths, key=mkdocs_order), cache)
        keep_render_cache(cache, settings)

    return plan.paths, pages()


def _finish(writer: "BackgroundWrite | alongside.RenderAlongside", failure: BaseException) -> None:
    """After a failed build: write docs all the same (as generate would have), except over a
    hand-written file, or when the user interrupted and no write is under way yet (a
    half-written folder helps no one). Its own error is printed, unless it is the build's:
    the build's is the one raised."""
    if isinstance(failure, GeneratedPathTaken) or (not isinstance(failure, Exception) and not writer.started):
        writer.abandon()
        return
    try:
        writer.wait()
    except Exception as err:  # noqa: BLE001 (reported, then the build's error goes on)
        if err is not failure:
            print(f"park-digest: error: {err}", file=sys.stderr)


def _mkdocs_build(cfg, newest: str) -> None:
    """mkdocs build with cfg, its time stamps pinned to the newest article's date."""
    from mkdocs.commands.build import build as mkdocs_build

    pin_build_time(newest)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(cfg)
    finally:
        cfg.plugins.on_shutdown()
