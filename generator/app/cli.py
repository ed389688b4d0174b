"""Command line: park-digest generate | build | serve (thin adapters over pipeline.build)."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .. import __version__
from ..errors import DigestError
from .runs import generate

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
    gen.add_argument("--pagefind", action="store_true",
                     help="give article pages the copy of their words that Pagefind indexes "
                          "(for a site you index with Pagefind yourself; build --pagefind does it)")
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
            result = generate(args.seeds, args.docs, pagefind=args.pagefind)
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
