"""The parallel paths (page workers, forked article rendering) give the serial output, and fail as clearly."""
import multiprocessing
from pathlib import Path

import pytest

from generator import pipeline, site
from generator.errors import DigestError
from generator.settings import Settings

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="forked rendering needs the fork start method")


def settings(project: Path, workers: int) -> Settings:
    return Settings(seeds=project / "seeds", docs=project / "docs", templates=project / "site_templates",
                    cache_dir=None, workers=workers)


def test_parallel_run_gives_the_serial_files_in_the_same_order(project, monkeypatch):
    serial = pipeline.run(settings(project, 1)).files
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    parallel = pipeline.run(settings(project, 3)).files
    assert list(parallel) == list(serial)
    assert parallel == serial


def test_template_error_in_a_render_worker_names_the_template(project, monkeypatch):
    template = project / "site_templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ article.no_such_field }}\n", encoding="utf-8")
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    with pytest.raises(DigestError, match=r"article\.md\.j2(:\d+)?: .*no_such_field"):
        pipeline.run(settings(project, 2))


def test_a_render_worker_that_dies_is_an_error(project, monkeypatch):
    monkeypatch.setattr(site, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(site, "render_article", lambda *args: __import__("os")._exit(3))
    with pytest.raises(DigestError, match="exit code 3"):
        pipeline.run(settings(project, 2))
