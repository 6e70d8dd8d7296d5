"""What the group screens share so their merges stay off the first paint.

`shared_reads(app)`: one parse cache per app, so opening f6 after f4 (or again) does not read and
parse every session file once more; a file is read again only when it changed on disk.
`FirstPaint`: a merge worker waits for the screen's first paint before it starts, so the screen
answers its key at once (showing "Reading...") instead of sharing the CPU with the merge.
`ready_group_screens(app)`: once the sessions list (where F4 and F6-F10 are pressed) is drawn, every group
screen is imported in a thread and its styles parsed (tui/runtime/ready.py), so F4 and F6-F10
import and parse nothing on their key.
"""

from __future__ import annotations

import threading
from weakref import WeakKeyDictionary

from textual.app import App
from textual.screen import Screen

from bb_tui.core.readcache import ParseCache
from bb_tui.tui.runtime.ready import package_modules, ready

PAINT_WAIT = 1.0  # seconds a worker waits at most for the first paint (a screen never shown)

_READS: WeakKeyDictionary[App, ParseCache] = WeakKeyDictionary()
_LOCK = threading.Lock()


def shared_reads(app: App) -> ParseCache:
    """The app's parse cache of session files, made on first use (thread-safe)."""
    with _LOCK:
        cache = _READS.get(app)
        if cache is None:
            cache = _READS[app] = ParseCache()
        return cache


def group_modules() -> tuple[str, ...]:
    """Every module of the group screens (their views and dialogs too), found without importing."""
    return package_modules(__package__ or "bb_tui.tui.screens.group")


def ready_group_screens(app: App) -> None:
    """Import the group screens in a thread and parse their styles once (at most once per app)."""
    ready(app, group_modules())


class FirstPaint:
    """Set once a screen has painted (or has gone): workers wait for it before heavy work."""

    def __init__(self) -> None:
        self._done = threading.Event()

    def arm(self, screen: Screen) -> None:
        """Call on mount: set after the screen's next refresh."""
        screen.call_after_refresh(self._done.set)

    def release(self) -> None:
        self._done.set()

    def wait(self) -> None:
        """In a worker thread: until the first paint (never more than PAINT_WAIT)."""
        self._done.wait(PAINT_WAIT)
