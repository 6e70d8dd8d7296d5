"""Two copies of the app on one file: the second is told, and no save overwrites the other's."""

from __future__ import annotations

import os
import signal
import time
import tomllib
from pathlib import Path

from bb_tui.core.session import SessionFile
from bb_tui.storage.safesave import InUseLock
from bb_tui.tui.dialogs.in_use import InUseScreen
from bb_tui.tui.screens.participant.enabler import EnablerScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.widgets.sessionbar import SessionBar
from tests.support.piloting import notifications, run_test, screen_text, wait_until
from tests.support.ptyrun import PtyApp

SESSION = "joanne-hallett.toml"


def scores(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8")).get("scores", {})


async def test_read_only_when_another_copy_holds_it(demo_dir, make_app):
    path = demo_dir / SESSION
    before = path.read_bytes()
    other = InUseLock(path)
    assert other.acquire() is None
    try:
        app = make_app(Path("demo"), open_path=path)
        async with run_test(app, size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, InUseScreen)
            assert f"bb-tui process {os.getpid()}" in screen_text(app)
            await pilot.press("r")
            assert isinstance(app.screen, OverviewScreen)
            assert "read-only" in screen_text(app)
            await pilot.press("enter", "4", "s", "backspace")
            assert isinstance(app.screen, EnablerScreen)
            assert any("read-only" in n for n in notifications(app))
            await pilot.press("ctrl+q")
    finally:
        other.release()
    assert path.read_bytes() == before


async def test_a_save_never_overwrites_a_change_made_elsewhere(demo_dir, make_app, framework):
    path = demo_dir / SESSION
    other = InUseLock(path)
    assert other.acquire() is None
    app = make_app(Path("demo"), open_path=path)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")  # open anyway
        assert isinstance(app.screen, OverviewScreen)
        assert "Also open in bb-tui process" in screen_text(app)  # the bar, not a box
        assert not notifications(app)

        # Meanwhile the other copy saves a change of its own.
        elsewhere = SessionFile.open(path, framework)
        elsewhere.session.set_score("locality", 5)
        elsewhere.save()
        other.release()

        await pilot.press("enter", "1")  # locality: this copy says 1
        copies = await wait_until(  # after the autosave delay
            pilot, lambda: sorted(demo_dir.glob("joanne-hallett.conflict-*.toml"))
        )
        assert len(copies) == 1
        now_saves = f"This window now saves to {copies[0].name}"  # the bar's second line
        assert await wait_until(pilot, lambda: now_saves in screen_text(app))
        assert scores(path)["locality"] == 5  # theirs, untouched
        assert scores(copies[0])["locality"] == 1  # ours, kept beside it
        assert not notifications(app)  # said in the bar, not in a box
        assert "! saving to a conflict copy" in screen_text(app)
        bar = app.screen.query_one(SessionBar)
        assert bar.has_class("-problem")

        # Later edits keep going to the conflict copy, never to their file.
        await pilot.press("n", "4")
        await pilot.press("ctrl+q")
    assert scores(path) == {**scores(path), "locality": 5}
    assert "single-service" not in scores(path)
    assert scores(copies[0])["single-service"] == 4
    assert len(list(demo_dir.glob("joanne-hallett.conflict-*.toml"))) == 1


def test_two_real_copies_in_two_terminals(demo_dir):
    """Two bb-tui processes, one file: the second is told who has it; both edits survive."""
    path = demo_dir / SESSION
    first = PtyApp(["-m", "bb_tui", "score", str(path)])
    second = None
    try:
        first.wait_for(b"Progress:", timeout=15)
        first.send(b"\r")
        first.wait_for(b"Maturity indicators")
        second = PtyApp(["-m", "bb_tui", "score", str(path)])
        second.wait_for(b"already open", timeout=15)
        second.wait_for(f"bb-tui process {first.pid}".encode())
        second.send(b"o")
        second.wait_for(b"Progress:")
        at = second.mark()
        second.send(b"\r")
        second.wait_for_after(at, b"Maturity indicators")

        at = first.mark()
        first.send(b"3")  # first copy: locality 3, saved
        first.wait_for_after(at, b"[3]")
        deadline = time.monotonic() + 3
        while scores(path).get("locality") != 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # the first copy's autosave lands
        at = second.mark()
        second.send(b"5")  # second copy: locality 5 -> conflict copy
        second.wait_for_after(at, b"[5]")
        second.wait_for_after(at, b"This window now saves to", timeout=5)
        for app in (first, second):
            os.kill(app.pid, signal.SIGTERM)
            assert app.wait_exit(2.0) is not None
    finally:
        first.kill()
        if second is not None:
            second.kill()
    copies = list(demo_dir.glob("joanne-hallett.conflict-*.toml"))
    assert scores(path)["locality"] == 3
    assert len(copies) == 1 and scores(copies[0])["locality"] == 5
