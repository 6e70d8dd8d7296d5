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

    .venv/bin/python benchmarks/bench_live_refresh.py --storm [--seconds 10] [--rate 20]

The storm: a colleague rewriting one session of near the size limit (tomlio.MAX_FILE_BYTES) `rate`
times a second, each save a temp file renamed over it with one score changed, against the real
app (`python -m bb_tui`) in a pty on Group results (F4), watching by inotify as by default.
Two sessions (--cases): "cjk", the largest a person can write (notes in CJK and emoji), and
"hostile", the slowest to parse per byte found (a long array of numbers under an unknown key).
In one run: idle (the floor), the storm (a writer process saving), after it. Over `seconds` with
no key pressed, the app's CPU (utime + stime of its process, all threads, from /proc/PID/stat)
as a share of one core; then, idle and in the storm, `seconds` of keys: 5 (dig deeper) and 6
(files) in turn about every `gap` seconds, each timed from the key to the arrival of text only
that view shows. Targets: the storm <= 25 % of a core; every key <= 100 ms.
`--code DIR` runs the bb_tui package found in DIR (e.g. main unpacked with `git archive`).
`--nice -10` (as root) raises the app's priority, so that other load on a shared machine does not
cap the CPU it can use (which would hide what it asks for) or delay its keys.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import best, floor, generate  # noqa: E402

from bb_tui.core.collection import collect  # noqa: E402
from bb_tui.core.framework import load_framework  # noqa: E402
from bb_tui.core.readcache import ParseCache  # noqa: E402
from bb_tui.core.stats import compute  # noqa: E402
from bb_tui.storage.tomlio import MAX_FILE_BYTES  # noqa: E402


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


# ------------------------------------------------------------ the storm, against the real app

WRITER = """
import os, sys, time
folder, name, rate, seconds, *variants = sys.argv[1:]
datas = [open(v, "rb").read() for v in variants]
rate, seconds = float(rate), float(seconds)
start, n = time.monotonic(), 0
while time.monotonic() < start + seconds:
    wait = start + n / rate - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    tmp = os.path.join(folder, f".{name}.{n}.bb-tmp")
    with open(tmp, "wb") as out:
        out.write(datas[n % len(datas)])
    os.replace(tmp, os.path.join(folder, name))
    n += 1
print(n)
"""
VIEWS = ((b"5", b"case studies:"), (b"6", b"Merged from:"))  # a key, and text only its view shows
F4 = b"\x1bOS"


def hostile_tail(room: int) -> bytes:
    """At most `room` bytes of the slowest TOML to parse per byte found (one number a line in one
    array, under one unknown key: a session still, with one warning): about 1 s per MiB here."""
    head, line = b"\n[extra]\na = [\n", b"1,\n"
    return head + line * ((room - len(head) - 2) // len(line)) + b"]\n"


def storm_files(work: Path, framework, case: str) -> tuple[Path, Path, list[Path]]:
    """The demo folder with joanne-hallett.toml near the limit, and five versions of it (its
    leadership score 1-5) kept outside the folder for the writer. `case`: "cjk" (the largest
    session a person can write; tests/support/large_sessions.py) or "hostile" (hostile_tail)."""
    from bb_tui.core.session import dump_session, load_session
    from tests.support.large_sessions import make_large

    folder = work / "sessions"
    shutil.copytree(ROOT / "sessions" / "demo", folder)
    target = (
        make_large(folder, framework, "cjk") if case == "cjk" else folder / "joanne-hallett.toml"
    )
    session = load_session(target, framework)
    variants = []
    for score in range(1, 6):
        session.scores["leadership"] = score
        data = dump_session(session, framework)
        if case == "hostile":
            data += hostile_tail(MAX_FILE_BYTES - 64 - len(data))
        variant = work / f"variant-{score}.toml"
        variant.write_bytes(data)
        variants.append(variant)
    target.write_bytes(variants[-1].read_bytes())
    return folder, target, variants


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system, every thread) the process has used."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_window(app, seconds: float) -> float:
    """The share of a core the app used over `seconds`, no key pressed (its output drained)."""
    used, start = cpu_of(app.pid), time.monotonic()
    app.read_for(seconds)
    return (cpu_of(app.pid) - used) / (time.monotonic() - start)


