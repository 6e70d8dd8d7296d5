"""Autosave: each change is snapshotted at once, then written in order by one background thread.

It keeps any `Document` on disk (a session, the partnership file). The UI thread calls `changed()`
after every edit; it snapshots the document there and then, so a snapshot is always a complete,
consistent file (a session is copied, cheaply, and serialised by the writer). A single writer thread
writes the newest snapshot after a short pause (debounce) through the foundation's conflict-safe
`guarded_write`. `flush()` writes synchronously (quit, SIGHUP, SIGTERM). Nothing here imports
Textual.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bb_tui.core.framework import Framework
from bb_tui.core.session import Session, SessionFile, dump_session
from bb_tui.storage.errors import ConflictError, ReplacedError, SaveError
from bb_tui.storage.safesave import fingerprint_bytes, guarded_write

DELAY = 0.35  # seconds of quiet after a change before it is written
MAX_DELAY = 0.9  # ...but never later than this after the first unsaved change
RETRY = 5.0  # seconds between attempts after a failed save


@dataclass(frozen=True)
class SaveReport:
    """The outcome of one write attempt, worded for the person at the keyboard."""

    ok: bool
    path: Path
    message: str = ""
    conflict: bool = False
    replaced_by: str = ""  # a conflict because another account's file took the file's place


def session_snapshot(session: Session, framework: Framework) -> Callable[[], bytes]:
    """A copy of `session` as it is now, serialised when called (2 MiB takes ~0.4 s, so the
    writer thread calls it). Cheap: dicts and lists are copied, their strings shared."""
    copy = session.replace(
        participant=session.participant.replace(),
        scores=dict(session.scores),
        indicators=dict(session.indicators),
        skipped=list(session.skipped),
        evidence=dict(session.evidence),
        reflections=dict(session.reflections),
        extra=dict(session.extra),
        participant_extra=dict(session.participant_extra),
        warnings=list(session.warnings),
    )
    return lambda: dump_session(copy, framework)


class Document(Protocol):
    """A file the app edits: where it is, the fingerprint of what is there, and its bytes."""

    fingerprint: str | None  # None: the file does not exist yet

    @property
    def path(self) -> Path: ...

    def dump(self) -> bytes:
        """Stamp the time and serialise; called on the UI thread."""
        ...


class SessionDocument:
    """A SessionFile as a Document."""

    def __init__(self, file: SessionFile) -> None:
        self.file = file

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def fingerprint(self) -> str | None:
        return self.file.fingerprint

    @fingerprint.setter
    def fingerprint(self, value: str | None) -> None:
        self.file.fingerprint = value

    @property
    def owner(self) -> int | None:
        """The account the file belonged to when read or last saved here."""
        return self.file.owner

    @owner.setter
    def owner(self, value: int | None) -> None:
        self.file.owner = value

    def dump(self) -> bytes:
        return self.snapshot()()

    def snapshot(self) -> Callable[[], bytes]:
        """Stamp the time and copy the session (UI thread); calling the result serialises it."""
        session = self.file.session
        session.updated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        return session_snapshot(session, self.file.framework)


class Autosaver:
    """Keeps one file up to date with the newest snapshot of its document."""

    def __init__(
        self,
        doc: Document | SessionFile,
        on_report: Callable[[SaveReport], object] | None = None,
        delay: float | None = None,
        max_delay: float | None = None,
        retry: float | None = None,
    ) -> None:
        self.doc: Document = SessionDocument(doc) if isinstance(doc, SessionFile) else doc
        self.target = self.doc.path  # becomes the conflict copy after a conflict
        self.fingerprint = self.doc.fingerprint
        self.owner: int | None = getattr(self.doc, "owner", None)  # None: not checked
        self.on_report = on_report
        self.delay = DELAY if delay is None else delay
        self.max_delay = MAX_DELAY if max_delay is None else max_delay
        self.retry = RETRY if retry is None else retry
        self.last_report: SaveReport | None = None
        self._cond = threading.Condition(threading.Lock())
        self._io = threading.Lock()  # held for the whole of one write, by whoever writes
        self._pending: bytes | Callable[[], bytes] | None = None
        self._version = 0  # snapshots taken
        self._written = 0  # newest snapshot on disk
        self._first_unsaved = 0.0
        self._last_change = 0.0
        self._retry_at = 0.0
        self._closed = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ UI thread

    def changed(self) -> None:
        """Snapshot the document now; the writer thread saves it shortly."""
        take = getattr(self.doc, "snapshot", None)  # cheap now, serialised by the writer
        data = take() if take is not None else self.doc.dump()
        now = time.monotonic()
        with self._cond:
            if self._version == self._written:
                self._first_unsaved = now
            self._pending = data
            self._version += 1
            self._last_change = now
            self._cond.notify()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="bb-autosave", daemon=True)
            self._thread.start()

    @property
    def unsaved(self) -> bool:
        return self._version != self._written

    @property
    def failing(self) -> bool:
        """The last write failed (not a conflict) and the change is still unsaved."""
        last = self.last_report
        return self.unsaved and last is not None and not last.ok and not last.conflict

    def retarget(self, fingerprint: str | None) -> None:
        """The document was read again from its file: save there, from `fingerprint`, on."""
        with self._io:
            with self._cond:
                self._pending = None
                self._written = self._version
                self._retry_at = 0.0
            self.target = self.doc.path
            self.fingerprint = fingerprint
            self.owner = getattr(self.doc, "owner", None)
            self.last_report = None

    def replaced(self) -> bool:
        """Another account's file has taken the file's place since it was read or saved here."""
        if self.owner is None or self.target != self.doc.path:
            return False
        try:
            return os.stat(self.target).st_uid != self.owner
        except OSError:
            return False  # gone: the next save says so

    def flush(self, timeout: float = 1.5) -> SaveReport | None:
        """Write the newest snapshot now; None when there was nothing to write."""
        if not self._io.acquire(timeout=timeout):
            return self._report(
                SaveReport(False, self.target, "not saved: an earlier save is still in progress")
            )
        try:
            return self._write_newest()
        finally:
            self._io.release()

    def close(self, timeout: float = 1.5) -> SaveReport | None:
        """Flush and stop the writer thread."""
        report = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        return report

    # ------------------------------------------------------------ writer thread

    def _due(self, now: float) -> float:
        """Seconds until the pending snapshot should be written (<= 0: now)."""
        quiet = self._last_change + self.delay
        latest = self._first_unsaved + self.max_delay
        return max(min(quiet, latest), self._retry_at) - now

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed:
                    if self._version == self._written:
                        self._cond.wait()
                        continue
                    wait = self._due(time.monotonic())
                    if wait <= 0:
                        break
                    self._cond.wait(wait)
                if self._closed:
                    return
            with self._io:
                self._write_newest()

    # ------------------------------------------------------------ either thread, holding _io

    def _write_newest(self) -> SaveReport | None:
        with self._cond:
            data, version = self._pending, self._version
        if data is None or version == self._written:
            return None
        if callable(data):
            data = data()  # a session snapshot: serialised here, off the UI thread
        try:
            self.fingerprint = guarded_write(self.target, data, self.fingerprint, self.owner)
            report = SaveReport(True, self.target)
        except ConflictError as exc:
            # Someone else saved this file (or put another account's in its place) since we
            # loaded it. Our version is now the conflict copy; keep saving there so their file
            # is never overwritten.
            self.target = Path(exc.copy_path)
            self.fingerprint = fingerprint_bytes(data)
            replaced_by = exc.account if isinstance(exc, ReplacedError) else ""
            report = SaveReport(False, self.target, exc.line(), True, replaced_by)
        except SaveError as exc:
            with self._cond:
                self._retry_at = time.monotonic() + self.retry
            return self._report(
                SaveReport(
                    False,
                    self.target,
                    f"{exc.line()}; your changes are kept and saving "
                    f"is retried every {self.retry:g} s",
                )
            )
        with self._cond:
            self._written = version
            self._retry_at = 0.0
        if self.owner is not None:
            self.owner = os.geteuid()  # what we write, as the file or its copy, is ours
        if self.target == self.doc.path:
            self.doc.fingerprint = self.fingerprint
            if isinstance(self.doc, SessionDocument):
                self.doc.owner = self.owner
        return self._report(report)

    def _report(self, report: SaveReport) -> SaveReport:
        self.last_report = report
        if self.on_report is not None:
            self.on_report(report)
        return report
