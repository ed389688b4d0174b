"""An article's search words: its text cut into words by the tagging tokenizer, for both searches.

Pagefind's own Chinese segmentation cuts 5G into 5 and G and 高新技术企业 into
高新, 技术, 企业, while the browser cuts a query otherwise (高, 新, 技术, 企业): a
term never matched as typed. So each article carries its words, cut by jieba
with the dictionary of parks and domain terms, and the site's search copy
(render/searchwords.py) is made of them.

Material's search cuts a Chinese query into the longest words of its index that
start each part of it, but never lets a word end on the query's last character:
知识产权 becomes 知识* 产* unless its index holds the word 知识产, when it becomes
知识产* (知识产权 and little else). So the words also list each term the article
holds less its last character (PREFIX_MIN_CHARS and longer). And Material
matches a query word only at the start of an indexed word (大学 never finds
清华大学, one word in jieba's cut), so they list the dictionary words inside the
article's longer words too, as jieba's search mode cuts them (``parts``).

The words are cut in the page workers, which have the tokenizer loaded and have
already cut the headline and body to tag them (``Tagger.tokens``): those tokens
are reused, so the text is cut once.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from ..model import Draft, SearchWords
from ..textutil import CJK

PREFIX_MIN_CHARS = 3
PART_MIN_CHARS = 3       # a word this long may hold shorter words (jieba's search mode looks inside it)
_HAN_WORD = re.compile(f"[{CJK}]+")


def search_words(title: str, draft: Draft, tokenizer: Any, terms: frozenset[str] | dict[str, str],
                 tokens: Iterable[tuple[str, str]] | None = None) -> SearchWords:
    """The search words of an article with this title: headline, kicker, subtitle, byline and blocks as
    space-separated words (lines, the headline first), the prefixes of the longer terms among them, and
    the words inside its longer words.

    tokens, when given, are the (word, part of speech) of ``title + "\\n" + body``
    (the body's blocks joined by newlines), as the tokenizer's tag() cut them.

    >>> from rjieba import Jieba
    >>> from generator.model import Block, Byline, Draft
    >>> d = Draft("p.txt", 1, "大学城开工", "article", (Block("paragraph", "清华大学在此。", 3),), Byline(("李明",)))
    >>> search_words(d.title, d, Jieba(), frozenset({"大学城"}))
    SearchWords(lines=('大学城 开工', '李明', '清华大学 在 此 。'), prefixes=('大学',), parts=('华大', '大学', '清华'))
    """
    names = "、".join((*draft.byline.authors, *draft.byline.photographers))
    # The headline and body from the tokens, when they are the tokens of this text; else cut anew.
    head_and_body = _lines(tokens, 1 + len(draft.body)) if tokens is not None else None
    if head_and_body is None:
        head_and_body = [_words(tokenizer.cut(t, True)) for t in (title, *(b.text for b in draft.body))]
    between = [_words(tokenizer.cut(t, True)) for t in (draft.kicker, draft.subtitle, names)]
    lines = [head_and_body[0], *between, *head_and_body[1:]]
    every = {w for line in lines for w in line}
    prefixes = sorted({w[:-1] for w in every if len(w) >= PREFIX_MIN_CHARS and w in terms})
    return SearchWords(tuple(" ".join(line) for line in lines if line), tuple(prefixes),
                       tuple(inner_words(every, tokenizer)))


def _words(tokens: Iterable[str]) -> list[str]:
    """The tokens that are words (not white space)."""
    return [w for w in tokens if w.strip()]


def _lines(tokens: Iterable[tuple[str, str]], count: int) -> list[list[str]] | None:
    """The words of each line of the text tokens were cut from; None unless it had count lines.

    A token is never partly white space (jieba cuts white space apart), so the words
    are what splitting the tokens, joined by spaces, on white space leaves.

    >>> _lines([("高新区", "n"), ("\\n", "x"), ("园区", "n"), (" ", "x")], 2)
    [['高新区'], ['园区']]
    >>> _lines([("高新区", "n")], 2) is None
    True
    """
    lines = [line.split() for line in " ".join([word for word, _pos in tokens]).split("\n")]
    return lines if len(lines) == count else None


def inner_words(words: set[str], tokenizer: Any) -> list[str]:
    """The dictionary words inside the longer Chinese words of words that are not words of it themselves.

    >>> from rjieba import Jieba
    >>> inner_words({"清华大学", "大学城", "大学", "G60"}, Jieba())
    ['华大', '清华']
    """
    long = [w for w in words if len(w) >= PART_MIN_CHARS and _HAN_WORD.fullmatch(w)]
    # One call for all of them: jieba cuts each run of Chinese characters on its own.
    return sorted({p for p in tokenizer.cut_for_search(" ".join(long), True) if len(p) > 1} - words)
