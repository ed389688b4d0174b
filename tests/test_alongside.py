"""RenderAlongside: pages rendered by a forked process, taken one by one as MkDocs reads them; docs/ written after start()."""
import os
import threading

import pytest

from generator.app import alongside
from generator.app.alongside import RenderAlongside
from generator.errors import DigestError
from generator.app.plugin import GeneratedFile
from generator.write.docs import read_manifest, write_docs

# Enough text that the pages overflow a pipe's buffer many times over.
FILES = {f"articles/a{i:05d}.md": f"# 第 {i} 篇\n\n正文。\n" * 20 for i in range(3000)}


def writer(docs):
    return lambda files: write_docs(docs, files)


def test_pages_are_taken_in_any_order_and_docs_written_after_start(tmp_path):
    pages = RenderAlongside(lambda: (list(FILES), iter(FILES.items())), writer(tmp_path / "docs"))
    assert pages.paths() == list(FILES)
    assert pages.take("articles/a02999.md") == FILES["articles/a02999.md"]  # the pages before it wait here
    assert pages.take("articles/a00000.md") == FILES["articles/a00000.md"]
    assert not (tmp_path / "docs").exists(), "docs/ is written only once MkDocs has listed its files"
    pages.start()
    assert pages.take("articles/a01500.md") == FILES["articles/a01500.md"]
    report = pages.wait()
    assert len(report.written) == 3000 and read_manifest(tmp_path / "docs") == set(FILES)
    assert (tmp_path / "docs" / "articles" / "a00042.md").read_text(encoding="utf-8") == FILES["articles/a00042.md"]


def test_a_page_taken_twice_or_never_rendered_is_an_error(tmp_path):
    pages = RenderAlongside(lambda: (["articles/a.md"], iter({"articles/a.md": "a\n"}.items())), writer(tmp_path / "docs"))
    assert pages.take("articles/a.md") == "a\n"
    with pytest.raises(DigestError, match="articles/a.md: no such generated page"):
        pages.take("articles/a.md")
    with pytest.raises(DigestError, match="articles/b.md: no such generated page"):
        pages.take("articles/b.md")
    pages.wait()


def failing_after_one_page():
    def pages():
        yield "articles/a.md", "a\n"
        raise DigestError("site_templates/article.md.j2:3: boom")
    return ["articles/a.md", "articles/b.md"], pages()


def dying():
    def pages():
        yield "articles/a.md", "a\n"
        os._exit(3)
    return ["articles/a.md", "articles/b.md"], pages()


def planning_fails():
    raise DigestError("seeds/overrides.yml: bad")


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle")


def raising_unpicklable():
    raise Unpicklable("a template filter failed")


@pytest.mark.parametrize("plan, message", [
    (planning_fails, "overrides.yml: bad"),
    (raising_unpicklable, "Unpicklable: a template filter failed"),   # crosses as a DigestError, message kept
])
def test_an_error_while_planning_is_raised_where_the_paths_are_asked_for(tmp_path, plan, message):
    pages = RenderAlongside(plan, writer(tmp_path / "docs"))
    with pytest.raises(DigestError, match=message):
        pages.paths()
    pages.abandon()


def test_started_means_docs_are_being_written(tmp_path):
    pages = RenderAlongside(lambda: (list(FILES), iter(FILES.items())), writer(tmp_path / "docs"))
    pages.take("articles/a00000.md")
    assert not pages.started, "told nothing yet: the process only renders"
    pages.wait()
    assert pages.started


@pytest.mark.parametrize("produce, message", [
    (failing_after_one_page, "article.md.j2:3: boom"),
    (dying, "process rendering the pages and writing docs/ died \\(exit code 3"),
])
def test_a_failure_while_rendering_is_one_error_raised_where_a_later_page_is_taken(tmp_path, produce, message):
    pages = RenderAlongside(produce, writer(tmp_path / "docs"))
    assert pages.take("articles/a.md") == "a\n"
    with pytest.raises(DigestError, match=message) as raised:
        pages.take("articles/b.md")
    with pytest.raises(DigestError) as again:
        pages.wait()
    assert again.value is raised.value, "the same error, not a second one"
    assert not (tmp_path / "docs").exists()


def test_a_failed_write_is_raised_at_wait(tmp_path):
    (tmp_path / "docs").write_text("not a folder")
    pages = RenderAlongside(lambda: (["articles/a.md"], iter({"articles/a.md": "a\n"}.items())), writer(tmp_path / "docs"))
    pages.start()
    with pytest.raises(DigestError, match="docs"):
        pages.wait()


def test_an_abandoned_build_writes_nothing(tmp_path):
    pages = RenderAlongside(lambda: (list(FILES), iter(FILES.items())), writer(tmp_path / "docs"))
    pages.take("articles/a00001.md")
    pages.abandon()
    assert not (tmp_path / "docs").exists()


def test_forking_is_not_possible_beside_other_threads():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not alongside.possible()
    finally:
        stop.set()
        other.join()


def test_a_generated_file_takes_its_text_once_when_first_read(tmp_path):
    taken = []

    def take(path):
        taken.append(path)
        return "# 标题\n"

    page = GeneratedFile("parks/x.xml", src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=False)
    page.take_from(take)
    assert taken == []
    assert page.content_string == "# 标题\n" and page.content_bytes == "# 标题\n".encode()
    page.copy_file()
    assert (tmp_path / "site" / "parks" / "x.xml").read_text(encoding="utf-8") == "# 标题\n"
    assert taken == ["parks/x.xml"]
    page.content_string = "changed"
    assert page.content_string == "changed" and taken == ["parks/x.xml"]
