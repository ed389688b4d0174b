"""Read stage: decode the raw pages the find stage lists (find.py) to text.

Whatever an editor's tools exported lands here, so every problem with a file is a
``PageError`` naming it (and the line, where there is one); the other pages are
still read. Files that are not text (PDF, images, archives, binaries) are
refused rather than decoded into garbage articles.
"""
from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from ..errors import PageError
from .discover import find_pages, has_surrogates, max_bytes, page_name
from ..model import SeedPage

log = logging.getLogger(__name__)

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Encodings Chinese pages come in, for detection when a file is neither UTF-8 nor marked by a BOM.
_CHINESE_ENCODINGS = ["gb18030", "big5", "big5hkscs", "cp950", "gbk", "gb2312", "hz", "utf_16", "utf_32"]
# File signatures of things that are not text, with how to name them to an editor.
_SIGNATURES = (
    (b"%PDF-", "a PDF document; export its text first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document (.docx, .xlsx, .epub); save it as plain text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls); save it as plain text"),
    (b"{\\rtf", "an RTF document; save it as plain text"),
    (b"\x1f\x8b", "a gzip archive"), (b"Rar!\x1a\x07", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
)
# Control characters that have no place in page text (tab and line feed are kept;
# form feeds and other line breaks become line feeds first).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS_RE = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Decoded text with more than this share of control or replacement characters is binary.
_MAX_CONTROL_SHARE = 0.01
# Characters a page of Chinese text is made of; text decoded with the wrong encoding is not.
_PLAIN_RE = re.compile("[\t\n\x20-\x7e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2000-\u206f]")


def decode(data: bytes, name: str, warnings: list[PageError] | None = None) -> tuple[str, str]:
    """Decode page bytes to text, returning (text, encoding); PageError when it is not text.

    Stray NUL bytes are removed (a warning is added to warnings, when given).

    >>> decode("高新区".encode("gb18030") * 3, "p.txt")
    ('高新区高新区高新区', 'gb18030')
    >>> decode(b"%PDF-1.7 ...", "p.txt")
    Traceback (most recent call last):
    generator.errors.PageError: p.txt: not a text file: a PDF document; export its text first
    """
    kind = _signature(data)
    if kind:
        raise PageError(name, f"not a text file: {kind}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, encoding, name), name), encoding.replace("-sig", "")
    if b"\x00" in data:
        for utf16 in ("utf-16-le", "utf-16-be"):
            text = _utf16_without_bom(data, utf16)
            if text is not None:
                return _checked(text, name), utf16
        at = data.index(b"\x00")
        count = data.count(b"\x00")
        line = data[:at].count(b"\n") + 1
        if count >= 4 and count > len(data) * _MAX_CONTROL_SHARE:
            raise PageError(name, f"not a text file ({count} NUL bytes from this line on: binary, or a damaged file)",
                            line=line)
        decoded = _detect(data.replace(b"\x00", b""), name)
        if warnings is not None:
            warnings.append(PageError(name, f"{count} NUL byte(s) removed", line=line, warning=True))
        return decoded
    return _detect(data, name)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8, else the Chinese encoding that fits data."""
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as err:
        if _mostly_utf8(data):
            raise _bad_bytes(data, "utf-8", err, name) from None
    from charset_normalizer import from_bytes  # imported when first needed: most pages are UTF-8

    best = from_bytes(data, cp_isolation=_CHINESE_ENCODINGS).best()
    if best is None or best.encoding is None:
        raise PageError(name, "not a text file (no Chinese text encoding fits; save it as UTF-8)")
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding
    return _checked(_strict(data, encoding, name), name), encoding


def _signature(data: bytes) -> str:
    """What kind of non-text file data is, by its signature ('' for none)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return _SIGNATURES[0][1]
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), "")


def _utf16_without_bom(data: bytes, encoding: str) -> str | None:
    """data decoded as UTF-16 without a BOM, when it decodes to plausible text (else None)."""
    if len(data) % 2:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if len(_PLAIN_RE.findall(text)) >= 0.95 * len(text) else None


