"""Layout stage, first half: a page's lines and the width of the column around each.

A line is a heading, a byline, a credit or body text. Whether a short line is
a heading is judged against the width of the column around it, so any column
width works, and pages with one paragraph per line work the same way.
``blocks.py`` then joins the classified lines into paragraphs and heading groups.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from ..clean.fixers import join_spaced_out_chars
from ..knowledge.files import markers
from ..model import Byline
from ..textutil import TERMINALS, is_terminated, width
from .bylines import split_tail_byline, starts_with_dateline

WIDE_COLUMN = 90          # display columns: wider "columns" mean one paragraph per line
SHORT_LINE = 0.7          # a line this much narrower than its column cannot be wrapped text
FULL_LINE = 0.93          # a line this wide fills its column
MIN_DUPLICATE_RUN = 30    # characters a line must share with an earlier line to be a duplicate
_MD_HEADING = re.compile(r"(#{1,6})\s+(.*)")


@dataclass(slots=True)
class Line:
    """A non-blank line of the page while it is being classified."""

    no: int
    text: str
    level: int = 0
    wide: bool = False    # a heading wider than its column: a headline of its own
    kind: str = "text"    # text, heading, byline, credit
    doubled: bool = False
    byline: Byline | None = None
    col: float = 0.0
    col_chars: float = 0.0      # the same column counted in characters
    by_chars: bool = False      # the page is wrapped by character count, not by width
    opens_block: bool = False   # first line of the page, or after a blank line where blank lines part articles
    dense: bool = False         # the page has (almost) no blank lines between its lines
    # Asked of each line by several rules: measured once, when classifying starts (measure()).
    width: int = 0              # display width, justification spaces removed
    finished: bool = False      # ends a sentence, or names after its last sentence
    dateline: bool = False      # opens with a dateline (本报讯 …)
    uniform: bool = False       # most of its text lines are exactly as long as the column


def page_lines(text: str) -> list[Line]:
    """The non-blank lines of a page with markdown heading levels parsed."""
    lines = []
    blank_before = True
    gaps = 0
    for no, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        after_blank, blank_before = blank_before, False
        gaps += after_blank and bool(lines)
        # Closing hashes are cut with rstrip: a lazy regex backtracks quadratically on long lines.
        m = _MD_HEADING.match(stripped)
        title = m.group(2).rstrip("#").rstrip() if m else ""
        if title:
            lines.append(Line(no, title, level=len(m.group(1))))
            continue
        jump = _trailing_jump(stripped)
        if jump:   # …占全部资金的50%，（下转02版）: the jump is a line of its own
            lines.append(Line(no, stripped[:-len(jump)].rstrip(), opens_block=after_blank))
        lines.append(Line(no, jump or stripped, opens_block=after_blank and not jump))
    # Blank lines part articles only where most lines have none before them.
    if sum(l.opens_block for l in lines[1:]) * 4 > len(lines):
        for line in lines[1:]:
            line.opens_block = False
    for line in lines:
        line.dense = gaps <= 1
    return lines


def _trailing_jump(text: str) -> str:
    """The jump line (（下转02版）) that ends text after some text of its own, else "".

    >>> _trailing_jump("占全部资金的50%，（下转02版）"), _trailing_jump("（下转02版）"), _trailing_jump("资金的50%。")
    ('（下转02版）', '', '')
    """
    m = jump_at_end().search(text)
    return m.group() if m and m.start() > 0 else ""


def is_jump(text: str) -> bool:
    """True when text is a jump line (（下转第二版）, （上接1版）) and nothing else."""
    return jump_at_end().fullmatch(text.strip()) is not None


@functools.lru_cache(maxsize=1)
def jump_at_end() -> re.Pattern[str]:
    """markers.yml's jump pattern, at the end of a text."""
    return re.compile(markers()["jump_pattern"] + r"\s*$")


def drop_duplicated_tails(lines: list[Line]) -> None:
    """Cut a line's tail when an earlier line ends with the same long run of text.

    PDF exports sometimes emit a block twice; a 30-character shared line ending
    is never a coincidence in prose.
    """
    # Two lines share a MIN_DUPLICATE_RUN-character ending exactly when their last
    # MIN_DUPLICATE_RUN characters are equal: index earlier lines by those (linear, not
    # quadratic, in the number of lines).
    first_with_ending: dict[str, Line] = {}
    for line in lines:
        earlier = first_with_ending.get(line.text[-MIN_DUPLICATE_RUN:]) if len(line.text) >= MIN_DUPLICATE_RUN else None
        if earlier is not None:
            n = _common_suffix(line.text, earlier.text)
            line.text = line.text[:len(line.text) - n].rstrip()
        if len(line.text) >= MIN_DUPLICATE_RUN:
            first_with_ending.setdefault(line.text[-MIN_DUPLICATE_RUN:], line)


