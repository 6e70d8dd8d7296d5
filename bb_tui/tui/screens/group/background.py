"""What the group screens share so their merges stay off the first paint.

`shared_reads(app)`: one parse cache per app, so opening f6 after f4 (or again) does not read and
parse every session file once more; a file is read again only when it changed on disk.
`FirstPaint`: a merge worker waits for the screen's first paint before it starts, so the screen
answers its key at once (showing "Reading...") instead of sharing the CPU with the merge.
`preload()`: after the first group screen has painted, the others are imported in a thread, so
opening them later does not import them on the UI thread (15-40 ms each, once per process).
"""

from __future__ import annotations

import importlib
import threading
from weakref import WeakKeyDictionary

from textual.app import App
from textual.screen import Screen

from bb_tui.core.readcache import ParseCache

PAINT_WAIT = 1.0  # seconds a worker waits at most for the first paint (a screen never shown)

GROUP_SCREENS = tuple(
    f"bb_tui.tui.screens.group.{name}"
    for name in ("results", "discussion", "agreed", "challenges", "case_studies", "action_plan")
)

_READS: WeakKeyDictionary[App, ParseCache] = WeakKeyDictionary()
_LOCK = threading.Lock()


def shared_reads(app: App) -> ParseCache:
    """The app's parse cache of session files, made on first use (thread-safe)."""
    with _LOCK:
        cache = _READS.get(app)
        if cache is None:
            cache = _READS[app] = ParseCache()
        return cache


_preloading = False


def preload(modules: tuple[str, ...] = GROUP_SCREENS) -> threading.Thread | None:
    """Import `modules` in a daemon thread, once per process (None when already started)."""
    global _preloading
    with _LOCK:
        if _preloading:
            return None
        _preloading = True
    thread = threading.Thread(target=_import, args=(modules,), name="bb-tui preload", daemon=True)
    thread.start()
    return thread


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the screen imports it again when opened, and says why
            pass


class FirstPaint:
    """Set once a screen has painted (or has gone): workers wait for it before heavy work."""

    def __init__(self) -> None:
        self._done = threading.Event()

    def arm(self, screen: Screen) -> None:
        """Call on mount: set after the screen's next refresh."""
        screen.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self._done.set()
        preload()

    def release(self) -> None:
        self._done.set()

    def wait(self) -> None:
        """In a worker thread: until the first paint (never more than PAINT_WAIT)."""
        self._done.wait(PAINT_WAIT)
