"""Pure, idempotent ``str -> str`` fixers for text extracted from newspaper pages.

Each fixer does one thing and has doctests; ``tests/cases/fixers.yml`` holds
more cases. They never NFKC whole Chinese text: only full-width ASCII letters
and digits are folded to half-width.
"""
from __future__ import annotations

import re

from ..textutil import CJK, CJK_PUNCT

LAYOUT_MARKS = "▶►▷■□●○◆◇★☆▲△▼▽◎※♦◀◁➤➢"
_MARKS_RE = re.compile(f"[{LAYOUT_MARKS}]+\\s*")
# Full-width letters and digits to ASCII, odd spaces to a plain space: one character for one.
_FOLD_TABLE = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)} \
    | {ord(c): " " for c in "\u3000\u00a0\t"} | {c: " " for c in range(0x2002, 0x200B)}
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD_TABLE)) + "]")
# Ideographs, full-width punctuation and digits: what may be glued in Chinese prose.
_TIGHT = f"{CJK}{CJK_PUNCT}"
_TIGHT_RUN = re.compile(f"[{_TIGHT}]+")
_IDEOGRAPH = re.compile(f"[{CJK}]")
_SPACES = re.compile(" {2,}")
# A URL starts at the first letter of a run of scheme characters. Matching only from the
# start of the run, without backtracking, keeps this linear on long lines of Latin text.
_URL_RE = re.compile(r"(?<![a-zA-Z0-9+.-])([0-9+.-]*)([a-zA-Z][a-zA-Z0-9+.-]*://\S+)|www\.\S+")
# Each pass converts the next mark along a run of marks (::), so passes are capped: real runs
# are a few marks long; a run of more than this many (hostile input) is left partly converted.
_MAX_PASSES = 32
_SPACE_BY_TIGHT = re.compile(f" +(?=[{_TIGHT}])|(?<=[{_TIGHT}]) +")
_HALF_PUNCT = re.compile(r"[,;:?!()]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# Doubled display type is a headline: longer lines are never undoubled (the search is quadratic).
MAX_DOUBLED_CHARS = 200


def drop_layout_marks(text: str) -> str:
    """Remove layout marks (``▶``, ``■`` …) the page used to flag bylines or items.

    >>> drop_layout_marks("▶▶ 本报特约通讯员 杨婷")
    '本报特约通讯员 杨婷'
    >>> drop_layout_marks("■文/谢小青")
    '文/谢小青'
    """
    return _MARKS_RE.sub("", text)


def fold_fullwidth_alnum(text: str) -> str:
    """Full-width ASCII letters and digits to half-width, odd spaces to plain spaces.

    >>> fold_fullwidth_alnum("ＧＤＰ增长１０％")
    'GDP增长10％'
    """
    # Most lines have nothing to fold; finding that out is much cheaper than translating.
    return text.translate(_FOLD_TABLE) if _FOLDABLE.search(text) else text


def _doubled_runs(text: str) -> list[str] | None:
    """Split text into runs each printed twice in a row, or None if it does not split so."""
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 2, -1, -1):
        for k in range(1, (n - i) // 2 + 1):
            rest = best[i + 2 * k]
            if rest is not None and text[i:i + k] == text[i + k:i + 2 * k]:
                best[i] = [text[i:i + k]] + rest
                break
    return best[0]


def undouble_glyphs(text: str) -> str:
    """Collapse a line whose every run of glyphs was extracted twice.

    PDF text layers of bold or shadowed headlines repeat each run:

    >>> undouble_glyphs("衡阳高新区衡阳高新区““高企高企””竞速发展新赛道竞速发展新赛道")
    '衡阳高新区“高企”竞速发展新赛道'
    >>> undouble_glyphs("▶▶ 杨婷")
    '▶▶ 杨婷'
    >>> undouble_glyphs("研究研究问题")
    '研究研究问题'
    """
    stripped = text.strip()
    # A doubled line is twice its runs, so of even length.
    if not 8 <= len(stripped) <= MAX_DOUBLED_CHARS or len(stripped) % 2:
        return text
    # Every glyph of a doubled line occurs an even number of times, so its sorted glyphs
    # pair up: a cheap test that spares the search on almost every line.
    ordered = sorted(stripped)
    if ordered[0::2] != ordered[1::2]:
        return text
    runs = _doubled_runs(stripped)
    if not runs or max(len(r) for r in runs) < 2:
        return text
    single = "".join(runs)
    # Only undo it once: a result that is itself doubled was a genuine repetition.
    if _doubled_runs(single) is not None:
        return text
    return single


def join_spaced_out_chars(text: str) -> str:
    """Remove the spaces justification put between single Chinese characters.

    A space goes when a lone glyph stands on either side of it (``不 利 影``),
    or when full-width punctuation touches it; a space between two words stays.

    >>> join_spaced_out_chars("抵御疫情的不 利 影 响 ，保 持")
    '抵御疫情的不利影响，保持'
    >>> join_spaced_out_chars("近期 ，总投资")
    '近期，总投资'
    >>> join_spaced_out_chars("杨凌示范区印发 加快数字乡村发展"), join_spaced_out_chars("签约项目10个 总投资158亿元")
    ('杨凌示范区印发 加快数字乡村发展', '签约项目10个 总投资158亿元')
    >>> join_spaced_out_chars("本报记者  靳  博高， 高")  # glue made in one place can make another glyph lone
    '本报记者靳博高，高'
    """
    # Repeated to a fixed point, so the fixer is idempotent; every pass only removes
    # spaces, so it ends, mostly after one pass.
    while (joined := _join_spaced_once(text)) != text:
        text = joined
    return text


def _join_spaced_once(text: str) -> str:
    """One left-to-right pass of join_spaced_out_chars."""
    if " " not in text:  # most lines of Chinese text: nothing to join
        return text
    tokens = _SPACES.sub(" ", text).split(" ")
    if len(tokens) < 2:
        return text
    out = tokens[0]
    # The run of glyphs ending out is tracked as it grows (searching ``[…]+$`` over all
    # of out again for every token is quadratic on long lines): where it starts, and
    # where its first and last ideographs are.
    run = _tail_run(out, 0, None)
    for tok in tokens[1:]:
        if not tok or not out:
            out += " " + tok
            run = _tail_run(out, len(out) - len(tok), None)
            continue
        right = _TIGHT_RUN.match(tok)
        # Closing/inner punctuation never takes a space before it, opening never after.
        by_punct = tok[0] in "，。、；：？！）》”’" or out[-1] in "，。、；：？！（《“‘"
        glue = by_punct or (run[0] < len(out) and right and (_lone_tail(out, run) or _lone(right.group())))
        if glue:
            out += tok
            run = _tail_run(out, len(out) - len(tok), run)
        else:
            out += " " + tok
            run = _tail_run(out, len(out) - len(tok), None)
    return out


def _tail_run(out: str, base: int, before: tuple[int, int, int] | None) -> tuple[int, int, int]:
    """(start, first ideograph, last ideograph) of the glyph run ending out; -1 for no ideograph.

    out[base:] was just appended; before is the run ending out[:base] when it was glued on.
    """
    added = out[base:]
    m = _TIGHT_RUN.match(added[::-1])
    k = len(m.group()) if m else 0
    first = _IDEOGRAPH.search(out, len(out) - k)
    last = _IDEOGRAPH.search(out[len(out) - k:][::-1])
    first_i = first.start() if first else -1
    last_i = len(out) - 1 - last.start() if last else -1
    if before is not None and k == len(added) and before[0] < base:
        # The whole token continues the run that ended out[:base].
        return before[0], before[1] if before[1] >= 0 else first_i, last_i if last_i >= 0 else before[2]
    return len(out) - k, first_i, last_i


def _lone_tail(out: str, run: tuple[int, int, int]) -> bool:
    """_lone of the glyph run ending out, in constant time from its tracked positions."""
    start, first, last = run
    if first < 0:
        return True  # punctuation only
    if first == last == start and start > 0 and out[start - 1].isascii() and out[start - 1].isalnum():
        return False  # a glyph glued to a number or a Latin word (10个, 5G网) ends a word: it is not set apart
    return first + 1 == len(out) or out[first + 1] in CJK_PUNCT or last == start or out[last - 1] in CJK_PUNCT


def _lone(run: str) -> bool:
    """True when a run of Chinese glyphs holds a single ideograph between punctuation."""
    words = [w for w in re.split(f"[{CJK_PUNCT}]", run) if w]
    return any(len(w) == 1 for w in (words[:1] + words[-1:])) or not words


def remove_spaces_in_chinese(text: str) -> str:
    """In body text, drop spaces next to a Chinese character or punctuation mark.

    Spaces between Latin words and between numbers stay.

    >>> remove_spaces_in_chinese("区 2020 年新增 47 家，R&D 经费")
    '区2020年新增47家，R&D经费'
    >>> remove_spaces_in_chinese("Wi-Fi module WZDF25 上市")
    'Wi-Fi module WZDF25上市'
    """
    if " " not in text:  # most paragraphs of Chinese text: no space to look at
        return text
    return _SPACE_BY_TIGHT.sub("", text)


def fullwidth_punctuation(text: str) -> str:
    """Half-width ``,;:?!()`` beside Chinese become full-width; numbers and URLs stay.

    >>> fullwidth_punctuation("前不久,该企业中标;中国(安徽)自贸区")
    '前不久，该企业中标；中国（安徽）自贸区'
    >>> fullwidth_punctuation("真棒! 15天落地")
    '真棒！15天落地'
    >>> fullwidth_punctuation("1,000 台, 3.5% 见 https://a.cn/x?q=1")
    '1,000 台，3.5% 见 https://a.cn/x?q=1'
    >>> fullwidth_punctuation("((安徽))")
    '（（安徽））'
    """
    if not _HALF_PUNCT.search(text):  # most paragraphs: no half-width mark to convert
        return text

    def paren(m: re.Match) -> str:
        inner = m.group(1)
        return f"（{inner}）" if re.search(f"[{CJK}]", inner + m.string[max(0, m.start() - 1):m.start()]) else m.group()

    protected: list[str] = []

    def protect(m: re.Match) -> str:
        protected.append(m.group(2) or m.group())
        return (m.group(1) or "") + f"\x00{len(protected) - 1}\x00"

    text = _URL_RE.sub(protect, text)
    cjk = f"[{CJK}{CJK_PUNCT}]"
    # A converted mark can make its neighbour convertible (::, nested brackets), so repeat until stable.
    before = None
    for _ in range(_MAX_PASSES):
        if before == text:
            break
        before = text
        text = re.sub(r"\(([^()\x00]*)\)", paren, text)
        text = re.sub(f"(?<={cjk})[,;:?!] ?|[,;:?!] ?(?={cjk})|(?<={cjk}) +[,;:?!] ?",
                      lambda m: _HALF_TO_FULL[m.group().strip()], text)
    return re.sub("\x00(\\d+)\x00", lambda m: protected[int(m.group(1))], text)


def collapse_whitespace(text: str) -> str:
    """One line, single spaces, no spaces at the ends.

    >>> collapse_whitespace("  a \\n  b  ")
    'a b'
    """
    return re.sub(r"\s+", " ", text).strip()
