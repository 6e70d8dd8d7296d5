"""Two windows on one session know of each other.

While a session is open, its folder is watched (watch.FolderWatcher) for three names only: the
session file (another window saved it: taken in here when nothing here is unsaved), its in-use
file (a window that opened it too adds a line there: storage/safesave.InUseLock.tell_holder) and
its conflict copies (another window's changes, kept beside it). What changed reaches the app as
`SessionChanged`; the app words it in the session bar's second line (render/notices.py), never
in a notification box.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from bb_tui.tui.runtime.watch import FolderWatcher


class SessionChanged(Message):
    """The open session's file, in-use file or conflict copies changed (from the watcher)."""


def copy_prefix(path: Path) -> str:
    return f"{path.stem}.conflict-"  # as safesave.reserve_conflict_copy names them


def session_names(path: Path) -> Callable[[str], bool]:
    """Which names in the folder concern the session at `path`."""
    name, in_use, copies = path.name, f".{path.name}.inuse", copy_prefix(path)

    def wanted(found: str) -> bool:
        return found in (name, in_use) or (found.startswith(copies) and found.endswith(".toml"))

    return wanted


def conflict_copies(path: Path) -> set[str]:
    """The names of the session's conflict copies in its folder now."""
    prefix = copy_prefix(path)
    try:
        return {
            p.name
            for p in path.parent.iterdir()
            if p.name.startswith(prefix) and p.suffix == ".toml"
        }
    except OSError:
        return set()


def watch_session(path: Path, changed: Callable[[], object]) -> FolderWatcher:
    """A started watcher calling `changed` (from its thread) when the session's files change."""
    return FolderWatcher(path.parent, changed, session_names(path)).start()
