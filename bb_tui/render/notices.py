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


# ---------------------------------------------------------------- another window, one session


def others_line(visitors: Sequence[str], width: int) -> str:
    """The holder's line when other windows have its session open too ("" when none)."""
    if not visitors:
        return ""
    editing = sum(1 for how in visitors if how == "anyway")
    looking = len(visitors) - editing
    if len(visitors) == 1:
        who = (
            "Also open in another window, read-only"
            if looking
            else "Also open in another window, editing too"
        )
    else:
        who = f"Also open in {len(visitors)} other windows ({editing} editing)"
    after = [] if not editing else ["its saves show here", "if both change it, one is a copy"]
    return fitted([who, *after], width)


def here_too_line(holder: str, read_only: bool, width: int) -> str:
    """The second window's line: who has it open, and what happens to saves."""
    if read_only:
        parts = [f"Read-only: open in {holder}", "its saves show here"]
    else:
        parts = [f"Also open in {holder}", "saves show in both", "if both change it, one is a copy"]
    return fitted(parts, width)


def copy_line(copy_name: str, ours: bool, width: int, windows: bool = True) -> str:
    """A conflict copy was written: by this window (ours) or by another one; `windows`: because
    two windows changed it (else another account's file took its place, said in full apart)."""
    first = (
        f"This window now saves to {copy_name}"
        if ours
        else f"Another window's changes are in {copy_name}"
    )
    after = ["both changed it", "the sessions list shows which counts"] if windows else []
    return fitted([first, *after], width)
