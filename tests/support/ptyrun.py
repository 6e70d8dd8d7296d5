"""Run bb-tui in a real pseudo-terminal, as over SSH: type into it, read it, hang it up."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

# An escape sequence: CSI (its parameters and final byte), OSC (to BEL or ST), or a short one.
_ESCAPE = re.compile(r"\x1b\[([0-9;?<>=]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


def screen_text(output: bytes, size: tuple[int, int] = (80, 24)) -> str:
    """Roughly what the terminal shows after `output`, as text for a failing test to print:
    cursor moves, clears, CR and LF are followed, every other escape sequence is dropped."""
    width, height = size
    rows = [[" "] * width for _ in range(height)]
    row = col = 0
    text = output.decode("utf-8", "replace")
    at = 0
    for match in [*_ESCAPE.finditer(text), None]:
        for char in text[at : match.start() if match else len(text)]:
            if char == "\r":
                col = 0
            elif char == "\n":
                row = min(row + 1, height - 1)
            elif char >= " " and col < width:
                rows[row][col] = char
                col += 1
        if match is None:
            break
        at = match.end()
        params, final = match.group(1), match.group(2)
        if final in ("H", "f"):
            numbers = [int(n) if n.isdigit() else 1 for n in (params or "1;1").split(";")]
            row = min(max(numbers[0], 1), height) - 1
            col = min(max(numbers[1] if len(numbers) > 1 else 1, 1), width) - 1
        elif (final == "J" and params == "2") or params == "?1049":
            rows = [[" "] * width for _ in range(height)]
    return "\n".join("".join(line).rstrip() for line in rows)


class PtyApp:
    """A child process whose stdin/stdout/stderr are the slave side of a new 80x24 pty."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (80, 24),
        ignore_hangup: bool = False,
        stdin_devnull: bool = False,
    ) -> None:
        env = dict(os.environ if env is None else env)
        env.setdefault("TERM", "xterm-256color")
        env.pop("NO_COLOR", None)
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal, then become bb-tui
            try:
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
                if ignore_hangup:
                    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as `nohup` does
                if stdin_devnull:
                    null = os.open(os.devnull, os.O_RDONLY)
                    os.dup2(null, 0)
                os.execve(sys.executable, [sys.executable, *argv], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.first_mode = termios.tcgetattr(fd)  # line mode, before the child can change it
        self.output = bytearray()
        self.status: int | None = None
        self.started = time.monotonic()

    # ------------------------------------------------------------ reading and writing

    def read_for(self, seconds: float) -> bytes:
        """Collect output for `seconds`; returns what arrived."""
        got = bytearray()
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            chunk = self.read(left)
            if chunk is None:
                break
            got += chunk
        return bytes(got)

    def wait_for(self, marker: bytes, timeout: float = 10.0) -> float:
        """Read until `marker` has appeared in the output; returns the time it took."""
        start = time.monotonic()
        search_from = 0
        while marker not in self.output[search_from:]:
            left = start + timeout - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"{marker!r} not seen; last output: {bytes(self.output[-600:])!r}"
                )
            if self.read(left) is None:
                raise EOFError(
                    f"process ended before {marker!r}; output: {bytes(self.output[-600:])!r}"
                )
        return time.monotonic() - start

    def mark(self) -> int:
        """An offset: wait_for_after(marker, offset) only looks at output after it."""
        return len(self.output)

    def wait_for_after(self, offset: int, marker: bytes, timeout: float = 10.0) -> None:
        start = time.monotonic()
        while marker not in self.output[offset:]:
            left = start + timeout - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"{marker!r} not seen; last output: {bytes(self.output[-600:])!r}"
                )
            if self.read(left) is None:
                raise EOFError(f"process ended before {marker!r}")

    def press(self, keys: bytes, shows: bytes, timeout: float = 30.0) -> None:
        """Send `keys`, then read until `shows` appears in what comes after them: the next key
        is only sent once this one has been answered, so two keys never arrive as one read (a
        lone ESC followed at once by another byte is read as alt+that byte)."""
        offset = self.mark()
        self.send(keys)
        self.wait_for_after(offset, shows, timeout)

    def read(self, timeout: float) -> bytes | None:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return None
        if not chunk:
            return None
        self.output += chunk
        return chunk

    def send(self, data: bytes, timeout: float = 60.0) -> None:
        """Write `data`, reading the output meanwhile: a long paste fills the pty's input while
        the child's echo and answers fill its output, and a blocking write then never returns."""
        deadline = time.monotonic() + timeout
        os.set_blocking(self.fd, False)
        try:
            while data:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{len(data)} bytes not taken by the child")
                readable, writable, _ = select.select([self.fd], [self.fd], [], 0.5)
                if readable and self.read(0) is None:
                    raise EOFError("process ended while being written to")
                if writable:
                    try:
                        data = data[os.write(self.fd, data[:4096]) :]
                    except BlockingIOError:
                        pass
        finally:
            os.set_blocking(self.fd, True)

    def in_line_mode(self) -> bool:
        """The terminal is in the mode it started in: line mode (echo; Enter, ctrl+s the terminal's)."""
        return bool(termios.tcgetattr(self.fd) == self.first_mode)

    # ------------------------------------------------------------ ending

    def hang_up(self) -> None:
        """Close our side of the pty: what the kernel sees when an SSH connection drops."""
        os.close(self.fd)
        self.fd = -1

    def wait_exit(self, timeout: float) -> int | None:
        """The exit status once the process is gone, or None if it is still running."""
        deadline = time.monotonic() + timeout
        while True:
            if self.fd >= 0:
                self.read(0)  # keep draining so the child never blocks on a full pty
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                while self.fd >= 0 and self.read(0):  # what it wrote just before it ended
                    pass
                return status
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
