"""Tags that help a reader find related articles: real terms, synonyms merged, no park places, 3–8 each."""
import dataclasses
import html
import re
from collections import Counter
from pathlib import Path

import markdown
import pytest
import yaml

from generator.extract.tags import real_tags
from generator.extract.terms import MAX_TAGS, Tagger, park_places, synonyms, tag_dictionary
from generator.group.tags import tag_anchors
from generator.knowledge.gazetteer import load_gazetteer
from generator.model import Neighbours
from generator.pipeline import analyse
from generator.render.environment import environment
from generator.render.site import render_article, tag_groups
from generator.settings import Settings

ANCHOR_CASES = yaml.safe_load((Path(__file__).parent / "cases" / "tag_anchors.yml").read_text(encoding="utf-8"))
URL_SAFE = re.compile(r"tag-[a-z0-9]+(-[a-z0-9]+)*(--[0-9]+)?")


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    from conftest import ROOT

    docs = tmp_path_factory.mktemp("docs")
    return analyse(Settings(seeds=ROOT / "seeds", docs=docs, cache_dir=None)).articles


def test_every_tag_is_a_real_term(articles):
    dictionary = tag_dictionary()
    used = Counter(t for a in articles for t in a.tags)
    lonely = [t for t, n in used.items() if n == 1 and t not in dictionary]
    # A tag of one article alone is a dictionary term; any other word needs two articles
    # proposing it. A few are not: proposed by two but kept by one (the others had eight
    # better), or the top-up of an article with fewer than three real terms.
    assert len(lonely) <= len(used) // 6, lonely
    assert all(len(a.tags) <= MAX_TAGS for a in articles)
    assert all(len(a.tags) >= 3 for a in articles)


def test_synonyms_merge_into_the_canonical_form(articles):
    table = synonyms()
    assert table["高企"] == "高新技术企业"
    tags = {t for a in articles for t in a.tags}
    assert "高新技术企业" in tags and not tags & set(table)


def test_places_that_are_parks_are_not_tags(articles):
    places = park_places(load_gazetteer())
    assert {"衡阳", "贵阳", "湖南"} <= places
    assert not {t for a in articles for t in a.tags} & places


def test_a_word_proposed_once_is_dropped_unless_it_is_a_term(articles):
    tagger = Tagger(load_gazetteer())
    proposed = tagger.tags("贵阳高新区的孵化器里，企业比学赶超，低浓度瓦斯发电项目投产。" * 3)
    assert "孵化器" in proposed and "贵阳" not in proposed
    a = dataclasses.replace(articles[0], tags=("智美", "孵化器", "园区", "瓦斯", "锅炉", "产业链"))
    b = dataclasses.replace(articles[1], tags=("瓦斯", "比学", "煤层"))
    # 孵化器 and 产业链 are terms, 瓦斯 is proposed by two articles, the others by one: b, left
    # with one real term, is topped up with its best others.
    assert [x.tags for x in real_tags([a, b])] == [("孵化器", "瓦斯", "产业链"), ("瓦斯", "比学", "煤层")]


def test_the_tags_listing_is_grouped_by_pinyin_initial(articles):
    groups = tag_groups(articles)
    initials = [letter for letter, _ in groups]
    assert initials == sorted(initials) and all(len(i) == 1 for i in initials)
    from generator.knowledge.pinyin import pinyin

    for letter, tags in groups:
        spelled = [tuple(pinyin().lazy_pinyin(t)) for t, _ in tags]
        assert spelled == sorted(spelled), (letter, spelled)   # syllable by syllable: da before dang
        assert all(s[0][:1].upper() == letter for s in spelled)


@pytest.mark.parametrize("case", ANCHOR_CASES, ids=[c["why"][:40] for c in ANCHOR_CASES])
def test_tag_anchor_cases(case):
    assert tag_anchors(case["tags"]) == case["anchors"]


def test_tag_anchors_are_unique_url_safe_and_kept_when_tags_are_added(articles):
    tags = [t for a in articles for t in a.tags]
    anchors = tag_anchors(tags)
    assert len(set(anchors.values())) == len(anchors) == len(set(tags))
    assert all(URL_SAFE.fullmatch(x) for x in anchors.values()), anchors
    assert tag_anchors(reversed(tags)) == anchors
    # New tags spelled like none of these leave every anchor as it was: links to them keep working.
    new = [t for t in ("共享单车", "5G", "元宇宙") if t not in anchors]
    assert not set(tag_anchors(new).values()) & set(anchors.values())
    grown = tag_anchors(tags + new)
    assert {t: grown[t] for t in anchors} == anchors


def test_tag_chips_show_the_tags_as_written_and_link_to_their_anchors(articles):
    """An article's tag chips: the tag's text (HTML and Markdown in it escaped), linked to its anchor."""
    a = dataclasses.replace(articles[0], tags=("<b>粗</b>", "[链](javascript:x)", "高新技术企业", "a{: #x }"))
    anchors = tag_anchors(a.tags)
    near = Neighbours(tag_links=tuple((t, anchors[t]) for t in a.tags))
    page = render_article(environment(Path(__file__).parent.parent / "site_templates"), a, load_gazetteer(), (), near)
    (box,) = re.findall(r"<div data-search-exclude markdown>\n\n!!! pd-tag-links .*?</div>", page, re.S)
    shown = markdown.markdown(box, extensions=["admonition", "attr_list", "md_in_html"])
    chips = re.findall(r'<a class="md-tag" href="([^"]*)">(.*?)</a>', shown)
    assert [(href, html.unescape(text)) for href, text in chips] == [(f"../tags.md#{anchors[t]}", t) for t in a.tags]
    assert "<b>" not in shown and shown.count("<a ") == len(a.tags)


def test_synonyms_file_is_well_formed():
    from generator.knowledge.files import data_text

    table = yaml.safe_load(data_text("synonyms.yml"))["synonyms"]
    variants = [v for vs in table.values() for v in vs]
    assert len(variants) == len(set(variants)), "a variant of two canonical forms"
    assert not set(variants) & set(table), "a canonical form is no one's variant"
