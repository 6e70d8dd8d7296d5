"""Shared fixtures: the bundled framework and the paths tests read from."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest

from bb_tui.core.framework import BUNDLED_FRAMEWORK, Framework, load_framework

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def framework() -> Framework:
    """The bundled Beyond Boundaries framework, loaded once."""
    return load_framework(BUNDLED_FRAMEWORK)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: good/ and hostile/ session files, frameworks/, expected-errors.toml."""
    return DATA


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return REPO / "sessions" / "demo"


def copy_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions (and partnership file) at ./demo in a temp folder made the cwd."""
    target = tmp_path / "demo"
    target.mkdir()
    for path in (REPO / "sessions" / "demo").glob("*.toml"):
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
