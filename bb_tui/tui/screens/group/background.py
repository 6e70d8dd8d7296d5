"""What the group screens share so their merges stay off the first paint.

`shared_reads(app)`: one parse cache per app, so opening f6 after f4 (or again) does not read and
parse every session file once more; a file is read again only when it changed on disk.
`FirstPaint`: a merge worker waits for the screen's first paint before it starts, so the screen
answers its key at once (showing "Reading...") instead of sharing the CPU with the merge.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.screen import Screen

from bb_tui.core.readcache import ParseCache

if TYPE_CHECKING:
    from bb_tui.core.collection import Outcome

PAINT_WAIT = 1.0  # seconds a worker waits at most for the first paint (a screen never shown)

_READS: WeakKeyDictionary[App[Any], ParseCache[Outcome]] = WeakKeyDictionary()
_LOCK = threading.Lock()


def shared_reads(app: App[Any]) -> ParseCache[Outcome]:
    """The app's parse cache of session files, made on first use (thread-safe)."""
    with _LOCK:
        cache = _READS.get(app)
        if cache is None:
            cache = _READS[app] = ParseCache()
        return cache


class FirstPaint:
    """Set once a screen has painted (or has gone): workers wait for it before heavy work."""

    def __init__(self) -> None:
        self._done = threading.Event()

    def arm(self, screen: Screen[Any]) -> None:
        """Call on mount: set after the screen's next refresh."""
        screen.call_after_refresh(self._done.set)

    def release(self) -> None:
        self._done.set()

    def wait(self) -> None:
        """In a worker thread: until the first paint (never more than PAINT_WAIT)."""
        self._done.wait(PAINT_WAIT)
