"""How long charts take to draw: a 12-axis radar with 3 series (target <= 30 ms), and the spread chart.

    .venv/bin/python benchmarks/bench_charts.py [--runs 50]

Uses the demo group (10 participants) with the two level subgroups overlaid on the group mean, and
the min-max range band: three series plus the band, as the results screen draws it. Times each
chart at 80x24 and 120x40 terminal sizes, braille and ASCII, after one warm-up draw; reports the
median and worst of `runs`. Also reports what the first chart costs on top: importing plotext.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bb_tui.core.collection import collect  # noqa: E402
from bb_tui.core.framework import load_framework  # noqa: E402
from bb_tui.core.stats import compute  # noqa: E402
from bb_tui.render import charts  # noqa: E402

SIZES = {"80x24": (78, 18), "120x40": (118, 32)}


def import_cost() -> float:
    code = "import time; t = time.perf_counter(); import plotext; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    return min(runs)


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    fw = load_framework()
    results = compute(collect([REPO / "sessions" / "demo"], fw), fw, by="level")
    assert len(results.groups) == 2
    print(f"import plotext (first chart only): {import_cost() * 1000:.0f} ms")
    print(f"{'chart':34} {'size':>7} {'mode':>8} {'median':>9} {'worst':>9}")
    for size, (width, height) in SIZES.items():
        for ascii in (False, True):
            mode = "ascii" if ascii else "braille"
            cases = {
                "radar, 12 axes, 3 series + range": lambda: charts.enabler_radar(
                    results, overlay=results.groups, width=width, height=height, ascii=ascii
                ),
                "spread, 12 enablers": lambda: charts.enabler_spread(
                    results, width=width, ascii=ascii
                ),
            }
            for name, fn in cases.items():
                median, worst = timed(fn, args.runs)
                print(f"{name:34} {size:>7} {mode:>8} {median * 1000:7.1f}ms {worst * 1000:7.1f}ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
