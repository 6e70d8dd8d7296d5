"""What the browser seat's two pipes carry: the page's websocket messages and the app's packets.

The page (textual-serve's textual.js) sends JSON lists: ["stdin", text], ["resize", {"width": W,
"height": H}], ["ping", data], ["focus"], ["blur"]. Anything else, or anything malformed, is
dropped here: a hostile client gets no traceback and no effect. Sizes are clamped to what a big
screen holds (the same limits for the socket's query string and for a resize).

Between the server and the app (Textual's WebDriver, bb_tui/tui/web/driver.py): the app first
writes a line `__GANGLION__`, then packets of one type byte, a 4-byte big-endian length and the
payload: b"D" terminal output, b"M" JSON meta ({"type": "exit"} as it ends), b"P" file
deliveries (not used by bb-tui: dropped). The server writes b"D" packets (keys) and b"M"
packets (resize, focus, blur, quit) to the app's stdin. A plain seat (`bb-tui --plain`, page/plain.js)
has no packets: the app's output and the lines typed pass as they are (`plain_from_page`).
Nothing here imports Textual or aiohttp.
"""

from __future__ import annotations

import asyncio
import json
import math

# A 4K screen at the page's 16 px font is about 400 x 110 cells; far more costs the app memory
# for nothing (20,000 x 20,000 drove one app past 2 GiB).
MIN_WIDTH, MAX_WIDTH = 10, 500
MIN_HEIGHT, MAX_HEIGHT = 5, 200
READY_LINE = b"__GANGLION__\n"
READY_LINES = 10  # lines read while looking for it (a warning printed first is passed over)
MAX_STDIN = 64 * 1024  # characters in one ["stdin", text] message (a paste)


def clamp(value: object, default: int, low: int, high: int) -> int:
    """A whole number of cells from a query string or a message, within [low, high]."""
    if isinstance(value, bool):
        return default
    if isinstance(value, float):
        if not math.isfinite(value):
            return default
        value = int(value)
    if isinstance(value, str):
        try:
            value = int(value.strip()[:8])
        except ValueError:
            return default
    if not isinstance(value, int):
        return default
    return max(low, min(value, high))


def size(width: object, height: object) -> tuple[int, int]:
    return clamp(width, 80, MIN_WIDTH, MAX_WIDTH), clamp(height, 24, MIN_HEIGHT, MAX_HEIGHT)


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def meta(data: dict[str, object]) -> bytes:
    return packet(b"M", json.dumps(data).encode())


def from_page(text: str) -> bytes | tuple[str, object] | None:
    """One websocket text message: bytes for the app's stdin, (kind, value), or None (dropped).

    Kinds: ("meta", packet) to pass on, ("ping", data) to echo as ["pong", data]."""
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, list) or not message or not isinstance(message[0], str):
        return None
    kind, value = message[0], message[1] if len(message) > 1 else None
    if kind == "stdin" and isinstance(value, str) and len(value) <= MAX_STDIN:
        return packet(b"D", value.encode("utf-8", "replace"))
    if kind == "resize" and isinstance(value, dict) and "width" in value and "height" in value:
        width, height = size(value["width"], value["height"])
        return ("meta", meta({"type": "resize", "width": width, "height": height}))
    if kind in ("focus", "blur"):
        return ("meta", meta({"type": kind}))
    if kind == "ping" and isinstance(value, (str, int, float)) and len(str(value)) <= 64:
        return ("ping", value)
    return None


def plain_from_page(text: str) -> bytes | None:
    """One message from the plain page (page/plain.js): ["stdin", line] gives the line's bytes
    for the plain app's stdin; anything else is dropped. The plain app reads whole lines and
    cleans each of control characters itself (bb_tui/plain/lines.py)."""
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if (
        isinstance(message, list)
        and len(message) == 2
        and message[0] == "stdin"
        and isinstance(message[1], str)
        and len(message[1]) <= MAX_STDIN
    ):
        return message[1].encode("utf-8", "replace")
    return None


async def read_packet(stream: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """The app's next packet; asyncio.IncompleteReadError at the end of its output."""
    kind = await stream.readexactly(1)
    length = int.from_bytes(await stream.readexactly(4), "big")
    return kind, await stream.readexactly(length)
