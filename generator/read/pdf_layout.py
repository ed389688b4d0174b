"""Reading order of a newspaper PDF page: the boxes of its text lines cut into column stacks.

A paper's page is built of rectangles: bands across the page, modules within a
band, columns within a module. The page is cut recursively (an XY-cut) at the
white space between them: first at a wide band of white across the whole region
(between bands and modules), else at a gutter that runs from its top to its
bottom (between columns: text flows down one, then on into the next), else at
the widest white across it (under a headline that spans the columns below it).
Photos take part in the cutting (no cut runs through one) but give no text.
What cannot be cut is one column stack, read top to bottom.
"""
from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace

BAND_GAP = 1.3      # white across a whole region at least this many body sizes high: between bands or modules
GUTTER = 0.8        # white down a whole region at least this many body sizes wide: between columns
WEAK_GAP = 0.3      # the widest white across a region, when no other cut is found, if this high (body sizes) …
WEAK_RATIO = 1.3    # … and this much higher than the usual white between its lines
HEADLINE = 1.3      # a line this many times the body size, or more, is a headline
REACH = 6.0         # the columns a headline spans start within this many body sizes under it


@dataclass(frozen=True)
class Box:
    """A piece of a text line (or a photo, with no text), in points from the page's top left corner."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    size: float = 0.0
    font: str = ""

    @property
    def figure(self) -> bool:
        return not self.text


def reading_order(boxes: list[Box], body: float) -> list[list[Box]]:
    """The text boxes in reading order, as column stacks (each read top to bottom).

    >>> col = lambda x, y: Box(x, y, x + 90, y + 10, "字", 10)
    >>> head = Box(0, 0, 200, 20, "标题", 20)
    >>> stacks = reading_order([col(110, 30), col(0, 42), col(0, 30), head, col(110, 42)], 10)
    >>> [[(b.x0, b.top) for b in stack] for stack in stacks]
    [[(0, 0)], [(0, 30), (0, 42)], [(110, 30), (110, 42)]]
    """
    stacks: list[list[Box]] = []
    _cut(_widened(boxes, body), body, stacks)
    return [s for s in ([b for b in stack if not b.figure] for stack in stacks) if s]


def _widened(boxes: list[Box], body: float) -> list[Box]:
    """Headlines widened over the columns that start under them: a short centred headline spans its module."""
    # A line or photo starts a column under a headline when nothing but what the headline already has (its byline,
    # its other columns' tops) stands between them; where two headlines could have it, the nearer module takes it.
    blocks = _headlines(boxes, body)
    claims = [list(block) for block in blocks]
    nears = [[b for b in boxes if block[0].top < b.bottom and b.top <= block[-1].bottom + REACH * body]
             for block in blocks]
    tops = {b for n in nears for b in n if b.size < HEADLINE * body}
    for box in sorted(tops, key=lambda b: (round(b.top), b.x0)):
        reach = [i for i, block in enumerate(blocks) if box in nears[i]
                 and block[-1].bottom <= box.top + 0.2 * body
                 and all(a in claims[i] for a in nears[i] if a.bottom <= box.top + 0.2 * body and _over(a, box))]
        best = min(((_affinity(claims[i], box, body), i) for i in reach), default=None)
        if best:
            claims[best[1]].append(box)
    widened = {}
    for block, claim in zip(blocks, claims):
        x0, x1 = _extent(claim, body)
        widened.update((head, replace(head, x0=x0, x1=x1)) for head in block)
    return [widened.get(b, b) for b in boxes]


def _headlines(boxes: list[Box], body: float) -> list[list[Box]]:
    """Headlines, each the lines of one (one under another, of one size)."""
    blocks: list[list[Box]] = []
    for head in sorted((b for b in boxes if b.size >= HEADLINE * body), key=lambda b: b.top):
        block = next((k for k in blocks if k[-1].size == head.size and _over(k[-1], head)
                      and 0 <= head.top - k[-1].bottom < 0.8 * head.size), None)
        if block is None:
            blocks.append([head])
        else:
            block.append(head)
    return blocks


def _affinity(claim: list[Box], box: Box, body: float) -> tuple[bool, bool, float]:
    """How near a box is to a headline's module (lowest nearest): in its width, level with a column top, distance."""
    x0, x1 = _extent(claim, body)
    level = any(abs(c.top - box.top) <= 0.3 * body and max(c.x0 - box.x1, box.x0 - c.x1) <= 4 * body
                for c in claim[1:])
    return (not (x0 < box.x1 and box.x0 < x1), not level,
            max(0.0, box.top - claim[0].bottom) + max(0.0, x0 - box.x1, box.x0 - x1))


