"""Holes the robustness work found outside reading, writing and escaping, now closed.

A hostile headline or lead used to reach the theme's <title>, header and meta
description as markup; a page of a thousand tiny articles used to take minutes.
"""
import os
import shutil
import subprocess
import sys

import pytest

from generator.cli import main
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


MANY_ARTICLES = """
import sys
from generator.extract.parks import load_gazetteer
from generator.extract.terms import Tagger
from generator.model import SeedPage
from generator.pipeline import articles_of
text = "衡阳高新区创新中心\\n本报讯 今天。\\n" * 1000   # an 18 KB page of 1000 one-line articles
g = load_gazetteer()
articles_of(SeedPage("p.txt", text, "utf-8", "x"), g, Tagger(g))
"""


def test_a_page_of_a_thousand_tiny_articles_is_segmented_in_seconds():
    subprocess.run([sys.executable, "-c", MANY_ARTICLES], check=True, timeout=6,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True)
