"""Below 80x24 one line says the size needed and the screen beneath keeps working (issue 20:
at 60x20 the notice covered the screen and every key was lost)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from bb_tui.tui.dialogs.too_small import SizeNotice
from tests.support.piloting import run_test, screen_text
from tests.support.results import settle

SESSION = Path("demo") / "joanne-hallett.toml"


def notice_lines(app) -> list[str]:
    return [line for line in screen_text(app).splitlines() if "Needs 80x24" in line]


async def test_at_60x20_the_list_takes_keys_under_a_one_line_notice(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(60, 20)) as pilot:
        await settle(pilot)
        assert notice_lines(app) == [" Needs 80x24, this is 60x20 · enlarge the window".ljust(60)]
        assert app.screen.query_one(SizeNotice).region.height == 1
        await pilot.press("n", "A", "n", "n")
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Ann"
        assert len(notice_lines(app)) == 1  # on the dialog too
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "StartScreen"


async def test_a_session_opened_small_is_scored_and_left(demo_dir, make_app):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(60, 20)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "OverviewScreen"
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "EnablerScreen"
        enabler = app.screen.enabler.id
        await pilot.press("5")
        await settle(pilot)
        assert app.current.session.state(enabler) == 5
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "OverviewScreen"


async def test_the_notice_goes_once_the_terminal_is_large_enough(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(60, 20)) as pilot:
        await settle(pilot)
        assert notice_lines(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not notice_lines(app)
        assert not app.screen.query(SizeNotice)


async def test_ctrl_q_quits_when_small(demo_dir, make_app):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(50, 15)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.return_code == 0


def test_snapshot_overview_at_60x20(snap_compare, demo_dir, make_app):
    async def run_before(pilot) -> None:
        await settle(pilot)

    assert snap_compare(
        make_app(Path("demo"), SESSION), terminal_size=(60, 20), run_before=run_before
    )
