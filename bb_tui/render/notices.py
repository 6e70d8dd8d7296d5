"""The app's own status-line notices, worded once (no Textual): a terminal below the size the
screens are laid out for, and another window on the same session.

Each is one line fitted to the width it is given: parts are dropped from the end, whole, so a
line never ends mid-word.
"""

from __future__ import annotations

from collections.abc import Sequence

NEEDED = (80, 24)  # columns, rows: every screen is laid out for at least this


def too_small(width: int, height: int) -> bool:
    return width < NEEDED[0] or height < NEEDED[1]


def fitted(parts: Sequence[str], width: int, sep: str = " · ") -> str:
    """As many of `parts` as fit in `width`, from the first, joined by `sep` (the first always)."""
    line = parts[0] if parts else ""
    for part in parts[1:]:
        if len(line) + len(sep) + len(part) > width:
            break
        line += sep + part
    return line


def size_line(width: int, height: int) -> str:
    """The one line shown while the terminal is smaller than NEEDED."""
    columns, rows = NEEDED
    return fitted(
        [
            f"Needs {columns}x{rows}, this is {width}x{height}",
            "enlarge the window",
            "esc goes back",
            "ctrl+q quits",
        ],
        width - 2,
    )
