"""The same 12-axis radar (3 series, range band, labels) drawn with whichever plotext is installed.

Self-contained (plotext only), so it runs both in the project venv (plotext 6) and in a throwaway
venv with plotext 5, to compare the two lines on measured merit:

    python -m venv /tmp/pt5 && /tmp/pt5/bin/pip install plotext==5.3.2
    /tmp/pt5/bin/python benchmarks/plotext_versions.py
    .venv/bin/python benchmarks/plotext_versions.py

Prints the import time, the median and worst draw time, and the drawing, so the output can be
compared by eye as well (ASCII markers, no colour codes).
"""

from __future__ import annotations

import math
import statistics
import sys
import time

t0 = time.perf_counter()
import plotext as plt  # noqa: E402

IMPORT_MS = (time.perf_counter() - t0) * 1000
VERSION = getattr(plt, "__version__", "?")
V6 = VERSION.startswith("6")

LABELS = [
    "Leadership",
    "Common agenda",
    "Joint governance",
    "Communicating why",
    "Mutual understanding",
    "Working practices",
    "Locality",
    "Single service",
    "Information sharing",
    "Delivery partners",
    "Families & community",
    "Improvement cycle",
]
MEAN = [3.8, 2.9, 2.8, 2.78, 3.0, 3.9, 3.25, 3.0, 1.62, 2.89, 2.75, 2.11]
STRATEGIC = [4.2, 3.2, 3.2, 3.0, 3.0, 3.8, 3.5, 3.4, 1.8, 3.2, 2.5, 2.0]
OPERATIONAL = [3.4, 2.6, 2.4, 2.5, 3.0, 4.0, 3.0, 2.5, 1.5, 2.5, 3.0, 2.2]
LOW = [3, 2, 1, 2, 2, 3, 2, 1, 1, 2, 2, 1]
HIGH = [5, 4, 5, 4, 4, 5, 4, 5, 2, 4, 4, 3]


def geometry(width: int, height: int):
    n = len(LABELS)
    rows = height / 2 - 1.5
    cols = min(2 * rows, width / 2 - 20 - 2)
    rows = min(rows, cols / 2)
    return n, 5 * (width / 2) / cols, 5 * (height / 2) / rows, cols, rows


def at(r: float, k: int, n: int):
    a = 2 * math.pi * k / n
    return r * math.sin(a), r * math.cos(a)


def draw_v6(width: int, height: int) -> str:
    n, xl, yl, cols, rows = geometry(width, height)
    fig = plt.figure
    fig.clear()
    fig.plot_size(width, height)
    fig.axes(False)
    fig.ruler("x").ticks([])
    fig.ruler("y").ticks([])
    fig.ruler("x").lim(-xl, xl)
    fig.ruler("y").lim(-yl, yl)
    grid = [at(r, k, n) for r in range(1, 6) for k in range(n)]
    fig.draw(fig.signal([p[0] for p in grid], [p[1] for p in grid], marker="."))
    for k in range(n):
        (x0, y0), (x1, y1) = at(LOW[k], k, n), at(HIGH[k], k, n)
        fig.draw(fig.segment((x0, x1), (y0, y1), marker=":"))
    for values, marker in ((OPERATIONAL, "x"), (STRATEGIC, "o"), (MEAN, "*")):
        xy = [at(v, k, n) for k, v in enumerate(values)] + [at(values[0], 0, n)]
        fig.draw(fig.signal([p[0] for p in xy], [p[1] for p in xy], marker=marker).lines())
    for k, label in enumerate(LABELS):
        x, y = at(1, k, n)
        align = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
        fig.draw(
            fig.text(x * (cols + 3) / cols * 5, y * (rows + 1) / rows * 5, label, alignment=align)
        )
    return fig.build().string(True)


def draw_v5(width: int, height: int) -> str:
    n, xl, yl, cols, rows = geometry(width, height)
    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")
    plt.xaxes(False, False)
    plt.yaxes(False, False)
    plt.xticks([])
    plt.yticks([])
    plt.xlim(-xl, xl)
    plt.ylim(-yl, yl)
    grid = [at(r, k, n) for r in range(1, 6) for k in range(n)]
    plt.scatter([p[0] for p in grid], [p[1] for p in grid], marker=".")
    for k in range(n):
        (x0, y0), (x1, y1) = at(LOW[k], k, n), at(HIGH[k], k, n)
        plt.plot([x0, x1], [y0, y1], marker=":")
    for values, marker in ((OPERATIONAL, "x"), (STRATEGIC, "o"), (MEAN, "*")):
        xy = [at(v, k, n) for k, v in enumerate(values)] + [at(values[0], 0, n)]
        plt.plot([p[0] for p in xy], [p[1] for p in xy], marker=marker)
    for k, label in enumerate(LABELS):
        x, y = at(1, k, n)
        align = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
        plt.text(label, x * (cols + 3) / cols * 5, y * (rows + 1) / rows * 5, alignment=align)
    return plt.uncolorize(plt.build())


def main() -> int:
    draw = draw_v6 if V6 else draw_v5
    print(f"plotext {VERSION} on Python {sys.version.split()[0]}: import {IMPORT_MS:.0f} ms")
    for width, height in ((78, 18), (118, 32)):
        draw(width, height)
        times = []
        for _ in range(40):
            start = time.perf_counter()
            text = draw(width, height)
            times.append(time.perf_counter() - start)
        print(
            f"  {width}x{height}: median {statistics.median(times) * 1000:.1f} ms, "
            f"worst {max(times) * 1000:.1f} ms"
        )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
