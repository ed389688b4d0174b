"""End to end: a site built from hostile pages holds no tag, attribute, link or template from them,
and shows the hostile text as literal text."""
import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.app.cli import main
from hostile import IMG, JINJA, JS_LINK, SCRIPT, html_problems, parse_html

PAGES = {
    # Hostile HTML, links and templates inside a real article's lead paragraph.
    "2021-05-20_injection.txt": f"""# 衡阳高新区创新中心正式启用

本报讯 衡阳高新区创新中心近日正式启用。{SCRIPT}已吸引入驻企业306家，{IMG}现有头部企业20余家，{JS_LINK}高新技术企业近30家。{JINJA}

园区负责人介绍，下一步将围绕电子信息、新材料等主导产业，加快打造创新创业高地。<a href="javascript:alert(6)">详情</a>

本报记者 张明
""",
    # YAML-special headline; Markdown syntax and --- lines in the body.
    "2021-05-21_markdown.txt": """# 株洲高新区: 创新指数 # 发布 - "第一" '第二'

本报讯 株洲高新区近日发布2020年度创新指数，全区高新技术企业数量持续增长。
---
--- 分隔线之后的一行，株洲高新区继续推进改革。
* 星号开头的一行，株洲高新区企业研发投入稳步提高。
| 表头 | 单元格 | 株洲高新区产值增长明显。
1. 数字开头的一行，株洲高新区加快产业升级。
!!! danger "警告" 株洲高新区管委会表示将继续推进改革。

本报记者 李华
""",
    # Hostile kicker and deck (admonition title), and a file name that tries to leave its code span.
    "2021-05-22_a`[x](javascript:alert(9))`.txt": """# 长沙高新区*专题*<b>报道</b>——
## 长沙高新区新增高新技术企业
### 副题[点击](javascript:alert(4)) *强调* {: onclick=alert(5) } <i>斜体</i>

本报讯 长沙高新区今年新增高新技术企业120家，总数突破千家，创新主体不断壮大，研发投入持续增加。

本报记者 王强
""",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The project copy with only the hostile pages as seeds, built once."""
    import os

    from conftest import ROOT

    root = tmp_path_factory.mktemp("hostile")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    shutil.copytree(ROOT / "overrides", root / "overrides")   # mkdocs.yml's theme custom_dir
    (root / "seeds").mkdir()
    for name, text in PAGES.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    (root / "docs").mkdir()
    for name in ("index.md", "about.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, root / "docs" / name)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        status = main(["build", "--site", "site"])
    finally:
        os.chdir(cwd)
    assert status == 0
    return root


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def article_html(root: Path, source_start: str) -> str:
    """The built page of the article from the seed whose name starts so."""
    for md in (root / "docs" / "articles").glob("*.md"):
        meta = yaml.safe_load(md.read_text(encoding="utf-8").split("---\n")[1])
        if meta["source"].startswith(source_start):
            return (root / "site" / "articles" / md.stem / "index.html").read_text(encoding="utf-8")
    raise AssertionError(f"no article from {source_start}")


def visible_text(page: str) -> str:
    """The text of a built page's article content, as a reader sees it."""
    start = page.index('<article class="md-content__inner')
    return "".join(parse_html(page[start:page.index("</article>", start)]).text)


def test_every_hostile_page_became_an_article(hostile_site):
    sources = sorted(yaml.safe_load(p.read_text(encoding="utf-8").split("---\n")[1])["source"]
                     for p in (hostile_site / "docs" / "articles").glob("*.md"))
    assert sources == sorted(PAGES)


def test_no_page_of_the_site_holds_a_tag_attribute_or_link_from_the_input(hostile_site):
    pages = built_pages(hostile_site / "site")
    assert len(pages) > 10
    problems = {p.relative_to(hostile_site).as_posix(): html_problems(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}


def test_no_input_markup_survives_in_the_site_tag_by_tag(hostile_site):
    """Only tags the theme and templates write: none named by the input (script, img, b, i, a to javascript)."""
    for page in built_pages(hostile_site / "site"):
        for tag, attrs in parse_html(page.read_text(encoding="utf-8")).tags:
            values = " ".join(v or "" for _, v in attrs)
            assert "alert(" not in values, (page, tag, attrs)
            assert tag not in ("img", "b", "i") or "alert" not in values, (page, tag)


def test_search_index_and_tag_data_hold_no_raw_markup(hostile_site):
    for path in (hostile_site / "site").rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        for bad in ("<script>alert", "<img src=x", '<a href=\\"javascript:', "<b>报道", "<i>斜体"):
            assert bad not in text, (path.name, bad)


def test_hostile_text_is_shown_literally(hostile_site):
    text = visible_text(article_html(hostile_site, "2021-05-20_injection"))
    for literal in (SCRIPT, "onerror=alert(2)>", "javascript:alert(3)", "{{ config }}", "{% include 'x' %}",
                    '<a href="javascript:alert(6)">详情</a>'):
        assert literal in text, literal


def test_markdown_syntax_and_yaml_specials_are_shown_literally(hostile_site):
    page = article_html(hostile_site, "2021-05-21_markdown")
    text = visible_text(page)
    # The headline is cleaned (a colon beside Chinese becomes full-width) and shown as text.
    assert "<title>株洲高新区：创新指数 # 发布 - \"第一\" '第二' - " in html.unescape(page)
    for literal in ("---分隔线之后的一行", "*星号开头的一行", "|表头|单元格|", "1.数字开头的一行", '!!! danger "警告"'):
        assert literal.replace(" ", "") in text.replace(" ", ""), literal
    body = page[page.index('<article class="md-content__inner'):]
    assert "<hr" not in body and "<table" not in body and "<ol" not in body
    assert 'class="admonition danger"' not in body


def test_kicker_deck_and_file_name_cannot_become_links(hostile_site):
    page = article_html(hostile_site, "2021-05-22_a")
    text = visible_text(page)
    for literal in ("长沙高新区*专题*<b>报道</b>", "副题[点击](javascript:alert(4)) *强调* {: onclick=alert(5) } <i>斜体</i>",
                    "javascript:alert(9)"):
        assert literal in text, literal
    assert not re.search(r"<(em|strong)>(专题|强调)", page)
