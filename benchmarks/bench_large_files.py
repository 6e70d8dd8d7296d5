"""Every screen driven with the same keys on the demo folder and on folders holding one huge session.

    .venv/bin/python benchmarks/bench_large_files.py [--cases evidence-one,cjk,...] [--size 80x24]

Each large case is the demo folder with joanne-hallett.toml filled just under the limits the
loader accepts (tomlio.MAX_TEXT_CHARS, 20,000 characters a field; tomlio.MAX_FILE_BYTES, 1 MiB a
file; built by tests/support/large_sessions.py):
  evidence-one   ~400 lines of evidence on one enabler (leadership), just under 20,000 characters
  evidence-all   the same on every enabler
  reflections    the same on every theme
  cjk            every note, the role and the organisation in CJK and emoji (3-4 bytes a
                 character): the file just under 1 MiB, the largest accepted
  long-line      every enabler's evidence one line of just under 20,000 characters, no breaks
The app runs under Textual's Pilot (headless, the size given), opened as `bb-tui score FILE`.
Each key gets two times, both from the key event being queued (as pilot.press queues it;
pilot.press itself sleeps 60 ms or more, so it is not used as the clock):
  answer  until the first screen update after the app began dispatching that key: the moment
          the app begins writing the update out (the screen's own paint, what a person sees
          first). Timed in-process, through public Textual API only, because it is honest and
          cheap: the driver (`PaintClock`) is Textual's headless one (keys sent in, no
          terminal), except that it says it is not headless and, as a terminal answering
          Textual's query would, that it supports synchronized output; the app then opens every
          screen update by writing the begin-update sequence to `Driver.write`, where the clock
          reads the time. The same compositor render runs as in a terminal; turning the update
          into bytes and writing them to a tty are not counted (~1 ms at 80x24), and a real pty
          (bench_app_speed.py) would add a process per case and its own noise without timing
          anything else. `App.run_test`'s message_hook says when the app began dispatching the
          key: counting only updates after that keeps an unrelated earlier paint from answering
          for it. A key that changes nothing on screen answers when it has been handled (the
          first moment the app is idle with the screen refreshed); --slow marks those
          "(no paint)".
  idle    key-to-idle: until the last moment the process used CPU before 30 ms of quiet with
          every message handled and every worker done. This also counts background work after
          the screen has answered, such as the autosave writer thread serialising the file.
  cpu     the process's CPU time (every thread) from the key to its answer: what the key costs
          on a core of its own, which other jobs' load on a shared machine stretches far less
          than the wall times above.
The same script of keys runs on every folder in the same process; per screen the median and
worst of each are printed, with the ratio of the medians to the demo folder's.
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
from textual.driver import Driver  # noqa: E402
from textual.drivers.headless_driver import HeadlessDriver  # noqa: E402
from textual.message import Message  # noqa: E402
from textual.messages import TerminalSupportsSynchronizedOutput  # noqa: E402

from bb_tui.core.framework import BUNDLED_FRAMEWORK, load_framework  # noqa: E402
from tests.support.large_sessions import CASES, WHO, make_large  # noqa: E402

SLOW = 0.100  # a key slower than this (to answer or to idle) is listed by --slow
# DEC mode 2026, begin synchronized update: what the app writes first for each screen update on a
# terminal that supports it.
SYNC_START = "\x1b[?2026h"

# (screen the key is pressed on, keys). Opening keys count for the screen they are pressed on.
SCRIPT: list[tuple[str, list[str]]] = [
    ("overview", ["up", "up", "up", "down", "down", "down", "up", "up", "up"]),
    ("overview", ["enter"]),
    ("enabler", ["p"] * 11 + ["n", "p", "2", "4"]),
    ("enabler", ["d"]),
    ("dig deeper", ["down", "down", "down", "3", "up", "escape"]),
    ("enabler", ["e"]),
    (
        "evidence",
        ["x", "y", "z", "space", "w", "backspace", "up", "up", "down", "pageup", "end", "escape"],
    ),
    ("enabler", ["escape"]),
    ("overview", ["r"]),
    ("reflections", ["x", "y", "z", "up", "tab", "x", "y", "escape"]),
    ("overview", ["question_mark"]),
    ("dialogs", ["escape"]),
    ("overview", ["p"]),
    ("dialogs", ["escape"]),
    ("overview", ["escape"]),
    ("sessions", ["n"]),
    ("dialogs", ["escape"]),
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
    ("sessions", ["enter"]),  # the large session, chosen in the list (the cursor is on it)
    ("overview", ["escape"]),
]


Times = dict[str, list[tuple[float, float, float]]]  # screen -> (answer, idle, cpu) per key
Slow = list[tuple[str, str, float, float, bool]]  # screen, key, answer, idle, painted


async def drive(folder: Path, framework, size: tuple[int, int], slow: Slow | None = None) -> Times:
    from bb_tui.tui.app import BBApp

    app = BBApp(framework, folder, folder / WHO, cursor_blink=False, theme="textual-dark")
    watch = PaintWatch()
    app.driver_class = watch.driver_class
    times: Times = {}
    async with app.run_test(headless=False, size=size, message_hook=watch.hook) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert watch.updates, "no screen update was written: the clock would never stop"
        for screen, keys in SCRIPT:
            for key in keys:
                answer, idle, painted, cpu = await time_key(pilot.app, watch, key)
                times.setdefault(screen, []).append((answer, idle, cpu))
                if slow is not None and max(answer, idle) > SLOW:
                    slow.append((screen, key, answer, idle, painted))
                if screen == "sessions" and key == "enter":  # the script opened the right one
                    opened = pilot.app.current
                    assert opened is not None and opened.path.name == WHO, opened
    return times


class PaintWatch:
    """Notes the first screen update written after the app began dispatching one key event."""

    def __init__(self) -> None:
        self.key: events.Key | None = None
        self.dispatched = False
        self.painted: float | None = None
        self.painted_cpu = 0.0
        self.updates = 0  # screen updates written so far
        self.driver: Driver | None = None
        watch = self

        class PaintClock(HeadlessDriver):
            """Textual's headless driver, except that the app writes its screen updates to it."""

            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                watch.driver = self

            @property
            def is_headless(self) -> bool:
                return False

            def start_application_mode(self) -> None:
                super().start_application_mode()
                self.send_message(TerminalSupportsSynchronizedOutput())

            def write(self, data: str) -> None:
                watch.written(data)

        self.driver_class = PaintClock

    def hook(self, message: Message) -> None:
        """run_test's message_hook: called as any part of the app begins dispatching a message
        (the app first, for a key)."""
        if message is self.key:
            self.dispatched = True

    def written(self, data: str) -> None:
        if data != SYNC_START:
            return
        self.updates += 1
        if self.dispatched and self.painted is None:
            self.painted = time.perf_counter()
            self.painted_cpu = time.process_time()

    def expect(self, key: events.Key) -> None:
        self.key, self.dispatched, self.painted = key, False, None


