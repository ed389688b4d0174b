"""One run at a time per docs folder: a lock file, an OS lock where there is one, else a pid."""
from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputError

try:
    import fcntl
except ImportError:  # Windows: fall back to the pid in the lock file
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".park-digest.lock"
STALE_EMPTY_LOCK_SECONDS = 10   # a lock file still without a pid after this long was left by a crash


def _pid_alive(pid: int) -> bool:
    """True when a process with this pid runs (on this machine)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would terminate the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock_pid(text: str) -> int | None:
    """The pid written in a lock file, or None."""
    text = text.strip()
    return int(text) if text.isdigit() else None


def _busy(lock: Path, pid: int | None) -> OutputError:
    holder = f" (pid {pid})" if pid else ""
    return OutputError(f"{lock}: another park-digest run{holder} is writing here; try again when it has finished")


def _flock(lock: Path) -> int | None:
    """Hold an OS lock on the lock file (released by the OS if the process dies); its fd, or None if unsupported."""
    for _ in range(5):
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            pid = _lock_pid(os.pread(fd, 32, 0).decode("ascii", "replace")) if hasattr(os, "pread") else None
            os.close(fd)
            if err.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise _busy(lock, pid) from None
            return None  # the file system has no flock: use the pid
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:  # not a lock file a finishing run unlinked while we opened it
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            return fd
        os.close(fd)
    raise _busy(lock, None)


def _pid_lock(lock: Path) -> None:
    """Create the lock file holding our pid; take over one left by a process that is gone."""
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                text, age = lock.read_text(encoding="ascii", errors="replace"), time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                continue
            pid = _lock_pid(text)
            if (pid is not None and _pid_alive(pid)) or \
                    (pid is None and age < STALE_EMPTY_LOCK_SECONDS):
                raise _busy(lock, pid) from None
            lock.unlink(missing_ok=True)  # stale: its run is gone
            continue
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        return
    raise _busy(lock, None)


@contextmanager
def run_lock(docs: Path) -> Iterator[None]:
    """Hold an exclusive lock on the docs folder for one run (a second run fails clearly).

    A lock left by a run that was killed does not block: the OS drops the lock
    of a dead process, and where there is no OS lock a pid no longer running is
    taken over.
    """
    lock = docs / LOCK_NAME
    fd = _flock(lock) if fcntl is not None else None
    if fd is None:
        _pid_lock(lock)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)  # while still holding it, so no other run sees it free and unlinked
        if fd is not None:
            os.close(fd)
