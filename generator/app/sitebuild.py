"""park-digest build: generate, and build the site with MkDocs, the pages handed over in memory."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..errors import DigestError
from ..model import Result
from ..pipeline import build
from .buildtime import pin_build_time
from ..settings import PAGEFIND_LANGUAGE, Settings
from .background import BackgroundWrite
from .inputs import input_key
from .plugin import GeneratedPathTaken
from .runs import describe_changes, generate_now, last_run, print_report, remember_run, replay_unchanged

# Pagefind indexes the search copy of each article page (render/searchwords.py: the words
# as the generator segments them, space-separated) as a language it does not segment
# itself, so that its words stay the generator's; find/ cuts queries the same way.
PAGEFIND_OPTIONS = ("--force-language", PAGEFIND_LANGUAGE)
# The search page goes into the navigation only where there is an index to search.
FIND_NAV = {"检索": "find/index.md"}
# With Pagefind, MkDocs' search plugin is left out: Material downloads its whole JSON
# index (137 MB at 10,000 articles) on every page view, whatever the page.
SEARCH_PLUGINS = ("search", "material/search")


def mkdocs_config(config_file: Path, **overrides):
    """Load mkdocs.yml with overrides (a clear error when it is missing)."""
    from mkdocs.config import load_config

    if not config_file.is_file():
        raise DigestError(f"{config_file}: MkDocs config not found")
    return load_config(config_file=str(config_file), **overrides)


def _raw_config(config_file: Path) -> dict:
    """mkdocs.yml as written (before MkDocs fills in defaults)."""
    from mkdocs.utils.yaml import yaml_load

    if not config_file.is_file():
        raise DigestError(f"{config_file}: MkDocs config not found")
    with config_file.open("rb") as fh:
        return yaml_load(fh) or {}


def nav_with_find(config_file: Path) -> list | None:
    """The nav of mkdocs.yml with the search page find/ before the about page (or last); None without a nav."""
    nav = _raw_config(config_file).get("nav")
    if not isinstance(nav, list):
        return None
    if any(isinstance(item, dict) and FIND_NAV.items() <= item.items() for item in nav):
        return nav
    about = next((i for i, item in enumerate(nav) if isinstance(item, dict) and "about.md" in item.values()), len(nav))
    return [*nav[:about], dict(FIND_NAV), *nav[about:]]


def plugins_without_search(config_file: Path) -> list | dict:
    """The plugins of mkdocs.yml without MkDocs' search plugin (a list or a mapping, as written)."""
    plugins = _raw_config(config_file).get("plugins", ["search"])   # MkDocs' default is search alone
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
    """Generate (pipeline.build), hand the pages to MkDocs in memory, and mkdocs build --strict into site.

    docs/ gets the same files as ``park-digest generate`` writes, on a thread while
    MkDocs builds (writing is mostly system calls, which leave MkDocs the interpreter).
    When nothing changed since the last run, MkDocs reads the pages from docs/.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    overrides = {"plugins": plugins_without_search(config_file)} if pagefind else {}
    if pagefind and (nav := nav_with_find(config_file)) is not None:
        overrides["nav"] = nav
    cfg = mkdocs_config(config_file, site_dir=str(site.resolve()), strict=True, **overrides)
    settings = Settings(seeds=seeds, docs=Path(cfg.docs_dir), site_url=cfg.site_url or "", pagefind=pagefind)
    plugin = cfg.plugins.get("park-digest")
    key = input_key(settings)
    unchanged = last_run(settings, key)
    if plugin is None or unchanged is not None:
        result = replay_unchanged(unchanged) if unchanged is not None else generate_now(settings, key)
        if plugin is not None:
            plugin.hand_over(None)   # the pages are in docs/: MkDocs reads them from there
        writer, summary = None, ""
    else:
        result = build(settings, progress=sys.stderr.isatty())
        summary = print_report(result, settings.docs)
        writer = _docs_writer(settings, key, summary, result)
        plugin.hand_over(result.files, listed=writer.start)
    counts = Result(pages=result.pages, errors=result.errors, newest=result.newest)
    del result  # the articles: MkDocs holds the pages, the writer the files
    generated = time.perf_counter()
    try:
        _mkdocs_build(cfg, counts.newest)
    except BaseException as err:
        if writer is not None:
            _finish(writer, err)
        raise
    finally:
        if plugin is not None:
            plugin.hand_over(None)
    if writer is not None:
        print(summary + "; " + describe_changes(writer.wait()))
    # Where the time went: the generator's share of the build, beside MkDocs' own.
    print(f"site built in {site} (generator {generated - started:.1f} s, MkDocs {time.perf_counter() - generated:.1f} s)")
    if pagefind:
        pagefind_index(site)
    return counts


def _docs_writer(settings: Settings, key: str, summary: str, result: Result) -> BackgroundWrite:
    """A writer of docs/ that records the run for the next no-change check once the files are written."""
    names = Result(pages=result.pages, errors=result.errors, newest=result.newest, files=dict.fromkeys(result.files, ""))
    # What the no-change check records: the names of the files, not their texts.
    return BackgroundWrite(settings.docs, result.files, lambda report: remember_run(settings, key, summary, names))


def _finish(writer: BackgroundWrite, failure: BaseException) -> None:
    """After a failed build: write docs all the same (as generate would have), except over a
    hand-written file, or when the user interrupted and no write is under way yet (a
    half-written folder helps no one). Its own error is printed, unless it is the build's:
    the build's is the one raised."""
    if isinstance(failure, GeneratedPathTaken) or (not isinstance(failure, Exception) and not writer.started):
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
