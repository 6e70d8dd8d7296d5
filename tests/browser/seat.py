"""A `bb-tui serve` on a free loopback port, links made by the CLI, and the system Chromium.

Shared by tests/browser and benchmarks/bench_browser_seat.py. No browser is ever downloaded:
Playwright drives Debian's /usr/bin/chromium with a new empty profile.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does this in CI)"
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "textual-serve is not installed (pip install -e '.[web]')"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Seats:
    """A sessions folder (a copy of the demo), a private HOME, and `bb-tui serve` on it."""

    def __init__(self, work: Path) -> None:
        self.sessions = work / "sessions"
        shutil.copytree(ROOT / "sessions" / "demo", self.sessions)
        self.home = work / "home"
        self.home.mkdir(mode=0o700)
        self.port = free_port()
        self.env = dict(
            os.environ,
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            PYTHONPATH=str(ROOT),
        )
        self.env.pop("BB_TUI_SESSIONS", None)
        self.server: subprocess.Popen | None = None
        self.facilitator = ""

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "bb_tui",
                "serve",
                "--sessions",
                str(self.sessions),
                "--port",
                str(self.port),
                *args,
            ],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def link(self, name: str) -> str:
        done = self.cli("--link", str(self.sessions / name))
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().rsplit(": ", 1)[1]

    def start(self) -> None:
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bb_tui",
                "serve",
                "--sessions",
                str(self.sessions),
                "--port",
                str(self.port),
            ],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        line = self.server.stdout.readline()
        assert line.startswith("Facilitator"), line
        self.facilitator = line.strip().rsplit(": ", 1)[1]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"bb-tui serve did not listen on {self.port}")

    def url(self, link: str) -> str:
        return link.replace("localhost", "127.0.0.1")

    def apps(self) -> list[int]:
        """Process ids of the app processes the server started (its children)."""
        assert self.server is not None
        return children(self.server.pid)

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGINT)
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def launch(playwright, width: int = 1100, height: int = 700):
    """The system Chromium, headless, with a new empty profile (a context to close after)."""
    profile = tempfile.mkdtemp(prefix="bb-chromium-")
    return playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": width, "height": height},
    )


class Screen:
    """The bytes the app sends a page over its websocket: the terminal's output, as in a pty."""

    def __init__(self, page) -> None:
        self.data = bytearray()
        self.frames: list[tuple[float, int]] = []  # (arrival, bytes so far)
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            self.data += payload
            self.frames.append((time.perf_counter(), len(self.data)))

    def until(self, page, *markers: bytes, timeout: float = 30.0, since: int = 0) -> float:
        """Arrival (perf_counter) of the frame that completed every marker after byte `since`."""
        deadline = time.perf_counter() + timeout
        while not all(m in self.data[since:] for m in markers):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{markers} not seen: {bytes(self.data[-300:])!r}")
            page.wait_for_timeout(20)
        for arrived, size in self.frames:
            if all(m in self.data[since:size] for m in markers):
                return arrived
        return time.perf_counter()

    def first_after(self, page, since: int, timeout: float = 10.0) -> float:
        """Arrival of the first frame after byte `since`."""
        deadline = time.perf_counter() + timeout
        while len(self.data) <= since:
            if time.perf_counter() > deadline:
                raise TimeoutError("no screen update")
            page.wait_for_timeout(5)
        return next(arrived for arrived, size in self.frames if size > since)

    def quiet(self, page, seconds: float = 0.4) -> None:
        last = len(self.data)
        while True:
            page.wait_for_timeout(seconds * 1000)
            if len(self.data) == last:
                return
            last = len(self.data)
