"""Reader and editor pages without a browser: review checks, overrides.yml blocks, year groups, park order."""
from pathlib import Path

import pytest
import yaml

from generator.extract import doubts
from generator.group.groups import by_park
from generator.knowledge.gazetteer import load_gazetteer
from generator.model import Article, Block, Draft, Group
from generator.pipeline import build
from generator.read.editorial import apply_overrides
from generator.render.environment import environment
from generator.render.reader import LONG_LIST
from generator.render.site import _by_province, render_park
from generator.settings import Settings

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "doubts.yml").read_text(encoding="utf-8"))
REASONS = {"section": doubts.OPENS_WITH_SECTION, "fragment": doubts.OPENS_WITH_FRAGMENT,
           "end": doubts.ENDS_MID_SENTENCE, "repeat": doubts.REPEATS_PASSAGE}


def article(i: int, date: str, park: str | None = "衡阳高新区", body: tuple[Block, ...] = ()) -> Article:
    d = Draft("p.txt", i, f"标题{i}", "article", body or (Block("paragraph", f"正文{i}。", 1),))
    return Article(f"id{i:08d}", f"a-{i}", d, date, "day", "masthead", park, (park,) if park else (),
                   (), (), (), f"正文{i}。", 3)


@pytest.mark.parametrize("paragraphs,expected", CASES, ids=[" / ".join(c[0])[:30] for c in CASES])
def test_review_checks_on_the_text(paragraphs, expected):
    blocks = tuple(Block("section", p[3:], 1) if p.startswith("## ") else Block("paragraph", p, 1) for p in paragraphs)
    draft = Draft("p.txt", 1, "标题", "article", blocks)
    assert doubts.text_doubts(draft) == [REASONS[name] for name in expected]


def test_overrides_blocks_of_the_review_page_apply_as_they_are(in_project):
    """Each block pasted into seeds/overrides.yml is accepted, and changes nothing until edited."""
    settings = Settings(seeds=in_project / "seeds", docs=in_project / "docs", templates=in_project / "site_templates")
    result = build(settings)
    review = result.files["review/index.md"]
    blocks = [part.split("```", 1)[0] for part in review.split("```yaml\n")[1:]]
    assert len(blocks) == len(result.review) > 0
    gazetteer = load_gazetteer()
    from generator.extract.terms import load_topics
    for block in blocks:
        entries = yaml.safe_load(block)["articles"]
        fixed = apply_overrides(result.articles, entries, Path("overrides.yml"), None,
                                set(gazetteer.parks), {t.name for t in load_topics()})
        (ident,) = entries
        before = next(a for a in result.articles if a.id == str(ident))
        after = next(a for a in fixed if a.id == str(ident))
        assert after.title == before.title and after.topics == before.topics


def test_a_long_park_list_is_grouped_by_year(tmp_path):
    arts = tuple(article(i, f"{2022 - i // 15}-0{1 + i % 9}-01") for i in range(LONG_LIST + 5))
    gazetteer = load_gazetteer()
    (group,) = by_park(list(arts), gazetteer)
    env = environment(Path(__file__).parent.parent / "site_templates")
    page = render_park(env, group, ())
    assert "### 2022 年" in page and "### 2021 年" in page
    assert page.index("### 2022 年") < page.index("### 2021 年")
    short = render_park(env, by_park(list(arts[:3]), gazetteer)[0], ())
    assert "### 20" not in short


def test_parks_index_lists_provinces_then_unlisted_parks_then_other():
    gazetteer = load_gazetteer()
    groups = by_park([article(1, "2022-01-01", "衡阳高新区"), article(2, "2022-01-01", "某某产业园"),
                      article(3, "2022-01-01", None), article(4, "2022-01-01", "中关村")], gazetteer)
    provinces = [name for name, _ in _by_province(groups, gazetteer)]
    assert provinces[-2:] == ["名录外园区", "其他"]
    assert provinces.index("北京市") < provinces.index("湖南省")
