"""A note typed in a partnership panel, then the terminal goes 0.1 s later: the note is in the file.

The partnership file is an open document like a session: autosaved, and flushed by the exit
guard on SIGHUP/SIGTERM (tests/reliability/test_ssh_drop.py does the same for a session).
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from bb_tui.core.framework import load_framework
from bb_tui.core.partnership import FILE_NAME, load_partnership
from tests.support.ptyrun import PtyApp

F8 = b"\x1b[19~"  # the challenges panel
TYPED = " Hung up mid-note."
FW = load_framework()
DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"


@pytest.fixture
def demo(tmp_path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder


def note(folder) -> str:
    return load_partnership(folder / FILE_NAME, FW).challenges["technical-blockages"].note


@pytest.mark.parametrize("how", ["pty-closed", "sighup", "sigterm"])
def test_a_note_typed_just_before_a_hang_up_is_saved(demo, how):
    before = note(demo)
    app = PtyApp(["-m", "bb_tui", "--sessions", str(demo)], size=(120, 40))
    try:
        app.wait_for(b"Sessions in", timeout=15)
        at = app.mark()
        app.send(F8)
        app.wait_for_after(at, b"partnership.toml")  # the status line: drawn to the end
        app.read_for(0.3)
        # the first challenge's note, cursor at its end: the next keys are sent once it has the
        # focus (its last line drawn with the cursor, in reverse video, after it), or they would
        # go to the list
        app.press(b"n", b"consent form.\x1b[0m\x1b[7;")
        app.press(TYPED.encode(), b"mid-note.")  # handled and drawn
        time.sleep(0.1)  # well inside any save delay
        if how == "pty-closed":
            app.hang_up()
        else:
            os.kill(app.pid, signal.SIGHUP if how == "sighup" else signal.SIGTERM)
        status = app.wait_exit(2.0)
        assert status is not None, f"bb-tui still running 2 s after {how}"
    finally:
        app.kill()
    expected = signal.SIGTERM if how == "sigterm" else signal.SIGHUP
    assert os.waitstatus_to_exitcode(status) == 128 + expected
    assert note(demo) == before + TYPED
    assert not [
        p.name for p in demo.iterdir() if p.name.endswith(".bb-tmp") or ".conflict-" in p.name
    ]
