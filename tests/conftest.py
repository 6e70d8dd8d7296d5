"""Shared fixtures (the bundled framework, the paths tests read from, the app) and the one async runner.

Helpers are plain modules in tests/support/, imported as `from tests.support import piloting`.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from bb_tui.core.framework import BUNDLED_FRAMEWORK, Framework, load_framework
from tests.support import piloting
from tests.support.accounts import NEEDS_ROOT, make_team, remove_team, team_in
from tests.support.demo import DATA, DEMO, REPO

# Bytecode is cached for this run (the xdist workers start after this file is read, and every
# bb-tui a test starts inherits it): under PYTHONDONTWRITEBYTECODE each worker compiled the package
# and rewrote every test module from source, and each child process a test started compiled
# what it imported again. The .pyc files go in __pycache__ (git-ignored), as benchmarks/ does.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# Property tests draw the same examples on every run, so a run that passed passes again in CI;
# HYPOTHESIS_PROFILE=random draws new ones (for looking, not for CI).
settings.register_profile("suite", derandomize=True)
settings.register_profile("random", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


# Collect garbage less often, and never look again at what collection left (modules, tests):
# an app's widgets are freed only by the cyclic collector, and its full passes over a heap of
# every module the suite imports took 17% of a Textual test's CPU (6.8 s of 49.6 s in four
# app-heavy files; 2.2 s with this). Each xdist worker runs this after its own collection.
GC_THRESHOLD = (10_000, 10, 10)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME is an empty folder of this test's own: exports (~/bb-tui-exports) and settings written
    to ~ never meet another test, another xdist worker, or the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


@pytest.fixture(autouse=True)
def notices_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """What each app notifies is kept for `piloting.notifications` (Textual's public `notify`,
    wrapped: what a notification list holds inside the app is Textual's own business)."""
    piloting.record_notices(monkeypatch)


@pytest.fixture(autouse=True)
def live_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screens do not watch their folder in tests unless a test asks (BB_TUI_LIVE=poll:0.1):
    no watcher thread changes a screen behind a test's back, and status lines stay as they were."""
    monkeypatch.setenv("BB_TUI_LIVE", "off")


@pytest.fixture(autouse=True)
def unicode_marks() -> Iterator[None]:
    """Each test starts with the Unicode marks a UTF-8 terminal gets: the app's choice of marks
    is kept per process (tui/glyphs.py), so a TERM=linux test must not leave ASCII behind for the
    next test in the same worker."""
    from bb_tui.tui import glyphs

    utf8 = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
    glyphs.choose(False, environ=utf8)
    yield
    glyphs.choose(False, environ=utf8)


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
    return DEMO


@pytest.fixture(scope="session")
def accounts():
    """Real accounts, when root: one group and three users (alice, bob, facilitator) per test
    process, removed when the run ends (useradd and userdel cost about a second each time);
    skipped with the reason when not root."""
    if os.geteuid() != 0:
        pytest.skip(NEEDS_ROOT)
    base = Path(tempfile.mkdtemp(prefix="bb-team-"))
    made = make_team(base)
    try:
        yield made
    finally:
        remove_team(made)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def team(accounts):
    """The accounts with new, empty homes and a new shared folder (mode 3775) of this test's own,
    in its own folder under /tmp (pytest's own temp root is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="bb-team-"))
    try:
        yield team_in(accounts, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def make_app(framework):
    """Build the app as `bb-tui` would, without blinking cursors, on a fixed theme."""
    from bb_tui.tui.app import BBApp

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
