"""The app in a real pty under the TERM values users have: xterm, screen, tmux, 16 colours."""

from __future__ import annotations

import os

import pytest

from tests.support.ptyrun import PtyApp


@pytest.mark.parametrize("term", ["xterm", "screen", "tmux-256color", "xterm-256color"])
def test_starts_shows_the_sessions_and_quits_cleanly(demo_dir, term):
    env = dict(os.environ, TERM=term)
    env.pop("COLORTERM", None)
    env.pop("TEXTUAL_THEME", None)
    app = PtyApp(["-m", "bb_tui", "--sessions", str(demo_dir)], env=env)
    try:
        app.wait_for(b"Tomasz Wierzbicki", timeout=15)
        app.wait_for(b"New session")
        app.send(b"\x11")  # ctrl+q
        status = app.wait_exit(5.0)
        assert status is not None and os.waitstatus_to_exitcode(status) == 0
        assert b"Traceback" not in app.output
        assert b"\x1b[?1049l" in app.output  # the terminal was given back
        assert app.in_line_mode()  # in line mode, as it was
    finally:
        app.kill()
