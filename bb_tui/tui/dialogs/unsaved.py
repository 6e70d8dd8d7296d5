"""Asked when leaving a session whose changes could not be saved (disk full, read-only...)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bb_tui.storage.textsafe import clean_text
from bb_tui.tui.widgets.keybar import KeyBar


class UnsavedScreen(ModalScreen[str | None]):
    """Retry the save, leave without the unsaved changes, or stay."""

    CSS_PATH = "dialogs.tcss"
    HELP_TITLE = "Unsaved changes"
    HELP_TEXT = (
        "Your latest changes are still only in memory because the file could not be "
        "written. Free some space or fix the folder's permissions, then retry."
    )
    BINDINGS = [
        Binding("r", "choose('retry')", "Retry", id="unsaved.retry", tooltip="Try saving again"),
        Binding(
            "d",
            "choose('discard')",
            "Discard",
            id="unsaved.discard",
            tooltip="Leave without the unsaved changes",
        ),
        Binding("escape", "choose('')", "Stay", id="unsaved.stay", tooltip="Go back and keep them"),
    ]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Text("Your latest changes are not saved", style="bold"), classes="dialog-title"
            )
            yield Static(Text(clean_text(self.problem)))
            with Horizontal(classes="buttons"):
                yield Button("Retry (r)", id="retry", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Stay (esc)", id="stay")
        yield KeyBar(show_command_palette=False)  # this dialog's keys, not the screen's beneath

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id or ""
        self.action_choose("" if choice == "stay" else choice)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
