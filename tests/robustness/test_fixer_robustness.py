"""Cleaning fixers and layout on hostile text: never raise, idempotent, keep Chinese, linear time.

tests/test_fixers.py covers the fixer lists on short Chinese text; here the alphabet
adds what real exports and hostile pages hold (URLs, Markdown, odd spaces, doubled
runs), each fixer is checked on its own, and the time long lines take must grow linearly.
"""
import functools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean import clean_heading, clean_paragraph, fixers
from generator.segment.blocks import page_blocks
from generator.segment.lines import Line, drop_duplicated_tails
from generator.textutil import CJK_RE
from growth import assert_linear

# The read stage removes NUL and other control characters before any fixer runs.
PIECES = list("高新区企业发展创新，。、；：！？“”‘’（）《》—…· ▶■●★ab12xyzXYZ,.;:!?()[]<>#*_|~-/\\'\"\t\u3000\u00a0\u2002"
              "ＡＢ１２") + ["https://a.cn/x?q=1,2", "www.example.com", "衡阳高新区衡阳高新区", "““高企高企””",
                              "不 利 影 响", "  ", " ,", ": :", "(安徽)", "R&D", "1,000", "3.5%", "本报记者  靳  博"]
hostile_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
ALL_FIXERS = [fixers.collapse_whitespace, fixers.fold_fullwidth_alnum, fixers.drop_layout_marks,
              fixers.undouble_glyphs, fixers.join_spaced_out_chars, fixers.fullwidth_punctuation,
              fixers.remove_spaces_in_chinese]
KEEPS_CHINESE = [f for f in ALL_FIXERS if f is not fixers.undouble_glyphs]


def chinese(text: str) -> Counter:
    return Counter(CJK_RE.findall(text))


@settings(max_examples=500, deadline=None)
@given(hostile_text)
def test_every_fixer_never_raises_and_is_idempotent(text):
    for fix in ALL_FIXERS:
        once = fix(text)
        assert isinstance(once, str)
        assert fix(once) == once, fix.__name__


@settings(max_examples=500, deadline=None)
@given(hostile_text)
def test_fixers_other_than_undoubling_keep_every_chinese_character(text):
    for fix in KEEPS_CHINESE:
        assert chinese(fix(text)) == chinese(text), fix.__name__


@settings(max_examples=500, deadline=None)
@given(hostile_text)
def test_undoubling_removes_exactly_one_copy_of_each_doubled_run(text):
    out = fixers.undouble_glyphs(text)
    if out != text:
        assert chinese(text) == chinese(out) + chinese(out)
        assert len(out) * 2 == len(text.strip())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["衡阳高新区", "“高企”", "竞速", "发展", "新赛道", "创新"]), min_size=1, max_size=6))
def test_undoubling_undoes_a_doubled_headline(runs):
    single = "".join(runs)
    doubled = "".join(r + r for r in runs)
    if len(single) >= 4 and fixers._doubled_runs(single) is None:
        assert fixers.undouble_glyphs(doubled) == single


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_cleaning_gives_one_line_and_keeps_chinese_in_paragraphs(text):
    heading = clean_heading(text)
    assert "\n" not in heading
    assert chinese(clean_paragraph(text)) == chinese(text)


# --- linear time on long lines ---------------------------------------------------------
# Growth, not speed (tests/growth.py): each check runs on lines of LONG // 8 and LONG characters.

LONG = 200_000


def repeated(unit: str, n: int) -> str:
    """unit repeated to n characters."""
    return (unit * (n // len(unit) + 1))[:n]


LONG_LINES = {   # name → a line of about n characters
    "plain Chinese": lambda n: repeated("高新区企业发展创新", n),
    "prose": lambda n: repeated("衡阳高新区创新中心已吸引入驻企业306家，现有头部企业20余家。", n),
    "letter-spaced": lambda n: "高 " * (n // 2),
    "Latin without spaces": lambda n: "x" * n,
    "runs and spaces": lambda n: ("高" * 1000 + "a" + " 高" * 1000) * (n // 3001),
    "doubled glyphs": lambda n: "高高新新区区" * (n // 6),
    "half-width marks": lambda n: "高" + ":" * n,
    "URL-like": lambda n: "a1" * (n // 2) + "://x",
    "spaces": lambda n: "高" + " " * n + "区",
}


@pytest.mark.parametrize("fix", ALL_FIXERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", LONG_LINES)
def test_each_fixer_takes_linear_time_on_a_long_line(name, fix):
    line = functools.lru_cache(LONG_LINES[name])   # the same string for every run: building it is not the work
    assert_linear(fix, line, LONG // 8, what=f"{fix.__name__} on {name}")


HEADING_LINES = {
    "Chinese": lambda n: "# " + repeated("高新区", n),
    "spaces": lambda n: "# a" + " " * n + "b",
    "hashes": lambda n: "## " + "#" * n + " x",
}


@pytest.mark.parametrize("name", HEADING_LINES)
def test_markdown_heading_lines_are_parsed_in_linear_time(name):
    page = functools.lru_cache(lambda n: HEADING_LINES[name](n) + "\n正文。\n")
    assert_linear(page_blocks, page, LONG // 8, what=f"a heading of {name}")


def numbered_lines(n: int) -> list[Line]:
    """n lines, each ending in the same tail (the layout's doubled-tail case)."""
    return [Line(i, f"第{i}行，" + "高新区企业发展创新持续推进产业升级" * 3) for i in range(n)]


def test_duplicate_tails_are_found_in_linear_time():
    lines = numbered_lines(40_000)
    drop_duplicated_tails(lines)
    assert lines[0].text.endswith("升级") and [l.text for l in lines[1:3]] == ["第1", "第2"]
    assert_linear(drop_duplicated_tails, numbered_lines, 40_000 // 8)


def test_a_page_of_one_long_line_is_laid_out_in_linear_time():
    blocks, _ = page_blocks(LONG_LINES["prose"](LONG))
    assert len(blocks) == 1
    assert_linear(page_blocks, functools.lru_cache(LONG_LINES["prose"]), LONG // 8, what="a page of one line")
