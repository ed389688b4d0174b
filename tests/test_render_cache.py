"""The rendered-page cache: a re-run renders only the pages whose inputs changed, and gives the uncached files."""
import dataclasses
from pathlib import Path

import jinja2
import pytest

from generator import pipeline
from generator.runtime.cache import RenderCache
from generator.model import Article, Block, Byline, Draft
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
    return pipeline.build(settings(project, None)).files


def first_article_page(project: Path) -> Path:
    return sorted((project / "seeds").rglob("*.txt"))[0]


def test_unchanged_rerun_renders_nothing(project, tmp_path, caches):
    first = pipeline.build(settings(project, tmp_path / "cache")).files
    again = pipeline.build(settings(project, tmp_path / "cache")).files
    assert caches[0].rendered == len(caches[0].used) > 0
    assert caches[1].rendered == 0
    assert again == first == uncached(project)


def test_one_changed_page_re_renders_only_what_it_touches(project, tmp_path, caches):
    before = pipeline.build(settings(project, tmp_path / "cache")).files
    page = first_article_page(project)
    text = page.read_text(encoding="utf-8")
    # A word changed inside a body paragraph: the article's page and the pages listing its lead change.
    index = text.index("。", len(text) // 2)
    page.write_text(text[:index] + "，进展顺利" + text[index:], encoding="utf-8")
    after = pipeline.build(settings(project, tmp_path / "cache")).files
    changed = [rel for rel in after if before.get(rel) != after[rel]]
    assert changed and after == uncached(project)
    # Every changed file was rendered; most of the others came from the cache.
    assert len(changed) <= caches[1].rendered < len(after) // 2


def test_a_template_change_renders_every_page(project, tmp_path, caches):
    pipeline.build(settings(project, tmp_path / "cache"))
    template = project / "site_templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    files = pipeline.build(settings(project, tmp_path / "cache")).files
    assert caches[1].rendered == len(caches[1].used)
    assert files == uncached(project)


def test_a_settings_change_renders_every_page(project, tmp_path, caches):
    pipeline.build(settings(project, tmp_path / "cache"))
    other = dataclasses.replace(settings(project, tmp_path / "cache"), site_url="https://example.org/digest/")
    files = pipeline.build(other).files
    assert caches[1].rendered == len(caches[1].used)
    assert files == pipeline.build(dataclasses.replace(other, cache_dir=None)).files
    assert any("https://example.org/digest/" in text for text in files.values())


def test_a_changed_title_re_renders_the_pages_that_show_it(project, tmp_path, caches):
    before = pipeline.build(settings(project, tmp_path / "cache"))
    # An article whose headline stands alone on a line of its page.
    article = next(a for a in before.articles
                   if any(line.strip() == a.title for line in (project / "seeds" / a.draft.source).read_text(encoding="utf-8").splitlines()))
    page = project / "seeds" / article.draft.source
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(article.title, article.title + "再创新高", 1), encoding="utf-8")
    after = pipeline.build(settings(project, tmp_path / "cache")).files
    changed = {rel for rel in after if before.files.get(rel) != after[rel]}
    assert after == uncached(project)
    # Its park's page, the archive and the home page list it by title; other articles may list it as related.
    assert {"archive/index.md", "_fragments/home.md"} <= changed
    assert any(rel.startswith("parks/") for rel in changed)
    assert len(changed) <= caches[1].rendered < len(after)


def test_no_cache_is_kept_when_a_template_changed_during_the_run(project, tmp_path, caches, monkeypatch):
    real = pipeline.render_site

    def edited_meanwhile(*args):
        files = real(*args)
        template = project / "site_templates" / "topic.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return files

    monkeypatch.setattr(pipeline, "render_site", edited_meanwhile)
    pipeline.build(settings(project, tmp_path / "cache"))
    assert caches[0].rendered > 0 and not caches[0].path.exists()


