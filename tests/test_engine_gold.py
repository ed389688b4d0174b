"""The whole engine on the seed pages against the editors' gold file, and on layout variants."""
import re
from pathlib import Path

import pytest

from typeset import wrap
from generator.knowledge.gazetteer import load_gazetteer
from generator.extract.terms import Tagger
from generator.model import SeedPage
from generator.pipeline import articles_of
from generator.read.decode import decode

from goldcheck import GOLD, problems

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def engine():
    gazetteer = load_gazetteer()
    tagger = Tagger(gazetteer)
    return lambda name, text: articles_of(SeedPage(name, text, "utf-8", ""), gazetteer, tagger)[0]


@pytest.mark.parametrize("source", [p["source"] for p in GOLD["pages"]])
def test_seed_page_matches_gold(engine, source):
    text = (SEEDS / source).read_text(encoding="utf-8")
    assert problems(source, engine(source, text)) == []


def lay_out(articles, width: int, blank: bool, headline_after: bool) -> str:
    """Print articles as a hard-wrapped newspaper page of another column width."""
    out: list[str] = []
    for a in articles:
        title = a.title.replace(" ", "")
        head = [title] if len(title) <= width + 6 else [title[:width], title[width:]]
        byline = ["▶ 本报记者 " + " ".join(a.draft.byline.authors)] if a.draft.byline.authors else []
        body: list[str] = []
        for block in a.draft.body:
            if block.kind == "section":
                body.extend(block.text.split(" "))
            else:
                body.extend(wrap(block.text, width))
        out.extend(body + head + byline if headline_after else head + byline + body)
    return ("\n\n" if blank else "\n").join(out) + "\n"


@pytest.mark.parametrize("source", ["000_641173d0d4efca47.txt", "002_5111a0491cb4426a.txt", "003_3faaaf77bf122049.txt"])
@pytest.mark.parametrize("width,blank,after", [(13, True, False), (20, False, True), (26, True, True)])
def test_same_articles_in_another_column_layout(engine, source, width, blank, after):
    original = engine(source, (SEEDS / source).read_text(encoding="utf-8"))
    articles = [a for a in original if a.draft.kind == "article"]
    variant = engine(source, lay_out(articles, width, blank, after))
    assert sorted(a.title for a in variant) == sorted(a.title.replace(" ", "") for a in articles)
    by_title = {a.title: a for a in variant}
    for a in articles:
        got = by_title[a.title.replace(" ", "")]
        assert got.draft.byline.authors == a.draft.byline.authors
        # Where a sentence ends exactly at a full line, a paragraph break cannot be told; the text must be the same.
        assert "".join(b.text for b in got.draft.body if b.kind == "paragraph") == \
            "".join(b.text for b in a.draft.body if b.kind == "paragraph")


@pytest.mark.parametrize("source", ["001_38273ca01bcdede1.txt", "003_3faaaf77bf122049.txt", "004_915c4f3e28c313bf.txt"])
def test_without_blank_lines_gives_the_same_articles(engine, source):
    text = (SEEDS / source).read_text(encoding="utf-8")
    squeezed = "\n".join(l for l in text.split("\n") if l.strip()) + "\n"
    assert [a.title for a in engine(source, squeezed)] == [a.title for a in engine(source, text)]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_and_crlf_give_the_same_articles(engine, encoding):
    source = "003_3faaaf77bf122049.txt"
    text = (SEEDS / source).read_text(encoding="utf-8")
    decoded, _ = decode(text.replace("\n", "\r\n").encode(encoding), source)
    assert [a.title for a in engine(source, decoded)] == [a.title for a in engine(source, text)]


def test_markdown_marks_removed_gives_the_same_articles(engine):
    source = "003_3faaaf77bf122049.txt"
    text = (SEEDS / source).read_text(encoding="utf-8")
    plain = re.sub(r"(?m)^#+\s*", "", text)
    assert [a.title for a in engine(source, plain)] == [a.title for a in engine(source, text)]
