"""tests/support/piloting: workers_done waits past a worker cancelled by a newer one of its
exclusive group (Textual's wait_for_complete raises WorkerCancelled: two tests failed so under
load) and a worker that failed still fails the test; type_text types what a person would; the
quick pilot presses keys as Textual's does and waits for the app's work, threads included."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Input, Static
from textual.worker import WorkerFailed

from tests.support.piloting import (
    click_shown,
    notices,
    notifications,
    quiet,
    run_test,
    screen_text,
    type_text,
    workers_done,
)


class WorkerHost(App):
    def draw(self, n: int):
        async def work() -> int:
            await asyncio.sleep(0.3)
            return n

        return self.run_worker(work(), group="chart", exclusive=True)

    def fail(self):
        async def work() -> None:
            raise RuntimeError("boom")

        return self.run_worker(work(), exit_on_error=False)


async def test_a_worker_replaced_by_a_newer_one_while_waiting_is_waited_past():
    app = WorkerHost()
    async with app.run_test() as pilot:
        app.draw(1)
        await pilot.pause()
        waiting = asyncio.create_task(workers_done(app))
        await asyncio.sleep(0.05)  # waiting on the first drawing
        second = app.draw(2)  # cancels the first, as a chart redrawn on a resize does
        await waiting
        assert second.is_finished and second.result == 2


async def test_a_worker_that_failed_still_fails_the_test():
    app = WorkerHost()
    async with app.run_test():
        app.fail()
        with pytest.raises(WorkerFailed):
            await workers_done(app)


class OneField(App):
    """An Input, and bindings by key name that record when a key reaches the app."""

    BINDINGS = [(key, f"hit('{key}')") for key in ("question_mark", "full_stop", "space", "comma")]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input()

    def action_hit(self, key: str) -> None:
        self.hits.append(key)


async def test_type_text_types_what_a_person_would():
    text = 'Ann-Marie O\'Neil, 3.5 & co! (a/b) £20 café: 100% "yes"?'
    app = OneField()
    async with app.run_test() as pilot:
        await type_text(pilot, text)
        assert app.query_one(Input).value == text
        app.set_focus(None)  # now keys reach the app's bindings, by the names Textual gives them
        await type_text(pilot, "?. ,")
        assert app.hits == ["question_mark", "full_stop", "space", "comma"]


class KeyLog(App):
    """Records every key event that reaches it; f4 opens a screen whose mount takes a while."""

    BINDINGS = [("f4", "open")]

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[str, str | None]] = []

    def on_key(self, event) -> None:
        self.keys.append((event.key, event.character))

    def action_open(self) -> None:
        self.push_screen(SlowScreen())


class SlowScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Static("opened")

    def on_mount(self) -> None:
        time.sleep(0.05)  # work on the UI thread after the key's own handling


KEYS = ("a", "Z", "7", "?", ",", "enter", "tab", "space", "escape", "ctrl+s", "left", "f5")


async def test_quick_pilot_presses_keys_as_textuals_pilot_does():
    seen = []
    for quick in (False, True):
        app = KeyLog()
        async with (run_test if quick else App.run_test)(app) as pilot:
            app.set_focus(None)
            await pilot.press(*KEYS)
            seen.append(app.keys)
    assert seen[1] == seen[0] and len(seen[0]) == len(KEYS)


async def test_quick_pilot_press_returns_once_the_key_is_handled():
    app = KeyLog()
    async with run_test(app) as pilot:
        await pilot.press("f4")
        assert isinstance(app.screen, SlowScreen)
        assert "opened" in screen_text(app)


async def test_quiet_waits_for_a_thread_still_working():
    done = threading.Event()

    def work() -> None:
        # 50 ms of the process's CPU: well inside quiet()'s one-second cap (MOST) even with a
        # fifth of a core (0.2 s failed once beside stress-ng and three other test workers)
        end = time.process_time() + 0.05
        while time.process_time() < end:
            pass
        done.set()

    threading.Thread(target=work).start()
    await quiet()
    assert done.is_set()


class ShownLater(App):
    """A button hidden until `show`, as a dialog's clash buttons are until ctrl+s."""

    pressed = 0

    def compose(self) -> ComposeResult:
        yield Static("top left")
        button = Button("Second", id="second")
        button.display = False
        yield button

    def on_button_pressed(self) -> None:
        self.pressed += 1


