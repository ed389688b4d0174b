"""Work shared among forked processes, which inherit its inputs instead of receiving them pickled."""
from __future__ import annotations

import multiprocessing
import threading
from typing import Any, Callable, TypeVar

from ..errors import DigestError
from .collector import frozen_for_fork

T = TypeVar("T")
R = TypeVar("R")


def start_forked(work: Callable[[list[T]], list[R]], items: list[T], workers: int,
                 what: str) -> Callable[[], list[R]] | None:
    """Start work on every workers-th item in a forked process each; the returned function waits and
    gives the results in item order. None where forking is unavailable or unsafe (one worker, or a
    process with other threads, such as mkdocs serve).
    """
    if workers < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    jobs = []
    with frozen_for_fork():
        for k in range(workers):
            receiver, sender = context.Pipe(duplex=False)
            # Every k-th item: each worker gets long and short ones alike.
            process = context.Process(target=_run_share, args=(sender, work, items[k::workers]), daemon=True)
            process.start()
            sender.close()
            jobs.append((receiver, process))

    def collect() -> list[R]:
        try:
            shares = [_receive(receiver, process, what) for receiver, process in jobs]
        except BaseException:
            # The others would wait forever to hand over results no one reads any more.
            for receiver, process in jobs:
                process.terminate()
                process.join()
                receiver.close()
            raise
        done: list[Any] = [None] * len(items)
        for k, share in enumerate(shares):
            done[k::workers] = share
        return done

    return collect


def _run_share(sender: Any, work: Callable[[list], list], share: list) -> None:
    """In a forked worker: do the work on its share and send the results (or the error) back."""
    try:
        sender.send((True, work(share)))
    except BaseException as err:  # sent back and raised in the parent, with its message
        sender.send((False, err))
    finally:
        sender.close()


def _receive(receiver: Any, process: Any, what: str) -> list:
    """A worker's results; its error raised here; a worker that died is an error too."""
    try:
        ok, value = receiver.recv()
    except EOFError:
        process.join()
        raise DigestError(f"a worker process {what} died (exit code {process.exitcode}; out of memory?); "
                          "nothing was written") from None
    finally:
        receiver.close()
    process.join()
    if not ok:
        raise value
    return value
