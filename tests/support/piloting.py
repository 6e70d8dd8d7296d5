"""Helpers for Pilot tests: a pilot that waits in short slices, fast typing, the screen as
text, waiting on a condition or on the app's workers, the notifications shown."""

from __future__ import annotations

import asyncio
import html
import os
import re
import threading
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.keys import ASCII_KEY_NAMES, KEY_NAME_REPLACEMENTS, REPLACED_KEYS, key_to_character
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

SLICE = 0.005  # seconds; Textual's own pilot sleeps 20 ms a slice
MOST = 1.0  # the longest a wait for quiet lasts, as Textual's


async def quiet() -> None:
    """Wait until this process spends under 5% of a slice working, at most a second: Textual's
    `wait_for_idle` rule in 5 ms slices instead of 20 ms. On a loaded machine a thread may
    spend a slice waiting for a core, not idle: a slice that ends late does not count, nor
    one after which another thread is still running or ready to run."""
    start = time.monotonic()
    while True:
        cpu, wall = time.process_time(), time.monotonic()
        await asyncio.sleep(SLICE)
        now = time.monotonic()
        if now - start >= MOST:
            return
        idle = time.process_time() - cpu < SLICE / 20 and now - wall < 4 * SLICE
        if idle and not others_running():
            return


def others_running() -> bool:
    """Whether a thread of this process other than the caller is running or waiting for a
    core (state R in /proc; False where there is no /proc)."""
    me = threading.get_native_id()
    try:
        threads = os.listdir("/proc/self/task")
    except OSError:
        return False
    for tid in threads:
        if int(tid) == me:
            continue
        try:
            with open(f"/proc/self/task/{tid}/stat", "rb") as stat:
                line = stat.read()
        except OSError:  # it ended meanwhile
            continue
        if line[line.rindex(b")") + 2 :][:1] == b"R":
            return True
    return False


class QuickPilot(Pilot):
    """Textual's Pilot with `press` and `pause()` waiting for quiet in 5 ms slices.

    Textual's pilot waits for its own idle rule twice a key, in 20 ms slices: at least 40 ms
    a key, however quick the app, and the suite presses thousands of keys. Keys are posted
    to the app as its driver posts them; each then waits twice for quiet and, after the last,
    for every message the screen has queued, as Textual's `press` does.
    """

    async def press(self, *keys: str) -> None:
        for key in keys:
            if len(key) == 1 and not key.isalnum():
                key = key_name(key)
            post_key(self.app, key, key_to_character(REPLACED_KEYS.get(key, key)))
            await quiet()
            await quiet()
            if await keys_handled(self.app):
                await quiet()
        await super().pause(0)  # Textual's pause(0): the screen's queued messages handled

    async def pause(self, delay: float | None = None) -> None:
        if delay is not None:
            await super().pause(delay)
            return
        await super().pause(0)
        await quiet()
        if await keys_handled(self.app):
            await quiet()
        await super().pause(0)


async def keys_handled(app, timeout: float = 30.0) -> bool:
    """Until bb-tui's own key queue (`BBApp.key_hold`: keys go one at a time, and wait up to 5 s
    for a screen still opening) has handed on and seen handled every key posted so far; quiet()
    alone returns while a key waits there, the app being idle meanwhile (once under stress-ng:
    ctrl+s acted after the test had looked). True if it had to wait."""
    hold = getattr(app, "key_hold", None)
    return await while_true(lambda: hold is not None and hold.busy, timeout)


async def saved_to_leave(app, timeout: float = 30.0) -> bool:
    """Until a save before leaving a session (a quit, or back to the list) has finished. It runs
    in a thread (`BBApp.saving_to_leave`) that waits on the disk, which quiet() does not count as
    working; Textual's run_test ends the app at once, so a test that quit and then read the file
    raced the save (once in CI: the profile's rename not yet written). `run_test` waits for it
    on the way out; `press` does not, as tests hold that save to see the app meanwhile. True if
    it had to wait."""
    return await while_true(lambda: getattr(app, "saving_to_leave", False), timeout)


async def while_true(busy: Callable[[], bool], timeout: float) -> bool:
    """Sleep in slices while `busy()` holds, at most `timeout` seconds; True if it had to wait."""
    deadline = time.monotonic() + timeout
    waited = False
    while busy() and time.monotonic() < deadline:
        waited = True
        await asyncio.sleep(SLICE)
    return waited


def held(
    function: Callable[..., object],
) -> tuple[Callable[..., object], threading.Event, threading.Event]:
    """`function` made to wait, in whatever thread calls it: (the waiting function, set once it
    is called, set by the test to let it go on; it goes on by itself after 10 s)."""
    started, release = threading.Event(), threading.Event()

    def waiting(*args, **kwargs):
        started.set()
        release.wait(10)
        return function(*args, **kwargs)

    return waiting, started, release


def post_key(app, key: str, character: str | None) -> None:
    """A key event posted to the app, as its driver posts one."""
    event = events.Key(key, character)
    event.set_sender(app)
    app.post_message(event)


@asynccontextmanager
async def run_test(app, **options) -> AsyncIterator[QuickPilot]:
    """`app.run_test(**options)`, driven by a QuickPilot."""
    async with app.run_test(**options):
        yield QuickPilot(app)
        await saved_to_leave(app)  # Textual's run_test ends the app at once, mid-save or not


async def type_text(pilot, text: str) -> None:
    """Send one key event per character, in order, then wait once for the app to settle.

    `pilot.press` waits for the app to go idle twice after every key; for long texts that
    adds up, so the events are queued together like fast typing or a burst of input over SSH.
    """
    for char in text:
        post_key(pilot.app, key_name(char), char)
    await pilot.pause()
    await pilot.pause()


def key_name(char: str) -> str:
    """Textual's name for the key that types `char` ("a", "comma", "space", "full_stop"), by
    the rule its own driver uses: a letter or digit is itself, anything else its Unicode name."""
    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = ASCII_KEY_NAMES.get(char, char)
    return KEY_NAME_REPLACEMENTS.get(name, name)


# One drawn run of text in Rich's SVG export (`App.export_screenshot`, the public way to the
# screen's cells): where it starts (x, in cells of CHAR_WIDTH) and on which line (its clip path).
SVG_TEXT = re.compile(
    r'<text [^>]*?x="([0-9.e+]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)
CHAR_WIDTH = 20 * 0.61  # Rich's export_svg: font size 20, aspect ratio 0.61


def screen_text(app) -> str:
    """The current screen (with any screens showing beneath it) as plain text, one line a row,
    read from Textual's public SVG screenshot: each run of text is put back at its column."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, escaped in SVG_TEXT.findall(app.export_screenshot(simplify=True)):
        row, column = rows[int(line)], round(float(x) / CHAR_WIDTH)
        for char in html.unescape(escaped.replace("&#160;", " ")):  # Rich's spaces
            if column >= width:
                break
            wide = cell_len(char)
            if wide == 0 and column:  # a combining mark belongs to the cell before it
                row[column - 1] += char
                continue
            row[column] = char
            for pad in range(1, wide):  # the cell a wide character covers holds nothing
                if column + pad < width:
                    row[column + pad] = ""
            column += max(wide, 1)
    return "\n".join("".join(row) for row in rows)


async def wait_until(pilot, check, timeout: float = 30.0):
    """Let the app run until `check()` is true, and return what it returned (its last, falsy,
    value after `timeout`). The ceiling is generous, for a loaded machine: a passing test waits
    only as long as the app takes, where a fixed pause is either too short or wasted."""
    deadline = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < deadline:
        await pilot.pause(0.01)
    return value


async def click_shown(
    pilot, selector: str, offset: tuple[int, int] = (0, 0), timeout: float = 30.0
) -> None:
    """Click a widget once it has a place on the screen: one just shown (its `display` set, or
    its screen just opened) has none until the next layout, and a click before that lands on
    whatever is at the screen's top-left corner instead."""
    widget = pilot.app.screen.query_one(selector)
    assert await wait_until(pilot, lambda: widget.region.area > 0, timeout), f"{selector} not shown"
    await pilot.click(selector, offset=offset)


async def workers_done(app) -> None:
    """Wait until none of the app's workers is running. A worker cancelled meanwhile is not an
    error (an exclusive worker, such as a chart's drawing, is cancelled when a newer one starts:
    the newer one is waited for too), where Textual's `wait_for_complete` raises on it; a worker
    that failed still raises."""
    while running := [worker for worker in app.workers if worker.is_running]:
        for worker in running:
            try:
                await worker.wait()
            except WorkerCancelled:
                pass


# Every notification each app raised through Textual's public `notify`, kept per app (the app
# is only weakly held): `record_notices` wraps `notify` and `clear_notifications` for a test.
_raised: WeakKeyDictionary[App, list[Notification]] = WeakKeyDictionary()


def record_notices(monkeypatch) -> None:
    """From now on (this test), keep what each app's `notify` raises, as the Notification Textual
    makes of it, and forget an app's when it clears them (tests/conftest.py, every test)."""
    notify, clear = App.notify, App.clear_notifications

    def recorded(self, message, *, title="", severity="information", timeout=None, markup=True):
        seconds = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        kept = Notification(str(message), title, severity, seconds, markup=markup)
        _raised.setdefault(self, []).append(kept)
        notify(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    def cleared(self) -> None:
        _raised.pop(self, None)
        clear(self)

    monkeypatch.setattr(App, "notify", recorded)
    monkeypatch.setattr(App, "clear_notifications", cleared)


def notices(app) -> list[Notification]:
    """The notifications the app still shows (or has queued): raised, not cleared, not expired."""
    return [n for n in _raised.get(app, []) if not n.has_expired]


def notifications(app) -> list[str]:
    """The texts of the notifications currently shown or queued."""
    return [n.message for n in notices(app)]


def notification_log(app) -> list[str]:
    """Every notification the app raises from now on, in order, kept after Textual drops it from
    the screen: a notification expires after a few seconds, so counting the ones shown skips new
    ones whenever older ones expire meanwhile (as on a loaded machine)."""
    log: list[str] = []
    notify = app.notify

    def logged(message, **kwargs) -> None:
        log.append(str(message))
        notify(message, **kwargs)

    app.notify = logged
    return log


def palette_hit(app) -> str:
    """The command the command palette has highlighted, as text ("" while it has none)."""
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found or found.first().highlighted is None:
        return ""
    hits = found.first()
    return str(hits.get_option_at_index(hits.highlighted).prompt)
