"""Caches: each page's articles, and the rendered site pages.

A page's articles depend only on its decoded text, its manifest entry, the code
and the data, so an unchanged page is never segmented or tagged again. A site
page depends only on its inputs, the code and the templates, so changing one
page re-renders only the site pages it touches.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .model import Article

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


def folder_key(folder: Path) -> str:
    """A digest of every file in a folder, by relative path and content (templates)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class _KeyPickler(pickle.Pickler):
    """Pickles a page's inputs with every Article stood in for by its digest."""

    def __init__(self, file: io.BytesIO, cache: "RenderCache"):
        super().__init__(file, protocol=5)
        self.cache = cache
        # No memo: equal values pickle alike however their objects are shared (an article
        # computed this run and the same article read back from the page cache).
        self.fast = True

    def persistent_id(self, obj: Any) -> bytes | None:
        return self.cache.article_digest(obj) if type(obj) is Article else None


class RenderCache:
    """Rendered pages in one file, keyed by everything a page is rendered from.

    A key digests the salt (code, templates, settings), the kind of page and its
    inputs pickled. Equal pickles mean equal inputs, so a hit is the page the
    templates would render; a miss only costs the rendering. Each Article is
    pickled once per run and stands in a key as its digest, so the key of a
    page listing thousands of articles stays cheap. After a run the file keeps
    only the pages that run used: one changed page re-renders only the pages
    whose inputs it changed (its article, its park, topic and month pages, the
    pages that list it as related).
    """

    def __init__(self, path: Path | None, salt: str):
        self.path = path
        self.salt = salt
        self.entries: dict[str, str] = self._load()
        self.used: dict[str, str] = {}
        self.rendered = 0     # pages this run rendered (the others came from the cache)
        self._digests: dict[int, tuple[Article, bytes]] = {}

    def _load(self) -> dict[str, str]:
        try:
            with self.path.open("rb") as fh:  # type: ignore[union-attr]
                data = pickle.load(fh)
        except (OSError, AttributeError, pickle.PickleError, EOFError, ValueError, TypeError, ImportError):
            return {}
        return data.get("pages", {}) if isinstance(data, dict) and data.get("salt") == self.salt else {}

    def article_digest(self, article: Article) -> bytes:
        """A digest of one article's pickle (memoised for the run)."""
        hit = self._digests.get(id(article))
        if hit is not None and hit[0] is article:
            return hit[1]
        buf = io.BytesIO()
        pickler = pickle.Pickler(buf, protocol=5)
        pickler.fast = True  # see _KeyPickler
        pickler.dump(article)
        digest = hashlib.sha256(buf.getvalue()).digest()
        self._digests[id(article)] = (article, digest)  # holding the article keeps its id unique
        return digest

    def key(self, kind: str, *inputs: Any) -> str:
        """The key of a page of this kind rendered from these inputs."""
        buf = io.BytesIO()
        _KeyPickler(buf, self).dump((self.salt, kind, inputs))
        return hashlib.sha256(buf.getvalue()).hexdigest()

    def page(self, kind: str, inputs: tuple, make: Callable[[], str]) -> str:
        """The cached page for these inputs, else make() (remembered for the next run)."""
        key = self.key(kind, *inputs)
        cached = self.entries.get(key)
        return self.keep(key, make() if cached is None else None)

    def keep(self, key: str, text: str | None) -> str:
        """Record a page rendered elsewhere (its text), or found in the cache (None); returns its text."""
        if text is None:
            text = self.entries[key]
        else:
            self.rendered += 1
        self.used[key] = text
        return text

    def save(self) -> None:
        """Keep the pages this run used, atomically (a cache that cannot be written is only slower)."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump({"salt": self.salt, "pages": self.used}, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass
