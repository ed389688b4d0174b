"""Nothing lost: the generator writes and deletes only its own files, atomically, under a lock."""
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.write import lock

from generator.write import docs as write
from generator.errors import OutputError
from generator.settings import MANIFEST_NAME, OWNED_DIRS
from hostile import article, docs_snapshot, generate

HAND_WRITTEN = ("index.md", "about.md", "tags.md")


@pytest.fixture
def small(in_project: Path) -> Path:
    """The project copy with three small pages as its seeds."""
    shutil.rmtree(in_project / "seeds")
    (in_project / "seeds").mkdir()
    for day, title in (("05-20", "衡阳高新区创新中心正式启用"), ("05-21", "株洲高新区发布创新指数"),
                       ("05-22", "长沙高新区新增高新技术企业")):
        (in_project / "seeds" / f"2021-{day}_p1.txt").write_text(article(title), encoding="utf-8")
    return in_project


def owned(rel: str) -> bool:
    return rel == MANIFEST_NAME or rel.split("/")[0] in OWNED_DIRS


def test_writes_only_owned_folders_and_the_manifest_lists_them(small, capsys):
    docs = small / "docs"
    before = docs_snapshot(docs)
    status, out, err = generate(capsys)
    assert status == 0, err
    after = docs_snapshot(docs)
    assert {rel: after[rel] for rel in before} == before, "hand-written files are untouched"
    new = set(after) - set(before)
    assert new and all(owned(rel) for rel in new), sorted(rel for rel in new if not owned(rel))
    manifest = json.loads((docs / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert set(manifest) == new - {MANIFEST_NAME}
    assert not (docs / lock.LOCK_NAME).exists()


def test_hand_written_file_in_an_owned_folder_is_never_deleted(small, capsys):
    generate(capsys)
    mine = small / "docs" / "articles" / "my-notes.md"
    mine.write_text("我的笔记", encoding="utf-8")
    for page in (small / "seeds").iterdir():
        page.unlink()
    status, out, err = generate(capsys)
    assert status == 0
    assert mine.read_text(encoding="utf-8") == "我的笔记"
    assert sorted(p.name for p in (small / "docs" / "articles").iterdir()) == ["my-notes.md"]


def test_rerun_on_unchanged_input_changes_no_file_and_says_so(small, capsys):
    generate(capsys)
    docs = small / "docs"
    stats = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in docs.rglob("*") if p.is_file()}
    time.sleep(0.01)
    status, out, err = generate(capsys)
    assert status == 0
    assert "no file changed" in out
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in docs.rglob("*") if p.is_file()} == stats


def test_generated_files_are_readable_by_others(small, capsys):
    generate(capsys)
    page = next((small / "docs" / "articles").glob("*.md"))
    umask = os.umask(0o022)
    os.umask(umask)
    assert page.stat().st_mode & 0o044 == 0o044 & ~umask


@pytest.mark.parametrize("entry", ["../mkdocs.yml", "index.md", "/etc/passwd", "articles/../../mkdocs.yml", 7])
def test_a_manifest_listing_foreign_files_stops_the_run_and_deletes_nothing(small, capsys, entry):
    docs = small / "docs"
    (docs / MANIFEST_NAME).write_text(json.dumps({"files": [entry]}), encoding="utf-8")
    before = docs_snapshot(small)
    status, out, err = generate(capsys)
    assert status == 1
    [line] = err.strip().splitlines()
    assert line.startswith(f"park-digest: error: {Path('docs', MANIFEST_NAME)}: the manifest lists")
    assert docs_snapshot(small) == {**before, **{k: v for k, v in docs_snapshot(small).items()
                                                 if k.startswith(".park-digest/")}}
    assert (small / "mkdocs.yml").exists() and (docs / "index.md").exists()


