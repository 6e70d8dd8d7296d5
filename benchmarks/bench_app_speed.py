"""The app measured from outside, in a real 80x24 pty, against a minimal Textual app in the same run.

    .venv/bin/python benchmarks/bench_app_speed.py [--runs 7] [--keys 25] [--code DIR]

Floor: a minimal Textual app (Header, Static, Footer; key "4" updates the Static) started the
same way: `python -c ...` as the child of a new pty, TERM=xterm-256color, 80x24.
  start-up   spawn -> the screen has settled: the last byte written before 300 ms of quiet
             (and, for the record, spawn -> its content is on the terminal). Three programs,
             alternating: the floor, the sessions list (`bb-tui --sessions demo`) and
             `bb-tui score demo/joanne-hallett.toml`.
  first key  a cursor key sent the moment the first screen's content has arrived (before it
             settles) -> the row it leaves is drawn without the highlight: the answer.
  openings   each screen's first opening in a fresh process on the demo folder, the app settled
             first: key -> its own text is on the terminal (answer), and -> settled.
  keypress   a digit scoring an enabler (alternating 2 and 4, so each press is autosaved)
             -> the first byte back; floor: "4" updating the Static.
Bytecode: both programs run with their modules' bytecode cached, as after installing (pip
compiles it) or after a first run: a private PYTHONPYCACHEPREFIX in the run's temp folder, filled
by one unmeasured start of each program. --no-bytecode instead runs with PYTHONDONTWRITEBYTECODE=1
and no cache for bb-tui's own modules (as a checkout in an environment that forbids .pyc files).
--code DIR runs the app from another tree (an older commit unpacked with `git archive`).
On a shared, loaded machine the wall times stretch with the load; start-up and each key
therefore also get the CPU time the program's process used (every thread, those ended too:
utime + stime of /proc/PID/stat, in 10 ms ticks), which the load stretches far less: what it
costs on a core of its own.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
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
QUIET = 0.3  # a screen has settled when nothing more is written for this long

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

WHO = "joanne-hallett.toml"
# program: (argv, what shows its content, the row the first cursor key leaves, that key)
PROGRAMS = {
    "floor": (["-c", MINIMAL], (b"Minimal app ready", b"palette"), None, None),
    "sessions list": (
        ["-m", "bb_tui", "--sessions", "demo"],
        (b"Tomasz Wierzbicki", b"? Help"),  # the key bar's end (no room for ^p palette)
        b"Amina Okafor",
        b"\x1b[B",
    ),
    "score FILE": (
        ["-m", "bb_tui", "score", f"demo/{WHO}"],
        (b"Progress:", b"? Help"),
        b"Locality",
        b"\x1b[B",
    ),
}
# First openings: (program, keys to get there unmeasured, key, its screen's own text, way back)
F = {n: f"\x1b[{c}~".encode() for n, c in (("4", 14), ("6", 17), ("7", 18), ("8", 19))}
F.update({"9": b"\x1b[20~", "10": b"\x1b[21~"})
ESC, ENTER = b"\x1b", b"\r"
OPENINGS = [
    ("sessions list", "n new session", b"n", b"required", ESC),
    ("sessions list", "? help", b"?", "Help · Sessions".encode(), ESC),
    ("sessions list", "f4 group results", F["4"], b"1 Radar", ESC),
    ("sessions list", "f6 discussion pack", F["6"], b"Discussion", ESC),
    ("sessions list", "f7 agreed scores", F["7"], b"Agreed scores", ESC),
    ("sessions list", "f8 challenges", F["8"], b"Common challenges", ESC),
    ("sessions list", "f9 case studies", F["9"], b"Case studies:", ESC),
    ("sessions list", "f10 action plan", F["10"], b"Action plan", ESC),
    ("sessions list", "enter a session", ENTER, b"Progress:", None),
    ("score FILE", "p profile", b"p", b"Your profile", ESC),
    ("score FILE", "? help", b"?", "Help · Overview".encode(), ESC),
    ("score FILE", "r reflections", b"r", "Reflections –".encode(), ESC),
    ("score FILE", "enter enabler", ENTER, b"Maturity indicators", None),
    ("score FILE", "d dig deeper", b"d", b"Dig deeper", ESC),
    ("score FILE", "e evidence", b"e", "Evidence · Locality".encode(), ESC),
]
_SGR = re.compile(rb"\x1b\[[0-9;]*m")


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
        self.last = self.start  # when the last byte arrived

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            chunk = b""
        if chunk:
            self.out += chunk
            self.last = time.perf_counter()
        return chunk

    def until(self, *markers: bytes, since: int = 0, timeout: float = 20.0) -> float:
        """Seconds from spawn until every marker has arrived (colours aside) after `since`."""
        deadline = time.perf_counter() + timeout
        while not all(m in _SGR.sub(b"", self.out[since:]) for m in markers):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{markers} not seen: {bytes(self.out[-400:])!r}")
            self.read(deadline - time.perf_counter())
        return time.perf_counter() - self.start

    def quiet(self, seconds: float) -> None:
        """Read until nothing has arrived for `seconds`."""
        while self.read(seconds):
            pass

    def settle(self, timeout: float = 20.0) -> float:
        """Read until nothing has arrived for QUIET seconds; seconds from spawn to the last byte."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and (
            self.read(QUIET) or time.perf_counter() - self.last < QUIET
        ):
            pass
        return self.last - self.start

    def key(self, data: bytes, window: float = 0.6) -> tuple[float, int]:
        """Send a key once settled; return (seconds to the first byte back, bytes in the window)."""
        self.settle()
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


