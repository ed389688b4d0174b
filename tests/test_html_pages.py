"""Web pages (.html, .htm) as editors save them: the article read, the site around it left out.

The saved pages of government, zone and news sites in fixtures/html/ are scored as the
editors score text pages (eval_articles.py, gold in fixtures/html/gold.yml); the reader
itself is checked on encodings, site furniture and pages it cannot read.
"""
import subprocess
import sys
from pathlib import Path

import pytest
from generator.errors import PageError
from generator.pipeline import build
from generator.read.html import html_page_text
from generator.read.masthead import split_front_matter
from generator.settings import Settings

from test_scores import generate

TESTS = Path(__file__).parent
ROOT = TESTS.parent
PAGES = TESTS / "fixtures" / "html"
FLOOR = 0.90


def page(body: str, head: str = "<title>园区新闻</title>", charset: str = "utf-8") -> bytes:
    """A small web page around body."""
    return f'<html><head><meta charset="{charset}">{head}</head><body>{body}</body></html>'.encode(charset)


def article_of(data: bytes, name: str = "p.html"):
    """The front matter fields and body lines html_page_text gives for a page."""
    text, _ = html_page_text(data, name)
    rest, front = split_front_matter(text)
    return front, [line for line in rest.splitlines() if line.strip()]


PROSE = "<p>高新区今年新签约项目12个，总投资86亿元，涵盖新能源汽车零部件、生物医药等领域。</p>" \
        "<p>据介绍，签约项目全部达产后，预计年产值超过120亿元，新增就业岗位3000余个。</p>"


def test_saved_web_pages_score_at_least_the_floor(tmp_path):
    generate(PAGES, tmp_path / "docs")
    scored = subprocess.run([sys.executable, str(TESTS / "eval_articles.py"), "--gold", str(PAGES / "gold.yml"),
                             "--docs", str(tmp_path / "docs"), "--min-score", str(FLOOR)],
                            capture_output=True, text=True)
    assert scored.returncode == 0, f"web pages below {FLOOR}:\n" + scored.stdout[-4000:]


def test_a_gbk_page_is_read_in_its_declared_encoding():
    text, encoding = html_page_text((PAGES / "binhai-industrial-park-gbk.html").read_bytes(), "binhai.html")
    assert encoding == "gb18030"
    rest, front = split_front_matter(text)
    assert (front.title, front.date, front.authors, front.paper) == ("工业园高质量发展活力迸发", "2019-03-05",
                                                                     ("任庆华",), "滨海日报")
    assert "国家火炬滨海流体装备特色产业基地通过国家科技部复审" in rest
    assert "浏览次数" not in rest and "热点新闻" not in rest


@pytest.mark.parametrize("charset", ["gbk", "gb2312", "gb18030", "utf-8"])
def test_declared_and_undeclared_chinese_encodings(charset):
    body = "<h1>园区新闻</h1>" + PROSE
    declared = page(body, charset=charset)
    undeclared = declared.replace(f'<meta charset="{charset}">'.encode(), b"")
    for data in (declared, undeclared):
        front, lines = article_of(data)
        assert front.title == "园区新闻" and any("新签约项目12个" in line for line in lines), (charset, data[:60])


def test_info_line_and_editor_footer_give_metadata_and_stay_out_of_the_body():
    body = ('<h1>园区新闻</h1><div class="info">来源：园区日报&nbsp;&nbsp;作者：张三 李四&nbsp;&nbsp;'
            '发布时间：2024-05-06 10:00&nbsp;&nbsp;浏览次数：1024</div>' + PROSE +
            '<p>（责任编辑：王五）</p><div class="share">分享到：微信 微博</div>')
    front, lines = article_of(page(body))
    assert (front.date, front.authors, front.paper) == ("2024-05-06", ("张三", "李四"), "园区日报")
    assert lines[0] == "# 园区新闻"
    assert not any(s in "".join(lines) for s in ("来源", "浏览次数", "责任编辑", "王五", "分享到"))


