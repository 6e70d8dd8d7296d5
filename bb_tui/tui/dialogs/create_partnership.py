"""Asked before the first change creates a partnership file in a folder that holds no sessions."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bb_tui.storage.errors import shown_path
from bb_tui.storage.textsafe import clean_text
from bb_tui.tui.widgets.keybar import KeyBar


class CreatePartnershipScreen(ModalScreen[bool]):
    """Create the partnership file here (y), or change nothing (n, esc)."""

    CSS_PATH = "dialogs.tcss"
    HELP_TITLE = "Create a partnership file?"
    HELP_TEXT = (
        "The folder holds no session files, so it may not be the partnership's sessions "
        "folder. Open bb-tui with --sessions DIR to work on the right one."
    )
    BINDINGS = [
        Binding(
            "y",
            "choose(True)",
            "Create",
            id="create_partnership.yes",
            tooltip="Create the partnership file in this folder",
        ),
        Binding(
            "n,escape",
            "choose(False)",
            "Cancel",
            id="create_partnership.no",
            tooltip="Change nothing",
        ),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        folder = clean_text(shown_path(self.path.parent))
        with Vertical(id="dialog"):
            yield Static(
                Text("Create a partnership file here?", style="bold"), classes="dialog-title"
            )
            yield Static(
                Text(
                    f"{folder} holds no session files. Saving this change creates "
                    f"{clean_text(self.path.name)} there. Use --sessions DIR to choose "
                    "the partnership's own folder."
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Create (y)", id="yes", variant="primary")
                yield Button("Cancel (n)", id="no")
        yield KeyBar(show_command_palette=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id == "yes")

    def action_choose(self, choice: bool) -> None:
        self.dismiss(bool(choice))
