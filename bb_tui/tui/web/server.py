"""The browser seat: textual-serve's server, opening an app only for a valid link.

Built against textual-serve 1.1.3 (pinned exactly in pyproject.toml): `SeatServer` replaces its
routes, its page (the stock one loads a web font from a public site; ours loads nothing from
outside, see page/) and its websocket handler, a copy of `Server.handle_websocket` that runs the
command of the seat whose token is in the URL. It calls the private `Server._process_messages`;
tests/unit/test_web_upstream.py fails when those change upstream.

Routes: /seat/TOKEN (the page) and /seat/TOKEN/ws (the app); anything else with a token that is
not a stored seat's answers 403 before any process starts. /static (textual.js, xterm.css, the
font) and /page (our CSS and JS) hold the same public files for everyone.
When the websocket closes (tab closed, network gone) textual-serve sends the app a "quit" packet:
the app exits as on ctrl+q and `run_app` saves the session on the way out.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from bb_tui.tui.web.driver import NAME as DRIVER
from bb_tui.tui.web.seats import FACILITATOR, Seat, SeatBook, SeatError

PAGE = Path(__file__).resolve().parent / "page"
FORBIDDEN = "This link is not valid here. Ask the facilitator for a new one.\n"
# Where the browser may load anything from: this server only (xterm injects <style> elements).
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

log = logging.getLogger("bb-tui.serve")


def app_command(seat: Seat, sessions_dir: Path, framework: Path | None, ascii: bool) -> str:
    """The shell command textual-serve runs for this seat: `python -m bb_tui ...`, quoted.

    textual-serve sets TEXTUAL_DRIVER to Textual's WebDriver; `env` puts ours in its place."""
    argv = [
        "env",
        f"TEXTUAL_DRIVER={DRIVER}",
        sys.executable,
        "-m",
        "bb_tui",
        "--sessions",
        str(Path(sessions_dir).absolute()),
    ]
    if framework is not None:
        argv += ["--framework", str(Path(framework).absolute())]
    if ascii:
        argv.append("--ascii")
    if seat.role != FACILITATOR:
        argv += ["score", seat.path]
    return "exec " + shlex.join(argv)


class SeatServer(Server):
    """textual-serve's Server, with one app command per seat and a 403 for anything else."""

    def __init__(
        self,
        book: SeatBook,
        sessions_dir: Path,
        command_for: Callable[[Seat], str],
        host: str = "127.0.0.1",
        port: int = 8000,
    ) -> None:
        super().__init__("bb-tui", host=host, port=port, title="bb-tui")
        self.book = book
        self.sessions_dir = Path(sessions_dir)
        self.command_for = command_for
        self.started = 0  # app processes started, for the log and the tests

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[_secure_headers])
        app.add_routes(
            [
                web.get("/seat/{token}", self.handle_seat),
                web.get("/seat/{token}/ws", self.handle_seat_websocket),
                web.static("/static", self.statics_path, show_index=False),
                web.static("/page", PAGE, show_index=False),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    async def on_startup(self, app: web.Application) -> None:
        log.info(
            "bb-tui browser seat listening on http://%s:%s (ctrl+c stops it)", self.host, self.port
        )

    def seat_for(self, request: web.Request) -> Seat:
        """The seat of the token in the URL, read afresh (links made while serving work), or 403."""
        try:
            seat = SeatBook(self.book.path).find(request.match_info["token"], self.sessions_dir)
        except SeatError as exc:
            log.warning("bb-tui: %s", exc.line())
            seat = None
        if seat is None:
            raise web.HTTPForbidden(text=FORBIDDEN)
        return seat

    async def handle_seat(self, request: web.Request) -> web.StreamResponse:
        self.seat_for(request)
        return web.FileResponse(PAGE / "seat.html", headers={"Content-Type": "text/html"})

    async def handle_seat_websocket(self, request: web.Request) -> web.StreamResponse:
        seat = self.seat_for(request)
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="Cross-site request refused.\n")
        return await self._run_app(request, self.command_for(seat))

    async def _run_app(self, request: web.Request, command: str) -> web.WebSocketResponse:
        """textual-serve 1.1.3's Server.handle_websocket, with this seat's command."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.started += 1
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one connection's failure must not stop the server
            log.warning("browser seat: %s", error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket

    def serve(self, debug: bool = False) -> None:
        """Run until ctrl+c or SIGTERM; no access log (the links' tokens are in the paths)."""
        self.debug = debug
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            access_log=None,
            print=None,
            handle_signals=True,
        )


def _size(value: str | None, default: int) -> int:
    try:
        return max(10, min(int(value or default), 1000))
    except ValueError:
        return default


@web.middleware
async def _secure_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(HEADERS)
        raise
    if not isinstance(response, web.WebSocketResponse):
        response.headers.update(HEADERS)
    return response
