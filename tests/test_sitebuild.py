"""park-digest build: what a failed build writes, and the build time it pins."""
import os

import pytest
from generator.app import sitebuild
from generator.app.background import BackgroundWrite
from generator.app.plugin import GeneratedPathTaken

FILES = {f"articles/a{i:04d}.md": f"# 第 {i} 篇\n" for i in range(200)}


@pytest.mark.parametrize("failure, written", [
    (RuntimeError("a MkDocs plugin failed"), True),          # docs/ written all the same, as generate would
    (KeyboardInterrupt(), False),                              # interrupted before any write: none begins
    (GeneratedPathTaken("docs/parks/index.md: hand-written"), False),
])
def test_after_a_failed_build_docs_are_written_unless_interrupted_or_over_a_hand_written_file(
        tmp_path, capsys, failure, written):
    writer = BackgroundWrite(tmp_path / "docs", dict(FILES), lambda report: None)
    sitebuild._finish(writer, failure)
    assert (tmp_path / "docs" / "articles").is_dir() == written
    assert capsys.readouterr().err == "", "the build's own error is reported by the caller, once"


@pytest.mark.parametrize("user_set, second", [
    (None, "1707998400"),           # ours: follows the newest article from build to build (mkdocs serve)
    ("1000000000", "1000000000"),   # the user's: left alone
])
def test_the_build_time_follows_the_newest_article_unless_the_user_set_it(monkeypatch, user_set, second):
    from generator.app.buildtime import PINNED_BY_US, pin_build_time

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
