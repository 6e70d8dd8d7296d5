"""A warm start for browser seats: one process that has imported the app forks each seat's app.

Starting `python -m bb_tui` costs about 0.75 s of CPU to the first screen on the reference VM,
0.45 s of it importing Python, Textual and the app; ten people opening their links together
on 2 cores waited 12-17 s (docs/performance.md, Browser seat). `serve` starts this process
once (`python -m bb_tui.tui.web.zygote FD`); it imports everything a seat needs, then for each
seat receives the app's arguments and its stdin and stdout pipes over a socket pair only
`serve` holds (SCM_RIGHTS), forks, and sends back a pidfd of the child. The child starts a
session of its own, takes the pipes as fds 0 and 1, and runs the package's `__main__` with
runpy, exactly as `python -m bb_tui argv` would (the layers' rule holds: nothing here imports
the cli).

Nobody else can reach it: the socket pair is inherited, never a name in the file system. It
ends when `serve` does (the socket closes). If it cannot start, or its fork fails, `serve`
runs the app as a new process instead (app_process.py): slower, the same app.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import threading

MAX_REQUEST = 64 * 1024
ASK_SECONDS = 10.0


def warm() -> None:
    """Import every module a seat's app may use: the app's screens, widgets and words."""
    import importlib
    import pkgutil

    import bb_tui.tui.web.driver  # noqa: F401

    for package in ("bb_tui.core", "bb_tui.render", "bb_tui.tui"):
        root = importlib.import_module(package)
        for found in pkgutil.walk_packages(root.__path__, f"{package}."):
            if not found.name.startswith("bb_tui.tui.web."):  # the server's, not the app's
                importlib.import_module(found.name)


def serve(control: socket.socket) -> None:
    """Fork an app for each request until `serve` closes the socket."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is for `serve`, which ends the seats
    signal.signal(signal.SIGCHLD, lambda *_: _reap())
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, MAX_REQUEST, 2)
        except InterruptedError:
            continue
        if not data:
            return
        try:
            request = json.loads(data)
            pidfd = _fork(request["argv"], request["env"], fds)
        except Exception as exc:  # noqa: BLE001 - one bad start must not end the zygote
            control.sendall(json.dumps({"error": str(exc)}).encode())
            continue
        finally:
            for fd in fds:
                os.close(fd)  # the child has them; `serve` keeps the other ends
        socket.send_fds(control, [b'{"ok": true}'], [pidfd])
        os.close(pidfd)


def _fork(argv: list[str], env: dict[str, str], fds: list[int]) -> int:
    if len(fds) != 2 or not all(isinstance(a, str) for a in argv):
        raise ValueError("a start needs argv and two pipes")
    pid = os.fork()
    if pid == 0:  # the app
        code = 70
        try:
            os.setsid()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.dup2(fds[0], 0)
            os.dup2(fds[1], 1)
            os.closerange(3, os.sysconf("SC_OPEN_MAX"))
            os.environ.clear()
            os.environ.update(env)
            sys.argv = [sys.argv[0], *argv]
            import runpy

            runpy.run_module("bb_tui", run_name="__main__", alter_sys=True)  # python -m bb_tui
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - report as an app would, then leave
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except BaseException:  # noqa: BLE001
                    pass
            os._exit(code)
    return os.pidfd_open(pid)


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def main() -> int:
    control = socket.socket(fileno=int(sys.argv[1]))
    warm()
    if threading.active_count() != 1:  # forking a process with threads is not safe
        control.sendall(b'{"error": "threads started while importing"}')
        return 1
    control.sendall(b'{"ready": true}')
    serve(control)
    return 0


# ---------------------------------------------------------------- serve's side


class Forked:
    """An app forked by the zygote, with what AppProcess uses of asyncio's Process."""

    def __init__(self, pidfd: int, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader):
        self.pidfd, self.stdin, self.stdout = pidfd, stdin, stdout
        self.returncode: int | None = None  # 0 once it has ended (the zygote reaps it)
        self.pid = pidfd  # for log lines only
        self._ended = asyncio.Event()
        asyncio.get_running_loop().add_reader(pidfd, self._on_end)

    def _on_end(self) -> None:
        asyncio.get_running_loop().remove_reader(self.pidfd)
        os.close(self.pidfd)
        self.returncode = 0
        self._ended.set()

    async def wait(self) -> int:
        await self._ended.wait()
        return 0

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:  # a pidfd names this process only, never a reused number
            signal.pidfd_send_signal(self.pidfd, signum)


class Zygote:
    """`serve`'s handle on the zygote process."""

    def __init__(self, env: dict[str, str]) -> None:
        import subprocess

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.control = ours
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bb_tui.tui.web.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        self._lock = asyncio.Lock()
        self.ready = False

    async def wait_ready(self, timeout: float = 60.0) -> bool:
        def read() -> bytes:
            self.control.settimeout(timeout)
            return self.control.recv(MAX_REQUEST)

        with contextlib.suppress(OSError):
            self.ready = json.loads(await asyncio.to_thread(read) or b"{}").get("ready", False)
            self.control.settimeout(None)
        return self.ready

    async def start(self, argv: list[str], env: dict[str, str]) -> Forked | None:
        """Fork `python -m bb_tui ARGV` with this environment; None if the zygote cannot."""
        if not self.ready:
            return None
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        try:
            async with self._lock:
                pidfd = await asyncio.to_thread(self._ask, argv, env, [stdin_r, stdout_w])
        finally:
            os.close(stdin_r)
            os.close(stdout_w)
        if pidfd is None:
            os.close(stdin_w)
            os.close(stdout_r)
            return None
        loop = asyncio.get_running_loop()
        stdout = asyncio.StreamReader()
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stdout), os.fdopen(stdout_r, "rb", 0)
        )
        transport, protocol = await loop.connect_write_pipe(
            lambda: asyncio.StreamReaderProtocol(asyncio.StreamReader()),
            os.fdopen(stdin_w, "wb", 0),
        )
        return Forked(pidfd, asyncio.StreamWriter(transport, protocol, None, loop), stdout)

    def _ask(self, argv: list[str], env: dict[str, str], fds: list[int]) -> int | None:
        try:
            self.control.settimeout(ASK_SECONDS)  # a zygote that hangs: new processes instead
            socket.send_fds(self.control, [json.dumps({"argv": argv, "env": env}).encode()], fds)
            data, got, _, _ = socket.recv_fds(self.control, MAX_REQUEST, 1)
        except OSError:
            self.ready = False
            return None
        if not data:
            self.ready = False  # the zygote has gone: new processes from now on
        return got[0] if got else None

    def close(self) -> None:
        self.control.close()  # the zygote reads the end and leaves
        with contextlib.suppress(Exception):
            self.process.wait(2)


if __name__ == "__main__":
    raise SystemExit(main())
