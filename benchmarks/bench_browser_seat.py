"""The browser seat against the same app in a pty, in the same run.

    .venv/bin/python benchmarks/bench_browser_seat.py [--runs 5] [--keys 15] [--screenshot docs/browser-seat.png]
    .venv/bin/python benchmarks/bench_browser_seat.py --together 10 [--runs 3]

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

--together N: N people open their own links at the same moment (N demo sessions, one page each
in one Chromium, every page.goto issued before any screen is awaited); each page's first screen
is timed from its own goto. Floor, in the same run: one link opened alone. Then the same N
links as plain websockets without a browser (the server's and the apps' share), Chromium's CPU
for the N pages, and the CPU one app takes to its first screen as a new process and to import
alone (`python -c "import bb_tui.tui.app"`): what N starts at once share between the cores.
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


def together(seats: Seats, context, links: list[str]) -> list[float]:
    """Open every link at once; each page's seconds from its goto to its first screen."""
    pages = []
    for link in links:
        page = context.new_page()
        pages.append((page, Screen(page), time.perf_counter()))
        page.goto(seats.url(link), wait_until="commit")
    seconds = []
    for page, screen, start in pages:
        seconds.append(screen.until(page, *READY, timeout=120) - start)
    for page, _, _ in pages:
        page.close()
    deadline = time.monotonic() + 20
    while seats.apps() and time.monotonic() < deadline:
        time.sleep(0.05)
    return seconds


def together_sockets(seats: Seats, links: list[str]) -> list[float]:
    """As together(), without a browser: plain websockets (tests/browser/seat.py's RawSocket),
    each in its own thread, so only the server and the apps work."""
    import threading
    from urllib.parse import urlsplit

    from tests.browser.seat import RawSocket

    seconds: list[float] = [0.0] * len(links)
    socks: list[RawSocket] = []

    def one(n: int) -> None:
        start = time.perf_counter()
        sock = RawSocket(seats.port, f"{urlsplit(links[n]).path}/ws?width=80&height=24")
        socks.append(sock)
        sock.until(*READY, timeout=120)
        seconds[n] = time.perf_counter() - start

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(links))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for sock in socks:
        sock.close()
    deadline = time.monotonic() + 20
    while seats.apps() and time.monotonic() < deadline:
        time.sleep(0.05)
    return seconds


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes so far (/proc/PID/stat), seconds."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def chromium_pids() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    if handle.read().startswith(("chrom", "headless")):
                        found.append(int(entry))
            except OSError:
                pass
    return found


def cpu_of_one(seats: Seats) -> tuple[float, float]:
    """CPU seconds (user + system) of one app to its first screen, and of its imports alone."""
    import resource
    import subprocess

    env = dict(seats.env, TEXTUAL_DRIVER="bb_tui.tui.web.driver:SeatWebDriver")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bb_tui",
            "--sessions",
            str(seats.sessions),
            "score",
            str(seats.sessions / SESSION),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    seen = b""
    while not all(m in seen for m in READY):
        chunk = os.read(app.stdout.fileno(), 1 << 16)
        if not chunk:
            break
        seen += chunk
    app.kill()  # stop the clock at the first screen: no exit work counted
    app.wait()
    middle = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "import bb_tui.tui.app"], env=env, cwd=ROOT, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)

    def cpu(a, b) -> float:
        return b.ru_utime - a.ru_utime + b.ru_stime - a.ru_stime

    return cpu(before, middle), cpu(middle, after)


def main_together(count: int, runs: int) -> int:
    from playwright.sync_api import sync_playwright

    alone: list[float] = []
    at_once: list[float] = []
    sockets: list[float] = []
    browser_cpu: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        seats = Seats(Path(tmp))
        names = sorted(
            p.name for p in seats.sessions.glob("*.toml") if p.name != "partnership.toml"
        )
        if len(names) < count:
            print(f"bench_browser_seat: only {len(names)} sessions in the demo", file=sys.stderr)
            return 2
        links = [seats.link(name) for name in names[:count]]
        seats.start()
        try:
            with sync_playwright() as playwright:
                context = launch(playwright, *VIEWPORT)
                browser_side(seats, context, links[0], 0, [], [])  # warm-up: Chromium's first page
                for _ in range(runs):
                    alone += together(seats, context, links[:1])
                    before = cpu_seconds(chromium_pids())
                    at_once += together(seats, context, links)
                    browser_cpu.append(cpu_seconds(chromium_pids()) - before)
                    sockets += together_sockets(seats, links)
                context.close()
            cpu_app, cpu_import = cpu_of_one(seats)
        finally:
            seats.stop()
    med = statistics.median
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}; {runs} runs; browser window {VIEWPORT[0]}x{VIEWPORT[1]} px"
    )
    print(
        f"one link alone (browser)       first screen median {med(alone) * 1000:6.0f} ms   max {max(alone) * 1000:6.0f} ms"
    )
    print(
        f"{count} links together (browser)  first screen median {med(at_once) * 1000:6.0f} ms   "
        f"max {max(at_once) * 1000:6.0f} ms   (ratio of medians {med(at_once) / med(alone):.2f})"
    )
    print("  every page, s: " + " ".join(f"{s:.1f}" for s in sorted(at_once)))
    print(
        f"{count} links together (sockets)  first screen median {med(sockets) * 1000:6.0f} ms   "
        f"max {max(sockets) * 1000:6.0f} ms   (no browser: the server and the apps only)"
    )
    print(f"Chromium's CPU for {count} pages opened together: median {med(browser_cpu):.1f} s")
    print(
        f"one app's CPU to its first screen (a new process) {cpu_app:.2f} s, of which importing {cpu_import:.2f} s"
    )
    return 0


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
    parser.add_argument("--together", type=int, metavar="N", help="N links opened at once")
    args = parser.parse_args()
    why = missing()
    if why:
        print(f"bench_browser_seat: {why}", file=sys.stderr)
        return 2
    if args.together:
        return main_together(args.together, args.runs)
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
