"""Hardened TOML reading: safe open, size limit first, strict UTF-8, every parser failure one clear error."""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any

from bb_tui.storage.errors import FileFormatError

# The limits a person would expect (docs/session-format.md): past them a file is refused in one
# line and never changed. A full session is a few tens of KiB; 1 MiB holds every note at the
# text limit, even in 3-byte scripts.
MAX_FILE_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 20_000  # one text field (a note, a name); the editors stop typing here too
MAX_DEPTH = 32  # tables and arrays inside each other; a session needs 2, a framework 6
_TOO_DEEP = f"nests tables or arrays too deeply (over {MAX_DEPTH} levels)"


LINK_BY_OTHER = "a link made by another user; not read"


class NoSuchFile(FileFormatError):
    """Nothing at the path."""


class OthersFile(FileFormatError):
    """Refused for whose it is: a link made by another user, or (asked for) a file `uid` owns."""

    def __init__(self, path: str | Path, uid: int, problem: str) -> None:
        self.uid = uid
        super().__init__(path, problem)


MAX_LINKS = 40  # as the kernel: a longer chain is a loop
_OPEN_FLAGS = (
    os.O_RDONLY
    | os.O_NONBLOCK
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def _link_target(path: str) -> tuple[int, str] | None:
    """(owner, target) of the symbolic link at `path`, read from one handle; None if not a link."""
    if not hasattr(os, "O_PATH"):  # not Linux: lstat then readlink
        st = os.lstat(path)
        return (st.st_uid, os.readlink(path)) if stat.S_ISLNK(st.st_mode) else None
    fd = os.open(path, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        return (st.st_uid, os.readlink("", dir_fd=fd)) if stat.S_ISLNK(st.st_mode) else None
    finally:
        os.close(fd)


def open_for_reading(path: Path) -> int:
    """Open `path` read-only without blocking, following only links made by this user (or root).

    Every link of a chain is checked where it lies, so a link planted in a shared folder cannot
    point this user's reads at their own private files; a FIFO or device opens without waiting.
    """
    current = os.fspath(path)
    for _ in range(MAX_LINKS):
        try:
            return os.open(current, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
        link = _link_target(current)  # ELOOP: the last part is a link (or a loop further up)
        if link is None:
            continue  # replaced by a file meanwhile: open it again
        owner, target = link
        if owner not in (os.geteuid(), 0):
            raise OthersFile(path, owner, LINK_BY_OTHER)
        current = os.path.join(os.path.dirname(current), target)
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))


def _check_regular_file(st: os.stat_result, path: Path, max_bytes: int) -> None:
    """The one-line reason the open file (`st`, its fstat) is not a regular file within the limit."""
    if stat.S_ISDIR(st.st_mode):
        raise FileFormatError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise FileFormatError(path, "is not a regular file")
    if st.st_size > max_bytes:
        raise FileFormatError(
            path, f"is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit; not read"
        )


def text_over_limit(what: str, text: str) -> str | None:
    """Why `text` (named `what`) is refused, in one line; None when it is within the limit."""
    if len(text) <= MAX_TEXT_CHARS:
        return None
    return f"{what} is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"


def read_toml_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file of at most `max_bytes`, refusing anything else before reading it.

    The checks are made on the open handle (fstat), so nothing can be swapped in after them."""
    return read_owned(path, None, max_bytes)[0]


def read_owned(
    path: Path, owners: Collection[int] | None, max_bytes: int = MAX_FILE_BYTES
) -> tuple[bytes, int]:
    """read_toml_bytes, and the owner of the file read (fstat of that descriptor).

    With `owners`, a file of any kind whose owner is not one of them is refused first, unread
    (OthersFile names the owner)."""
    try:
        fd = open_for_reading(path)
    except FileNotFoundError:
        raise NoSuchFile(path, "no such file") from None
    except OSError as exc:
        raise FileFormatError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        uid = st.st_uid
        if owners is not None and uid not in owners:
            from bb_tui.storage.safesave import user_name

            raise OthersFile(path, uid, f"is {user_name(uid)}'s; not read")
        _check_regular_file(st, path, max_bytes)
    except BaseException:
        os.close(fd)
        raise
    try:
        # sized to the file, not the limit: a 1 MiB buffer per small file is slow to allocate
        data = read_up_to(fd, st.st_size + 1)
        if len(data) > st.st_size:  # it grew since fstat: read on, up to the limit
            data += read_up_to(fd, max_bytes + 1 - len(data))
    except OSError as exc:
        raise FileFormatError(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise FileFormatError(path, f"grew over the {max_bytes:,}-byte limit while being read")
    return data, uid


def read_up_to(fd: int, size: int) -> bytes:
    """`size` bytes from `fd`, or fewer at the end of the file (as a buffered read, without
    making a file object for each file)."""
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def parse_toml_bytes(path: Path, data: bytes) -> dict[str, Any]:
    """Decode and parse TOML bytes, turning every failure into a FileFormatError."""
    if not data.strip():
        raise FileFormatError(path, "is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        raise FileFormatError(
            path, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
        )
    if b"\x00" in data:
        raise FileFormatError(path, "contains NUL bytes; it is not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(path, f"is not valid UTF-8 (byte {exc.start})") from None
    if _may_hold_long_key(text) and _longest_dotted_key(text) > MAX_DEPTH:
        raise FileFormatError(path, _TOO_DEEP)  # tomllib takes time quadratic in a key's parts
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(path, f"is not valid TOML: {exc}") from None
    except RecursionError:
        raise FileFormatError(path, _TOO_DEEP) from None
    except (ValueError, MemoryError, OverflowError) as exc:
        if "digits" in str(exc):  # an integer longer than Python converts (4,300 digits)
            raise FileFormatError(path, "is not valid TOML: a number has too many digits") from None
        raise FileFormatError(path, f"is not valid TOML: {str(exc)[:120]}") from None
    if (
        _depth(parsed) > MAX_DEPTH
    ):  # e.g. a 5,000-part dotted key: parses, but cannot be saved again
        raise FileFormatError(path, _TOO_DEEP)
    return parsed


_STOP = re.compile(r"[^A-Za-z0-9_\- \t]")  # anything that is not part of a bare key or a space


def _may_hold_long_key(text: str) -> bool:
    """A quick, sound filter for the scan below: a key or header of over MAX_DEPTH parts sits on
    one line with at least MAX_DEPTH dots. Most files have no such line and skip the scan."""
    return text.count(".") >= MAX_DEPTH and any(
        line.count(".") >= MAX_DEPTH for line in text.split("\n")
    )


def _longest_dotted_key(text: str) -> int:
    """The most parts joined by dots in any key or table header (strings and comments skipped).

    A linear scan run before tomllib, which needs minutes for a 20,000-part key and hours for
    a header of 100,000 parts followed by many keys.
    """
    longest = parts = 1
    pos, end = 0, len(text)
    while True:
        match = _STOP.search(text, pos)
        if match is None:
            return longest
        char, pos = match.group(), match.end()
        if char == ".":
            parts += 1
            longest = max(longest, parts)
        elif char in "\"'":  # a quoted key part or a value: skip it, it may hold dots
            pos = _string_end(text, pos - 1)
        elif char == "#":
            newline = text.find("\n", pos)
            pos, parts = (end if newline < 0 else newline), 1
        else:
            parts = 1


def _string_end(text: str, start: int) -> int:
    """Where the string opening at `start` ends (at the line end when a one-line one is unclosed)."""
    quote = text[start]
    delim = quote * 3 if text.startswith(quote * 3, start) else quote
    pos = first = start + len(delim)
    while True:
        close = text.find(delim, pos)
        if len(delim) == 1:  # a one-line string ends at the line end at the latest
            newline = text.find("\n", first, len(text) if close < 0 else close)
            if newline >= 0:
                return newline
        if close < 0:
            return len(text)
        slashes = close
        while quote == '"' and slashes > pos and text[slashes - 1] == "\\":
            slashes -= 1
        if (close - slashes) % 2:  # an escaped quote in a basic string
            first = pos = close + 1
            continue
        close += len(delim)
        extra = 0
        while len(delim) == 3 and extra < 2 and text.startswith(quote, close):
            close, extra = close + 1, extra + 1  # '"""a""""' holds 'a"': two quotes may end it
        return close


_CONTAINERS = frozenset((dict, list))  # what tomllib makes tables and arrays of


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest in parsed TOML `value` (level by level, no recursion)."""
    depth, level = 0, [value] if isinstance(value, (dict, list)) else []
    while level and depth <= MAX_DEPTH:
        depth += 1
        inner = []
        for item in level:
            children = item.values() if isinstance(item, dict) else item
            if not _CONTAINERS.isdisjoint(map(type, children)):  # most hold only plain values
                inner += [child for child in children if isinstance(child, (dict, list))]
        level = inner
    return depth


def load_toml(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """Read and parse one TOML file with every safeguard."""
    path = Path(path)
    return parse_toml_bytes(path, read_toml_bytes(path, max_bytes))
