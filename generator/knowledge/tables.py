"""Tables derived from jieba's data files, kept in a per-user cache between runs.

Parsing jieba's dictionary and IDF table into the sets and the dict the
generator uses takes about half a second in every worker process. The two big
tables (a quarter of a million words each) are cached as marisa tries: read
back in a few milliseconds as one block of bytes, and looked up there, instead
of being turned back into a Python object per word in every worker. Like jieba's own cache
(``jieba.cache`` in the temp folder), the file lives outside any project: it
depends only on jieba's files, not on a site. It is a cache and nothing more:
a missing, stale, unreadable or damaged file is made again, and a folder that
cannot be written to only costs the parsing time.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import secrets
import sys
import time
import zlib
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

import marisa_trie

log = logging.getLogger(__name__)
FORMAT = 2                   # bump when what a table holds, or how it is packed, changes
ENV = "PARK_DIGEST_CACHE"    # the cache folder; set to "" to turn the cache off
T = TypeVar("T")


def user_cache_dir() -> Path | None:
    """The folder of cached tables: $PARK_DIGEST_CACHE, else $XDG_CACHE_HOME or ~/.cache, in park-digest.

    None when $PARK_DIGEST_CACHE is set empty (no cache) or there is no home folder.
    """
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder (some service accounts)
            return None
    return Path(base) / "park-digest"


def cache_file(name: str, source: Path) -> Path | None:
    """Where the table name derived from source is cached (None without a cache).

    Named by the table, the source file's path (installations side by side keep
    their own files) and a digest of all that makes the table: the source's size
    and time, the generator's code (which derives it), the Python version.
    """
    from ..runtime.codekey import code_key

    folder = user_cache_dir()
    if folder is None:
        return None
    stat = source.stat()
    where = _digest(str(source.resolve()))[:8]
    key = f"{FORMAT}\n{marshal.version}\n{sys.version_info[:2]}\n{stat.st_size}\n{stat.st_mtime_ns}\n{code_key()}"
    return folder / f"{name}-{where}-{_digest(key)[:16]}.marshal"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()


def cached(name: str, source: Path | None, make: Callable[[], T],
           pack: Callable[[T], tuple], unpack: Callable[[tuple], T]) -> T:
    """The table name derived from source: from the cache when it is there and whole, else made (and cached).

    pack turns the table into plain values that marshal stores (str, float,
    list, tuple); unpack turns them back, raising on anything malformed.
    """
    path = cache_file(name, source) if source is not None else None
    if path is not None:
        try:
            return unpack(marshal.loads(path.read_bytes()))
        except FileNotFoundError:
            pass
        except Exception as err:  # any damage at all: the file is only a cache
            log.info("%s: cached table unreadable (%s); making it again", path, err)
    table = make()
    if path is not None:
        _save(path, marshal.dumps(pack(table)))
    return table


def _save(path: Path, data: bytes) -> None:
    """Write the cache file atomically and drop the stale ones of the same table and source; failing only logs."""
    temp = path.with_name(f".tmp-{secrets.token_hex(4)}-{path.name}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
        _drop_stale(path)
    except OSError as err:
        log.info("%s: table not cached (%s)", path, err)
        try:
            temp.unlink(missing_ok=True)
        except OSError:  # the folder itself could not be made: there is no temporary file
            pass


STALE_TEMP_SECONDS = 3600   # a temporary file this old was left by a run that was killed


def _drop_stale(path: Path) -> None:
    """Delete the files of path's table and source made under other keys (an older jieba, code or format).

    They are never read again. Files of other sources (another installation)
    are left alone, and so are temporary files that may still be being written.
    """
    family = path.name.rsplit("-", 1)[0] + "-"   # table and source, without the key
    for old in path.parent.glob(f"{family}*.marshal"):
        if old != path:
            old.unlink(missing_ok=True)
    for temp in path.parent.glob(f".tmp-*-{family}*.marshal"):
        try:
            if temp.stat().st_mtime < time.time() - STALE_TEMP_SECONDS:
                temp.unlink(missing_ok=True)
        except OSError:
            pass


def pack_words(words: frozenset[str]) -> tuple:
    """A set of words as one string, a word per line (jieba's words have no line breaks).

    >>> unpack_words(pack_words(frozenset({"高新", "园区"}))) == frozenset({"高新", "园区"})
    True
    """
    return ("\n".join(sorted(words)),)


def unpack_words(packed: tuple) -> frozenset[str]:
    """The set pack_words packed."""
    if not isinstance(packed, tuple) or len(packed) != 1 or not isinstance(packed[0], str):
        raise TypeError("not a packed word list")
    return frozenset(packed[0].split("\n")) if packed[0] else frozenset()


def pack_word_trie(words: Iterable[str]) -> tuple:
    """A set of words as a marisa trie's bytes and their checksum.

    >>> sorted(unpack_word_trie(pack_word_trie({"高新", "园区"})))
    ['园区', '高新']
    """
    data = marisa_trie.Trie(words).tobytes()
    return data, zlib.crc32(data)


def unpack_word_trie(packed: tuple) -> marisa_trie.Trie:
    """The set pack_word_trie packed, as a trie (``word in trie``)."""
    data, = _checked(packed, 2)
    return marisa_trie.Trie().frombytes(data)


class Weights:
    """word → weight kept in a marisa trie, read like a dict's get.

    >>> w = unpack_weights(pack_weights(({"园区": 7.5, "高新": 9.0}, 8.0)))[0]
    >>> w.get("园区"), w.get("新词", 8.0), dict(w.items())
    (7.5, 8.0, {'园区': 7.5, '高新': 9.0})
    """

    def __init__(self, trie: marisa_trie.RecordTrie):
        self._trie = trie

    def get(self, word: str, default: float | None = None) -> float | None:
        """The word's weight, else default."""
        found = self._trie.get(word)
        return found[0][0] if found else default

    def items(self) -> Iterator[tuple[str, float]]:
        """Every (word, weight), in the trie's order."""
        return ((word, value) for word, (value,) in self._trie.items())


def pack_weights(table: tuple[dict[str, float], float]) -> tuple:
    """(word → weight, median) as a marisa trie's bytes, their checksum, and the median."""
    weights, median = table
    data = marisa_trie.RecordTrie("<d", ((word, (value,)) for word, value in weights.items())).tobytes()
    return data, zlib.crc32(data), median


def unpack_weights(packed: tuple) -> tuple[Weights, float]:
    """The table pack_weights packed: its weights looked up in the trie."""
    data, median = _checked(packed, 3)
    if not isinstance(median, float):
        raise ValueError("no median weight")
    return Weights(marisa_trie.RecordTrie("<d").frombytes(data)), median


def _checked(packed: tuple, size: int) -> tuple:
    """A packed trie's bytes (and what follows its checksum), once their checksum is right; ValueError if not."""
    if not isinstance(packed, tuple) or len(packed) != size or not isinstance(packed[0], bytes) \
            or packed[1] != zlib.crc32(packed[0]):
        raise ValueError("not a packed trie, or a damaged one")
    return (packed[0], *packed[2:])
