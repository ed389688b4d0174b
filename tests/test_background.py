"""BackgroundWrite: docs written on a thread beside the MkDocs build, errors raised at wait()."""
import pytest

from generator.app.background import BackgroundWrite
from generator.errors import OutputError
from generator.write.docs import read_manifest

FILES = {f"articles/a{i:05d}.md": f"# 第 {i} 篇\n\n正文。\n" * 20 for i in range(3000)}


def test_the_write_gives_the_report_and_the_files_once(tmp_path):
    seen = []
    writer = BackgroundWrite(tmp_path / "docs", dict(FILES), seen.append)
    assert not writer.started
    writer.start()
    writer.start()  # at most once
    report = writer.wait()
    assert len(report.written) == 3000 and report.removed == ()
    assert (tmp_path / "docs" / "articles" / "a00042.md").read_text(encoding="utf-8") == FILES["articles/a00042.md"]
    assert read_manifest(tmp_path / "docs") == set(FILES)
    assert seen == [report], "done() runs once, with the report"
    assert writer.wait() is report and writer.files == {}, "waited for again: the same report, the pages let go"


def test_wait_starts_a_write_not_started(tmp_path):
    writer = BackgroundWrite(tmp_path / "docs", {"articles/x.md": "x\n"}, lambda report: None)
    assert writer.wait().written == ("articles/x.md",)


def test_a_failed_write_is_raised_at_wait(tmp_path):
    (tmp_path / "docs").write_text("not a folder")
    writer = BackgroundWrite(tmp_path / "docs", {"articles/x.md": "x\n"}, lambda report: None)
    writer.start()
    with pytest.raises(OutputError, match="docs"):
        writer.wait()
