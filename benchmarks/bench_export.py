"""The Excel workbook an export writes, against openpyxl writing the same cells bare, in one run.

    .venv/bin/python benchmarks/bench_export.py [--rounds 5] [--repeat 5] [--code DIR ...]

On the demo folder (10 sessions): the round is loaded once, then, alternating, `repeat` times each:
  floor:    openpyxl puts the same rows on the same sheets (Scores, Group figures, Reflections)
            and saves: no widths, heights, wrapping, number formats, print set-up or charts;
  workbook: render.spreadsheet.workbook_bytes(round), what every export writes.
Each --code tree (default: this one) runs in a fresh process of its own with PYTHONPATH set to
it, the trees taking turns for `rounds` rounds, so an older commit (unpacked with `git archive`)
is measured beside this one. Reports the median CPU time (time.process_time) of each, and the
median of each round's ratio to its own floor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import io, json, sys, time
from pathlib import Path
import openpyxl
from bb_tui.core.framework import load_framework
from bb_tui.core.rounds import load_round
from bb_tui.render import spreadsheet as s

now = load_round([Path(sys.argv[1])], load_framework())
tables = [
    ("Scores", [s.LONG_COLUMNS, *s.long_rows(now)]),
    ("Group figures", [s.summary_columns(now), *s.summary_rows(now)]),
    ("Reflections", [s.REFLECTIONS_COLUMNS, *s.reflection_rows(now)]),
]

def floor():
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in tables:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append([str(v) if isinstance(v, bool) else v for v in row])
    wb.save(io.BytesIO())

def workbook():
    s.workbook_bytes(now)

floor(), workbook()  # imports and first-use caches, unmeasured
times = {"floor": [], "workbook": []}
for _ in range(int(sys.argv[2])):
    for name, run in (("floor", floor), ("workbook", workbook)):
        start = time.process_time()
        run()
        times[name].append(time.process_time() - start)
print(json.dumps(times))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--code", type=Path, action="append", help="a tree to run (repeatable)")
    args = parser.parse_args()
    trees = args.code or [ROOT]
    med = statistics.median
    got: dict[Path, dict[str, list[float]]] = {
        t: {"floor": [], "workbook": [], "ratio": []} for t in trees
    }
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, demo folder, "
        f"{args.rounds} rounds of {args.repeat}, load average {os.getloadavg()[0]:.1f}"
    )
    for _ in range(args.rounds):
        for tree in trees:
            env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(ROOT / "sessions" / "demo"), str(args.repeat)],
                env=env,
                cwd=tree,  # `python -c` puts the working folder first on the path
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            times = json.loads(out)
            got[tree]["floor"] += times["floor"]
            got[tree]["workbook"] += times["workbook"]
            got[tree]["ratio"].append(med(times["workbook"]) / med(times["floor"]))
    print("CPU, median (least) ms: floor | workbook | workbook / floor (median of rounds)")
    for tree, t in got.items():
        print(
            f"  {tree!s:30} {med(t['floor']) * 1000:6.0f} ({min(t['floor']) * 1000:.0f}) | "
            f"{med(t['workbook']) * 1000:6.0f} ({min(t['workbook']) * 1000:.0f}) | "
            f"{med(t['ratio']):.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
