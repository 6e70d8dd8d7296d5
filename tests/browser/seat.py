"""A `bb-tui serve` on a free loopback port, links made by the CLI, and the system Chromium.

Shared by tests/browser and benchmarks/bench_browser_seat.py. No browser is ever downloaded:
Playwright drives Debian's Chromium with a new empty profile: its headless shell
(chromium-headless-shell, what Playwright itself runs for headless tests: the same Blink, without
the full browser around it; 30-40% less CPU over tests/browser) where installed, else chromium.
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
SHELL, FULL = "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"
CHROMIUM = SHELL if os.access(SHELL, os.X_OK) else FULL
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
        return (
            f"{SHELL} and {FULL} are missing (apt-get install chromium-headless-shell; "
            ".ci/run does this in CI)"
        )
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "textual-serve is not installed (pip install -e '.[web]')"
    return None


AXE_VERSION = "4.14.1"  # axe-core, from npm (never kept in this repository)
# The real home's cache, read at import: each test then gets a private HOME (tests/conftest.py).
AXE_CACHE = Path.home() / ".cache" / "bb-tui-tests" / f"axe-core-{AXE_VERSION}"


def axe_script() -> tuple[str | None, str]:
    """axe-core's axe.min.js (its text) and where it is; (None, why) when it cannot be had.

    It is looked for in $BB_TUI_AXE_DIR, else ~/.cache/bb-tui-tests/axe-core-VERSION, and
    installed there with npm when missing (CI has npm and the network)."""
    folder = Path(os.environ.get("BB_TUI_AXE_DIR") or AXE_CACHE)
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            return None, "npm is missing: axe-core cannot be installed (apt-get install npm)"
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund"]
            + [f"axe-core@{AXE_VERSION}"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if not script.is_file():
            return None, f"npm install axe-core@{AXE_VERSION} failed: {done.stderr[-300:]}"
    return script.read_text(encoding="utf-8"), str(script)


# The plain links the browser tests' shared server has (conftest), as keys of Seats.links.
PLAIN_JOANNE, PLAIN_FACILITATOR = "plain joanne-hallett.toml", "plain facilitator"


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
        self.links: dict[str, str] = {}  # linked(): one link per file, made once

    def cli(self, *args: str, port: bool = True) -> subprocess.CompletedProcess:
        """`bb-tui serve ARGS` to its end (with `--port` this server's unless port=False)."""
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "bb_tui",
                "serve",
                "--sessions",
                str(self.sessions),
                *(["--port", str(self.port)] if port else []),
                *args,
            ],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def link(self, name: str) -> str:
        """A new link for the file (it ends the file's old one)."""
        done = self.cli("--link", str(self.sessions / name))
        assert done.returncode == 0, done.stderr
        self.links[name] = done.stdout.strip().rsplit(": ", 1)[1]
        return self.links[name]

    def plain_link(self, *args: str) -> str:
        """`--plain` with `--link FILE` or `--facilitator-link`: the link it prints."""
        done = self.cli("--plain", *args)
        assert done.returncode == 0, done.stderr
        line = done.stdout.strip()
        assert ", plain): " in line
        return line.rsplit(": ", 1)[1]

    def linked(self, name: str) -> str:
        """The file's link: the one made before, else a new one (tests sharing a server)."""
        return self.links.get(name) or self.link(name)

    def restore(self) -> None:
        """Every session file as in the demo again (between tests sharing a server, no app
        running): what one test scored never meets the next."""
        for source in (ROOT / "sessions" / "demo").glob("*.toml"):
            shutil.copyfile(source, self.sessions / source.name)

    def start(self, *args: str) -> None:
        """`bb-tui serve` with these extra arguments; its output goes to `self.log`."""
        self.log = self.sessions.parent / f"serve-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as out:
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
                    *args,
                ],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            lines = self.output().splitlines()
            if lines and lines[0].startswith("Facilitator") and "listening" in self.output():
                self.facilitator = lines[0].strip().rsplit(": ", 1)[1]
                return
            if self.server.poll() is not None:
                break
            time.sleep(0.05)
        raise TimeoutError(f"bb-tui serve did not start: {self.output()}")

    def output(self) -> str:
        """Everything `bb-tui serve` has printed so far."""
        return self.log.read_text(errors="replace")

    def url(self, link: str) -> str:
        return link.replace("localhost", "127.0.0.1")

    def apps(self) -> list[int]:
        """Process ids of the apps the server started (`python -m bb_tui ...`, its descendants)."""
        assert self.server is not None
        return [pid for pid in descendants(self.server.pid) if is_app(pid)]

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGINT)
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        kids = children(todo.pop())
        found += kids
        todo += kids
    return found


def cmdline(pid: int) -> list[bytes]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().split(b"\0")
    except OSError:
        return []


