"""Shared fixtures: a copy of the project in a temporary folder, so tests never touch the work tree."""
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run_fresh(code: str) -> None:
    """Run code in a new Python process, from the repository (so nothing this test session imported is loaded); its error fails the test."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@contextmanager
def library_upgraded(monkeypatch, name: str):
    """Within the block, the generator's keys see another installed version of the library name."""
    from generator.runtime import cache
    from generator.runtime import codekey

    real_versions = codekey.installed_versions
    monkeypatch.setattr(codekey, "installed_versions", lambda names, path: {**real_versions(names, path), name: "99.0"})
    forget_keys = (codekey.environment_key.cache_clear, cache.output_code_key.cache_clear)
    for forget in forget_keys:
        forget()
    try:
        yield
    finally:
        monkeypatch.setattr(codekey, "installed_versions", real_versions)
        for forget in forget_keys:
            forget()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """mkdocs.yml, docs/ (hand-written pages only), site_templates/ and seeds/ copied to tmp_path."""
    return copy_project(tmp_path)


@pytest.fixture
def in_project(project: Path, monkeypatch) -> Path:
    """The project copy as the current folder (the CLI's defaults are relative)."""
    monkeypatch.chdir(project)
    return project


def copy_project(root: Path) -> Path:
    """Copy the project's site sources (not generated output) into root."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for d in ("site_templates", "seeds", "overrides"):
        shutil.copytree(ROOT / d, root / d)
    (root / "docs").mkdir()
    for name in ("index.md", "about.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, root / "docs" / name)
    for d in ("assets", "stylesheets"):
        shutil.copytree(ROOT / "docs" / d, root / "docs" / d)
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The seeds built three times in one project copy: site1 and site2 alike (to compare), site3 with Pagefind."""
    from generator.app.cli import main

    root = copy_project(tmp_path_factory.mktemp("project"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build", "--site", "site1"]) == 0
        assert main(["build", "--site", "site2"]) == 0
        assert main(["build", "--site", "site3", "--pagefind"]) == 0
    finally:
        os.chdir(cwd)
    return root
