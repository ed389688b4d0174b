"""BackgroundWrite: docs written beside the MkDocs build, forked or on a thread, errors raised at wait()."""
import threading

import pytest

from generator.background import BackgroundWrite
from generator.errors import OutputError
from generator.write import read_manifest

# Enough text that the report and the pages overflow a pipe's buffer.
FILES = {f"articles/a{i:05d}.md": f"# 第 {i} 篇\n\n正文。\n" * 20 for i in range(3000)}


def test_forked_write_gives_the_report_and_the_files(tmp_path):
    seen = []
    writer = BackgroundWrite(tmp_path / "docs", dict(FILES), seen.append)
    writer.start()
    report = writer.wait()
    assert len(report.written) == 3000 and report.removed == ()
    assert (tmp_path / "docs" / "articles" / "a00042.md").read_text(encoding="utf-8") == FILES["articles/a00042.md"]
    assert read_manifest(tmp_path / "docs") == set(FILES)
    assert seen == [], "done() runs in the child, which wrote the files"


def test_with_other_threads_the_write_runs_on_a_thread(tmp_path):
    seen = []
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        writer = BackgroundWrite(tmp_path / "docs", {"articles/x.md": "x\n"}, seen.append)
        assert writer.wait().written == ("articles/x.md",)
    finally:
        stop.set()
        other.join()
    assert len(seen) == 1, "done() runs in this process"


def test_a_failed_write_is_raised_at_wait(tmp_path):
    (tmp_path / "docs").write_text("not a folder")
    writer = BackgroundWrite(tmp_path / "docs", {"articles/x.md": "x\n"}, lambda report: None)
    writer.start()
    with pytest.raises(OutputError, match="docs"):
        writer.wait()
