"""Fixtures for the reliability suite: copies of the demo folder, async tests, the app helpers.

The helpers for driving the app (piloting.py: Pilot text; ptyrun.py: a real pty) live beside
the functional tests and are shared, not copied.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import copy_demo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "functional"))


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions (and partnership file) at ./demo in a temp folder (the cwd)."""
    return copy_demo(tmp_path, monkeypatch)
