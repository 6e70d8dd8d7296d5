"""Keys typed while the app starts stay the keys typed, until Textual reads them.

Until Textual's driver switches the terminal to raw mode (a second or more after the command,
most of it importing Textual) the terminal is in line mode and acts on some keys itself: Enter
arrives as ctrl+j, ctrl+s stops the output and is gone, ctrl+c is a signal. So once the command
is known to open the app, `hold` switches to the same raw mode the driver will (LinuxDriver's
flags); keys then wait in the terminal as typed and the app's KeyHold hands them on. Textual
keeps the mode it finds to go back to, so `give_back` restores the one from before: the driver
calls it as it leaves application mode (runtime/driver.py), the command once the app has ended.
Nothing here imports Textual: it runs before Textual is loaded.
"""

from __future__ import annotations

import os
import sys
import termios
from typing import Any

_before: list[Any] | None = None  # the terminal's mode before `hold`, until given back


def hold() -> None:
    """Raw mode now, if input is a terminal (Textual's driver would set it later)."""
    global _before
    stdin = sys.__stdin__
    if _before is not None or stdin is None:
        return
    try:
        fd = stdin.fileno()
        if not os.isatty(fd):
            return
        before = termios.tcgetattr(fd)
        raw = termios.tcgetattr(fd)
        signals = 0 if os.environ.get("TEXTUAL_ALLOW_SIGNALS") else termios.ISIG
        raw[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | signals)
        raw[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
        raw[6][termios.VMIN] = 1
        termios.tcsetattr(fd, termios.TCSANOW, raw)
    except (AttributeError, ValueError, OSError, termios.error):
        return
    _before = before


def held_mode() -> list[Any] | None:
    """The terminal's mode from before `hold`, while it is held."""
    return _before


def give_back() -> None:
    """The terminal's mode from before `hold`, once (later calls do nothing)."""
    global _before
    before, _before = _before, None
    if before is None or sys.__stdin__ is None:
        return
    try:
        termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSANOW, before)
    except (AttributeError, ValueError, OSError, termios.error):
        pass
