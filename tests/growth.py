"""Growth checks: the work on a bigger input grows as it should, whatever the machine and its load.

No test asserts a wall-clock limit (speed is measured in benchmarks/): on a loaded
machine any such limit fails at random. What a test checks is growth: the work on
an input `factor` times bigger must cost less than factor**(degree + 0.5) times
the work on the smaller one. For linear work (degree 1) that is half-way, on a log
scale, between linear and quadratic: at factor 8, linear work costs 8 times as
much, quadratic 64 times, and the limit is 22.6 times.

Work is measured as this process's CPU time (time.process_time: user and system
time of all its threads), which other processes' load hardly changes, unlike the
time on the clock. The two sizes are measured in turn, a few times, and the least
time of each kept; each measurement repeats the work until it has cost enough CPU
time to be measured (MIN_SAMPLE seconds at the smaller size). The check passes as
soon as the least times are in ratio: noise only ever makes a time longer, so work
of the right degree gets there within a round or two, and work of a higher degree
never does.
"""
from __future__ import annotations

import gc
import math
import time
from typing import Callable, TypeVar

T = TypeVar("T")

MIN_SAMPLE = 0.01   # CPU seconds a measurement of the smaller input costs at least
ROUNDS = 5          # measurements of each size at most


def _cpu(work: Callable[[T], object], inputs: list[T]) -> float:
    """CPU seconds that work on each of inputs in turn costs."""
    gc.collect()   # every measurement starts with the same garbage: none
    start = time.process_time()
    for x in inputs:
        work(x)
    return time.process_time() - start


def assert_growth(work: Callable[[T], object], make: Callable[[int], T], size: int, *, degree: int = 1,
                  factor: int = 8, base: int | None = None, what: str = "") -> None:
    """Fail unless work(make(factor * size)) costs less than factor**(degree + 0.5) times work(make(size)).

    make builds an input of the given size (not measured; called for every run of
    work, so work may change its input). Pick size so that the bigger input is the
    one the protected behaviour is about: a term of higher degree shows best on it.
    With base, the work on make(base) is measured too and taken off both: the fixed
    cost of a whole run, which would otherwise hide how the rest grows.
    """
    limit = factor ** (degree + 0.5)
    work(make(size))   # first-use costs (loading tables, compiling patterns) are not growth
    loops = 1
    small = _cpu(work, [make(size)])
    if small < MIN_SAMPLE:
        loops = min(10_000, math.ceil(MIN_SAMPLE / max(small, 1e-6)))
    small = big = fixed = math.inf
    for _ in range(ROUNDS):
        if base is not None:
            fixed = min(fixed, _cpu(work, [make(base) for _ in range(loops)]))
        small = min(small, _cpu(work, [make(size) for _ in range(loops)]))
        big = min(big, _cpu(work, [make(factor * size) for _ in range(loops)]))
        grown, was = (big - fixed, small - fixed) if base is not None else (big, small)
        if 0 < was and grown < limit * was:
            return
    growth = {1: "linear growth", 2: "quadratic growth"}.get(degree, f"growth of degree {degree}")
    less = f", less {fixed / loops * 1000:.1f} ms for {base:,}" if base is not None else ""
    raise AssertionError(f"{what or work.__name__}: work on {factor * size:,} costs {grown / max(was, 1e-9):.1f} times "
                         f"the work on {size:,} ({big / loops * 1000:.1f} ms against {small / loops * 1000:.1f} ms{less}), "
                         f"more than the {limit:.1f} times that {growth} stays under")


def assert_linear(work: Callable[[T], object], make: Callable[[int], T], size: int, *, factor: int = 8,
                  base: int | None = None, what: str = "") -> None:
    """assert_growth of degree 1: fails on quadratic work."""
    assert_growth(work, make, size, degree=1, factor=factor, base=base, what=what)
