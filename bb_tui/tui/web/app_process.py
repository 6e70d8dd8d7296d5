"""One seat's app process: started, fed the page's keys, its output passed on, ended for sure.

The app runs `python -m bb_tui ...` with stdin and stdout on pipes (protocol.py) in a session of
its own, so a ctrl+c meant for `serve` reaches only `serve`, which ends every seat itself.

Ending (`end`), whatever the app is doing: its output is read and thrown away from then on, so
an app blocked writing to a seat that has gone is freed; its stdin is closed, and SeatWebDriver
then saves and leaves at once, as on a hang-up (one way out: no "quit" packet to race it); a
plain app (`--plain`, not framed) reads the end of its input and leaves, saved, the same way. If
it is still there after `grace` seconds it gets SIGTERM (Textual's web driver exits the app,
which saves), and a second later SIGKILL, which ends it and so frees its lock whatever it was
doing; the autosave has written all but the last second by then.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from bb_tui.tui.web import protocol
from bb_tui.tui.web.zygote import Forked, Zygote

log = logging.getLogger("bb-tui.serve")
WRITE_LIMIT = 5.0  # seconds the app may take to accept the page's keys before the seat ends


class AppProcess:
    """The app behind one seat."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        send: Callable[[bytes], Awaitable[None]],
        on_exit: Callable[[bool], Coroutine[Any, Any, None]],
        framed: bool = True,
    ) -> None:
        self.argv, self.env = argv, env
        self.framed = framed  # Textual's packets (protocol.py); False: plain mode's own lines
        self._send = send  # passes a piece of the app's output to the page
        self._on_exit = on_exit  # called once the app's output ends: True if it said "exit"
        self.process: asyncio.subprocess.Process | Forked | None = None
        self._pump: asyncio.Task[None] | None = None
        self._ending: asyncio.Task[None] | None = None
        self.said_exit = False
        self._page = True  # False once the page has gone: output is read and dropped
        self._exited: asyncio.Task[None] | None = None

    async def start(self, width: int, height: int, zygote: Zygote | None = None) -> None:
        """Fork the app from the warm zygote (zygote.py), else start it as a new process."""
        env = dict(self.env, COLUMNS=str(width), ROWS=str(height))
        if zygote is not None and self.argv[1:3] == ["-m", "bb_tui"]:
            self.process = await zygote.start(self.argv[3:], env)
        if self.process is None:
            self.process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
        self._pump = asyncio.create_task(self._pass_output())

    async def _pass_output(self) -> None:
        """Pass the app's output to the page until it ends; once the page is gone, discard it."""
        assert self.process is not None and self.process.stdout is not None
        try:
            await (self._pass_packets if self.framed else self._pass_lines)(self.process.stdout)
        except (asyncio.IncompleteReadError, ValueError, OSError):
            pass  # the app's output ended
        if self._ending is None:  # ended by itself: a task of its own, as end() waits for this one
            self._exited = asyncio.create_task(self._on_exit(self.said_exit))

    async def _pass_packets(self, stdout: asyncio.StreamReader) -> None:
        """Textual's web driver: a ready line, then packets (protocol.py)."""
        for _ in range(protocol.READY_LINES):
            line = await stdout.readline()
            if not line or line == protocol.READY_LINE:
                break
        while True:
            kind, payload = await protocol.read_packet(stdout)
            if kind == b"D":
                await self._to_page(payload)
            elif kind == b"M" and _meta_type(payload) == "exit":
                self.said_exit = True

    async def _pass_lines(self, stdout: asyncio.StreamReader) -> None:
        """Plain mode: its lines as they come; the end of its output is its own way out."""
        while chunk := await stdout.read(1 << 16):
            await self._to_page(chunk)
        self.said_exit = True

    async def _to_page(self, data: bytes) -> None:
        if self._page:
            try:
                await self._send(data)
            except (ConnectionError, RuntimeError, OSError):
                self._page = False  # the server's loop notices and ends the seat

    async def write(self, data: bytes) -> bool:
        """Pass bytes to the app's stdin; False if it is gone or has not taken them in time."""
        if self.process is None or self.process.stdin is None or self._ending is not None:
            return False
        stdin = self.process.stdin
        try:
            stdin.write(data)
            await asyncio.wait_for(stdin.drain(), WRITE_LIMIT)
        except (ConnectionError, OSError, RuntimeError, TimeoutError):
            return False
        return True

    def end(self, grace: float = 3.0) -> asyncio.Task[None]:
        """End the app (see the module's docstring); the task finishes once it has."""
        if self._ending is None:
            self._ending = asyncio.create_task(self._end(grace))
        return self._ending

    async def _end(self, grace: float) -> None:
        process = self.process
        if process is None:
            return
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
        drain = asyncio.create_task(_discard(process.stdout))
        if process.stdin is not None:
            process.stdin.close()  # end of input: SeatWebDriver saves and leaves at once
        for signum, wait in ((None, grace), (signal.SIGTERM, 1.0), (signal.SIGKILL, 5.0)):
            if signum is not None and process.returncode is None:
                log.warning(
                    "browser seat: the app (pid %s) is slow to end; %s", process.pid, signum.name
                )
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signum)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), wait)
            if process.returncode is not None:
                break
        drain.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await drain


async def _discard(stream: asyncio.StreamReader | None) -> None:
    while stream is not None and await stream.read(1 << 16):
        pass


def _meta_type(payload: bytes) -> object:
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    return data.get("type") if isinstance(data, dict) else None


def app_env(plain: bool = False) -> dict[str, str]:
    """The environment every app gets: serve's own, with the seat's driver and a true-colour page
    (a plain seat: serve's own, without a Textual driver; `--plain` chooses the mode)."""
    from bb_tui.tui.web.driver import NAME

    if plain:
        return {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL_")}
    return dict(
        os.environ,
        TEXTUAL_DRIVER=NAME,
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",
        TEXTUAL_FPS="60",
    )
