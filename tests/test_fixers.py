"""Cleaning fixers: data-file cases, idempotence, and never losing Chinese text."""
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean import HEADING_FIXERS, PARAGRAPH_FIXERS, clean_paragraph, fixers
from generator.textutil import cjk_count, width

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "fixers.yml").read_text(encoding="utf-8"))
PARAMS = [(name, src, want) for name, cases in CASES.items() for src, want in cases]


@pytest.mark.parametrize("name,src,want", PARAMS, ids=[f"{n}:{s[:12]}" for n, s, _ in PARAMS])
def test_fixer_case(name, src, want):
    fix = getattr(fixers, name)
    assert fix(src) == want
    assert fix(fix(src)) == fix(src), "fixers must be idempotent"


def test_every_listed_fixer_has_cases():
    for fix in set(PARAGRAPH_FIXERS) | set(HEADING_FIXERS):
        assert fix.__name__ in CASES, f"{fix.__name__} has no cases in tests/cases/fixers.yml"
        assert fix.__doc__, f"{fix.__name__} has no docstring"


chinese_text = st.text(alphabet=st.sampled_from(list("高新区企业发展创新，。、；：！？“”（） ▶■ab12,.;:!?()\n\u3000ＡＢ１")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(chinese_text)
def test_fixers_never_raise_and_are_idempotent(text):
    for fix in set(PARAGRAPH_FIXERS) | set(HEADING_FIXERS):
        once = fix(text)
        assert fix(once) == once, fix.__name__


@settings(max_examples=300, deadline=None)
@given(chinese_text)
def test_paragraph_cleaning_keeps_every_chinese_character(text):
    assert cjk_count(clean_paragraph(text)) == cjk_count(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("高新区，。“”（）《》ＧＤＰ１０％ AZaz09,.()　\u00a0\u2003·—…─ｶ한\U0001F600\U00020000"),
               max_size=40) | st.text(max_size=40))
def test_width_counts_wide_and_fullwidth_characters_twice(text):
    """width agrees with unicodedata's East Asian Width, character by character."""
    import unicodedata
    assert width(text) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
