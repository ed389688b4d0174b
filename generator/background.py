"""Write the docs folder in the background while MkDocs builds the same pages from memory.

``park-digest build`` hands the generated pages to MkDocs in memory; the copy in
docs/ (for editors, ``mkdocs serve`` and the next run's no-change check) is
written meanwhile, on the second core: a forked process where forking is safe,
else a thread.
"""
from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any, Callable

from .errors import DigestError
from .write import WriteReport, write_docs

Done = Callable[[WriteReport], None]


class BackgroundWrite:
    """write_docs(docs, files), then done(report), started later and waited for with wait()."""

    def __init__(self, docs: Path, files: dict[str, str], done: Done):
        self.docs, self.files, self.done = docs, files, done
        self._outcome: tuple[bool, Any] | None = None
        self._wait: Callable[[], tuple[bool, Any]] | None = None

    @property
    def started(self) -> bool:
        """True once start() was called."""
        return self._wait is not None

    def start(self) -> None:
        """Begin writing (at most once)."""
        if self.started:
            return
        if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
            self._wait = self._fork()
        else:  # forking a process with other threads is unsafe (their locks are copied held)
            self._wait = self._thread()

    def wait(self) -> WriteReport:
        """The write's report, once it is done; its error raised here."""
        self.start()
        if self._outcome is None:
            assert self._wait is not None
            self._outcome = self._wait()
            self.files = {}  # written: the pages need not be held for this any longer
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def _fork(self) -> Callable[[], tuple[bool, Any]]:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_write, args=(sender.send, self.docs, self.files, self.done), daemon=True)
        process.start()
        sender.close()

        def wait() -> tuple[bool, Any]:
            try:
                return receiver.recv()
            except EOFError:
                return False, DigestError(f"{self.docs}: the process writing the docs folder died "
                                          f"(exit code {process.exitcode})")
            finally:
                receiver.close()
                process.join()

        return wait

    def _thread(self) -> Callable[[], tuple[bool, Any]]:
        box: list[tuple[bool, Any]] = []
        thread = threading.Thread(target=_write, args=(box.append, self.docs, self.files, self.done), daemon=True)
        thread.start()

        def wait() -> tuple[bool, Any]:
            thread.join()
            return box[0]

        return wait


def _write(send: Callable[[tuple[bool, Any]], None], docs: Path, files: dict[str, str], done: Done) -> None:
    """Write docs and send back (True, report), or (False, the error)."""
    try:
        report = write_docs(docs, files)
        done(report)
        send((True, report))
    except BaseException as err:  # raised again by wait(), in the caller
        send((False, err))