def _mostly_utf8(data: bytes) -> bool:
    """True when data is UTF-8 text with a few bad bytes (not text in another encoding)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return good >= 20 * bad


def _strict(data: bytes, encoding: str, name: str) -> str:
    """data decoded as encoding; PageError naming the line of the first bad byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise _bad_bytes(data, encoding, err, name) from None
    except LookupError:
        raise PageError(name, f"not a text file (unknown encoding {encoding})") from None


def _bad_bytes(data: bytes, encoding: str, err: UnicodeDecodeError, name: str) -> PageError:
    """The error for bytes that are not valid in encoding, at their line."""
    before = data[:err.start].decode(encoding, errors="replace")
    line = _LINE_BREAKS_RE.sub("\n", before).count("\n") + 1
    bad = data[err.start:min(err.end, err.start + 4)]
    shown = ("bytes " if len(bad) > 1 else "byte ") + bad.hex(" ")
    return PageError(name, f"not valid {encoding.replace('-sig', '').upper()} ({shown}); "
                           "the file mixes encodings or is damaged", line=line)


def _checked(text: str, name: str) -> str:
    """Normalised text; PageError when it is mostly control characters (a binary file)."""
    text = _LINE_BREAKS_RE.sub("\n", text).replace("\ufeff", "")
    controls = _CONTROL_RE.findall(text)
    bad = len(controls) + text.count("\ufffd")
    if bad >= 4 and bad > len(text) * _MAX_CONTROL_SHARE:
        raise PageError(name, "not a text file (binary content)")
    return _CONTROL_RE.sub("", text) if controls else text


def read_page(path: Path, seeds: Path, warnings: list[PageError] | None = None) -> SeedPage:
    """Read and decode one page (PageError when it cannot be read or is not text)."""
    name = page_name(path, seeds)
    if has_surrogates(name):
        raise PageError(name, "file name is not valid UTF-8; rename the file")
    try:
        # Non-blocking, so that a pipe or device named like a page cannot hang the run.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise PageError(name, "not a regular file; skipped")
            data = fh.read(max_bytes(path) + 1)
    except OSError as err:
        raise PageError(name, f"cannot be read ({err.strerror or err})") from None
    if len(data) > max_bytes(path):
        raise PageError(name, f"page is more than the {max_bytes(path) // 1024 // 1024} MB a page may be; "
                              "split it into pages")
    if not data:
        raise PageError(name, "page is empty (0 bytes)")
    text, encoding = converted(data, name, path.suffix.lower(), warnings)
    if not text.strip():
        raise PageError(name, "page is empty (only whitespace)")
    log.info("%s: decoded as %s", name, encoding)
    return SeedPage(name=name, text=text, encoding=encoding, digest=_digest(text))


def converted(data: bytes, name: str, suffix: str, warnings: list[PageError] | None) -> tuple[str, str]:
    """A page's text and what it was read as: decoded text, or what the PDF or HTML reader makes of the file."""
    if suffix == ".pdf":
        from .pdf import pdf_page_text   # pdfplumber: loaded only for PDF pages

        return pdf_page_text(data, name), "pdf"
    if suffix in (".html", ".htm"):
        from .html import html_page_text   # trafilatura: loaded only for web pages

        return html_page_text(data, name)
    return decode(data, name, warnings)


def _digest(text: str) -> str:
    """Identity of a page's decoded text: the same page in another encoding or with other line ends is the same."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_pages(seeds: Path, errors: list[PageError]) -> Iterator[SeedPage]:
    """Yield every readable page; problems are appended to errors, duplicate pages skipped with a warning."""
    seen: dict[str, str] = {}
    paths = find_pages(seeds, errors)
    if not paths:
        errors.append(PageError(str(seeds), "no pages found (pages are .txt, .md, .pdf or .html files)", warning=True))
    for path in paths:
        try:
            page = read_page(path, seeds, errors)
        except PageError as err:
            errors.append(err)
            continue
        if page.digest in seen:
            errors.append(PageError(page.name, f"same page as {seen[page.digest]}; skipped", warning=True))
            continue
        seen[page.digest] = page.name
        yield page