TICK = os.sysconf("SC_CLK_TCK")


def cpu(pid: int) -> float:
    """Seconds of CPU the process has used so far, all its threads (utime + stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def style_of(data: bytes, text: bytes) -> list[bytes]:
    """The colour codes each drawing of `text` in `data` was written with, in order."""
    return re.findall(rb"(\x1b\[[0-9;]*m)" + re.escape(text), data)


def startup(runs: int, work: Path) -> dict[str, dict[str, list[float]]]:
    """Per program: content and settled times of each run; bb-tui's heavy imports."""
    times: dict[str, dict[str, list[float]]] = {
        p: {"content": [], "settled": [], "cpu": []} for p in PROGRAMS
    }
    heavy: set[str] = set()
    note = work / "imports.txt"
    for _ in range(runs):
        for name, (argv, markers, _row, _key) in PROGRAMS.items():
            if name == "sessions list":
                argv = ["-c", BB, str(note), "--sessions", "demo"]
            app = Pty(argv, work)
            times[name]["content"].append(app.until(*markers))
            times[name]["settled"].append(app.settle())
            times[name]["cpu"].append(cpu(app.pid))
            app.close()
        heavy.update(filter(None, note.read_text().split(",")))
    times["heavy"] = {m: [] for m in sorted(heavy)}
    return times


def first_key(runs: int, work: Path) -> dict[str, list[tuple[float, float]]]:
    """Per program: the first cursor key, sent as its content arrives -> the row it left redrawn
    (wall seconds, CPU seconds)."""
    result: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        for name, (argv, markers, row, key) in PROGRAMS.items():
            if key is None:
                continue
            app = Pty(argv, work)
            app.until(*markers)
            before = style_of(bytes(app.out), row)[-1]
            since = len(app.out)
            used = cpu(app.pid)
            sent = time.perf_counter()
            os.write(app.fd, key)
            deadline = sent + 10
            while style_of(bytes(app.out[since:]), row)[-1:] in ([], [before]):
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{name}: {row!r} never redrawn")
                app.read(deadline - time.perf_counter())
            result.setdefault(name, []).append((app.last - sent, cpu(app.pid) - used))
            app.close()
    return result


def openings(runs: int, work: Path) -> dict[str, list[tuple[float, float, float, float]]]:
    """Per opening key, its first time in a process: (answer, settled) seconds from the key, and
    the CPU seconds the app used until each."""
    result: dict[str, list[tuple[float, float, float, float]]] = {}
    for _ in range(runs):
        for program in ("sessions list", "score FILE"):
            argv, markers, _row, _key = PROGRAMS[program]
            app = Pty(argv, work)
            app.until(*markers)
            for where, name, key, text, back in OPENINGS:
                if where != program:
                    continue
                app.settle()
                since = len(app.out)
                used = cpu(app.pid)
                sent = time.perf_counter()
                os.write(app.fd, key)
                answer = app.until(text, since=since) - (sent - app.start)
                answer_cpu = cpu(app.pid) - used
                settled = app.settle() - (sent - app.start)
                settled_cpu = cpu(app.pid) - used
                result.setdefault(f"{program}: {name}", []).append(
                    (answer, settled, answer_cpu, settled_cpu)
                )
                if back is not None:
                    app.settle()
                    os.write(app.fd, back)
            app.close()
    return result


