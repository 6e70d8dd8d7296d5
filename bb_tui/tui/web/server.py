"""The browser seat's server: an app opens only for a valid link, within limits a person expects.

aiohttp serves the page and one websocket per seat; each seat's app is `python -m bb_tui ...`
on pipes (app_process.py, protocol.py). From textual-serve 1.1.3 only its browser files are
used (textual.js, xterm.css, the font: its `static` folder, found beside the package); its
server and app service are not, so no private API of it is called.

Routes: /seat/TOKEN (the page: page/seat.html, or page/plain.html for a plain link, whose app
is `bb-tui --plain` and whose lines pass as they are) and /seat/TOKEN/ws (the app). A request
is refused, before any process starts, when its Host is not this server (403: a DNS-rebinding
page cannot reach it), its token is not a stored seat's (403), the seats are full (503 with a
page saying so), or a plain GET reaches the socket path (400). /static and /page hold the
same public files for all.

Limits: one live app per link (a second tab takes the seat over; the first is told why and its
app ends, saving, before the new one starts); at most `max_seats` apps; sizes clamped; a link
that ends (a new link for the file, `--forget-link`, `--forget-links`) closes its open seat
within a second or two; SIGTERM or SIGINT ends every seat (saved) and the server within 3 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.typedefs import Handler

from bb_tui.tui.web import protocol
from bb_tui.tui.web.app_process import AppProcess, app_env
from bb_tui.tui.web.seats import DEFAULT_MAX_SEATS, FACILITATOR, Seat, SeatBook, SeatError
from bb_tui.tui.web.zygote import Zygote

PAGE = Path(__file__).resolve().parent / "page"
STATIC = Path(textual_serve.__file__).resolve().parent / "static"
FORBIDDEN = "This link is not valid here. Ask the facilitator for a new one.\n"
WRONG_HOST = "This server answers only to its own address (or localhost through a tunnel).\n"
NOT_A_PAGE = "This address is the browser page's connection to the app: open the link itself.\n"
# Why a seat closed, as the page shows it (websocket close codes 4000-4999 are the app's own).
TAKEN_OVER = (4001, "This session was opened in another tab or window; it goes on there.")
LINK_ENDED = (4003, "This link no longer works: the facilitator ended it or made a new one.")
STOPPING = (4004, "The browser seat was stopped by the facilitator; everything was saved.")
APP_FAILED = (4005, "The app stopped unexpectedly; open the link again to go on.")
FULL = (4006, "The browser seat is full; try again in a few minutes.")
LINK_CHECK_SECONDS = 1.0
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
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
WILDCARD = {"0.0.0.0", "::", ""}

log = logging.getLogger("bb-tui.serve")


def full_page(max_seats: int) -> str:
    """The page a person sees when every seat is taken (styled as the seat's own dialogs)."""
    seats = "the one seat is" if max_seats == 1 else f"all {max_seats} seats are"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bb-tui: full</title>'
        '<link rel="stylesheet" href="/page/seat.css"></head><body>'
        '<div class="dialog-container"><div class="intro"><div>'
        f"The browser seat is full: {seats} in use. Try again in a few minutes, or ask the "
        "facilitator (bb-tui serve --max-seats raises the limit)."
        "</div></div></div></body></html>\n"
    )


def app_command(seat: Seat, sessions_dir: Path, framework: Path | None, ascii: bool) -> list[str]:
    """The app a seat runs: `python -m bb_tui --sessions DIR [...] [score --confined FILE]`.

    A participant's seat is confined to their own file (no sessions list, no group screens);
    a plain seat runs the same with `--plain` (bb_tui/plain: the line mode)."""
    argv = [sys.executable, "-m", "bb_tui", "--sessions", str(Path(sessions_dir).absolute())]
    if framework is not None:
        argv += ["--framework", str(Path(framework).absolute())]
    if ascii:
        argv.append("--ascii")
    if seat.plain:
        argv.append("--plain")
    if seat.role != FACILITATOR:
        argv += ["score", "--confined", seat.path]
    return argv


