"""The rendered-page cache: a re-run renders only the pages whose inputs changed, and gives the uncached files."""
import pickle
from pathlib import Path

import pytest

from generator import pipeline
from generator.settings import Settings


def settings(project: Path, cache: Path | None) -> Settings:
    return Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                    cache_dir=cache, workers=1)


@pytest.fixture
def caches(monkeypatch) -> list:
    """Every RenderCache the runs of a test made, in order."""
    made = []
    real = pipeline.render_cache

    def spy(s: Settings):
        cache = real(s)
        made.append(cache)
        return cache

    monkeypatch.setattr(pipeline, "render_cache", spy)
    return made


def uncached(project: Path) -> dict[str, str]:
    return pipeline.run(settings(project, None)).files


def first_article_page(project: Path) -> Path:
    return sorted((project / "seeds").rglob("*.txt"))[0]


def test_unchanged_rerun_renders_nothing(project, tmp_path, caches):
    first = pipeline.run(settings(project, tmp_path / "cache")).files
    again = pipeline.run(settings(project, tmp_path / "cache")).files
    assert caches[0].rendered == len(caches[0].used) > 0
    assert caches[1].rendered == 0
    assert again == first == uncached(project)


def test_one_changed_page_re_renders_only_what_it_touches(project, tmp_path, caches):
    before = pipeline.run(settings(project, tmp_path / "cache")).files
    page = first_article_page(project)
    text = page.read_text(encoding="utf-8")
    # A word changed inside a body paragraph: the article's page and the pages listing its lead change.
    index = text.index("。", len(text) // 2)
    page.write_text(text[:index] + "，进展顺利" + text[index:], encoding="utf-8")
    after = pipeline.run(settings(project, tmp_path / "cache")).files
    changed = [rel for rel in after if before.get(rel) != after[rel]]
    assert changed and after == uncached(project)
    # Every changed file was rendered; most of the others came from the cache.
    assert len(changed) <= caches[1].rendered < len(after) // 2


def test_a_template_change_renders_every_page(project, tmp_path, caches):
    pipeline.run(settings(project, tmp_path / "cache"))
    template = project / "site_templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    files = pipeline.run(settings(project, tmp_path / "cache")).files
    assert caches[1].rendered == len(caches[1].used)
    assert files == uncached(project)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(["a", "list"]),
                                    pickle.dumps({"salt": "other code", "pages": {}})])
def test_a_damaged_or_foreign_cache_file_only_costs_the_rendering(project, tmp_path, caches, damage):
    pipeline.run(settings(project, tmp_path / "cache"))
    path = caches[0].path
    path.write_bytes(damage)
    files = pipeline.run(settings(project, tmp_path / "cache")).files
    assert caches[1].rendered == len(caches[1].used)
    assert files == uncached(project)


def test_cache_file_keeps_only_the_pages_of_the_last_run(project, tmp_path, caches):
    pipeline.run(settings(project, tmp_path / "cache"))
    first_article_page(project).unlink()
    pipeline.run(settings(project, tmp_path / "cache"))
    with caches[1].path.open("rb") as fh:
        stored = pickle.load(fh)["pages"]
    assert stored == caches[1].used and len(stored) < len(caches[0].used)
