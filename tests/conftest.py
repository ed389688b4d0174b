"""Shared fixtures: a copy of the project in a temporary folder, so tests never touch the work tree."""
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """mkdocs.yml, docs/ (hand-written pages only), site_templates/ and seeds/ copied to tmp_path."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", tmp_path / "site_templates")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "docs").mkdir()
    for name in ("index.md", "about.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, tmp_path / "docs" / name)
    return tmp_path


@pytest.fixture
def in_project(project: Path, monkeypatch) -> Path:
    """The project copy as the current folder (the CLI's defaults are relative)."""
    monkeypatch.chdir(project)
    return project
