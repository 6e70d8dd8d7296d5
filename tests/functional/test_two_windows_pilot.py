"""Two windows on one session, the other window played by the test (issue 20): the window
holding the session says in its bar's second line when another opens it and takes in that
window's saves when nothing here is unsaved; a conflict copy is said there too, never in a
notification box. The picture at 80x24 is a snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from bb_tui.core.session import SessionFile
from bb_tui.storage.safesave import InUseLock
from tests.support.piloting import run_test, screen_text
from tests.support.results import settle

SESSION = Path("demo") / "joanne-hallett.toml"  # 6/12 enablers


@pytest.fixture
def live(monkeypatch):
    monkeypatch.setenv("BB_TUI_LIVE", "poll:0.1")


async def until(pilot, check, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if check():
            return
        await pilot.pause(0.1)
    raise AssertionError(screen_text(pilot.app))


def other_window_scores(framework, enabler_id: str, score: int) -> None:
    """What another window's save does to the file."""
    other = SessionFile.open(SESSION, framework)
    other.session.set_score(enabler_id, score)
    other.save()


async def test_the_holder_is_told_and_takes_in_the_other_windows_saves(
    demo_dir, make_app, framework, live
):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Also open" not in screen_text(app)
        other = InUseLock(SESSION)
        assert other.acquire() is not None  # held by the app
        assert other.tell_holder("anyway")
        await until(pilot, lambda: "Also open in another window, editing too" in screen_text(app))
        assert not app.screen.query("Toast")  # no notification box

        unscored = next(e.id for e in framework.enablers if app.current.session.state(e.id) is None)
        other_window_scores(framework, unscored, 4)
        await until(pilot, lambda: "7/12 enablers" in screen_text(app))
        assert app.current.session.state(unscored) == 4
        assert "7/12 enablers" in str(app.screen.query_one("#summary", Static).content)

        await pilot.press("enter")  # the same enabler: a score here now saves into the file
        await settle(pilot)
        assert app.screen.enabler.id == unscored
        await pilot.press("2")
        await until(pilot, lambda: not app.current.unsaved)
        assert not list(Path("demo").glob("*.conflict-*"))  # over the taken-in save, no conflict
        assert SessionFile.open(SESSION, framework).session.state(unscored) == 2

        other.tell_holder("closed")
        await until(pilot, lambda: "Also open" not in screen_text(app))


async def test_a_conflict_copy_is_said_in_the_bar_not_a_box(demo_dir, make_app, framework, live):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.current.saver.delay = app.current.saver.max_delay = 3.0  # the other saves first
        enabler = app.screen.enabler.id
        await pilot.press("5")
        other_window_scores(framework, enabler, 1)
        app.current.flush()
        await until(pilot, lambda: "This window now saves to" in screen_text(app))
        assert "joanne-hallett.conflict-" in screen_text(app)
        assert not app.screen.query("Toast")


def test_snapshot_the_holder_told_of_another_window(snap_compare, demo_dir, make_app, live):
    async def run_before(pilot) -> None:
        await settle(pilot)
        other = InUseLock(SESSION)
        other.acquire()
        other.tell_holder("read-only")
        await until(pilot, lambda: "Also open" in screen_text(pilot.app))
        await settle(pilot)

    assert snap_compare(
        make_app(Path("demo"), SESSION), terminal_size=(80, 24), run_before=run_before
    )


def test_snapshot_a_conflict_copy_on_the_enabler_screen(
    snap_compare, demo_dir, make_app, framework, live, monkeypatch
):
    import time

    strftime = time.strftime
    stamp = "%Y%m%d-%H%M%S"  # the copy's name, as reserve_conflict_copy stamps it: fixed here
    monkeypatch.setattr(
        time, "strftime", lambda f, *t: "20261207-120000" if f == stamp else strftime(f, *t)
    )

    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.current.saver.delay = app.current.saver.max_delay = 3.0  # the other saves first
        enabler = app.screen.enabler.id
        await pilot.press("5")
        other_window_scores(framework, enabler, 1)
        app.current.flush()
        await until(pilot, lambda: "This window now saves to" in screen_text(app))
        await settle(pilot)

    app = make_app(Path("demo"), SESSION)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
