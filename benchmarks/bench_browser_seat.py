"""The browser seat against the same app in a pty, in the same run.

    .venv/bin/python benchmarks/bench_browser_seat.py [--runs 5] [--keys 15] [--screenshot docs/browser-seat.png]

Both sides open the same session (a copy of the demo's joanne-hallett.toml) with `python -m bb_tui`, at 80x24
(the browser's window is sized to hold 80x24 cells of the 16 px font).
  first screen:  pty: spawn -> the overview's last text ("Progress:" and the footer's "Help")
                 has arrived on the terminal (as benchmarks/bench_app_speed.py);
                 browser: page.goto(link) -> the same text has arrived over the page's websocket
                 (Debian's Chromium, headless, through `bb-tui serve` already listening: the page,
                 textual.js, the websocket, the app process and its first frame).
  keypress:      a digit scoring an enabler (alternating 2 and 4) -> the first byte back; in the
                 browser, from Playwright's key press to the first websocket frame the page receives
                 (xterm.js then paints it on the next animation frame, not counted).
Runs alternate pty and browser; medians are reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_app_speed import Pty  # noqa: E402

from tests.browser.seat import Screen, Seats, launch, missing  # noqa: E402

SESSION = "joanne-hallett.toml"
VIEWPORT = (725, 515)  # px: 80x24 cells of Roboto Mono at 16 px (the websocket asks for 80x24)
READY = (b"Progress:", b"Help")  # the footer's end at 80 columns


def pty_side(seats: Seats, keys: int, first: list[float], presses: list[float]) -> None:
    os.environ.update(HOME=seats.env["HOME"], XDG_CONFIG_HOME=seats.env["XDG_CONFIG_HOME"])
    app = Pty(
        ["-m", "bb_tui", "--sessions", str(seats.sessions), "score", str(seats.sessions / SESSION)],
        ROOT,
    )
    first.append(app.until(*READY))
    if keys:
        app.quiet(0.3)
        os.write(app.fd, b"\r")
        app.until(b"Maturity indicators")
        for n in range(keys):
            seconds, _ = app.key(b"24"[n % 2 : n % 2 + 1])
            presses.append(seconds)
    app.close()


def browser_side(
    seats: Seats, context, link: str, keys: int, first: list[float], presses: list[float]
) -> None:
    page = context.new_page()
    screen = Screen(page)
    start = time.perf_counter()
    page.goto(seats.url(link))
    first.append(screen.until(page, *READY) - start)
    if keys:
        screen.quiet(page, 0.3)
        page.focus(".xterm-helper-textarea")
        mark = len(screen.data)
        page.keyboard.press("Enter")
        screen.until(page, b"Maturity indicators", since=mark)
        for n in range(keys):
            screen.quiet(page, 0.25)
            mark = len(screen.data)
            sent = time.perf_counter()
            page.keyboard.press("24"[n % 2])
            presses.append(screen.first_after(page, mark) - sent)
    page.close()
    deadline = time.monotonic() + 10
    while seats.apps() and time.monotonic() < deadline:  # the next run starts with no app left
        time.sleep(0.05)


def screenshot(seats: Seats, context, path: Path) -> None:
    page = context.new_page()
    screen = Screen(page)
    page.goto(seats.url(seats.facilitator))
    screen.until(page, b"Tomasz Wierzbicki", b"palette")
    screen.quiet(page)
    page.focus(".xterm-helper-textarea")
    mark = len(screen.data)
    page.keyboard.press("F4")
    screen.until(page, b"Radar", since=mark)
    screen.quiet(page, 0.8)
    page.screenshot(path=str(path))
    page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=15)
    parser.add_argument("--screenshot", type=Path, help="also save the facilitator's Group results")
    args = parser.parse_args()
    why = missing()
    if why:
        print(f"bench_browser_seat: {why}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    first = {"pty": [], "browser": []}
    presses = {"pty": [], "browser": []}
    with tempfile.TemporaryDirectory() as tmp:
        seats = Seats(Path(tmp))
        link = seats.link(SESSION)
        seats.start()
        try:
            with sync_playwright() as playwright:
                context = launch(playwright, *VIEWPORT)
                browser_side(seats, context, link, 0, [], [])  # warm-up: Chromium's first page
                for run in range(args.runs):
                    keys = args.keys if run == 0 else 0
                    pty_side(seats, keys, first["pty"], presses["pty"])
                    browser_side(seats, context, link, keys, first["browser"], presses["browser"])
                if args.screenshot:
                    screenshot(seats, context, args.screenshot)
                context.close()
        finally:
            seats.stop()
    med = statistics.median
    f_pty, f_web = med(first["pty"]), med(first["browser"])
    k_pty, k_web = med(presses["pty"]), med(presses["browser"])
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {args.runs} openings and "
        f"{args.keys} keypresses each side, alternating; browser window {VIEWPORT[0]}x{VIEWPORT[1]} px"
    )
    print(
        f"first screen  pty {f_pty * 1000:7.1f} ms   browser {f_web * 1000:7.1f} ms   "
        f"ratio {f_web / f_pty:4.2f}  (browser min {min(first['browser']) * 1000:.0f}, "
        f"max {max(first['browser']) * 1000:.0f})"
    )
    print(
        f"keypress      pty {k_pty * 1000:7.1f} ms   browser {k_web * 1000:7.1f} ms   "
        f"ratio {k_web / k_pty:4.2f}  (browser max {max(presses['browser']) * 1000:.0f})"
    )
    if args.screenshot:
        print(f"screenshot: {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
