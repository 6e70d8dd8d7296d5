"""An open session: the one place where the app changes a session, each change autosaved.

The path from a keypress to the disk: a screen calls e.g. `OpenSession.set_score()`, which
changes the Session and calls `Autosaver.changed()` (snapshot now, write within a second).
Nothing here imports Textual.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from bb_tui.core.autosave import Autosaver, SaveReport
from bb_tui.core.framework import Framework
from bb_tui.core.session import Session, SessionFile
from bb_tui.storage.errors import BBError
from bb_tui.storage.safesave import foreign_link_owner


class ReadOnlyError(Exception):
    """An edit was attempted on a session opened read-only."""


@dataclass
class Opening:
    """A session read for editing: who else has it open, and what the person must be told."""

    file: SessionFile
    holder: str | None = None      # who held the in-use lock, if anyone
    notices: list[str] = field(default_factory=list)  # one line each (planted locks, full disk)
    read_only: bool = False        # saving is refused: the file is a link someone else made


def load_for_editing(path: str | Path, framework: Framework) -> Opening:
    """Read a session and take its in-use lock; never raises for a lock or a write failure.

    Raises SessionError (one line naming the file) when the file is not a valid session.
    """
    file = SessionFile.open(path, framework)
    maker = foreign_link_owner(path)
    if maker is not None:
        line = BBError(path, f"is a link made by another user ({maker}); opened read-only, "
                             "nothing will be saved through it").line()
        return Opening(file, None, [line], read_only=True)
    holder = file.lock.acquire()
    return Opening(file, holder, list(file.lock.notices))


class OpenSession:
    """A session open in the app, with its autosaver (None when read-only)."""

    def __init__(self, file: SessionFile, read_only: bool = False, shared_with: str | None = None,
                 on_report: Callable[[SaveReport], None] | None = None) -> None:
        self.file = file
        self.read_only = read_only
        self.shared_with = shared_with  # who held the in-use lock when we opened it
        self.saver = None if read_only else Autosaver(file, on_report)
        self.busy = 0                   # >0 while an edit is half done (see signals.py)
        self.closed = False
        self.after_edit: Callable[[], None] | None = None

    @property
    def session(self) -> Session:
        return self.file.session

    @property
    def framework(self) -> Framework:
        return self.file.framework

    @property
    def path(self) -> Path:
        return self.file.path

    @contextmanager
    def _edit(self) -> Iterator[Session]:
        if self.saver is None or self.closed:
            raise ReadOnlyError(f"{self.path.name} is open read-only" if self.saver is None
                                else f"{self.path.name} is closed")
        self.busy += 1
        try:
            yield self.session
        finally:
            self.saver.changed()
            self.busy -= 1
            if self.busy == 0 and self.after_edit is not None:
                self.after_edit()

    def set_score(self, item_id: str, score: int) -> None:
        with self._edit() as session:
            session.set_score(item_id, score)

    def skip(self, item_id: str) -> None:
        with self._edit() as session:
            session.skip(item_id)

    def clear(self, item_id: str) -> None:
        with self._edit() as session:
            session.clear(item_id)

    def set_text(self, table: str, key: str, text: str) -> None:
        """Set evidence (per enabler) or reflections (per theme); unchanged text is not saved."""
        current = (self.session.evidence if table == "evidence" else self.session.reflections)
        if current.get(key, "") == text.strip():
            return
        with self._edit() as session:
            session.set_text(table, key, text)

    @property
    def unsaved(self) -> bool:
        return self.saver is not None and self.saver.unsaved

    def flush(self) -> SaveReport | None:
        """Write pending changes now; None when there were none."""
        return self.saver.flush() if self.saver is not None else None

    def close(self) -> None:
        """Stop autosaving (after a last save attempt) and release the in-use lock."""
        self.closed = True
        if self.saver is not None:
            self.saver.close()
        self.file.lock.release()


def needs_nudge(session: Session, framework: Framework) -> bool:
    """True when most enablers are scored 3, or all scored ones alike (the seed's advice)."""
    scores = [session.scores[e.id] for e in framework.enablers if e.id in session.scores]
    if len(scores) < 4:
        return False
    value, count = Counter(scores).most_common(1)[0]
    middle = (framework.scale.min + framework.scale.max) // 2
    if count == len(scores):
        return True
    return value == middle and count > len(framework.enablers) // 2
