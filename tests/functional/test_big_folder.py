"""A big sessions folder: the start screen is up before the folder is read, and fills in.

The scan is held at a gate (a monkeypatched `parse_session`) so each step can be seen;
no timings are asserted.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from bb_tui.core import listing as sessionlist
from bb_tui.core.listing import list_sessions
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.start import BATCH, NEW, StartScreen
from tests.support.piloting import run_test, screen_text

ROOT = Path(__file__).resolve().parents[2]
FILES = 1200  # well over SMALL, and six batches of BATCH
HELD = 400  # the scan is held after this many files, then after twice as many
COUNT = re.compile(r"Reading sessions… ([\d,]+) of ([\d,]+)")


@pytest.fixture(scope="module")
def big(tmp_path_factory, framework) -> tuple[Path, list[str]]:
    """1,200 demo sessions under distinct names, one broken file, one partnership file;
    and the option ids of the list as `list_sessions` reads it."""
    folder = tmp_path_factory.mktemp("big") / "sessions"
    folder.mkdir()
    demo = sorted(
        p for p in (ROOT / "sessions" / "demo").glob("*.toml") if p.name != "partnership.toml"
    )
    for n in range(FILES):
        source = demo[n % len(demo)]
        shutil.copy(source, folder / f"{source.stem}-{n:05d}.toml")
    (folder / "m-broken.toml").write_text("this is = = not toml\n", "utf-8")
    shutil.copy(ROOT / "sessions" / "demo" / "partnership.toml", folder / "partnership.toml")
    listing = list_sessions(folder, framework)
    ids = (
        [NEW]
        + [str(entry.path) for entry in listing.sessions]
        + [f"broken:{path}" for path, _ in listing.broken]
    )
    return folder, ids


class Gate:
    """Lets `allowed` sessions be parsed, then holds the scan until more are let through."""

    def __init__(self, real, allowed: int) -> None:
        self.real, self.allowed, self.parsed = real, allowed, 0
        self.cond = threading.Condition()

    def __call__(self, *args, **kwargs):
        with self.cond:
            if not self.cond.wait_for(lambda: self.parsed < self.allowed, timeout=60):
                self.allowed = 10**9  # never hang a test: open up for good
            self.parsed += 1
        return self.real(*args, **kwargs)

    def let(self, allowed: int) -> None:
        with self.cond:
            self.allowed = allowed
            self.cond.notify_all()


@pytest.fixture
def gate(monkeypatch):
    held = Gate(sessionlist.parse_session, HELD)
    monkeypatch.setattr(sessionlist, "parse_session", held)
    yield held
    held.let(10**9)


def read_count(app) -> tuple[int, int] | None:
    """The count on the folder line (the line itself: cheap to read while polling)."""
    found = app.screen.query("#folder")
    if not found:
        return None
    count = COUNT.search(str(found.first().render()))
    return None if count is None else tuple(int(g.replace(",", "")) for g in count.groups())


async def wait_for(pilot, test, what: str):
    deadline = time.monotonic() + 60  # generous: parallel test workers share two cores
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if value := test():
            return value
    raise AssertionError(f"never happened: {what}\n{screen_text(pilot.app)}")


def listed(app) -> int:
    found = app.screen.query("#sessions")
    return found.first().option_count if found else 0


def option_ids(app) -> list[str]:
    options = app.screen.query_one("#sessions")
    return [options.get_option_at_index(n).id for n in range(options.option_count)]


async def test_first_screen_is_up_before_the_scan_and_later_batches_keep_the_cursor(
    big, gate, make_app
):
    """The count updates as the scan goes on; batches appended meanwhile move neither the
    cursor nor the scroll."""
    folder, expected = big
    app = make_app(folder)
    async with run_test(app, size=(160, 24)) as pilot:  # room for the long temp path
        first = await wait_for(pilot, lambda: read_count(app), "the count line")
        assert isinstance(app.screen, StartScreen)
        assert first[1] == FILES + 2 and first[0] < FILES  # shown while the scan is held
        text = screen_text(app)
        assert COUNT.search(text)  # on the screen
        assert "New session" in text  # the key bar is there too
        # held at HELD: the last batch posted before it (every BATCH files, or sooner)
        held = await wait_for(
            pilot, lambda: (c := read_count(app)) and c[0] > HELD - BATCH and c, "the first batches"
        )
        assert held[0] <= HELD
        await wait_for(pilot, lambda: listed(app) > 20, "a listed part")
        options = app.screen.query_one("#sessions")
        assert options.highlighted == 1  # the first session, as ever
        await pilot.press(*["down"] * 7)
        assert options.highlighted == 8
        top = options.scroll_y
        gate.let(2 * HELD)
        later = await wait_for(
            pilot, lambda: (c := read_count(app)) and c[0] > HELD and c, "the count moving on"
        )
        assert later[0] <= 2 * HELD and later[1] == FILES + 2
        gate.let(10**9)
        await wait_for(
            pilot,
            lambda: "1,200 sessions" in str(app.screen.query_one("#folder").render()),
            "the end",
        )
        text = screen_text(app)
        assert "1,200 sessions, 1 not readable, the partnership file" in text
        assert "Reading sessions" not in text
        assert option_ids(app) == expected  # the order of list_sessions
        assert app.screen.listing.others == 1
        assert options.highlighted == 8 and options.scroll_y == top
        assert options.highlighted_option.id == expected[8]


async def test_keys_work_while_the_scan_is_held(big, gate, make_app):
    folder, expected = big
    app = make_app(folder)
    async with run_test(app, size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: listed(app) > 20, "a listed part")
        await pilot.press("down", "down", "j")
        options = app.screen.query_one("#sessions")
        assert options.highlighted == 4
        await pilot.press("enter")  # open a session already listed
        assert isinstance(app.screen, OverviewScreen)
        assert app.current.path == Path(expected[4])
        await pilot.press("escape")
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")  # a new session
        assert type(app.screen).__name__ == "NewSessionScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, StartScreen)  # read again, still held
        gate.let(10**9)
        await wait_for(pilot, lambda: listed(app) == len(expected), "the whole list")
        assert app.screen.query_one("#sessions").highlighted == 4  # where it was
        await pilot.press("ctrl+q")  # and quitting works, scan or not
        await pilot.pause()
    assert not app.is_running


def test_scan_sessions_yields_what_list_sessions_lists(big, framework):
    folder, expected = big
    listing = sessionlist.Listing(folder, True)
    for found in sessionlist.scan_sessions(folder, framework):
        listing.add(found)
    assert [NEW] + [str(e.path) for e in listing.sessions] + [
        f"broken:{p}" for p, _ in listing.broken
    ] == expected
    assert listing.others == 1


def test_session_paths_match_the_folder_search_used_elsewhere(tmp_path):
    from bb_tui.storage.paths import expand_paths

    for name in ["b.toml", "a.toml", ".hidden.toml", "notes.txt", "C.TOML", "z b.toml"]:
        (tmp_path / name).write_text("", "utf-8")
    (tmp_path / "dir.toml").mkdir()
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere")
    assert sessionlist.session_paths(tmp_path) == expand_paths([tmp_path])
    assert sessionlist.session_paths(tmp_path / "missing") == []
