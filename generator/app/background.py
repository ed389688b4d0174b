"""Write the docs folder on a thread while MkDocs builds the same pages from memory.

``park-digest build`` renders every page first and hands the pages to MkDocs
in memory; the copy in docs/ (for editors, ``mkdocs serve`` and the next run's
no-change check) is written here, on a thread, once MkDocs has listed its
files: writing is mostly system calls, which leave MkDocs the interpreter.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

from ..write.docs import WriteReport, write_docs

Done = Callable[[WriteReport], None]


class BackgroundWrite:
    """write_docs(docs, files), then done(report), on a thread started later and waited for with wait()."""

    def __init__(self, docs: Path, files: dict[str, str], done: Done):
        self.docs, self.files, self.done = docs, files, done
        self._outcome: list[tuple[bool, Any]] = []
        self._thread: threading.Thread | None = None

    @property
    def started(self) -> bool:
        """True once start() was called."""
        return self._thread is not None

    def start(self) -> None:
        """Begin writing (at most once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._write, name="park-digest docs writer", daemon=True)
            self._thread.start()

    def abandon(self) -> None:
        """Nothing to stop: a write not started never will be."""

    def wait(self) -> WriteReport:
        """The write's report, once it is done; its error raised here."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        ok, value = self._outcome[0]
        if not ok:
            raise value
        return value

    def _write(self) -> None:
        """Write docs and keep (True, report), or (False, the error) for wait()."""
        try:
            report = write_docs(self.docs, self.files)
            self.done(report)
            self._outcome.append((True, report))
        except BaseException as err:  # raised again by wait(), in the caller
            self._outcome.append((False, err))
        finally:
            self.files = {}  # written: the pages need not be held for this any longer