def _extent(claim: list[Box], body: float) -> tuple[float, float]:
    """The width of a headline's module: what it has, and as much again on the other side when it is centred."""
    x0, x1, head = min(b.x0 for b in claim), max(b.x1 for b in claim), claim[0]
    if head.x0 - x0 > body and x1 - head.x1 > -body:      # set off from the module's left edge: centred
        middle = (head.x0 + head.x1) / 2
        x0, x1 = min(x0, 2 * middle - x1), max(x1, 2 * middle - x0)
    return x0, x1


def _over(a: Box, b: Box) -> bool:
    """Whether two boxes overlap left to right."""
    return a.x0 < b.x1 and b.x0 < a.x1


def _cut(boxes: list[Box], body: float, stacks: list[list[Box]]) -> None:
    """Cut boxes into regions, recursively, appending each region that cannot be cut to stacks."""
    todo = [boxes]
    while todo:
        region = todo.pop()
        parts = _split(region, body) if len(region) > 1 else None
        if parts is None:
            stacks.append(_rows(region, body))
        else:
            todo.extend(reversed(parts))


def _split(region: list[Box], body: float) -> list[list[Box]] | None:
    """The parts of a region at its cuts, in reading order; None when it is one column stack."""
    across = _gaps((b.top, b.bottom) for b in region)
    bands = [g for g in across if g[1] - g[0] >= BAND_GAP * body]
    if bands:
        return _parts(region, bands, lambda b: b.top)
    gutters = [g for g in _gaps((b.x0, b.x1) for b in region) if g[1] - g[0] >= GUTTER * body]
    if gutters:
        return _parts(region, gutters, lambda b: b.x0)
    if len(across) >= 2:
        heights = [g[1] - g[0] for g in across]
        widest = max(range(len(across)), key=lambda i: heights[i])
        if heights[widest] >= WEAK_GAP * body and heights[widest] >= WEAK_RATIO * statistics.median(heights):
            return _parts(region, [across[widest]], lambda b: b.top)
    return None


def _gaps(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """The white between spans once overlapping ones are merged, as (start, end).

    >>> _gaps([(0, 5), (3, 8), (10, 12), (20, 30)])
    [(8, 10), (12, 20)]
    """
    gaps, end = [], None
    for start, stop in sorted(spans):
        if end is not None and start > end:
            gaps.append((end, start))
        end = stop if end is None else max(end, stop)
    return gaps


def _parts(region: list[Box], cuts: list[tuple[float, float]], at) -> list[list[Box]]:
    """The region's boxes between consecutive cuts (each cut a gap along the coordinate at)."""
    parts: list[list[Box]] = [[] for _ in range(len(cuts) + 1)]
    for box in region:
        parts[sum(at(box) >= gap[1] for gap in cuts)].append(box)
    return [p for p in parts if p]


def _rows(stack: list[Box], body: float) -> list[Box]:
    """A column stack top to bottom; boxes side by side on one line, left to right."""
    rows: list[list[Box]] = []
    for box in sorted(stack, key=lambda b: b.top):
        if rows and box.top < rows[-1][0].top + 0.5 * max(body, box.size):
            rows[-1].append(box)
        else:
            rows.append([box])
    return [b for row in rows for b in sorted(row, key=lambda b: b.x0)]
