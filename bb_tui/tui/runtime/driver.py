"""Textual's Linux driver, taught that input can end; and the driver classes the app picks.

Textual 8.2.8's `LinuxDriver.run_input_thread` treats an empty read as "nothing yet" and selects
again: at end of input (`bb-tui < /dev/null`, or a pty whose other end closed while SIGHUP is
ignored) that loop spins a CPU forever, and a read error (EIO) ends in a panic that writes a
traceback to the dead terminal. This subclass stops reading at EOF or EIO and tells the app.
It is the one place bb-tui leans on Textual internals: the loop is a copy (with the private
`textual._xterm_parser.XTermParser`), so Textual is pinned (pyproject.toml) and
tests/unit/test_driver_upstream.py fails when the upstream loop changes; if the parser cannot be
imported, `linux_driver` falls back to Textual's own driver with a one-line warning. The fix is
written up for upstream in docs/upstream-linux-driver-eof.md; once Textual has it, this goes.
"""

from __future__ import annotations

import os
import selectors
import sys
import termios
from codecs import getincrementaldecoder
from collections.abc import Callable

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from bb_tui.storage.textsafe import one_line
from bb_tui.tui.glyphs import fold
from bb_tui.tui.runtime import typeahead
from bb_tui.tui.runtime.signals import write_if_ready

try:  # private: present in the pinned Textual, may move in another
    from textual._xterm_parser import XTermParser
except ImportError as exc:  # then linux_driver() never returns SafeLinuxDriver
    _MISSING = one_line(f"textual._xterm_parser.XTermParser cannot be imported ({exc})")
else:
    _MISSING = ""

# What a terminal needs to leave application mode: mouse and paste reporting off, line wrap on,
# the keyboard protocol popped, the main screen back, the cursor shown, focus reports off.
_RESTORE = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?7h"
    "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"
)


class SafeLinuxDriver(LinuxDriver):
    """A LinuxDriver whose input thread ends cleanly at end of input, and which leaves the
    terminal in the mode it had before the command held the keys (runtime/typeahead)."""

    def stop_application_mode(self) -> None:
        super().stop_application_mode()  # back to the mode it found: the held raw mode
        typeahead.give_back()

    def run_input_thread(self) -> None:
        """Textual's input loop (same parsing), plus: EOF or a read error ends it."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        ended = False
        try:
            while not self.exit_event.is_set() and not ended:
                for _key, mask in selector.select(0.1):
                    if not mask & selectors.EVENT_READ:
                        continue
                    try:
                        data = os.read(self.fileno, 1024 * 4)
                    except OSError:  # EIO: the terminal is gone
                        data = b""
                    if not data:
                        ended = True
                        break
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
        if ended:
            input_ended: Callable[[bool], None] | None = getattr(self._app, "input_ended", None)
            if input_ended is not None:
                input_ended(self.input_tty)


def linux_driver() -> type[LinuxDriver]:
    """SafeLinuxDriver, or Textual's own driver (with one line on stderr) if ours cannot run."""
    if not _MISSING:
        return SafeLinuxDriver
    print(
        f"bb-tui: warning: {_MISSING}; using Textual's own driver, which may spin a CPU at "
        "end of input instead of exiting",
        file=sys.stderr,
    )
    return LinuxDriver


def ascii_output(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class`, writing everything folded to ASCII (Driver.write is its public output)."""

    # mypy takes no class made at run time as a base: the argument's type says what it is.
    class AsciiDriver(driver_class):  # type: ignore[valid-type, misc]
        def write(self, data: str) -> None:
            super().write(fold(data))

    AsciiDriver.__name__ = AsciiDriver.__qualname__ = f"Ascii{driver_class.__name__}"
    return AsciiDriver


def terminal_restorer() -> Callable[[], None] | None:
    """What puts the terminal back as it is now, writing directly (Textual's writer thread may
    be stuck when SIGTERM arrives); None when there is no terminal."""
    if sys.__stdin__ is None or sys.__stderr__ is None:
        return None
    try:
        tty = sys.__stdin__.fileno()
        attrs = typeahead.held_mode() or termios.tcgetattr(tty)
        out = sys.__stderr__.fileno()  # where Textual draws
    except (AttributeError, ValueError, OSError, termios.error):
        return None

    def restore() -> None:
        write_if_ready(out, _RESTORE.encode())
        try:
            termios.tcsetattr(tty, termios.TCSANOW, attrs)
        except termios.error:
            pass

    return restore
