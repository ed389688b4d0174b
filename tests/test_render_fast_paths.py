"""Render fast paths give exactly what the general code gives: front matter (yaml.dump), md() and attr()."""
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.environment import _escape_markdown, _simple_yaml, attr, front_matter, md

# Characters YAML gives a meaning to, quotes, spaces of every kind, line breaks, controls,
# astral characters and the words YAML reads as other types, beside ordinary Chinese text.
TRICKY = list("ab0129 -.:#'\"[]{},&*!|>%@`?\\\t\n\r~=<+_/()eE高新区：，。“”（）\u3000\xa0\x85\u2028\ufeff\ufffe\uffff\x00😀")
WORDS = ["true", "No", "null", "~", "0x1F", "0o7", "1e3", "1.5", ".inf", ".NaN", "12:30", "2022-09-07",
         "2022-9-7 1:2:3", "...", "---", "<<", "=", "衡阳高新区", " "]
text = st.lists(st.sampled_from(TRICKY + WORDS), min_size=0, max_size=8).map("".join)
value = st.one_of(text, st.integers(-10**12, 10**12), st.booleans(), st.none(), st.lists(text, max_size=4),
                  st.dictionaries(text, text, max_size=2))
mapping = st.dictionaries(st.one_of(text, st.sampled_from(["title", "date", "tags", "on", "yes"])), value, max_size=6)


def reference(data: dict) -> str:
    """What yaml.dump (libyaml when present) writes."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


@settings(max_examples=3000, deadline=None)
@given(mapping)
def test_simple_writer_matches_yaml_dump_or_declines(data):
    fast = _simple_yaml(data)
    assert fast is None or fast == reference(data)


def test_article_front_matter_takes_the_fast_path_and_reads_back():
    data = {"title": "衡阳高新区“高企”竞速发展新赛道", "park": "衡阳高新区", "parks": ["衡阳高新区", "长沙高新区"],
            "date": "2021-02-05", "tags": ["高新技术企业", "5G"], "source": "hyrb/2021-02-05_p3.txt",
            "position": 2, "id": "0123456789", "readtime": 3}
    assert _simple_yaml(data) is not None
    text = front_matter(data)
    assert text == "---\n" + reference(data) + "---\n"
    assert yaml.safe_load(text.split("---\n")[1]) == data


def test_values_yaml_would_quote_or_nest_fall_back_to_yaml():
    shared = ["高企"]
    for data in ({"title": "a: b"}, {"title": "- 列表"}, {"search": {"exclude": True}}, {"draft": True},
                 {"title": "“引号” #标签"}, {"title": "多行\n文字"}, {"title": "标题\uffff"}, {"园" * 43: "长键"},
                 {"tags": shared, "topics": shared}):
        assert _simple_yaml(data) is None
        assert front_matter(data) == "---\n" + reference(data) + "---\n"


markdown_text = st.lists(st.sampled_from(TRICKY + WORDS + ["1.", "2)", "!!!", "# ", "+ ", "=", "  "]), max_size=10).map("".join)


@settings(max_examples=3000, deadline=None)
@given(markdown_text)
def test_md_returns_what_full_escaping_returns(text):
    assert md(text) == _escape_markdown(text)


def test_md_leaves_plain_chinese_prose_as_it_is():
    prose = "9月7日，衡阳高新区举行“高企”培育大会，5G 项目签约 12 个。"
    assert md(prose) is prose


def _attr_in_full(text: str) -> str:
    """attr() as first written: every replacement made on every text."""
    import html
    import re
    text = html.escape(re.sub(r"\s+", " ", str(text)).strip(), quote=True)
    text = re.sub(r"[`\[\]*{}\\~]", lambda m: {"`": "&#96;", "[": "&#91;", "]": "&#93;", "*": "&#42;", "{": "&#123;",
                                                "}": "&#125;", "\\": "&#92;", "~": "&#126;"}[m.group()], text)
    return re.sub(r"(?<![^\W_])_|_(?![^\W_])", "&#95;", text)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(TRICKY + WORDS + ["_a", "a_b", "2021_p3", "  ", "&amp;"]), max_size=10).map("".join))
def test_attr_returns_what_full_escaping_returns(text):
    assert attr(text) == _attr_in_full(text)
