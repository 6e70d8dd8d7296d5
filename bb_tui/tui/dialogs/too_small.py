"""Shown over everything while the terminal is smaller than the screens are laid out for."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

NEEDED = (80, 24)  # columns, rows: every screen is laid out for at least this


def too_small(width: int, height: int) -> bool:
    return width < NEEDED[0] or height < NEEDED[1]


def size_line(width: int, height: int) -> Text:
    return Text(
        f"bb-tui needs a terminal of at least {NEEDED[0]}x{NEEDED[1]}; this one is "
        f"{width}x{height}. Make the window larger (or the font smaller); ctrl+q quits."
    )


class TooSmallScreen(ModalScreen[None]):
    """One clear line saying the size needed; it goes once the terminal is large enough."""

    DEFAULT_CSS = """
    TooSmallScreen { align: left top; background: $background; }
    TooSmallScreen > Static { width: 100%; height: auto; padding: 0 1; text-style: bold; }
    """
    HELP_TITLE = "Terminal too small"
    HELP_TEXT = "Every screen needs at least 80 columns and 24 rows. Enlarge the window."

    def compose(self) -> ComposeResult:
        yield Static(size_line(*self.app.size), id="size-needed")

    def on_resize(self) -> None:
        self.query_one("#size-needed", Static).update(size_line(*self.app.size))
