"""Leaving safely when the terminal goes away: SIGHUP, SIGTERM, or the end of input.

Textual installs no SIGHUP or SIGTERM handler, so by default an SSH drop kills the app with
its last edits unsaved. `ExitGuard` saves synchronously and ends the process at once with
`os._exit`, without going back through Textual's shutdown, which would write to a terminal
that may be gone (and could block). Python runs signal handlers in the main thread between
bytecodes; an edit half done at that moment (`OpenSession.busy`) finishes first.
Nothing here imports Textual.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from typing import TYPE_CHECKING, Callable

from bb_tui.storage.errors import shown_path

if TYPE_CHECKING:
    from bb_tui.core.editing import OpenSession

HANGUP_EXIT = 128 + signal.SIGHUP
TERM_EXIT = 128 + signal.SIGTERM


class ExitGuard:
    """Saves the open session and exits when the process is told to stop or loses its terminal."""

    def __init__(self) -> None:
        self.session: OpenSession | None = None
        self.restore_terminal: Callable[[], None] | None = None  # set by the app once it runs
        self._deferred: int | None = None
        self._installed: dict[int, object] = {}

    def install(self) -> None:
        """Handle SIGTERM, and SIGHUP unless it is ignored (`nohup`), which is respected."""
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue
            self._installed[signum] = signal.signal(signum, self._on_signal)

    def uninstall(self) -> None:
        for signum, previous in self._installed.items():
            signal.signal(signum, previous)
        self._installed.clear()

    def watch(self, session: OpenSession | None) -> None:
        """Guard this session (None: nothing open)."""
        if self.session is not None:
            self.session.after_edit = None
        self.session = session
        if session is not None:
            session.after_edit = self._after_edit

    def _on_signal(self, signum: int, _frame: object) -> None:
        if self.session is not None and self.session.busy:
            self._deferred = signum  # finish the edit first; _after_edit exits
            return
        self.save_and_exit(128 + signum, terminal_alive=signum == signal.SIGTERM,
                           why="terminated" if signum == signal.SIGTERM else "hung up")

    def _after_edit(self) -> None:
        if self._deferred is not None:
            signum = self._deferred
            self.save_and_exit(128 + signum, terminal_alive=signum == signal.SIGTERM,
                               why="terminated" if signum == signal.SIGTERM else "hung up")

    def save_and_exit(self, code: int, terminal_alive: bool, why: str) -> None:
        """Write pending changes, restore a live terminal, and end the process now."""
        message = f"bb-tui: {why}; nothing to save"
        try:
            if self.session is not None:
                report = self.session.flush()
                if report is None or report.ok:
                    message = f"bb-tui: {why}; saved {shown_path(self.session.path)}"
                else:
                    message = f"bb-tui: {why}; {report.message}"
        except BaseException as exc:  # noqa: BLE001 - we are leaving whatever happens
            message = f"bb-tui: {why}; save failed: {exc}"
        if terminal_alive:
            try:
                if self.restore_terminal is not None:
                    self.restore_terminal()
                write_if_ready(sys.__stderr__.fileno(), f"{message}\n".encode())
            except BaseException:  # noqa: BLE001
                pass
        os._exit(code)


def write_if_ready(fd: int, data: bytes, timeout: float = 0.2) -> bool:
    """Write a few bytes only if `fd` accepts them soon: a stalled terminal must not hold us."""
    try:
        _, ready, _ = select.select([], [fd], [], timeout)
        if ready:
            os.write(fd, data)
            return True
    except OSError:
        pass
    return False