def test_an_office_named_as_author_is_no_author():
    body = "<h1>园区新闻</h1><p>发布时间：2016-03-30 作者：发改委</p>" + PROSE
    front, _ = article_of(page(body))
    assert front.authors == () and front.date == "2016-03-30"


def test_entities_decoded_and_full_width_letters_and_digits_folded_but_not_punctuation():
    body = "<h1>园区新闻</h1><p>２０２４年，园区&ldquo;ＡＩ＋制造&rdquo;项目达&nbsp;１２个，产值增长１５％。</p>" + PROSE
    _, lines = article_of(page(body))
    assert "2024年，园区“AI＋制造”项目达 12个，产值增长15％。" in lines


def test_a_photo_caption_under_its_photo_is_not_body_text():
    body = ('<h1>园区新闻</h1><p align="center"><img src="a.jpg"></p>'
            '<p align="center">5月30日，工人在园区车间操控设备。</p>' + PROSE)
    _, lines = article_of(page(body))
    assert not any("操控设备" in line for line in lines)


def test_a_page_of_several_news_items_gives_each_headline():
    items = ("<h2>高新区新签约项目12个</h2><p>本报讯（记者 张明）5月5日，高新区举行重点项目集中签约仪式，"
             "12个项目现场签约，总投资86亿元。</p><p>据介绍，签约项目全部达产后，预计年产值超过120亿元。</p>"
             "<h2>经开区人才公寓交付使用</h2><p>本报讯（记者 李华）近日，经开区首批人才公寓正式交付使用，"
             "可提供房源860套。</p><p>经开区相关负责人表示，将持续完善配套设施，为企业引才留才提供保障。</p>")
    front, lines = article_of(page(f'<div class="main"><h1>园区快讯</h1><div class="content">{items}</div></div>'))
    assert front.title == ""
    assert [line for line in lines if line.startswith("#")] == ["# 高新区新签约项目12个", "# 经开区人才公寓交付使用"]


def test_one_article_with_section_heads_stays_one_article():
    body = "<h1>园区新闻</h1>" + PROSE + "<h2>一、项目建设提速</h2>" + PROSE
    front, lines = article_of(page(body))
    assert front.title == "园区新闻" and "## 一、项目建设提速" in lines and lines[0] == "# 园区新闻"


def test_a_page_without_article_text_is_refused_with_a_clear_message():
    links = "".join(f'<li><a href="/{i}.html">高新区第{i}批项目集中开工</a><span>2024-05-0{i}</span></li>' for i in range(1, 6))
    with pytest.raises(PageError, match=r"^index\.html: no article text found in the web page"):
        html_page_text(page(f'<div class="nav"><a href="/">首页</a></div><ul>{links}</ul>'), "index.html")


@pytest.mark.parametrize("data, reason", [
    ("高新区今年新签约项目12个。\n这是一段纯文本。\n".encode(), "no HTML markup found"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (b"\x00\x01\x02binary\x00" * 20, "binary content"),
])
def test_a_file_named_html_that_is_no_web_page_is_refused(data, reason):
    with pytest.raises(PageError, match="^wrong.html: not a web page: " + reason) as err:
        html_page_text(data, "wrong.html")
    assert "\n" not in str(err.value)


def test_a_bad_web_page_is_reported_and_the_other_pages_are_still_read(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.html").write_bytes((PAGES / "dongshan-kfq.html").read_bytes())
    (seeds / "empty.htm").write_bytes(page('<div class="nav"><a href="/">首页</a> | <a href="/dt/">园区动态</a></div>'))
    (seeds / "image.html").write_bytes(b"\xff\xd8\xff\xe0JFIF" + bytes(200))
    settings = Settings(seeds=seeds, docs=tmp_path / "docs", templates=ROOT / "site_templates", cache_dir=None, workers=1)
    result = build(settings)
    assert [a.title for a in result.articles] == ["东山：筑巢引凤添动力 招商引资促发展"]
    problems = sorted(str(e) for e in result.errors if not getattr(e, "warning", False))
    assert len(problems) == 2 and "empty.htm: no article text found" in problems[0] \
        and "image.html: not a web page: a JPEG image" in problems[1]
