"""Write the docs folder in the background while MkDocs builds the same pages from memory.

``park-digest build`` hands the generated pages to MkDocs in memory; the copy in
docs/ (for editors, ``mkdocs serve`` and the next run's no-change check) is
written meanwhile, on the second core: a forked process where forking is safe,
else a thread.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from . import alongside
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
        if alongside.possible():
            try:
                self._wait = self._fork()
                self.files = {}  # the child has its own copy
                return
            except OSError:  # no process to be had (limits, memory): the thread does it
                pass
        # Forking a process with other threads is unsafe (their locks are copied held).
        self._wait = self._thread()

    def abandon(self) -> None:
        """Nothing to stop: a write not started never will be."""

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
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else the child would print what is buffered here a second time
        process = context.Process(target=_write, args=(sender.send, self.docs, self.files, self.done), daemon=True)
        try:
            process.start()
        except BaseException:
            receiver.close()
            raise
        finally:
            sender.close()
        # The report is larger than a pipe holds: read it as soon as it comes, so the
        # child can end (and free its memory) without waiting for the caller.
        box: list[tuple[bool, Any]] = []
        reader = threading.Thread(target=_receive, args=(receiver, box), daemon=True)
        reader.start()

        def wait() -> tuple[bool, Any]:
            reader.join()
            process.join()
            return box[0] if box else (False, DigestError(
                f"{self.docs}: the process writing the docs folder died (exit code {process.exitcode})"))

        return wait

    def _thread(self) -> Callable[[], tuple[bool, Any]]:
        box: list[tuple[bool, Any]] = []
        thread = threading.Thread(target=_write, args=(box.append, self.docs, self.files, self.done), daemon=True)
        thread.start()

        def wait() -> tuple[bool, Any]:
            thread.join()
            return box[0]

        return wait


def _receive(receiver: Any, box: list) -> None:
    """Put what comes through receiver in box (nothing when the sender died first)."""
    try:
        box.append(receiver.recv())
    except EOFError:
        pass
    finally:
        receiver.close()


def _write(send: Callable[[tuple[bool, Any]], None], docs: Path, files: dict[str, str], done: Done) -> None:
    """Write docs and send back (True, report), or (False, the error)."""
    try:
        report = write_docs(docs, files)
        done(report)
        send((True, report))
    except BaseException as err:  # raised again by wait(), in the caller
        send((False, err))
