"""End to end: park-digest build on seeds/ passes mkdocs build --strict, twice byte-identically."""
import re
from pathlib import Path

import yaml



def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_article_and_park_has_an_html_page(built):
    docs, site = built / "docs", built / "site1"
    for md in list((docs / "articles").glob("*.md")) + list((docs / "parks").glob("*.md")):
        rel = md.relative_to(docs).with_suffix("")
        html = site / rel / "index.html" if rel.name != "index" else site / rel.parent / "index.html"
        assert html.exists(), html


def test_building_twice_gives_identical_files(built):
    a, b = site_files(built / "site1"), site_files(built / "site2")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_front_matter_is_valid_yaml_with_the_schema(built):
    for md in (built / "docs" / "articles").glob("*.md"):
        text = md.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---\n")[1])
        for key in ("title", "parks", "date", "tags", "authors", "source", "kind"):
            assert key in meta or key == "authors", (md.name, key)
        assert meta["kind"] in ("article", "photo")
        assert 3 <= len(meta["tags"]) <= 8, (md.name, meta["tags"])
        assert all(t in text.split("---\n", 2)[2] for t in meta["tags"]), md.name


def test_home_page_lists_latest_articles(built):
    home = (built / "site1" / "index.html").read_text(encoding="utf-8")
    assert "最新报道" in home and "park-digest:home" not in home
    assert home.count('href="articles/') >= 20


def test_review_page_is_not_in_the_search_index(built):
    index = (built / "site1" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "待核清单" not in index
    assert (built / "site1" / "review" / "index.html").exists()


def test_plain_mkdocs_build_regenerates_in_memory(project):
    """mkdocs build alone (the plugin adds pages in memory; nothing is written to docs/)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"NO_MKDOCS_2_WARNING": "1"}
    for out in ("out", "out2"):
        run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", out],
                             cwd=project, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-2000:]
    assert len(list((project / "out" / "articles").glob("*/index.html"))) == 28
    assert (project / "out" / "feed_rss_created.xml").is_file()
    assert not (project / "docs" / "articles").exists(), "in-memory pages must not be written to docs/"
    # The feeds' build time is the newest article's date, not the clock's: two builds are alike.
    a, b = site_files(project / "out"), site_files(project / "out2")
    assert [k for k in a if a[k] != b.get(k)] == []


def test_abstract_box_is_one_block_of_the_markdown(built):
    """A blank line inside the box would leave its byline and date as body text to a reader of the Markdown."""
    for md in (built / "docs" / "articles").glob("*.md"):
        text = md.read_text(encoding="utf-8")
        box = re.search(r"^!!! abstract.*\n((?:    .*\n)+)(\n+)(.*)", text, re.M)
        assert box, md.name
        assert not box.group(3).startswith("    "), (md.name, box.group(3)[:40])
