"""A session file someone else owns: the app asks before opening it (read-only, anyway, cancel).

Another owner is simulated by making os.geteuid() differ from the files' owner, so these run as
any user; tests/security/test_colleague_session.py does it with real accounts.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
import tomli_w
from textual.widgets import OptionList

from bb_tui.storage import safesave
from bb_tui.storage.safesave import InUseLock
from bb_tui.tui.dialogs.colleague import ColleagueScreen
from bb_tui.tui.screens.participant.enabler import EnablerScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.piloting import notifications, run_test, screen_text

SESSION = "joanne-hallett.toml"


@pytest.fixture
def someone_else(demo_dir, monkeypatch) -> None:
    """We are not the owner of the demo files; the owner is called 'alice'."""
    owner = os.stat(demo_dir / SESSION).st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)
    monkeypatch.setattr(safesave, "user_name", lambda uid: "alice" if uid == owner else "?")


async def select(app, pilot, name: str) -> None:
    """Highlight `name`'s row on the sessions list and press Enter."""
    await pilot.pause()
    assert isinstance(app.screen, StartScreen)
    options = app.screen.query_one(OptionList)
    for _ in range(50):
        if not app.screen.scanning:
            break
        await pilot.pause(0.05)
    index = next(
        i
        for i in range(options.option_count)
        if (options.get_option_at_index(i).id or "").endswith(name)
    )
    options.highlighted = index
    await pilot.press("enter")
    await pilot.pause()


async def test_cancel_leaves_the_session_free_and_read_only_changes_nothing(
    demo_dir, someone_else, make_app
):
    """Enter on a colleague's session asks; cancel goes back to the list taking no lock; asked
    again, read-only opens it and no key changes the file."""
    path = demo_dir / SESSION
    before = path.read_bytes()
    app = make_app(Path("demo"))
    async with run_test(app, size=(80, 24), notifications=True) as pilot:
        await select(app, pilot, SESSION)
        assert isinstance(app.screen, ColleagueScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.current is None
        other = InUseLock(path)
        assert other.acquire() is None  # cancel took no lock with it
        other.release()

        await select(app, pilot, SESSION)
        assert isinstance(app.screen, ColleagueScreen)
        text = screen_text(app)
        assert "This is Joanne Hallett's session" in text and "owned by alice" in text
        await pilot.press("r")
        assert isinstance(app.screen, OverviewScreen)
        assert app.current is not None and app.current.read_only
        await pilot.press("enter", "4", "s", "backspace")
        assert isinstance(app.screen, EnablerScreen)
        assert any("read-only" in n for n in notifications(app))
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before


async def test_a_hostile_name_is_plain_text_and_open_anyway_edits_as_before(
    demo_dir, someone_else, make_app
):
    path = demo_dir / SESSION
    data = tomllib.loads(path.read_text("utf-8"))
    data["participant"]["name"] = "[bold red]Eve[/]\x1b[2J\u202e"
    path.write_text(tomli_w.dumps(data), "utf-8")
    app = make_app(Path("demo"), open_path=path)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ColleagueScreen)  # `bb-tui score FILE` asks too
        text = screen_text(app)
        assert "This is [bold red]Eve[/][2J's session" in text  # markup shown, ESC dropped
        assert "\x1b" not in text and "\u202e" not in text
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        assert app.current is not None and not app.current.read_only


async def test_ones_own_session_opens_without_asking(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(80, 24)) as pilot:
        await select(app, pilot, SESSION)
        assert isinstance(app.screen, OverviewScreen)


def test_colleague_dialog_snapshot(snap_compare, demo_dir, someone_else, make_app):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(
        make_app(Path("demo"), demo_dir / SESSION), terminal_size=(80, 24), run_before=run_before
    )