def key_window(app, seconds: float, gap: float) -> list[float]:
    """Seconds from each key to its answer, keys pressed about every `gap` for `seconds`."""
    from itertools import cycle

    start, latencies = time.monotonic(), []
    for key, marker in cycle(VIEWS):
        if time.monotonic() > start + seconds:
            return latencies
        offset, sent = app.mark(), time.monotonic()
        app.send(key)
        app.wait_for_after(offset, marker, timeout=30)
        latencies.append(time.monotonic() - sent)
        app.read_for(gap * (0.5 + random.random()))  # any moment of a refresh's second
    return latencies


def storm(
    case: str, seconds: float, rate: float, gap: float, code: Path, framework, nice: int = 0
) -> None:
    """Idle: CPU for `seconds`, then keys for `seconds`; the storm (the writer saving for twice
    `seconds`): the same; after it: CPU for `seconds`."""
    from tests.support.ptyrun import PtyApp

    env = dict(os.environ, PYTHONPATH=str(code.resolve()))
    env.pop("BB_TUI_LIVE", None)  # as by default: inotify on a local disk
    with tempfile.TemporaryDirectory(prefix="bb-bench-storm-") as tmp:
        folder, target, variants = storm_files(Path(tmp), framework, case)
        size = target.stat().st_size
        started = time.process_time()
        collect([folder], framework)  # what a merge of the folder costs, read in full
        merge = time.process_time() - started
        here = os.getcwd()
        os.chdir(tmp)  # `python -m` imports from the current folder first: from `code` only
        app = PtyApp(["-m", "bb_tui", "--sessions", str(folder)], env=env, size=(100, 30))
        os.chdir(here)
        try:
            if nice:  # the app only: what it asks for, not what a busy machine leaves it
                os.setpriority(os.PRIO_PROCESS, app.pid, nice)
            app.wait_for(b"Start a new session", timeout=60)
            app.read_for(1.0)
            app.send(F4)
            app.wait_for(b" merged", timeout=120)  # the status line, once the first merge is in
            app.read_for(3.0)  # the chart
            idle = cpu_window(app, seconds), key_window(app, seconds, gap)
            writer = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(folder), target.name, str(rate)]
                + [str(2 * seconds)]
                + [str(v) for v in variants],
                stdout=subprocess.PIPE,
                text=True,
            )
            storm = cpu_window(app, seconds), key_window(app, seconds, gap)
            saves = int(writer.communicate(timeout=120)[0] or 0)
            after = cpu_window(app, seconds), []
        finally:
            app.kill()
    print(
        f"{case}: {saves} saves in {2 * seconds:g} s ({saves / seconds / 2:.1f}/s) of a "
        f"{size:,}-byte session (limit {MAX_FILE_BYTES:,}); the folder merged in full in this "
        f"process: {merge * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}"
    )
    for name, (cpu, keys) in (("idle (floor)", idle), ("storm", storm), ("after it", after)):
        line = (
            f"  {name:13} CPU {cpu * 100:5.1f}% of a core ({cpu / max(idle[0], 1e-9):5.1f}x floor)"
        )
        if keys:
            ms = sorted(k * 1000 for k in keys)
            line += (
                f"   keys: {len(ms)}, median {statistics.median(ms):5.1f} ms, "
                f"90th {ms[int(len(ms) * 0.9)]:6.1f} ms, max {ms[-1]:6.1f} ms, "
                f"over 100 ms: {sum(m > 100 for m in ms)}"
            )
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--idle", type=float, default=5.0)
    parser.add_argument("--storm", action="store_true", help="the storm against the app only")
    parser.add_argument("--cases", default="cjk,hostile", help="the storm's session files")
    parser.add_argument("--seconds", type=float, default=10.0, help="each phase of the storm")
    parser.add_argument("--rate", type=float, default=20.0, help="saves a second in the storm")
    parser.add_argument("--gap", type=float, default=0.4, help="seconds between keys, about")
    parser.add_argument("--code", type=Path, default=ROOT, help="where bb_tui is imported from")
    parser.add_argument("--nice", type=int, default=0, help="the app's nice value (root: < 0)")
    args = parser.parse_args(argv)
    if args.storm:
        env = dict(os.environ, PYTHONPATH=str(args.code.resolve()))
        where = subprocess.run(
            [sys.executable, "-c", "import bb_tui; print(bb_tui.__file__)"],
            env=env,
            cwd=tempfile.gettempdir(),
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, 100x30 pty, "
            f"the app's code from {where}, at nice {args.nice}"
        )
        for case in args.cases.split(","):
            storm(case, args.seconds, args.rate, args.gap, args.code, load_framework(), args.nice)
        return 0
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
