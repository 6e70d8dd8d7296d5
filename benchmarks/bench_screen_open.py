"""Each screen's first opening on the demo folder, against a minimal Textual app opening a screen.

    .venv/bin/python benchmarks/bench_screen_open.py [--runs 5] [--only f4,n] [--code DIR]

Every opening is measured in a fresh process (so it pays for everything it is the first to use:
imports, stylesheets, its widgets' first styling), in a real 80x24 pty, the app started and
settled first (bench_app_speed.Pty: the last byte before 300 ms of quiet):
  answer   key -> the screen's own text is on the terminal;
  settled  key -> the last byte before 300 ms of quiet (what it shows has stopped changing);
  CPU      what the process (every thread, ended ones too: utime + stime of /proc/PID/stat, in
           10 ms ticks) used from the key until settled: what it costs on a core of its own.
--wait S presses the key S seconds after settling instead (the facilitator's app loads plotext
in a thread 2 s after start-up: bb_tui.tui.app.BBApp.CHARTS_AFTER).
Floor: a minimal Textual app (Header, Static, Footer) whose key `o` pushes a screen holding a
Static and a Footer, started and measured the same way, alternating with the openings.
On a shared, loaded machine the wall times stretch with the load; the least CPU of the runs is
the figure that carries over (target: 150 ms each).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app_speed import OPENINGS, PROGRAMS, ROOT, Pty, cpu  # noqa: E402

FLOOR = """
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

class Opened(Screen):
    BINDINGS = [("escape", "app.pop_screen", "Back")]

    def compose(self):
        yield Static("Minimal screen open")
        yield Footer()

class Minimal(App):
    BINDINGS = [("o", "open", "Open")]

    def compose(self):
        yield Header()
        yield Static("Minimal app ready", id="text")
        yield Footer()

    def action_open(self):
        self.push_screen(Opened())

Minimal().run()
"""
# (program, name, keys before it, unmeasured, the key, its screen's own text)
CASES = [("minimal app", "o opens a screen", [], b"o", b"Minimal screen open")]
for where, name, key, text, _back in OPENINGS:
    before = [b"\r"] if where == "score FILE" and name in ("d dig deeper", "e evidence") else []
    CASES.append((where, name, before, key, text))
ARGV = {name: (argv, markers) for name, (argv, markers, _r, _k) in PROGRAMS.items()}
ARGV["minimal app"] = (["-c", FLOOR], (b"Minimal app ready", b"palette"))


def open_once(
    program: str, before: list[bytes], key: bytes, text: bytes, work: Path, wait: float = 0.0
):
    """(answer s, settled s, CPU s to settled) of one first opening in a fresh process, the key
    pressed `wait` seconds after the app has settled."""
    argv, markers = ARGV[program]
    app = Pty(argv, work)
    try:
        app.until(*markers)
        for earlier in before:  # e.g. enter on the overview, to reach an enabler
            app.settle()
            os.write(app.fd, earlier)
        app.settle()
        app.quiet(wait)
        since = len(app.out)
        used = cpu(app.pid)
        sent = time.perf_counter()
        os.write(app.fd, key)
        answer = app.until(text, since=since) - (sent - app.start)
        settled = app.settle() - (sent - app.start)
        return answer, settled, cpu(app.pid) - used
    finally:
        app.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated key names, e.g. n,f4,p")
    parser.add_argument("--code", type=Path, default=ROOT, help="the tree to run bb-tui from")
    parser.add_argument(
        "--wait", type=float, default=0.0, help="seconds left alone after settling, before the key"
    )
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    cases = [c for c in CASES if c[0] == "minimal app" or not only or c[1].split()[0] in only]
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, 80x24 pty, {args.runs} runs, "
        f"code {args.code}, key {args.wait:g} s after settling, load average "
        + " ".join(f"{n:.1f}" for n in os.getloadavg())
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "sessions" / "demo", work / "demo")
        os.environ["PYTHONPATH"] = str(args.code.resolve())
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as after installing
        os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        for program, _name, before, key, text in cases:  # fills the cache, unmeasured
            open_once(program, before, key, text, work)
        got: dict[str, list[tuple[float, float, float]]] = {}
        for _ in range(args.runs):  # alternating: every case sees the same machine states
            for program, name, before, key, text in cases:
                got.setdefault(f"{program}: {name}", []).append(
                    open_once(program, before, key, text, work, args.wait)
                )
    print(f"load average now {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    floor_cpu = min(c for _a, _s, c in got[f"minimal app: {CASES[0][1]}"])
    print(
        "first opening, ms: answer median | settled median || CPU to settled: least, median "
        "| least / floor's least"
    )
    for name, rows in got.items():
        answers, settles, cpus = zip(*rows)
        print(
            f"  {name:36} {statistics.median(answers) * 1000:6.0f} | "
            f"{statistics.median(settles) * 1000:6.0f} || {min(cpus) * 1000:4.0f}, "
            f"{statistics.median(cpus) * 1000:4.0f} | {min(cpus) / max(floor_cpu, 0.01):.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
