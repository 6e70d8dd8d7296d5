"""Autosave: each change is snapshotted at once, then written in order by one background thread.

The UI thread calls `changed()` after every edit; it snapshots the session there and then, so a
snapshot is always a complete, consistent file (copied, cheaply, and serialised by the writer). A
single writer thread writes the newest snapshot after a short pause (debounce) through the
foundation's conflict-safe `guarded_write`. `flush()` writes synchronously (quit, SIGHUP, SIGTERM).
Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from bb_tui.core.framework import Framework
from bb_tui.core.session import Session, SessionFile, dump_session
from bb_tui.storage.errors import ConflictError, SaveError
from bb_tui.storage.safesave import fingerprint_bytes, guarded_write

DELAY = 0.35      # seconds of quiet after a change before it is written
MAX_DELAY = 0.9   # ...but never later than this after the first unsaved change
RETRY = 5.0       # seconds between attempts after a failed save


@dataclass(frozen=True)
class SaveReport:
    """The outcome of one write attempt, worded for the person at the keyboard."""

    ok: bool
    path: Path
    message: str = ""
    conflict: bool = False


def session_snapshot(session: Session, framework: Framework) -> Callable[[], bytes]:
    """A copy of `session` as it is now, serialised when called (2 MiB takes ~0.4 s, so the
    writer thread calls it). Cheap: dicts and lists are copied, their strings shared."""
    copy = replace(session, participant=replace(session.participant),
                   scores=dict(session.scores), indicators=dict(session.indicators),
                   skipped=list(session.skipped), evidence=dict(session.evidence),
                   reflections=dict(session.reflections), extra=dict(session.extra),
                   participant_extra=dict(session.participant_extra),
                   warnings=list(session.warnings))
    return lambda: dump_session(copy, framework)


class Autosaver:
    """Keeps one session file up to date with the newest snapshot of its session."""

    def __init__(self, file: SessionFile, on_report: Callable[[SaveReport], None] | None = None,
                 delay: float | None = None, max_delay: float | None = None,
                 retry: float | None = None) -> None:
        self.file = file
        self.target = file.path          # becomes the conflict copy after a conflict
        self.fingerprint = file.fingerprint
        self.on_report = on_report
        self.delay = DELAY if delay is None else delay
        self.max_delay = MAX_DELAY if max_delay is None else max_delay
        self.retry = RETRY if retry is None else retry
        self.last_report: SaveReport | None = None
        self._cond = threading.Condition(threading.Lock())
        self._io = threading.Lock()      # held for the whole of one write, by whoever writes
        self._pending: bytes | Callable[[], bytes] | None = None
        self._version = 0                # snapshots taken
        self._written = 0                # newest snapshot on disk
        self._first_unsaved = 0.0
        self._last_change = 0.0
        self._retry_at = 0.0
        self._closed = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ UI thread

    def changed(self) -> None:
        """Snapshot the session now; the writer thread saves it shortly."""
        session = self.file.session
        session.updated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        data = session_snapshot(session, self.file.framework)   # serialised by the writer
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

    def flush(self, timeout: float = 1.5) -> SaveReport | None:
        """Write the newest snapshot now; None when there was nothing to write."""
        if not self._io.acquire(timeout=timeout):
            return self._report(SaveReport(False, self.target,
                                           "not saved: an earlier save is still in progress"))
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
            data = data()   # a session snapshot: serialised here, off the UI thread
        try:
            self.fingerprint = guarded_write(self.target, data, self.fingerprint)
            report = SaveReport(True, self.target)
        except ConflictError as exc:
            # Someone else saved this file since we loaded it. Our version is now the
            # conflict copy; keep saving there so their file is never overwritten.
            self.target = Path(exc.copy_path)
            self.fingerprint = fingerprint_bytes(data)
            report = SaveReport(False, self.target, exc.line(), conflict=True)
        except SaveError as exc:
            with self._cond:
                self._retry_at = time.monotonic() + self.retry
            return self._report(SaveReport(False, self.target,
                                           f"{exc.line()}; your changes are kept and saving "
                                           f"is retried every {self.retry:g} s"))
        with self._cond:
            self._written = version
            self._retry_at = 0.0
        if self.target == self.file.path:
            self.file.fingerprint = self.fingerprint
        return self._report(report)

    def _report(self, report: SaveReport) -> SaveReport:
        self.last_report = report
        if self.on_report is not None:
            self.on_report(report)
        return report
