"""Caches: each page's articles, and the rendered site pages.

A page's articles depend only on its decoded text, its manifest entry, the code
and the data, so an unchanged page is never segmented or tagged again. A site
page depends only on its inputs, the code and the templates, so changing one
page re-renders only the site pages it touches.
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import struct
import tempfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from .codekey import code_key, environment_key
from ..model import Article
from ..settings import Settings

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

    def get(self, key: str) -> tuple[Any, Any] | None:
        """The cached (value, extra), or None (a damaged entry counts as missing)."""
        self.used.add(key)
        path = self.folder / f"{key}.pickle"
        try:
            with path.open("rb") as fh:
                return pickle.load(fh), pickle.load(fh)
        except Exception:  # unreadable or damaged (a damaged pickle can raise almost anything): a miss
            return None

    def put(self, key: str, pickled: bytes, extra: Any = None) -> None:
        """Store a value, given pickled, and a small extra beside it (a cache that cannot be written is only slower).

        The value is pickled by the caller (a page worker): pickling a text here would
        also keep a UTF-8 copy of it inside the string for as long as the string lives.
        extra is pickled here: it is what this process added to the value (the slugs).
        """
        self.used.add(key)
        _store(self.folder / f"{key}.pickle", [pickled, pickle.dumps(extra, protocol=pickle.HIGHEST_PROTOCOL)])

    def prune(self) -> None:
        """Remove entries this run did not use (old versions of pages, removed pages)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self.used:
                try:
                    path.unlink(missing_ok=True)
                except OSError:  # a cache that cannot be pruned is only larger
                    pass


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
        # No memo: equal values pickle alike however their objects happen to be shared
        # (groups made from articles computed this run, or read back from the page cache).
        self.fast = True

    def persistent_id(self, obj: Any) -> bytes | None:
        return self.cache.article_digest(obj) if type(obj) is Article else None


class RenderCache:
    """Rendered pages in one file, keyed by everything a page is rendered from.

    A key digests the salt (code, templates, settings), the kind of page and its
    inputs pickled. Equal pickles mean equal inputs, so a hit is the page the
    templates would render; a miss only costs the rendering. Each Article's
    repr is digested once per run and stands in a key for the article, so the
    key of a page listing thousands of articles stays cheap. After a run the
    file keeps only the pages that run used: one changed page re-renders only the pages
    whose inputs it changed (its article, its park, topic and month pages, the
    pages that list it as related).
    """

    def __init__(self, path: Path | None, salt: str):
        self.path = path
        self.salt = salt
        self.entries: dict[str, str] = self._load()
        self.used: dict[str, str] = {}
        self.rendered = 0     # pages this run rendered (the others came from the cache)
        # Each article's digest, made once: an article is in the keys of 26 pages on average, and
        # digesting it for each would cost 25 % of a 1,000-article generate (benchmarks/README.md).
        self._digests: dict[int, tuple[Article, bytes]] = {}

    def _load(self) -> dict[str, str]:
        try:
            data = self.path.read_bytes()  # type: ignore[union-attr]
        except (OSError, AttributeError):
            return {}
        return _parse_pages(data, self.salt)

    def article_digest(self, article: Article) -> bytes:
        """A digest of one article's repr: all its fields, nested ones too (memoised for the run).

        Not its pickle: that would depend on which equal objects happen to be
        shared, and pickling a string keeps a UTF-8 copy inside it.
        """
        hit = self._digests.get(id(article))
        if hit is not None and hit[0] is article:
            return hit[1]
        digest = hashlib.sha256(repr(article).encode("utf-8", "surrogatepass")).digest()
        self._digests[id(article)] = (article, digest)  # holding the article keeps its id unique
        return digest

    def key(self, kind: str, *inputs: Any) -> str:
        """The key of a page of this kind rendered from these inputs."""
        buf = io.BytesIO()
        _KeyPickler(buf, self).dump((self.salt, kind, inputs))
        return hashlib.sha256(buf.getvalue()).hexdigest()

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
        if self.path is not None:
            _store(self.path, _page_records(self.salt, self.used))


def render_cache(settings: Settings) -> RenderCache | None:
    """The rendered-page cache of this code, these templates and settings (None without a cache folder)."""
    if settings.cache_dir is None:
        return None
    return RenderCache(settings.cache_dir / "rendered" / "pages.bin", render_salt(settings))


def render_salt(settings: Settings) -> str:
    """Everything a rendered page depends on besides its own inputs."""
    # Every setting but the folders (templates count by their content) and the number of workers.
    output_settings = replace(settings, seeds=Path(), docs=Path(), templates=Path(), cache_dir=None, workers=1)
    return "\n".join((output_code_key(), folder_key(settings.templates), repr(output_settings)))


@functools.lru_cache(maxsize=1)
def output_code_key() -> str:
    """The code, Python and the versions of the libraries whose output is in the pages, as this process runs them.

    The key of the page cache (which keeps the slugs pypinyin and python-slugify
    made, and the tags rjieba found) and part of the rendered pages'. Taken once
    per process, like code_key.
    """
    import yaml

    return "\n".join((code_key(), environment_key(), f"libyaml {hasattr(yaml, 'CSafeDumper')}"))


# The rendered-page file: magic, salt length and salt, then per page its key (32 bytes),
# text length, CRC-32 of the text (a damaged text is a miss, not a page) and UTF-8 text.
# Each text is encoded on its own as it is written: pickling them would keep a UTF-8
# copy inside every string of the run.
_PAGES_MAGIC = b"park-digest rendered pages 2\n"
_LENGTH = struct.Struct("<I")
_RECORD = struct.Struct("<32sII")


def _page_records(salt: str, pages: dict[str, str]) -> Iterator[bytes]:
    """The rendered-page file, a piece at a time."""
    encoded = salt.encode("utf-8")
    yield _PAGES_MAGIC + _LENGTH.pack(len(encoded)) + encoded
    for key, text in pages.items():
        data = text.encode("utf-8", "surrogatepass")
        yield _RECORD.pack(bytes.fromhex(key), len(data), zlib.crc32(data)) + data


def _parse_pages(data: bytes, salt: str) -> dict[str, str]:
    """The pages of a rendered-page file written with this salt ({} if not, or if damaged)."""
    start = len(_PAGES_MAGIC) + _LENGTH.size
    if not data.startswith(_PAGES_MAGIC) or len(data) < start:
        return {}
    (size,) = _LENGTH.unpack_from(data, len(_PAGES_MAGIC))
    if data[start:start + size] != salt.encode("utf-8"):
        return {}
    pages: dict[str, str] = {}
    view, at = memoryview(data), start + size
    while at < len(data):
        if at + _RECORD.size > len(data):
            return {}
        key, length, crc = _RECORD.unpack_from(data, at)
        at += _RECORD.size
        if at + length > len(data) or zlib.crc32(view[at:at + length]) != crc:
            return {}
        try:
            pages[key.hex()] = str(view[at:at + length], "utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return {}
        at += length
    return pages


def _store(path: Path, pieces: Iterable[bytes]) -> None:
    """Write a cache file atomically from its pieces; a failure leaves no file behind and is ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                for piece in pieces:
                    fh.write(piece)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a cache that cannot be written only makes the next run slower
