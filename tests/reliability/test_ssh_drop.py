"""The SSH link drops mid-edit, SIGTERM, and `nohup` with stdin at end of input, in a real pty.

tests/functional/test_terminal_loss.py proves a typed score survives a closed pty or SIGTERM.
Here the edit is text half typed in the evidence editor, and the process's CPU time is read
from /proc (while it runs) and from wait4's rusage (once it is gone), so a spin shows.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.support.ptyrun import PtyApp

TEXT = "Typed over SSH: [/b] [@click=app.quit]x ünï"
SESSION = "joanne-hallett.toml"  # locality: the first enabler not scored, no evidence yet
CLOCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK


def wait_exit_with_cpu(app: PtyApp, timeout: float) -> tuple[int | None, float]:
    """(exit status or None, total CPU seconds used by the process) -- wait4's rusage."""
    deadline = time.monotonic() + timeout
    while True:
        if app.fd >= 0:
            app.read(0)
        pid, status, usage = os.wait4(app.pid, os.WNOHANG)
        if pid:
            app.status = status
            return status, usage.ru_utime + usage.ru_stime
        if time.monotonic() > deadline:
            return None, cpu_seconds(app.pid)
        time.sleep(0.01)


def evidence(path: Path) -> str | None:
    return tomllib.loads(path.read_text("utf-8")).get("evidence", {}).get("locality")


def open_evidence_and_type(app: PtyApp) -> float:
    """Open locality's evidence editor, sit idle for 1 s (returns the CPU used), then type."""
    app.wait_for(b"Your score", timeout=15)
    at = app.mark()
    app.send(b"\r")
    app.wait_for_after(at, b"Maturity indicators")
    at = app.mark()
    app.send(b"e")
    app.wait_for_after(at, b"What is working well")
    before = cpu_seconds(app.pid)
    app.read_for(1.0)  # idle, cursor blinking, waiting for keys
    idle = cpu_seconds(app.pid) - before
    at = app.mark()
    app.send(TEXT.encode())
    app.wait_for_after(at, "ünï".encode())  # the last characters were handled and drawn
    return idle


@pytest.mark.parametrize("how", ["pty-closed", "pty-closed-nohup", "sigterm"])
def test_losing_the_terminal_mid_edit_saves_the_text_and_exits_without_spinning(demo_copy, how):
    path = demo_copy / SESSION
    assert evidence(path) is None
    app = PtyApp(["-m", "bb_tui", "score", str(path)], ignore_hangup=how == "pty-closed-nohup")
    try:
        idle = open_evidence_and_type(app)
        before = cpu_seconds(app.pid)
        if how == "sigterm":
            os.kill(app.pid, signal.SIGTERM)
        else:
            app.hang_up()  # at once: inside the autosave's 0.35 s debounce
        gone = time.monotonic()
        status, cpu_total = wait_exit_with_cpu(app, 2.0)
        took = time.monotonic() - gone
        assert status is not None, f"bb-tui still running 2 s after {how}"
    finally:
        app.kill()
    expected = signal.SIGTERM if how == "sigterm" else signal.SIGHUP
    assert os.waitstatus_to_exitcode(status) == 128 + expected
    assert evidence(path) == TEXT  # the half-typed text was saved, literally
    spent = cpu_total - before
    assert idle < 0.3, f"{idle:.2f} s CPU in 1 s idle"
    assert spent < 0.5, f"{spent:.2f} s CPU between {how} and exit ({took:.2f} s)"
    print(
        f"\n{how}: exit after {took * 1000:.0f} ms, {spent * 1000:.0f} ms CPU meanwhile; "
        f"idle 1 s used {idle * 1000:.0f} ms CPU"
    )


def _no_tty_nohup(argv: list[str], folder: Path) -> tuple[int, bytes, float, float]:
    """Run bb-tui under the real `nohup`, stdin from /dev/null and output to a file."""
    out = folder / "nohup-out.txt"
    with open(out, "wb") as sink:
        start = time.monotonic()
        proc = subprocess.Popen(
            ["nohup", sys.executable, "-m", "bb_tui", *argv],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            proc.returncode = 0
        took = time.monotonic() - start
    return (
        os.waitstatus_to_exitcode(status),
        out.read_bytes(),
        took,
        usage.ru_utime + usage.ru_stime,
    )


PLAIN = re.compile(rb"\x1b(\[[0-9;?<>$]*[a-zA-Z]|\][^\x07]*\x07)")


@pytest.mark.parametrize("terminal", ["pty", "no-tty"])
@pytest.mark.parametrize(
    "open_file",
    [
        False,
        True,
    ],
    ids=["sessions-list", "score-file"],
)
def test_nohup_with_stdin_at_end_of_input_still_exits(demo_copy, terminal, open_file):
    """SIGHUP ignored (as `nohup` does) and stdin at end of input: bb-tui leaves by itself,
    cleanly, without a traceback, leaving every file as it was."""
    before = {p.name: p.read_bytes() for p in demo_copy.iterdir()}
    argv = ["--sessions", str(demo_copy)] + (
        ["score", str(demo_copy / SESSION)] if open_file else []
    )
    if terminal == "pty":
        app = PtyApp(["-m", "bb_tui", *argv], ignore_hangup=True, stdin_devnull=True)
        try:
            status, cpu = wait_exit_with_cpu(app, 10.0)
            took = time.monotonic() - app.started
            assert status is not None, "bb-tui kept running with stdin at end of input"
        finally:
            app.kill()
        code, output = os.waitstatus_to_exitcode(status), bytes(app.output)
    else:
        code, output, took, cpu = _no_tty_nohup(argv, demo_copy.parent)
    text = PLAIN.sub(b"", output).decode("utf-8", "replace")
    assert "Traceback" not in text, text[-1500:]
    assert code == 0, text[-1500:]
    assert "end of input" in text
    after = {p.name: p.read_bytes() for p in demo_copy.iterdir() if not p.name.endswith(".inuse")}
    assert after == before  # nothing written, no temp or conflict files
    assert took < 10 and cpu < took + 0.5  # gone by itself; the CPU time is start-up's
    print(f"\nnohup, {terminal}: exit {code} after {took:.2f} s, {cpu:.2f} s CPU")


@pytest.mark.parametrize("how", ["sigterm", "end-of-input"])
def test_leaving_messages_print_a_hostile_file_name_cleaned(tmp_path, how):
    """A session file whose name holds an escape sequence (it came from someone else): the
    "saved FILE" line written on the way out must not carry the sequence to the terminal."""
    evil = tmp_path / "ok\x1b]0;pwned\x07\u202e.toml"
    evil.write_bytes(
        (Path(__file__).resolve().parents[2] / "sessions" / "demo" / SESSION).read_bytes()
    )
    app = PtyApp(["-m", "bb_tui", "score", str(evil)], stdin_devnull=how == "end-of-input")
    try:
        if how == "sigterm":
            app.wait_for(b"Your score", timeout=15)
            os.kill(app.pid, signal.SIGTERM)
        assert app.wait_exit(10.0) is not None
        app.read_for(0.2)
    finally:
        app.kill()
    out = bytes(app.output)
    assert b"saved " in out
    assert b"\x1b]0;pwned" not in out and "\u202e".encode() not in out
    assert f"saved {tmp_path}/ok]0;pwned.toml".encode() in out
