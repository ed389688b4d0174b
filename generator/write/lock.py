"""One run at a time per docs folder: an OS lock on a lock file (filelock), which holds the run's pid."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import OutputError

LOCK_NAME = ".park-digest.lock"


@contextmanager
def run_lock(docs: Path) -> Iterator[None]:
    """Hold an exclusive lock on the docs folder for one run (a second run fails clearly).

    A lock left by a run that was killed does not block: the OS drops the lock
    of a dead process. The lock file holds the pid of the run, for the message
    another run gives.
    """
    # Imported here, when a run writes: filelock's import (asyncio with it) takes 0.06 s, which
    # would add 65 % to a no-change re-run, which imports this module and never writes
    # (benchmarks/README.md).
    from filelock import FileLock, Timeout

    path = docs / LOCK_NAME
    holder = _pid_in(path)   # read first: trying the lock may empty the file
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise _busy(path, holder) from None
    try:
        with suppress(OSError):   # the pid is only for that message (Windows locks the file's bytes)
            path.write_text(str(os.getpid()), encoding="ascii")
        yield
    finally:
        with suppress(OSError):   # while still holding it, so no other run sees it free and unlinked
            path.unlink(missing_ok=True)
        lock.release()


def _pid_in(path: Path) -> int | None:
    """The pid written in a lock file, or None."""
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _busy(lock: Path, pid: int | None) -> OutputError:
    holder = f" (pid {pid})" if pid else ""
    return OutputError(f"{lock}: another park-digest run{holder} is writing here; try again when it has finished")
