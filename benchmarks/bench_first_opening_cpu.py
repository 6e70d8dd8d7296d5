"""Each screen's first opening measured inside the process: CPU time and style applications.

    .venv/bin/python benchmarks/bench_first_opening_cpu.py [--runs 4] [--keys n,f7,p] [--before DIR]
    .venv/bin/python benchmarks/bench_first_opening_cpu.py --instructions [--runs 1] [--before DIR]

Every opening runs in a fresh process (so it pays for its imports, stylesheets and widgets' first
styling) under Textual's `App.run_test` at 80x24 on a copy of the demo folder, with plotext
already loaded (BBApp.CHARTS_AFTER 0.2 s, then 2 s left alone): the key is pressed and the
process's CPU time (`time.process_time`, every thread) is taken around the press and three waits
for workers and idle (Pilot's own work is included). `p` is pressed on the overview, after enter
on the list. Also counted: Textual's `Stylesheet.apply` calls during the opening (each widget's
styling, and one per component class of widgets that have them). With --before DIR, that tree's
bb_tui (e.g. `git worktree add /tmp/old main`) is measured alternately with this one. Reports the
least and median CPU of `runs`: on a shared machine the least is the figure that carries over.
bench_screen_open.py measures the same openings from outside, in a real pty (10 ms ticks).
--instructions counts instead the instructions the opening executes (every thread), under
valgrind's callgrind with collection switched on around it (`callgrind_control -i`): the load
of other processes does not change them (about ±3% from run to run: timers and threads), where
CPU time on a busy machine moves by ±20%. A run takes about half a minute under valgrind.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROGRAM = """
import asyncio, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path
from textual.css.stylesheet import Stylesheet
from bb_tui.core.framework import load_framework
from bb_tui.tui.app import BBApp

key, demo, counting = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
applied = [0, False]
apply = Stylesheet.apply

def counted(self, node, *args, **kwargs):
    applied[0] += applied[1]
    return apply(self, node, *args, **kwargs)

Stylesheet.apply = counted
folder = Path(tempfile.mkdtemp()) / "demo"
shutil.copytree(demo, folder)
BBApp.CHARTS_AFTER = 0.2

def collect(on):  # under callgrind (--instructions): count only the opening
    if counting:
        switch = ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())]
        for _ in range(5):  # valgrind may be slow to answer
            if subprocess.run(switch, capture_output=True).returncode == 0:
                return
            time.sleep(0.5)
        raise SystemExit("callgrind_control failed")

async def main():
    app = BBApp(load_framework(), folder, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await asyncio.sleep(2.0)
        while "plotext" not in sys.modules:  # loaded in a thread (slow under valgrind)
            await asyncio.sleep(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        if key == "p":  # the profile is opened from a session's overview
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await asyncio.sleep(0.5)
            await pilot.pause()
        applied[1] = True
        collect(True)
        start = time.process_time()
        await pilot.press(key)
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        used = time.process_time() - start
        collect(False)
        applied[1] = False
        print(type(app.screen).__name__, round(used * 1000, 1), applied[0])

asyncio.run(main())
shutil.rmtree(folder.parent)
"""


CALLGRIND = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]


def open_once(code: Path, key: str, instructions: bool = False) -> tuple[str, float, int]:
    """(screen, CPU ms or millions of instructions, style applications) of one first opening
    with `code`'s bb_tui."""
    env = dict(os.environ, PYTHONPATH=str(code))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as after installing
    argv = [sys.executable, "-c", PROGRAM, key, str(ROOT / "sessions" / "demo")]
    done = subprocess.run(
        [*CALLGRIND, *argv, "1"] if instructions else [*argv, "0"],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
        timeout=600 if instructions else 120,
    )
    if done.returncode:
        raise SystemExit(f"{key} with {code} failed:\n{done.stderr[-2000:]}")
    screen, cpu, applied = done.stdout.split()[-3:]
    if instructions:  # callgrind's summary: "==PID== Collected : N"
        collected = [line for line in done.stderr.splitlines() if "Collected :" in line]
        return screen, int(collected[-1].split()[-1]) / 1e6, int(applied)
    return screen, float(cpu), int(applied)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--keys", default="n,p,f4,f6,f7,f9,f10")
    parser.add_argument("--before", type=Path, help="an older tree, measured alternately")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under callgrind"
    )
    args = parser.parse_args()
    unit = "M instructions" if args.instructions else "ms of CPU"
    trees = {"after": ROOT} if args.before is None else {"before": args.before, "after": ROOT}
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs, load average "
        + " ".join(f"{n:.1f}" for n in os.getloadavg())
    )
    for key in args.keys.split(","):
        for tree in trees.values():
            open_once(tree.resolve(), key)  # fills the bytecode cache, unmeasured (not counted)
        got: dict[str, list[tuple[str, float, int]]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                got[name].append(open_once(tree.resolve(), key, args.instructions))
        for name, rows in got.items():
            cpus = [cpu for _s, cpu, _a in rows]
            print(
                f"  {key:4} {name:6} {rows[0][0]:20} least {min(cpus):6.1f}, median "
                f"{statistics.median(cpus):6.1f} {unit}; style applications {rows[0][2]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
