"""Leaving safely when the terminal goes away: SIGHUP, SIGTERM, or the end of input.

Textual installs no SIGHUP or SIGTERM handler, so by default an SSH drop kills the app with
its last edits unsaved. `ExitGuard` saves synchronously and ends the process at once with
`os._exit`, without going back through Textual's shutdown, which would write to a terminal
that may be gone (and could block). Python runs signal handlers in the main thread between
bytecodes; an edit or save half done at that moment (`OpenDocument.busy`) finishes first.
Every open document is watched: the session and any partnership file a panel shows.
Nothing here imports Textual.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bb_tui.storage.errors import shown_path

if TYPE_CHECKING:
    from types import FrameType

    from bb_tui.core.editing import OpenDocument

HANGUP_EXIT = 128 + signal.SIGHUP
TERM_EXIT = 128 + signal.SIGTERM


class ExitGuard:
    """Saves every open document and exits when the process is told to stop or loses its terminal."""

    def __init__(self) -> None:
        self.documents: list[OpenDocument] = []
        self.restore_terminal: Callable[[], None] | None = None  # set by the app once it runs
        # set by the app: hands typing whose Changed is still queued to its document
        self.hand_over: Callable[[], None] | None = None
        self._deferred: int | None = None
        self._leaving = False
        self._installed: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}

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

    def watch(self, document: OpenDocument | None) -> None:
        """Guard this document too (None: nothing to add)."""
        if document is not None and document not in self.documents:
            self.documents.append(document)
            document.after_edit = self._after_edit

    def forget(self, document: OpenDocument | None) -> None:
        """Stop guarding a document (closed)."""
        if document in self.documents:
            self.documents.remove(document)
            document.after_edit = None

    def _on_signal(self, signum: int, _frame: object) -> None:
        if any(d.busy for d in self.documents):
            self._deferred = signum  # finish the edit or save first; _after_edit exits
            return
        self._leave(signum)

    def _after_edit(self) -> None:
        if (
            self._deferred is not None
            and not self._leaving
            and not any(d.busy for d in self.documents)
        ):
            self._leave(self._deferred)

    def _leave(self, signum: int) -> None:
        self.save_and_exit(
            128 + signum,
            terminal_alive=signum == signal.SIGTERM,
            why="terminated" if signum == signal.SIGTERM else "hung up",
        )

    def save_and_exit(self, code: int, terminal_alive: bool, why: str) -> None:
        """Write every document's pending changes, restore a live terminal, and end the process now."""
        self._leaving = True
        lines = []
        if self.hand_over is not None:
            try:
                self.hand_over()  # the last keys typed, drawn but not yet handed on
            except BaseException as exc:  # noqa: BLE001 - save what the documents hold
                lines.append(f"typing not handed on: {exc}")
        for document in list(self.documents):
            try:
                report = document.flush()
                lines.append(
                    f"saved {shown_path(document.path)}"
                    if report is None or report.ok
                    else report.message
                )
            except BaseException as exc:  # noqa: BLE001 - we are leaving whatever happens
                lines.append(f"save failed: {exc}")
        message = f"bb-tui: {why}; " + ("; ".join(lines) if lines else "nothing to save")
        if terminal_alive:
            try:
                if self.restore_terminal is not None:
                    self.restore_terminal()
                if sys.__stderr__ is not None:
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
