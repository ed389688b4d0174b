"""The code's own key: a digest of the generator's source and data files.

Apart from the caches (cache.py) so that the no-change check, which needs only
this key, does not import them.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from . import __version__

CACHE_FORMAT = 3


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """A digest of the generator's code and data files (any edit invalidates the cache).

    Taken once per process, when it first runs: a process that outlives an edit
    (mkdocs serve) goes on running the code it loaded, and must not store what
    that code makes under the edited code's key.
    """
    root = Path(__file__).parent
    digest = hashlib.sha256(f"{__version__}/{CACHE_FORMAT}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yml", ".txt")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
