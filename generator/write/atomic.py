"""Atomic file writes: a temporary file beside the target, synced, then renamed over it."""
from __future__ import annotations

import os
import re
import secrets
import stat
from pathlib import Path

TMP_PREFIX = ".tmp-"
TMP_NAME = re.compile(r"\.tmp-[a-z0-9_]{8}\.(md|json|xml)")   # what _create_temp names temporary files


def atomic_write(path: Path, text: str) -> None:
    """Write text to path via a temporary file and a rename (readable like any new file); OSError on failure."""
    tmp = stage(path, text)
    try:
        _fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stage(path: Path | str, data: bytes | str, made: set[str] | None = None) -> str:
    """Write data to a new temporary file beside path (not yet synced); its name.

    made holds folders already known to exist (one mkdir per folder, not per file).
    """
    made = set() if made is None else made
    parent = os.path.dirname(os.fspath(path))
    if parent not in made:
        os.makedirs(parent or ".", exist_ok=True)
        made.add(parent)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _create_temp(path: Path | str) -> tuple[int, str]:
    """A new, empty temporary file beside path, named like TMP_NAME: (descriptor, name).

    Mode 0o666 leaves the permissions to the umask, as for any new file
    (tempfile.mkstemp makes 0o600 files, which needed a chmod each).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    parent, name = os.path.split(os.fspath(path))
    suffix = Path(name).suffix
    while True:
        tmp = os.path.join(parent, f"{TMP_PREFIX}{secrets.token_hex(4)}{suffix}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:  # a name already taken (1 in 4 billion): draw another
            continue


def sync(paths: list[str]) -> None:
    """Flush the written files to disk: one system-wide sync where there is one, else each file.

    One sync for a batch instead of an fsync per file saves about a third of a
    millisecond per file: 3 s of a 10,000-article run (benchmarks/README.md).
    """
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for tmp in paths:
        _fsync_file(tmp)


def _fsync_file(path: str) -> None:
    """Flush one file's data to disk."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def same(path: Path | str, data: bytes | str) -> bool:
    """True when path is a file holding exactly data (text: its UTF-8, encoded only if the file is there)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):   # not a file, or a link
            return False
        with open(path, "rb") as fh:
            old = fh.read()
    except OSError:
        return False
    return old == (data.encode("utf-8") if isinstance(data, str) else data)
