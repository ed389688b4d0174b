"""What a run's output depends on, as one digest: the no-change check compares it with the last run's.

Kept apart from the pipeline so that a run which finds nothing changed imports
only this (no templates, tokenizer or layout rules).
"""
from __future__ import annotations

import hashlib

from ..runtime.codekey import code_key, environment_key
from ..read.discover import find_pages
from ..settings import OVERRIDES_NAME, SEEDS_MANIFEST_NAME, Settings


def input_key(settings: Settings) -> str:
    """A digest of everything the output depends on: pages, editors' files, templates, settings, code, libraries."""
    digest = hashlib.sha256(f"{code_key()}\n{environment_key()}".encode())
    digest.update(repr((settings.site_url, settings.latest_count, settings.related_count, settings.feed_items,
                        settings.pagefind)).encode())
    sources = [(p.relative_to(settings.seeds).as_posix(), p) for p in find_pages(settings.seeds)]
    sources += [(n, settings.seeds / n) for n in (SEEDS_MANIFEST_NAME, OVERRIDES_NAME) if (settings.seeds / n).is_file()]
    if settings.templates.is_dir():
        sources += [(f"templates/{p.relative_to(settings.templates).as_posix()}", p)
                    for p in sorted(settings.templates.rglob("*")) if p.is_file()]
    for name, path in sources:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
