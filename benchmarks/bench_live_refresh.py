"""Live results: a refresh after one colleague's save, against a bare tomllib parse of the folder.

    .venv/bin/python benchmarks/bench_live_refresh.py [--files 1000] [--repeat 7] [--idle 5]

Generates `files` realistic sessions (bench_merge's generator), merges them once through a read
cache (core.readcache, as Group results does), then `repeat` times: saves one file (temp file
renamed over it, one score changed) and times the refresh:
  refresh:          collect([folder], cache=...)            (what is read again)
  refresh+figures:  the same + stats.compute()              (what the screen does)
against floor: open and tomllib.load() every file. Target: refresh <= 0.1 x floor.
Then the watcher (tui.runtime.watch) in each mode on that folder: CPU used while idle for
`idle` seconds, and the time from a save to the callback (median of `repeat`).
CPU times are this process's (time.process_time); the least of the runs is reported.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import best, floor, generate  # noqa: E402

from bb_tui.core.collection import collect  # noqa: E402
from bb_tui.core.framework import load_framework  # noqa: E402
from bb_tui.core.readcache import ParseCache  # noqa: E402
from bb_tui.core.stats import compute  # noqa: E402


def save_one(path: Path, n: int) -> None:
    """A colleague's save: the file changed, written to a temp file renamed over the old one."""
    text = path.read_text("utf-8")
    tmp = path.with_name(f".{path.name}.{n}.bb-tmp")
    tmp.write_text(f"{text}\n# saved {n}\n", "utf-8")
    os.replace(tmp, path)


def refresh_costs(folder: Path, paths: list[Path], framework, repeat: int) -> dict[str, float]:
    cache: ParseCache = ParseCache()
    collect([folder], framework, cache=cache)
    floor(paths)
    floors, refreshes, figured, parsed = [], [], [], []
    for n in range(repeat):
        floors.append(best(lambda: floor(paths), 1))
        save_one(paths[n % len(paths)], n)
        before = cache.parses
        refreshes.append(best(lambda: collect([folder], framework, cache=cache), 1))
        parsed.append(cache.parses - before)
        save_one(paths[(n + 1) % len(paths)], n)
        figured.append(
            best(lambda: compute(collect([folder], framework, cache=cache), framework), 1)
        )
    return {
        "floor": min(floors),
        "refresh": min(refreshes),
        "figured": min(figured),
        "parsed": max(parsed),
    }


def watcher_costs(
    folder: Path, paths: list[Path], mode: str, idle: float, repeat: int
) -> tuple[float, float]:
    """(CPU seconds per idle second, median seconds from a save to the callback)."""
    from bb_tui.tui.runtime.watch import FolderWatcher

    os.environ["BB_TUI_LIVE"] = mode
    heard = threading.Event()
    watcher = FolderWatcher(folder, heard.set).start()
    time.sleep(0.5)  # set up
    start = time.process_time()
    time.sleep(idle)
    cpu = (time.process_time() - start) / idle
    delays = []
    for n in range(repeat):
        heard.clear()
        time.sleep(0.3 + random.random())  # any phase of the polling interval
        saved = time.monotonic()
        save_one(paths[n], 100 + n)
        heard.wait(10)
        delays.append(time.monotonic() - saved)
        time.sleep(0.5)  # let the burst end
    watcher.stop()
    return cpu, statistics.median(delays)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--idle", type=float, default=5.0)
    args = parser.parse_args(argv)
    framework = load_framework()
    with tempfile.TemporaryDirectory(prefix="bb-bench-live-") as tmp:
        folder = Path(tmp) / "sessions"
        paths = generate(folder, args.files, framework)
        c = refresh_costs(folder, paths, framework, args.repeat)
        print(f"{len(paths)} files; after one save:")
        print(f"  floor (tomllib.load each file):  {c['floor'] * 1000:8.1f} ms")
        print(
            f"  refresh (collect through cache): {c['refresh'] * 1000:8.1f} ms"
            f"   {c['refresh'] / c['floor']:.3f}x floor (target <= 0.1); "
            f"files parsed: {c['parsed']}"
        )
        print(
            f"  refresh + figures (compute):     {c['figured'] * 1000:8.1f} ms"
            f"   {c['figured'] / c['floor']:.3f}x floor"
        )
        for mode in ("inotify", "poll:1"):
            try:
                cpu, delay = watcher_costs(folder, paths, mode, args.idle, args.repeat)
            except ImportError as exc:
                print(f"  watch {mode}: not available ({exc})")
                continue
            print(
                f"  watch {mode:8}: idle CPU {cpu * 100:6.3f}% of a core, "
                f"save noticed after {delay * 1000:6.0f} ms (median)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
