"""Character classes and small measurements of Chinese text shared by every stage."""
from __future__ import annotations

import operator
import re
import unicodedata

# CJK ideographs (Extension A and the basic block) plus compatibility ideographs.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
_CJK_RUN = re.compile(f"[{CJK}]+")
# Full-width punctuation used in Chinese prose.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—·～"
# A sentence (and so possibly a paragraph) is over after one of these.
TERMINALS = "。！？…"
CLOSERS = "”’）》」』】"
TERMINATED_RE = re.compile(f"[{TERMINALS}][{CLOSERS}]*$|[.!?][{CLOSERS}\"']*$")
OPEN_CLOSE = {"“": "”", "《": "》", "（": "）", "(": ")", "【": "】", "「": "」", "‘": "’"}
_OPENER = {closer: opener for opener, closer in OPEN_CLOSE.items()}
_BRACKETS = re.compile("[" + re.escape("".join(OPEN_CLOSE) + "".join(OPEN_CLOSE.values())) + "]")


def is_cjk(ch: str) -> bool:
    """True for a Chinese ideograph.

    >>> is_cjk("中"), is_cjk("a"), is_cjk("，")
    (True, False, False)
    """
    return bool(CJK_RE.match(ch))


def cjk_count(text: str) -> int:
    """Number of Chinese ideographs in text.

    >>> cjk_count("高新区 2020 年")
    4
    """
    return len(CJK_RE.findall(text))


def width(text: str) -> int:
    """Display width: wide and full-width characters (Chinese) count 2, others 1.

    >>> width("高新 AI")
    7
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_terminated(text: str) -> bool:
    """True when text ends a sentence (so a paragraph may end there).

    >>> is_terminated("发展。"), is_terminated("他说：“好。”"), is_terminated("创新中心")
    (True, True, False)
    """
    # The same as TERMINATED_RE.search(text.rstrip()), without trying the pattern at every position.
    text = text.rstrip()
    core = text.rstrip(CLOSERS)
    if core and core[-1] in TERMINALS:
        return True
    core = core.rstrip(CLOSERS + "\"'")
    return bool(core) and core[-1] in ".!?"


def unbalanced(text: str) -> bool:
    """True when a bracket or quote opened in text is not closed (the text runs on).

    >>> unbalanced("出台了《衡阳高新"), unbalanced("“栽好梧桐树”")
    (True, False)
    """
    return _brackets(text)[0]


def unopened(text: str) -> bool:
    """True when text closes a bracket or quote it did not open (it goes on from the line before).

    >>> unopened("者郭海方）"), unopened("（记者郭海方）"), unopened("“栽好梧桐树”")
    (True, False, False)
    """
    return _brackets(text)[1]


def _brackets(text: str) -> tuple[bool, bool]:
    """(a bracket or quote is left open, one is closed that was not opened) in text."""
    if not _BRACKETS.search(text):
        return False, False
    depth = dict.fromkeys(OPEN_CLOSE, 0)
    closed_unopened = False
    for ch in _BRACKETS.findall(text):
        if ch in depth:
            depth[ch] += 1
        elif depth[_OPENER[ch]] > 0:
            depth[_OPENER[ch]] -= 1
        else:
            closed_unopened = True
    return any(v > 0 for v in depth.values()), closed_unopened


def cjk_bigrams(text: str) -> set[str]:
    """The set of adjacent pairs of Chinese characters in text.

    >>> sorted(cjk_bigrams("高新区，园"))
    ['新区', '高新']
    """
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(map(operator.add, run, run[1:]))
    return out
