"""Noticing when a session or the partnership file in a folder changes, so screens update live.

A `FolderWatcher` runs in a daemon thread and calls `changed()` once per burst of changes to the
folder's *.toml files (a save is a temp file renamed over the old one: one call, not three).
It uses watchfiles (inotify on Linux) where it can, else polls: on network filesystems (NFS,
CIFS, sshfs...), where inotify does not see other machines' writes, or when watchfiles is not
installed. BB_TUI_LIVE=poll, poll:SECONDS, inotify or off overrides the choice.
The callback runs in the watcher's thread: screens pass one that only posts a message.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

POLL_SECONDS = 1.0
DEBOUNCE_MS = 300  # changes closer together than this are one burst
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
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return "polling", POLL_SECONDS
    if wanted != "inotify" and filesystem_type(folder) in NETWORK_FS:
        return "polling", POLL_SECONDS
    return "inotify", 0.0


def describe(mode: str, seconds: float) -> str:
    """For the status line: "live: inotify", "live: polling every 1 s", or "" when off."""
    if mode == "polling":
        return f"live: polling every {seconds:g} s"
    return "" if mode == "off" else f"live: {mode}"


def snapshot(folder: Path) -> dict[str, tuple[int, ...]]:
    """name -> (inode, size, mtime, ctime) of the folder's *.toml: what polling compares."""
    found: dict[str, tuple[int, ...]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if _watched_name(entry.name):
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    found[entry.name] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except OSError:
        pass
    return found


class FolderWatcher:
    """Calls `changed()` from its own thread after the folder's *.toml files change."""

    def __init__(self, folder: Path, changed: Callable[[], None]) -> None:
        self.folder = Path(folder)
        self.changed = changed
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

    def stop(self) -> None:
        """Ask the thread to end (it does within its poll step); never waits long."""
        self._stop.set()

    def _guarded(self, run: Callable[[], None]) -> None:
        try:
            run()
        except Exception:  # noqa: BLE001 - inotify failed (limit of watches, folder gone): poll
            if not self._stop.is_set():
                self.mode, self.seconds = "polling", POLL_SECONDS
                self._poll()

    def _poll(self) -> None:
        last = snapshot(self.folder)
        while not self._stop.wait(self.seconds):
            now = snapshot(self.folder)
            if now != last:
                last = now
                self.changed()

    def _inotify(self) -> None:
        import watchfiles

        def wanted(_change: object, path: str) -> bool:
            return _watched_name(os.path.basename(path))

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
