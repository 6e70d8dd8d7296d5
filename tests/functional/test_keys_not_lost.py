"""Keys typed quickly reach the widget they were meant for, in a real pty (issue 20): a Tab
right after a name moves on to Organisation, and keys typed while the app is still loading
(Enter, a name, Tab, an organisation, ctrl+s), before its first screen, are kept as typed and
wait for the new-session dialog that Enter opens (runtime/typeahead.py, runtime/keyhold.py).
On failure each test prints what the screen showed."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from bb_tui.core.framework import load_framework
from bb_tui.core.session import SessionFile
from tests.support.ptyrun import PtyApp, screen_text

# `python -X importtime` writes a line to the terminal as each module is loaded: this one says
# a Textual module is, so the app is still loading and its screen not yet shown.
LOADING_TEXTUAL = re.compile(rb"\| +textual[.\r]")


def created(app: PtyApp, folder: Path, timeout: float = 20.0) -> SessionFile:
    """The one session file made in `folder`, once it exists (reading the app's output)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(folder.glob("*.toml"))
        if found:
            app.read_for(0.3)
            return SessionFile.open(found[0], load_framework())
        app.read_for(0.1)
    mode = " (the terminal still in line mode)" if app.in_line_mode() else ""
    raise AssertionError(f"no session file was made{mode}; the screen:\n{screen_text(app.output)}")


def start(folder: Path, *python_options: str) -> PtyApp:
    argv = [*python_options, "-m", "bb_tui", "--sessions", str(folder)]
    return PtyApp(argv, env=dict(os.environ))


def test_tab_right_after_the_name_moves_to_organisation(tmp_path):
    app = start(tmp_path)
    try:
        app.wait_for(b"New session", timeout=20)
        app.send(b"n")  # the dialog opens while the rest is typed
        app.send(b"Ann Lee")
        app.send(b"\t")
        app.send(b"Riverside")
        app.send(b"\x13")  # ctrl+s: create
        person = created(app, tmp_path).session.participant
        shown = screen_text(app.output)
        assert (person.name, person.organisation) == ("Ann Lee", "Riverside"), shown
    finally:
        app.kill()


def test_keys_typed_while_the_app_loads_are_kept(tmp_path):
    """Until Textual's driver started, the terminal was in line mode: Enter arrived as ctrl+j
    and ctrl+s stopped the output and was gone, so no session was made."""
    app = start(tmp_path, "-X", "importtime")
    try:
        deadline = time.monotonic() + 20
        while not LOADING_TEXTUAL.search(app.output) and time.monotonic() < deadline:
            app.read_for(0.01)
        assert b"\x1b[?1049h" not in app.output, "the screen was shown before Textual loaded"
        app.send(b"\rBo Chen\tHarbour\x13")  # enter on "Start a new session", ..., ctrl+s
        person = created(app, tmp_path).session.participant
        shown = screen_text(app.output)
        assert (person.name, person.organisation) == ("Bo Chen", "Harbour"), shown
    finally:
        app.kill()
