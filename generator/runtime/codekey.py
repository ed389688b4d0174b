"""The code's keys: a digest of the generator's source and data files, and the libraries it runs on.

Apart from the caches (cache.py) so that the no-change check, which needs only
these keys, does not import them.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from pathlib import Path
from typing import Iterable

from .. import __version__

CACHE_FORMAT = 3


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """A digest of the generator's code and data files (any edit invalidates the cache).

    Taken once per process, when it first runs: a process that outlives an edit
    (mkdocs serve) goes on running the code it loaded, and must not store what
    that code makes under the edited code's key.
    """
    root = Path(__file__).parent.parent   # the generator package
    digest = hashlib.sha256(f"{__version__}/{CACHE_FORMAT}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yml", ".txt")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Distributions whose output is in the docs: decoding (charset-normalizer), tokens
# and tags (rjieba, and jieba's dictionary and IDF files), parks and topics found
# (ahocorasick-rs), slugs (pypinyin, python-slugify and its text-unidecode),
# templates and escaping (jinja2, markupsafe), front matter (pyyaml).
OUTPUT_LIBRARIES = ("ahocorasick-rs", "charset-normalizer", "jieba", "jinja2", "markupsafe", "pypinyin",
                    "python-slugify", "pyyaml", "rjieba", "text-unidecode")
_METADATA_FOLDER = re.compile(r"(?P<name>[^-]+)-(?P<version>.+)\.(?:dist|egg)-info")


@functools.lru_cache(maxsize=1)
def environment_key() -> str:
    """Python's version and the installed version of each library whose output is in the docs.

    Taken once per process, like code_key.
    """
    python = ".".join(map(str, sys.version_info[:3]))
    versions = installed_versions(OUTPUT_LIBRARIES, sys.path)
    return "\n".join([f"python {python}", *(f"{name} {versions[name]}" for name in OUTPUT_LIBRARIES)])


def installed_versions(names: Iterable[str], path: Iterable[str]) -> dict[str, str]:
    """Each distribution's version as found on path, where import would find it first; "-" where it is not installed.

    Read off the names of the installed metadata folders (``jinja2-3.1.6.dist-info``,
    ``PyYAML-6.0.egg-info``), which name and version every installed
    distribution: under a millisecond. importlib.metadata takes 0.037 s (its import
    0.03 s): 0.7 % of a 1,000-article generate, but 40 % of a no-change re-run
    (0.09 s), whose target is 5 % of a generate (benchmarks/README.md).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
    ...     for folder, entry in ((first, "Python_Slugify-9.2.0.dist-info"), (second, "python_slugify-8.0.dist-info"),
    ...                           (second, "PyYAML-6.0.egg-info"), (second, "pyyaml.py")):
    ...         os.mkdir(os.path.join(folder, entry))
    ...     installed_versions(["python-slugify", "pyyaml", "jinja2"], [first, second, "/no/such/folder"])
    {'python-slugify': '9.2.0', 'pyyaml': '6.0', 'jinja2': '-'}
    """
    wanted = {_normalized(name): name for name in names}
    found: dict[str, str] = {}
    for folder in path:
        try:
            entries = sorted(os.listdir(folder or "."))
        except OSError:   # a zip file, a missing folder
            continue
        for entry in entries:
            match = _METADATA_FOLDER.fullmatch(entry)
            name = wanted.get(_normalized(match["name"])) if match else None
            if name and name not in found:
                found[name] = match["version"]
    return {name: found.get(name, "-") for name in wanted.values()}


def _normalized(name: str) -> str:
    """A distribution name as metadata folders spell it, whatever its case and separators (PEP 503, then PEP 491)."""
    return re.sub(r"[-_.]+", "_", name).lower()
