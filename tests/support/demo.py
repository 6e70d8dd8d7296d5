"""The repository's paths and a private copy of the demo sessions folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
DEMO = REPO / "sessions" / "demo"


def copy_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions (and partnership file) at ./demo in a temp folder made the cwd."""
    target = tmp_path / "demo"
    target.mkdir()
    for path in DEMO.glob("*.toml"):
        shutil.copy2(path, target / path.name)
    monkeypatch.chdir(tmp_path)
    return target
