"""Bad input files: each gets one clear line naming it, the other pages are still processed,
and the exit status says whether anything failed."""
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.read import decode as read
from growth import assert_linear
from hostile import article, docs_snapshot, generate, lines_about

GOOD = "2021-05-20_good.txt"
GOOD_TITLE = "衡阳高新区创新中心正式启用"


@pytest.fixture
def seeds(in_project: Path) -> Path:
    """The project copy with one good page as its only seed."""
    folder = in_project / "seeds"
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / GOOD).write_text(article(), encoding="utf-8")
    return folder


def titles(project: Path) -> list[str]:
    """Titles of the generated articles."""
    out = []
    for path in sorted((project / "docs" / "articles").glob("*.md")):
        out.append(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["title"])
    return out


def sources(project: Path) -> list[str]:
    out = []
    for path in sorted((project / "docs" / "articles").glob("*.md")):
        out.append(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["source"])
    return sorted(out)


def assert_good_page_processed(project: Path) -> None:
    assert GOOD_TITLE in titles(project), "the good page must still be processed"


# --- encodings -------------------------------------------------------------------------

TRADITIONAL = """# 新竹科學園區創新中心正式啟用

本報訊 新竹科學園區創新中心近日正式啟用，已吸引進駐企業三百零六家，現有頭部企業二十餘家。

園區負責人介紹，下一步將圍繞電子資訊、新材料等主導產業，加快打造創新創業高地。

本報記者 張明
"""


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_encodings_are_read_correctly(seeds, capsys, encoding, prefix):
    (seeds / "2021-06-01_other.txt").write_bytes(prefix + article("株洲高新区发布创新指数").encode(encoding))
    status, out, err = generate(capsys)
    assert status == 0, err
    assert "株洲高新区发布创新指数" in titles(seeds.parent)
    assert "2 pages read, 2 articles" in out


def test_big5_page_is_read_correctly(seeds, capsys):
    (seeds / "2021-06-01_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    status, out, err = generate(capsys)
    assert status == 0, err
    assert "新竹科學園區創新中心正式啟用" in titles(seeds.parent)


def test_crlf_and_mixed_line_endings_give_the_same_articles(seeds, capsys):
    text = article("株洲高新区发布创新指数")
    generate(capsys)
    (seeds / "2021-06-01_lf.txt").write_text(text, encoding="utf-8")
    generate(capsys)
    expected = docs_snapshot(seeds.parent / "docs")
    (seeds / "2021-06-01_lf.txt").unlink()
    lines = text.split("\n")
    mixed = "".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines))
    (seeds / "2021-06-01_lf.txt").write_bytes(mixed.encode("utf-8"))
    status, out, err = generate(capsys)
    assert status == 0 and "no file changed" in out, err
    assert docs_snapshot(seeds.parent / "docs") == expected
    assert not any(b"\r" in data for data in expected.values())


# --- not text --------------------------------------------------------------------------

@pytest.mark.parametrize("name,data,says", [
    ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 8,
     "not a text file: a PDF document"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not a text file: a PNG image"),
    ("photo2.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 4, "not a text file: a JPEG image"),
    ("export.txt", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "not a text file: a ZIP archive or Office"),
    ("random.txt", bytes((i * 7919 + 13) % 256 for i in range(20000)), "not a text file"),
])
def test_binary_files_are_rejected_not_turned_into_articles(seeds, capsys, name, data, says):
    (seeds / name).write_bytes(data)
    status, out, err = generate(capsys)
    assert status == 1
    [line] = lines_about(err, name)
    assert line.startswith(f"error: {name}: {says}")
    assert "1 pages read, 1 articles" in out
    assert_good_page_processed(seeds.parent)


def test_pdf_header_after_junk_is_still_a_pdf():
    with pytest.raises(read.PageError, match="a PDF document"):
        read.decode(b"\r\n  %PDF-1.4\n" + b"x" * 100, "p.txt")


# --- empty and odd content ------------------------------------------------------------

@pytest.mark.parametrize("name,data,says", [
    ("empty.txt", b"", "page is empty (0 bytes)"),
    ("blank.txt", b"  \n\t\r\n\x0c  \r", "page is empty (only whitespace)"),
    ("bom-only.txt", b"\xef\xbb\xbf\n\n", "page is empty (only whitespace)"),
])
def test_empty_pages_are_errors_others_processed(seeds, capsys, name, data, says):
    (seeds / name).write_bytes(data)
    status, out, err = generate(capsys)
    assert status == 1
    assert lines_about(err, name) == [f"error: {name}: {says}"]
    assert_good_page_processed(seeds.parent)


def test_page_without_an_article_is_a_warning(seeds, capsys):
    (seeds / "notes.txt").write_text("一二三\n", encoding="utf-8")
    status, out, err = generate(capsys)
    assert status == 0
    assert lines_about(err, "notes.txt") == ["warning: notes.txt: no article found on this page"]
    assert_good_page_processed(seeds.parent)


def test_stray_nul_bytes_are_removed_with_a_warning_naming_the_line(seeds, capsys):
    data = article("株洲高新区发布创新指数").encode("utf-8")
    cut = data.index("本报讯".encode())
    (seeds / "2021-06-01_nul.txt").write_bytes(data[:cut] + b"\x00" + data[cut:])
    status, out, err = generate(capsys)
    assert status == 0
    assert lines_about(err, "nul.txt") == ["warning: 2021-06-01_nul.txt:3: 1 NUL byte(s) removed"]
    assert "株洲高新区发布创新指数" in titles(seeds.parent)


def test_nul_padded_file_is_rejected_naming_the_line(seeds, capsys):
    (seeds / "crashed.txt").write_bytes(article().encode("utf-8") + b"\x00" * 4096)
    status, out, err = generate(capsys)
    assert status == 1
    [line] = lines_about(err, "crashed.txt")
    assert line.startswith("error: crashed.txt:8: not a text file (4096 NUL bytes")


def test_control_characters_do_not_reach_the_output(seeds, capsys):
    text = article("株洲高新区发布\x1b[31m创新指数").replace("本报讯", "本报讯\x07\x0c\u202e")
    (seeds / "2021-06-01_ctl.txt").write_text(text, encoding="utf-8")
    status, out, err = generate(capsys)
    assert status == 0, err
    for rel, data in docs_snapshot(seeds.parent / "docs").items():
        assert not any(c in data.decode("utf-8") for c in "\x1b\x07\x0c\u202e"), rel


def test_damaged_utf8_is_an_error_naming_the_line(seeds, capsys):
    data = article("株洲高新区发布创新指数").encode("utf-8")
    cut = data.index("园区".encode())
    (seeds / "damaged.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    status, out, err = generate(capsys)
    assert status == 1
    assert lines_about(err, "damaged.txt") == [
        "error: damaged.txt:5: not valid UTF-8 (byte ff); the file mixes encodings or is damaged"]
    assert_good_page_processed(seeds.parent)


def test_truncated_utf16_is_an_error_not_a_crash(seeds, capsys):
    (seeds / "cut.txt").write_bytes(b"\xff\xfe" + article().encode("utf-16-le")[:-1])
    status, out, err = generate(capsys)
    assert status == 1
    [line] = lines_about(err, "cut.txt")
    assert line.startswith("error: cut.txt:7: not valid UTF-16")


# --- size ------------------------------------------------------------------------------

def bytes_read() -> int:
    """Bytes this process has read from files and pipes so far (Linux: /proc/self/io's rchar)."""
    with open("/proc/self/io", encoding="ascii") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("rchar:"))


def test_a_50_mb_file_is_refused_without_being_read(seeds, capsys):
    chunk = article().encode("utf-8") * 64
    with (seeds / "2021-06-01_huge.txt").open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    counted = os.path.exists("/proc/self/io")
    before = bytes_read() if counted else 0
    status, out, err = generate(capsys)
    # Work counted, not timed: the whole run reads less than half the file (a first run
    # reads a few MB of dictionaries), so the file is neither read through nor processed.
    read_mb = (bytes_read() - before) / 1024 / 1024 if counted else 0
    assert read_mb < 25, f"the run read {read_mb:.0f} MB"
    assert status == 1
    [line] = lines_about(err, "huge.txt")
    assert line.startswith("error: 2021-06-01_huge.txt: page is 50.0 MB, more than the 2 MB a page may be")
    assert_good_page_processed(seeds.parent)
    if not counted:
        pytest.skip("no /proc/self/io here: the bytes the run read were not counted")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    page = tmp_path / "p.txt"
    page.write_bytes(b"x" * 100)
    monkeypatch.setattr("generator.read.discover.MAX_PAGE_BYTES", 50)
    with pytest.raises(read.PageError, match="more than"):
        read.read_page(page, tmp_path)


def test_one_200000_character_line_takes_linear_time(seeds, capsys):
    # Growth, not speed (tests/growth.py): whole runs with a line of 25,000 and of 200,000
    # characters, less one with a line of 100 (the run's fixed cost); a new headline
    # each time, so that no run is answered from the caches.
    runs = itertools.count()
    long_page = seeds / "2021-06-01_long.txt"

    def page_of_one_line(n: int) -> None:
        line = ("本报讯 " + "企业发展创新，产业持续升级，园区服务 提 质 增 效, 建设 www.example.com 平台；" * (n // 40))[:n]
        long_page.write_text(f"# 超长的一行{next(runs)}\n\n" + line + "\n", encoding="utf-8")

    def run(_: None) -> None:
        status, out, err = generate(capsys)
        assert status == 0, err
        assert "2 pages read" in out

    assert_linear(run, page_of_one_line, 25_000, base=100, what="a run with one long line")
    assert len(long_page.read_text(encoding="utf-8").splitlines()[-1]) == 200_000


# --- names and folders -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["2021-06-01 with spaces.txt", "2021-06-01_衡阳 高新区.txt", "-rf --help.txt",
                                  "--seeds.md", "UPPER.TXT", "a'b\"c;$(x).txt"])
def test_odd_file_names_are_pages(seeds, capsys, name):
    (seeds / name).write_text(article("株洲高新区发布创新指数"), encoding="utf-8")
    status, out, err = generate(capsys)
    assert status == 0, err
    assert sources(seeds.parent) == sorted([GOOD, name])


def test_nested_folders_are_read_with_their_path(seeds, capsys):
    nested = seeds / "2021" / "五月" / "第3版"
    nested.mkdir(parents=True)
    (nested / "page.txt").write_text(article("株洲高新区发布创新指数"), encoding="utf-8")
    status, out, err = generate(capsys)
    assert status == 0, err
    assert "2021/五月/第3版/page.txt" in sources(seeds.parent)


def test_hidden_files_backups_and_other_files_are_ignored_silently(seeds, capsys):
    other = article("株洲高新区发布创新指数")
    for name in (".hidden.txt", "page.txt~", ".page.txt.swp", "#page.txt#", ".#page.txt", "~$page.txt",
                 "page.txt.bak", "page.txt.orig", "page.TXT.SWP", "notes.docx", "image.png", "page.tmp"):
        (seeds / name).write_text(other, encoding="utf-8")
    (seeds / ".git").mkdir()
    (seeds / ".git" / "page.txt").write_text(other, encoding="utf-8")
    status, out, err = generate(capsys)
    assert status == 0
    assert "1 pages read, 1 articles" in out
    assert "warning" not in err and "error" not in err


def test_a_link_to_a_file_outside_seeds_is_not_followed(seeds, capsys, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text(article("绝密文件不应发布"), encoding="utf-8")
    (seeds / "leak.txt").symlink_to(secret)
    status, out, err = generate(capsys)
    assert status == 0
    assert lines_about(err, "leak.txt") == ["warning: leak.txt: links outside the seeds folder; not followed"]
    assert "绝密文件" not in str(docs_snapshot(seeds.parent / "docs"))


def test_a_link_to_a_folder_outside_seeds_is_not_followed(seeds, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text(article("绝密文件不应发布"), encoding="utf-8")
    (seeds / "more").symlink_to(outside, target_is_directory=True)
    status, out, err = generate(capsys)
    assert status == 0
    assert lines_about(err, "more") == ["warning: more: links outside the seeds folder; not followed"]
    assert "1 pages read" in out


def test_links_inside_seeds_give_one_copy_broken_and_looping_links_are_reported(seeds, capsys):
    (seeds / "alias.txt").symlink_to(seeds / GOOD)
    (seeds / "broken.txt").symlink_to(seeds / "missing.txt")
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    status, out, err = generate(capsys)
    assert status == 0
    assert lines_about(err, "broken.txt") == ["warning: broken.txt: is a broken link; skipped"]
    assert lines_about(err, "loop.txt") == ["warning: loop.txt: is a link loop; skipped"]
    assert lines_about(err, "alias.txt") == [f"warning: alias.txt: same page as {GOOD}; skipped"]
    assert len(titles(seeds.parent)) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_named_like_a_page_does_not_hang(seeds, capsys):
    os.mkfifo(seeds / "pipe.txt")
    status, out, err = generate(capsys)
    assert status == 1
    assert lines_about(err, "pipe.txt") == ["error: pipe.txt: not a regular file; skipped"]
    assert_good_page_processed(seeds.parent)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_is_an_error(seeds, capsys):
    page = seeds / "locked.txt"
    page.write_text(article("株洲高新区发布创新指数"), encoding="utf-8")
    page.chmod(0)
    try:
        status, out, err = generate(capsys)
    finally:
        page.chmod(0o600)
    assert status == 1
    assert lines_about(err, "locked.txt") == ["error: locked.txt: cannot be read (Permission denied)"]


def test_control_characters_in_a_file_name_keep_the_message_on_one_line(seeds, capsys):
    (seeds / "evil\nname\x1b[2J.txt").write_bytes(b"")
    status, out, err = generate(capsys)
    assert status == 1
    assert "error: evil\\nname\\x1b[2J.txt: page is empty (0 bytes)" in err.splitlines()


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="file names must be UTF-8 there")
def test_a_file_name_that_is_not_utf8_is_reported(seeds, capsys):
    with open(os.path.join(os.fsencode(seeds), b"bad\xffname.txt"), "wb") as fh:
        fh.write(article("株洲高新区发布创新指数").encode())
    status, out, err = generate(capsys)
    assert status == 1
    assert "error: bad\\udcffname.txt: file name is not valid UTF-8; rename the file" in err.splitlines()
    assert_good_page_processed(seeds.parent)


# --- duplicates ------------------------------------------------------------------------

def test_the_same_page_twice_is_used_once_with_a_warning(seeds, capsys):
    shutil.copy(seeds / GOOD, seeds / "copy of good.txt")
    status, out, err = generate(capsys)
    assert status == 0
    assert lines_about(err, "copy of good") == [f"warning: copy of good.txt: same page as {GOOD}; skipped"]
    assert titles(seeds.parent) == [GOOD_TITLE]


def test_the_same_page_in_another_encoding_and_line_ends_is_a_duplicate(seeds, capsys):
    (seeds / "gbk-crlf.txt").write_bytes(article().replace("\n", "\r\n").encode("gb18030"))
    status, out, err = generate(capsys)
    assert status == 0
    assert lines_about(err, "gbk-crlf.txt") == [f"warning: gbk-crlf.txt: same page as {GOOD}; skipped"]
    assert titles(seeds.parent) == [GOOD_TITLE]


# --- whole runs ------------------------------------------------------------------------

def test_only_bad_pages_is_a_failure_but_the_site_is_still_written(seeds, capsys):
    (seeds / GOOD).write_bytes(b"%PDF-1.4 broken")
    (seeds / "b.txt").write_bytes(b"")
    status, out, err = generate(capsys)
    assert status == 1
    assert "0 pages read, 0 articles" in out and "2 errors" in out
    assert (seeds.parent / "docs" / "parks" / "index.md").exists()


def test_an_empty_seeds_folder_is_a_warning(seeds, capsys):
    (seeds / GOOD).unlink()
    status, out, err = generate(capsys)
    assert status == 0
    assert "warning: seeds: no pages found (pages are .txt, .md, .pdf or .html files)" in err.splitlines()


def test_seeds_that_is_a_file_is_one_clear_error(in_project, capsys):
    (in_project / "pages.txt").write_text("x", encoding="utf-8")
    status, out, err = generate(capsys, "--seeds", "pages.txt")
    assert status == 1
    assert err.strip().splitlines() == ["park-digest: error: pages.txt: seeds is not a folder"]


def test_messages_name_every_bad_file_once_in_one_run(seeds, capsys):
    bad = {"a.txt": b"", "b.txt": b"%PDF-1.3", "c.txt": b" \n", "d.txt": b"\x89PNG\r\n\x1a\n" + bytes(300)}
    for name, data in bad.items():
        (seeds / name).write_bytes(data)
    status, out, err = generate(capsys)
    assert status == 1
    for name in bad:
        assert len(lines_about(err, name)) == 1, name
    assert "4 errors" in out
    assert_good_page_processed(seeds.parent)


def test_the_cli_in_a_subprocess_exits_non_zero_and_prints_one_line_per_bad_file(seeds):
    (seeds / "x.txt").write_bytes(b"%PDF-1.5\n")
    run = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=seeds.parent, capture_output=True,
                         text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
    assert run.returncode == 1
    assert lines_about(run.stderr, "x.txt") == ["error: x.txt: not a text file: a PDF document; export its text first"]
    assert "Traceback" not in run.stderr
