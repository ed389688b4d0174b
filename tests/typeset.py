"""Typesetting, the inverse of the layout stage: print text as a hard-wrapped column.

Tests and benchmarks use it to lay the seed articles out again at other column
widths, as a PDF text layer would give them.
"""
from __future__ import annotations

import re

NO_LINE_START = "，。、；：！？”’）》…"   # kinsoku: marks a line may not begin with


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap a paragraph by display width, first line indented by two characters.

    Latin words and numbers stay whole, and no line starts with closing punctuation.

    >>> wrap("高新区新增企业47家，同比增长。", 6)
    ['高新区新', '增企业47家，', '同比增长。']
    """
    lines: list[str] = []
    line, room = "", 2 * (width - 2)
    for token in re.findall(r"[A-Za-z0-9.%+-]+|.", text):
        w = sum(2 if ord(ch) > 0x2000 else 1 for ch in token)
        if line and w > room and token[0] not in NO_LINE_START:
            lines.append(line)
            line, room = "", 2 * width
        line += token
        room -= w
    return lines + [line] if line else lines
