"""Open documents: the one place where the app changes a session or the partnership file.

The path from a keypress to the disk: a screen calls e.g. `OpenSession.set_score()`, or changes
the partnership inside `OpenPartnership.edit()`; either changes the document and calls
`Autosaver.changed()` (snapshot now, written off the UI thread within a second). Both hold the
file's in-use lock while open, and the exit guard flushes every open document on SIGHUP/SIGTERM.
Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bb_tui.core.analysis_edit import with_analysis
from bb_tui.core.autosave import Autosaver, SaveReport
from bb_tui.core.framework import Framework
from bb_tui.core.partnership import (
    IGNORE,
    Partnership,
    PartnershipChoice,
    PartnershipError,
    PartnershipFile,
    partnership_in,
)
from bb_tui.core.session import Session, SessionFile
from bb_tui.storage.errors import BBError, ConflictError
from bb_tui.storage.safesave import (
    fingerprint,
    fingerprint_bytes,
    foreign_link_owner,
    guarded_write,
)
from bb_tui.storage.tomlio import read_toml_bytes


class ReadOnlyError(Exception):
    """An edit was attempted on a session opened read-only."""


@dataclass
class Opening:
    """A session read for editing: who else has it open, and what the person must be told."""

    file: SessionFile
    holder: str | None = None  # who held the in-use lock, if anyone
    notices: list[str] = field(default_factory=list)  # one line each (planted locks, full disk)
    read_only: bool = False  # saving is refused: the file is a link someone else made


def load_for_editing(path: str | Path, framework: Framework) -> Opening:
    """Read a session and take its in-use lock; never raises for a lock or a write failure.

    Raises SessionError (one line naming the file) when the file is not a valid session.
    """
    file = SessionFile.open(path, framework)
    maker = foreign_link_owner(path)
    if maker is not None:
        line = BBError(
            path,
            f"is a link made by another user ({maker}); opened read-only, "
            "nothing will be saved through it",
        ).line()
        return Opening(file, None, [line], read_only=True)
    holder = file.lock.acquire()
    return Opening(file, holder, list(file.lock.notices))


class OpenDocument:
    """A file open in the app: its autosaver (None when read-only) and its in-use lock."""

    def __init__(
        self,
        file: SessionFile | PartnershipFile,
        read_only: bool = False,
        shared_with: str | None = None,
        on_report: Callable[[SaveReport], object] | None = None,
    ) -> None:
        self.file = file
        self.read_only = read_only
        self.shared_with = shared_with  # who held the in-use lock when we opened it
        self.saver = None if read_only else Autosaver(file, on_report)
        self.busy = 0  # >0 while an edit or a save is half done (see signals.py)
        self.closed = False
        self.told_holder = False  # the window holding the lock was told this one opened it
        self.after_edit: Callable[[], None] | None = None

    @property
    def path(self) -> Path:
        return self.file.path

    @contextmanager
    def _editing(self) -> Iterator[None]:
        if self.saver is None or self.closed:
            raise ReadOnlyError(
                f"{self.path.name} is open read-only"
                if self.saver is None
                else f"{self.path.name} is closed"
            )
        self.busy += 1
        try:
            yield
        finally:
            self.saver.changed()
            self._done()

    def _done(self) -> None:
        self.busy -= 1
        if self.busy == 0 and self.after_edit is not None:
            self.after_edit()

    @property
    def unsaved(self) -> bool:
        return self.saver is not None and self.saver.unsaved

    @property
    def failing(self) -> bool:
        """The last save failed and the change is kept, to be retried."""
        return self.saver is not None and self.saver.failing

    def flush(self) -> SaveReport | None:
        """Write pending changes now; None when there were none.

        A hang-up arriving meanwhile waits for this write to finish (busy), then leaves.
        """
        if self.saver is None:
            return None
        self.busy += 1
        try:
            return self.saver.flush()
        finally:
            self._done()

    def flush_off_ui(self, timeout: float = 30.0) -> SaveReport | None:
        """flush() from a worker thread, so the screen answers while a large file is written.
        Not counted as busy: the exit guard's own flush waits for this write (the saver's lock)."""
        return None if self.saver is None else self.saver.flush(timeout)

    def close(self) -> None:
        """Stop autosaving (after a last save attempt) and release the in-use lock."""
        self.closed = True
        if self.saver is not None:
            self.saver.close()
        self.file.lock.release()
        if self.told_holder:
            self.file.lock.tell_holder("closed")

    def tell_holder(self) -> None:
        """Tell the window holding the in-use lock that this one has the file open too."""
        how = "read-only" if self.read_only else "anyway"
        self.told_holder = self.file.lock.tell_holder(how)


class OpenSession(OpenDocument):
    """A session open in the app."""

    file: SessionFile

    def __init__(
        self,
        file: SessionFile,
        read_only: bool = False,
        shared_with: str | None = None,
        on_report: Callable[[SaveReport], object] | None = None,
    ) -> None:
        super().__init__(file, read_only, shared_with, on_report)

    @property
    def session(self) -> Session:
        return self.file.session

    @property
    def framework(self) -> Framework:
        return self.file.framework

    @contextmanager
    def _edit(self) -> Iterator[Session]:
        with self._editing():
            yield self.session

    def set_score(self, item_id: str, score: int) -> None:
        with self._edit() as session:
            session.set_score(item_id, score)

    def skip(self, item_id: str) -> None:
        with self._edit() as session:
            session.skip(item_id)

    def clear(self, item_id: str) -> None:
        with self._edit() as session:
            session.clear(item_id)

    def set_profile(self, *, name: str, organisation: str, level: str, sector: str) -> None:
        """Change who this is; ValueError, nothing changed, when a value is bad."""
        with self._edit() as session:
            session.set_profile(
                self.framework, name=name, organisation=organisation, level=level, sector=sector
            )

    def read_if_saved_elsewhere(self) -> SessionFile | None:
        """The file read again when another window has saved it since it was read or saved
        here, else None (any thread: a large file is slow to parse). Only while this copy
        saves to the file itself (not to a conflict copy)."""
        if self.saver is not None and self.saver.target != self.path:
            return None
        known = self.saver.fingerprint if self.saver is not None else self.file.fingerprint
        try:
            fresh = SessionFile.open(self.path, self.framework)
        except BBError:
            return None  # broken or gone: the next save says so
        return None if fresh.fingerprint == known else fresh

    def take_in(self, fresh: SessionFile) -> bool:
        """Show `fresh` (read_if_saved_elsewhere) from now on, when nothing here is unsaved and
        nothing was saved here since it was read; True when taken in (UI thread)."""
        if self.closed or self.busy or self.unsaved:
            return False
        saver = self.saver
        if saver is not None and (
            saver.target != self.path or saver.fingerprint == fresh.fingerprint
        ):
            return False
        self.file.session = fresh.session
        self.file.fingerprint, self.file.owner = fresh.fingerprint, fresh.owner
        if self.saver is not None:
            self.saver.retarget(fresh.fingerprint)
        return True

    def keep_if_replaced(self) -> bool:
        """When another account's file has taken this file's place (renamed over it), write
        this version to a conflict copy now; the save report says so. True when it did."""
        if self.saver is None or self.closed or not self.saver.replaced():
            return False
        self.saver.changed()  # the write finds the file is not ours and keeps ours beside it
        return True

    def set_text(self, table: str, key: str, text: str) -> None:
        """Set evidence (per enabler) or reflections (per theme); unchanged text is not saved."""
        current = self.session.evidence if table == "evidence" else self.session.reflections
        if current.get(key, "") == text.strip():
            return
        with self._edit() as session:
            session.set_text(table, key, text)


Listener = Callable[[SaveReport], None]


class OpenPartnership(OpenDocument):
    """A folder's partnership file open in the app, shared by every panel that shows it.

    Typing is saved by the writer thread; `save_now()` writes a decision at once and returns
    the report. Reports from the writer thread go to the newest listener (the panel on top).
    The in-use lock is taken with the first change (`claim`): looking leaves no file behind.
    """

    file: PartnershipFile

    def __init__(
        self, file: PartnershipFile, read_only: bool = False, shared_with: str | None = None
    ) -> None:
        super().__init__(file, read_only, shared_with, self._reported)
        self.listeners: list[Listener] = []
        self._thread = threading.get_ident()  # the UI thread: its saves are returned, not told
        self.creation_agreed = False  # a panel asked, once, to create the file: the answer was yes
        self._claimed = False

    @property
    def partnership(self) -> Partnership:
        return self.file.partnership

    @property
    def exists(self) -> bool:
        return self.file.exists

    @property
    def why_read_only(self) -> str:
        """Why changes are not saved, in words (for a document open read-only)."""
        choice = self.file.choice
        if choice is not None and not choice.saves:
            return choice.reason
        return f"{self.path.name} is open read-only"

    def claim(self) -> list[str]:
        """Take the in-use lock before the first change; one line for each thing to tell
        (among them where the change is saved when partnership.toml is someone else's)."""
        if self._claimed or self.read_only:
            return []
        self._claimed = True
        notices = []
        moved = self.file.taken_meanwhile()
        if moved is not None:
            notices.append(moved)
            if self.saver is not None:
                self.saver.retarget(None)  # nothing is pending before the first change
        elif not self.exists and self.file.choice is not None and self.file.choice.foreign:
            notices.append(
                f"{self.file.choice.intruder}, so your changes are saved in {self.path.name} "
                "beside it; the app, report and export use that file from now on"
            )
        holder = self.file.lock.acquire()
        notices += self.file.lock.notices
        if holder:
            self.shared_with = holder
            notices.append(
                f"{self.path.name} is also open elsewhere ({holder}). Saves never "
                "overwrite each other: if both change it, this one is kept as a "
                "conflict copy."
            )
        return notices

    @contextmanager
    def edit(self) -> Iterator[Partnership]:
        """Change the partnership; the change is snapshotted on the way out."""
        with self._editing():
            yield self.partnership

    def save_now(self) -> SaveReport | None:
        return self.flush()

    def save_analysis(self, values: Mapping[str, float | int]) -> SaveReport | None:
        """Save the folder's thresholds, editing only [analysis] in the file as it is on disk.

        None when the file already holds them (nothing is written). A file not made yet is
        written whole, like any first save.
        """
        if not self.exists:
            with self.edit() as partnership:
                partnership.analysis.update(values)
            return self.save_now()
        if self.saver is None or self.closed:
            raise ReadOnlyError(f"{self.path.name} is open read-only")
        self.busy += 1
        try:
            return self._save_analysis(self.saver, values)
        finally:
            self._done()

    def _save_analysis(
        self, saver: Autosaver, values: Mapping[str, float | int]
    ) -> SaveReport | None:
        pending = self.flush()  # a panel's change waiting to be written goes first
        if pending is not None and not pending.ok:
            return pending
        problem = self.read_again_if_changed()
        if problem:
            return SaveReport(False, self.path, problem)
        try:
            data = read_toml_bytes(self.path)
            if fingerprint_bytes(data) != self.file.fingerprint:
                raise PartnershipError(self.path, "changed while saving; press the key again")
            edited = with_analysis(self.path, data, values)
            if edited == data:
                return None
            self.file.fingerprint = guarded_write(self.path, edited, self.file.fingerprint)
        except BBError as exc:
            return SaveReport(False, self.path, exc.line(), isinstance(exc, ConflictError))
        self.file.partnership.analysis.update(values)
        saver.retarget(self.file.fingerprint)
        return SaveReport(True, self.path)

    def _reported(self, report: SaveReport) -> None:
        if threading.get_ident() != self._thread and self.listeners:
            self.listeners[-1](report)

    def after_conflict(self) -> str | None:
        """Someone else saved the file: ours is in the conflict copy; carry on from theirs.

        Anything typed since goes to the copy too. Returns one line if their file cannot be read
        (then saving goes on into the copy).
        """
        if self.saver is None:
            return None
        self.flush()
        try:
            self.file.read_again()
        except BBError as exc:
            return exc.line()
        self.saver.retarget(self.file.fingerprint)
        return None

    def read_again_if_changed(self) -> str | None:
        """Pick up a save made elsewhere, unless a change of ours is waiting; one line on failure."""
        if self.unsaved or (self.saver is not None and self.saver.target != self.path):
            return None
        try:
            if fingerprint(self.path) == self.file.fingerprint:
                return None
            self.file.read_again()
        except BBError as exc:
            return exc.line()
        except OSError as exc:
            return BBError(self.path, f"cannot be read ({exc.strerror or exc})").line()
        if self.saver is not None:
            self.saver.retarget(self.file.fingerprint)
        return None


@dataclass
class PartnershipOpening:
    """The folder's partnership document and what the person must be told on opening it."""

    document: OpenPartnership
    notices: list[str] = field(default_factory=list)  # one line each


class Unanswered(BBError):
    """The folder's partnership.toml is someone else's and this run has not chosen what to do."""


def open_partnership(
    folder: str | Path, framework: Framework, answer: str | None = None
) -> PartnershipOpening:
    """Read the partnership file the folder uses for this account (partnership_in, with the
    person's `answer` when partnership.toml is someone else's), or start a new one; its lock is
    taken by `claim`.

    Raises PartnershipError (one line naming the file) when it is not a valid partnership file,
    Unanswered when partnership.toml is someone else's and there is no answer.
    """
    file = PartnershipFile.in_folder(folder, framework, answer)
    choice = file.choice
    if choice is not None and choice.question:
        raise Unanswered(None, choice.reason)
    told = [choice.reason] if choice is not None and (choice.foreign or choice.beside_used) else []
    maker = foreign_link_owner(file.path)
    if maker is not None:
        line = BBError(
            file.path,
            f"is a link made by another user ({maker}); opened read-only, "
            "nothing will be saved through it",
        ).line()
        return PartnershipOpening(OpenPartnership(file, read_only=True), [*told, line])
    if choice is not None and not choice.saves:
        return PartnershipOpening(OpenPartnership(file, read_only=True), told)
    return PartnershipOpening(OpenPartnership(file), [*told, *file.partnership.warnings])


class OpenPartnerships:
    """The partnership documents open in the app: one per sessions folder, while a panel shows it.

    `on_open`/`on_close` let the app's exit guard watch each one.
    """

    def __init__(
        self,
        framework: Framework,
        on_open: Callable[[OpenDocument], None] | None = None,
        on_close: Callable[[OpenDocument], None] | None = None,
    ) -> None:
        self.framework = framework
        self.on_open, self.on_close = on_open, on_close
        self._open: dict[Path, OpenPartnership] = {}
        self._answers: dict[Path, str] = {}  # per folder: use, ignore or mine, asked once a run

    def question(self, folder: str | Path) -> PartnershipChoice | None:
        """The folder's partnership.toml is someone else's and this run has not chosen yet: what
        to ask about (None otherwise, or when the folder cannot be read: attach says why)."""
        key = Path(folder).resolve()
        if key in self._answers or key in self._open:
            return None
        try:
            choice = partnership_in(folder)
        except BBError:
            return None
        return choice if choice.question else None

    def answered(self, folder: str | Path) -> str | None:
        """What the person chose this run about the folder's partnership.toml, if asked."""
        return self._answers.get(Path(folder).resolve())

    def answer(self, folder: str | Path, answer: str | None) -> None:
        """What the person chose (use, ignore, mine; None counts as ignore), for this run."""
        self._answers[Path(folder).resolve()] = answer or IGNORE

    def attach(self, folder: str | Path, listener: Listener) -> tuple[OpenPartnership, list[str]]:
        """The folder's document, opened by the first panel (its notices: for the first only).

        Raises BBError when the file cannot be read, Unanswered while `question` has one.
        """
        key = Path(folder).resolve()
        document, notices = self._open.get(key), []
        if document is None:
            opening = open_partnership(folder, self.framework, self._answers.get(key))
            document, notices = opening.document, opening.notices
            self._open[key] = document
            if self.on_open is not None:
                self.on_open(document)
        document.listeners.append(listener)
        return document, notices

    def detach(self, document: OpenPartnership, listener: Listener) -> SaveReport | None:
        """A panel is done with it; the last one out saves and closes it (releasing the lock)."""
        if listener in document.listeners:
            document.listeners.remove(listener)
        if document.listeners or document.closed:
            return None
        return self._close(document)

    def _close(self, document: OpenPartnership) -> SaveReport | None:
        report = document.flush()
        document.close()
        self._open = {k: d for k, d in self._open.items() if d is not document}
        if self.on_close is not None:
            self.on_close(document)
        return report

    def documents(self) -> list[OpenPartnership]:
        return list(self._open.values())

    def close_all(self) -> list[SaveReport]:
        """Save and close every document; the reports of saves that failed."""
        reports = [self._close(d) for d in self.documents()]
        return [r for r in reports if r is not None and not r.ok and not r.conflict]


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
