"""Every screen driven with the same keys on the demo folder and on folders holding one huge session.

    .venv/bin/python benchmarks/bench_large_files.py [--cases evidence-one,cjk,...] [--size 80x24]

Each large case is the demo folder with joanne-hallett.toml filled just under the loader's limit
(tomlio.MAX_FILE_BYTES, 2 MiB; built by tests/support/large_sessions.py):
  evidence-one   ~50,000 lines of evidence on one enabler (leadership)
  evidence-all   long evidence on every enabler
  reflections    long reflections on every theme
  cjk            CJK and emoji evidence on one enabler (3-4 bytes a character)
  long-line      one ~2 MB line of evidence, no line breaks
The app runs under Textual's Pilot (headless, the size given), opened as `bb-tui score FILE`.
A key's time is key-to-idle: from the key event being queued (as pilot.press queues it) until
the last moment the process used CPU before 30 ms of quiet with every message handled and every
worker done (pilot.press itself sleeps 60 ms or more, so it is not used as the clock). The same script of keys runs on every
folder in the same process; per screen the median and worst are printed, with the ratio of the
medians to the demo folder's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402

from bb_tui.core.framework import BUNDLED_FRAMEWORK, load_framework  # noqa: E402
from tests.support.large_sessions import CASES, WHO, make_large  # noqa: E402

SLOW = 0.100  # a key slower than this is listed by --slow

# (screen the key is pressed on, keys). Opening keys count for the screen they are pressed on.
SCRIPT: list[tuple[str, list[str]]] = [
    ("overview", ["up", "up", "up", "down", "down", "down", "up", "up", "up"]),
    ("overview", ["enter"]),
    ("enabler", ["p"] * 11 + ["n", "p", "2", "4"]),
    ("enabler", ["d"]),
    ("dig deeper", ["down", "down", "down", "3", "up", "escape"]),
    ("enabler", ["e"]),
    ("evidence", ["x", "y", "z", "space", "w", "backspace", "up", "up", "down", "pageup",
                  "end", "escape"]),
    ("enabler", ["escape"]),
    ("overview", ["r"]),
    ("reflections", ["x", "y", "z", "up", "tab", "x", "y", "escape"]),
    ("overview", ["escape"]),
    ("sessions", ["f4"]),
    ("group results", ["right_square_bracket"] * 3 + ["t", "t", "escape"]),
    ("sessions", ["f6"]),
    ("discussion pack", ["right"] * 12 + ["left", "left", "a", "a", "escape"]),
    ("sessions", ["f7"]),
    ("F7 agreed", ["down", "down", "down", "escape"]),
    ("sessions", ["f8"]),
    ("F8 challenges", ["down", "down", "down", "escape"]),
    ("sessions", ["f9"]),
    ("F9 case studies", ["down", "down", "down", "escape"]),
    ("sessions", ["f10"]),
    ("F10 action plan", ["down", "down", "escape"]),
]


async def drive(folder: Path, framework, size: tuple[int, int],
                slow: list[tuple[str, str, float]] | None = None) -> dict[str, list[float]]:
    from bb_tui.tui.app import BBApp

    app = BBApp(framework, folder, folder / WHO, cursor_blink=False, theme="textual-dark")
    times: dict[str, list[float]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for screen, keys in SCRIPT:
            for key in keys:
                took = await key_to_idle(pilot, key)
                times.setdefault(screen, []).append(took)
                if slow is not None and took > SLOW:
                    slow.append((screen, key, took))
    return times


async def key_to_idle(pilot, key: str, window: float = 0.005, quiet: int = 6) -> float:
    """Seconds from queuing `key` to the end of the last busy 5 ms window before 30 ms of quiet."""
    app = pilot.app
    char = key if len(key) == 1 else {"space": " "}.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(event)
    busy_until, calm = None, 0
    while calm < quiet:
        await pilot._wait_for_screen()
        for worker in [w for w in app.workers if not w.is_finished]:
            try:
                await worker.wait()
            except Exception:  # noqa: BLE001 - cancelled or failed: done either way
                pass
        busy_until = busy_until or time.perf_counter()  # the key itself has been handled
        cpu = time.process_time()
        await asyncio.sleep(window)
        if time.process_time() - cpu > window / 10:
            busy_until, calm = time.perf_counter(), 0
        else:
            calm += 1
    return busy_until - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--slow", action="store_true",
                        help=f"also list every key slower than {SLOW * 1000:.0f} ms")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    framework = load_framework(BUNDLED_FRAMEWORK)
    cases = ["demo", *args.cases.split(",")]
    results: dict[str, dict[str, list[float]]] = {}
    slow: dict[str, list[tuple[str, str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            folder = Path(tmp) / case / "demo"
            shutil.copytree(ROOT / "sessions" / "demo", folder)
            if case != "demo":
                make_large(folder, framework, case)
            slow[case] = []
            results[case] = asyncio.run(drive(folder, framework, size, slow[case]))
            print(f"... {case} done", file=sys.stderr)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, Pilot {args.size}, "
          f"key-to-idle in ms: median / worst (ratio of medians to demo)")
    screens = list(dict.fromkeys(screen for screen, _ in SCRIPT))
    demo = results["demo"]
    head = f"{'screen':16} {'keys':>4}  " + "  ".join(f"{c:>22}" for c in cases)
    print(head)
    for screen in screens:
        cells = []
        base = statistics.median(demo[screen])
        for case in cases:
            values = results[case][screen]
            med, worst = statistics.median(values), max(values)
            ratio = f" ({med / base:4.1f}x)" if case != "demo" else ""
            cells.append(f"{med * 1000:6.0f} / {worst * 1000:6.0f}{ratio}".rjust(22))
        print(f"{screen:16} {len(demo[screen]):4}  " + "  ".join(cells))
    worst = {c: max(max(v) for v in results[c].values()) for c in cases}
    print("worst key anywhere: " + ", ".join(f"{c} {w * 1000:.0f} ms" for c, w in worst.items()))
    if args.slow:
        for case in cases:
            keys = ", ".join(f"{s} {k} {t * 1000:.0f}" for s, k, t in slow[case]) or "none"
            print(f"over {SLOW * 1000:.0f} ms on {case}: {keys}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
