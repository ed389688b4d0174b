"""Write stage: put generated files in the docs folder, safely.

The generator writes only inside its own folders, keeps a manifest of what it
wrote, never replaces a file it did not write, writes atomically (temp file +
rename) and leaves unchanged files alone. A lock file keeps two runs apart.

A run killed halfway leaves every file whole (old or new) and a manifest that
already lists every file the run may have created, so the next run takes over
where it stopped.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import OutputError
from .atomic import TMP_NAME, TMP_PREFIX, atomic_write, same, stage, sync
from .lock import run_lock
from ..settings import MANIFEST_NAME, OWNED_DIRS



@dataclass(frozen=True)
class WriteReport:
    """What a write changed."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


_CONTROL = re.compile("[\x00-\x1f]")


def safe_relpath(rel: str) -> PurePosixPath:
    """A generated path, checked to stay inside an owned folder of docs.

    >>> safe_relpath("articles/a-1.md")
    PurePosixPath('articles/a-1.md')
    >>> safe_relpath("articles/../index.md")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    generator.errors.OutputError: articles/../index.md: refusing to write outside the generator's own folders (...)
    """
    path = PurePosixPath(rel) if isinstance(rel, str) else PurePosixPath()
    if not isinstance(rel, str) or path.is_absolute() or ".." in path.parts or len(path.parts) < 2 \
            or path.parts[0] not in OWNED_DIRS or "\\" in rel or _CONTROL.search(rel) \
            or path.name.startswith("."):
        raise OutputError(f"{rel}: refusing to write outside the generator's own folders {OWNED_DIRS}")
    return path


# A generated path in its usual shape: an owned folder, then names of letters, digits, "-",
# "_" and "." that start with none of ".-" (so no "..", no hidden file). safe_relpath accepts
# every such path; anything else is left to it.
_PLAIN_RELPATH = re.compile(f"(?:{'|'.join(map(re.escape, OWNED_DIRS))})(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)+")


def check_relpaths(rels) -> None:
    """safe_relpath of every path, with the usual shape checked by one pattern (a thousand pages per run)."""
    for rel in rels:
        if not (isinstance(rel, str) and _PLAIN_RELPATH.fullmatch(rel)):
            safe_relpath(rel)


def read_manifest(docs: Path) -> set[str]:
    """Paths the generator wrote last time (empty when there is no manifest)."""
    path = docs / MANIFEST_NAME
    if not path.exists():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data.get("files", []) if isinstance(data, dict) else None
        if not isinstance(files, list):
            raise ValueError('no "files" list')
    except (OSError, ValueError) as err:
        raise OutputError(f"{path}: unreadable manifest ({err}); remove it only if docs/ holds no hand-written "
                          "files there") from err
    for rel in files:
        if isinstance(rel, str) and _PLAIN_RELPATH.fullmatch(rel):
            continue  # the usual shape, which safe_relpath accepts (a thousand paths per run)
        try:
            safe_relpath(rel)
        except OutputError:
            raise OutputError(f"{path}: the manifest lists {rel!r}, outside the generator's own folders; "
                              "nothing was written (fix or remove the manifest)") from None
    return set(files)


def conflicts(docs: Path, files: dict[str, str], owned: set[str], existing: set[str] | None = None) -> list[str]:
    """Generated paths that would replace a file the generator did not write (existing: the paths there, if known)."""
    existing = present(docs, files) if existing is None else existing
    return [rel for rel in sorted(files) if rel in existing and rel not in owned]


def present(docs: Path, rels) -> set[str]:
    """The paths of rels that are in docs (as anything, links too)."""
    root = os.fspath(docs)
    return {rel for rel in rels if os.path.lexists(os.path.join(root, rel))}


def _write_batch(docs: Path, rels: list[str], files: dict[str, bytes] | dict[str, str]) -> None:
    """Write many files atomically: all temporary files, one sync, then the renames in order.

    One sync for the batch instead of an fsync per file (a third of a millisecond
    each, seconds at archive scale) keeps the guarantee that a renamed file's data
    is on disk.
    """
    staged: list[tuple[str, str]] = []
    made: set[str] = set()
    renamed = 0
    root = os.fspath(docs)   # paths as strings: a Path per file costs more than writing it
    try:
        for rel in rels:
            path = os.path.join(root, rel)
            try:
                staged.append((stage(path, files[rel], made), path))
            except OSError as err:
                raise OutputError(f"{path}: cannot write ({err.strerror or err})") from err
        sync([tmp for tmp, _ in staged])
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as err:
                raise OutputError(f"{path}: cannot write ({err.strerror or err})") from err
            renamed += 1
    finally:
        for tmp, _ in staged[renamed:]:
            Path(tmp).unlink(missing_ok=True)


