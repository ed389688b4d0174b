"""Metadata: parks (aliases, 园中园, unknown parks), tags and topics rules, manifest and overrides."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from generator.app.cli import main
from generator.extract.article import primary_park
from generator.knowledge.gazetteer import load_gazetteer
from generator.extract.terms import Tagger, load_topics, stop_words, topics_of
from generator.model import Block, Draft

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "parks.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tagger():
    return Tagger(load_gazetteer())


def draft(title: str, body: str) -> Draft:
    return Draft("x.txt", 1, title, "article", (Block("paragraph", body, 1),))


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_park_resolution(case, tagger):
    gazetteer = load_gazetteer()
    park, parks = primary_park(draft(case["title"], case["body"]), gazetteer)
    assert park == case["park"]
    if "parks" in case:
        assert list(parks) == case["parks"]
    unknown = [m.name for m in gazetteer.mentions(case["title"] + case["body"]) if not m.known]
    assert sorted(set(unknown)) == sorted(case.get("unknown", []))
    if "subparks" in case:
        assert list(tagger.subparks(case["body"])) == case["subparks"]


def test_gazetteer_covers_national_zones_with_unique_ascii_slugs():
    parks = load_gazetteer().parks.values()
    assert len(parks) >= 170
    slugs = [p.slug for p in parks]
    assert len(set(slugs)) == len(slugs) and all(s.isascii() for s in slugs)


def generated_articles(docs: Path) -> list[tuple[dict, str]]:
    out = []
    for md in sorted((docs / "articles").glob("*.md")):
        _, meta, body = md.read_text(encoding="utf-8").split("---\n", 2)
        out.append((yaml.safe_load(meta), body))
    return out


def test_tags_and_topics_rules_on_the_seeds(in_project):
    assert main(["generate"]) == 0
    stop = stop_words()
    topic_names = {t.name for t in load_topics()}
    gazetteer = load_gazetteer()
    used_topics = set()
    for meta, body in generated_articles(in_project / "docs"):
        tags = meta["tags"]
        assert 3 <= len(tags) <= 8, meta["title"]
        assert not set(tags) & stop, meta["title"]
        assert all(t in body or t in meta["title"] for t in tags), meta["title"]
        assert not any(t in gazetteer.by_alias or any(c.isdigit() for c in t) for t in tags)
        assert 1 <= len(meta["topics"]) <= 3 and set(meta["topics"]) <= topic_names
        used_topics.update(meta["topics"])
    for name in used_topics:
        slug = next(t.slug for t in load_topics() if t.name == name)
        assert "../articles/" in (in_project / "docs" / "topics" / f"{slug}.md").read_text(encoding="utf-8")


def test_topics_of_counts_signal_terms():
    assert topics_of("园区新认定高新技术企业30家，高企总数再创新高，科技型中小企业持续增长。")[0] == "高企培育"
    assert topics_of("天气晴朗。") == ()


def test_manifest_gives_date_paper_and_page(in_project):
    (in_project / "seeds" / "manifest.yml").write_text(
        "pages:\n  - file: 003_3faaaf77bf122049.txt\n    paper: 中国高新技术产业导报\n    date: 2020-12-21\n    page: 5\n",
        encoding="utf-8")
    assert main(["generate"]) == 0
    metas = [m for m, _ in generated_articles(in_project / "docs") if m["source"].startswith("003")]
    assert {m["date"] for m in metas} == {"2020-12-21"}
    assert {m["date_source"] for m in metas} == {"manifest"} and {m["page"] for m in metas} == {5}
    assert {m["paper"] for m in metas} == {"中国高新技术产业导报"}


@pytest.mark.parametrize("manifest,message", [
    ("pages:\n  - file: nosuch.txt\n    date: 2020-12-21\n", "manifest.yml:2: no page named 'nosuch.txt'"),
    ("pages:\n  - file: 003_3faaaf77bf122049.txt\n    date: 2020-13-01\n", "manifest.yml:3: date '2020-13-01' is not YYYY-MM-DD"),
    ("pages: [\n", "manifest.yml:2: not valid YAML"),
])
def test_broken_manifest_is_an_error_naming_file_and_line(in_project, capsys, manifest, message):
    (in_project / "seeds" / "manifest.yml").write_text(manifest, encoding="utf-8")
    assert main(["generate"]) == 1
    assert message in capsys.readouterr().err
    assert not (in_project / "docs" / "articles").exists(), "nothing may be written"


def test_overrides_fix_title_park_date_tags_topics_and_keep_the_url(in_project):
    assert main(["generate"]) == 0
    meta = next(m for m, _ in generated_articles(in_project / "docs") if m["title"].startswith("烟台"))
    before = sorted(p.name for p in (in_project / "docs" / "articles").glob("*.md"))
    (in_project / "seeds" / "overrides.yml").write_text(
        f"articles:\n  {meta['id']}:\n    title: 烟台高新区获科技创业贡献奖\n    date: 2020-12-20\n"
        f"    tags: [科技创业, 贡献奖, 生物医药]\n    topics: [双创与孵化]\n", encoding="utf-8")
    assert main(["generate"]) == 0
    after = next(m for m, _ in generated_articles(in_project / "docs") if m["id"] == meta["id"])
    assert after["title"] == "烟台高新区获科技创业贡献奖" and after["date"] == "2020-12-20"
    assert after["topics"] == ["双创与孵化"] and after["overridden"] == ["title", "date", "tags", "topics"]
    assert sorted(p.name for p in (in_project / "docs" / "articles").glob("*.md")) == before


@pytest.mark.parametrize("body,message", [
    ("articles:\n  nosuchid:\n    title: x\n", "overrides.yml:2: no article with id 'nosuchid'"),
    ("articles:\n  {id}:\n    topics: [不存在]\n", "overrides.yml:3: article {id}: unknown topic(s)"),
    ("articles:\n  {id}:\n    date: yesterday\n", "overrides.yml:3: article {id}: date 'yesterday' is not YYYY-MM-DD"),
    ("articles:\n  {id}:\n    author: 某人\n", "overrides.yml:3: article {id}: cannot override 'author'"),
])
def test_bad_overrides_are_errors_naming_file_and_line(in_project, capsys, body, message):
    assert main(["generate"]) == 0
    ident = generated_articles(in_project / "docs")[0][0]["id"]
    (in_project / "seeds" / "overrides.yml").write_text(body.format(id=ident), encoding="utf-8")
    capsys.readouterr()
    assert main(["generate"]) == 1
    assert message.format(id=ident) in capsys.readouterr().err


def _topics_by_counting_each_term(text: str, limit: int = 3) -> tuple[str, ...]:
    """topics_of as it was first written: one str.count per term of every topic."""
    topics = load_topics()
    order = {t.name: i for i, t in enumerate(topics)}
    hits = {t.name: sum(map(text.count, t.terms)) for t in topics}
    ranked = [name for name, n in sorted(hits.items(), key=lambda kv: (-kv[1], order[kv[0]])) if n > 0]
    strong = [name for name in ranked if hits[name] >= 2][:limit]
    return tuple(strong or ranked[:1])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(sorted({t for topic in load_topics() for t in topic.terms})),
                          st.text(alphabet="的园区企业技术创新，。 芯片智能制造新能源", max_size=6)), max_size=40))
def test_topics_found_in_one_pass_are_those_of_counting_every_term(parts):
    """Terms that overlap, repeat or hold one another count exactly as str.count counts them."""
    text = "".join(parts)
    assert topics_of(text) == _topics_by_counting_each_term(text)


def _tags_as_first_written(tagger: Tagger, text: str) -> tuple[str, ...]:
    """Tagger.tags as it was first written: every token counted, then each word checked
    (since then: words of a dictionary only, synonyms counted as their canonical form)."""
    from collections import Counter

    from generator.extract.terms import _TAG_POS, CANDIDATES
    named = set(tagger.gazetteer.names_in(text))
    counts = Counter(w for w, pos in tagger.tokens(text) if pos in _TAG_POS)
    for word in [w for w in counts if not (tagger._tag_word(w) and w in text and w not in named and tagger.known(w))]:
        del counts[word]
    merged: Counter = Counter()
    for word, n in counts.items():
        merged[tagger.synonyms.get(word, word)] += n
    counts = merged
    total = sum(counts.values()) or 1
    picked: list[str] = []
    for word in sorted(counts, key=lambda w: (-counts[w] * tagger.idf.get(w, tagger.median_idf) / total, w)):
        if not any(word in p or p in word for p in picked):
            picked.append(word)
        if len(picked) == CANDIDATES:
            break
    return tuple(picked)


_SEED_SENTENCES = sorted({s for p in (Path(__file__).parent.parent / "seeds").rglob("*.txt")
                          for s in re.split(r"(?<=[。！？\n])", p.read_text(encoding="utf-8")) if s.strip()})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SEED_SENTENCES), min_size=1, max_size=30))
def test_tags_counted_by_distinct_token_are_those_of_counting_every_token(tagger, parts):
    """Counting each (word, part of speech) once in C picks the same tags as the first, token by token, count."""
    text = "".join(parts)
    assert tagger.tags(text) == _tags_as_first_written(tagger, text)
