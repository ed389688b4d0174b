"""Tables derived from jieba's data files, kept in a per-user cache between runs.

Parsing jieba's dictionary and IDF table into the sets and the dict the
generator uses takes about half a second in every worker process; reading them
back from a cache file takes a fifth of that. Like jieba's own cache
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
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)
FORMAT = 1                   # bump when what a table holds, or how it is packed, changes
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
    from .cache import code_key

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


def pack_weights(table: tuple[dict[str, float], float]) -> tuple:
    """(word → weight, median) as words in one string, weights in a list, and the median.

    >>> unpack_weights(pack_weights(({"园区": 7.5, "高新": 9.0}, 8.0)))
    ({'园区': 7.5, '高新': 9.0}, 8.0)
    """
    weights, median = table
    return "\n".join(weights), list(weights.values()), median


def unpack_weights(packed: tuple) -> tuple[dict[str, float], float]:
    """The table pack_weights packed."""
    if not isinstance(packed, tuple) or len(packed) != 3 or not isinstance(packed[0], str):
        raise TypeError("not a packed table of weights")
    text, values, median = packed
    words = text.split("\n") if text else []
    if not isinstance(median, float) or not isinstance(values, list) or len(words) != len(values):
        raise ValueError("words and weights do not match")
    return dict(zip(words, values)), median
