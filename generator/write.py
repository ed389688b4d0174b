"""Write stage: put generated files in the docs folder, safely.

The generator writes only inside its own folders, keeps a manifest of what it
wrote, never replaces a file it did not write, writes atomically (temp file +
rename) and leaves unchanged files alone. A lock file keeps two runs apart.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import OutputError
from .settings import MANIFEST_NAME, OWNED_DIRS

LOCK_NAME = ".park-digest.lock"


@dataclass(frozen=True)
class WriteReport:
    """What a write changed."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def safe_relpath(rel: str) -> PurePosixPath:
    """A generated path, checked to stay inside an owned folder of docs."""
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in OWNED_DIRS:
        raise OutputError(f"{rel}: refusing to write outside the generator's own folders {OWNED_DIRS}")
    return path


def read_manifest(docs: Path) -> set[str]:
    """Paths the generator wrote last time (empty when there is no manifest)."""
    path = docs / MANIFEST_NAME
    if not path.exists():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return set(data.get("files", []))
    except (OSError, ValueError) as err:
        raise OutputError(f"{path}: unreadable manifest ({err}); remove it only if docs/ holds no hand-written files there") from err


def conflicts(docs: Path, files: dict[str, str], owned: set[str]) -> list[str]:
    """Generated paths that would replace a file the generator did not write."""
    return [rel for rel in sorted(files) if (docs / rel).exists() and rel not in owned]


@contextmanager
def run_lock(docs: Path) -> Iterator[None]:
    """Hold an exclusive lock on the docs folder for one run (a second run fails clearly)."""
    lock = docs / LOCK_NAME
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError as err:
        raise OutputError(f"{lock}: another park-digest run is writing here (remove the file if none is)") from err
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


def atomic_write(path: Path, text: str) -> None:
    """Write text to path via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_docs(docs: Path, files: dict[str, str]) -> WriteReport:
    """Write generated files into docs; remove files this generator wrote before and no longer makes."""
    for rel in files:
        safe_relpath(rel)
    try:
        docs.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{docs}: cannot create the docs folder ({err.strerror})") from err
    if not os.access(docs, os.W_OK):
        raise OutputError(f"{docs}: docs folder is not writable")
    with run_lock(docs):
        owned = read_manifest(docs)
        clash = conflicts(docs, files, owned)
        if clash:
            raise OutputError(f"{docs / clash[0]}: a hand-written file is where a generated page goes; "
                              f"nothing was written ({len(clash)} such file(s))")
        written, unchanged = [], []
        for rel in sorted(files):
            path = docs / rel
            if path.exists() and path.read_text(encoding="utf-8") == files[rel]:
                unchanged.append(rel)
                continue
            atomic_write(path, files[rel])
            written.append(rel)
        removed = []
        for rel in sorted(owned - set(files)):
            path = docs / rel
            if path.is_file():
                path.unlink()
                removed.append(rel)
        atomic_write(docs / MANIFEST_NAME, json.dumps({"files": sorted(files)}, ensure_ascii=False, indent=1) + "\n")
        _prune_empty(docs)
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _prune_empty(docs: Path) -> None:
    """Remove owned folders left empty by removals."""
    for name in OWNED_DIRS:
        root = docs / name
        if not root.is_dir():
            continue
        for dirpath, _dirs, _files in sorted(os.walk(root), key=lambda t: -len(t[0])):
            if not os.listdir(dirpath):
                os.rmdir(dirpath)
