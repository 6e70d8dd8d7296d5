"""Two windows on one session know of each other (issue 20), as two real `bb-tui score FILE`
processes in ptys: the first is told at once when the second opens it anyway, a save in one
shows in the other within a second or so, and when both change it at once both windows say
which file has the conflict copy, in the session bar, with no notification boxes; the sessions
list then says which file merge counts."""

from __future__ import annotations

import os
import shutil
import time

from tests.support.demo import DEMO
from tests.support.ptyrun import PtyApp

NAME = "joanne-hallett.toml"  # 6/12 enablers scored


def score(path) -> PtyApp:
    env = dict(os.environ)
    env.pop("BB_TUI_LIVE", None)  # watching as it does for people (tests turn it off)
    return PtyApp(["-m", "bb_tui", "score", str(path)], env=env)


def test_two_windows_on_one_session(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    first = score(folder / NAME)
    second = None
    try:
        first.wait_for(b"6/12 enablers", timeout=30)
        first.read_for(0.5)
        second = score(folder / NAME)
        second.wait_for(b"already open", timeout=30)
        mark = first.mark()
        second.send(b"o")  # open anyway
        second.wait_for(b"Also open in bb-tui process", timeout=10)
        first.wait_for_after(mark, b"Also open in another window, editing too", timeout=5)

        first.press(b"\r", b"Not scored yet")  # the first enabler not scored
        mark = second.mark()
        first.send(b"4")
        started = time.monotonic()
        second.wait_for_after(mark, b"7/12 enablers", timeout=10)  # taken in, not "6/12"
        taken_in = time.monotonic() - started
        assert taken_in < 5, taken_in  # within ~1 s; generous for a loaded machine

        first.press(b"\x1b", b"7/12 enablers")  # back to the overview, nothing unsaved
        first.read_for(0.5)
        second.press(b"\r", b"backspace clears")  # the one just scored, in both windows
        first.press(b"\r", b"backspace clears")
        marks = first.mark(), second.mark()
        first.send(b"5")
        second.send(b"3")  # at once: both have an unsaved change, one save must conflict
        first.wait_for_after(marks[0], b".conflict-", timeout=10)
        second.wait_for_after(marks[1], b".conflict-", timeout=10)
        lines = (b"This window now saves to", b"Another window's changes are in")
        said = [
            [line in app.output[start:] for line in lines]
            for app, start in zip((first, second), marks)
        ]
        assert sorted(said) == [[False, True], [True, False]], said  # one each
        for app in (first, second):
            assert b"Changed by someone else" not in app.output  # no notification box
            assert b"Open in two places" not in app.output
        copies = list(folder.glob("joanne-hallett.conflict-*.toml"))
        assert len(copies) == 1, copies

        first.press(b"\x1b", b"enablers")
        mark = first.mark()
        first.send(b"\x1b")  # the sessions list: which of the two files merge counts
        first.wait_for_after(mark, b"merge counts", timeout=15)
    finally:
        first.kill()
        if second is not None:
            second.kill()