def _common_suffix(a: str, b: str) -> int:
    """Length of the longest common suffix of a and b."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def line_width(text: str) -> int:
    """Display width of a line once justification spaces between glyphs are gone."""
    return width(join_spaced_out_chars(text))


def measure(lines: list[Line]) -> None:
    """Measure each line once: its width, whether it ends a sentence, whether it opens with a dateline."""
    for line in lines:
        line.width, line.finished, line.dateline = line_width(line.text), finished_line(line.text), starts_with_dateline(line.text)


def measure_columns(lines: list[Line], reach: int = 8) -> None:
    """Estimate the column width around each text line (75th percentile of its neighbours).

    On a page that is not hard-wrapped (most lines end a sentence) every line is a
    paragraph, and the column counts as wide.
    """
    text_idx = [i for i, l in enumerate(lines) if l.kind == "text"]
    unfinished = sum(not lines[i].finished for i in text_idx)
    if unfinished <= len(text_idx) // 2:
        for i in text_idx:
            lines[i].col = float(WIDE_COLUMN)
        return
    widths = [lines[i].width for i in text_idx]
    counts = [len(lines[i].text) for i in text_idx]
    # Wrapped by character count (full lines have as many characters, whatever their digits
    # and letters) or by width: the count that full lines clearly share more often tells.
    by_chars = _mode_share(counts) > 1.5 * _mode_share(widths)
    # Most lines the same length, paragraphs' first lines too (no indent): the column
    # breaks lines only where they are full, and only a paragraph's last line is short.
    uniform = 2 * max(_mode_share(counts), _mode_share(widths)) >= len(text_idx) and not _indented(lines, text_idx)
    for k, i in enumerate(text_idx):
        lines[i].by_chars, lines[i].uniform = by_chars, uniform
        lines[i].col = _percentile(widths[max(0, k - reach):k] + widths[k + 1:k + 1 + reach] or [widths[k]])
        lines[i].col_chars = _percentile(counts[max(0, k - reach):k] + counts[k + 1:k + 1 + reach] or [counts[k]])


def _indented(lines: list[Line], text_idx: list[int]) -> bool:
    """True when paragraphs' first lines (after a line that ends a sentence) are mostly shorter than the lines after them."""
    firsts = [(lines[i], lines[j]) for i, j in zip(text_idx, text_idx[1:])
              if i > 0 and lines[i - 1].kind == "text" and is_terminated(lines[i - 1].text) and j == i + 1]
    short = sum(len(a.text) < len(b.text) - 1 for a, b in firsts)
    return 2 * short > len(firsts)


def _mode_share(values: list[int]) -> int:
    """How many of values are the commonest value."""
    return max(Counter(values).values(), default=0)


def _percentile(values: list[int], share: float = 0.75) -> float:
    """The value share of the way up values (a column's width: most full lines reach it)."""
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(len(ordered) * share))])


_BYLINE_AFTER_SENTENCE = re.compile(f"[{TERMINALS}][”’]*\\s*[（(][^（()）]{{2,40}}[）)]$")
_NAMES_AFTER_SENTENCE = re.compile(f"[{TERMINALS}][”’]*\\s+[^\\s{TERMINALS}，][^{TERMINALS}，]{{1,23}}$")


def finished_line(text: str) -> bool:
    """True when a line ends a sentence, or ends with names after its last sentence."""
    return is_terminated(text) or (bool(_NAMES_AFTER_SENTENCE.search(text) or _BYLINE_AFTER_SENTENCE.search(text))
                                   and split_tail_byline(text)[1] is not None)


def shorter_than_column(line: Line, margin: int = 2) -> bool:
    """True when a line is shorter than its column by margin characters, counted in characters and in width.

    Both: digits and letters are narrow in one count and not in the other.
    In a column of full lines (uniform, unindented, no blank lines), such a line
    was set apart, never wrapped by the column.
    """
    return len(line.text) <= line.col_chars - margin and line.width <= line.col - 2 * margin


def next_non_credit(lines: list[Line], j: int) -> int | None:
    """Index of the first line at or after j that is not a credit."""
    while j < len(lines) and lines[j].kind == "credit":
        j += 1
    return j if j < len(lines) else None
