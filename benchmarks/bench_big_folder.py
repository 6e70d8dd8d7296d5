"""The start screen on a big sessions folder, measured from outside in a real 80x24 pty.

    .venv/bin/python benchmarks/bench_big_folder.py [--runs 5] [--files 20000] [--code DIR]

Floor: bb-tui on the demo folder (ten sessions), started the same way in the same run.
  first screen: spawn -> the start screen's "+ Start a new session" row and the key bar are on
                the terminal (demo: also its last session row, so its list is complete);
  complete:     spawn -> the count line says "N sessions" (the big folder's list is all read);
  keys:         while the big folder is still being read, `j` (cursor down) -> the first byte
                written back.
The big folder is made in a temp folder by copying the demo sessions under distinct names.
Runs alternate demo and big. `--code DIR` runs the bb_tui package found in DIR (e.g. an older
commit unpacked with `git archive`), for before-and-after figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app_speed import Pty

FIRST = (b"Start a new session", b"palette")
DONE = re.compile(rb"(\d[\d,]*) sessions?\b")


def make_big(folder: Path, files: int) -> None:
    folder.mkdir()
    demo = sorted(
        p for p in (ROOT / "sessions" / "demo").glob("*.toml") if p.name != "partnership.toml"
    )
    for n in range(files):
        source = demo[n % len(demo)]
        shutil.copy(source, folder / f"{source.stem}-{n:05d}.toml")


def until_done(app: Pty, files: int, timeout: float = 120.0) -> float:
    """Seconds from spawn until the count line gives all `files` sessions."""
    deadline = time.perf_counter() + timeout
    while True:
        counts = {int(m.replace(b",", b"")) for m in DONE.findall(bytes(app.out))}
        if files in counts:
            return time.perf_counter() - app.start
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{files} sessions not seen: {bytes(app.out[-400:])!r}")
        app.read(deadline - time.perf_counter())


def run(runs: int, files: int, work: Path) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"demo": [], "big": [], "done": [], "key": []}
    argv = ["-m", "bb_tui", "--sessions"]
    for _ in range(runs):
        app = Pty([*argv, "demo"], work)
        out["demo"].append(app.until(*FIRST, b"Tomasz Wierzbicki"))
        app.close()
        app = Pty([*argv, "big"], work)
        out["big"].append(app.until(*FIRST))
        app.quiet(0.05)
        sent = time.perf_counter()
        os.write(app.fd, b"j")
        while not app.read(5.0):
            pass
        if not re.search(rb"\d sessions?\b", bytes(app.out)):  # still reading when it answered
            out["key"].append(time.perf_counter() - sent)
        out["done"].append(until_done(app, files))
        app.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--code", type=Path, default=ROOT, help="where bb_tui is imported from")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "sessions" / "demo", work / "demo")
        make_big(work / "big", args.files)
        os.environ["PYTHONPATH"] = str(args.code.resolve())
        times = run(args.runs, args.files, work)
    med = statistics.median
    demo, big = med(times["demo"]), med(times["big"])
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, 80x24 pty, {args.runs} runs "
        f"each, alternating; code from {args.code}"
    )
    print(
        f"first screen  demo {demo * 1000:7.1f} ms   {args.files:,} files {big * 1000:7.1f} ms"
        f"   ratio {big / demo:4.2f}  (target <= 1.30)"
    )
    print(
        f"list complete ({args.files:,} files): median {med(times['done']):.2f} s, "
        f"range {min(times['done']):.2f}-{max(times['done']):.2f} s"
    )
    if times["key"]:
        print(
            f"j while reading: median {med(times['key']) * 1000:.1f} ms to the first byte "
            f"({len(times['key'])} of {args.runs} runs answered before the list was complete)"
        )
    else:
        print("j while reading: no run answered before the list was complete")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
