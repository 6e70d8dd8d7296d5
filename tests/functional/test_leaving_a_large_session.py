"""Leaving a session with a large unsaved change answers at once: the save before leaving runs off
the UI thread (the bar says so meanwhile), a failure still asks, and the sessions list reads a large
file that changed in its background scan, then puts the cursor back on it.
(Timing is measured in benchmarks/bench_large_files.py, not here.)"""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

from bb_tui.core import autosave, listing
from bb_tui.tui.dialogs.unsaved import UnsavedScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.large_sessions import WHO, make_large
from tests.support.piloting import notifications, run_test, screen_text, wait_until, workers_done


def score_of(path: Path, enabler: str) -> int | None:
    return tomllib.loads(path.read_text("utf-8"))["scores"].get(enabler)


async def test_the_save_before_leaving_runs_off_the_ui_thread_and_the_bar_says_so(
    demo_dir, make_app, monkeypatch
):
    path = demo_dir / WHO
    monkeypatch.setattr(autosave, "DELAY", 60.0)  # only the save on leaving writes
    monkeypatch.setattr(autosave, "MAX_DELAY", 60.0)
    release = threading.Event()
    written_on: list[str] = []
    real = autosave.guarded_write

    def held_write(target, data, expected, owner=None):
        written_on.append(threading.current_thread().name)
        release.wait(10)
        return real(target, data, expected, owner)

    monkeypatch.setattr(autosave, "guarded_write", held_write)
    app = make_app(demo_dir, path)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("enter", "3", "escape")  # locality 3, back on the overview
        assert app.current.unsaved
        await pilot.press("escape")  # leave: the save is held mid-write
        assert await wait_until(pilot, lambda: written_on)
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)  # still here while it saves...
        assert "saving" in screen_text(app).splitlines()[0]  # ...and says so
        assert threading.main_thread().name not in written_on
        await pilot.press("escape")  # a second escape meanwhile is not a second close
        release.set()
        assert await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.pause()
        assert app.current is None
    assert score_of(path, "locality") == 3
    assert written_on == [written_on[0]]  # one write


async def test_a_failed_save_before_leaving_still_asks_and_stay_keeps_the_session(
    demo_dir, make_app, monkeypatch
):
    from bb_tui.storage.errors import SaveError

    path = demo_dir / WHO
    monkeypatch.setattr(autosave, "DELAY", 60.0)
    monkeypatch.setattr(autosave, "MAX_DELAY", 60.0)
    full = {"on": True}
    real = autosave.guarded_write

    def flaky(target, data, expected, owner=None):
        if full["on"]:
            raise SaveError(target, "not saved: the disk is full")
        return real(target, data, expected, owner)

    monkeypatch.setattr(autosave, "guarded_write", flaky)
    app = make_app(demo_dir, path)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("enter", "4", "escape", "escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, UnsavedScreen))
        await pilot.press("escape")  # stay
        assert isinstance(app.screen, OverviewScreen) and app.current is not None
        assert "saving" not in screen_text(app).splitlines()[0]
        full["on"] = False
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
    assert score_of(path, "locality") == 4


async def test_the_list_reads_a_large_changed_file_in_the_background_and_returns_to_it(
    demo_dir, make_app, framework, monkeypatch
):
    path = make_large(demo_dir, framework, "cjk")  # over the list's 256 KiB read up front
    read_on: dict[str, list[str]] = {}
    real = listing.parse_toml_bytes

    def recording(p, *args, **kwargs):
        read_on.setdefault(Path(p).name, []).append(threading.current_thread().name)
        return real(p, *args, **kwargs)

    monkeypatch.setattr(listing, "parse_toml_bytes", recording)
    app = make_app(demo_dir, path)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("enter", "3", "escape", "escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        start = app.screen
        await workers_done(app)
        assert await wait_until(pilot, lambda: not start.scanning)
        await pilot.pause()
        assert threading.main_thread().name not in read_on[WHO]  # the large one: off the UI
        assert any(threading.main_thread().name in on for on in read_on.values())  # small ones
        names = [entry.path.name for entry in start.listing.sessions]
        assert names == sorted(names)  # in folder order, the large one in its place
        sessions = start.query_one("#sessions")
        assert sessions.get_option_at_index(sessions.highlighted).id == str(path)
        assert "Joanne Hallett" in screen_text(app)
    assert score_of(path, "locality") == 3


async def test_enter_on_a_large_session_reads_it_off_the_ui_thread_and_says_so(
    demo_dir, make_app, framework, monkeypatch
):
    from bb_tui.core import session as session_module
    from bb_tui.tui.screens.participant.overview import OverviewScreen

    path = make_large(demo_dir, framework, "long-line")
    release = threading.Event()
    read_on: list[str] = []
    real = session_module.read_session_owned

    def held_read(p, *args, **kwargs):
        read_on.append(threading.current_thread().name)
        release.wait(10)
        return real(p, *args, **kwargs)

    app = make_app(demo_dir)
    async with run_test(app, size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: not app.screen.scanning)
        sessions = app.screen.query_one("#sessions")
        ids = [sessions.get_option_at_index(i).id for i in range(sessions.option_count)]
        sessions.highlighted = ids.index(str(path))
        monkeypatch.setattr(session_module, "read_session_owned", held_read)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: read_on)
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert f"Opening {WHO}" in screen_text(app)
        assert threading.main_thread().name not in read_on
        await pilot.press("enter")  # a second enter meanwhile opens nothing more
        release.set()
        assert await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        assert app.current is not None and app.current.path == path
        assert len(read_on) == 1
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        assert f"Opening {WHO}" not in screen_text(app)


async def test_a_broken_file_chosen_in_the_list_is_told_in_one_line_and_the_list_stays(
    demo_dir, make_app
):
    from bb_tui.tui.screens.participant.start import NEW

    app = make_app(demo_dir)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        bad = demo_dir / WHO
        bad.write_text("not = [valid", "utf-8")  # broken after it was listed
        sessions = app.screen.query_one("#sessions")
        ids = [sessions.get_option_at_index(i).id for i in range(sessions.option_count)]
        assert ids[0] == NEW
        sessions.highlighted = ids.index(str(bad))
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: any(WHO in n for n in notifications(app)))
        assert isinstance(app.screen, StartScreen) and app.current is None
        assert "Opening" not in screen_text(app)
