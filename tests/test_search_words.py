"""Search words: made from the tagging tokens in the page workers, the same as cutting each text anew."""
import dataclasses
from pathlib import Path

import pytest
import yaml

from generator.extract.terms import Tagger
from generator.extract.words import search_words
from generator.knowledge.gazetteer import load_gazetteer
from generator.pipeline import analyse
from generator.render.searchwords import article_search_words, search_html
from generator.settings import Settings

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """The articles of the seeds and of the People's Daily pages."""
    docs = tmp_path_factory.mktemp("docs")
    return [a for seeds in (ROOT / "seeds", FIXTURES / "pages")
            for a in analyse(Settings(seeds=seeds, docs=docs, cache_dir=None)).articles]


@pytest.fixture(scope="module")
def tagger():
    return Tagger(load_gazetteer())


def test_words_from_the_tagging_tokens_are_those_of_cutting_each_text(articles, tagger):
    for a in articles:
        assert a.search is not None, a.id
        fresh = search_words(a.draft.title, a.draft, tagger.tokenizer, tagger.user_pos)
        assert a.search == fresh, a.title


def test_tokens_of_another_text_are_not_taken_for_the_articles(articles, tagger):
    a = articles[0]
    other = tagger.tokens("一行\n两行\n三行\n四行\n五行\n六行\n七行\n八行\n九行\n十行\n" * 20)
    assert search_words(a.draft.title, a.draft, tagger.tokenizer, tagger.user_pos, other) == a.search


def test_an_edited_headline_is_searched_as_edited(articles):
    a = next(a for a in articles if a.draft.body)
    edited = dataclasses.replace(a, title_override="衡阳高新区知识产权保护中心揭牌")
    words = article_search_words(edited, load_gazetteer(), pagefind=True)
    assert words["lines"][0] == "衡阳高新区 知识产权 保护 中心 揭牌"
    assert words["lines"][1:] == article_search_words(a, load_gazetteer(), pagefind=True)["lines"][1:]


def test_only_a_site_built_for_pagefind_carries_the_pagefind_copy(articles):
    a = max(articles, key=lambda a: len(a.search.parts))
    meta = {"title": a.title, "date": a.date, "park": a.park}
    plain = search_html({**meta, "search_words": article_search_words(a, load_gazetteer())})
    for_pagefind = search_html({**meta, "search_words": article_search_words(a, load_gazetteer(), pagefind=True)})
    assert "data-pagefind-body" not in plain and 'id="pd-search-terms"' in plain
    assert "data-pagefind-body" in for_pagefind and for_pagefind.endswith(plain)


def test_search_words_keep_in_front_matter_as_strings(articles):
    a = max(articles, key=lambda a: len(a.search.parts))
    words = article_search_words(a, load_gazetteer())
    assert set(words) == {"prefixes", "parts"} and all(isinstance(v, str) for v in words.values())
    assert yaml.safe_load(yaml.safe_dump(words, allow_unicode=True)) == words
