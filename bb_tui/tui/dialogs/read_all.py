"""A long text read in full: read-only, scrolled by keys, escape to go back."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea


class ReadAllScreen(Screen[None]):
    """Shows `text` whole in a read-only editor (it scrolls by line, so size costs little)."""

    # the same path, spelt the same, as the editors' own: the stylesheet is then read once
    CSS_PATH = Path(__file__).parent.parent / "screens" / "participant" / "text.tcss"
    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", id="read_all.back", tooltip="Back to where you were"
        )
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text, style="bold"), id="where")
        area = TextArea(
            self.text,
            read_only=True,
            soft_wrap=False,
            id="read-all-text",
            highlight_cursor_line=False,
        )
        area.cursor_blink = False
        yield area
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
