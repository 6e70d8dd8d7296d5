"""Fixtures for the app tests: a fresh copy of the demo sessions and an app built on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_demo


@pytest.fixture
def demo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions at ./demo inside a temp folder (the cwd), never the originals."""
    return copy_demo(tmp_path, monkeypatch)


@pytest.fixture
def make_app(framework):
    """Build the app as `bb-tui` would, without blinking cursors, on a fixed theme."""
    from bb_tui.tui.app import BBApp

    def build(sessions: Path, open_path: Path | None = None, theme: str = "textual-dark"):
        return BBApp(framework, sessions, open_path, cursor_blink=False, theme=theme)

    return build
