"""A generate run: the no-change check, the engine, docs/ written, and the summary printed.

Kept apart from the command line so that park-digest build uses the same run
without importing the command line (and the command line imports build).
"""
from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PageError
from ..settings import Settings
from ..write.atomic import atomic_write
from ..write.docs import WriteReport, read_manifest, write_docs
from .inputs import input_key

if TYPE_CHECKING:  # the no-change path needs no model: it only replays the last run's summary
    from ..model import Result

log = logging.getLogger("park_digest")


def site_url(config_file: Path = Path("mkdocs.yml")) -> str:
    """site_url of mkdocs.yml, read without loading MkDocs (feeds need absolute links)."""
    if not config_file.is_file():
        return ""
    m = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config_file.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else ""


def generate(seeds: Path, docs: Path, url: str | None = None, pagefind: bool = False) -> Result:
    """Run the generator and write its files into docs; print a summary (pagefind: with Pagefind's copies).

    When nothing the output depends on changed since the last run into the same
    docs folder, and its files are all there, nothing is redone.
    """
    settings = Settings(seeds=seeds, docs=docs, site_url=site_url() if url is None else url, pagefind=pagefind)
    key = input_key(settings)
    unchanged = last_run(settings, key)
    return replay_unchanged(unchanged) if unchanged is not None else generate_now(settings, key)


def generate_now(settings: Settings, key: str) -> Result:
    """Run the generator, write docs, print the summary and remember the run under key."""
    from ..pipeline import build  # the whole engine: not needed when nothing changed

    result = build(settings, progress=sys.stderr.isatty())
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
