"""The group screens answer their key before merging a folder that holds a huge session file.

Opening f4, f6, f7 or f9 paints the screen (with its "Reading..." line) first; the merge runs
after that first paint, off the UI thread, and a file read by one screen is not parsed again by
the next while it is unchanged.
"""

from __future__ import annotations

import shutil
import threading

import pytest

from bb_tui.core import collection
from bb_tui.core.discussion import DiscussionPack
from bb_tui.tui.screens.group import background
from tests.support.large_sessions import WHO, make_large
from tests.support.piloting import run_test, workers_done

OPENING = {
    "f4": "ResultsScreen",
    "f6": "DiscussionScreen",
    "f7": "AgreedScreen",
    "f9": "CaseStudiesScreen",
}


@pytest.fixture
def large(tmp_path, demo_dir, framework):
    folder = tmp_path / "large"
    shutil.copytree(demo_dir, folder)
    make_large(folder, framework, "evidence-one")
    return folder


async def settle(pilot) -> None:
    for _ in range(4):
        await workers_done(pilot.app)
        await pilot.pause()


class Watch:
    """Notes, in order, each paint of a screen opened from now on (its layout refreshed onto the
    display: Textual's public `screen_layout_refresh_signal`, called as it is sent) and each
    merge (and on which thread)."""

    def __init__(self, app, monkeypatch) -> None:
        self.events: list[tuple[str, str, bool]] = []  # (what, screen class, on the UI thread)
        self.huge_parses = 0
        collect, load_bytes = collection.collect, collection.load_bytes

        def painted(screen) -> None:
            self.events.append(("paint", type(screen).__name__, True))

        def opened(screen) -> None:
            screen.screen_layout_refresh_signal.subscribe(app, painted, immediate=True)

        app.screen_change_signal.subscribe(app, opened, immediate=True)

        def _collect(*args, **kwargs):
            ui = threading.current_thread() is threading.main_thread()
            self.events.append(("merge", type(app.screen).__name__, ui))
            return collect(*args, **kwargs)

        def _load_bytes(path, data, framework, owner=None):
            self.huge_parses += path.name == WHO
            return load_bytes(path, data, framework, owner)

        monkeypatch.setattr(collection, "collect", _collect)
        monkeypatch.setattr(collection, "load_bytes", _load_bytes)

    def first(self, what: str, screen: str) -> int:
        return next(i for i, e in enumerate(self.events) if e[:2] == (what, screen))


async def test_each_screen_paints_first_and_a_huge_file_is_parsed_once(
    large, make_app, monkeypatch
):
    """Read once, the huge file is not parsed again by the next screen while it is unchanged;
    then, with the file changed before each, every screen paints before its merge starts."""
    # The order is what is tested: a merge waits for the first paint, and gives up after
    # PAINT_WAIT (1 s) only for a screen never shown, which a loaded machine can outlast.
    monkeypatch.setattr(background, "PAINT_WAIT", 60.0)
    app = make_app(large)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        watch = Watch(app, monkeypatch)
        for key in ("f4", "f6", "f7", "f9", "f6"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen.results is not None, key
            await pilot.press("escape")
            await pilot.pause()
        assert watch.huge_parses == 1
        (large / WHO).write_bytes((large / WHO).read_bytes() + b"\n")  # changed: read again
        await pilot.press("f6")
        await settle(pilot)
        assert watch.huge_parses == 2
        await pilot.press("escape")
        await pilot.pause()
        for key, name in OPENING.items():
            (large / WHO).write_bytes((large / WHO).read_bytes() + b"\n")  # to be read again
            watch.events.clear()
            parses = watch.huge_parses
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == name
            assert watch.first("paint", name) < watch.first("merge", name), (key, watch.events)
            assert all(not ui for what, _, ui in watch.events if what == "merge"), key
            assert app.screen.results is not None, key  # the figures did arrive
            assert watch.huge_parses == parses + 1, key  # the huge file was merged meanwhile
            await pilot.press("escape")
            await pilot.pause()


async def test_keys_work_while_the_figures_are_read(large, make_app, monkeypatch):
    """The pack says it is reading, shows no figure meanwhile, and leaves on escape at once."""
    from textual.widgets import Static

    gate = threading.Event()
    collect = collection.collect

    def slow_collect(*args, **kwargs):
        gate.wait(10)
        return collect(*args, **kwargs)

    app = make_app(large)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        monkeypatch.setattr(collection, "collect", slow_collect)
        await pilot.press("f6")
        await pilot.pause()
        pack = app.screen
        head = str(pack.query_one("#discussion-head", Static).render())
        assert "Working out the group's figures" in head
        assert "Mean" not in head and pack.pack() is None
        await pilot.press("right", "a")  # nothing to step through yet: no error
        assert pack.results is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is start
        gate.set()
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen.pack(), DiscussionPack)


async def test_names_key_says_at_once_that_the_pack_is_redrawn(large, make_app, monkeypatch):
    """a answers with a short line in the title while the figures are worked out again."""
    from textual.widgets import Static

    app = make_app(large)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        pack = app.screen
        title = pack.query_one("#panel-title", Static)
        assert "names hidden" not in str(title.render())
        gate = threading.Event()
        collect = collection.collect

        def slow_collect(*args, **kwargs):
            gate.wait(10)
            return collect(*args, **kwargs)

        monkeypatch.setattr(collection, "collect", slow_collect)
        await pilot.press("a")
        await pilot.pause()
        assert "hiding names..." in str(title.render())
        gate.set()
        await settle(pilot)
        shown = str(title.render())
        assert "(names hidden)" in shown and "hiding names..." not in shown
        await pilot.press("a")
        await settle(pilot)
        assert "names hidden" not in str(title.render())
