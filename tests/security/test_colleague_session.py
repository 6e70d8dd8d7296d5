"""A colleague's session on the shared server: the facilitator is asked before opening alice's file.

The app runs under Textual's Pilot in a child that has dropped to the facilitator (or alice). The
child cannot read the interpreter's standard library (under /root), so the same scenario runs once
as root first, against a file root does not own, to load everything it needs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bb_tui.core.framework import load_framework
from bb_tui.storage.safesave import InUseLock
from bb_tui.tui.app import BBApp
from bb_tui.tui.dialogs.colleague import ColleagueScreen
from bb_tui.tui.screens.participant.enabler import EnablerScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.accounts import as_user, own, run_coroutine
from tests.support.demo import DEMO
from tests.support.piloting import run_test, screen_text

SESSION = "joanne-hallett.toml"
PERSON = "Joanne Hallett"
FW = load_framework()
ENV = {"BB_TUI_LIVE": "off"}


async def open_from_list(folder: Path, keys: tuple[str, ...], asked_by: str | None) -> str:
    """Enter on SESSION's row in `folder`'s list, check for the dialog, press `keys`; the screen."""
    from textual.widgets import OptionList

    app = BBApp(FW, folder, None, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        options = app.screen.query_one(OptionList)
        options.highlighted = next(
            i
            for i in range(options.option_count)
            if (options.get_option_at_index(i).id or "").endswith(SESSION)
        )
        await pilot.press("enter")
        await pilot.pause()
        if asked_by is None:
            assert isinstance(app.screen, OverviewScreen), app.screen
        else:
            assert isinstance(app.screen, ColleagueScreen), app.screen
            assert f"This is {PERSON}'s session (file owned by {asked_by})" in screen_text(app)
        await pilot.press(*keys)
        await pilot.pause()
        shown = type(app.screen).__name__
        read_only = app.current is not None and app.current.read_only
        await pilot.press("ctrl+q")
    return f"{shown} read_only={read_only}"


async def open_named(path: Path) -> str:
    """`bb-tui score FILE`: the app opened on one file."""
    app = BBApp(FW, path.parent, path, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        shown = type(app.screen).__name__
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
    return shown


def run(scenario) -> int:
    print(run_coroutine(scenario))
    return 0


@pytest.fixture(autouse=True, scope="module")
def _imported_beforehand(tmp_path_factory):
    """Every path below once as root, on a file owned by someone else (uid 65534)."""
    import os

    folder = tmp_path_factory.mktemp("warm") / "team"
    folder.mkdir()
    path = Path(shutil.copy(DEMO / SESSION, folder / SESSION))
    os.chown(path, 65534, 65534)
    os.environ.setdefault("BB_TUI_LIVE", "off")
    for keys in (("r", "enter", "4", "s", "backspace"), ("escape",), ("o",)):
        run_coroutine(open_from_list(folder, keys, asked_by=_name(65534)))
    run_coroutine(open_named(path))


def _name(uid: int) -> str:
    from bb_tui.storage.safesave import user_name

    return user_name(uid)


def alice_session(team) -> Path:
    path = Path(shutil.copy(DEMO / SESSION, team.shared / SESSION))
    own(path, team.alice, 0o664)
    return path


def test_the_facilitator_is_asked_and_read_only_leaves_alices_file_byte_identical(team):
    path = alice_session(team)
    before = path.read_bytes()
    keys = ("r", "enter", "4", "s", "backspace")  # read-only, then try to score 4 and save
    out = as_user(
        team.facil,
        lambda: run(open_from_list(team.shared, keys, team.alice.name)),
        cwd=team.shared,
        env=ENV,
    )
    assert out.rc == 0, out.err
    assert f"{EnablerScreen.__name__} read_only=True" in out.out
    assert path.read_bytes() == before
    assert path.stat().st_uid == team.alice.uid


def test_cancel_returns_the_facilitator_to_the_list_holding_nothing(team):
    path = alice_session(team)
    before = path.read_bytes()
    out = as_user(
        team.facil,
        lambda: run(open_from_list(team.shared, ("escape",), team.alice.name)),
        cwd=team.shared,
        env=ENV,
    )
    assert out.rc == 0, out.err
    assert f"{StartScreen.__name__} read_only=False" in out.out
    assert path.read_bytes() == before
    lock = InUseLock(path)
    assert lock.acquire() is None
    lock.release()


def test_score_file_on_alices_session_asks_the_facilitator(team):
    path = alice_session(team)
    out = as_user(team.facil, lambda: run(open_named(path)), cwd=team.shared, env=ENV)
    assert out.rc == 0, out.err
    assert ColleagueScreen.__name__ in out.out


def test_alice_opening_her_own_session_is_not_asked(team):
    alice_session(team)
    out = as_user(
        team.alice,
        lambda: run(open_from_list(team.shared, ("escape",), None)),
        cwd=team.shared,
        env=ENV,
    )
    assert out.rc == 0, out.err
    assert f"{StartScreen.__name__} read_only=False" in out.out  # back from the overview
