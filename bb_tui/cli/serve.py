"""`bb-tui serve`: the app in a web browser, one private link per seat (needs the `web` extra).

    bb-tui serve [--sessions DIR] [--host 127.0.0.1] [--port 8000] [--max-seats 60]
                                         serve; prints the facilitator's link
    bb-tui serve --link FILE...          a participant's link for each session file, then exit
                                         (a file's old link stops working)
    bb-tui serve --facilitator-link      a new facilitator's link, then exit
    bb-tui serve --plain --link FILE...  the same links to the plain line mode (bb-tui --plain) in
    bb-tui serve --plain --facilitator-link  a page a screen reader reads
    bb-tui serve --forget-link FILE...   those files' links stop working (open seats close)
    bb-tui serve --forget-links          no link works any more

Links are stored as hashes in the facilitator's own config folder (bb_tui/tui/web/seats.py); the
server is bb_tui/tui/web/server.py.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bb_tui.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    default_sessions,
    load_framework_or_exit,
)
from bb_tui.storage.errors import BBError, shown_path
from bb_tui.storage.textsafe import one_line
from bb_tui.tui.web.seats import DEFAULT_MAX_SEATS

if TYPE_CHECKING:
    from bb_tui.cli.common import SubCommands
    from bb_tui.tui.web.seats import SeatBook

NEEDS_EXTRA = "bb-tui: serve needs the web extra: pip install 'bb-tui[web]'"
DEFAULT_PORT = 8000


def add_parser(sub: SubCommands) -> None:
    parser = sub.add_parser("serve", help="the app in a web browser, one private link per person")
    parser.add_argument(
        "--sessions",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="sessions folder (as bb-tui --sessions)",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: reach it by an SSH tunnel)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port (default {DEFAULT_PORT}; 0: any free one). Links made while a server of "
        "this folder runs carry its port",
    )
    parser.add_argument(
        "--max-seats",
        type=int,
        default=None,
        metavar="N",
        help="at most N apps open at once; more are shown a page saying it is full "
        f"(default {DEFAULT_MAX_SEATS})",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--link",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="print a participant's link for each session file and exit (a file's old link "
        "stops working)",
    )
    what.add_argument(
        "--facilitator-link",
        action="store_true",
        help="print a new facilitator's link (the old one stops working) and exit",
    )
    what.add_argument(
        "--forget-link",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="make the links of these session files stop working (their open seats close)",
    )
    what.add_argument("--forget-links", action="store_true", help="make every link stop working")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="with --link or --facilitator-link: the link opens the plain line mode (as "
        "bb-tui --plain) in a page a screen reader reads, line by line",
    )
    parser.set_defaults(run=run)


def link(host: str, port: int, token: str) -> str:
    shown = "localhost" if host in ("127.0.0.1", "::1", "0.0.0.0", "::", "") else host
    try:
        if ipaddress.ip_address(shown).version == 6:
            shown = f"[{shown}]"
    except ValueError:
        pass
    return f"http://{shown}:{port}/seat/{token}"


def run(args: argparse.Namespace) -> int:
    from bb_tui.tui.web.seats import FACILITATOR, PARTICIPANT, SeatBook

    sessions = Path(args.sessions) if args.sessions is not None else default_sessions()
    serving = not (args.link or args.facilitator_link or args.forget_link or args.forget_links)
    if args.port is not None and not 0 <= args.port < 65536:
        print(f"bb-tui: serve: --port {args.port} is not a port number", file=sys.stderr)
        return EXIT_USAGE
    if args.port == 0 and not serving:
        print(
            "bb-tui: serve: --port 0 (any free port) is for serving; links need a port",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.plain and not (args.link or args.facilitator_link):
        print(
            "bb-tui: serve: --plain goes with --link or --facilitator-link (a plain link)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.max_seats is not None and args.max_seats < 1:
        print(f"bb-tui: serve: --max-seats {args.max_seats} must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    if not sessions.is_dir():
        print(f"bb-tui: {shown_path(sessions)}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        book = SeatBook()
        if args.forget_links:
            print(f"{book.forget_all()} link(s) forgotten; none works any more.")
            return EXIT_OK
        if args.forget_link:
            return _forget(args, book)
        if args.link:
            return _participant_links(args, book, sessions, PARTICIPANT)
        token = book.add(FACILITATOR, sessions, plain=args.plain)
    except BBError as exc:
        print(f"bb-tui: {exc.line()}", file=sys.stderr)
        return EXIT_INVALID
    if args.facilitator_link:
        host, port = _where(args, sessions)
        kind = ", plain" if args.plain else ""
        print(f"Facilitator ({shown_path(sessions)}{kind}): {link(host, port, token)}")
        return EXIT_OK
    return _serve(args, book, sessions, token)


def _where(args: argparse.Namespace, sessions: Path) -> tuple[str, int]:
    """Host and port for printed links: the running server's, else the ones given or default."""
    from bb_tui.tui.web.seats import running_server

    running = running_server(sessions) if args.port is None else None
    if running is not None:
        return running
    return args.host, DEFAULT_PORT if args.port is None else args.port


def _forget(args: argparse.Namespace, book: SeatBook) -> int:
    status = EXIT_OK
    for path in args.forget_link:
        count = book.forget(path)
        if count:
            print(f"{shown_path(path.name)}: its link no longer works (an open seat closes).")
        else:
            print(f"bb-tui: {shown_path(path)}: no link to forget", file=sys.stderr)
            status = EXIT_INVALID
    return status


def _participant_links(args: argparse.Namespace, book: SeatBook, sessions: Path, role: str) -> int:
    from bb_tui.core.session import load_session
    from bb_tui.tui.web.seats import Seat, in_folder

    framework = load_framework_or_exit(args)
    host, port = _where(args, sessions)
    status = EXIT_OK
    for path in args.link:
        if not in_folder(Seat(role, str(path.absolute()), ""), sessions):
            print(
                f"bb-tui: {shown_path(path)}: not in the sessions folder {shown_path(sessions)}",
                file=sys.stderr,
            )
            status = EXIT_INVALID
            continue
        try:
            session = load_session(path, framework)
            token = book.add(role, path, plain=args.plain)
        except BBError as exc:
            print(f"bb-tui: {exc.line()}", file=sys.stderr)
            status = EXIT_INVALID
            continue
        who = one_line(session.participant.name) or one_line(path.name)
        kind = ", plain" if args.plain else ""
        print(f"{who} ({shown_path(path.name)}{kind}): {link(host, port, token)}")
    return status


def _serve(args: argparse.Namespace, book: SeatBook, sessions: Path, token: str) -> int:
    try:
        from bb_tui.tui.web.seats import forget_server, record_server
        from bb_tui.tui.web.server import SeatServer, app_command
    except ImportError:
        print(NEEDS_EXTRA, file=sys.stderr)
        return EXIT_USAGE
    load_framework_or_exit(args)  # a bad framework is one line now, not in every browser tab
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"bb-tui: note: listening on {args.host}: the traffic is not encrypted; prefer the "
            "default 127.0.0.1 and an SSH tunnel",
            file=sys.stderr,
        )
    server = SeatServer(
        book,
        sessions,
        lambda seat: app_command(seat, sessions, args.framework, args.ascii),
        host=args.host,
        port=DEFAULT_PORT if args.port is None else args.port,
        max_seats=args.max_seats or DEFAULT_MAX_SEATS,
    )

    def listening(port: int) -> None:
        print(f"Facilitator ({shown_path(sessions)}): {link(args.host, port, token)}")
        print("Participants' links: bb-tui serve --link FILE. Stop with ctrl+c.", flush=True)
        try:
            record_server(sessions, args.host, port)
        except (BBError, OSError) as exc:  # links made meanwhile will show the default port
            why = exc.line() if isinstance(exc, BBError) else str(exc)
            print(f"bb-tui: note: {why}", file=sys.stderr)

    try:
        server.serve(listening)
    except OSError as exc:
        print(
            f"bb-tui: serve: cannot listen on {args.host}:{server.port} ({exc.strerror or exc})",
            file=sys.stderr,
        )
        return EXIT_INVALID
    finally:
        try:
            forget_server(sessions)
        except (BBError, OSError):
            pass
    return EXIT_OK