@pytest.mark.parametrize("waits", [False, True], ids=["click", "click_shown"])
async def test_a_button_just_shown_is_clicked_only_once_it_has_a_place(waits):
    app = ShownLater()
    async with run_test(app, size=(40, 10)) as pilot:
        app.query_one("#second").display = True  # laid out at the next refresh, not yet
        if waits:
            await click_shown(pilot, "#second")
        else:
            await pilot.click("#second")  # lands on the top-left corner: a missed click
        assert app.pressed == (1 if waits else 0)


class HeldFor:
    """Stands in for bb-tui's KeyHold holding a key for `seconds` (a screen still opening)."""

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    @property
    def busy(self) -> bool:
        return time.monotonic() < self.until


async def test_press_and_pause_wait_for_keys_the_app_still_holds():
    app = ShownLater()
    async with run_test(app, size=(40, 10)) as pilot:
        for step in (pilot.press("x"), pilot.pause()):
            app.key_hold = HeldFor(0.3)  # idle meanwhile: quiet() alone returns at once
            await step
            assert not app.key_hold.busy


class Lines(App):
    CSS = "Static { width: auto; }"

    def compose(self) -> ComposeResult:
        yield Static("plain [b]text[/b] kept  two spaces", markup=False)
        yield Static("wide 世界 then e\u0301 and <&> end", markup=False)
        yield Static("   starts later")


async def test_screen_text_puts_every_cell_back_where_the_screen_has_it():
    """Read from Textual's public SVG screenshot: spaces, markup, HTML's own characters, wide
    characters (two cells) and combining marks (none) each stay where the screen shows them."""
    app = Lines()
    async with app.run_test(size=(40, 5)):
        lines = screen_text(app).split("\n")
    assert len(lines) == 5 and all(len(line) == 40 for line in lines[:1] + lines[2:])
    assert lines[0] == "plain [b]text[/b] kept  two spaces".ljust(40)
    # 世界 take four cells and the accent none: 39 characters fill the line's 40 cells
    assert lines[1] == "wide 世界 then e\u0301 and <&> end".ljust(39)
    assert lines[2] == "   starts later".ljust(40)
    assert lines[3] == lines[4] == " " * 40


async def test_notifications_are_those_raised_and_not_yet_cleared_or_expired():
    """Kept through Textual's public notify and clear_notifications (tests/conftest.py wraps them
    for every test): markup as asked, gone when cleared or when its time is up."""
    app = App()
    async with app.run_test() as pilot:
        app.notify("one", markup=False)
        app.notify("two [b]", timeout=0.1, markup=False)
        assert notifications(app) == ["one", "two [b]"]
        assert [n.markup for n in notices(app)] == [False, False]
        await pilot.pause(0.2)
        assert notifications(app) == ["one"]
        app.clear_notifications()
        assert notifications(app) == []
        app.notify("three")
        assert [n.markup for n in notices(app)] == [True]


class Leaving(App):
    """Saves in a thread on q, as BBApp's quit does (`saving_to_leave` while the thread runs)."""

    BINDINGS = [("q", "leave")]

    def __init__(self, path) -> None:
        super().__init__()
        self.path = path
        self.saving_to_leave = False

    def action_leave(self) -> None:
        self.saving_to_leave = True

        def save() -> None:
            time.sleep(0.3)  # waiting on the disk: not running, so quiet() alone returns
            self.path.write_text("saved")
            self.saving_to_leave = False

        threading.Thread(target=save).start()


async def test_leaving_run_test_waits_for_a_save_before_leaving(tmp_path):
    app = Leaving(tmp_path / "file")
    async with run_test(app) as pilot:
        await pilot.press("q")  # returns while the save waits on the disk (tests hold it)
    assert (tmp_path / "file").read_text() == "saved"
