"""Layout stage, second half: join classified lines into blocks.

Body text lines are joined into paragraphs where the text (not the line end)
says a paragraph ends; credits wedged inside a paragraph go after it; runs of
heading lines become heading groups that segment.py then reads.
"""
from __future__ import annotations

from dataclasses import replace

from .bylines import split_tail_byline, starts_with_dateline
from .headings import classify
from .lines import (FULL_LINE, SHORT_LINE, WIDE_COLUMN, Line, is_jump, next_non_credit, shorter_than_column,
                    drop_duplicated_tails, page_lines)
from ..model import Block, Byline
from ..knowledge.files import pattern
from ..textutil import is_terminated


def _join(a: str, b: str) -> str:
    """Join two wrapped lines: no space in Chinese, one space between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def blocks_of(lines: list[Line]) -> list[Block]:
    """Join classified lines into blocks in page order."""
    blocks: list[Block] = []
    para: list[Line] = []
    deferred: list[Block] = []   # credits wedged inside a paragraph go after it

    def flush() -> None:
        if para:
            blocks.extend(_paragraph_blocks(para))
            para.clear()
        blocks.extend(deferred)
        deferred.clear()

    for k, line in enumerate(lines):
        if line.kind == "credit" and is_jump(line.text):
            flush()   # （下转02版）: the text above goes on elsewhere; what follows is another article's
            blocks.append(Block("jump", line.text, line.no))
            continue
        if line.kind == "credit":
            block = Block("credit", line.text, line.no, byline=line.byline or Byline())
            (deferred.append(block) if para else blocks.append(block))
            continue
        if line.kind != "text":
            flush()
            if line.kind == "byline":
                blocks.append(Block("byline", line.text, line.no, byline=line.byline))
            else:
                blocks.append(Block("heading", line.text, line.no, level=line.level,
                                    doubled=line.doubled, wrapped=0 < line.col < WIDE_COLUMN and not _set_apart(line),
                                    opens=line.opens_block))
            continue
        if para and line.dateline:
            flush()
        para.append(line)
        if _paragraph_ends(line, _next_text(lines, k)):
            flush()
    flush()
    return blocks


def _set_apart(line: Line) -> bool:
    """True when a heading line of a column of full lines is short: printed as a line of its own, not wrapped."""
    return line.uniform and line.dense and shorter_than_column(line)


def _next_text(lines: list[Line], k: int) -> Line | None:
    """The next line after k, skipping credits."""
    j = next_non_credit(lines, k + 1)
    return lines[j] if j is not None else None


def _paragraph_ends(line: Line, nxt: Line | None) -> bool:
    """True when the paragraph ends after line."""
    if nxt is None or nxt.kind != "text":
        return True
    if line.text.endswith("；") and line.width < SHORT_LINE * line.col:
        return True  # a short line closing a list item
    if not is_terminated(line.text):
        return line.finished
    if line.col >= WIDE_COLUMN:
        return True
    # A full line ending a sentence, followed by another full line, is mid-paragraph:
    # the next paragraph's first line would be indented.
    full = FULL_LINE * line.col
    return not (line.width >= full and nxt.width >= full and not nxt.dateline)


def _paragraph_blocks(para: list[Line]) -> list[Block]:
    """One paragraph block, and a byline block when names trail the last sentence."""
    text = para[0].text
    for line in para[1:]:
        text = _join(text, line.text)
    text, tail = split_tail_byline(text)
    if tail is not None and tail.photographers and not tail.authors:
        # A photo's caption with its credit (…忙碌。 新华社发 秦廷富 摄): the credit ends nothing.
        return [Block("paragraph", text, para[0].no, dateline=starts_with_dateline(text), opens=para[0].opens_block,
                      byline=tail), Block("credit", "", para[-1].no, byline=tail)]
    out = [Block("paragraph", text, para[0].no, dateline=starts_with_dateline(text), opens=para[0].opens_block)]
    if tail is not None:
        out.append(Block("byline", "", para[-1].no, byline=tail))
    return out


def page_blocks(text: str) -> tuple[list[Block], bool]:
    """Blocks of a page and whether the page marks its headings (markdown)."""
    lines = page_lines(text)
    drop_duplicated_tails(lines)
    lines = [l for l in lines if l.text]
    classify(lines)
    marked = any(l.level for l in lines)
    return group_headings(blocks_of(lines), lines, marked), marked


def group_headings(blocks: list[Block], lines: list[Line], marked: bool) -> list[Block]:
    """Merge consecutive heading blocks into heading groups (one block with its lines).

    The group keeps its lines joined by newlines in text; segment decides what it is.
    A numbered line ("1 …") or a marked heading always starts a group of its own.
    """
    number = pattern("section_number_pattern")
    wide = {l.no for l in lines if l.wide}
    narrow = {l.no for l in lines if 0 < l.col < WIDE_COLUMN}
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if block.kind == "heading" and prev is not None and prev.kind == "heading" \
                and not number.match(block.text) and _same_heading(prev, block, marked, wide, narrow):
            # Lines wider than the column were printed whole: the group's lines are not wrapped.
            printed = prev.line in wide or block.line in wide or not (prev.wrapped or block.wrapped)
            out[-1] = replace(prev, text=prev.text + "\n" + block.text, doubled=prev.doubled or block.doubled,
                              wrapped=not printed, level=prev.level or block.level)
            continue
        out.append(block)
    return out


def _same_heading(prev: Block, block: Block, marked: bool, wide: set[int], narrow: set[int]) -> bool:
    """True when block continues the heading group ending with prev."""
    if block.text.startswith("——") and not prev.text.endswith("——"):
        return True   # a deck (——访…) goes with the heading above it, however wide either is
    if block.line in wide or prev.line in wide:
        # A headline across columns is complete on its line; a kicker may stand above it, a deck under it.
        return (block.line in wide) != (prev.line in wide) and "\n" not in prev.text
    if marked:
        return bool(block.level and prev.level and block.level > prev.level)
    if prev.doubled or block.doubled:
        return prev.doubled and block.doubled
    return (prev.line in narrow) == (block.line in narrow)   # both in a column, or both on lines of their own
