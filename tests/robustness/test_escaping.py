"""Article text is untrusted: escaping for Markdown, admonition titles, code spans, YAML and paths."""
import html
import re

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.extract.article import article_slug
from generator.knowledge.gazetteer import load_gazetteer
from generator.group.groups import park_slug
from generator.render.environment import attr, front_matter, md
from hostile import parse_html, render_markdown

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[x](javascript:alert(3))", "![i](x.png)",
    "<javascript:alert(4)>", "{{ config }}", "{% include 'x' %}", "---", "***", "___", "# 标题 #", "## 标题 ##",
    "* 列表", "- 列表", "+ 列表", "1. 第一", "2020) 年", "| a | b |", "> 引用", "```js", "~~~", "~~删除~~",
    "!!! danger \"x\"", "??? note", "=== 标题", "a\\", "\\*a\\*", "*a* _b_ __c__ **d**", "{: onclick=alert(5) }",
    "x{: .cls }", "[TOC]", "&lt;b&gt; &amp; &#60;", "<!-- 注释 -->", "a  \nb", "[^1]", "*[HTML]: x", "`code`",
    "title: x\n---\nfoo: bar", ": # - \" ' ", "    缩进代码", "\t制表", "<https://evil.example>",
]

# Characters that matter to Markdown, HTML, YAML and Jinja, with Chinese and plain text.
markup = st.lists(st.sampled_from(list("<>&\"'`*_[](){}#|~!?=+-.:;/\\^%$@ \t\n1a高新区，。“”") +
                                  ["javascript:", "onerror=", "{{", "{%", "---", "1. ", "!!!", "???",
                                   "===", "&#60;", "&lt;", "<b>", "](", "{:"]), max_size=40).map("".join)


def collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def only_tags(html: str, allowed: set[str]) -> list[tuple[str, list]]:
    """Tags in html that are not allowed, or carry attributes the template did not write."""
    return [(tag, attrs) for tag, attrs in parse_html(html).tags if tag not in allowed]


def text_of(html: str) -> str:
    return "".join(parse_html(html).text)


@pytest.mark.parametrize("text", HOSTILE)
def test_md_paragraph_shows_hostile_text_literally(text):
    html = render_markdown(md(text))
    tags = parse_html(html).tags
    assert tags in ([], [("p", [])]), html
    assert text_of(html) == collapsed(text)


@settings(max_examples=400, deadline=None)
@given(markup)
def test_md_paragraph_is_always_one_plain_paragraph_of_the_same_text(text):
    html = render_markdown(md(text))
    assert parse_html(html).tags in ([], [("p", [])]), (md(text), html)
    assert text_of(html) == collapsed(text), (md(text), html)


@settings(max_examples=300, deadline=None)
@given(markup)
def test_md_in_a_heading_and_in_link_text_stays_text(text):
    heading = render_markdown("# " + md(text))
    if collapsed(text):
        assert [t for t, _ in parse_html(heading).tags] == ["h1"], heading
        assert text_of(heading) == collapsed(text)
    link = render_markdown(f"- [{md(text)}](../articles/a.md)")
    assert [(t, a) for t, a in parse_html(link).tags if t not in ("ul", "li")] == \
        [("a", [("href", "../articles/a.md")])], link


@settings(max_examples=300, deadline=None)
@given(markup)
def test_attr_in_an_admonition_title_stays_text(text):
    assume(collapsed(text))  # an empty title is left out
    html = render_markdown(f'!!! abstract "{attr(text)}"\n    正文\n')
    tags = parse_html(html).tags
    assert [t for t, _ in tags] == ["div", "p", "p"], html
    assert tags[0][1] == [("class", "admonition abstract")] and tags[1][1] == [("class", "admonition-title")]
    assert "".join(parse_html(html).text).replace("\n", "") == collapsed(text) + "正文"


@settings(max_examples=300, deadline=None)
@given(markup)
def test_attr_in_a_code_span_cannot_leave_it(text):
    html = render_markdown(f"- 来源：`{attr(text)}` 第 1 篇")
    assert [t for t, _ in parse_html(html).tags if t not in ("ul", "li")] in ([], ["code"]), html


@pytest.mark.parametrize("text", HOSTILE)
def test_attr_is_safe_inside_an_html_attribute(text):
    tags = parse_html(f'<a title="{attr(text)}">x</a>').tags
    assert tags == [("a", [("title", tags[0][1][0][1])])]
    assert "<" not in attr(text) and '"' not in attr(text)


# --- front matter ----------------------------------------------------------------------

yaml_hostile = st.lists(st.sampled_from(list(":#-\"' \n\t{}[]&*!|>%@`,?\\高新区1aé") +
                                        ["---", "...", "null", "true", "~", "0x1F", "2021-05-20", "yes",
                                         "\u2028", "\x85", "\ufeff", "NaN"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(yaml_hostile, st.lists(yaml_hostile, max_size=3))
def test_front_matter_is_valid_yaml_that_round_trips(title, tags):
    block = front_matter({"title": title, "tags": tags, "source": title, "position": 1})
    assert block.startswith("---\n") and block.endswith("---\n")
    body = block[len("---\n"):-len("---\n")]
    assert "\n---\n" not in "\n" + body, "no line of the block may end it early"
    # title is HTML-escaped on purpose (the theme prints it as HTML); the rest round-trips as is
    expected = {k: v for k, v in {"title": html.escape(title, quote=True), "tags": tags, "source": title, "position": 1}.items()
                if v not in (None, "", [], ())}
    assert yaml.safe_load(body) == expected


@pytest.mark.parametrize("title", [": 标题", "# 标题", "- 标题", '"标题"', "'标题'", "标题: 副题 # 注",
                                   "---", "[1, 2]", "{a: b}", "yes", "2021-05-20", "&a *a !tag |"])
def test_yaml_special_titles_round_trip(title):
    meta = yaml.safe_load(front_matter({"title": title}).split("---\n")[1])
    assert html.unescape(meta["title"]) == title


# --- paths -----------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize("title", ["../../etc/passwd", "/absolute/路径", "..", "C:\\Windows", "a/b\\c", "\x00\n",
                                   "<script>", "{{ x }}", "", "   ", "高新区" * 100, "ǅ ß ﬁ", "🚀🚀"])
def test_article_slugs_are_plain_ascii_names(title):
    slug = article_slug(title, "0123456789")
    assert SLUG.match(slug), slug
    assert len(slug) <= 80


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(alphabet="0123456789abcdef", min_size=10, max_size=10))
def test_any_title_gives_a_safe_slug(title, ident):
    assert SLUG.match(article_slug(title, ident))


@pytest.mark.parametrize("name", ["../../x高新区", "<b>高新区", "高新区/..", "\x00高新区"])
def test_park_slugs_of_unknown_parks_are_plain_ascii_names(name):
    assert SLUG.match(park_slug(name, load_gazetteer()))
