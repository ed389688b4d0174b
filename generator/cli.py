"""Command line: park-digest generate | build | serve (thin adapters over pipeline.run)."""
from __future__ import annotations

import argparse
import functools
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import Iterator

from . import __version__
from .errors import DigestError
from .errors import PageError
from . import alongside
from .cache import render_cache
from .extract.parks import load_gazetteer
from .pipeline import Result, analyse, input_key, keep_render_cache, run, source_date_epoch
from .site import SitePlan, render_site, stream_site
from .settings import HOME_FRAGMENT, Settings
from .background import BackgroundWrite
from .write import WriteReport, atomic_write, read_manifest, write_docs

log = logging.getLogger("park_digest")
# What Pagefind leaves out of its index besides data-pagefind-ignore: Material's heading
# permalinks ("¶" in titles and excerpts), and an article's abstract-box title when it is only
# date · park (site_templates/article.md.j2 marks that box pd-dateline).
PAGEFIND_OPTIONS = ("--exclude-selectors", ".headerlink", "--exclude-selectors", ".pd-dateline > .admonition-title")
# With Pagefind, MkDocs' search plugin is left out: Material downloads its whole JSON
# index (137 MB at 10,000 articles) on every page view, whatever the page.
SEARCH_PLUGINS = ("search", "material/search")


def parser() -> argparse.ArgumentParser:
    """The argument parser with its three subcommands."""
    p = argparse.ArgumentParser(prog="park-digest", description="Turn raw park-news pages into a MkDocs site.")
    p.add_argument("--version", action="version", version=f"park-digest {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log each page's encoding and every step")
    sub = p.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write articles and index pages as Markdown into the docs folder")
    gen.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw pages (default: seeds/)")
    gen.add_argument("--docs", type=Path, default=Path("docs"), help="MkDocs docs folder (default: docs/)")
    bld = sub.add_parser("build", help="generate, then build the static site with mkdocs build --strict")
    bld.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw pages (default: seeds/)")
    bld.add_argument("--site", type=Path, default=Path("site"), help="output folder of the site (default: site/)")
    bld.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    bld.add_argument("--pagefind", action="store_true",
                     help="also index the site with Pagefind (chunked index for large archives; "
                          "needs: pip install 'park-digest[pagefind]')")
    srv = sub.add_parser("serve", help="live preview that regenerates when seeds/ or site_templates/ change")
    srv.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    srv.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    return p


def site_url(config_file: Path = Path("mkdocs.yml")) -> str:
    """site_url of mkdocs.yml, read without loading MkDocs (feeds need absolute links)."""
    if not config_file.is_file():
        return ""
    m = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config_file.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else ""


def generate(seeds: Path, docs: Path, url: str | None = None) -> Result:
    """Run the generator and write its files into docs; print a summary.

    When nothing the output depends on changed since the last run into the same
    docs folder, and its files are all there, nothing is redone.
    """
    settings = Settings(seeds=seeds, docs=docs, site_url=site_url() if url is None else url)
    key = input_key(settings)
    unchanged = last_run(settings, key)
    return _unchanged(unchanged) if unchanged is not None else _generate(settings, key)


def _generate(settings: Settings, key: str) -> Result:
    """Run the generator, write docs, print the summary and remember the run under key."""
    result = run(settings, progress=sys.stderr.isatty())
    report = write_docs(settings.docs, result.files)
    summary = _report(result, settings.docs)
    print(summary + "; " + _changes(report))
    remember_run(settings, key, summary, result)
    return result


def _unchanged(state: dict) -> Result:
    """Print the last run's problems and summary; its counts as a Result."""
    for name, message, line, warning in state["errors"]:
        print(("warning: " if warning else "error: ") + str(PageError(name, message, line, warning)), file=sys.stderr)
    print(state["summary"] + "; no file changed (nothing changed since the last run)")
    return Result(pages=state["pages"], errors=[PageError(*e) for e in state["errors"]], newest=state.get("newest", ""))


def _report(result: Result, docs: Path) -> str:
    """Print the run's errors, warnings and articles to review; return its summary line."""
    for err in result.errors:
        print(("warning: " if err.warning else "error: ") + str(err), file=sys.stderr)
    for a in result.review:
        for reason in a.reasons:
            print(f"review: {a.draft.source} #{a.draft.position} {a.title}: {reason}", file=sys.stderr)
    for note in result.notes:
        print(f"review: {note}", file=sys.stderr)
    return (f"{result.pages} pages read, {len(result.articles)} articles written to {docs}, "
            f"{sum(e.warning for e in result.errors)} warnings, {sum(not e.warning for e in result.errors)} errors, "
            f"{len(result.review)} to review")


def _changes(report: WriteReport) -> str:
    """How many files a write changed, in words."""
    changed = len(report.written) + len(report.removed)
    return f"{changed} files changed" if changed else "no file changed"


def _state_path(settings: Settings) -> Path | None:
    return settings.cache_dir / "last-run.json" if settings.cache_dir else None


