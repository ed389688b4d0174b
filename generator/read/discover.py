"""Find stage: the page files in the seeds folder, listed without reading them.

Apart from reading (read.py) so that the no-change check, which digests the
pages before anything else, imports only this.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import PageError

TEXT_SUFFIXES = (".txt", ".md", ".text")
# Pages in other formats, each read by its own reader (read/pdf.py, read/html.py) into page text.
CONVERTED_SUFFIXES = (".pdf", ".html", ".htm")
PAGE_SUFFIXES = TEXT_SUFFIXES + CONVERTED_SUFFIXES
# Files an editor's tools leave beside the pages; never pages themselves.
IGNORED_SUFFIXES = (".swp", ".swo", ".tmp", ".bak", "~", ".orig", ".part", ".crdownload")
IGNORED_PREFIXES = (".", "#", "~$")   # hidden files, editor lock/autosave files (#x#, .#x, ~$x)
# A newspaper page is tens of KB; a whole issue in one file stays under this. Processing
# time grows with the size of a page, so a bigger file is refused, not read.
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_PDF_BYTES = 64 * 1024 * 1024   # an e-paper PDF page carries its fonts and images


def max_bytes(path: Path) -> int:
    """The largest file a page of this kind may be."""
    return MAX_PDF_BYTES if path.suffix.lower() == ".pdf" else MAX_PAGE_BYTES


def find_pages(seeds: Path, errors: list[PageError] | None = None) -> list[Path]:
    """Every page file under seeds, sorted; hidden files, backups and links leaving seeds skipped.

    Links pointing outside seeds are warnings; files that are too big, unreadable
    or not regular files are errors (appended to errors, when given). Every path
    returned is a regular, readable file of at most MAX_PAGE_BYTES.
    """
    if not seeds.is_dir():
        raise PageError(str(seeds), "seeds folder not found" if not seeds.exists() else "seeds is not a folder")
    # Problems go to errors when given (read_pages), else nowhere: the pages are listed anyway.
    report = errors if errors is not None else []
    root = seeds.resolve()
    found: list[Path] = []

    def unreadable(err: OSError) -> None:
        report.append(PageError(page_name(Path(err.filename or seeds), seeds), f"folder cannot be read ({err.strerror})"))

    for dirpath, dirnames, filenames in os.walk(seeds, onerror=unreadable):
        kept = []
        for d in sorted(dirnames):
            path = Path(dirpath, d)
            if d.startswith(IGNORED_PREFIXES):
                continue
            if path.is_symlink():
                # os.walk does not follow links to folders; say so when one leaves seeds.
                problem = _link_problem(path, root)
                if problem:
                    report.append(PageError(page_name(path, seeds), problem, warning=True))
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if name.startswith(IGNORED_PREFIXES) or name.lower().endswith(IGNORED_SUFFIXES):
                continue
            if path.suffix.lower() not in PAGE_SUFFIXES:
                continue
            problem = _link_problem(path, root) if path.is_symlink() else None
            if problem:
                report.append(PageError(page_name(path, seeds), problem, warning=True))
                continue
            # Checked here, not only when read: whoever lists the pages (to digest them, say)
            # must never open a pipe, read a huge file or trip over an unreadable one.
            trouble = "file name is not valid UTF-8; rename the file" if has_surrogates(str(path)) \
                else _not_readable(path)
            if trouble:
                report.append(PageError(page_name(path, seeds), trouble))
                continue
            found.append(path)
    return sorted(found, key=lambda p: page_name(p, seeds))


def _not_readable(path: Path) -> str | None:
    """Why the file at path cannot be a page (None when it can be read as one)."""
    try:
        info = path.stat()
    except OSError as err:
        return f"cannot be read ({err.strerror or err})"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file; skipped"
    if info.st_size > max_bytes(path):
        return (f"page is {info.st_size / 1024 / 1024:.1f} MB, more than the {max_bytes(path) // 1024 // 1024} MB "
                "a page may be; split it into pages")
    if not os.access(path, os.R_OK):
        return "cannot be read (Permission denied)"
    return None


def page_name(path: Path, seeds: Path) -> str:
    """The name a page is known by: its path under seeds, with / separators."""
    try:
        return path.relative_to(seeds).as_posix()
    except ValueError:
        return path.as_posix()


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a link in seeds is not followed (None when it stays inside seeds)."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "is a broken link; skipped"
    except (OSError, RuntimeError):
        return "is a link loop; skipped"
    try:
        target.relative_to(root)
    except ValueError:
        return "links outside the seeds folder; not followed"
    return None


def has_surrogates(text: str) -> bool:
    """True when text holds bytes that were not UTF-8 (os.fsdecode's surrogate escapes)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)
