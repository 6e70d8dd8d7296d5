"""Fixtures for the app tests: a fresh copy of the demo sessions and an app built on it."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest

from bb_tui.framework import load_framework

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sessions" / "demo"


@pytest.fixture(scope="session")
def framework():
    return load_framework()


@pytest.fixture
def demo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions at ./demo inside a temp folder (the cwd), never the originals."""
    target = tmp_path / "demo"
    target.mkdir()
    for path in DEMO.glob("*.toml"):
        shutil.copy2(path, target / path.name)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture
def make_app(framework):
    """Build the app as `bb-tui` would, without blinking cursors, on a fixed theme."""
    from bb_tui.app import BBApp

    def build(sessions: Path, open_path: Path | None = None, theme: str = "textual-dark"):
        return BBApp(framework, sessions, open_path, cursor_blink=False, theme=theme)

    return build


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """Run `async def` tests with asyncio.run (no async plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None
