"""The ordered fixer lists: what is done to a paragraph and to a heading, in order."""
from __future__ import annotations

from collections.abc import Callable

from .fixers import (collapse_whitespace, drop_layout_marks, fold_fullwidth_alnum,
                     fullwidth_punctuation, join_spaced_out_chars, remove_spaces_in_chinese,
                     undouble_glyphs)

Fixer = Callable[[str], str]

# Body paragraphs: Chinese prose, where no space between Chinese characters is wanted.
PARAGRAPH_FIXERS: list[Fixer] = [
    collapse_whitespace,
    fold_fullwidth_alnum,
    drop_layout_marks,
    join_spaced_out_chars,
    fullwidth_punctuation,
    remove_spaces_in_chinese,
]

# Headlines and section heads: a single space may separate two decks, so keep it.
HEADING_FIXERS: list[Fixer] = [
    collapse_whitespace,
    fold_fullwidth_alnum,
    drop_layout_marks,
    undouble_glyphs,
    join_spaced_out_chars,
    fullwidth_punctuation,
    collapse_whitespace,   # undoubling and punctuation can leave an edge space behind
]


def apply(fixers: list[Fixer], text: str) -> str:
    """Run text through fixers in order."""
    for fix in fixers:
        text = fix(text)
    return text


def clean_paragraph(text: str) -> str:
    """A body paragraph as it should be published."""
    return apply(PARAGRAPH_FIXERS, text)


def clean_heading(text: str) -> str:
    """A headline or section head as it should be published."""
    return apply(HEADING_FIXERS, text)