async def handled_so_far(app, timeout: float = 30.0) -> None:
    """Until the app and every widget of its screen have handled what was queued for them when
    called (as Textual's Pilot waits for the screen, through public calls)."""
    left = 0
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    for node in [app, *app.screen.walk_children(with_self=True)]:
        if node.call_later(one_done):
            left += 1
    if left:
        await asyncio.wait_for(done.wait(), timeout)


async def time_key(
    app, watch: PaintWatch, key: str, window: float = 0.005, quiet: int = 6
) -> tuple[float, float, bool, float]:
    """(answer, idle, painted, cpu) for `key`: seconds to its first paint and to the end of the
    last busy 5 ms window before 30 ms of quiet; painted is False when nothing was repainted;
    cpu: the process's CPU seconds from the key to its answer."""
    char = key if len(key) == 1 else {"space": " "}.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    watch.expect(event)
    assert watch.driver is not None
    start, start_cpu = time.perf_counter(), time.process_time()
    watch.driver.send_message(event)  # as a key typed (and as Pilot.press sends it)
    busy_until, handled, calm, handled_cpu = None, None, 0, None
    while calm < quiet:
        await handled_so_far(app)
        for worker in [w for w in app.workers if not w.is_finished]:
            try:
                await worker.wait()
            except Exception:  # noqa: BLE001 - cancelled or failed: done either way
                pass
        handled = handled or time.perf_counter()  # the key itself has been handled
        handled_cpu = handled_cpu or time.process_time()
        busy_until = busy_until or handled
        cpu = time.process_time()
        await asyncio.sleep(window)
        if time.process_time() - cpu > window / 10:
            busy_until, calm = time.perf_counter(), 0
        else:
            calm += 1
    painted = watch.painted is not None
    answer = (watch.painted if painted else handled) - start
    cpu = (watch.painted_cpu if painted else handled_cpu) - start_cpu
    return answer, busy_until - start, painted, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--size", default="80x24")
    parser.add_argument(
        "--slow", action="store_true", help=f"also list every key slower than {SLOW * 1000:.0f} ms"
    )
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    framework = load_framework(BUNDLED_FRAMEWORK)
    cases = ["demo", *args.cases.split(",")]
    results: dict[str, Times] = {}
    slow: dict[str, Slow] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            folder = Path(tmp) / case / "demo"
            shutil.copytree(ROOT / "sessions" / "demo", folder)
            if case != "demo":
                make_large(folder, framework, case)
            slow[case] = []
            results[case] = asyncio.run(drive(folder, framework, size, slow[case]))
            print(f"... {case} done", file=sys.stderr)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        + " ".join(f"{n:.1f}" for n in os.getloadavg())
        + f", Pilot {args.size}, ms: key to "
        "answer median / worst (ratio of medians to demo) · key to idle median / worst "
        "· CPU to answer median / worst"
    )
    screens = list(dict.fromkeys(screen for screen, _ in SCRIPT))
    demo = results["demo"]
    print("| screen | keys | " + " | ".join(cases) + " |")
    print("| --- | --- |" + " --- |" * len(cases))
    for screen in screens:
        cells = []
        base = statistics.median(a for a, _, _ in demo[screen])
        for case in cases:
            answers = [a for a, _, _ in results[case][screen]]
            idles = [i for _, i, _ in results[case][screen]]
            cpus = [c for _, _, c in results[case][screen]]
            med = statistics.median(answers)
            ratio = f" ({med / base:.1f}×)" if case != "demo" else ""
            cells.append(
                f"{med * 1000:.0f} / {max(answers) * 1000:.0f}{ratio} · "
                f"{statistics.median(idles) * 1000:.0f} / {max(idles) * 1000:.0f} · "
                f"{statistics.median(cpus) * 1000:.0f} / {max(cpus) * 1000:.0f}"
            )
        print(f"| {screen} | {len(demo[screen])} | " + " | ".join(cells) + " |")
    for i, what in enumerate(("answer", "idle", "answer (CPU)")):
        worst = {c: max(max(t[i] for t in v) for v in results[c].values()) for c in cases}
        print(
            f"worst key to {what}: " + ", ".join(f"{c} {w * 1000:.0f} ms" for c, w in worst.items())
        )
    if args.slow:
        for case in cases:
            keys = (
                ", ".join(
                    f"{s} {k} {a * 1000:.0f}{'' if p else ' (no paint)'}·{i * 1000:.0f}"
                    for s, k, a, i, p in slow[case]
                )
                or "none"
            )
            print(f"over {SLOW * 1000:.0f} ms on {case} (answer·idle): {keys}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