@pytest.mark.parametrize("content", ["{not json", '{"files": "articles/x.md"}', "[]", ""])
def test_a_damaged_manifest_is_one_clear_error(small, capsys, content):
    (small / "docs" / MANIFEST_NAME).write_text(content, encoding="utf-8")
    status, out, err = generate(capsys)
    assert status == 1
    [line] = err.strip().splitlines()
    assert "unreadable manifest" in line and MANIFEST_NAME in line


def test_an_owned_folder_that_links_outside_docs_is_refused(small, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (small / "docs" / "articles").symlink_to(outside, target_is_directory=True)
    status, out, err = generate(capsys)
    assert status == 1
    assert "articles: is a link; the generator writes only into real folders of docs" in err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("rel", ["../x.md", "/tmp/x.md", "articles/../../x.md", "index.md", "articles\\..\\x.md",
                                 "articles/.hidden.md", "articles/a\nb.md", "notes/x.md", "articles"])
def test_generated_paths_cannot_escape_the_owned_folders(tmp_path, rel):
    with pytest.raises(OutputError, match="refusing to write outside"):
        write.write_docs(tmp_path / "docs", {rel: "x"})
    assert not (tmp_path / "x.md").exists()


# --- interrupted runs --------------------------------------------------------------------

def _change_every_page(project: Path) -> None:
    for page in (project / "seeds").iterdir():
        page.write_text(page.read_text(encoding="utf-8").replace("本报讯 ", "本报讯 近日，"), encoding="utf-8")
    (project / "seeds" / "2021-05-23_p1.txt").write_text(article("湘潭高新区举办创新大赛"), encoding="utf-8")


def test_an_interrupted_run_leaves_whole_files_and_the_next_run_finishes(small, capsys, monkeypatch):
    docs = small / "docs"
    generate(capsys)
    old = docs_snapshot(docs)
    _change_every_page(small)
    generate(capsys, "--docs", str(small / "fresh"))
    new = docs_snapshot(small / "fresh")
    calls = {"n": 0}
    real_replace = os.replace

    def replace_then_stop(src, dst):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt  # Ctrl-C halfway through writing
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", replace_then_stop)
    with pytest.raises(KeyboardInterrupt):
        generate(capsys)
    monkeypatch.setattr(write.os, "replace", real_replace)
    mid = docs_snapshot(docs)
    assert not [rel for rel in mid if ".tmp-" in rel], "no temporary files left"
    assert not (docs / lock.LOCK_NAME).exists()
    assert any(mid.get(rel) != old.get(rel) for rel in new), "the run was stopped after writing some files"
    for rel, data in mid.items():  # every file is whole: its old or its new text
        assert data in (old.get(rel), new.get(rel)) or rel == MANIFEST_NAME, rel
    status, out, err = generate(capsys)
    assert status == 0, err
    assert {k: v for k, v in docs_snapshot(docs).items() if owned(k)} == new


KILL_HALFWAY = textwrap.dedent("""
    import os, sys
    from generator.write import docs as write
    real = os.replace
    count = [0]
    def replace(src, dst):
        count[0] += 1
        real(src, dst)
        if count[0] == int(sys.argv[1]):
            os.kill(os.getpid(), 9)   # killed: no cleanup, no finally blocks
    write.os.replace = replace
    from generator.app.cli import main
    main(["generate"])
""")


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
@pytest.mark.parametrize("after", [1, 4, 9])
def test_a_killed_run_leaves_usable_output_and_the_next_run_takes_over(small, capsys, after):
    docs = small / "docs"
    generate(capsys)
    _change_every_page(small)
    run = subprocess.run([sys.executable, "-c", KILL_HALFWAY, str(after)], cwd=small, capture_output=True,
                         text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    (docs / "articles" / ".tmp-abcd1234.md").write_text("half", encoding="utf-8")  # what a kill mid-write leaves
    killed = docs_snapshot(docs)
    manifest = set(json.loads((docs / MANIFEST_NAME).read_text(encoding="utf-8"))["files"])
    assert {rel for rel in killed if owned(rel) and "/.tmp-" not in rel} - {MANIFEST_NAME} <= manifest, \
        "every generated file is in the manifest, so the next run does not take it for a hand-written one"
    status, out, err = generate(capsys)  # the stale lock of the killed run does not block
    assert status == 0, err
    after_rerun = docs_snapshot(docs)
    assert not [rel for rel in after_rerun if ".tmp-" in rel]
    # The same as a run from scratch.
    fresh = small / "fresh"
    fresh.mkdir()
    status, _, _ = generate(capsys, "--docs", str(fresh))
    assert status == 0
    assert {k: v for k, v in after_rerun.items() if owned(k)} == \
        {k: v for k, v in docs_snapshot(fresh).items() if owned(k)}


# --- the lock ----------------------------------------------------------------------------

def test_a_second_run_at_the_same_time_fails_clearly_and_writes_nothing(small, capsys):
    docs = small / "docs"
    before = docs_snapshot(docs)
    with lock.run_lock(docs):
        status, out, err = generate(capsys)
    assert status == 1
    assert err.strip().splitlines() == [
        f"park-digest: error: {Path('docs', lock.LOCK_NAME)}: another park-digest run (pid {os.getpid()}) is writing here; "
        "try again when it has finished"]
    assert docs_snapshot(docs) == before
    assert not (docs / lock.LOCK_NAME).exists()


HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from generator.write.lock import run_lock
    with run_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(60)
""")


def test_a_run_in_another_process_blocks_a_second_run(small, capsys):
    docs = small / "docs"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(docs)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        status, out, err = generate(capsys)
        assert status == 1
        assert f"another park-digest run (pid {holder.pid}) is writing here" in err
    finally:
        holder.kill()
        holder.wait()
    status, out, err = generate(capsys)  # the killed holder's lock does not block
    assert status == 0, err


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_stale_lock_from_a_dead_process_is_taken_over(small, capsys):
    docs = small / "docs"
    (docs / lock.LOCK_NAME).write_text(str(_dead_pid()), encoding="ascii")
    status, out, err = generate(capsys)
    assert status == 0, err
    assert not (docs / lock.LOCK_NAME).exists()


def test_the_lock_is_released_when_the_run_fails(small, capsys):
    hand = small / "docs" / "parks" / "index.md"
    hand.parent.mkdir()
    hand.write_text("# 我的园区页\n", encoding="utf-8")
    status, out, err = generate(capsys)
    assert status == 1 and "hand-written" in err
    assert not (small / "docs" / lock.LOCK_NAME).exists()


def test_writing_the_same_files_again_touches_nothing_not_even_the_manifest(tmp_path):
    docs = tmp_path / "docs"
    files = {"articles/a.md": "甲\n", "parks/index.md": "乙\n"}
    first = write.write_docs(docs, files)
    assert first.written == ("articles/a.md", "parks/index.md")
    stats = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in docs.rglob("*") if p.is_file()}
    time.sleep(0.01)
    again = write.write_docs(docs, files)
    assert (again.written, again.removed, again.unchanged) == ((), (), ("articles/a.md", "parks/index.md"))
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in docs.rglob("*") if p.is_file()} == stats
    smaller = write.write_docs(docs, {"parks/index.md": "乙\n"})
    assert smaller.removed == ("articles/a.md",) and not (docs / "articles").exists()


@settings(max_examples=500, deadline=None)
@given(st.builds(lambda folder, rest: folder + rest, st.sampled_from(["articles", "parks", "topics", "docs", ""]),
                 st.text(alphabet="/.-_aZ9\\\x00 ", max_size=14)))
def test_paths_passed_by_the_quick_check_pass_the_full_one(rel):
    """check_relpaths lets the usual shape through by one pattern: only paths safe_relpath accepts too."""
    try:
        write.safe_relpath(rel)
        safe = True
    except OutputError:
        safe = False
    if write._PLAIN_RELPATH.fullmatch(rel):
        assert safe
    try:
        write.check_relpaths([rel])
        assert safe
    except OutputError:
        assert not safe
