"""The search copy of an article page: its words as the generator segments them, for Pagefind.

Pagefind's own Chinese segmentation cuts 5G into 5 and G and 高新技术企业 into
高新, 技术, 企业, while the browser cuts a query otherwise (高, 新, 技术, 企业): a
term never matched as typed. The article pages therefore carry a hidden copy of
their text, cut by jieba with the dictionary of parks and domain terms and
space-separated, and the site is indexed as a language Pagefind does not
segment (settings.PAGEFIND_LANGUAGE): the words of the index are these words,
and find/ cuts a query with the same dictionary.
"""
from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from typing import Any

from ..extract.terms import user_dictionary
from ..knowledge.files import rjieba_tokenizer
from ..knowledge.gazetteer import Gazetteer
from ..model import Article


# Material's search cuts a Chinese query into the longest words of its index that start
# each part of it, but never lets a word end on the query's last character: 知识产权
# becomes 知识* 产* (any word that starts with 知识 or with 产) unless its index holds the
# word 知识产, when it becomes 知识产* (知识产权 and little else). So every page lists,
# in a hidden section, each term it holds less its last character (PREFIX_MIN_CHARS and
# longer), and Material's jieba dictionary keeps those prefixes whole (search_dictionary).
PREFIX_MIN_CHARS = 3
PREFIX_FREQUENCY = 100   # whole where it stands alone; never wins over the term in running text


@dataclass(frozen=True)
class SearchCopy:
    """An article's words for the search index: the headline, one line per block, and its terms' prefixes."""

    title: str
    lines: tuple[str, ...]
    prefixes: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4)
def segmenter(gazetteer: Gazetteer) -> tuple[Any, frozenset[str]]:
    """A private rjieba tokenizer that keeps every park name and domain term whole, and those terms."""
    tokenizer = rjieba_tokenizer()
    terms = set()
    for line in user_dictionary(gazetteer).splitlines():
        word, freq, pos = line.split()
        tokenizer.add_word(word, int(freq), pos)
        terms.add(word)
    return tokenizer, frozenset(terms)


def search_dictionary(gazetteer: Gazetteer) -> str:
    """The jieba user dictionary of Material's search: parks and terms, and the prefixes of the longer ones."""
    text = user_dictionary(gazetteer)
    words = {line.split()[0] for line in text.splitlines()}
    prefixes = sorted({w[:-1] for w in words if len(w) >= PREFIX_MIN_CHARS} - words)
    return text + "".join(f"{p} {PREFIX_FREQUENCY} n\n" for p in prefixes)


def search_copy(article: Article, gazetteer: Gazetteer) -> SearchCopy:
    """The words of an article's headline, kicker, subtitle, byline and body for the search index."""
    tokenizer, terms = segmenter(gazetteer)
    d = article.draft
    head = [d.kicker, d.subtitle, "、".join((*d.byline.authors, *d.byline.photographers))]
    texts = (article.title, *head, *(b.text for b in d.body))
    words = [tokenizer.cut(t, True) for t in texts]
    lines = tuple(" ".join(html.escape(w, quote=False) for w in ws if w.strip()) for ws in words)
    prefixes = sorted({w[:-1] for ws in words for w in ws if w in terms and len(w) >= PREFIX_MIN_CHARS})
    return SearchCopy(lines[0], tuple(line for line in lines[1:] if line), tuple(prefixes))
