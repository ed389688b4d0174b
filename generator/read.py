"""Read stage: find the raw pages in the seeds folder and decode them to text."""
from __future__ import annotations

import codecs
import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import PageError
from .model import SeedPage

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt", ".md", ".text")
# Files an editor's tools leave beside the pages; never pages themselves.
IGNORED_SUFFIXES = (".swp", ".swo", ".tmp", ".bak", "~", ".orig", ".part")
MAX_PAGE_BYTES = 8 * 1024 * 1024
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def find_pages(seeds: Path) -> list[Path]:
    """Every page file under seeds, sorted; hidden files, backups and outside links skipped."""
    if not seeds.is_dir():
        raise PageError(str(seeds), "seeds folder not found")
    root = seeds.resolve()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(seeds):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and _inside(Path(dirpath, d), root))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES):
                continue
            if path.suffix.lower() in PAGE_SUFFIXES and _inside(path, root):
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(seeds).as_posix())


def _inside(path: Path, root: Path) -> bool:
    """True when path (after following links) stays inside root."""
    try:
        path.resolve().relative_to(root)
        return True
    except ValueError:
        return False


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode page bytes to text, returning (text, encoding); PageError when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(encoding)), encoding.replace("-sig", "")
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise PageError(name, "not a text file (binary content)")
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise PageError(name, "not a text file (no text encoding fits)")
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312", "hz") else best.encoding
    return _normalise(data.decode(encoding, errors="strict")), encoding


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII text is zero."""
    sample = data[:4096]
    return len(sample) > 3 and (sample[1::2].count(0) > len(sample) // 3 or sample[0::2].count(0) > len(sample) // 3)


def _normalise(text: str) -> str:
    """LF line endings, no BOM, no NUL characters."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x00", "")


def read_page(path: Path, seeds: Path) -> SeedPage:
    """Read and decode one page."""
    name = path.relative_to(seeds).as_posix()
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        raise PageError(name, f"page is {size // 1024 // 1024} MB, more than the {MAX_PAGE_BYTES // 1024 // 1024} MB a page may be")
    data = path.read_bytes()
    text, encoding = decode(data, name)
    if not text.strip():
        raise PageError(name, "page is empty")
    log.info("%s: decoded as %s", name, encoding)
    return SeedPage(name=name, text=text, encoding=encoding, digest=hashlib.sha256(data).hexdigest())


def read_pages(seeds: Path, errors: list[PageError]) -> Iterator[SeedPage]:
    """Yield every readable page; unreadable ones are appended to errors, duplicates skipped."""
    seen: dict[str, str] = {}
    for path in find_pages(seeds):
        try:
            page = read_page(path, seeds)
        except PageError as err:
            errors.append(err)
            continue
        if page.digest in seen:
            errors.append(PageError(page.name, f"same content as {seen[page.digest]}; skipped", warning=True))
            continue
        seen[page.digest] = page.name
        yield page
