"""Render the site's pages on the other core while MkDocs builds them, then write docs/ there.

``park-digest build`` needs every page's path before MkDocs starts (MkDocs lists
its files first), but a page's text only when MkDocs reads that page. So a
forked process plans the site (``paths``, wanted when MkDocs lists its files),
then renders the pages in the order MkDocs reads them, handed over one at a
time as MkDocs asks for each (``take``), while MkDocs works on the earlier ones. The same process then writes docs/, once MkDocs has
listed its files (``start``), so MkDocs never sees a half-written folder.
"""
from __future__ import annotations

import multiprocessing
import pickle
import signal
import sys
import threading
from typing import Any, Callable, Iterator

from ..errors import DigestError
from ..write.docs import WriteReport

# The paths of every page, and (path, text) of each page, in the order they are wanted.
Produce = Callable[[], tuple[list[str], Iterator[tuple[str, str]]]]
Write = Callable[[dict[str, str]], WriteReport]      # writes docs/ (and records the run)


def possible() -> bool:
    """True where a process can be forked safely (not from a process with other threads)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


class RenderAlongside:
    """Pages planned and rendered by a forked process: paths(), then take(path) each page once;
    start() lets the process write docs/; wait() for that."""

    def __init__(self, produce: Produce, write: Write):
        context = multiprocessing.get_context("fork")
        self._pages, pages_out = context.Pipe(duplex=False)
        go_in, self._go = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else the child would print what is buffered here a second time
        # Handed over in a list emptied once the child has it: the parent's Process object
        # would otherwise hold the articles (through produce) for the whole build.
        job = [produce, write]
        self._process = context.Process(target=_render_then_write, args=(pages_out, go_in, job), daemon=True)
        try:
            self._process.start()
        except BaseException:
            self._pages.close()
            self._go.close()
            raise
        finally:
            job.clear()
            pages_out.close()
            go_in.close()
        self._paths: list[str] | None = None
        self._ready: dict[str, str] = {}
        self._rendered = False
        self._report: WriteReport | None = None
        self._go_sent = False
        self._writing = False
        self._error: BaseException | None = None

    @property
    def started(self) -> bool:
        """True once the process has begun writing docs/ (from what it has sent so far)."""
        self._read_sent()
        return self._writing

    def paths(self) -> list[str]:
        """The path of every page, once the process has planned the site."""
        while self._paths is None:
            self._receive()
        return self._paths

    def take(self, path: str) -> str:
        """The text of one page, waiting for it if it is still being rendered (each page is handed out once)."""
        while path not in self._ready:
            if self._rendered:
                raise DigestError(f"{path}: no such generated page, or its text was already taken")
            self._receive()
        return self._ready.pop(path)

    def start(self, write: bool = True) -> None:
        """Let the process write docs/ once it has rendered every page (write=False: end without writing)."""
        if not self._go_sent:
            self._go_sent = True
            try:
                self._go.send(write)
            except OSError:
                pass  # the process is gone; wait() says why
            self._go.close()

    def wait(self) -> WriteReport:
        """The report of the docs/ write, once done; an error of the process raised here."""
        self.start()
        while self._report is None:
            self._receive()
            self._ready.clear()  # pages MkDocs did not ask for (its build failed): not needed any more
        self._close()
        return self._report

    def abandon(self) -> None:
        """Stop the process without writing docs/ (the user interrupted the build)."""
        self.start(write=False)
        self._process.terminate()
        self._close()

    def _read_sent(self) -> None:
        """Take the messages already sent, without waiting for more (an error is kept for wait())."""
        try:
            while self._error is None and self._pages.poll():
                self._receive()
        except Exception:  # noqa: BLE001 (kept in self._error)
            pass

    def _receive(self) -> None:
        """Take the next message of the process: the paths, a page, the end of the pages, the report or an error."""
        if self._error is not None:
            raise self._error  # the process ended with it; it is not read twice
        try:
            kind, path, value = self._pages.recv()
        except (EOFError, OSError):
            self._close()
            value = DigestError(f"the process rendering the pages and writing docs/ died "
                                f"(exit code {self._process.exitcode}; out of memory?)")
            kind = "error"
        if kind == "page":
            self._ready[path] = value
        elif kind == "paths":
            self._paths = value
        elif kind == "rendered":
            self._rendered = True
        elif kind == "writing":
            self._writing = True
        elif kind == "report":
            self._report = value
        else:
            self._close()
            self._error = value
            raise value

    def _close(self) -> None:
        self._pages.close()
        self._process.join()


def _render_then_write(pages_out: Any, go_in: Any, job: list) -> None:
    """In the forked process: send every page as it is rendered; write docs/ when told to; report."""
    # Ctrl-C is the build's to handle: it ends this process (abandon) unless docs/ is being written.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    produce, write = job
    try:
        paths, pages = produce()
        pages_out.send(("paths", None, paths))
        texts: dict[str, str] = {}
        for path, text in pages:
            texts[path] = text
            pages_out.send(("page", path, text))
        pages_out.send(("rendered", None, None))
        if go_in.recv():
            pages_out.send(("writing", None, None))
            pages_out.send(("report", None, write(texts)))
    except EOFError:
        pass  # the build ended without a word: nothing to write
    except BaseException as err:  # raised again in the build, with its message
        try:
            pages_out.send(("error", None, _sendable(err)))
        except OSError:
            pass
    finally:
        pages_out.close()


def _sendable(err: BaseException) -> BaseException:
    """err, or a DigestError with its message when err cannot cross to the other process."""
    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # noqa: BLE001 (any failure to pickle or unpickle)
        return DigestError(f"{type(err).__name__}: {err}")
