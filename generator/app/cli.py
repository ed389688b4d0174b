"""Command line: park-digest generate | build | serve (thin adapters over pipeline.run)."""
from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import DigestError
from ..errors import PageError
from ..runtime.inputs import input_key
from ..settings import Settings
from ..write.docs import WriteReport, atomic_write, read_manifest, write_docs

if TYPE_CHECKING:  # the no-change path needs no model: it only replays the last run's summary
    from ..model import Result

log = logging.getLogger("park_digest")
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
    return replay_unchanged(unchanged) if unchanged is not None else generate_now(settings, key)


def generate_now(settings: Settings, key: str) -> Result:
    """Run the generator, write docs, print the summary and remember the run under key."""
    from ..pipeline import run  # the whole engine: not needed when nothing changed

    result = run(settings, progress=sys.stderr.isatty())
    report = write_docs(settings.docs, result.files)
    summary = print_report(result, settings.docs)
    print(summary + "; " + describe_changes(report))
    remember_run(settings, key, summary, result)
    return result


def replay_unchanged(state: dict) -> Result:
    """Print the last run's problems and summary; its counts as a Result."""
    from ..model import Result

    for name, message, line, warning in state["errors"]:
        print(("warning: " if warning else "error: ") + str(PageError(name, message, line, warning)), file=sys.stderr)
    print(state["summary"] + "; no file changed (nothing changed since the last run)")
    return Result(pages=state["pages"], errors=[PageError(*e) for e in state["errors"]], newest=state.get("newest", ""))


def print_report(result: Result, docs: Path) -> str:
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


def describe_changes(report: WriteReport) -> str:
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
    root = os.fspath(settings.docs)  # plain strings: a Path per file took longer than the rest of the check
    if read_manifest(settings.docs) != set(state["files"]) or \
            not all(os.path.isfile(os.path.join(root, f)) for f in state["files"]):
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
            from .sitebuild import build_site  # MkDocs is imported only to build

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


def entry() -> None:
    """The park-digest command: main(), then an exit that skips tearing the interpreter down.

    Freeing a run's objects one by one at exit takes a fifth of a second at
    1,000 articles, more at 10,000; the operating system frees the memory at
    once. By then every file is written, synced and closed and every worker
    process joined (any a failed run left behind is stopped here); the output
    streams and logging are flushed here.
    """
    status = main()
    _stop_children()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: nothing more can be said
        status = status or 1
    logging.shutdown()
    os._exit(status)


def _stop_children() -> None:
    """Stop worker processes a failed run left behind (the exit hook that would stop them is skipped)."""
    multiprocessing = sys.modules.get("multiprocessing")  # no import: a run that forked nothing
    if multiprocessing is None:
        return
    for child in multiprocessing.active_children():
        child.terminate()
        child.join()


if __name__ == "__main__":
    entry()
