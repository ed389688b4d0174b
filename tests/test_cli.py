"""Command line: each subcommand's happy path and its error paths."""
import os
import subprocess
import sys

import pytest

from generator.app.cli import main
from conftest import library_upgraded, run_fresh


def test_generate_writes_articles_and_summary(in_project, capsys):
    assert main(["generate"]) == 0
    out = capsys.readouterr().out
    assert "5 pages read, 28 articles written" in out
    articles = list((in_project / "docs" / "articles").glob("*.md"))
    assert len(articles) == 28
    assert all(p.name.isascii() for p in articles)
    assert (in_project / "docs" / "parks" / "index.md").exists()


def test_generate_twice_changes_nothing(in_project, capsys):
    main(["generate"])
    before = {p: p.read_bytes() for p in (in_project / "docs").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["generate"]) == 0
    assert "no file changed" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in (in_project / "docs").rglob("*") if p.is_file()} == before


def test_missing_seeds_folder_is_one_clear_error(in_project, capsys):
    assert main(["generate", "--seeds", "nowhere"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["park-digest: error: nowhere: seeds folder not found"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere; permissions cannot be tested")
def test_unwritable_docs_folder_is_an_error(in_project, capsys):
    docs = in_project / "readonly"
    docs.mkdir()
    docs.chmod(0o500)
    try:
        assert main(["generate", "--docs", str(docs)]) == 1
        assert "readonly" in capsys.readouterr().err
    finally:
        docs.chmod(0o700)


def test_docs_path_that_is_a_file_is_an_error(in_project, capsys):
    (in_project / "notadir").write_text("x")
    assert main(["generate", "--docs", "notadir"]) == 1
    assert "notadir" in capsys.readouterr().err


def test_hand_written_page_at_a_generated_path_is_kept(in_project, capsys):
    hand = in_project / "docs" / "parks" / "index.md"
    hand.parent.mkdir()
    hand.write_text("# 我自己写的\n", encoding="utf-8")
    assert main(["generate"]) == 1
    err = capsys.readouterr().err
    assert "parks/index.md" in err and err.count("hand-written") == 1, err
    assert hand.read_text(encoding="utf-8") == "# 我自己写的\n"
    assert not (in_project / "docs" / "articles").exists(), "nothing may be written"


def test_stale_generated_files_are_removed_hand_written_kept(in_project):
    main(["generate"])
    mine = in_project / "docs" / "notes.md"
    mine.write_text("mine", encoding="utf-8")
    for page in (in_project / "seeds").glob("00[1-4]*"):
        page.unlink()
    assert main(["generate"]) == 0
    assert len(list((in_project / "docs" / "articles").glob("*.md"))) == 6
    assert mine.read_text(encoding="utf-8") == "mine"


def test_build_writes_the_docs_generate_writes(in_project, tmp_path, capsys):
    """build hands MkDocs the pages in memory and writes docs/ meanwhile: the same files as generate."""
    assert main(["build", "--site", "site"]) == 0
    assert "5 pages read, 28 articles written" in capsys.readouterr().out
    built = {p.relative_to(in_project / "docs"): p.read_bytes() for p in (in_project / "docs").rglob("*") if p.is_file()}
    assert main(["generate", "--docs", str(tmp_path / "docs")]) == 0
    generated = {p.relative_to(tmp_path / "docs"): p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    assert {k: v for k, v in built.items() if k in generated} == generated
    assert main(["build", "--site", "site"]) == 0
    assert "nothing changed since the last run" in capsys.readouterr().out


def test_build_leaves_out_generated_pages_of_removed_seed_pages(in_project):
    main(["generate"])
    stale = sorted((in_project / "docs" / "articles").glob("*.md"))
    for page in (in_project / "seeds").glob("00[1-4]*"):
        page.unlink()
    assert main(["build", "--site", "site"]) == 0
    published = {p.parent.name for p in (in_project / "site" / "articles").glob("*/index.html")}
    assert len(published) == 6 and len(list((in_project / "docs" / "articles").glob("*.md"))) == 6
    assert len(stale) == 28 and published < {p.stem for p in stale}


def test_plain_mkdocs_build_leaves_out_stale_generated_pages(in_project):
    """A page generated into docs/ earlier, from a seed page since removed, is not published."""
    main(["generate"])
    for page in (in_project / "seeds").glob("00[1-4]*"):
        page.unlink()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "out"], cwd=in_project,
                         env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(list((in_project / "out" / "articles").glob("*/index.html"))) == 6


def test_build_over_a_hand_written_page_fails_and_writes_nothing(in_project, capsys):
    hand = in_project / "docs" / "parks" / "index.md"
    hand.parent.mkdir()
    hand.write_text("# 我自己写的\n", encoding="utf-8")
    assert main(["build", "--site", "site"]) == 1
    err = capsys.readouterr().err
    assert "parks/index.md" in err and err.count("hand-written") == 1, err
    assert hand.read_text(encoding="utf-8") == "# 我自己写的\n"
    assert not (in_project / "docs" / "articles").exists(), "nothing may be written"


def test_unreadable_page_is_reported_and_others_processed(in_project, capsys):
    (in_project / "seeds" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert main(["generate"]) == 1
    captured = capsys.readouterr()
    assert "scan.txt: not a text file" in captured.err
    assert "5 pages read, 28 articles" in captured.out


@pytest.mark.parametrize("command", ["generate", "build", "serve"])
def test_every_subcommand_has_help(command):
    run = subprocess.run([sys.executable, "-m", "generator", command, "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "usage: park-digest" in run.stdout


def test_the_command_flushes_its_report_and_exit_status_before_its_quick_exit(in_project):
    """The command exits without tearing the interpreter down: what it printed, wrote and returned is all there."""
    ok = subprocess.run([sys.executable, "-m", "generator", "generate"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().endswith("files changed") and "articles written to docs" in ok.stdout
    assert (in_project / "docs" / "archive" / "index.md").is_file()
    failed = subprocess.run([sys.executable, "-m", "generator", "generate", "--seeds", "missing"],
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "missing" in failed.stderr


def test_build_with_missing_config_is_an_error(in_project, capsys):
    assert main(["build", "--config", "missing.yml"]) == 1
    assert "missing.yml: MkDocs config not found" in capsys.readouterr().err


@pytest.mark.parametrize("plugins, kept", [
    ("plugins:\n  - park-digest\n  - search:\n      lang: zh\n  - tags\n", ["park-digest", "tags"]),
    ("plugins:\n  material/search: {}\n  tags: {}\n", {"tags": {}}),
    ("site_name: x\n", []),
])
def test_pagefind_build_config_has_no_search_plugin(tmp_path, plugins, kept):
    from generator.app.sitebuild import plugins_without_search

    config = tmp_path / "mkdocs.yml"
    config.write_text(plugins, encoding="utf-8")
    assert plugins_without_search(config) == kept


def test_a_template_error_in_build_is_reported_once_and_nothing_written(in_project, capsys):
    template = in_project / "site_templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ article.title | md }}", "{{ article.title | nosuchfilter }}"), encoding="utf-8")
    assert main(["build", "--site", "site"]) == 1
    err = capsys.readouterr().err
    assert err.count("park-digest: error:") == 1 and "article.md.j2" in err
    assert not (in_project / "docs" / "articles").exists(), "nothing may be written"


def test_an_unchanged_rerun_imports_neither_the_engine_nor_the_caches(in_project):
    """Nothing changed: the run digests the inputs and replays the summary; the engine and caches stay unloaded."""
    assert main(["generate"]) == 0
    code = ("import os, sys\n"
            f"os.chdir({str(in_project)!r})\n"
            "from generator.app.cli import main\n"
            "assert main(['generate']) == 0\n"
            "heavy = sorted(m for m in ('generator.pipeline', 'generator.runtime.cache', 'generator.read.decode', 'jinja2', 'pickle',"
            " 'tempfile') if m in sys.modules)\n"
            "assert not heavy, heavy\n")
    run_fresh(code)


def test_a_new_version_of_a_library_is_a_change(in_project, monkeypatch, capsys):
    """The no-change check keys the libraries whose output is in the docs: after an upgrade of one, the run is redone."""
    assert main(["generate"]) == 0
    capsys.readouterr()
    with library_upgraded(monkeypatch, "rjieba"):
        assert main(["generate"]) == 0
        redone = capsys.readouterr().out
        assert main(["generate"]) == 0
        replayed = capsys.readouterr().out
    assert "nothing changed since the last run" not in redone
    assert "nothing changed since the last run" in replayed
