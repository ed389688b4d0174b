"""Datelines, mastheads and front matter: what they are, and the ordinary text that only looks like them."""
import pytest

from generator.read.masthead import parse_masthead, split_front_matter
from generator.segment.bylines import starts_with_dateline


@pytest.mark.parametrize("text, dateline", [
    ("本报南京1月13日电  （记者姚雪青）“我们在", True),
    ("新华社北京3月5日电 记者", True),
    ("本报讯 近日", True),
    ("晨报讯（记者 田白雪）4月10日", True),
    ("本报济宁11月29日讯（记者 于伟） 本报", True),
    ("本报南京１月１３日电（记者姚雪青）", True),        # full-width digits
    ("全社会用电量同比增长百分之十二。", False),
    ("平台电商企业，纷纷入驻园区。", False),
    ("本报记者电话采访了企业负责人。", False),
    ("国家电网电力保障到位。", False),
])
def test_datelines_and_sentences_that_look_like_them(text, dateline):
    assert starts_with_dateline(text) is dateline


@pytest.mark.parametrize("line, date, paper, page", [
    ("人民日报  2025年11月13日  星期四  第2版  要闻", "2025-11-13", "人民日报", 2),
    ("2025年3月12日 星期三 经济日报 第6版：产业", "2025-03-12", "经济日报", 6),
    ("科技日报 2024.05.20 05版 区域", "2024-05-20", "科技日报", 5),
    ("人民日报 2025年1月14日星期二第11版政治", "2025-01-14", "人民日报", 11),
    ("《 人民日报 》（ 2025年02月06日 第 01 版）", "2025-02-06", "人民日报", 1),
    ("二〇二五年一月十四日  星期二", "2025-01-14", "", None),
])
def test_mastheads(line, date, paper, page):
    head = parse_masthead(line)
    assert (head.date, head.paper, head.page_no) == (date, paper, page)


@pytest.mark.parametrize("line", [
    "2025年3月1日起每周六免费开放",          # a headline with a date and a weekday in it
    "2025年1月14日，园区举行签约仪式",
    "园区情况通报 2024年10月",
    "2025年2月30日 星期四 某某日报",           # no such day
])
def test_lines_that_are_not_mastheads(line):
    assert parse_masthead(line) is None


def test_front_matter_with_an_impossible_date_keeps_the_page_and_gives_no_day():
    rest, front = split_front_matter("---\ntitle: 园区新闻\ndate: 2025-02-30\n---\n正文。")
    assert rest.endswith("正文。") and front.title == "园区新闻" and front.date in ("", "2025-02")


def test_each_article_takes_the_date_and_page_of_the_masthead_above_it():
    from generator.extract.terms import Tagger
    from generator.knowledge.gazetteer import load_gazetteer
    from generator.model import SeedPage
    from generator.pipeline import articles_of

    text = ("人民日报  2025年1月14日  星期二  第11版  政治\n\n园区企业加快数字化转型\n本报记者  王  明\n"
            "近日，记者走访了多家园区企业，了解数字化转型的进展。企业负责人表示，转型让生产效率明显提升。\n\n"
            "人民日报  2025年2月10日  星期一  第18版  财经\n\n高新区发布支持科技企业十条措施\n本报记者  李  华\n"
            "近日，高新区发布支持科技企业发展的十条措施，涉及研发、人才和金融等方面。\n")
    gazetteer = load_gazetteer()
    articles, _ = articles_of(SeedPage("two-pages.txt", text, "utf-8", ""), gazetteer, Tagger(gazetteer))
    assert [(a.date, a.date_source, a.paper, a.page_no) for a in articles] == [
        ("2025-01-14", "masthead", "人民日报", 11), ("2025-02-10", "masthead", "人民日报", 18)]
