"""A real pty: type a score, then lose the terminal; the score is saved and the process gone."""

from __future__ import annotations

import os
import signal
import time
import tomllib
from pathlib import Path

import pytest

from bb_tui.tui.runtime import signals
from bb_tui.tui.runtime.signals import HANGUP_EXIT
from tests.support.piloting import run_test
from tests.support.ptyrun import PtyApp

SESSION = "joanne-hallett.toml"  # half done: locality is the first enabler not scored
ENABLER = "locality"


def score_locality(app: PtyApp, session_file: Path) -> None:
    """Open the session straight on its overview, open the first unscored enabler, press 2."""
    app.wait_for(b"Progress:", timeout=15)
    at = app.mark()
    app.send(b"\r")
    app.wait_for_after(at, b"Maturity indicators", timeout=10)
    at = app.mark()
    app.send(b"2")
    app.wait_for_after(at, b"[2]", timeout=10)  # the keypress was handled and shown


def saved_score(path: Path) -> int | None:
    return tomllib.loads(path.read_text("utf-8")).get("scores", {}).get(ENABLER)


def sighup_disposition(pid: int) -> str:
    """How process `pid` takes SIGHUP now: "ignored", "caught" (a handler) or "default"."""
    status = dict(
        line.split(":", 1)
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if ":" in line
    )
    bit = 1 << (signal.SIGHUP - 1)
    if int(status["SigIgn"], 16) & bit:
        return "ignored"
    return "caught" if int(status["SigCgt"], 16) & bit else "default"


@pytest.fixture
def session_file(demo_dir: Path) -> Path:
    path = demo_dir / SESSION
    assert saved_score(path) is None
    return path


@pytest.mark.parametrize("ignore_hangup", [False, True], ids=["sighup", "nohup-eof"])
def test_closing_the_pty_saves_and_exits_within_2s(session_file, ignore_hangup):
    app = PtyApp(["-m", "bb_tui", "score", str(session_file)], ignore_hangup=ignore_hangup)
    try:
        score_locality(app, session_file)
        disposition = sighup_disposition(app.pid)
        app.hang_up()  # at once: well inside the autosave's debounce
        closed = time.monotonic()
        status = app.wait_exit(2.0)
        assert status is not None, "bb-tui still running 2 s after its terminal closed"
        assert time.monotonic() - closed < 2.0
        assert saved_score(session_file) == 2
        assert os.WIFEXITED(status), "killed by a signal, not exited"
        if ignore_hangup:
            # nohup is respected, so no signal ended it: the driver saw the tty's input end
            # (a tty, so 129 as for a hang-up; a non-tty end of input exits 0)
            assert disposition == "ignored"
            assert os.WEXITSTATUS(status) == HANGUP_EXIT
        else:
            # our handler (not the default action, which would kill it unsaved) saved and left
            assert disposition == "caught"
            assert os.WEXITSTATUS(status) == HANGUP_EXIT
    finally:
        app.kill()


def test_sigterm_saves_restores_the_terminal_and_exits(session_file):
    app = PtyApp(["-m", "bb_tui", "score", str(session_file)])
    try:
        score_locality(app, session_file)
        at = app.mark()
        os.kill(app.pid, signal.SIGTERM)
        status = app.wait_exit(2.0)
        assert status is not None, "bb-tui still running 2 s after SIGTERM"
        assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGTERM
        assert saved_score(session_file) == 2
        app.read_for(0.2)
        tail = bytes(app.output[at:])
        assert b"\x1b[?1049l" in tail  # left the alternate screen
        assert b"terminated; saved" in tail  # and said so on the restored terminal
        assert app.in_line_mode()  # in line mode, as it was
    finally:
        app.kill()


def test_end_of_input_exits_cleanly_without_spinning(demo_dir):
    app = PtyApp(["-m", "bb_tui", "--sessions", str(demo_dir)], stdin_devnull=True)
    try:
        status = app.wait_exit(10.0)
        assert status is not None, "bb-tui kept running with stdin at end of file"
        assert os.waitstatus_to_exitcode(status) == 0
        assert b"end of input" in bytes(app.output)
    finally:
        app.kill()
    # Every session file is untouched: nothing was open.
    assert saved_score(demo_dir / SESSION) is None


class Left(Exception):
    """What os._exit raises in the test below, so the test can look at the file."""


async def test_a_hang_up_saves_the_last_keys_whose_change_is_still_queued(
    session_file, make_app, monkeypatch
):
    # A key drawn on screen may not yet have reached the session: the editor's Changed message
    # is queued when the hang-up comes. The guard hands it on before it saves (the pty test in
    # tests/reliability/test_ssh_drop.py lost the last character this way under load).
    def leave(code: int) -> None:
        raise Left(code)

    monkeypatch.setattr(signals.os, "_exit", leave)
    app = make_app(session_file.parent, session_file)
    async with run_test(app) as pilot:
        await pilot.press("enter", "e", *"ab")
        area = app.focused
        area.insert("cd")  # edited now; its Changed is posted and not yet handled
        with pytest.raises(Left):
            app.guard.save_and_exit(HANGUP_EXIT, terminal_alive=False, why="hung up")
    evidence = tomllib.loads(session_file.read_text("utf-8"))["evidence"][ENABLER]
    assert evidence == "abcd"