@dataclass(eq=False)
class Live:
    """One open seat: its link, its socket and (once started) its app."""

    seat: Seat
    socket: web.WebSocketResponse
    app: AppProcess | None = None
    closing: tuple[int, str] | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)  # the app has ended (or never ran)

    async def close(self, why: tuple[int, str], grace: float = 3.0) -> None:
        """Tell the page why and end the app (saving; see AppProcess.end for `grace`)."""
        if self.closing is None:
            self.closing = why
        with contextlib.suppress(ConnectionError, RuntimeError, TimeoutError):
            await asyncio.wait_for(self.socket.close(code=why[0], message=why[1].encode()), 1.0)
        if self.app is not None:
            await self.app.end(grace)


class SeatServer:
    """The browser seats of one sessions folder."""

    def __init__(
        self,
        book: SeatBook,
        sessions_dir: Path,
        command_for: Callable[[Seat], list[str]],
        host: str = "127.0.0.1",
        port: int = 8000,
        max_seats: int = DEFAULT_MAX_SEATS,
    ) -> None:
        self.book = book
        self.sessions_dir = Path(sessions_dir)
        self.command_for = command_for
        self.host, self.port, self.max_seats = host, port, max_seats
        self.live: dict[str, Live] = {}  # by the link's digest: one app per link
        self.names = set(LOOPBACK) | {_bare(host)}
        if host in WILDCARD:  # reached by the machine's own name or any of its addresses
            self.names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        self.stopping = False
        self.zygote: Zygote | None = None
        self._closing: set[asyncio.Task[None]] = set()

    # ---------------------------------------------------------------- requests

    def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes(
            [
                web.get("/seat/{token}", self.handle_page),
                web.get("/seat/{token}/ws", self.handle_socket),
                web.static("/static", STATIC, show_index=False),
                web.static("/page", PAGE, show_index=False),
            ]
        )
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse another site's Host; add the security headers to every answer."""
        try:
            if not self._host_ok(request):
                raise web.HTTPForbidden(text=WRONG_HOST)
            response = await handler(request)
        except web.HTTPException as exc:
            exc.headers.update(HEADERS)
            raise
        if not isinstance(response, web.WebSocketResponse):
            response.headers.update(HEADERS)
            if request.path.startswith(("/static/", "/page/")):  # the same public files for all:
                response.headers["Cache-Control"] = "no-cache"  # kept, checked each time (304)
        return response

    def _host_ok(self, request: web.Request) -> bool:
        name = _bare(request.headers.get("Host", ""))
        if name in self.names:
            return True
        here = request.transport.get_extra_info("sockname") if request.transport else None
        if not here:
            return False
        return name == _bare(str(here[0]))  # the address the client came in on

    def seat_for(self, request: web.Request) -> Seat:
        """The seat of the token in the URL, read afresh (links made while serving work), or 403."""
        try:
            seat = SeatBook(self.book.path).find(request.match_info["token"], self.sessions_dir)
        except SeatError as exc:
            log.warning("bb-tui: %s", exc.line())
            seat = None
        if seat is None:
            raise web.HTTPForbidden(text=FORBIDDEN)
        if seat.digest not in self.live and len(self.live) >= self.max_seats:
            raise web.HTTPServiceUnavailable(
                text=full_page(self.max_seats), content_type="text/html"
            )
        return seat

    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        page = "plain.html" if self.seat_for(request).plain else "seat.html"
        return web.FileResponse(PAGE / page, headers={"Content-Type": "text/html"})

    async def handle_socket(self, request: web.Request) -> web.StreamResponse:
        seat = self.seat_for(request)
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="Cross-site request refused.\n")
        socket_ = web.WebSocketResponse(heartbeat=15, timeout=1.0, max_msg_size=1 << 20)
        if not socket_.can_prepare(request).ok or self.stopping:
            raise web.HTTPBadRequest(text=NOT_A_PAGE)
        await socket_.prepare(request)
        live = Live(seat, socket_)
        before = self.live.get(seat.digest)
        if before is None and len(self.live) >= self.max_seats:  # filled while this one waited
            await live.close(FULL)
            return socket_
        self.live[seat.digest] = live  # from now on this tab holds the link
        try:
            if before is not None:  # the other tab is told, and its app ends (saving) first
                await before.close(TAKEN_OVER)
                await before.done.wait()
            if self.live.get(seat.digest) is live and live.closing is None:
                await self._run(live, request)
        finally:
            if live.app is not None:
                await live.app.end()
            live.done.set()
            if self.live.get(seat.digest) is live:
                del self.live[seat.digest]
        return socket_

    async def _run(self, live: Live, request: web.Request) -> None:
        socket_ = live.socket

        async def on_exit(said_exit: bool) -> None:
            await live.close((WSCloseCode.OK, "") if said_exit else APP_FAILED)

        plain = live.seat.plain
        live.app = app = AppProcess(
            self.command_for(live.seat), app_env(plain), socket_.send_bytes, on_exit, not plain
        )
        width, height = protocol.size(request.query.get("width"), request.query.get("height"))
        await app.start(width, height, self.zygote)
        log.info("browser seat opened (%d of %d)", len(self.live), self.max_seats)
        async for message in socket_:
            if message.type != WSMsgType.TEXT:
                continue
            if plain:  # a line typed, or nothing
                line = protocol.plain_from_page(message.data)
                if line is not None and not await app.write(line):
                    break
                continue
            parsed = protocol.from_page(message.data)
            if isinstance(parsed, bytes):
                ok = await app.write(parsed)
            elif parsed is not None and parsed[0] == "meta":
                ok = await app.write(parsed[1])  # type: ignore[arg-type]  # meta: bytes (protocol)
            elif parsed is not None:
                await socket_.send_json(["pong", parsed[1]])
                ok = True
            else:
                ok = True
            if not ok:
                break
        await live.close(live.closing or (WSCloseCode.GOING_AWAY, ""))

    # ---------------------------------------------------------------- links that end

    async def _watch_links(self) -> None:
        """Close an open seat soon after its link stops working."""
        while True:
            await asyncio.sleep(LINK_CHECK_SECONDS)
            if not self.live:
                continue
            try:
                valid = SeatBook(self.book.path).digests()
            except SeatError as exc:  # every link answers 403 while the store is refused
                log.warning("bb-tui: %s", exc.line())
                valid = set()
            for digest, live in list(self.live.items()):
                if digest not in valid and live.closing is None:
                    task = asyncio.create_task(live.close(LINK_ENDED))
                    self._closing.add(task)
                    task.add_done_callback(self._closing.discard)

    # ---------------------------------------------------------------- running

    async def _warm(self) -> None:
        """Seats fork from the zygote once it is warm (zygote.py); until then, new processes."""
        assert self.zygote is not None
        if await self.zygote.wait_ready():
            log.info("browser seat: warm start ready (apps fork from one process)")
        else:
            log.warning("browser seat: no warm start; each app starts as a new process")

    def serve(self, on_listening: Callable[[int], None]) -> None:
        """Serve until SIGTERM or SIGINT, then end every seat (saved) and stop within 3 s.

        `on_listening(port)` runs once the socket is bound (the port is the real one, even for
        --port 0). No access log: the links' tokens are in the paths."""
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        asyncio.run(self._serve(on_listening))

    async def _serve(self, on_listening: Callable[[int], None]) -> None:
        runner = web.AppRunner(
            self._make_app(), access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            self.port = int(runner.addresses[0][1])
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            on_listening(self.port)
            log.info(
                "bb-tui browser seat listening on http://%s:%s (ctrl+c stops it)",
                self.host,
                self.port,
            )
            watcher = asyncio.create_task(self._watch_links())
            self.zygote = Zygote(app_env())
            warming = asyncio.create_task(self._warm())
            await stop.wait()
            self.stopping = True
            watcher.cancel()
            warming.cancel()
            ending = [live.close(STOPPING, grace=1.0) for live in list(self.live.values())]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*ending, return_exceptions=True), 2.5)
        finally:
            await runner.cleanup()
            if self.zygote is not None:
                self.zygote.close()


def _bare(host: str) -> str:
    """The name in a Host header or address, lower case, without port or brackets."""
    host = host.strip().lower()
    try:
        return (urlsplit(f"//{host}").hostname or "").rstrip(".")
    except ValueError:
        return ""