def _write(path: Path, text: str) -> None:
    """atomic_write, with a failure as one clear error naming the file."""
    try:
        atomic_write(path, text)
    except OSError as err:
        raise OutputError(f"{path}: cannot write ({err.strerror or err})") from err


def _check_folders(docs: Path, rels: list[str]) -> None:
    """Refuse to write through links: every target folder must be a real folder inside docs."""
    for name in OWNED_DIRS:
        if (docs / name).is_symlink():
            raise OutputError(f"{docs / name}: is a link; the generator writes only into real folders of docs")
    root = docs.resolve()
    for parent in sorted({(docs / rel).parent for rel in rels}):
        while parent != docs and not parent.exists():
            parent = parent.parent
        try:
            parent.resolve().relative_to(root)
        except ValueError:
            raise OutputError(f"{parent}: links outside the docs folder; refusing to write there") from None


def _write_manifest(docs: Path, files: set[str] | list[str]) -> None:
    """Write the manifest (only when it changes, so an unchanged run touches nothing)."""
    text = json.dumps({"files": sorted(files)}, ensure_ascii=False, indent=1) + "\n"
    if not same(docs / MANIFEST_NAME, text.encode("utf-8")):
        _write(docs / MANIFEST_NAME, text)


def write_docs(docs: Path, files: dict[str, str]) -> WriteReport:
    """Write generated files into docs; remove files this generator wrote before and no longer makes."""
    check_relpaths(files)
    try:
        docs.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{docs}: cannot create the docs folder ({err.strerror})") from err
    if not os.access(docs, os.W_OK):
        raise OutputError(f"{docs}: docs folder is not writable")
    with run_lock(docs):
        owned = read_manifest(docs)
        existing = present(docs, files)
        clash = conflicts(docs, files, owned, existing)
        if clash:
            raise OutputError(f"{docs / clash[0]}: a hand-written file is where a generated page goes; "
                              f"nothing was written ({len(clash)} such file(s))")
        _check_folders(docs, sorted(files))
        _remove_leftover_temp_files(docs)
        # Each text is encoded when it is compared or written, never all at once:
        # the run would otherwise hold every page twice (as text and as bytes).
        root = os.fspath(docs)
        unchanged = sorted(rel for rel in existing if same(os.path.join(root, rel), files[rel]))
        kept = set(unchanged)
        todo = [rel for rel in sorted(files) if rel not in kept]
        # Claim every file this run may create before creating it: a run killed halfway
        # then leaves nothing the next run would take for a hand-written file.
        if set(files) - owned:
            _write_manifest(docs, owned | set(files))
        # New pages first, then changed ones, removals last: old pages keep their links
        # working for as long as possible.
        written = sorted(todo, key=lambda r: r in existing)
        _write_batch(docs, written, files)
        removed = []
        for rel in sorted(owned - set(files)):
            path = docs / rel
            if path.is_file() or path.is_symlink():
                try:
                    path.unlink()
                except OSError as err:
                    raise OutputError(f"{path}: cannot remove ({err.strerror or err})") from err
                removed.append(rel)
        _write_manifest(docs, set(files))
        _prune_empty(docs)
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _remove_leftover_temp_files(docs: Path) -> None:
    """Temporary files of a run that was killed before it could rename them."""
    for name in OWNED_DIRS:
        root = docs / name
        if root.is_dir() and not root.is_symlink():
            for tmp in root.rglob(f"{TMP_PREFIX}*"):
                if TMP_NAME.fullmatch(tmp.name) and tmp.is_file() and not tmp.is_symlink():
                    tmp.unlink()
    for tmp in docs.glob(f"{TMP_PREFIX}*.json"):
        if TMP_NAME.fullmatch(tmp.name) and tmp.is_file() and not tmp.is_symlink():
            tmp.unlink()


def _prune_empty(docs: Path) -> None:
    """Remove owned folders left empty by removals."""
    for name in OWNED_DIRS:
        root = docs / name
        if not root.is_dir() or root.is_symlink():
            continue
        for dirpath, _dirs, _files in sorted(os.walk(root), key=lambda t: -len(t[0])):
            if not os.listdir(dirpath):
                os.rmdir(dirpath)
