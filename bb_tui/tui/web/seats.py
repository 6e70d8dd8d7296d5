"""Browser seats: who may open what, kept as hashes of long random link tokens.

A seat is a participant's session file or the facilitator's view of a sessions folder, in the
full app or (a plain seat) in the plain line mode for screen readers. Its link
holds a 256-bit token; only the token's SHA-256 is stored, in a 0600 TOML file in the
facilitator's own config folder (`$XDG_CONFIG_HOME/bb-tui/`, else `~/.config/bb-tui/`), never in
the shared sessions folder. A token is checked against every stored hash with
`hmac.compare_digest`. The store is read only through O_NOFOLLOW and fstat: a link, a FIFO, a
hard-linked file, someone else's file or one others can read is refused in one line.
Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from bb_tui.storage.errors import BBError
from bb_tui.storage.safesave import own_folder, write_own_file

PARTICIPANT, FACILITATOR = "participant", "facilitator"
STORE_NAME = "browser-seats.toml"
SERVERS_NAME = "browser-servers.toml"
DEFAULT_MAX_SEATS = 60  # a workshop's people, and the memory and CPU of their apps
TOKEN_BYTES = 32
MAX_STORE_BYTES = 1024 * 1024
_OPEN = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY


class SeatError(BBError):
    """The seat store cannot be used, or a seat cannot be made."""


@dataclass(frozen=True)
class Seat:
    role: str  # PARTICIPANT or FACILITATOR
    path: str  # the session file (participant) or the sessions folder (facilitator), absolute
    digest: str  # sha256 hex of the token
    made: str = ""
    plain: bool = False  # the plain line mode in a page a screen reader reads (bb_tui/plain)


def config_folder() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "bb-tui"


def store_path() -> Path:
    return config_folder() / STORE_NAME


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _read_private(path: Path) -> bytes | None:
    """The store's bytes (None if there is none yet); SeatError unless a private file of ours."""
    try:
        fd = os.open(path, _OPEN)
    except FileNotFoundError:
        return None
    except OSError as exc:
        why = "is a symbolic link" if os.path.islink(path) else (exc.strerror or str(exc))
        raise SeatError(path, f"cannot be read ({why}); not used") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SeatError(path, "is not a regular file; not used")
        if st.st_uid != os.geteuid():
            raise SeatError(path, "belongs to someone else; not used")
        if st.st_nlink != 1:
            raise SeatError(path, "has other hard links; not used")
        if st.st_mode & 0o077:
            raise SeatError(
                path,
                f"can be read or written by others (mode "
                f"{stat.S_IMODE(st.st_mode):o}); not used until: chmod 600 {path}",
            )
        if st.st_size > MAX_STORE_BYTES:
            raise SeatError(path, "is too large; not used")
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read(MAX_STORE_BYTES + 1)
    finally:
        if fd >= 0:
            os.close(fd)


class SeatBook:
    """The seats in one store file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or store_path()
        self.seats: list[Seat] = self._load()

    def _load(self) -> list[Seat]:
        data = _read_private(self.path)
        if data is None:
            return []
        try:
            table = tomllib.loads(data.decode("utf-8"))
            return [
                Seat(
                    str(row["role"]),
                    str(row["path"]),
                    str(row["digest"]),
                    str(row.get("made", "")),
                    row.get("plain", False) is True,
                )
                for row in table.get("seat", [])
            ]
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
            raise SeatError(self.path, "is not a seat store bb-tui can read; not used") from None

    def save(self) -> None:
        folder = self.path.parent
        os.makedirs(folder.parent, mode=0o700, exist_ok=True)
        own_folder(folder, private=True)
        rows = [
            {"role": s.role, "path": s.path, "digest": s.digest, "made": s.made}
            | ({"plain": True} if s.plain else {})
            for s in self.seats
        ]
        text = (
            "# bb-tui browser seats: SHA-256 of each link's token (the links themselves are not "
            "kept).\n# Private to you: keep it 0600 and out of the shared folder.\n"
        )
        write_own_file(
            self.path,
            text.encode() + tomli_w.dumps({"seat": rows}).encode(),
            overwrite=True,
            mode=0o600,
        )

    def add(self, role: str, path: Path, plain: bool = False) -> str:
        """Make a seat for `path` and return its token (shown once, never stored).

        The seat's old link, if any, stops working (a running server closes its open seat): a
        session file has one link, full or plain; the facilitator one of each (`serve` makes a
        new full one each time it starts, which leaves the plain one working)."""
        where = str(Path(path).absolute())

        def replaced(s: Seat) -> bool:
            return s.role == role and s.path == where and (role != FACILITATOR or s.plain == plain)

        self.seats = [s for s in self.seats if not replaced(s)]
        token = secrets.token_urlsafe(TOKEN_BYTES)
        made = time.strftime("%Y-%m-%dT%H:%M:%S")
        self.seats.append(Seat(role, where, digest(token), made, plain))
        self.save()
        return token

    def find(self, token: str, sessions_dir: Path) -> Seat | None:
        """The seat this token opens in `sessions_dir`, comparing every hash in constant time."""
        wanted = digest(token).encode()
        found = None
        for seat in self.seats:
            if hmac.compare_digest(seat.digest.encode(), wanted):
                found = seat
        if found is None or not in_folder(found, sessions_dir):
            return None
        return found

    def forget(self, path: Path) -> int:
        """End the links that open `path` (a session file, or the folder for the facilitator's)."""
        where = str(Path(path).absolute())
        kept = [s for s in self.seats if s.path != where]
        count = len(self.seats) - len(kept)
        if count:
            self.seats = kept
            self.save()
        return count

    def digests(self) -> set[str]:
        return {s.digest for s in self.seats}

    def forget_all(self) -> int:
        count = len(self.seats)
        self.seats = []
        self.save()
        return count


def servers_path() -> Path:
    return config_folder() / SERVERS_NAME


def record_server(folder: Path, host: str, port: int) -> None:
    """Note that this process serves `folder` at host:port, so `serve --link` prints that port."""
    rows = [r for r in _servers() if r["folder"] != str(Path(folder).absolute())]
    rows.append({"folder": str(Path(folder).absolute()), "host": host, "port": port})
    rows[-1]["pid"] = os.getpid()
    _save_servers(rows)


def forget_server(folder: Path) -> None:
    rows = _servers()
    kept = [
        r
        for r in rows
        if not (r["folder"] == str(Path(folder).absolute()) and r["pid"] == os.getpid())
    ]
    if kept != rows:
        _save_servers(kept)


def running_server(folder: Path) -> tuple[str, int] | None:
    """(host, port) of the live `serve` of `folder`, if one is running as this user."""
    for row in _servers():
        if row["folder"] == str(Path(folder).absolute()) and _alive(row["pid"]):
            return str(row["host"]), int(row["port"])
    return None


def _servers() -> list[dict[str, Any]]:
    try:
        data = _read_private(servers_path())
        rows = tomllib.loads(data.decode("utf-8")).get("server", []) if data else []
        return [
            {
                "folder": str(r["folder"]),
                "host": str(r["host"]),
                "port": int(r["port"]),
                "pid": int(r["pid"]),
            }
            for r in rows
        ]
    except (
        SeatError,
        UnicodeDecodeError,
        tomllib.TOMLDecodeError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
    ):
        return []  # unreadable: links show the port given; the next record writes it afresh


def _save_servers(rows: list[dict[str, Any]]) -> None:
    folder = servers_path().parent
    os.makedirs(folder.parent, mode=0o700, exist_ok=True)
    own_folder(folder, private=True)
    text = "# bb-tui serve: the port each running server of yours uses (for serve --link).\n"
    write_own_file(
        servers_path(),
        text.encode() + tomli_w.dumps({"server": rows}).encode(),
        overwrite=True,
        mode=0o600,
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # another user's process reusing the number
    return True


def in_folder(seat: Seat, sessions_dir: Path) -> bool:
    """A participant's file must lie directly in the folder served; the facilitator's is the folder."""
    folder = str(Path(sessions_dir).absolute())
    if seat.role == FACILITATOR:
        return seat.path == folder
    return seat.role == PARTICIPANT and os.path.dirname(seat.path) == folder