def keypress(keys: int, work: Path) -> dict[str, list]:
    result: dict[str, list] = {"floor": [], "bb-tui": [], "floor_bytes": [], "bb_bytes": []}
    floor = Pty(["-c", MINIMAL], work)
    floor.until(b"Minimal app ready", b"palette")
    bb = Pty(["-m", "bb_tui", "score", f"demo/{WHO}"], work)
    bb.until(b"Progress:", b"? Help")
    bb.settle()
    os.write(bb.fd, ENTER)
    bb.until(b"Maturity indicators")
    for n in range(keys):
        seconds, size = floor.key(b"4")
        result["floor"].append(seconds)
        result["floor_bytes"].append(size)
        seconds, size = bb.key(b"24"[n % 2 : n % 2 + 1])
        result["bb-tui"].append(seconds)
        result["bb_bytes"].append(size)
    floor.close()
    bb.close()
    return result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys", type=int, default=25)
    parser.add_argument("--code", type=Path, default=ROOT, help="the tree to run bb-tui from")
    parser.add_argument("--skip", default="", help="comma-separated: startup,first,open,keys")
    parser.add_argument("--no-bytecode", action="store_true", help="no .pyc cache (see above)")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    med = statistics.median
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, 80x24 pty, {args.runs} runs, "
        f"code {args.code}, {'no bytecode cache' if args.no_bytecode else 'bytecode cached'}, "
        "load average " + " ".join(f"{n:.1f}" for n in os.getloadavg())
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "sessions" / "demo", work / "demo")
        os.environ["PYTHONPATH"] = str(args.code.resolve())
        if args.no_bytecode:
            os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
            os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
            for argv, markers, _row, _key in PROGRAMS.values():  # fills the cache, unmeasured
                app = Pty(argv, work)
                app.until(*markers)
                app.settle()
                app.close()
        if "startup" not in skip:
            starts = startup(args.runs, work)
            floor = med(starts["floor"]["settled"])
            floor_cpu = med(starts["floor"]["cpu"])
            print(
                "start-up, median (worst) ms: content | settled | settled / floor's "
                "|| CPU to settled | its ratio to the floor's"
            )
            for name in PROGRAMS:
                got = starts[name]
                print(
                    f"  {name:14} {ms(med(got['content'])):>6} ({ms(max(got['content']))}) | "
                    f"{ms(med(got['settled'])):>6} ({ms(max(got['settled']))}) | "
                    f"{med(got['settled']) / floor:.2f} || {ms(med(got['cpu'])):>5} "
                    f"({ms(max(got['cpu']))}) | {med(got['cpu']) / floor_cpu:.2f}"
                )
            print(
                f"  heavy modules imported by the first screen: {list(starts['heavy']) or 'none'}"
            )
        if "first" not in skip:
            firsts = first_key(args.runs, work)
            print("first key (down) sent as the content arrives -> answered, median (worst) ms:")
            for name, got in firsts.items():
                walls, cpus = [w for w, _ in got], [c for _, c in got]
                print(
                    f"  {name:14} {ms(med(walls)):>6} ({ms(max(walls))}), CPU "
                    f"{ms(med(cpus))} ({ms(max(cpus))})"
                )
        if "open" not in skip:
            opened = openings(args.runs, work)
            print(
                "first opening of each screen, median (worst) ms: answer | settled "
                "|| CPU to answer | CPU to settled"
            )
            for name, got in opened.items():
                cols = [[row[i] for row in got] for i in range(4)]
                print(
                    f"  {name:36}"
                    + " |".join(f" {ms(med(c)):>5} ({ms(max(c))})" for c in cols[:2])
                    + " ||"
                    + " |".join(f" {ms(med(c)):>4} ({ms(max(c))})" for c in cols[2:])
                )
            worst = max(row[0] for got in opened.values() for row in got)
            worst_cpu = max(row[2] for got in opened.values() for row in got)
            print(f"  worst answer: {ms(worst)} ms, its CPU at most {ms(worst_cpu)} ms")
        if "keys" not in skip:
            keys = keypress(args.keys, work)
            k_floor, k_bb = med(keys["floor"]), med(keys["bb-tui"])
            print(
                f"scoring keypress, first byte: floor {k_floor * 1000:.1f} ms, bb-tui "
                f"{k_bb * 1000:.1f} ms, ratio {k_bb / k_floor:.2f}; bytes: floor "
                f"{med(keys['floor_bytes']):.0f}, bb-tui {med(keys['bb_bytes']):.0f} "
                f"(max {max(keys['bb_bytes'])})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
