"""Fixtures for the reliability suite: copies of the demo folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.demo import copy_demo


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions (and partnership file) at ./demo in a temp folder (the cwd)."""
    return copy_demo(tmp_path, monkeypatch)
