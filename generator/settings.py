"""Settings passed explicitly to every stage (no global state)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# The language Pagefind indexes the site as: one it does not segment, so that the words of
# its index are the generator's (render/searchwords.py); find/ asks for the same one.
PAGEFIND_LANGUAGE = "und"
# Folders (under the docs folder) that the generator owns; everything else is hand-written.
OWNED_DIRS = ("articles", "parks", "topics", "archive", "review", "find", "_fragments")
HOME_FRAGMENT = "_fragments/home.md"
TAGS_FRAGMENT = "_fragments/tags.md"
MANIFEST_NAME = ".park-digest-manifest.json"
# Editors' files beside the pages in the seeds folder: page dates and papers, and corrections.
SEEDS_MANIFEST_NAME = "manifest.yml"
OVERRIDES_NAME = "overrides.yml"


@dataclass(frozen=True)
class Settings:
    """Where to read pages and templates, and where generated Markdown goes."""

    seeds: Path = Path("seeds")
    docs: Path = Path("docs")
    templates: Path = Path("site_templates")
    latest_count: int = 20
    related_count: int = 5
    feed_items: int = 50
    # Absolute URL of the published site (mkdocs.yml site_url); feeds need absolute links.
    site_url: str = ""
    # Per-page results are cached here (None: no cache); worker processes for many pages.
    cache_dir: Path | None = Path(".park-digest/cache")
    # Built for Pagefind (park-digest build --pagefind): article pages carry its search copy.
    pagefind: bool = False
    workers: int = field(default_factory=lambda: min(4, os.cpu_count() or 1))
