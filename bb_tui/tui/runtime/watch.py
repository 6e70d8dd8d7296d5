"""Noticing when a session or the partnership file in a folder changes, so screens update live.

A `FolderWatcher` runs in a daemon thread and notices each burst of changes to the folder's
*.toml files (a save is a temp file renamed over the old one: one change, not three).
It uses watchfiles (inotify on Linux) where it can, else polls: on network filesystems (NFS,
CIFS, sshfs...), where inotify does not see other machines' writes, or when watchfiles is not
installed. BB_TUI_LIVE=poll, poll:SECONDS, inotify or off overrides the choice.
What it noticed reaches the screen's callback through a `Throttle`: at most once a second (and
less often when a refresh is slow), so a colleague saving 20 times a second costs one refresh a
second, and the last save always shows.
The callback runs in the watcher's (or the throttle's timer) thread: screens pass one that only
posts a message.
"""

from __future__ import annotations

import importlib.util
import math
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from textual.message import Message

POLL_SECONDS = 1.0
DEBOUNCE_MS = 300  # changes closer together than this are one burst
REFRESH_SECONDS = 1.0  # a screen is told of changes at most this often
REST = 4.0  # and after a refresh that took T seconds, not again for REST x T
NETWORK_FS = (
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "lustre",
    "fuse.sshfs",
    "sshfs",
    "davfs",
    "fuse.rclone",
    "virtiofs",
)


class FolderChanged(Message):
    """A session or partnership file in a watched folder changed (posted from the watcher)."""


def _watched_name(name: str) -> bool:
    return name.endswith(".toml") and not name.startswith(".")


def filesystem_type(folder: Path) -> str:
    """The type of the filesystem `folder` is on, from /proc/self/mountinfo ('' if unknown)."""
    try:
        target = os.path.realpath(folder)
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
            mounts = handle.read().splitlines()
    except OSError:
        return ""
    best, kind = "", ""
    for line in mounts:
        fields = line.split(" ")
        if " - " not in line or len(fields) < 5:
            continue
        point = fields[4].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, line.split(" - ", 1)[1].split(" ")[0]
    return kind


def choose(folder: Path) -> tuple[str, float]:
    """("inotify", 0) or ("polling", seconds) or ("off", 0) for this folder, with the override."""
    wanted = os.environ.get("BB_TUI_LIVE", "").strip().lower()
    if wanted == "off":
        return "off", 0.0
    if wanted.startswith("poll"):
        _, _, seconds = wanted.partition(":")
        try:
            return "polling", max(0.05, float(seconds)) if seconds else POLL_SECONDS
        except ValueError:
            return "polling", POLL_SECONDS
    # Found, not imported: importing it takes 10-25 ms, on the UI thread before the first paint;
    # the watching thread imports it (and polls if that fails).
    if importlib.util.find_spec("watchfiles") is None:
        return "polling", POLL_SECONDS
    if wanted != "inotify" and filesystem_type(folder) in NETWORK_FS:
        return "polling", POLL_SECONDS
    return "inotify", 0.0


def describe(mode: str, seconds: float) -> str:
    """For the status line: "live: inotify", "live: polling every 1 s", or "" when off."""
    if mode == "polling":
        return f"live: polling every {seconds:g} s"
    return "" if mode == "off" else f"live: {mode}"


def snapshot(
    folder: Path, wanted: Callable[[str], bool] = _watched_name
) -> dict[str, tuple[int, ...]]:
    """name -> (inode, size, mtime, ctime) of the folder's *.toml (or the `wanted` names):
    what polling compares."""
    found: dict[str, tuple[int, ...]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if wanted(entry.name):
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    found[entry.name] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except OSError:
        pass
    return found


class Pending(Protocol):
    def cancel(self) -> None: ...


class _Later:
    """Calls a function once after a delay, in a daemon thread (threading.Timer), unless cancelled."""

    def __init__(self, delay: float, call: Callable[[], None]) -> None:
        self._timer = threading.Timer(delay, call)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()


class Throttle:
    """Passes changes on to `fire` at most once per `gap` seconds, leading and trailing edge.

    A change after a quiet `gap` fires at once; changes within `gap` of the last firing fire once
    more when it is up, so a storm of saves fires once per `gap` and once after it ends, with the
    last save. A screen may call `began()` and `done()` around the work a firing sets off: the
    next firing then waits `rest` times as long as that took, so a file slow to read (a hostile
    one, near the size limit) is read at most a fifth of the time however often it is saved.
    `clock` and `later` are there for tests (a fake clock, timers run by hand).
    """

    def __init__(
        self,
        fire: Callable[[], object],
        gap: float = REFRESH_SECONDS,
        rest: float = REST,
        clock: Callable[[], float] = time.monotonic,
        later: Callable[[float, Callable[[], None]], Pending] = _Later,
    ) -> None:
        self.fire, self.gap, self.rest, self.clock, self.later = fire, gap, rest, clock, later
        self._lock = threading.Lock()
        self._began: float | None = None  # when the work it set off began
        self._next = -math.inf  # the earliest it may fire again
        self._pending: Pending | None = None  # the trailing firing, once one is due
        self._stopped = False
        self.fired = 0  # times it fired: for tests and benchmarks

    def changed(self) -> None:
        """Something changed (any thread): fire now, or once when the gap is up."""
        with self._lock:
            if self._stopped or self._pending is not None:
                return  # the trailing firing will read this change too
            wait = self._next - self.clock()
            if wait > 0:
                self._pending = self.later(wait, self._trailing)
                return
            self._firing()
        self.fire()

    def began(self) -> None:
        """The work a firing set off has begun (any thread)."""
        with self._lock:
            self._began = self.clock()

    def done(self) -> None:
        """That work has finished: the next firing waits `rest` times as long as it took."""
        with self._lock:
            if self._began is not None:
                now = self.clock()
                self._next = max(self._next, now + self.rest * (now - self._began))
                self._began = None

    def _firing(self) -> None:
        """Note a firing (with the lock held)."""
        self._next = self.clock() + self.gap
        self.fired += 1

    def _trailing(self) -> None:
        with self._lock:
            if self._stopped or self._pending is None:
                return
            wait = self._next - self.clock()
            if wait > 0.001:  # done() asked for a longer rest since this was set
                self._pending = self.later(wait, self._trailing)
                return
            self._pending = None
            self._firing()
        self.fire()

    def stop(self) -> None:
        """Fire no more (a trailing firing still due is dropped)."""
        with self._lock:
            self._stopped = True
            pending, self._pending = self._pending, None
        if pending is not None:
            pending.cancel()


class FolderWatcher:
    """Calls `changed` from its own thread after the folder's *.toml files change, through a
    `Throttle`: at most once a second, and once after the last of a burst."""

    def __init__(
        self,
        folder: Path,
        changed: Callable[[], object],
        wanted: Callable[[str], bool] = _watched_name,
    ) -> None:
        self.folder = Path(folder)
        self.wanted = wanted  # which names in the folder count (default: *.toml, not hidden)
        self.throttle = Throttle(changed)
        self.mode, self.seconds = choose(self.folder)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def label(self) -> str:
        return describe(self.mode, self.seconds)

    def start(self) -> FolderWatcher:
        if self.mode != "off" and self._thread is None:
            run = self._inotify if self.mode == "inotify" else self._poll
            self._thread = threading.Thread(
                target=self._guarded,
                args=(run,),
                daemon=True,
                name=f"bb-tui watch {self.folder.name}",
            )
            self._thread.start()
        return self

    def changed(self) -> None:
        """The folder changed (what the watching thread calls): the screen is told, throttled."""
        self.throttle.changed()

    def stop(self) -> None:
        """Ask the thread to end (it does within its poll step); never waits long."""
        self._stop.set()
        self.throttle.stop()

    def _guarded(self, run: Callable[[], None]) -> None:
        try:
            run()
        except Exception:  # noqa: BLE001 - inotify failed (limit of watches, folder gone): poll
            if not self._stop.is_set():
                self.mode, self.seconds = "polling", POLL_SECONDS
                self._poll()

    def _poll(self) -> None:
        last = snapshot(self.folder, self.wanted)
        while not self._stop.wait(self.seconds):
            now = snapshot(self.folder, self.wanted)
            if now != last:
                last = now
                self.changed()

    def _inotify(self) -> None:
        import watchfiles

        def wanted(_change: object, path: str) -> bool:
            return self.wanted(os.path.basename(path))

        for _changes in watchfiles.watch(
            self.folder,
            watch_filter=wanted,
            debounce=DEBOUNCE_MS,
            step=50,
            stop_event=self._stop,
            recursive=False,
            rust_timeout=500,
            yield_on_timeout=False,
            raise_interrupt=False,
        ):
            if self._stop.is_set():
                return
            self.changed()