def last_run(settings: Settings, key: str) -> dict | None:
    """The last run's record if its inputs were the same and its files are all in docs."""
    import json

    path = _state_path(settings)
    try:
        state = json.loads(path.read_text(encoding="utf-8")) if path else None
    except (OSError, ValueError):
        return None
    if not state or state.get("key") != key or state.get("docs") != str(settings.docs.resolve()):
        return None
    if read_manifest(settings.docs) != set(state["files"]) or not all((settings.docs / f).is_file() for f in state["files"]):
        return None
    return state


def remember_run(settings: Settings, key: str, summary: str, result: Result) -> None:
    """Record this run's inputs digest and summary (a cache: failing to write it only costs time)."""
    import json

    path = _state_path(settings)
    if path is None:
        return
    state = {"key": key, "docs": str(settings.docs.resolve()), "files": sorted(result.files), "summary": summary,
             "pages": result.pages, "newest": result.newest, "errors": [[e.name, e.message, e.line, e.warning] for e in result.errors]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(state, ensure_ascii=False))
    except OSError:
        pass


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
        result = _unchanged(unchanged) if unchanged is not None else _generate(settings, key)
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

    The pages are rendered on the other core while MkDocs builds the earlier ones,
    and docs/ is written there too (where a process cannot be forked: rendered
    first, and docs/ written by a thread).
    """
    result = analyse(settings, progress=sys.stderr.isatty())
    summary = _report(result, settings.docs)
    plan = SitePlan(result, settings, load_gazetteer())
    paths = plan.paths
    # What the no-change check records: the names of the files, not their texts.
    written = Result(files=dict.fromkeys(paths, ""), pages=result.pages, errors=result.errors, newest=result.newest)

    def write(files: dict[str, str]) -> WriteReport:
        report = write_docs(settings.docs, files)
        remember_run(settings, key, summary, written)
        return report

    if alongside.possible():
        pages = alongside.RenderAlongside(functools.partial(_pages_in_mkdocs_order, plan, settings), write)
        plugin.prepared, plugin.files_ready = (paths, pages.take), pages.start
    else:
        cache = render_cache(settings)
        files = render_site(result, settings, plan.gazetteer, cache)
        keep_render_cache(cache, settings)
        pages = BackgroundWrite(settings.docs, files, lambda report: remember_run(settings, key, summary, written))
        plugin.prepared, plugin.files_ready = (paths, files.__getitem__), pages.start
        del files  # held by the plugin and the writer until each is done with them
    del plan  # the articles: the rendering process has its own copy
    result = Result(pages=result.pages, errors=result.errors, newest=result.newest)
    generated = time.perf_counter()
    try:
        _mkdocs_build(cfg, result.newest)
    except BaseException as err:
        _finish(pages, err)
        raise
    finally:
        plugin.prepared = plugin.files_ready = None
    print(summary + "; " + _changes(pages.wait()))
    return result, generated


def _pages_in_mkdocs_order(plan: SitePlan, settings: Settings) -> Iterator[tuple[str, str]]:
    """Every page of the plan, in the order MkDocs reads them (the home listing first: the plugin
    reads it as MkDocs lists its files), through the rendered-page cache."""
    from mkdocs.structure.files import File, file_sort_key

    def mkdocs_order(path: str) -> tuple:
        return (path != HOME_FRAGMENT, file_sort_key(File(path, src_dir=None, dest_dir="", use_directory_urls=False)))

    cache = render_cache(settings)
    yield from stream_site(plan, sorted(plan.paths, key=mkdocs_order), cache)
    keep_render_cache(cache, settings)


def _finish(writer: "BackgroundWrite | alongside.RenderAlongside", failure: BaseException) -> None:
    """After a failed build: write docs all the same (as generate would have), or, when the
    user interrupted, only let a write already under way end (a half-written folder helps
    no one). Its own error is printed (unless it is the build's): the build's is the one raised."""
    if not isinstance(failure, Exception) and not writer.started:
        writer.abandon()
        return
    try:
        writer.wait()
    except BaseException as err:  # noqa: BLE001 (reported, then the build's error goes on)
        if err is not failure:
            print(f"park-digest: error: {err}", file=sys.stderr)


def _mkdocs_build(cfg, newest: str) -> None:
    """mkdocs build with cfg, its time stamps pinned to the newest article's date."""
    from mkdocs.commands.build import build as mkdocs_build

    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch(newest)))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def serve(config_file: Path, dev_addr: str) -> None:
    """mkdocs serve with the plugin regenerating on every change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not config_file.is_file():
        raise DigestError(f"{config_file}: MkDocs config not found")
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        if args.command == "generate":
            result = generate(args.seeds, args.docs)
        elif args.command == "build":
            result = build_site(args.seeds, args.site, args.config, args.pagefind)
        else:
            serve(args.config, args.dev_addr)
            return 0
    except DigestError as err:
        print(f"park-digest: error: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # mkdocs raises its own Abort/ConfigurationError
        if type(err).__name__ in ("Abort", "ConfigurationError", "PluginError", "BuildError"):
            print(f"park-digest: error: {err}", file=sys.stderr)
            return 1
        raise
    return 1 if any(not e.warning for e in result.errors) else 0


if __name__ == "__main__":
    sys.exit(main())
