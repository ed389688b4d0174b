"""Per-page cache: a page's articles, keyed by its decoded text, its manifest entry, the code and the data.

A page's articles depend only on those, so an unchanged page is never segmented
or tagged again; changing one page re-does only that page.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from . import __version__

CACHE_FORMAT = 2


def code_key() -> str:
    """A digest of the generator's code and data files (any edit invalidates the cache)."""
    root = Path(__file__).parent
    digest = hashlib.sha256(f"{__version__}/{CACHE_FORMAT}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yml", ".txt")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class PageCache:
    """Pickled results per page in a folder; entries not used by a run are pruned after it."""

    def __init__(self, folder: Path, code: str):
        self.folder = folder
        self.code = code
        self.used: set[str] = set()

    def key(self, page_digest: str, page_name: str, extra: Any) -> str:
        """The cache key of one page."""
        text = f"{self.code}\n{page_digest}\n{page_name}\n{extra!r}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> Any | None:
        """The cached value, or None (a damaged entry counts as missing)."""
        self.used.add(key)
        path = self.folder / f"{key}.pickle"
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store a value atomically (a cache that cannot be written is only slower)."""
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{key}.pickle")
        except OSError:
            pass

    def prune(self) -> None:
        """Remove entries this run did not use (old versions of pages, removed pages)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
