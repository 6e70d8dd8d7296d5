"""Fixtures for the reliability suite: copies of the demo folder, async tests, the app helpers.

The helpers for driving the app (piloting.py: Pilot text; ptyrun.py: a real pty) live beside
the functional tests and are shared, not copied.
"""

from __future__ import annotations

import asyncio
import inspect
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sessions" / "demo"
sys.path.insert(0, str(ROOT / "tests" / "functional"))


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions (and partnership file) at ./demo in a temp folder (the cwd)."""
    target = tmp_path / "demo"
    target.mkdir()
    for path in DEMO.glob("*.toml"):
        shutil.copy2(path, target / path.name)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """Run `async def` tests with asyncio.run (no async plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None
