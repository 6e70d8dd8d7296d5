"""The app measured from outside, in a real 80x24 pty, against a minimal Textual app in the same run.

    .venv/bin/python benchmarks/bench_app_speed.py [--runs 7] [--keys 25]

Floor: a minimal Textual app (Header, Static, Footer; key "4" updates the Static) started the
same way: `python -c ...` as the child of a new pty, TERM=xterm-256color, 80x24.
  startup:  spawn -> the first screen is on the terminal (its last expected text has arrived):
            floor: the Static's text and the Footer; bb-tui: the start screen's last session
            row and the Footer (`bb-tui --sessions sessions/demo`).
  keypress: one key -> the first byte written back (and every byte written within 0.6 s):
            floor: "4" updating the Static; bb-tui: a digit scoring an enabler on its screen
            (alternating 2 and 4, so every press changes the score and is autosaved).
Runs alternate floor and bb-tui; medians are reported with the ratios the issue sets
(startup <= 1.3x, keypress <= 3x, <= 1,500 bytes per scoring keypress), and whether
plotext/merge/charts/report were imported by the time bb-tui's first screen was up.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    BINDINGS = [("4", "four", "Four")]
    count = 0

    def compose(self):
        yield Header()
        yield Static("Minimal app ready", id="text")
        yield Footer()

    def action_four(self):
        self.count += 1
        self.query_one("#text", Static).update(f"Pressed {self.count}")

Minimal().run()
"""

# bb-tui, plus a note of the heavy modules loaded once its first screen is shown.
BB = """
import sys
from bb_tui.tui import app as bbapp

def report_imports():
    heavy = [m for m in ("plotext", "bb_tui.core.collection", "bb_tui.core.stats", "bb_tui.render.charts",
                         "bb_tui.render.markdown") if m in sys.modules]
    with open(sys.argv[1], "w") as out:
        out.write(",".join(heavy))

original = bbapp.BBApp.on_mount
def on_mount(self):
    original(self)
    self.call_after_refresh(report_imports)
bbapp.BBApp.on_mount = on_mount
from bb_tui.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


class Pty:
    def __init__(self, argv: list[str], cwd: Path) -> None:
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
        env.pop("NO_COLOR", None)
        env.pop("TEXTUAL_THEME", None)
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.chdir(cwd)
                os.execve(sys.executable, [sys.executable, *argv], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.out = bytearray()

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            chunk = b""
        self.out += chunk
        return chunk

    def until(self, *markers: bytes, timeout: float = 20.0) -> float:
        """Seconds from spawn until every marker has arrived."""
        deadline = time.perf_counter() + timeout
        while not all(m in self.out for m in markers):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{markers} not seen: {bytes(self.out[-400:])!r}")
            self.read(deadline - time.perf_counter())
        return time.perf_counter() - self.start

    def quiet(self, seconds: float) -> None:
        """Read until nothing has arrived for `seconds`."""
        while self.read(seconds):
            pass

    def key(self, data: bytes, window: float = 0.6) -> tuple[float, int]:
        """Send a key; return (seconds to the first byte back, bytes written in the window)."""
        self.quiet(0.25)
        sent = time.perf_counter()
        os.write(self.fd, data)
        first = None
        total = 0
        while (left := sent + window - time.perf_counter()) > 0:
            chunk = self.read(left)
            if chunk and first is None:
                first = time.perf_counter() - sent
            total += len(chunk)
        return (first if first is not None else float("nan")), total

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.time() + 3
            while time.time() < deadline:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    break
                self.read(0.05)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def startup(runs: int, work: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"floor": [], "bb-tui": []}
    heavy: set[str] = set()
    for _ in range(runs):
        app = Pty(["-c", MINIMAL], work)
        times["floor"].append(app.until(b"Minimal app ready", b"palette"))
        app.close()
        note = work / "imports.txt"
        app = Pty(["-c", BB, str(note), "--sessions", "demo"], work)
        times["bb-tui"].append(app.until(b"Tomasz Wierzbicki", b"palette"))
        app.quiet(0.3)
        heavy.update(filter(None, note.read_text().split(",")))
        app.close()
    times["heavy"] = sorted(heavy)  # type: ignore[assignment]
    return times


def keypress(keys: int, work: Path) -> dict[str, list]:
    result: dict[str, list] = {
        "floor": [],
        "bb-tui": [],
        "floor_bytes": [],
        "bb_bytes": [],
        "next_bytes": [],
        "next": [],
    }
    floor = Pty(["-c", MINIMAL], work)
    floor.until(b"Minimal app ready", b"palette")
    session = work / "demo" / "joanne-hallett.toml"
    bb = Pty(["-m", "bb_tui", "score", str(session)], work)
    bb.until(b"Progress:", b"palette")
    bb.quiet(0.3)
    os.write(bb.fd, b"\r")
    bb.until(b"Maturity indicators")
    for n in range(keys):
        seconds, size = floor.key(b"4")
        result["floor"].append(seconds)
        result["floor_bytes"].append(size)
        seconds, size = bb.key(b"24"[n % 2 : n % 2 + 1])
        result["bb-tui"].append(seconds)
        result["bb_bytes"].append(size)
    for _ in range(6):  # for the record: moving to the next enabler repaints most of the screen
        seconds, size = bb.key(b"n")
        result["next"].append(seconds)
        result["next_bytes"].append(size)
    floor.close()
    bb.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "sessions" / "demo", work / "demo")
        os.environ["PYTHONPATH"] = str(ROOT)
        starts = startup(args.runs, work)
        keys = keypress(args.keys, work)
    med = statistics.median
    s_floor, s_bb = med(starts["floor"]), med(starts["bb-tui"])
    k_floor, k_bb = med(keys["floor"]), med(keys["bb-tui"])
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, 80x24 pty, "
        f"{args.runs} start-ups and {args.keys} keypresses each, alternating"
    )
    print(
        f"startup   floor {s_floor * 1000:7.1f} ms   bb-tui {s_bb * 1000:7.1f} ms   "
        f"ratio {s_bb / s_floor:4.2f}  (target <= 1.30)"
    )
    print(
        f"keypress  floor {k_floor * 1000:7.1f} ms   bb-tui {k_bb * 1000:7.1f} ms   "
        f"ratio {k_bb / k_floor:4.2f}  (target <= 3.00)"
    )
    print(
        f"bytes per keypress  floor median {med(keys['floor_bytes']):.0f}   bb-tui median "
        f"{med(keys['bb_bytes']):.0f}, max {max(keys['bb_bytes'])}  (target <= 1500)"
    )
    print(
        f"next enabler (n), for the record: {med(keys['next']) * 1000:.1f} ms to the first "
        f"byte, {med(keys['next_bytes']):.0f} bytes"
    )
    print(f"heavy modules imported by the first screen: {starts['heavy'] or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
