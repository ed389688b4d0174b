"""Holes the robustness work found outside reading, writing and escaping, now closed.

A hostile headline or lead used to reach the theme's <title>, header and meta
description as markup; a page of a thousand tiny articles used to take minutes.
"""
import shutil

import pytest

from generator.app.cli import main
from generator.knowledge.gazetteer import load_gazetteer
from generator.extract.terms import Tagger
from generator.model import SeedPage
from generator.pipeline import articles_of
from growth import assert_growth
from hostile import article, html_problems


@pytest.mark.parametrize("title,lead", [
    ("衡阳高新区<script>alert(1)</script>创新中心</title><img src=x onerror=alert(2)>启用", ""),
    ("衡阳高新区创新中心正式启用", '"><script>alert(1)</script><img src=x onerror=alert(2)>'),
], ids=["headline", "lead"])
def test_hostile_headline_or_lead_does_not_become_markup_in_the_site(in_project, title, lead):
    shutil.rmtree(in_project / "seeds")
    (in_project / "seeds").mkdir()
    (in_project / "seeds" / "2021-05-20_t.txt").write_text(article(title, lead), encoding="utf-8")
    assert main(["build", "--site", "site"]) == 0
    site = in_project / "site"
    problems = {p.relative_to(site).as_posix(): html_problems(p.read_text(encoding="utf-8"))
                for p in site.rglob("*.html")}
    assert {k: v for k, v in problems.items() if v} == {}


def tiny_articles(n: int) -> SeedPage:
    """A page of n one-line articles (18 bytes each)."""
    return SeedPage("p.txt", "衡阳高新区创新中心\n本报讯 今天。\n" * n, "utf-8", "x")


def test_a_page_of_a_thousand_tiny_articles_is_not_segmented_in_cubic_time():
    # Matching scores every headline against every body (quadratic, a few seconds at
    # 1,000 articles); the minutes it used to take came from a cubic search for each
    # match's rival. Growth, not speed: tests/growth.py.
    gazetteer = load_gazetteer()
    tagger = Tagger(gazetteer)
    found: set[int] = set()   # how many articles each page gave
    assert_growth(lambda page: found.add(len(articles_of(page, gazetteer, tagger)[0])), tiny_articles, 250,
                  degree=2, factor=4, what="a page of tiny articles")
    assert found == {250, 1000}