def is_app(pid: int) -> bool:
    """A bb-tui app: `python -m bb_tui --sessions DIR ...`, or forked by the zygote (a child of
    `python -m bb_tui.tui.web.zygote` with its command line)."""
    argv = cmdline(pid)
    if b"--sessions" in argv and b"serve" not in argv:
        return True
    if b"bb_tui.tui.web.zygote" not in argv:
        return False
    try:
        with open(f"/proc/{pid}/stat") as handle:
            parent = int(handle.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return False
    return b"bb_tui.tui.web.zygote" in cmdline(parent)


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


def start_chromium(playwright):
    """The system Chromium, headless, for new contexts (each with its own empty profile, cache and
    cookies, as a new incognito window has): tests/browser starts one per test file."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def launch(playwright, width: int = 1100, height: int = 700, phone: bool = False):
    """The system Chromium, headless, with a new empty profile (a context to close after).

    `phone`: as a phone's browser is (it reads the page's viewport tag, touch)."""
    profile = tempfile.mkdtemp(prefix="bb-chromium-")
    return playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
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

    def until(
        self, page, *markers: bytes, timeout: float = 30.0, since: int = 0, any_of=()
    ) -> float:
        """Arrival (perf_counter) of the frame that completed every marker after byte `since`
        (and one of `any_of`, when given)."""
        deadline = time.perf_counter() + timeout

        def seen(data) -> bool:
            found = all(m in data for m in markers)
            return found and (not any_of or any(m in data for m in any_of))

        while not seen(self.data[since:]):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{markers or any_of} not seen: {bytes(self.data[-300:])!r}")
            page.wait_for_timeout(20)
        for arrived, size in self.frames:
            if seen(self.data[since:size]):
                return arrived
        return time.perf_counter()

    def press(self, page, key: str, *markers: bytes, timeout: float = 30.0) -> None:
        """Press `key` and wait until the app has drawn every marker after it."""
        mark = len(self.data)
        page.keyboard.press(key)
        self.until(page, *markers, since=mark, timeout=timeout)

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


class RawSocket:
    """A minimal websocket client on a plain TCP socket (no browser): it sends what a page would,
    or what a hostile client might, and reads the app's frames only when asked to."""

    def __init__(self, port: int, path: str, host: str | None = None, rcvbuf: int = 0) -> None:
        import base64

        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(30)
        self.sock.connect(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n"
                "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                f"Sec-WebSocket-Key: {key}\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                break
            head += chunk
        self.status = int(head.split(b" ", 2)[1]) if head else 0
        self.data = bytearray()  # the app's output (binary frames), in order
        self.texts: list[str] = []
        self.closed: tuple[int, str] | None = None  # the server's close frame: (code, reason)

    def send(self, message: object) -> None:
        import json

        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        size = len(payload)
        if size < 126:
            head = bytes([0x81, 0x80 | size])
        elif size < 65536:
            head = bytes([0x81, 0xFE]) + size.to_bytes(2, "big")
        else:
            head = bytes([0x81, 0xFF]) + size.to_bytes(8, "big")
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def _exactly(self, size: int) -> bytes:
        out = b""
        while len(out) < size:
            chunk = self.sock.recv(size - len(out))
            if not chunk:
                raise ConnectionError("closed")
            out += chunk
        return out

    def read_frame(self) -> None:
        first, second = self._exactly(2)
        size = second & 0x7F
        if size == 126:
            size = int.from_bytes(self._exactly(2), "big")
        elif size == 127:
            size = int.from_bytes(self._exactly(8), "big")
        payload = self._exactly(size)
        opcode = first & 0x0F
        if opcode == 2:
            self.data += payload
        elif opcode == 1:
            self.texts.append(payload.decode())
        elif opcode == 9:  # ping: pong, as a browser does
            mask = os.urandom(4)
            body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + body)
        elif opcode == 8:
            code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            self.closed = (code, payload[2:].decode("utf-8", "replace"))
            raise ConnectionError("closed by the server")

    def until(self, *markers: bytes, timeout: float = 30.0, since: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while not all(m in self.data[since:] for m in markers):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{markers} not seen: {bytes(self.data[-300:])!r}")
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            self.read_frame()

    def until_closed(self, timeout: float = 10.0) -> tuple[int, str] | None:
        """Read until the server closes; its close frame, or None if the connection just ended."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.sock.settimeout(max(0.1, deadline - time.monotonic()))
                self.read_frame()
        except (ConnectionError, OSError):
            return self.closed
        raise TimeoutError("the server kept the socket open")

    def abort(self) -> None:
        """Drop the connection at once (RST), as a crashed browser or a lost network does."""
        import struct

        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self) -> None:
        self.sock.close()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def lock_is_free(path: Path) -> bool:
    """Nobody holds the session's in-use lock (a flock: the file itself may stay)."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def wait_for(condition, timeout: float = 20.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(step)


class FolderOpens:
    """The names of files opened in one folder, by any process, from now on (Linux inotify)."""

    IN_OPEN = 0x20

    def __init__(self, folder: Path) -> None:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0 or libc.inotify_add_watch(self.fd, str(folder).encode(), self.IN_OPEN) < 0:
            raise OSError(ctypes.get_errno(), "inotify")
        self.seen: list[str] = []

    def names(self) -> list[str]:
        import struct

        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return self.seen
            at = 0
            while at < len(data):
                _, _, _, size = struct.unpack_from("iIII", data, at)
                name = data[at + 16 : at + 16 + size].rstrip(b"\0").decode(errors="replace")
                if name:
                    self.seen.append(name)
                at += 16 + size

    def close(self) -> None:
        os.close(self.fd)
