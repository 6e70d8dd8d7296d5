"""Folder, file and participant names are plain text wherever the app shows them.

A sessions folder named `team[/x]` (a closing tag: MarkupError if read as markup) or
`[@click=app.quit]` (an action if read as markup), a session file in it with markup in its name,
and a participant called `[@click=app.quit]x[/]`: every screen, dialog and notification that
shows them must not crash, must show them exactly, and must never turn them into an action.
File names cannot hold "/", so the `[/x]` reaches a file's shown path through its folder.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
import tomli_w
from textual.widgets import Input

from bb_tui.tui.dialogs.export_dialog import ExportScreen
from bb_tui.tui.dialogs.new_session import NewSessionScreen
from bb_tui.tui.screens.group.results import ResultsScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.piloting import notices, notifications, run_test, screen_text, workers_done

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
PERSON = "[@click=app.quit]x[/]"
FILE_NAME = "odd[b][@click=app.quit].toml"
BROKEN_NAME = "[@click=app.quit]broken[b].toml"


def hostile_folder(base: Path, name: str) -> Path:
    """A sessions folder called `name` (with the demo, a hostile session and a broken file)."""
    folder = base / name
    folder.mkdir(parents=True)
    for source in sorted(DEMO.glob("*.toml"))[:3]:
        shutil.copy(source, folder)
    data = tomllib.loads((DEMO / "marcus-leung.toml").read_text("utf-8"))
    data["participant"]["name"] = PERSON
    (folder / FILE_NAME).write_text(tomli_w.dumps(data), "utf-8")
    (folder / BROKEN_NAME).write_text("not = [toml", "utf-8")
    return folder


async def settle(pilot) -> None:
    """Let the workers (merge, charts, export) finish and their messages land."""
    for _ in range(4):
        await workers_done(pilot.app)
        await pilot.pause()


def no_markup_anywhere(app) -> None:
    """Every notification is plain text, and the app is still running (nothing quit it)."""
    assert all(not n.markup for n in notices(app))
    assert app.is_running and app.return_code is None


@pytest.mark.parametrize("folder_name", ["team[/x]", "[@click=app.quit]"])
async def test_names_are_literal_on_every_screen_dialog_and_notification(
    tmp_path, monkeypatch, make_app, folder_name
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = hostile_folder(tmp_path, folder_name)
    shown = Path(folder_name)  # the app is opened with a relative path, shown as given
    app = make_app(shown)
    async with run_test(app, size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        # the sessions list: the folder, the participant and the broken file's name
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert f"Sessions in {shown}" in text and PERSON in text and BROKEN_NAME in text

        # the new-session dialog names the file it will write, in that folder
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        assert f"File: {shown}/" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        # the hostile session opened: its overview and session bar
        app.open_session(shown / FILE_NAME)
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert PERSON in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        # group results: the files merged and rejected, with their paths
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("6")  # the files view
        await settle(pilot)
        text = screen_text(app)
        assert FILE_NAME in text and BROKEN_NAME in text

        # compare rounds: an earlier round beside it, with markup in its folder's name
        earlier = folder.parent / "spring[b][@click=app.quit]"
        shutil.copytree(DEMO, earlier)
        app.action_open_screen("rounds")
        await pilot.pause()
        assert str(earlier) in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        no_markup_anywhere(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)

        # export: the dialog names the folder; the refusal, the question and the notification too
        await pilot.press("x")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert f"Sessions in {shown}" in screen_text(app)
        out = shown / "exports[/x]"
        (folder / "exports[").mkdir()
        (folder / "exports[" / "x]").write_text("a file, not a folder")
        screen.query_one("#export-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = str(screen.query_one("#export-status").render())
        assert status.startswith(f"Not exported: {out}:"), status
        (folder / "exports[" / "x]").unlink()
        (folder / "exports[" / "x]").mkdir()
        (folder / "exports[" / "x]" / "report.md").write_text("earlier")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Already in {out}: report.md" in str(screen.query_one("#export-status").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        wrote = [n for n in notifications(app) if n.startswith("Wrote ")]
        assert wrote and wrote[-1].endswith(f" in {out}"), wrote
        await pilot.pause()
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any(t.endswith(f" in {out}") for t in toasts), toasts  # shown exactly
        no_markup_anywhere(app)
    assert (folder / "exports[" / "x]" / "scores.csv").exists()
