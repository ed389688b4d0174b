"""park-digest build and its rendering process: the order pages come in, and what a failed build writes."""
import os

import pytest
from mkdocs.structure.files import File, file_sort_key

from generator.app import sitebuild
from generator.app.alongside import RenderAlongside
from generator.pipeline import analyse
from generator.app.plugin import GeneratedPathTaken
from generator.settings import HOME_FRAGMENT, Settings
from generator.write.docs import write_docs

FILES = {f"articles/a{i:04d}.md": f"# 第 {i} 篇\n" for i in range(200)}


def test_pages_come_in_the_order_mkdocs_reads_them(project):
    """The home listing first (the plugin reads it as MkDocs lists its files), then pages in
    MkDocs' file order, then the feeds (MkDocs copies them after building every page)."""
    settings = Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                        cache_dir=None, workers=1)
    paths, pages = sitebuild._pages_in_mkdocs_order(analyse(settings), settings)
    order = [path for path, _text in pages]
    assert sorted(order) == sorted(paths) and order[0] == HOME_FRAGMENT
    feeds = [i for i, path in enumerate(order) if not path.endswith(".md")]
    assert feeds and feeds == list(range(feeds[0], len(order)))
    md = order[1:feeds[0]]
    assert md == sorted(md, key=lambda path: file_sort_key(File(path, src_dir=None, dest_dir="", use_directory_urls=False)))


@pytest.mark.parametrize("failure, written", [
    (RuntimeError("a MkDocs plugin failed"), True),          # docs/ written all the same, as generate would
    (KeyboardInterrupt(), False),                              # interrupted before any write: none begins
    (GeneratedPathTaken("docs/parks/index.md: hand-written"), False),
])
def test_after_a_failed_build_docs_are_written_unless_interrupted_or_over_a_hand_written_file(
        tmp_path, capsys, failure, written):
    pages = RenderAlongside(lambda: (list(FILES), iter(FILES.items())), lambda files: write_docs(tmp_path / "docs", files))
    pages.take("articles/a0000.md")
    sitebuild._finish(pages, failure)
    assert (tmp_path / "docs" / "articles").is_dir() == written
    assert capsys.readouterr().err == "", "the build's own error is reported by the caller, once"


@pytest.mark.parametrize("user_set, second", [
    (None, "1707998400"),           # ours: follows the newest article from build to build (mkdocs serve)
    ("1000000000", "1000000000"),   # the user's: left alone
])
def test_the_build_time_follows_the_newest_article_unless_the_user_set_it(monkeypatch, user_set, second):
    from generator.pipeline import PINNED_BY_US, pin_build_time

    # Set, then removed: monkeypatch restores (removes) only what it saw set.
    for name in (PINNED_BY_US, "SOURCE_DATE_EPOCH"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    if user_set is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", user_set)
    pin_build_time("2024-01-01")
    assert os.environ["SOURCE_DATE_EPOCH"] == (user_set or "1704110400")  # noon UTC
    pin_build_time("2024-02-15")
    assert os.environ["SOURCE_DATE_EPOCH"] == second
