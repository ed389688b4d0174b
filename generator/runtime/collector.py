"""When Python's cyclic garbage collector runs during a generator run.

A run makes a few million objects (articles, their blocks and tokens) that live
until it ends and form no reference cycles. With CPython's default threshold the
collector runs every 700 new objects and walks the young ones, and now and then
all of them: hundreds of collections, a fifth of a second of the main process at
1,000 articles, for no garbage. And in a forked renderer, a collection walking
the objects it inherited writes to every page of them, which the kernel then
copies (copy-on-write), as the gc module's documentation warns.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

YOUNG_THRESHOLD = 100_000   # new objects between two collections of the youngest generation (CPython: 700)


@contextmanager
def fewer_collections(young: int = YOUNG_THRESHOLD) -> Iterator[None]:
    """Collect less often inside the block; the thresholds are as before after it.

    >>> before = gc.get_threshold()
    >>> with fewer_collections(50_000):
    ...     gc.get_threshold()[0] >= 50_000
    True
    >>> gc.get_threshold() == before
    True
    """
    old = gc.get_threshold()
    gc.set_threshold(max(young, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Processes forked inside the block never collect (and so never copy) the objects they inherit.

    gc.freeze() moves every object to a generation no collection walks; the
    children keep that, this process is back to normal after the block.

    >>> with frozen_for_fork():
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
