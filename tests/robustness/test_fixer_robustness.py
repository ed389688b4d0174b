"""Cleaning fixers and layout on hostile text: never raise, idempotent, keep Chinese, bounded time.

tests/test_fixers.py covers the fixer lists on short Chinese text; here the alphabet
adds what real exports and hostile pages hold (URLs, Markdown, odd spaces, doubled
runs), each fixer is checked on its own, and long lines must stay fast.
"""
import time
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean import clean_heading, clean_paragraph, fixers
from generator.blocks import page_blocks
from generator.layout import Line, drop_duplicated_tails
from generator.textutil import CJK_RE

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


# --- bounded time on long lines -----------------------------------------------------------

LONG = 200_000
LONG_LINES = {
    "plain Chinese": ("高新区企业发展创新" * LONG)[:LONG],
    "prose": ("衡阳高新区创新中心已吸引入驻企业306家，现有头部企业20余家。" * LONG)[:LONG],
    "letter-spaced": "高 " * (LONG // 2),
    "Latin without spaces": "x" * LONG,
    "runs and spaces": ("高" * 1000 + "a" + " 高" * 1000) * (LONG // 3001),
    "doubled glyphs": "高高新新区区" * (LONG // 6),
    "half-width marks": "高" + ":" * LONG,
    "URL-like": "a1" * (LONG // 2) + "://x",
    "spaces": "高" + " " * LONG + "区",
}


@pytest.mark.parametrize("name", LONG_LINES)
def test_each_fixer_is_fast_on_a_200000_character_line(name):
    text = LONG_LINES[name]
    for fix in ALL_FIXERS:
        start = time.monotonic()
        fix(text)
        assert time.monotonic() - start < 2, f"{fix.__name__} on {name}"


@pytest.mark.parametrize("line", ["# " + "高新区" * 60_000, "# a" + " " * LONG + "b", "## " + "#" * LONG + " x"])
def test_markdown_heading_lines_are_parsed_in_linear_time(line):
    start = time.monotonic()
    page_blocks(line + "\n正文。\n")
    assert time.monotonic() - start < 3


def test_duplicate_tails_are_found_in_linear_time():
    lines = [Line(i, f"第{i}行，" + "高新区企业发展创新持续推进产业升级" * 3) for i in range(40_000)]
    start = time.monotonic()
    drop_duplicated_tails(lines)
    assert time.monotonic() - start < 2
    assert lines[0].text.endswith("升级") and [l.text for l in lines[1:3]] == ["第1", "第2"]


def test_a_page_of_one_long_line_is_laid_out_fast():
    start = time.monotonic()
    blocks, _ = page_blocks(LONG_LINES["prose"])
    assert time.monotonic() - start < 5
    assert len(blocks) == 1