def truncated(data: bytes) -> bytes:
    return data[:len(data) // 2]


def other_salt(data: bytes) -> bytes:
    at = data.index(b"\n") + 1 + 4   # after the magic line and the salt's length: the salt (hex digests first)
    return data[:at] + (b"0" if data[at:at + 1] != b"0" else b"1") + data[at + 1:]


def flipped_length(data: bytes) -> bytes:
    at = data.index(b"---") - 8   # the length field of the first page (then its CRC, then its text)
    return data[:at] + b"\xff\xff\xff\x7f" + data[at + 4:]


def flipped_text(data: bytes) -> bytes:
    return data.replace(b"---", b"--+", 1)   # still decodes: only the CRC tells


@pytest.mark.parametrize("damage", [lambda d: b"", lambda d: b"not a cache file", truncated, other_salt,
                                    flipped_length, flipped_text, lambda d: d + b"\x00" * 7])
def test_a_damaged_or_foreign_cache_file_only_costs_the_rendering(project, tmp_path, caches, damage):
    pipeline.build(settings(project, tmp_path / "cache"))
    path = caches[0].path
    path.write_bytes(damage(path.read_bytes()))
    files = pipeline.build(settings(project, tmp_path / "cache")).files
    assert caches[1].rendered == len(caches[1].used)
    assert files == uncached(project)


def test_cache_file_keeps_only_the_pages_of_the_last_run(project, tmp_path, caches):
    pipeline.build(settings(project, tmp_path / "cache"))
    first_article_page(project).unlink()
    pipeline.build(settings(project, tmp_path / "cache"))
    stored = RenderCache(caches[1].path, caches[1].salt).entries
    assert stored == caches[1].used and len(stored) < len(caches[0].used)


def test_texts_round_trip_through_the_cache_file(tmp_path):
    cache = RenderCache(tmp_path / "pages", "salt")
    texts = ["", "plain", "中文，全角标点。\n第二行", "emoji 🧪 and \ud800 lone surrogate"]
    for text in texts:
        cache.keep(cache.key("page", text), text)
    cache.save()
    again = RenderCache(tmp_path / "pages", "salt")
    assert sorted(again.entries.values()) == sorted(texts)
    assert RenderCache(tmp_path / "pages", "other salt").entries == {}


def test_every_field_of_an_article_is_in_its_repr():
    # The cache keys an article by the digest of its repr: a field left out of the
    # repr would be left out of the key, and a change to it would go unseen.
    for cls in (Article, Draft, Block, Byline):
        assert all(f.repr for f in dataclasses.fields(cls)), cls
        assert cls.__dataclass_params__.repr, cls


def test_compiled_templates_are_kept_and_used_again(tmp_path: Path):
    from generator.render.environment import environment

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md.j2").write_text("# {{ title }}\n", encoding="utf-8")
    first = environment(templates, tmp_path / "cache")
    assert first.get_template("page.md.j2").render(title="园区") == "# 园区\n"
    kept = list((tmp_path / "cache" / "templates").iterdir())
    assert len(kept) == 1
    compiled = []
    second = environment(templates, tmp_path / "cache")
    second.compile = lambda *args, **kwargs: compiled.append(args) or jinja2.Environment.compile(second, *args, **kwargs)
    assert second.get_template("page.md.j2").render(title="园区") == "# 园区\n"
    assert compiled == []   # read back compiled, not compiled again
    (templates / "page.md.j2").write_text("## {{ title }}\n", encoding="utf-8")
    third = environment(templates, tmp_path / "cache")
    assert third.get_template("page.md.j2").render(title="园区") == "## 园区\n"   # an edited template is compiled anew


def test_a_cache_folder_that_cannot_be_written_only_costs_compiling(tmp_path: Path, monkeypatch):
    from generator.render.environment import environment

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md.j2").write_text("# {{ title }}\n", encoding="utf-8")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert environment(templates, blocked).get_template("page.md.j2").render(title="园区") == "# 园区\n"
    def refuse(self, bucket):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", refuse)   # a folder made read-only
    assert environment(templates, tmp_path / "cache").get_template("page.md.j2").render(title="园区") == "# 园区\n"
