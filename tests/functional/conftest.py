"""Fixtures for the app tests: fresh copies of the demo sessions, never the originals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.demo import DEMO, copy_demo


@pytest.fixture
def demo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions at ./demo inside a temp folder (the cwd), never the originals."""
    return copy_demo(tmp_path, monkeypatch)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo folder named "demo" (the name shows in the status line)."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder
