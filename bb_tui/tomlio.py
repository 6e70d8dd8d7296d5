"""Hardened TOML reading: size limit first, strict UTF-8, every parser failure one clear error."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from bb_tui.errors import FileFormatError

MAX_FILE_BYTES = 2 * 1024 * 1024  # a full session with long notes is a few tens of KiB
MAX_DEPTH = 32  # tables and arrays inside each other; a session needs 2, a framework 6
_TOO_DEEP = f"nests tables or arrays too deeply (over {MAX_DEPTH} levels)"


def read_toml_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file of at most `max_bytes`, refusing anything else before reading it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileFormatError(path, "no such file") from None
    except OSError as exc:
        raise FileFormatError(path, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileFormatError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise FileFormatError(path, "is not a regular file")
    if st.st_size > max_bytes:
        raise FileFormatError(
            path, f"is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit; not read"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FileFormatError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise FileFormatError(path, f"grew over the {max_bytes:,}-byte limit while being read")
    return data


def parse_toml_bytes(path: Path, data: bytes) -> dict[str, Any]:
    """Decode and parse TOML bytes, turning every failure into a FileFormatError."""
    if not data.strip():
        raise FileFormatError(path, "is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        raise FileFormatError(path, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    if b"\x00" in data:
        raise FileFormatError(path, "contains NUL bytes; it is not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(path, f"is not valid UTF-8 (byte {exc.start})") from None
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
    if _depth(parsed) > MAX_DEPTH:  # e.g. a 5,000-part dotted key: parses, but cannot be saved again
        raise FileFormatError(path, _TOO_DEEP)
    return parsed


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest in `value` (walked without recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in item)
    return deepest


def load_toml(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """Read and parse one TOML file with every safeguard."""
    path = Path(path)
    return parse_toml_bytes(path, read_toml_bytes(path, max_bytes))
